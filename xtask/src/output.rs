//! Generated files against an output directory: written without losing anyone's data
//! ([`write`]), or compared with what is on disk, listing every difference.

mod ownership;
mod write;

pub use write::{write_dir, Written};

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use generator::emit::OutputFile;

/// Whether `path` is a regular file holding exactly `contents` (its size is checked first).
fn holds(path: &Path, contents: &str) -> bool {
    std::fs::symlink_metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == contents.len() as u64)
        && std::fs::read(path).is_ok_and(|bytes| bytes == contents.as_bytes())
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
    let mut on_disk = if out.exists() {
        read_files(out)?
    } else {
        BTreeMap::new()
    };
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

/// The text of every file under `root`, by relative path.
pub fn read_files(root: &Path) -> Result<BTreeMap<PathBuf, String>> {
    let mut paths = BTreeSet::new();
    list_files(root, Path::new(""), &mut paths)?;
    paths
        .into_iter()
        .map(|rel| {
            let path = root.join(&rel);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            Ok((rel, text))
        })
        .collect()
}

/// The relative paths of every file under `root` (directories are walked, not listed; cargo's
/// build output and the writer's staging directories are left out).
fn list_files(root: &Path, relative: &Path, into: &mut BTreeSet<PathBuf>) -> Result<()> {
    let dir = root.join(relative);
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let rel = relative.join(entry.file_name());
        if ownership::is_ignored(&rel) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            list_files(root, &rel, into)?;
        } else {
            into.insert(rel);
        }
    }
    Ok(())
}
