//! Markdown text helpers: table cells, GitHub heading anchors, and spec prose made safe for
//! both GitHub and rustdoc (the pages are also compiled as doctests).

use super::super::docs::rustdoc_lines;

/// Spec prose as Markdown that renders the same on GitHub and in rustdoc: stray brackets
/// escaped, bare URLs wrapped, code fences labelled, a BOM or stray carriage returns dropped,
/// and tables compact and well-formed, as the pages' own are.
pub fn prose(text: &str) -> String {
    let mut in_fence = false;
    // The header's number of cells, while inside a table.
    let mut columns = None;
    rustdoc_lines(&clean(text))
        .into_iter()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            let cells = (!in_fence).then(|| row_cells(&line)).flatten();
            let Some(cells) = cells else {
                // GitHub reads text right after a table as more rows: a blank line ends it.
                let after_table = columns.take().is_some() && !line.trim().is_empty();
                return if after_table {
                    format!("\n{line}")
                } else {
                    line
                };
            };
            let width = *columns.get_or_insert(cells.len());
            format_row(cells, width)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Spec Markdown with its headings (outside fenced code) moved down so the shallowest is at
/// least `min_level`, their relative depth kept and capped at 6: pasted under a page's
/// heading, a description's `## Tips` nests below it instead of reading as its sibling. A
/// setext heading (`Tips` over `====` or `----`) counts as level 1 or 2 and, when moved,
/// becomes an ATX one (setext has no deeper levels).
pub(crate) fn nest_headings(text: &str, min_level: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let kinds = heading_lines(&lines);
    let Some(shallowest) = kinds.iter().filter_map(HeadingLine::level).min() else {
        return text.to_owned();
    };
    let shift = min_level.saturating_sub(shallowest);
    if shift == 0 {
        return text.to_owned();
    }
    let hashes = |level: usize| "#".repeat((level + shift).min(6));
    let mut out = Vec::with_capacity(lines.len());
    let mut setext_text: Vec<&str> = Vec::new();
    for (line, kind) in lines.iter().zip(&kinds) {
        match kind {
            HeadingLine::Atx(level) => {
                let (indent, heading) = line.split_at(line.len() - line.trim_start().len());
                out.push(format!("{indent}{}{}", hashes(*level), &heading[*level..]));
            }
            HeadingLine::SetextText => setext_text.push(line.trim()),
            HeadingLine::Underline(level) => {
                out.push(format!("{} {}", hashes(*level), setext_text.join(" ")));
                setext_text.clear();
            }
            HeadingLine::Other => out.push((*line).to_owned()),
        }
    }
    out.join("\n")
}

/// What a line is to [`nest_headings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadingLine {
    /// An ATX heading (`## Tips`) of this level.
    Atx(usize),
    /// A line of a setext heading's text.
    SetextText,
    /// A setext underline: `=` for level 1, `-` for level 2.
    Underline(usize),
    Other,
}

impl HeadingLine {
    fn level(&self) -> Option<usize> {
        match self {
            HeadingLine::Atx(level) | HeadingLine::Underline(level) => Some(*level),
            HeadingLine::SetextText | HeadingLine::Other => None,
        }
    }
}

/// The heading lines of `lines`, outside fenced code blocks.
fn heading_lines(lines: &[&str]) -> Vec<HeadingLine> {
    let mut in_fence = false;
    let mut kinds = Vec::with_capacity(lines.len());
    // Whether each line could be (part of) a paragraph a setext underline turns into a heading.
    let mut paragraph = Vec::with_capacity(lines.len());
    for line in lines {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if fence {
            in_fence = !in_fence;
        }
        // Four spaces of indentation make a code block, not a heading.
        let code = fence || in_fence || indent > 3;
        let level = trimmed.bytes().take_while(|&b| b == b'#').count();
        let rest = &trimmed[level..];
        let atx =
            !code && (1..=6).contains(&level) && (rest.is_empty() || rest.starts_with([' ', '\t']));
        let follows_paragraph = paragraph.last() == Some(&true);
        let kind = if atx {
            HeadingLine::Atx(level)
        } else if let Some(level) = (!code && follows_paragraph)
            .then(|| setext_underline(trimmed))
            .flatten()
        {
            // The paragraph above, back to its first line, is the heading's text.
            for (k, p) in kinds.iter_mut().zip(paragraph.iter_mut()).rev() {
                if !*p {
                    break;
                }
                *k = HeadingLine::SetextText;
                *p = false;
            }
            HeadingLine::Underline(level)
        } else {
            HeadingLine::Other
        };
        let text_line = kind == HeadingLine::Other && !code && !trimmed.is_empty();
        paragraph.push(text_line && !starts_other_block(trimmed));
        kinds.push(kind);
    }
    kinds
}

