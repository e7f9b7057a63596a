//! Spec Markdown made safe for rustdoc: one `#[doc]` attribute per line (so prettyplease prints
//! `///`), no code block rustdoc would compile as Rust (checked with rustdoc's own parser, in
//! every container), bare URLs linked, and brackets that are not links escaped so they are not
//! read as intra-doc links.

use std::sync::LazyLock;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use quote::quote;
use regex::Regex;

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(^|[\s(])(https?://[^\s<>()\[\]"'`]*[^\s<>()\[\]"'`.,;:!?])"#).unwrap()
});

/// Rewrites spec Markdown into lines rustdoc accepts without warnings and renders as intended.
/// No code block it leaves can be compiled, whatever its container: see [`defuse_code_blocks`].
pub fn rustdoc_lines(markdown: &str) -> Vec<String> {
    // Tabs as the four spaces `///` lines get anyway, so the text checked is the text rustdoc reads.
    let lines = rewrite_lines(markdown)
        .into_iter()
        .map(|line| line.replace('\t', "    "))
        .collect();
    defuse_code_blocks(lines)
}

/// The line-by-line rewrite: top-level fences labelled, running text escaped, indentation
/// capped. It does not know Markdown's containers; [`defuse_code_blocks`] covers those.
fn rewrite_lines(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    // The marker (```` ``` ````, `~~~`, or longer) of the open fence, if any.
    let mut fence: Option<String> = None;
    // Width of the marker of the list item the previous line belonged to, if any.
    let mut list_indent: Option<usize> = None;
    let mut table = TableState::Outside;
    for raw in split_lines(markdown.trim()) {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if fence.is_none() && table.next(trimmed) == TableState::Ended {
            // Rustdoc (like GitHub) reads text right under a table as more rows.
            lines.push(String::new());
        }
        if let Some(marker) = &fence {
            if closes_fence(trimmed, marker) {
                lines.push(marker.clone());
                fence = None;
            } else {
                lines.push(line.to_owned());
            }
            continue;
        }
        if let Some((marker, info)) = opens_fence(trimmed) {
            lines.push(format!("{marker}{}", fence_language(info)));
            fence = Some(marker);
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
    if let Some(marker) = fence {
        lines.push(marker);
    }
    lines
}

/// Where a line stands to a table: a table is a row (`| a | b |`) over a delimiter row
/// (`|---|---|`) and runs to the first line that is no row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableState {
    Outside,
    /// The line was a row that may head a table.
    Header,
    /// The line was a row of a table.
    Inside,
    /// The line is text right under a table, which needs a blank line to end the table.
    Ended,
}

impl TableState {
    /// The state after the line `trimmed` (stored), and what it is.
    fn next(&mut self, trimmed: &str) -> TableState {
        let row = trimmed.starts_with('|');
        let delimiter = row
            && trimmed.contains('-')
            && trimmed
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
        let state = match (*self, row) {
            (TableState::Header, true) if delimiter => TableState::Inside,
            (TableState::Inside, true) => TableState::Inside,
            (_, true) => TableState::Header,
            (TableState::Inside, false) if !trimmed.is_empty() => TableState::Ended,
            (_, false) => TableState::Outside,
        };
        *self = match state {
            TableState::Ended => TableState::Outside,
            state => state,
        };
        state
    }
}

/// The parser options rustdoc looks for doctests with, and CommonMark's plain ones: a block
/// either finds is checked.
const PARSE_OPTIONS: [Options; 2] = [
    Options::ENABLE_TABLES
        .union(Options::ENABLE_FOOTNOTES)
        .union(Options::ENABLE_STRIKETHROUGH)
        .union(Options::ENABLE_TASKLISTS)
        .union(Options::ENABLE_SMART_PUNCTUATION),
    Options::empty(),
];

/// How many rounds of repairs [`defuse_code_blocks`] tries before flattening the text.
const REPAIR_ROUNDS: usize = 8;

/// A code block rustdoc would compile and run, located in the joined lines.
enum Runnable {
    /// A fence whose info string is empty or Rust's: it starts at this byte offset.
    Fence(usize),
    /// An indented code block (always Rust to rustdoc) over these bytes.
    Indented(std::ops::Range<usize>),
}

/// Parses `lines` as rustdoc does and rewrites every code block it would run, in any container
/// (block quote, list item, footnote): fences get the info string `text`, indented blocks lose
/// their indentation. Repairs can uncover new blocks, so the text is parsed again until none is
/// left; if that does not settle, every line is flattened into text that cannot hold a block.
fn defuse_code_blocks(mut lines: Vec<String>) -> Vec<String> {
    for _ in 0..REPAIR_ROUNDS {
        let text = lines.join("\n");
        let blocks = runnable_blocks(&text);
        if blocks.is_empty() {
            return lines;
        }
        // Byte offset of each line's start in `text`; repairs never add or remove lines.
        let starts: Vec<usize> = std::iter::once(0)
            .chain(lines.iter().scan(0, |at, line| {
                *at += line.len() + 1;
                Some(*at)
            }))
            .take(lines.len())
            .collect();
        let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
        for block in blocks {
            match block {
                Runnable::Fence(offset) => {
                    let at = line_of(offset);
                    if let Some(line) = lines.get_mut(at) {
                        *line = relabel_fence(line, offset - starts[at]);
                    }
                }
                Runnable::Indented(range) => {
                    let last = line_of(range.end.saturating_sub(1).max(range.start));
                    for line in lines.iter_mut().take(last + 1).skip(line_of(range.start)) {
                        *line = collapse_indent(line);
                    }
                }
            }
        }
    }
    lines.iter().map(|line| flatten(line)).collect()
}

/// Every code block in `text` that rustdoc would compile as a doctest.
fn runnable_blocks(text: &str) -> Vec<Runnable> {
    let mut found = Vec::new();
    for options in PARSE_OPTIONS {
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            let Event::Start(Tag::CodeBlock(kind)) = event else {
                continue;
            };
            match kind {
                CodeBlockKind::Fenced(info) if inert_language(&info) => {}
                CodeBlockKind::Fenced(_) => found.push(Runnable::Fence(range.start)),
                CodeBlockKind::Indented => found.push(Runnable::Indented(range)),
            }
        }
    }
    found
}

