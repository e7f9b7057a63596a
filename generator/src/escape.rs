//! Spec text made safe for each language it is written into, one function per target: Rust
//! line comments, rustdoc lines and string literals; TOML strings; Markdown text and code
//! spans. Every place the emitters print text the spec supplies goes through one of these.

use std::fmt::Write;

/// Characters that reorder text on screen (the Trojan Source class); rustc denies them in
/// comments and literals (`text_direction_codepoint_in_*`), and they mislead a reviewer anywhere.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Characters that end a line somewhere (Rust, Markdown, editors or terminals).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `c` must not appear literally in one line of generated text.
fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\t') || is_bidi(c) || is_line_break(c)
}

/// Appends `c` as a visible Rust-style escape, `\u{202e}`.
fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Cuts `text` to at most `max_chars` characters, marking the cut with `...`.
fn bounded(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => text.into(),
        Some((end, _)) => format!("{}...", &text[..end]).into(),
    }
}

/// Text for a `//` comment: [`plain_line`].
pub fn rust_comment(text: &str, max_chars: usize) -> String {
    plain_line(text, max_chars)
}

/// One line of plain text (a `//` comment, a package description, which Cargo passes to rustc
/// in an environment variable): at most `max_chars` characters of `text` (so a huge spec value
/// cannot be copied into every file), line breaks, control and bidi characters written as
/// `\u{..}` escapes.
pub fn plain_line(text: &str, max_chars: usize) -> String {
    let text = bounded(text, max_chars);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if is_unprintable(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Text for a terminal or a log (warnings and errors, which quote spec keys and values): at most
/// `max_chars` characters, line breaks kept, other control and bidi characters as `\u{..}`
/// escapes, so a spec cannot clear the screen or reorder the line it is quoted in.
pub fn terminal_text(text: &str, max_chars: usize) -> String {
    let text = bounded(text, max_chars);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if is_unprintable(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// One line of a doc comment (`#[doc = "..."]`, printed as `///`): tabs as four spaces (as
/// rustdoc and clippy want), control and bidi characters (a bare `\r` does not compile in a
/// doc comment) as `\u{..}` escapes. The caller has split the text into lines already.
pub fn rust_doc_line(line: &str) -> String {
    if !line.chars().any(|c| c == '\t' || is_unprintable(c)) {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if is_unprintable(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// A Rust string literal, quotes included, for code written as text (docs snippets). `{:?}`
/// escapes quotes, backslashes, control, bidi and other invisible characters with Rust escapes.
pub fn rust_string(text: &str) -> String {
    format!("{text:?}")
}

/// A TOML basic string, quotes included (TOML's escapes differ from Rust's: `\u001B`, no `\0`).
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi(c) || is_line_break(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Plain text inside a line of Markdown (a heading, a list item, link text, a table cell):
/// one line, and every character Markdown or HTML would read as markup backslash-escaped, so
/// the text cannot open a code block (which rustdoc would compile), a link, a table cell or a tag.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if is_line_break(c) || c == '\t' => out.push(' '),
            c if is_unprintable(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a Markdown code span in a table cell: [`markdown_code`] with pipes escaped (GitHub
/// and rustdoc unescape `\|` inside a cell's code span).
pub fn markdown_code_cell(text: &str) -> String {
    markdown_code(text).replace('|', "\\|")
}

/// `text` as a Markdown code span, backticks included: one line, fenced by a backtick run
/// longer than any inside.
pub fn markdown_code(text: &str) -> String {
    let mut body = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if is_line_break(c) || c == '\t' => body.push(' '),
            c if is_unprintable(c) => push_escaped(&mut body, c),
            c => body.push(c),
        }
    }
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space inside its fence.
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile inputs every table below covers.
    const NEWLINE: &str = "1.0\n#![doc = include_str!(\"/etc/hostname\")]\n//";

    #[test]
    fn rust_comments_stay_one_bounded_line() {
        let cases = [
            ("Platform API", "Platform API"),
            (
                NEWLINE,
                "1.0\\u{a}#![doc = include_str!(\"/etc/hostname\")]\\u{a}//",
            ),
            ("a\r\nb", "a\\u{d}\\u{a}b"),
            ("end */ here", "end */ here"),
            ("q\"uo'te \\ back", "q\"uo'te \\ back"),
            (
                "nul\0 esc\u{1b} del\u{7f}",
                "nul\\u{0} esc\\u{1b} del\\u{7f}",
            ),
            ("rtl\u{202e}x\u{2066}", "rtl\\u{202e}x\\u{2066}"),
            ("ls\u{2028}nel\u{85}", "ls\\u{2028}nel\\u{85}"),
            ("tab\there", "tab here"),
        ];
        for (raw, expected) in cases {
            assert_eq!(rust_comment(raw, 100), expected, "rust_comment({raw:?})");
        }
        assert_eq!(rust_comment("abcdef", 3), "abc...");
        assert_eq!(rust_comment("ééé", 3), "ééé");
        assert_eq!(rust_comment(&"x".repeat(10_000_000), 80).len(), 83);
    }

    #[test]
    fn rust_doc_lines_compile_as_doc_comments() {
        let cases = [
            ("plain `code` line", "plain `code` line"),
            ("bare\rcr", "bare\\u{d}cr"),
            ("end */ here", "end */ here"),
            ("q\"uote \\ back", "q\"uote \\ back"),
            ("nul\0 esc\u{1b}", "nul\\u{0} esc\\u{1b}"),
            ("rtl\u{202e}x", "rtl\\u{202e}x"),
            ("a\tb", "a    b"),
            ("ls\u{2028}x", "ls\\u{2028}x"),
        ];
        for (raw, expected) in cases {
            assert_eq!(rust_doc_line(raw), expected, "rust_doc_line({raw:?})");
        }
    }

    #[test]
    fn rust_strings_are_literals() {
        let cases = [
            ("plain", r#""plain""#),
            (
                NEWLINE,
                r#""1.0\n#![doc = include_str!(\"/etc/hostname\")]\n//""#,
            ),
            ("end */ \" \\", r#""end */ \" \\""#),
            ("nul\0 esc\u{1b} cr\r", r#""nul\0 esc\u{1b} cr\r""#),
            ("rtl\u{202e}", r#""rtl\u{202e}""#),
            (
                "x\"); std::process::exit(1); (\"",
                r#""x\"); std::process::exit(1); (\"""#,
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(rust_string(raw), expected, "rust_string({raw:?})");
        }
    }

    #[test]
    fn toml_strings_are_basic_strings() {
        let cases = [
            ("codat-platform", r#""codat-platform""#),
            (
                "x\"\n[dependencies]\nevil = \"1\"",
                r#""x\"\n[dependencies]\nevil = \"1\"""#,
            ),
            ("end */ ' \\", r#""end */ ' \\""#),
            (
                "nul\0 esc\u{1b} del\u{7f} cr\r tab\t",
                r#""nul\u0000 esc\u001B del\u007F cr\r tab\t""#,
            ),
            ("rtl\u{202e} ls\u{2028}", r#""rtl\u202E ls\u2028""#),
        ];
        for (raw, expected) in cases {
            assert_eq!(toml_string(raw), expected, "toml_string({raw:?})");
        }
    }

    #[test]
    fn markdown_text_cannot_open_blocks_links_or_cells() {
        let cases = [
            ("Connection management", "Connection management"),
            (
                "a\n```rust\nfn main() {}\n```",
                "a \\`\\`\\`rust fn main() {} \\`\\`\\`",
            ),
            ("[x](javascript:y) | <b>", "\\[x\\](javascript:y) \\| \\<b>"),
            (
                "*em* _em_ ~~del~~ # \\",
                "\\*em\\* \\_em\\_ \\~\\~del\\~\\~ # \\\\",
            ),
            ("end */ \"q\"", "end \\*/ \"q\""),
            ("nul\0 cr\r rtl\u{202e}", "nul\\u{0} cr  rtl\\u{202e}"),
            ("&amp; ![img](x)", "&amp; !\\[img\\](x)"),
        ];
        for (raw, expected) in cases {
            assert_eq!(markdown_text(raw), expected, "markdown_text({raw:?})");
        }
    }

    #[test]
    fn markdown_code_spans_hold_any_text() {
        let cases = [
            ("GET /companies", "`GET /companies`"),
            ("a`b", "``a`b``"),
            ("`x`", "`` `x` ``"),
            ("a|b", "`a|b`"),
            ("a\n```rust\nb", "````a ```rust b````"),
            ("end */ \"q\" \\", "`end */ \"q\" \\`"),
            ("nul\0 rtl\u{202e}", "`nul\\u{0} rtl\\u{202e}`"),
        ];
        for (raw, expected) in cases {
            assert_eq!(markdown_code(raw), expected, "markdown_code({raw:?})");
        }
        assert_eq!(markdown_code_cell("a|`b"), "``a\\|`b``");
    }
}
