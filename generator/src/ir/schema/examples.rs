//! Example sites of schemas: `example`, the entries of a 3.1 `examples` list, and the examples
//! of union members that are never lowered on their own.

use openapiv3::{ReferenceOr, Schema};

use super::{Lowered, SchemaLowering};
use crate::ir::{ExampleSite, TypeRef};
use crate::load::own_list_entries;

impl SchemaLowering<'_> {
    /// Records `example` of a schema, and every entry of its 3.1 `examples` list, as sites the
    /// round-trip test checks. The loader copied the list's first entry into `example` when there
    /// was none; that entry is checked once.
    pub(super) fn note_example(&mut self, schema: &Schema, lowered: &Lowered, pointer: &str) {
        let example = schema.schema_data.example.as_ref();
        let mut site = |pointer: String| {
            self.examples.push(ExampleSite {
                pointer,
                ty: lowered.ty.clone(),
                nullable: lowered.nullable,
            })
        };
        if example.is_some() {
            site(format!("{pointer}/example"));
        }
        if let Some(list) = self.spec.extras.examples_list(pointer) {
            for index in own_list_entries(example, list) {
                site(format!("{pointer}/examples/{index}"));
            }
        }
    }

    /// Records the `example` of each member of a union lowered as one type `ty` (the members
    /// are never lowered on their own, so their examples belong to it).
    pub(super) fn note_member_examples(
        &mut self,
        members: &[ReferenceOr<Schema>],
        members_pointer: &str,
        ty: &TypeRef,
        nullable: bool,
    ) {
        for (index, member) in members.iter().enumerate() {
            let pointer = format!("{members_pointer}/{index}/example");
            // openapiv3 reads `example: null` as none; the loader noted it.
            let has_example = member
                .as_item()
                .is_some_and(|s| s.schema_data.example.is_some())
                || self.spec.extras.is_null_example(&pointer);
            if has_example {
                self.examples.push(ExampleSite {
                    pointer,
                    ty: ty.clone(),
                    nullable,
                });
            }
        }
    }
}
