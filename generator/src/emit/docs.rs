//! Spec Markdown made safe for rustdoc: one `#[doc]` attribute per line (so prettyplease prints
//! `///`), no code fences rustdoc would compile as Rust, bare URLs linked, and brackets that are
//! not links escaped so they are not read as intra-doc links.

use std::sync::LazyLock;

use proc_macro2::TokenStream;
use quote::quote;
use regex::Regex;

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(^|[\s(])(https?://[^\s<>()\[\]"'`]*[^\s<>()\[\]"'`.,;:!?])"#).unwrap()
});

/// Rewrites spec Markdown into lines rustdoc accepts without warnings and renders as intended.
pub fn rustdoc_lines(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    // Width of the marker of the list item the previous line belonged to, if any.
    let mut list_indent: Option<usize> = None;
    for raw in markdown.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            // An unlabelled fence would be compiled as a Rust doctest.
            if !in_fence && lang.trim().is_empty() {
                lines.push("```text".to_owned());
            } else if !in_fence && !matches!(lang.trim(), "rust" | "text") {
                lines.push(format!("```{}", lang.trim()));
            } else {
                lines.push("```".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_owned());
            continue;
        }
        // Four leading spaces would start an indented code block, which rustdoc also compiles.
        let mut indent = (line.len() - trimmed.len()).min(3);
        if trimmed.is_empty() {
            list_indent = None;
        } else if let Some(marker) = list_marker_width(trimmed) {
            list_indent = Some(indent + marker);
        } else if let Some(width) = list_indent {
            // A lazy continuation line: indent it under its list item, which is what it means.
            indent = indent.max(width);
        }
        let text = escape_text(trimmed);
        lines.push(format!("{}{}", " ".repeat(indent), text));
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// The width of a list marker (`- `, `* `, `12. `) that starts `line`, if one does.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Escapes what rustdoc would misread in running text.
fn escape_text(text: &str) -> String {
    // Most lines need nothing; they skip the character scan and the URL regex.
    if !text.contains(['[', ']', '<']) && !text.contains("http") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut in_code = false;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' if !in_code && !closes_into_link(&chars, i) => out.push_str("\\["),
            ']' if !in_code && !opened_link(&chars, i) => out.push_str("\\]"),
            '<' if !in_code && !starts_html(&chars[i..]) => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    BARE_URL
        .replace_all(&out, |caps: &regex::Captures| {
            let url = &caps[2];
            let start = caps.get(2).map_or(0, |m| m.start());
            // `](url)` is already a link destination.
            if out[..start].ends_with("](") {
                format!("{}{url}", &caps[1])
            } else {
                format!("{}<{url}>", &caps[1])
            }
        })
        .into_owned()
}

/// Whether the `[` at `open` starts `[text](url)`.
fn closes_into_link(chars: &[char], open: usize) -> bool {
    let mut depth = 0;
    for (offset, &c) in chars[open..].iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return chars.get(open + offset + 1) == Some(&'(');
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether the `]` at `close` ends a `[text](url)` link text.
fn opened_link(chars: &[char], close: usize) -> bool {
    chars.get(close + 1) == Some(&'(') && chars[..close].contains(&'[')
}

/// Whether text starting with `<` is HTML rustdoc accepts (a tag we know, a comment, or an autolink).
fn starts_html(rest: &[char]) -> bool {
    let s: String = rest
        .iter()
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    const TAGS: &[&str] = &[
        "<br",
        "</br",
        "<a ",
        "</a>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<p>",
        "</p>",
        "<ul>",
        "</ul>",
        "<li>",
        "</li>",
        "<code>",
        "</code>",
        "<strong>",
        "</strong>",
        "<em>",
        "</em>",
        "<!--",
        "<http://",
        "<https://",
        "<img ",
        "<sup>",
        "</sup>",
        "<table",
        "</table",
        "<tr",
        "</tr",
        "<td",
        "</td",
        "<th",
        "</th",
        "<div",
        "</div",
        "<details",
        "</details",
        "<summary",
        "</summary",
    ];
    TAGS.iter().any(|t| s.starts_with(t))
}

/// `#[doc = " line"]` attributes for `markdown`, one per line.
pub fn doc_attrs(markdown: &str) -> TokenStream {
    let lines = rustdoc_lines(markdown);
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            // rustdoc (and clippy's `tabs_in_doc_comments`) want spaces.
            format!(" {}", line.replace('\t', "    "))
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_get_a_language() {
        assert_eq!(
            rustdoc_lines("a\n```\nx = 1\n```\n```json\n{}\n```"),
            ["a", "```text", "x = 1", "```", "```json", "{}", "```"]
        );
    }

    #[test]
    fn indentation_cannot_start_a_code_block() {
        assert_eq!(rustdoc_lines("a\n\n      b"), ["a", "", "   b"]);
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(
            rustdoc_lines("- one\ncontinued\n\nafter\n1. first\nmore"),
            ["- one", "  continued", "", "after", "1. first", "   more"]
        );
    }

    #[test]
    fn links_survive_and_stray_brackets_are_escaped() {
        assert_eq!(
            escape_text("[Read more](https://docs.codat.io/x) about [this]."),
            "[Read more](https://docs.codat.io/x) about \\[this\\]."
        );
        assert_eq!(
            escape_text("See https://docs.codat.io/x."),
            "See <https://docs.codat.io/x>."
        );
        assert_eq!(escape_text("a `[b]` c"), "a `[b]` c");
        assert_eq!(
            escape_text("[Get x](https://docs.codat.io/x) and (https://a.io/b)"),
            "[Get x](https://docs.codat.io/x) and (<https://a.io/b>)"
        );
    }

    #[test]
    fn unknown_html_is_escaped() {
        assert_eq!(
            escape_text("Vec<String> and <br/>"),
            "Vec&lt;String> and <br/>"
        );
        assert_eq!(escape_text("<!-- x -->"), "<!-- x -->");
    }
}