/// The level of a setext underline (`===` is 1, `---` is 2), else `None`.
fn setext_underline(trimmed: &str) -> Option<usize> {
    let underline = trimmed.trim_end();
    let first = underline.chars().next()?;
    let level = match first {
        '=' => 1,
        '-' => 2,
        _ => return None,
    };
    underline.chars().all(|c| c == first).then_some(level)
}

/// Whether a line starts a block that is not a paragraph (a list item, quote, table row or
/// HTML), so an underline below it is no setext heading.
fn starts_other_block(trimmed: &str) -> bool {
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = digits > 0 && trimmed[digits..].starts_with(['.', ')']);
    ordered
        || trimmed.starts_with(['-', '*', '+', '>', '|', '<'])
        || setext_underline(trimmed).is_some()
}

/// The cells of a table row (`| a   | b |`, or `| a | b`), trimmed, split on pipes a backslash does not
/// escape; `None` for a line that is not a row.
fn row_cells(line: &str) -> Option<Vec<String>> {
    // GitHub also reads a row without its closing pipe.
    let inner = line.trim().strip_prefix('|')?;
    let inner = inner
        .strip_suffix('|')
        .filter(|i| !i.ends_with('\\'))
        .unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cell.push(c);
                cell.extend(chars.next());
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            c => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    Some(cells)
}

/// A row of `width` cells without padding, separators as `---` (alignment colons kept). A row
/// with more cells than its header keeps the rest in its last cell, pipes escaped (GitHub would
/// drop them); a shorter one gets empty cells.
fn format_row(mut cells: Vec<String>, width: usize) -> String {
    if cells.len() > width && width > 0 {
        let rest: Vec<String> = cells.split_off(width - 1);
        let rest: Vec<&str> = rest
            .iter()
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .collect();
        cells.push(rest.join(" \\| "));
    }
    cells.resize(width.max(cells.len()), String::new());
    let cells: String = cells
        .iter()
        .map(|cell| separator(cell).unwrap_or_else(|| cell.clone()))
        .map(|cell| match cell.as_str() {
            "" => " |".to_owned(),
            cell => format!(" {cell} |"),
        })
        .collect();
    format!("|{cells}")
}

/// A separator cell (`------`, `:--:`) as `---` with its colons.
fn separator(cell: &str) -> Option<String> {
    let dashes = cell.trim_start_matches(':').trim_end_matches(':');
    if dashes.is_empty() || !dashes.chars().all(|c| c == '-') {
        return None;
    }
    let left = if cell.starts_with(':') { ":" } else { "" };
    let right = if cell.len() > 1 && cell.ends_with(':') {
        ":"
    } else {
        ""
    };
    Some(format!("{left}---{right}"))
}

/// One table cell: Markdown kept, line breaks as `<br/>`, pipes escaped, never empty-looking.
pub fn cell(text: &str) -> String {
    let lines = rustdoc_lines(&clean(text));
    let mut out = Vec::new();
    for line in lines {
        let line = line.trim();
        // Fences cannot live in a cell; their contents stay as lines.
        if line.starts_with("```") {
            continue;
        }
        let line = match row_cells(line) {
            Some(cells) => {
                let width = cells.len();
                format_row(cells, width)
            }
            None => line.to_owned(),
        };
        out.push(line.replace('|', "\\|"));
    }
    // Blank lines (paragraph breaks) collapse into one break.
    let mut joined = String::new();
    let mut pending_break = false;
    for line in out {
        if line.is_empty() {
            pending_break = !joined.is_empty();
            continue;
        }
        if !joined.is_empty() {
            joined.push_str(if pending_break { "<br/><br/>" } else { "<br/>" });
        }
        pending_break = false;
        joined.push_str(&line);
    }
    joined
}

/// Inline code for a cell: [`crate::escape::markdown_code_cell`].
pub fn code(text: &str) -> String {
    crate::escape::markdown_code_cell(text)
}

/// The anchor GitHub gives a heading: lowercase, spaces to `-`, punctuation other than `-` and
/// `_` dropped. Markup characters (`~`, `` ` ``, `*`) count as punctuation.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// A one-line summary: the first line of `text`, trimmed.
pub fn first_line(text: &str) -> String {
    clean(text).lines().next().unwrap_or("").trim().to_owned()
}

