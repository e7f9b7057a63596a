//! Errors the generator reports: each names the spec file and, where there is one, the JSON pointer of the problem.

use std::path::PathBuf;

/// A problem that stops generation.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// The spec file could not be read.
    #[error("{file}: cannot read the spec: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not YAML or JSON.
    #[error("{file}: not valid YAML or JSON: {}", printable(message))]
    Syntax { file: PathBuf, message: String },
    /// The document is well-formed but says something the generator cannot use.
    #[error("{file}: at {}: {}", printable(pointer), printable(message))]
    Invalid {
        file: PathBuf,
        /// JSON pointer (RFC 6901) of the offending node, e.g. `/paths/~1companies/get`.
        pointer: String,
        message: String,
    },
    /// The crate name or version cannot be used (`--crate-name`, `--crate-version`).
    #[error("{message}")]
    Options { message: String },
    /// The generator produced Rust that does not parse: a generator bug, reported rather than panicked on.
    #[error("internal error: generated code for {what} does not parse: {message}")]
    Emit { what: String, message: String },
}

/// Pointers and messages quote the spec's keys and values, which are printed to a terminal.
fn printable(text: &str) -> String {
    crate::escape::terminal_text(text, MAX_MESSAGE_CHARS)
}

/// Enough for any real pointer or message; a hostile 1 MB key is cut.
const MAX_MESSAGE_CHARS: usize = 2_000;

/// Something the generator worked around; printed, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// JSON pointer of the node concerned.
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "warning: at {}: {}",
            printable(&self.pointer),
            printable(&self.message)
        )
    }
}

#[cfg(test)]
mod tests {
    /// A key with an escape sequence and a right-to-left override, as a YAML escape.
    const HOSTILE_KEY: &str = r"\e[2J\u202Eevil";

    fn assert_printable(text: &str) {
        assert!(
            !text.chars().any(|c| c == '\u{1b}' || c == '\u{202e}'),
            "{text:?}"
        );
        assert!(text.contains("\\u{1b}[2J\\u{202e}evil"), "{text:?}");
    }

    #[test]
    fn warnings_quoting_spec_keys_print_their_control_characters_escaped() {
        let yaml = format!(
            r#"
openapi: 3.1.0
info: {{title: T, version: "1"}}
paths: {{}}
components:
  schemas:
    Thing:
      type: object
      required: ["{HOSTILE_KEY}"]
      properties: {{id: {{type: string}}}}
"#
        );
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), &yaml).unwrap();
        let (_, warnings) = crate::ir::lower(&spec).unwrap();
        let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 1, "{text:?}");
        assert_printable(&text[0]);
    }

    #[test]
    fn errors_quoting_spec_keys_print_their_control_characters_escaped() {
        let yaml = format!(
            r##"
openapi: 3.1.0
info: {{title: T, version: "1"}}
paths: {{}}
components:
  schemas:
    Thing: {{$ref: "#/components/schemas/{HOSTILE_KEY}"}}
"##
        );
        let error = crate::load::load_str(std::path::Path::new("t.yaml"), &yaml).unwrap_err();
        assert_printable(&error.to_string());
        let long = super::GenError::Invalid {
            file: "t.yaml".into(),
            pointer: "/".repeat(100_000),
            message: String::new(),
        };
        assert!(long.to_string().len() < 3_000);
    }
}
