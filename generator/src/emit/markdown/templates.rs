//! The Markdown templates, compiled into the generator (`include_str!`) so output depends only on
//! the spec and the generator's version, and rendered with minijinja.

use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use crate::error::GenError;

/// Template name and source, for every template in `templates/`.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "README.md",
        include_str!("../../../../templates/README.md.jinja"),
    ),
    ("sdk.md", include_str!("../../../../templates/sdk.md.jinja")),
    (
        "model.md",
        include_str!("../../../../templates/model.md.jinja"),
    ),
    (
        "error.md",
        include_str!("../../../../templates/error.md.jinja"),
    ),
    (
        "error_variants.md",
        include_str!("../../../../templates/error_variants.md.jinja"),
    ),
    (
        "utils/retryconfig.md",
        include_str!("../../../../templates/utils/retryconfig.md.jinja"),
    ),
    (
        "utils/requestoptions.md",
        include_str!("../../../../templates/utils/requestoptions.md.jinja"),
    ),
];

/// Renders templates by name.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Every template, parsed; a template that does not parse is a generator bug, reported.
    pub fn load() -> Result<Self, GenError> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .map_err(|e| template_error(name, e))?;
        }
        Ok(Templates { env })
    }

    /// Renders `name` with `context`, then tidies blank lines outside code blocks.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, GenError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| template_error(name, e))?;
        let text = template
            .render(context)
            .map_err(|e| template_error(name, e))?;
        Ok(tidy(&text))
    }
}

fn template_error(name: &str, error: minijinja::Error) -> GenError {
    GenError::Emit {
        what: format!("template `{name}`"),
        message: format!("{error:#}"),
    }
}

/// At most one blank line in a row outside fences, no trailing spaces, one final newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if line.is_empty() && !in_fence {
            if blank || out.is_empty() {
                continue;
            }
            blank = true;
        } else {
            blank = false;
        }
        if !in_fence && line.starts_with('|') {
            // An empty cell is `| |`, not padded.
            let mut row = line.to_owned();
            while row.contains("|  |") {
                row = row.replace("|  |", "| |");
            }
            out.push_str(&row);
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variant names of the runtime's `pub enum Error`, parsed from its source.
    fn runtime_error_variants() -> Vec<String> {
        let source = crate::runtime_files::FILES
            .iter()
            .find(|(name, _)| *name == "error.rs")
            .map(|(_, source)| *source)
            .expect("the runtime has error.rs");
        let file: syn::File = syn::parse_str(source).expect("runtime/src/error.rs parses");
        file.items
            .iter()
            .find_map(|item| match item {
                syn::Item::Enum(e) if e.ident == "Error" => Some(e),
                _ => None,
            })
            .expect("runtime/src/error.rs declares `enum Error`")
            .variants
            .iter()
            .map(|v| v.ident.to_string())
            .collect()
    }

    /// The variant each row of `error_variants.md` names: its first cell, in backticks.
    fn documented_error_variants() -> Vec<String> {
        let (_, source) = TEMPLATES
            .iter()
            .find(|(name, _)| *name == "error_variants.md")
            .expect("the error-variant rows are a template");
        source
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_owned())
            .collect()
    }

    #[test]
    fn the_docs_list_exactly_the_runtime_error_variants() {
        let runtime = runtime_error_variants();
        let documented = documented_error_variants();
        assert!(runtime.len() > 5, "{runtime:?}");
        let missing: Vec<&String> = runtime.iter().filter(|v| !documented.contains(v)).collect();
        let gone: Vec<&String> = documented.iter().filter(|v| !runtime.contains(v)).collect();
        assert!(
            missing.is_empty() && gone.is_empty(),
            "templates/error_variants.md.jinja does not match runtime/src/error.rs: \
             undocumented variants {missing:?}, documented variants that do not exist {gone:?}"
        );
        assert_eq!(runtime, documented, "the rows follow the enum's order");
    }

    #[test]
    fn every_template_parses() {
        assert!(Templates::load().is_ok());
    }

    #[test]
    fn tidy_keeps_code_blank_lines() {
        assert_eq!(
            tidy("a\n\n\n\nb\n```\nx\n\n\ny\n```\n\n"),
            "a\n\nb\n```\nx\n\n\ny\n```\n"
        );
    }
}
