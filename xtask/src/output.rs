//! Writing generated files: a whole directory replaced at once (never half-written), or a
//! comparison against what is on disk that lists every difference.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use generator::emit::OutputFile;
use rayon::prelude::*;

/// What [`replace_dir`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// `out` already held exactly these files; nothing was touched.
    Unchanged,
    /// `out` was replaced (or created) with these files.
    Replaced,
}

/// Makes `out` hold exactly `files`: nothing is touched when it already does (as rust-analyzer's
/// codegen only writes files whose text changed, so their timestamps and cargo's fingerprints
/// stay put); otherwise the files go into a fresh directory beside `out`, which is then swapped
/// into place, so `out` is never half-written.
pub fn replace_dir(out: &Path, files: &[OutputFile]) -> Result<Written> {
    if holds_exactly(out, files)? {
        return Ok(Written::Unchanged);
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".generated-")
        .tempdir_in(parent)
        .with_context(|| format!("creating a staging directory in {}", parent.display()))?;
    let dirs: BTreeSet<&Path> = files.iter().filter_map(|f| f.path.parent()).collect();
    for dir in dirs {
        std::fs::create_dir_all(staging.path().join(dir))?;
    }
    // Creating files is mostly the kernel's work, which two threads share well.
    files.par_iter().try_for_each(|file| {
        let path = staging.path().join(&file.path);
        if link_unchanged(&out.join(&file.path), &path, &file.contents) {
            return Ok(());
        }
        std::fs::write(&path, &file.contents).with_context(|| format!("writing {}", path.display()))
    })?;
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
    Ok(Written::Replaced)
}

/// Whether `out` is a directory holding exactly `files`, byte for byte, and nothing else.
fn holds_exactly(out: &Path, files: &[OutputFile]) -> Result<bool> {
    if !out.is_dir() {
        return Ok(false);
    }
    let mut on_disk = BTreeSet::new();
    list_files(out, Path::new(""), &mut on_disk)?;
    Ok(on_disk.len() == files.len()
        && files.iter().all(|file| {
            on_disk.contains(&file.path) && holds(&out.join(&file.path), &file.contents)
        }))
}

/// Hard-links `staged` to `existing` when that file already holds `contents`, and says whether
/// it did. A regeneration that changes some files then creates only those: the others keep
/// their inode and timestamps, and the file system is spared creating and freeing an inode per
/// file (on ext4 a burst of freed inodes slows the next burst of creations).
fn link_unchanged(existing: &Path, staged: &Path, contents: &str) -> bool {
    holds(existing, contents) && std::fs::hard_link(existing, staged).is_ok()
}

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

/// The relative paths of every file under `root` (directories are walked, not listed).
fn list_files(root: &Path, relative: &Path, into: &mut BTreeSet<PathBuf>) -> Result<()> {
    let dir = root.join(relative);
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let rel = relative.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            list_files(root, &rel, into)?;
        } else {
            into.insert(rel);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            contents: contents.to_owned(),
        }
    }

    fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
        read_files(dir).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn an_identical_tree_is_left_untouched() {
        use std::os::unix::fs::MetadataExt;
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        let files = [file("src/lib.rs", "lib"), file("README.md", "readme")];
        assert_eq!(replace_dir(&out, &files).unwrap(), Written::Replaced);
        // A swap would put a new directory (a new inode) at `out`.
        let directory = std::fs::metadata(&out).unwrap().ino();

        assert_eq!(replace_dir(&out, &files).unwrap(), Written::Unchanged);
        assert_eq!(std::fs::metadata(&out).unwrap().ino(), directory);
        assert_eq!(tree(&out).len(), 2);
    }

    #[test]
    fn a_changed_tree_is_swapped_in_whole_and_stray_files_go() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        replace_dir(
            &out,
            &[
                file("src/lib.rs", "lib"),
                file("src/old.rs", "old"),
                file("a.md", "a"),
            ],
        )
        .unwrap();
        std::fs::write(out.join("stray.txt"), "left by hand").unwrap();

        let files = [file("src/lib.rs", "lib"), file("a.md", "a, changed")];
        assert_eq!(replace_dir(&out, &files).unwrap(), Written::Replaced);
        let expected: BTreeMap<PathBuf, String> = files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect();
        assert_eq!(tree(&out), expected);
        let leftovers: Vec<_> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|name| name != "crate")
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_keep_their_inode_when_others_change() {
        use std::os::unix::fs::MetadataExt;
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        replace_dir(&out, &[file("same.rs", "same"), file("changed.rs", "v1")]).unwrap();
        let inode = |name: &str| std::fs::metadata(out.join(name)).unwrap().ino();
        let (same, changed) = (inode("same.rs"), inode("changed.rs"));

        replace_dir(&out, &[file("same.rs", "same"), file("changed.rs", "v2")]).unwrap();
        assert_eq!(inode("same.rs"), same, "an unchanged file was rewritten");
        assert_ne!(inode("changed.rs"), changed);
        assert_eq!(
            std::fs::read_to_string(out.join("changed.rs")).unwrap(),
            "v2"
        );
    }
}