/// Whether rustdoc leaves a fence with this info string alone: one word that is not Rust's.
fn inert_language(info: &str) -> bool {
    let info = info.trim();
    !info.is_empty() && fence_language(info) == info
}

/// `line` with the info string of the fence that opens at or after byte `from` set to `text`.
fn relabel_fence(line: &str, from: usize) -> String {
    let rest = line.get(from..).unwrap_or("");
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !matches!(c, '`' | '~') {
            continue;
        }
        let len = rest[at..].chars().take_while(|&x| x == c).count();
        if len >= 3 {
            return format!("{}{}text", &line[..from], &rest[..at + len]);
        }
        // Skip the rest of this short run.
        for _ in 1..len {
            chars.next();
        }
    }
    // The parser saw a fence here; if it cannot be found, the line must not stay as it is.
    flatten(line)
}

/// `line` with its block quote and list markers kept but single-spaced and no indentation
/// around them, so no text on it is indented enough to be code.
fn collapse_indent(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        rest = rest.trim_start_matches([' ', '\t']);
        let marker = if rest.starts_with('>') {
            1
        } else {
            container_marker_width(rest)
        };
        if marker == 0 {
            break;
        }
        out.push_str(&rest[..marker]);
        out.push(' ');
        rest = &rest[marker..];
    }
    out.push_str(rest);
    out.truncate(out.trim_end().len());
    out
}

/// The width of a list item marker (`-`, `*`, `+`, `1.`, `1)`) that starts `text`, or 0: the
/// marker must end the text or be followed by a space or tab.
fn container_marker_width(text: &str) -> usize {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let width = match text.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return 0,
    };
    match text.as_bytes().get(width) {
        None | Some(b' ' | b'\t') => width,
        _ => 0,
    }
}

/// The last resort: `line` as one run of single-spaced words with no backtick or tilde, which
/// can open neither a fence nor an indented block in any container.
fn flatten(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "&#96;")
        .replace('~', "&#126;")
}

