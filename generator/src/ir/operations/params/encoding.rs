//! How a parameter is serialized: its style and `explode` (with the location's defaults), or
//! JSON for `content` parameters and for types the style cannot render.

use openapiv3::{CookieStyle, HeaderStyle, Parameter, PathStyle, QueryStyle};

use crate::ir::{ParamEncoding, ParamLocation, ParamStyle, TypeKind, TypeRef, TypeSpace};

/// The shapes a value of a type can take, as the styles tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shapes(u8);

impl Shapes {
    const PRIMITIVE: Shapes = Shapes(1);
    /// A list of primitives.
    const LIST: Shapes = Shapes(2);
    /// An object whose values are primitives.
    const OBJECT: Shapes = Shapes(4);
    const NESTED_LIST: Shapes = Shapes(8);
    const NESTED_OBJECT: Shapes = Shapes(16);
    /// Any JSON value: only known when sent, rendered as it comes.
    const ANY: Shapes = Shapes(32);

    fn union(self, other: Shapes) -> Shapes {
        Shapes(self.0 | other.0)
    }

    fn within(self, allowed: Shapes) -> bool {
        self.0 & !allowed.0 == 0
    }
}

/// Unions of unions deeper than this are treated as any value (the spec's cycles are reported
/// elsewhere; this only bounds the walk).
const MAX_DEPTH: usize = 32;

fn shapes(ty: &TypeRef, types: &TypeSpace, depth: usize) -> Shapes {
    if depth > MAX_DEPTH {
        return Shapes::ANY;
    }
    match ty {
        TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool => {
            Shapes::PRIMITIVE
        }
        TypeRef::Json => Shapes::ANY,
        TypeRef::Array(items) if primitive(items, types, depth + 1) => Shapes::LIST,
        TypeRef::Array(_) => Shapes::NESTED_LIST,
        TypeRef::Map(values) if primitive(values, types, depth + 1) => Shapes::OBJECT,
        TypeRef::Map(_) | TypeRef::Bytes | TypeRef::Form => Shapes::NESTED_OBJECT,
        TypeRef::Named(id) => match types.get(id).map(|def| &def.kind) {
            Some(TypeKind::Enum(_)) => Shapes::PRIMITIVE,
            Some(TypeKind::Struct(def)) => {
                let flat = def
                    .fields
                    .iter()
                    .all(|f| primitive(&f.ty, types, depth + 1))
                    && def
                        .additional
                        .as_ref()
                        .map_or(true, |values| primitive(values, types, depth + 1));
                if flat {
                    Shapes::OBJECT
                } else {
                    Shapes::NESTED_OBJECT
                }
            }
            Some(TypeKind::Union(variants)) => variants.iter().fold(Shapes(0), |all, v| {
                all.union(shapes(&v.ty, types, depth + 1))
            }),
            Some(TypeKind::Newtype(inner)) => shapes(inner, types, depth + 1),
            None => Shapes::ANY,
        },
    }
}