/// Removes what must not survive into Markdown: a BOM, carriage returns, and the common
/// UTF-8-read-as-Latin-1 sequences for quotes and dashes.
pub fn clean(text: &str) -> String {
    const MOJIBAKE: &[(&str, &str)] = &[
        ("\u{e2}\u{80}\u{99}", "\u{2019}"),
        ("\u{e2}\u{80}\u{98}", "\u{2018}"),
        ("\u{e2}\u{80}\u{9c}", "\u{201c}"),
        ("\u{e2}\u{80}\u{9d}", "\u{201d}"),
        ("\u{e2}\u{80}\u{93}", "\u{2013}"),
        ("\u{e2}\u{80}\u{94}", "\u{2014}"),
        ("\u{c2}\u{a0}", " "),
    ];
    let mut text = text
        .replace('\u{feff}', "")
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    for (bad, good) in MOJIBAKE {
        text = text.replace(bad, good);
    }
    // Codat's specs link their docs site by absolute path; on GitHub those would be broken.
    text.replace("](/", &format!("]({DOCS_SITE}/"))
}

/// Where site-relative links in Codat's specs point.
const DOCS_SITE: &str = "https://docs.codat.io";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_tables_lose_their_padding_but_not_their_cells() {
        let table = "Intro\n\n| Name   | Ok |\n| ------ | :-: |\n| a \\| b | ✅ |\n|        |    |\n\n```\n| kept   |\n```";
        assert_eq!(
            prose(table),
            "Intro\n\n| Name | Ok |\n| --- | :---: |\n| a \\| b | ✅ |\n| | |\n\n```text\n| kept   |\n```"
        );
        // Lending's report table runs two rows into one (`||`): the extra cells stay, in the
        // last one; a short row is filled.
        assert_eq!(
            prose("| a | b |\n|---|---|\n| x | y || z | w |\n| v |\n| open | row"),
            "| a | b |\n| --- | --- |\n| x | y \\| z \\| w |\n| v | |\n| open | row |"
        );
    }

    #[test]
    fn prose_after_a_table_is_not_read_as_rows() {
        assert_eq!(
            prose("| a | b |\n|---|---|\n| x | y |\nAfter.\n\n| c |\n|---|\n\nKept."),
            "| a | b |\n| --- | --- |\n| x | y |\n\nAfter.\n\n| c |\n| --- |\n\nKept."
        );
    }

    #[test]
    fn headings_nest_below_the_page_heading_outside_code() {
        let text = "Intro #1\n\n## Tips\n\n### Traps\n\n```text\n## kept\n```\n    ## indented code\n#hashtag\n####### seven";
        assert_eq!(
            nest_headings(text, 4),
            "Intro #1\n\n#### Tips\n\n##### Traps\n\n```text\n## kept\n```\n    ## indented code\n#hashtag\n####### seven"
        );
        // Deep enough already: unchanged; too deep for the shift: capped at 6.
        assert_eq!(nest_headings("#### A\n##### B", 3), "#### A\n##### B");
        assert_eq!(nest_headings("# A\n#### B\n", 4), "#### A\n###### B");
        assert_eq!(nest_headings("No heading", 4), "No heading");
    }

    #[test]
    fn setext_headings_nest_like_atx_ones() {
        let text = "Intro\n\nTips\n====\n\nMore\nwords\n---\n\n## Atx\n\n```text\nkept\n===\n```\n\n- item\n---";
        assert_eq!(
            nest_headings(text, 3),
            "Intro\n\n### Tips\n\n#### More words\n\n#### Atx\n\n```text\nkept\n===\n```\n\n- item\n---"
        );
        // A lone rule (no paragraph above) is no heading; deep enough: unchanged.
        assert_eq!(nest_headings("Text\n\n---\n\nEnd", 3), "Text\n\n---\n\nEnd");
        assert_eq!(nest_headings("Tips\n---", 2), "Tips\n---");
    }

    #[test]
    fn cells_keep_markdown_and_break_lines() {
        assert_eq!(
            cell("First **bold** line\nsecond | piped\n\nnew [link](https://a.io)"),
            "First **bold** line<br/>second \\| piped<br/><br/>new [link](https://a.io)"
        );
        assert_eq!(cell(""), "");
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(anchor("~~get_profile~~"), "get_profile");
        assert_eq!(
            anchor("Example Usage: Create company"),
            "example-usage-create-company"
        );
        assert_eq!(anchor("Retries"), "retries");
        assert_eq!(anchor("`list` (paged)"), "list-paged");
    }

    #[test]
    fn bom_and_mojibake_are_removed() {
        assert_eq!(
            clean("\u{feff}Codat\u{e2}\u{80}\u{99}s\r\n"),
            "Codat\u{2019}s\n"
        );
        assert_eq!(
            clean("[push](/using-the-api/push)"),
            "[push](https://docs.codat.io/using-the-api/push)"
        );
    }
}