/// Lines split at every line break Markdown, rustc or an editor honours (`\r` alone included).
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find([
            '\n', '\r', '\u{0b}', '\u{0c}', '\u{85}', '\u{2028}', '\u{2029}',
        ]) {
            None => {
                rest = None;
                Some(current)
            }
            Some(at) => {
                let c = current[at..].chars().next().unwrap_or('\n');
                let mut next = at + c.len_utf8();
                if c == '\r' && current[next..].starts_with('\n') {
                    next += 1;
                }
                rest = Some(&current[next..]);
                Some(&current[..at])
            }
        }
    })
}

/// A fence opening (three or more backticks or tildes), as its marker and info string.
fn opens_fence(line: &str) -> Option<(String, &str)> {
    let c = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = line.chars().take_while(|&x| x == c).count();
    let info = &line[len..];
    // A backtick "fence" whose info string holds a backtick is inline code instead.
    (len >= 3 && !(c == '`' && info.contains('`'))).then(|| (c.to_string().repeat(len), info))
}

/// Whether `line` closes the fence opened by `marker`: the same character, at least as many.
fn closes_fence(line: &str, marker: &str) -> bool {
    let Some(c) = marker.chars().next() else {
        return false;
    };
    let len = line.chars().take_while(|&x| x == c).count();
    len >= marker.len() && line[len..].trim().is_empty()
}

/// The language a fence is given: the spec's, when it is one word rustdoc does not compile as
/// Rust (`json`, `http`), else `text`. An empty info string, `rust`, `ignore`, `no_run` and
/// other rustdoc attributes would make the block a doctest.
fn fence_language(info: &str) -> &str {
    let mut tokens = info.split([',', ' ', '\t']).filter(|t| !t.is_empty());
    let (Some(token), None) = (tokens.next(), tokens.next()) else {
        return "text";
    };
    let word = token.starts_with(|c: char| c.is_ascii_alphabetic())
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '.' | '-'));
    let lower = token.to_ascii_lowercase();
    let rustdoc = matches!(
        lower.as_str(),
        "rust"
            | "ignore"
            | "should_panic"
            | "no_run"
            | "compile_fail"
            | "test_harness"
            | "allow_fail"
            | "standalone_crate"
            | "standalone-crate"
    ) || lower.starts_with("edition")
        || lower.starts_with("ignore-")
        || (lower.starts_with('e')
            && lower.len() > 1
            && lower[1..].chars().all(|c| c.is_ascii_digit()));
    if word && !rustdoc {
        token
    } else {
        "text"
    }
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
    let links = link_brackets(&chars);
    let mut in_code = false;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' | ']' if !in_code && !links[i] => {
                out.push('\\');
                out.push(c);
            }
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

