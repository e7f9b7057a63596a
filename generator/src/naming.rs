//! Every Rust identifier the generator emits is made here: case conversion, keyword escaping,
//! identifiers that cannot start with a digit, collision suffixes, and Speakeasy's name overrides.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict and reserved-for-future) that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names that would shadow the prelude or std types the generated code relies on.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self", "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Default",
];

/// Names no type of `models::shared` may take: the credential type the emitter adds there, and
/// the items `models::errors` declares beside its re-export of the error model (`pub use
/// shared::Error` would clash with `pub type Error`, E0255).
pub const RESERVED_MODEL_NAMES: &[&str] = &["Security", "Error", "ApiErrorResponse", "RawResponse"];

/// Whether `name` is a Rust keyword (strict or reserved), unusable as a plain identifier.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Group accessors are methods of the client (and the module and cargo feature of the group):
/// they must not take the client's own method names or the crate's own features, nor the name
/// of `groups` itself (clippy's `module_inception`).
const RESERVED_GROUP_MODULES: &[&str] = &[
    "groups",
    "new",
    "builder",
    "defaults",
    "runtime_client",
    "from_async",
    "from",
    "clone",
    "fmt",
    "default",
    "blocking",
];

/// Names in scope where a group's type is declared (its own file, `groups/mod.rs`, `blocking.rs`).
const RESERVED_GROUP_TYPES: &[&str] = &[
    "Client",
    "Method",
    "Request",
    "RequestOptions",
    "Future",
    "Error",
    "Runtime",
];

/// Methods every group handle has, and the suffix paged operations add.
const RESERVED_GROUP_METHODS: &[&str] = &["new", "with_options"];

/// What pagination adds to a method name for its stream (`list` -> `list_stream`).
pub const STREAM_SUFFIX: &str = "_stream";

/// Names that clash with the root of the generated crate (`lib.rs` re-exports and modules).
const RESERVED_CLIENT_TYPES: &[&str] = &["Error"];

/// The names of one group (sub-client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupNames {
    /// Accessor method and module (`connection_management`); also its feature.
    pub module: String,
    /// The sub-client type (`ConnectionManagement`).
    pub type_name: String,
    /// Folder of its docs page (`connectionmanagement`).
    pub docs_folder: String,
}

/// Names for groups given by their spec names, in the order given: unique among the groups
/// (`Foo Bar` and `foo-bar` do not share a module) and clear of the crate's own items.
pub fn group_names<'a>(spec_names: impl IntoIterator<Item = &'a str>) -> Vec<GroupNames> {
    let mut modules = UniqueNames::with_reserved(RESERVED_GROUP_MODULES);
    let mut types = UniqueNames::with_reserved(RESERVED_GROUP_TYPES);
    let mut folders = UniqueNames::default();
    spec_names
        .into_iter()
        .map(|name| GroupNames {
            module: modules.claim(capped(&snake_name(name))),
            type_name: types.claim(capped(&type_name(name))),
            docs_folder: folders.claim(capped(&docs_folder(name))),
        })
        .collect()
}

/// The longest group module or docs folder name, in bytes, before a collision suffix: they
/// name files and directories, and file systems refuse names over 255 bytes.
pub const MAX_GROUP_NAME: usize = 100;

/// `name` cut to [`MAX_GROUP_NAME`] bytes at a character boundary.
fn capped(name: &str) -> &str {
    let mut end = name.len().min(MAX_GROUP_NAME);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Method names within one group: unique, clear of the handle's own methods and of the
/// `_stream` twin each method may get.
#[derive(Debug)]
pub struct MethodNames {
    names: UniqueNames,
}

impl Default for MethodNames {
    fn default() -> Self {
        MethodNames {
            names: UniqueNames::with_reserved(RESERVED_GROUP_METHODS),
        }
    }
}

impl MethodNames {
    /// A free method name for `wanted` (already snake_case); its stream twin is reserved too.
    pub fn claim(&mut self, wanted: &str) -> String {
        let mut n = 1;
        loop {
            let candidate = match n {
                1 => wanted.to_owned(),
                n => format!("{wanted}{n}"),
            };
            let stream = format!("{candidate}{STREAM_SUFFIX}");
            if !self.names.is_taken(&candidate) && !self.names.is_taken(&stream) {
                self.names.reserve(&candidate);
                self.names.reserve(&stream);
                return candidate;
            }
            n += 1;
        }
    }
}

/// The client type for a crate name (`codat-platform` -> `CodatPlatform`), clear of the
/// crate's root items and of the group types declared beside it in `blocking.rs`.
pub fn client_type_name<'a>(
    crate_name: &str,
    group_types: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut names = UniqueNames::with_reserved(RESERVED_CLIENT_TYPES);
    for taken in group_types {
        names.reserve(taken);
    }
    let base = type_name(crate_name);
    if names.is_taken(&base) {
        return names.claim(&format!("{base}Client"));
    }
    base
}