/// Whether every value of `ty` is a primitive (string, number, boolean, enum value).
fn primitive(ty: &TypeRef, types: &TypeSpace, depth: usize) -> bool {
    match ty {
        TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool => true,
        TypeRef::Named(id) => match types.get(id).map(|def| &def.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Union(variants)) => {
                depth <= MAX_DEPTH && variants.iter().all(|v| primitive(&v.ty, types, depth + 1))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether every value of `ty` is a primitive.
pub(super) fn is_primitive(ty: &TypeRef, types: &TypeSpace) -> bool {
    primitive(ty, types, 0)
}

/// What the runtime's plain `query` / `header_param` / `path_param` take: a primitive or enum
/// (through `Display` / `QueryParam`), and in a query or header a list of them.
fn plain_type(ty: &TypeRef, location: ParamLocation, types: &TypeSpace) -> bool {
    let scalar = |ty: &TypeRef| match ty {
        TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Bool => true,
        TypeRef::Named(id) => matches!(types.get(id).map(|d| &d.kind), Some(TypeKind::Enum(_))),
        _ => false,
    };
    match (ty, location) {
        (TypeRef::Array(items), ParamLocation::Query | ParamLocation::Header) => scalar(items),
        (ty, ParamLocation::Query | ParamLocation::Header | ParamLocation::Path) => scalar(ty),
        (_, ParamLocation::Cookie) => false,
    }
}

/// The parameter's style and `allowReserved`, from the spec (each location's default when
/// absent).
pub(super) fn declared_style(param: &Parameter) -> (ParamStyle, bool) {
    match param {
        Parameter::Query {
            style,
            allow_reserved,
            ..
        } => {
            let style = match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            (style, *allow_reserved)
        }
        Parameter::Path { style, .. } => {
            let style = match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            };
            (style, false)
        }
        Parameter::Header {
            style: HeaderStyle::Simple,
            ..
        } => (ParamStyle::Simple, false),
        Parameter::Cookie {
            style: CookieStyle::Form,
            ..
        } => (ParamStyle::Form, false),
    }
}

/// Why a style was not used: the value is sent as JSON instead.
pub(super) struct Unrenderable {
    pub style: ParamStyle,
}

/// The encoding of a parameter sent by a style: `Plain` where the runtime's default rendering
/// is exactly the style's, else `Styled`; `Json` (with the reason, for a warning) when some
/// value of the type has no rendering in the style.
pub(super) fn styled_encoding(
    param: &Parameter,
    location: ParamLocation,
    ty: &TypeRef,
    types: &TypeSpace,
) -> Result<ParamEncoding, Unrenderable> {
    let (style, allow_reserved) = declared_style(param);
    // `explode` defaults to true for `form` only.
    let explode = param
        .parameter_data_ref()
        .explode
        .unwrap_or(style == ParamStyle::Form);
    let allowed = match style {
        ParamStyle::DeepObject => Shapes::OBJECT
            .union(Shapes::NESTED_OBJECT)
            .union(Shapes::ANY),
        _ => Shapes::PRIMITIVE
            .union(Shapes::LIST)
            .union(Shapes::OBJECT)
            .union(Shapes::ANY),
    };
    if !shapes(ty, types, 0).within(allowed) {
        return Err(Unrenderable { style });
    }
    let default_style = match location {
        ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
        ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
    };
    let default = style == default_style && explode == (style == ParamStyle::Form);
    if default && !allow_reserved && plain_type(ty, location, types) {
        return Ok(ParamEncoding::Plain);
    }
    Ok(ParamEncoding::Styled {
        style,
        explode,
        allow_reserved,
    })
}

/// Whether a `content` media type is JSON (`application/json`, `application/*+json`).
pub(super) fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use crate::ir::{ParamEncoding, ParamLocation, ParamStyle};

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /things/{id}/{tags}:
    get:
      operationId: get-thing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: tags, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
        - {name: page, in: query, schema: {type: integer}}
        - {name: ids, in: query, schema: {type: array, items: {type: integer}}}
        - {name: csv, in: query, explode: false, schema: {type: array, items: {type: integer}}}
        - {name: raw, in: query, allowReserved: true, schema: {type: string}}
        - name: filter
          in: query
          style: deepObject
          explode: true
          schema: {type: object, properties: {a: {type: object, properties: {b: {type: string}}}}}
        - name: mixed
          in: query
          style: deepObject
          schema: {oneOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}
        - name: nested
          in: query
          schema: {type: array, items: {type: array, items: {type: string}}}
        - {name: where, in: query, content: {application/json: {schema: {type: object}}}}
        - {name: X-Rgb, in: header, explode: true, schema: {type: object, properties: {r: {type: integer}}}}
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        '204': {description: done}
"#;

    fn lowered() -> (crate::ir::Api, Vec<crate::error::Warning>) {
        let spec = crate::load::load_str(std::path::Path::new("test.yaml"), SPEC).unwrap();
        crate::ir::lower(&spec).unwrap()
    }

    fn styled(style: ParamStyle, explode: bool) -> ParamEncoding {
        ParamEncoding::Styled {
            style,
            explode,
            allow_reserved: false,
        }
    }

    #[test]
    fn each_parameter_gets_its_style_explode_and_location() {
        let (api, _) = lowered();
        let op = &api.groups[0].operations[0];
        let encoding = |name: &str| {
            let param = op
                .params
                .iter()
                .find(|p| p.field.wire_name == name)
                .unwrap();
            (param.location, param.encoding)
        };
        use ParamLocation::*;
        assert_eq!(encoding("id"), (Path, ParamEncoding::Plain));
        assert_eq!(encoding("tags"), (Path, styled(ParamStyle::Label, false)));
        assert_eq!(encoding("page"), (Query, ParamEncoding::Plain));
        assert_eq!(encoding("ids"), (Query, ParamEncoding::Plain));
        assert_eq!(encoding("csv"), (Query, styled(ParamStyle::Form, false)));
        assert_eq!(
            encoding("raw"),
            (
                Query,
                ParamEncoding::Styled {
                    style: ParamStyle::Form,
                    explode: true,
                    allow_reserved: true
                }
            )
        );
        assert_eq!(
            encoding("filter"),
            (Query, styled(ParamStyle::DeepObject, true))
        );
        assert_eq!(encoding("mixed"), (Query, ParamEncoding::Json));
        assert_eq!(encoding("nested"), (Query, ParamEncoding::Json));
        assert_eq!(encoding("where"), (Query, ParamEncoding::Json));
        assert_eq!(
            encoding("X-Rgb"),
            (Header, styled(ParamStyle::Simple, true))
        );
        assert_eq!(
            encoding("session"),
            (Cookie, styled(ParamStyle::Form, true))
        );
    }

    #[test]
    fn a_type_the_style_cannot_render_warns_naming_the_parameter() {
        let (_, warnings) = lowered();
        let about = |pointer: &str| {
            warnings
                .iter()
                .find(|w| w.pointer == pointer)
                .map(|w| w.message.clone())
        };
        let mixed = about("/paths/~1things~1{id}~1{tags}/get/parameters/7").unwrap();
        assert!(
            mixed.contains("`mixed`") && mixed.contains("deepObject"),
            "{mixed}"
        );
        assert!(mixed.contains("JSON is sent"), "{mixed}");
        assert!(about("/paths/~1things~1{id}~1{tags}/get/parameters/8").is_some());
        // JSON `content` is what the spec asks for: no warning.
        assert_eq!(
            about("/paths/~1things~1{id}~1{tags}/get/parameters/9"),
            None
        );
    }

    #[test]
    fn json_media_types() {
        assert!(super::is_json_media_type("application/json"));
        assert!(super::is_json_media_type("Application/JSON; charset=utf-8"));
        assert!(super::is_json_media_type("application/vnd.api+json"));
        assert!(!super::is_json_media_type("text/plain"));
    }
}
