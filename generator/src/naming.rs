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
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// Enum variant name for a spec value; same rules as [`type_name`], `Self` excepted.
pub fn variant_name(value: &str) -> String {
    let name = type_name(value);
    match name.as_str() {
        "SelfType" => "SelfValue".to_owned(),
        _ => name,
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
    words(group)
        .split_whitespace()
        .collect::<String>()
        .to_lowercase()
}

/// Hands out names unique within one scope by appending `2`, `3`, ... to repeats.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
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
        assert_eq!(variant_name("PendingAuth"), "PendingAuth");
        assert_eq!(variant_name("pending_auth"), "PendingAuth");
        assert_eq!(variant_name("read.completed"), "ReadCompleted");
    }

    #[test]
    fn docs_folders() {
        assert_eq!(docs_folder("Connection management"), "connectionmanagement");
        assert_eq!(docs_folder("refresh_data"), "refreshdata");
        assert_eq!(docs_folder("Companies"), "companies");
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
}
