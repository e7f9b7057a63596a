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
    #[error("{file}: not valid YAML or JSON: {message}")]
    Syntax { file: PathBuf, message: String },
    /// The document is well-formed but says something the generator cannot use.
    #[error("{file}: at {pointer}: {message}")]
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

/// Something the generator worked around; printed, never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// JSON pointer of the node concerned.
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warning: at {}: {}", self.pointer, self.message)
    }
}
