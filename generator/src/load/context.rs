//! State shared by the load stages: the file name, the warnings so far, and where each rewritten
//! node came from, so errors and warnings name a pointer into the document as written.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::pointer::to_pointer;
use crate::error::{GenError, Warning};

/// Load-stage state.
pub(crate) struct Ctx {
    file: PathBuf,
    /// The document as parsed, before any rewrite: naming reads it.
    pub(crate) original: Value,
    /// `(new location, old location)` for every subtree a stage moved or copied, oldest first.
    moves: Vec<(Vec<String>, Vec<String>)>,
    warnings: Vec<Warning>,
    /// Where other files are embedded (see [`super::files`]), and how messages name them.
    origins: Vec<(Vec<String>, PathBuf)>,
}

impl Ctx {
    pub(crate) fn new(file: &Path, original: Value) -> Self {
        Ctx {
            file: file.to_path_buf(),
            original,
            moves: Vec::new(),
            warnings: Vec::new(),
            origins: Vec::new(),
        }
    }

    /// Notes that the subtree now at `new` came from `old`.
    pub(crate) fn record_move(&mut self, new: &[String], old: &[String]) {
        if new != old {
            self.moves.push((new.to_vec(), old.to_vec()));
        }
    }

    /// Where the node now at `tokens` was in the document as written.
    pub(crate) fn original_tokens(&self, tokens: &[String]) -> Vec<String> {
        let mut current = tokens.to_vec();
        for (new, old) in self.moves.iter().rev() {
            if current.starts_with(new) {
                let mut mapped = old.clone();
                mapped.extend_from_slice(&current[new.len()..]);
                current = mapped;
            }
        }
        current
    }

    /// [`Ctx::original_tokens`] as a JSON pointer.
    pub(crate) fn original_pointer(&self, tokens: &[String]) -> String {
        to_pointer(&self.original_tokens(tokens))
    }

    /// Notes that the file `file` is embedded at `at`.
    pub(crate) fn add_origin(&mut self, at: &[String], file: &Path) {
        self.origins.push((at.to_vec(), file.to_path_buf()));
    }

    /// The file the node now at `tokens` was written in, and its pointer there.
    fn locate(&self, tokens: &[String]) -> (Option<&Path>, String) {
        let original = self.original_tokens(tokens);
        for (at, file) in &self.origins {
            if let Some(rest) = original.strip_prefix(at.as_slice()) {
                return (Some(file), to_pointer(rest));
            }
        }
        (None, to_pointer(&original))
    }

    /// An error about the node now at `tokens`.
    pub(crate) fn invalid(&self, tokens: &[String], message: impl Into<String>) -> GenError {
        let (file, pointer) = self.locate(tokens);
        GenError::Invalid {
            file: file.unwrap_or(&self.file).to_path_buf(),
            pointer,
            message: message.into(),
        }
    }

    /// A warning about the node now at `tokens`; the same warning twice (a definition copied to
    /// several places) is kept once.
    pub(crate) fn warn(&mut self, tokens: &[String], message: impl Into<String>) {
        // A node from another file is named `file#pointer`.
        let pointer = match self.locate(tokens) {
            (Some(file), pointer) => format!("{}#{pointer}", file.display()),
            (None, pointer) => pointer,
        };
        let warning = Warning {
            pointer,
            message: message.into(),
        };
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    pub(crate) fn into_warnings(self) -> Vec<Warning> {
        self.warnings
    }
}
