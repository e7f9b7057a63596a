//! The generated Markdown holds together: every relative link in every `.md` file under
//! `generated/` points at a file that exists, every `#anchor` names a heading (GitHub's slug
//! rules) or an explicit `id`/`name` in the target, and no byte-order mark or mojibake survives.
//! The checker itself is tested on small fixtures, so a clean run is not a vacuous one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// Text that only appears when UTF-8 was decoded as Latin-1/Windows-1252 somewhere, or a BOM.
const MOJIBAKE: &[&str] = &["\u{feff}", "\u{c3}", "\u{e2}\u{80}"];

#[test]
fn generated_markdown_has_no_broken_links_or_anchors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let files = markdown_files(&root);
    assert!(
        files.iter().any(|f| f.ends_with("README.md")),
        "no README.md under {}",
        root.display()
    );
    let pages: BTreeMap<PathBuf, String> = files
        .iter()
        .map(|f| (normalize(f), std::fs::read_to_string(f).unwrap()))
        .collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, text) in &pages {
        for link in links(text) {
            checked += 1;
            if let Err(problem) = check_link(path, &link, &pages) {
                problems.push(format!(
                    "{}: ({link}): {problem}",
                    path.strip_prefix(normalize(&root))
                        .unwrap_or(path)
                        .display()
                ));
            }
        }
    }
    assert!(
        checked > 0,
        "no relative links found: is the docs tree generated?"
    );
    assert!(
        problems.is_empty(),
        "{} of {checked} links are broken:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn generated_markdown_has_no_bom_or_mojibake() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut problems = Vec::new();
    for file in markdown_files(&root) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some(bad) = MOJIBAKE.iter().find(|bad| line.contains(**bad)) {
                problems.push(format!("{}:{}: {bad:?} in {line:?}", file.display(), n + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn checker_finds_broken_links_and_anchors() {
    let pages: BTreeMap<PathBuf, String> = [
        (
            "/d/README.md",
            "# Title\n\n## ~~get_thing~~\n\n## Example Usage\n\n## Example Usage\n\n\
             [ok](docs/a.md#fields) [ok2](#example-usage-1) [bad](docs/missing.md) \
             [bad anchor](docs/a.md#nope) [web](https://example.com/x.md) `[code](nope.md)`\n\
             ```rust\n[fenced](nope.md)\n```\n[ok3](#get_thing)\n",
        ),
        (
            "/d/docs/a.md",
            "# A\n\n## Fields\n\n[up](../README.md#title) [bad up](../docs/a.md#title-)\n",
        ),
    ]
    .into_iter()
    .map(|(p, t)| (PathBuf::from(p), t.to_owned()))
    .collect();
    let mut broken = Vec::new();
    for (path, text) in &pages {
        for link in links(text) {
            if check_link(path, &link, &pages).is_err() {
                broken.push(link);
            }
        }
    }
    assert_eq!(
        broken,
        ["docs/missing.md", "docs/a.md#nope", "../docs/a.md#title-"]
    );
}

#[test]
fn slugs_follow_github() {
    let slugs = anchors("# Hello, World!\n## `list` (paged)\n## ~~get_profile~~\n## Hello, World!\n## [Link](x.md) text\n### Ünïcode Straße\n<a id=\"custom\"></a>\n");
    for expected in [
        "hello-world",
        "list-paged",
        "get_profile",
        "hello-world-1",
        "link-text",
        "ünïcode-straße",
        "custom",
    ] {
        assert!(slugs.contains(expected), "{expected} not in {slugs:?}");
    }
}

/// Every `.md` file under `dir`, sorted, skipping hidden directories and build output.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" {
                    stack.push(path);
                }
            } else if name.ends_with(".md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// `path` with `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Checks one link target found in `from`.
fn check_link(from: &Path, link: &str, pages: &BTreeMap<PathBuf, String>) -> Result<(), String> {
    let (file, anchor) = match link.split_once('#') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (link, None),
    };
    let target = if file.is_empty() {
        from.to_path_buf()
    } else {
        normalize(&from.parent().unwrap().join(percent_decode(file)))
    };
    let Some(anchor) = anchor else {
        return if pages.contains_key(&target) || target.exists() {
            Ok(())
        } else {
            Err(format!("{} does not exist", target.display()))
        };
    };
    let Some(text) = pages.get(&target) else {
        return Err(format!(
            "{} is not a Markdown page of the crate, so #{anchor} cannot be checked",
            target.display()
        ));
    };
    let anchor = percent_decode(anchor).to_lowercase();
    if anchors(text).contains(&anchor) {
        Ok(())
    } else {
        Err(format!(
            "no heading with anchor #{anchor} in {}",
            target.display()
        ))
    }
}

/// Relative link targets of a page: inline links and reference definitions outside code.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in prose_lines(text) {
        let line = strip_code_spans(&line);
        // Reference definitions: `[label]: target`.
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            if let Some((_, rest)) = trimmed.split_once("]:") {
                if let Some(target) = rest.split_whitespace().next() {
                    found.push(target.trim_matches(['<', '>']).to_owned());
                }
            }
        }
        let mut rest = line.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let end = closing_paren(after);
            let inner = after[..end].trim();
            let target = inner.split_whitespace().next().unwrap_or("");
            found.push(target.trim_matches(['<', '>']).to_owned());
            rest = &after[end..];
        }
        let mut rest = line.as_str();
        while let Some(start) = rest.find("href=\"") {
            let after = &rest[start + 6..];
            let end = after.find('"').unwrap_or(after.len());
            found.push(after[..end].to_owned());
            rest = &after[end..];
        }
    }
    found.retain(|t| !t.is_empty() && !is_external(t));
    found
}

