//! A quick look at YAML text for `[`/`{` nesting far deeper than any parser accepts, before
//! libyaml sees it: libyaml's scanner does work proportional to the nesting depth for every
//! token, so `[[[[...]]]]` 100,000 deep takes hours before its depth limit is ever checked.
//!
//! The look is approximate but errs one way: it only counts brackets in flow context (opened at
//! the start of a node), skipping quoted scalars, comments and block scalars, and its limit is
//! far above the 128 levels serde_yaml accepts, so a document it refuses would fail anyway.

/// Nesting beyond which the text is refused unseen.
const LIMIT: usize = 1_000;

/// `Err` with the line where the flow nesting passes [`LIMIT`].
pub(crate) fn check(text: &str) -> Result<(), String> {
    let mut depth = 0usize;
    // Inside a block scalar (`|`, `>`): lines indented more than this belong to it.
    let mut block_indent: Option<usize> = None;
    // An open quoted scalar, which may run over several lines: its quote character.
    let mut quote: Option<char> = None;
    for (index, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_indent {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_indent = None;
        }
        let mut prev = ' ';
        // In block context, whether a node may start here (only spaces, `- `, `? `, `: ` or
        // properties before).
        let mut node_start = true;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(q) = quote {
                if c == q {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                } else if c == '\\' && q == '"' {
                    chars.next();
                }
                prev = c;
                continue;
            }
            let at_token = prev.is_whitespace() || "[{,:".contains(prev);
            match c {
                '#' if prev.is_whitespace() => break,
                '"' | '\'' if (depth > 0 && at_token) || (depth == 0 && node_start) => {
                    quote = Some(c);
                }
                '[' | '{' if depth > 0 || node_start => {
                    depth += 1;
                    if depth > LIMIT {
                        return Err(format!(
                            "line {}: `[` and `{{` nest more than {LIMIT} deep",
                            index + 1
                        ));
                    }
                }
                ']' | '}' if depth > 0 => depth -= 1,
                '|' | '>' if depth == 0 && node_start && is_block_header(chars.clone()) => {
                    block_indent = Some(indent);
                    break;
                }
                ' ' | '\t' => {}
                '-' | '?' | ':'
                    if depth == 0 && chars.peek().map_or(true, |n| *n == ' ' || *n == '\t') =>
                {
                    node_start = true;
                }
                '!' | '&' if depth == 0 && node_start => {
                    // A node's properties (a tag, an anchor): the node itself follows them.
                    while chars.peek().is_some_and(|n| !n.is_whitespace()) {
                        chars.next();
                    }
                }
                _ if depth == 0 => {
                    // A plain scalar or key; a node starts again only after `: `.
                    node_start = false;
                }
                _ => {}
            }
            prev = c;
        }
    }
    Ok(())
}

/// Whether what follows `|` or `>` is a block scalar header: chomping and indentation
/// indicators, then nothing but an optional comment.
fn is_block_header(rest: impl Iterator<Item = char>) -> bool {
    let rest: String = rest.collect();
    let rest = rest.trim_start_matches(['+', '-', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_runaway_nesting_and_passes_ordinary_yaml() {
        let deep = format!("a: {}{}\n", "[".repeat(LIMIT + 1), "]".repeat(LIMIT + 1));
        assert!(check(&deep).unwrap_err().starts_with("line 1:"));
        let deep_map = format!(
            "x:\n  y: {}1{}\n",
            "{a: ".repeat(LIMIT + 1),
            "}".repeat(LIMIT + 1)
        );
        assert!(check(&deep_map).unwrap_err().starts_with("line 2:"));
        // A tab after the colon, a tag or an anchor before the collection still open it.
        let open = "[".repeat(LIMIT + 1);
        for prefix in ["a:\t", "a: !t ", "a: &x ", "a: !<tag:x,1> &y ", "- !t\t"] {
            let text = format!("{prefix}{open}\n");
            assert!(check(&text).is_err(), "{prefix:?}");
        }
        // Brackets that open no flow collection, however many: plain scalars, quotes, comments
        // and block scalars.
        let many = "[".repeat(LIMIT + 1);
        let ordinary = format!(
            "a: x{many}\nb: '{many}'\nc: \"{many}\"\nd: 1 # {many}\ne: |\n  {many}\n  more\nf: >-\n  {many}\ng: [1, '{many}', \"]\", {{k: v}}]\n- {many}x\n"
        );
        let ordinary = ordinary.replace(&format!("- {many}x"), &format!("h: -{many}"));
        assert_eq!(check(&ordinary), Ok(()));
    }
}
