//! Where each model's page lives and how a type is written, linked, in a Markdown cell.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Field, FieldKind, TypeId, TypeRef};

/// The longest file stem of a model page, in bytes: file systems refuse names over 255.
pub const MAX_STEM: usize = 100;

/// `name` lowercased and cut at a character boundary to at most [`MAX_STEM`] bytes.
fn stem(name: &str) -> String {
    let mut stem = name.to_lowercase();
    let mut end = stem.len().min(MAX_STEM);
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    stem.truncate(end);
    stem
}

/// The file of every model page, relative to `docs/`: `models/shared/company.md`.
#[derive(Debug, Default)]
pub struct ModelPaths {
    paths: BTreeMap<TypeId, String>,
}

impl ModelPaths {
    /// One lowercase file name per type, like the reference, cut to [`MAX_STEM`] bytes; a name
    /// that would collide (two types differing only in case, or in what was cut) keeps a numeric
    /// suffix so every page stays reachable.
    pub fn new(api: &Api) -> Self {
        let mut taken = BTreeSet::new();
        let mut paths = BTreeMap::new();
        for id in api.types.types.keys() {
            let base = format!("models/{}/{}", id.module.as_str(), stem(&id.name));
            let mut path = format!("{base}.md");
            let mut n = 2;
            while !taken.insert(path.clone()) {
                path = format!("{base}-{n}.md");
                n += 1;
            }
            paths.insert(id.clone(), path);
        }
        ModelPaths { paths }
    }

    /// The page of `id`, relative to `docs/`.
    pub fn path(&self, id: &TypeId) -> Option<&str> {
        self.paths.get(id).map(String::as_str)
    }

    /// `[module::Name](prefix + path)`; `prefix` leads from the linking page to `docs/`.
    pub fn link(&self, id: &TypeId, prefix: &str) -> String {
        let label = format!("{}::{}", id.module.as_str(), id.name);
        match self.path(id) {
            Some(path) => format!("[{label}]({prefix}{path})"),
            None => label,
        }
    }

    /// The Rust type of `ty` for a table cell: named types linked, `<` and `>` escaped as HTML.
    pub fn type_cell(&self, ty: &TypeRef, prefix: &str) -> String {
        match ty {
            TypeRef::Named(id) => self.link(id, prefix),
            TypeRef::String => "String".to_owned(),
            TypeRef::I32 => "i32".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::Array(inner) => format!("Vec&lt;{}&gt;", self.type_cell(inner, prefix)),
            TypeRef::Map(inner) => {
                format!("BTreeMap&lt;String, {}&gt;", self.type_cell(inner, prefix))
            }
            TypeRef::Json => "serde_json::Value".to_owned(),
            TypeRef::Bytes => "Bytes".to_owned(),
            TypeRef::Form => "MultipartForm".to_owned(),
        }
    }

    /// The type of a field as declared: `Option` around optional or nullable values.
    pub fn field_cell(&self, field: &Field, prefix: &str) -> String {
        let inner = self.type_cell(&field.ty, prefix);
        match field.kind() {
            FieldKind::Required => inner,
            FieldKind::Optional => format!("Option&lt;{inner}&gt;"),
            FieldKind::TriState => format!("Option&lt;Option&lt;{inner}&gt;&gt;"),
        }
    }
}
