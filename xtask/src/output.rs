//! Writing generated files: a whole directory replaced at once (never half-written), or a
//! comparison against what is on disk that lists every difference.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use generator::emit::OutputFile;

/// Writes `files` into a fresh directory beside `out`, then swaps it into place.
pub fn replace_dir(out: &Path, files: &[OutputFile]) -> Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".generated-")
        .tempdir_in(parent)
        .with_context(|| format!("creating a staging directory in {}", parent.display()))?;
    for file in files {
        let path = staging.path().join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let staged = staging.keep();
    if out.exists() {
        let old = parent.join(format!(
            ".generated-old-{}",
            out.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(out, &old).with_context(|| format!("moving {} aside", out.display()))?;
        std::fs::rename(&staged, out)
            .with_context(|| format!("moving the new output to {}", out.display()))?;
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
    } else {
        std::fs::rename(&staged, out)
            .with_context(|| format!("moving the new output to {}", out.display()))?;
    }
    Ok(())
}

/// Differences between the files on disk and the files the generator produces.
#[derive(Debug, Default)]
pub struct Report {
    pub added: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    /// Changed files with a unified diff each.
    pub changed: Vec<(PathBuf, String)>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Lines of diff shown per changed file.
const DIFF_LINES: usize = 40;

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for path in &self.added {
            writeln!(
                f,
                "added (the generator makes it, it is not on disk): {}",
                path.display()
            )?;
        }
        for path in &self.removed {
            writeln!(
                f,
                "removed (on disk, the generator no longer makes it): {}",
                path.display()
            )?;
        }
        for (path, diff) in &self.changed {
            writeln!(f, "changed: {}", path.display())?;
            let lines: Vec<&str> = diff.lines().collect();
            for line in lines.iter().take(DIFF_LINES) {
                writeln!(f, "    {line}")?;
            }
            if lines.len() > DIFF_LINES {
                writeln!(f, "    ... {} more diff lines", lines.len() - DIFF_LINES)?;
            }
        }
        Ok(())
    }
}

/// Compares `out` on disk with `files`, never writing.
pub fn compare(out: &Path, files: &[OutputFile]) -> Result<Report> {
    let mut on_disk = BTreeMap::new();
    if out.exists() {
        collect(out, Path::new(""), &mut on_disk)?;
    }
    let mut report = Report::default();
    for file in files {
        match on_disk.remove(&file.path) {
            None => report.added.push(file.path.clone()),
            Some(existing) => {
                let existing = existing.replace("\r\n", "\n");
                if existing != file.contents {
                    let diff = similar::TextDiff::from_lines(&existing, &file.contents)
                        .unified_diff()
                        .context_radius(2)
                        .header("on disk", "generated")
                        .to_string();
                    report.changed.push((file.path.clone(), diff));
                }
            }
        }
    }
    report.removed = on_disk.into_keys().collect();
    Ok(report)
}

fn collect(root: &Path, relative: &Path, into: &mut BTreeMap<PathBuf, String>) -> Result<()> {
    let dir = root.join(relative);
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let rel = relative.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            collect(root, &rel, into)?;
        } else {
            let text = std::fs::read_to_string(entry.path())
                .with_context(|| format!("reading {}", entry.path().display()))?;
            into.insert(rel, text);
        }
    }
    Ok(())
}