/// Cargo features the manifest declares itself, which no group's feature may take.
pub const RESERVED_FEATURES: &[&str] = &["default", "blocking"];

/// The spec name of the group holding the operations that name neither a tag nor an
/// `x-speakeasy-group`: the API's title, less a trailing `API` (`Pets API` -> `Pets`), or `API`.
///
/// Speakeasy and others put such operations on the client itself; here they get a group of
/// their own so they are feature-gated, mirrored in `blocking` and documented like every other
/// operation, with no second code path in each emitter, and the accessor reads as the API
/// (`client.pets().list_pets()`). The old fixed name, `default`, is cargo's own feature; a tag
/// equal to the title shares the group.
pub fn untagged_group(title: &str) -> String {
    let text = words(title);
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 1 && words.last().is_some_and(|w| w.eq_ignore_ascii_case("api")) {
        words.pop();
    }
    if words.is_empty() {
        return "API".to_owned();
    }
    // A title may be megabytes long; the group's name is printed in every page that names it.
    capped(&words.join(" ")).trim_end().to_owned()
}

/// The cargo feature of a group module: kebab case (`connection-management`), a leading
/// underscore kept (`_1st`: a feature cannot start with `-`).
pub fn feature_name(module: &str) -> String {
    let rest = module.trim_start_matches('_');
    let leading = &module[..module.len() - rest.len()];
    format!("{leading}{}", rest.replace('_', "-"))
}

/// Replaces everything that cannot appear in an identifier with a word break, so heck sees words.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `UpperCamelCase` type name: `apiKeyDetails` -> `ApiKeyDetails`, `5XX` -> `V5xx`.
pub fn type_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) || PRELUDE_TRAITS.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// The type name a schema's `title` gives it (`Dataset status` -> `DatasetStatus`), or `None`
/// when the title says nothing a type name could use: empty, or a generic word such as `Data`,
/// `Object` or `Response` (the location's name is clearer then).
pub fn title_type_name(title: &str) -> Option<String> {
    let plain = words(title).to_upper_camel_case();
    if plain.is_empty() || GENERIC_TITLES.contains(&plain.as_str()) {
        return None;
    }
    Some(type_name(title))
}

/// Titles too generic to name a type by themselves.
const GENERIC_TITLES: &[&str] = &[
    "Array",
    "Body",
    "Boolean",
    "Data",
    "Empty",
    "Enum",
    "Integer",
    "Item",
    "Items",
    "List",
    "Map",
    "Model",
    "Number",
    "Object",
    "Request",
    "RequestBody",
    "Response",
    "ResponseBody",
    "Result",
    "Schema",
    "String",
    "Type",
    "Untitled",
    "Value",
    "Values",
];

/// Prelude traits the generated modules name unqualified (`impl Into<String>`, `impl From<..>`):
/// a type of that name would shadow them. Variants live in their enum and may take them.
const PRELUDE_TRAITS: &[&str] = &["From", "Into", "Send", "Sync", "Sized", "Clone", "Copy"];

/// Enum variant name for a spec value; same rules as [`type_name`], `Self` excepted.
pub fn variant_name(value: &str) -> String {
    let name = type_name(value);
    match name.as_str() {
        "SelfType" => "SelfValue".to_owned(),
        _ => match name.strip_suffix("Type") {
            Some(base) if PRELUDE_TRAITS.contains(&base) => base.to_owned(),
            _ => name,
        },
    }
}

