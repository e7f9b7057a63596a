//! String enums: open, with an `Unknown(String)` catch-all for values added later.

use std::collections::BTreeSet;

use openapiv3::Schema;

use super::{docs_of, NameHint, SchemaLowering};
use crate::ir::{EnumDef, EnumVariant, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, UniqueNames};

impl SchemaLowering<'_> {
    pub(super) fn string_enum(
        &mut self,
        schema: &Schema,
        values: &[String],
        hint: &NameHint,
        pointer: &str,
        is_component: bool,
    ) -> TypeRef {
        let id = self.claim_name(hint, is_component, schema);
        let mut variant_names = UniqueNames::default();
        // `Unknown(String)` is the catch-all for values this SDK version does not know.
        variant_names.reserve("Unknown");
        let mut seen = BTreeSet::new();
        let variants = values
            .iter()
            .filter(|v| seen.insert(v.as_str()))
            .map(|value| {
                let mut name = naming::variant_name(value);
                if name == "Unknown" {
                    name = "UnknownValue".to_owned();
                }
                EnumVariant {
                    rust_name: variant_names.claim(&name),
                    value: value.clone(),
                }
            })
            .collect();
        self.insert(TypeDef {
            id: id.clone(),
            docs: docs_of(schema),
            kind: TypeKind::Enum(EnumDef { variants }),
            pointer: pointer.to_owned(),
            deprecated: schema.schema_data.deprecated,
        });
        TypeRef::Named(id)
    }
}