/// The index of the `)` closing a link destination, allowing balanced parentheses inside.
fn closing_paren(s: &str) -> usize {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return i,
            ')' => depth -= 1,
            _ => {}
        }
    }
    s.len()
}

fn is_external(target: &str) -> bool {
    let scheme = target.split_once(':').map(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    scheme == Some(true) || target.starts_with("//") || target.starts_with('/')
}

/// Lines outside fenced code blocks and HTML comments.
fn prose_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker = if trimmed.starts_with("```") {
            Some("```")
        } else if trimmed.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => out.push(line.to_owned()),
            _ => {}
        }
    }
    let joined = out.join("\n");
    let mut without_comments = String::new();
    let mut rest = joined.as_str();
    while let Some(start) = rest.find("<!--") {
        without_comments.push_str(&rest[..start]);
        rest = match rest[start..].find("-->") {
            Some(end) => &rest[start + end + 3..],
            None => "",
        };
    }
    without_comments.push_str(rest);
    without_comments.lines().map(str::to_owned).collect()
}

/// `line` without inline code spans.
fn strip_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut parts = line.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    let rest: Vec<&str> = parts.collect();
    // Pairs of backticks delimit code; an unpaired one stays literal.
    let mut i = 0;
    while i < rest.len() {
        if i + 1 < rest.len() {
            out.push_str(rest[i + 1]);
            i += 2;
        } else {
            out.push('`');
            out.push_str(rest[i]);
            i += 1;
        }
    }
    out
}

/// Every anchor a page defines: heading slugs (with GitHub's `-1`, `-2` suffixes for repeats)
/// and explicit `id="..."` / `name="..."` attributes.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for line in prose_lines(text) {
        for attr in ["id=\"", "name=\""] {
            let mut rest = line.as_str();
            while let Some(start) = rest.find(attr) {
                let after = &rest[start + attr.len()..];
                let end = after.find('"').unwrap_or(after.len());
                found.insert(after[..end].to_lowercase());
                rest = &after[end..];
            }
        }
        let trimmed = line.trim_start();
        let level = trimmed.chars().take_while(|c| *c == '#').count();
        if !(1..=6).contains(&level) || !trimmed[level..].starts_with(' ') {
            continue;
        }
        let base = slug(trimmed[level..].trim().trim_end_matches('#').trim());
        let n = counts.entry(base.clone()).or_insert(0);
        let anchor = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        found.insert(anchor);
    }
    found
}

/// GitHub's heading slug: the rendered text (link targets and HTML tags dropped), lowercased,
/// punctuation other than `-` and `_` removed, spaces turned into `-`.
fn slug(heading: &str) -> String {
    let mut text = String::new();
    let mut rest = heading;
    // `[label](target)` renders as `label`.
    while let Some(start) = rest.find("](") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        rest = &after[(closing_paren(after) + 1).min(after.len())..];
    }
    text.push_str(rest);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