/// For each character, whether it is a bracket of a `[text](url)` link: a `[` whose matching
/// `]` is followed by `(`, or a `]` followed by `(` with some `[` before it. One pass with a
/// stack of open brackets, so bracket-heavy text costs linear time.
fn link_brackets(chars: &[char]) -> Vec<bool> {
    let mut links = vec![false; chars.len()];
    let mut open = Vec::new();
    let first_open = chars.iter().position(|&c| c == '[');
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '[' => open.push(i),
            ']' => {
                let before_paren = chars.get(i + 1) == Some(&'(');
                if let Some(start) = open.pop() {
                    links[start] = before_paren;
                }
                links[i] = before_paren && first_open.is_some_and(|f| f < i);
            }
            _ => {}
        }
    }
    links
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
            // Tabs as spaces (rustdoc and clippy's `tabs_in_doc_comments` want them), and no
            // character a doc comment cannot hold.
            format!(" {}", crate::escape::rust_doc_line(line))
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_under_a_table_is_set_apart() {
        let lines = rustdoc_lines("| a | b |\n|---|---|\n| x | y |\nAfter.\n\n| c |\n|---|\n\nKept.\n| not | a table |\nglued");
        assert_eq!(
            lines,
            [
                "| a | b |",
                "|---|---|",
                "| x | y |",
                "",
                "After.",
                "",
                "| c |",
                "|---|",
                "",
                "Kept.",
                "| not | a table |",
                "glued"
            ]
        );
        // Inside a fence nothing is a table.
        let fenced = rustdoc_lines("```json\n| a |\n|---|\ntext\n```");
        assert_eq!(fenced, ["```json", "| a |", "|---|", "text", "```"]);
    }

    #[test]
    fn fences_get_a_language() {
        assert_eq!(
            rustdoc_lines("a\n```\nx = 1\n```\n```json\n{}\n```"),
            ["a", "```text", "x = 1", "```", "```json", "{}", "```"]
        );
    }

    #[test]
    fn no_fence_becomes_a_doctest() {
        let cases: [(&str, &[&str]); 9] = [
            ("```rust\nevil()\n```", &["```text", "evil()", "```"]),
            ("```text\nx\n```", &["```text", "x", "```"]),
            ("``` no_run\nx\n```", &["```text", "x", "```"]),
            ("```json,rust\nx\n```", &["```text", "x", "```"]),
            ("```edition2021\nx\n```", &["```text", "x", "```"]),
            ("~~~\nx\n~~~", &["~~~text", "x", "~~~"]),
            (
                "````\n```\nx\n```\n````",
                &["````text", "```", "x", "```", "````"],
            ),
            ("a\r```\rx\r```", &["a", "```text", "x", "```"]),
            ("```http\nGET /\n", &["```http", "GET /", "```"]),
        ];
        for (raw, expected) in cases {
            assert_eq!(rustdoc_lines(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn doc_attrs_hold_hostile_lines() {
        let attrs = doc_attrs("a\u{202e}b\rc\u{2028}d\te\0").to_string();
        assert_eq!(
            attrs,
            quote! {
                #[doc = " a\\u{202e}b"] #[doc = " c"] #[doc = " d    e\\u{0}"]
            }
            .to_string()
        );
    }

    /// Code blocks opened inside containers, or by indentation, that rustdoc would run.
    const CONTAINED: &[&str] = &[
        "Op\n\n> ```\n> std::fs::write(\"/tmp/x\",\"x\").unwrap();\n> ```\n\n-     std::fs::write(\"/tmp/y\",\"x\").unwrap();",
        "- ```\n  evil()\n  ```",
        "- ```rust\n  evil()",
        ">     evil()",
        "1.     evil()",
        "1)     evil()",
        "> > ```\n> > evil()\n> > ```",
        "> - > ~~~ no_run\n>   > evil()",
        "- a\n\n      evil()",
        "- a\n\n  ```\n  evil()\n  ```",
        "\tevil()",
        "a\n\n\tevil()",
        "-\tevil()\n\n-\t\tevil()",
        "*     evil()",
        "+ > 2. - ```\n+ > evil()",
        "[^1]: ```\n    evil()\n    ```\n\nSee [^1].",
        "```\n> ```rust\nevil()\n```",
    ];

    #[test]
    fn no_contained_code_block_is_a_doctest() {
        for raw in CONTAINED {
            let text = rustdoc_lines(raw).join("\n");
            assert!(runnable_blocks(&text).is_empty(), "{raw:?} gave {text:?}");
        }
    }

    #[test]
    fn contained_fences_are_relabelled_in_place() {
        assert_eq!(
            rustdoc_lines("> ```\n> x\n> ```\n\n- ```rust\n  y"),
            ["> ```text", "> x", "> ```", "", "- ```text", "  y"]
        );
        assert_eq!(
            rustdoc_lines("Op\n\n>     x();\n\n1.     y();\n2. z"),
            ["Op", "", "> x();", "", "1. y();", "2. z"]
        );
    }

    #[test]
    fn deeply_nested_containers_are_defused() {
        for prefix in ["> ", "- ", "1. ", "> - "] {
            let raw = format!(
                "{}```\nevil()\n\n{}     evil()",
                prefix.repeat(2000),
                prefix.repeat(2000)
            );
            let text = rustdoc_lines(&raw).join("\n");
            assert!(runnable_blocks(&text).is_empty(), "{prefix:?}");
        }
    }

    #[test]
    fn flattened_lines_hold_no_code_block() {
        for raw in CONTAINED {
            let lines: Vec<String> = split_lines(raw).map(flatten).collect();
            let text = lines.join("\n");
            assert!(runnable_blocks(&text).is_empty(), "{raw:?} gave {text:?}");
        }
    }

    #[test]
    fn bracket_matching_is_unchanged() {
        assert_eq!(escape_text("[[a](b)"), "\\[[a](b)");
        assert_eq!(escape_text("[a [b] c](d) ]("), "[a \\[b\\] c](d) ](");
        assert_eq!(escape_text("]( [x]"), "\\]( \\[x\\]");
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