/// `snake_case` field, method or module name; keywords get a trailing underscore (`type_`).
pub fn snake_name(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Folder name of a group's docs, as the reference lays them out: `Connection management` -> `connectionmanagement`.
pub fn docs_folder(group: &str) -> String {
    let folder = words(group)
        .split_whitespace()
        .collect::<String>()
        .to_lowercase();
    if folder.is_empty() {
        "group".to_owned()
    } else {
        folder
    }
}

/// Hands out names unique within one scope by appending `2`, `3`, ... to repeats.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    /// A scope where `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        UniqueNames {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Whether `name` is already used.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Marks a name as used without renaming it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Returns `name`, or `name2`, `name3`, ... whichever is free first, and marks it taken.
    pub fn claim(&mut self, name: &str) -> String {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// The root `x-speakeasy-name-override` list: operationId regexes mapped to method names.
#[derive(Debug, Default)]
pub struct NameOverrides {
    rules: Vec<(regex::Regex, String)>,
}

impl NameOverrides {
    /// Builds the rule list; `pointer_of(i)` names the rule for error messages.
    pub fn new(rules: Vec<(regex::Regex, String)>) -> Self {
        Self { rules }
    }

    /// The method name Speakeasy would give `operation_id`: the last matching rule wins, as later
    /// rules in Codat's list are the more specific ones (`^get-.*?` then `^get-.*?-attachment`).
    pub fn method_for(&self, operation_id: &str) -> Option<&str> {
        self.rules
            .iter()
            .rev()
            .find(|(pattern, _)| pattern.is_match(operation_id))
            .map(|(_, name)| name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let cases = [
            ("apiKeyDetails", "ApiKeyDetails"),
            ("ApiKeyDetails", "ApiKeyDetails"),
            ("company.created", "CompanyCreated"),
            ("5XX", "V5xx"),
            ("1099", "V1099"),
            ("", "Empty"),
            ("Self", "SelfType"),
            ("Option", "OptionType"),
            ("Result", "ResultType"),
            ("Into", "IntoType"),
            ("from", "FromType"),
            ("$type", "Type"),
            ("Connection management", "ConnectionManagement"),
            ("ISO-4217", "Iso4217"),
        ];
        for (raw, expected) in cases {
            assert_eq!(type_name(raw), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn snake_names() {
        let cases = [
            ("companyId", "company_id"),
            ("pageSize", "page_size"),
            ("type", "type_"),
            ("self", "self_"),
            ("async", "async_"),
            ("_links", "links"),
            ("$ref", "ref_"),
            ("get-access-token", "get_access_token"),
            ("2fa", "_2fa"),
            ("", "value"),
            ("Connection management", "connection_management"),
            ("modifiedDate", "modified_date"),
        ];
        for (raw, expected) in cases {
            assert_eq!(snake_name(raw), expected, "snake_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("Self"), "SelfValue");
        assert_eq!(variant_name("from"), "From");
        assert_eq!(variant_name("PendingAuth"), "PendingAuth");
        assert_eq!(variant_name("pending_auth"), "PendingAuth");
        assert_eq!(variant_name("read.completed"), "ReadCompleted");
    }

    #[test]
    fn docs_folders() {
        assert_eq!(docs_folder("Connection management"), "connectionmanagement");
        assert_eq!(docs_folder("refresh_data"), "refreshdata");
        assert_eq!(docs_folder("Companies"), "companies");
        assert_eq!(docs_folder("!!"), "group");
    }

    #[test]
    fn unique_names_add_suffixes() {
        let mut names = UniqueNames::default();
        names.reserve("Company");
        assert_eq!(names.claim("Company"), "Company2");
        assert_eq!(names.claim("Company"), "Company3");
        assert_eq!(names.claim("Connection"), "Connection");
    }

    #[test]
    fn group_names_are_unique_and_clear_of_the_crate() {
        let long = "Group".repeat(100);
        let cut = group_names([long.as_str(), long.as_str()]);
        assert_eq!(cut[0].module.len(), MAX_GROUP_NAME);
        assert_eq!(cut[1].module, format!("{}2", cut[0].module));
        assert_eq!(cut[1].docs_folder.len(), MAX_GROUP_NAME + 1);
        let names = group_names([
            "Foo Bar",
            "foo-bar",
            "default",
            "blocking",
            "client",
            "Client",
            "1st",
            "new",
            "Error",
            "Companies",
        ]);
        let got: Vec<(&str, &str, &str)> = names
            .iter()
            .map(|n| {
                (
                    n.module.as_str(),
                    n.type_name.as_str(),
                    n.docs_folder.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("foo_bar", "FooBar", "foobar"),
                ("foo_bar2", "FooBar2", "foobar2"),
                ("default2", "DefaultType", "default"),
                ("blocking2", "Blocking", "blocking"),
                ("client", "Client2", "client"),
                ("client2", "Client3", "client2"),
                ("_1st", "V1st", "1st"),
                ("new2", "New", "new"),
                ("error", "Error2", "error"),
                ("companies", "Companies", "companies"),
            ]
        );
    }

    #[test]
    fn untagged_groups_are_named_after_the_title() {
        let cases = [
            ("Pets API", "Pets"),
            (
                "Swagger Petstore - OpenAPI 3.0",
                "Swagger Petstore OpenAPI 3 0",
            ),
            ("API", "API"),
            ("my-api", "my"),
            ("", "API"),
            ("!!! ???", "API"),
            ("Données", "Donn es"),
        ];
        for (title, expected) in cases {
            assert_eq!(untagged_group(title), expected, "untagged_group({title:?})");
        }
        assert_eq!(untagged_group(&"T ".repeat(1000)).len(), MAX_GROUP_NAME - 1);
        let names = group_names([untagged_group("Default").as_str(), "groups"]);
        assert_eq!(names[0].module, "default2");
        assert_eq!(names[1].module, "groups2");
    }

    #[test]
    fn feature_names() {
        let cases = [
            ("connection_management", "connection-management"),
            ("_1st", "_1st"),
            ("type_", "type-"),
            ("default2", "default2"),
        ];
        for (module, expected) in cases {
            assert_eq!(feature_name(module), expected, "feature_name({module:?})");
        }
    }

    #[test]
    fn method_names_avoid_the_handle_and_stream_twins() {
        let mut names = MethodNames::default();
        assert_eq!(names.claim("list"), "list");
        assert_eq!(names.claim("list_stream"), "list_stream2");
        assert_eq!(names.claim("list"), "list2");
        assert_eq!(names.claim("new"), "new2");
        assert_eq!(names.claim("with_options"), "with_options2");
        assert_eq!(names.claim("get"), "get");
    }

    #[test]
    fn client_type_names() {
        assert_eq!(
            client_type_name("codat-platform", ["Companies"]),
            "CodatPlatform"
        );
        assert_eq!(client_type_name("error", []), "ErrorClient");
        assert_eq!(
            client_type_name("codat-platform", ["CodatPlatform"]),
            "CodatPlatformClient"
        );
        assert_eq!(
            client_type_name("codat-platform", ["CodatPlatform", "CodatPlatformClient"]),
            "CodatPlatformClient2"
        );
    }

    #[test]
    fn overrides_last_matching_rule_wins() {
        let rule = |p: &str, n: &str| (regex::Regex::new(p).unwrap(), n.to_owned());
        let overrides = NameOverrides::new(vec![
            rule("^list-.*?", "list"),
            rule("^get-.*?", "get"),
            rule("^get-create-.*?-model", "get-create-model"),
            rule("^get-.*?-attachment", "get-attachment"),
        ]);
        assert_eq!(overrides.method_for("list-companies"), Some("list"));
        assert_eq!(overrides.method_for("get-company"), Some("get"));
        assert_eq!(
            overrides.method_for("get-create-invoices-model"),
            Some("get-create-model")
        );
        assert_eq!(
            overrides.method_for("get-invoice-attachment"),
            Some("get-attachment")
        );
        assert_eq!(overrides.method_for("refresh-company-data"), None);
    }

    #[test]
    fn title_type_names() {
        assert_eq!(
            title_type_name("Dataset status").as_deref(),
            Some("DatasetStatus")
        );
        assert_eq!(
            title_type_name("Source account (v1)").as_deref(),
            Some("SourceAccountV1")
        );
        assert_eq!(title_type_name("Option").as_deref(), Some("OptionType"));
        for generic in [
            "",
            "  ",
            "Data",
            "data",
            "Response body",
            "object",
            "(untitled)",
        ] {
            assert_eq!(title_type_name(generic), None, "{generic:?}");
        }
    }
}
