//! The deprecation notice of an operation, one text for the rustdoc, `#[deprecated]` and the
//! Markdown pages, which differ only in how they write the replacement.

use super::Deprecation;

impl Deprecation {
    /// The spec's message on one line (or a stock sentence), then `Use <replacement> instead.`
    /// when the caller can write the replacement: a Rust call in rustdoc, a link in Markdown.
    pub fn notice(&self, replacement: Option<&str>) -> String {
        let mut notice = self
            .message
            .as_deref()
            .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|| "This operation is deprecated.".to_owned());
        if let Some(replacement) = replacement {
            notice.push_str(&format!(" Use {replacement} instead."));
        }
        notice
    }

    /// The replacement as a Rust call, `` `group().method()` ``, for rustdoc.
    pub fn replacement_call(&self) -> Option<String> {
        let (group, method) = self.replacement.as_ref()?;
        Some(format!("`{group}().{method}()`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_the_message_onto_one_line_and_names_the_replacement() {
        let deprecation = Deprecation {
            message: Some("Old.\n   Gone  soon.".to_owned()),
            replacement: Some(("companies".to_owned(), "list".to_owned())),
        };
        assert_eq!(
            deprecation.notice(deprecation.replacement_call().as_deref()),
            "Old. Gone soon. Use `companies().list()` instead."
        );
        let bare = Deprecation {
            message: None,
            replacement: None,
        };
        assert_eq!(bare.notice(None), "This operation is deprecated.");
    }
}
