//! The `## Fuzzing` section of BENCHMARKS.md: written by `cargo xtask fuzz --report FILE`, and
//! carried over unchanged when `cargo xtask bench` rewrites the rest of the file.

/// The section's heading.
const HEADING: &str = "## Fuzzing";

/// What one run found, for the section.
pub struct Summary<'a> {
    pub command: &'a str,
    pub date: &'a str,
    pub machine: &'a str,
    pub ran: usize,
    pub asked: usize,
    pub seed: u64,
    pub successes: usize,
    pub clean_errors: usize,
    pub crashes: usize,
    pub timeouts: usize,
    pub unclean: usize,
    pub dirty: usize,
    pub seconds: f64,
    pub failing: &'a [String],
}

/// The section's Markdown, heading included.
pub fn render(s: &Summary<'_>) -> String {
    let mut out = format!(
        "{HEADING}\n\nWritten by `{}` ({} build) on {}. Machine: {}.\n\n\
         | measure | result |\n| --- | --- |\n\
         | mutants (seed {}) | {} of {} |\n\
         | crashes (panic, abort, signal, unexpected exit code) | {} |\n\
         | timeouts | {} |\n\
         | unclean errors (exit 1 naming no file and pointer) | {} |\n\
         | failed runs that changed the existing output | {} |\n\
         | clean errors (`FILE: at /pointer: ...` or the syntax form) | {} |\n\
         | successes | {} |\n\
         | wall time | {:.0} s |\n",
        s.command,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        s.date,
        s.machine,
        s.seed,
        s.ran,
        s.asked,
        s.crashes,
        s.timeouts,
        s.unclean,
        s.dirty,
        s.clean_errors,
        s.successes,
        s.seconds,
    );
    if !s.failing.is_empty() {
        out.push_str("\nFailing mutants, each with the command that reruns it:\n\n");
        for line in s.failing {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out
}

/// The section of `text`, heading included, up to the next `## ` heading or the end.
pub fn find(text: &str) -> Option<&str> {
    let start = text.find(&format!("\n{HEADING}\n")).map(|i| i + 1)?;
    let rest = &text[start + HEADING.len()..];
    let end = rest
        .find("\n## ")
        .map_or(text.len(), |i| start + HEADING.len() + i + 1);
    Some(&text[start..end])
}

/// `text` with its section replaced by `section` (appended when it has none).
pub fn replace(text: &str, section: &str) -> String {
    match find(text) {
        Some(old) => text.replacen(old, section, 1),
        None => format!("{}\n\n{section}", text.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_is_found_replaced_and_appended() {
        let text = "# Benchmarks\n\n| a | b |\n\n## Fuzzing\n\nold\n\n## Notes\n\n- n\n";
        assert_eq!(find(text), Some("## Fuzzing\n\nold\n\n"));
        assert_eq!(
            replace(text, "## Fuzzing\n\nnew\n\n"),
            "# Benchmarks\n\n| a | b |\n\n## Fuzzing\n\nnew\n\n## Notes\n\n- n\n"
        );
        let last = "# B\n\n## Fuzzing\n\nold\n";
        assert_eq!(find(last), Some("## Fuzzing\n\nold\n"));
        assert_eq!(
            replace("# B\n", "## Fuzzing\n\nx\n"),
            "# B\n\n## Fuzzing\n\nx\n"
        );
    }
}
