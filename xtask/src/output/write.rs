//! Writing a crate into an output directory without losing anyone's data.
//!
//! - `out` itself is never moved, renamed or replaced, only files under it, so every path form
//!   (relative, `.`, `..`, a trailing slash, a symlink to a directory, the current directory)
//!   behaves the same. A `out` that is a file, or a dangling symlink, is refused.
//! - A non-empty directory that is not a crate this generator wrote (no `codat-gen.lock` with the
//!   generated marker) is refused unless `force`.
//! - A file without the marker is never deleted; overwriting one, or leaving one beside the
//!   crate, is refused unless `force` (which keeps it). Generated files the generator no longer
//!   makes are removed.
//! - No symlink below `out` is followed or replaced, even with `force`: a generated path that is a
//!   symlink, or runs through one, is refused (a symlink elsewhere is a foreign file, kept).
//! - New files are written to a staging directory inside `out` first, then moved into place one
//!   rename each, the old versions moved aside; a failure moves everything back, so a failed run
//!   leaves `out` as it was. A write holds [`WRITE_LOCK`] in `out` throughout; a second one
//!   is refused.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};
use generator::emit::OutputFile;
use rayon::prelude::*;

use super::ownership::{
    carries_marker, is_generated_crate, MARKER, STAGING_OWNER, STAGING_PREFIX, WRITE_LOCK,
};
use super::{holds, list_files};

/// What [`write_dir`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// `out` already held exactly these files; nothing was touched.
    Unchanged,
    /// The files that differed were written (and stale generated ones removed).
    Replaced,
}

/// How many offending files a refusal names.
const NAMED: usize = 10;

/// Makes `out` hold `files` (see the module docs for what is refused and kept). Nothing is
/// touched when `out` already holds exactly them; otherwise only the files that differ are
/// written, so unchanged files keep their inode and timestamps.
pub fn write_dir(out: &Path, files: &[OutputFile], force: bool) -> Result<Written> {
    if !existing_dir(out)? {
        std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    }
    let wanted: BTreeMap<&Path, &str> = files
        .iter()
        .map(|f| (f.path.as_path(), f.contents.as_str()))
        .collect();
    if plan(out, &wanted, force)?.is_none() {
        return Ok(Written::Unchanged);
    }
    // Planned again under the lock: another run may have written `out` in between.
    let _lock = WriteLock::take(out)?;
    let Some(Plan { changed, stale }) = plan(out, &wanted, force)? else {
        return Ok(Written::Unchanged);
    };
    let stale: Vec<&Path> = stale.iter().map(PathBuf::as_path).collect();
    remove_stale_staging(out)?;
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(out)
        .with_context(|| format!("creating a staging directory in {}", out.display()))?;
    let owner = staging.path().join(STAGING_OWNER);
    std::fs::write(&owner, format!("{MARKER}\n"))
        .with_context(|| format!("writing {}", owner.display()))?;
    let new_root = staging.path().join("new");
    let dirs: BTreeSet<PathBuf> = changed
        .iter()
        .map(|p| {
            new_root
                .join(p)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
        .collect();
    for dir in dirs {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // Creating files is mostly the kernel's work, which two threads share well.
    changed.par_iter().try_for_each(|path| {
        let staged = new_root.join(path);
        std::fs::write(&staged, wanted[path])
            .with_context(|| format!("writing {} into {}", path.display(), out.display()))
    })?;
    // From here on the staging directory may hold old files: a killed run's is kept.
    std::fs::remove_file(&owner).with_context(|| format!("removing {}", owner.display()))?;
    let mut transaction = Transaction {
        out,
        new_root,
        old_root: staging.path().join("old"),
        done: Vec::new(),
    };
    if let Err(error) = transaction.commit(&changed, &stale) {
        let undo = transaction.roll_back();
        if !undo.is_empty() {
            let kept = staging.keep();
            bail!(
                "{error:#}; undoing it failed too ({}); the previous files are in {}",
                undo.join("; "),
                kept.join("old").display()
            );
        }
        return Err(error.context(format!("writing {} (nothing was changed)", out.display())));
    }
    Ok(Written::Replaced)
}

/// Whether `out` is an existing directory (directly or through a symlink); an error for
/// anything else that exists there.
fn existing_dir(out: &Path) -> Result<bool> {
    match std::fs::metadata(out) {
        Ok(meta) if meta.is_dir() => Ok(true),
        Ok(_) => bail!(
            "{} exists and is not a directory; refusing to replace it",
            out.display()
        ),
        Err(_) if std::fs::symlink_metadata(out).is_ok() => bail!(
            "{} is a symlink to nothing (or to something unreadable); refusing to replace it",
            out.display()
        ),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error).with_context(|| format!("reading {}", out.display())),
    }
}

/// The files a write changes: `changed` to write, `stale` generated files to remove.
struct Plan<'a> {
    changed: Vec<&'a Path>,
    stale: Vec<PathBuf>,
}

/// What making `out` hold `wanted` changes (`None`: nothing), after the refusals.
fn plan<'a>(
    out: &Path,
    wanted: &BTreeMap<&'a Path, &str>,
    force: bool,
) -> Result<Option<Plan<'a>>> {
    let mut on_disk = BTreeSet::new();
    list_files(out, Path::new(""), &mut on_disk)?;
    let changed: Vec<&Path> = wanted
        .iter()
        .filter(|(path, contents)| !holds(&out.join(path), contents))
        .map(|(path, _)| *path)
        .collect();
    let gone: Vec<&PathBuf> = on_disk
        .iter()
        .filter(|p| !wanted.contains_key(p.as_path()))
        .collect();
    if changed.is_empty() && gone.is_empty() {
        return Ok(None);
    }
    refuse_symlinks(out, &changed)?;
    if !force {
        refuse_foreign(out, &on_disk, &changed, &gone)?;
    }
    // A generated file the generator no longer makes goes; anything else stays.
    let stale: Vec<PathBuf> = gone
        .into_iter()
        .filter(|p| carries_marker(&out.join(p)))
        .cloned()
        .collect();
    Ok(Some(Plan { changed, stale }))
}

/// Refuses, even with `--force`, a path to write that is a symlink or runs through one below
/// `out` (`out` itself may be one): writing would change what the link points to, possibly
/// outside `out`. Also refuses a path that is not plain names.
fn refuse_symlinks(out: &Path, paths: &[&Path]) -> Result<()> {
    for path in paths {
        let mut at = out.to_path_buf();
        for component in path.components() {
            let Component::Normal(name) = component else {
                bail!(
                    "the generated path {} is not a plain relative path; refusing to write it",
                    path.display()
                );
            };
            at.push(name);
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => bail!(
                    "{} is a symlink inside {}, where the generator writes {}; it never writes \
                     through or replaces a symlink inside the output, even with --force. Replace \
                     it with a real directory or file, or remove it",
                    at.display(),
                    out.display(),
                    path.display()
                ),
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    Ok(())
}

/// `out`'s [`WRITE_LOCK`], created exclusively; removed when dropped.
struct WriteLock(PathBuf);

impl WriteLock {
    fn take(out: &Path) -> Result<Self> {
        let path = out.join(WRITE_LOCK);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                let lock = WriteLock(path);
                // The pid only tells a person whose lock it is.
                let _ = writeln!(file, "{}", std::process::id());
                Ok(lock)
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let pid = std::fs::read_to_string(&path).unwrap_or_default();
                bail!(
                    "{} exists: another `cargo xtask generate` (pid {}) is writing {}, or one was \
                     killed while writing it (its {STAGING_PREFIX}* directory then holds the files \
                     it moved aside); refusing to write. Once no run is writing, check the \
                     directory, delete {} and run again",
                    path.display(),
                    pid.trim(),
                    out.display(),
                    path.display()
                )
            }
            Err(error) => Err(error).with_context(|| format!("creating {}", path.display())),
        }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Removes the staging directories killed runs left in `out` that are provably stale and the
/// writer's: holding [`STAGING_OWNER`] (killed before moving any file), or empty. Any other is
/// kept: it may hold files moved aside, or be someone else's. Called under the lock.
fn remove_stale_staging(out: &Path) -> Result<()> {
    for entry in std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))? {
        let entry = entry?;
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_PREFIX)
            || !entry.file_type()?.is_dir()
        {
            continue;
        }
        let path = entry.path();
        if carries_marker(&path.join(STAGING_OWNER)) {
            std::fs::remove_dir_all(&path).with_context(|| {
                format!("removing the stale staging directory {}", path.display())
            })?;
        } else {
            // Fails, harmlessly, on a directory that holds something.
            let _ = std::fs::remove_dir(&path);
        }
    }
    Ok(())
}

/// Refuses (without `--force`) a non-empty directory that is not a generated crate, and a
/// generated crate holding files without the marker that would be overwritten or left over.
fn refuse_foreign(
    out: &Path,
    on_disk: &BTreeSet<PathBuf>,
    changed: &[&Path],
    gone: &[&PathBuf],
) -> Result<()> {
    if !on_disk.is_empty() && !is_generated_crate(out) {
        bail!(
            "{} is not empty and is not a crate this generator wrote (it has no {} carrying the \
             generated marker); refusing to write into it. Pick an empty or new directory, or pass \
             --force to write the crate into it anyway (files the generator makes are overwritten, \
             every other file is kept)",
            out.display(),
            crate::lock::LOCK_FILE
        );
    }
    let foreign: Vec<&Path> = changed
        .iter()
        .copied()
        .filter(|p| on_disk.contains(*p))
        .chain(gone.iter().map(|p| p.as_path()))
        .filter(|p| !carries_marker(&out.join(p)))
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = foreign
        .iter()
        .take(NAMED)
        .map(|p| p.display().to_string())
        .collect();
    if foreign.len() > NAMED {
        names.push(format!("and {} more", foreign.len() - NAMED));
    }
    bail!(
        "{} holds {} file(s) the generator did not write (no `@generated` first line): {}; \
         refusing to overwrite or keep them inside the crate. Move them out, or pass --force to \
         keep them (a file at a path the generator makes is overwritten)",
        out.display(),
        foreign.len(),
        names.join(", ")
    )
}

/// One done step, undone in reverse on failure.
enum Step {
    /// `out/path` was moved to `old_root/path`.
    MovedAside(PathBuf),
    /// `new_root/path` was moved to `out/path`.
    Placed(PathBuf),
}

struct Transaction<'a> {
    out: &'a Path,
    new_root: PathBuf,
    old_root: PathBuf,
    done: Vec<Step>,
}

impl Transaction<'_> {
    /// Moves the old versions of `changed` and the `stale` files aside, then the new files in.
    fn commit(&mut self, changed: &[&Path], stale: &[&Path]) -> Result<()> {
        for path in changed.iter().chain(stale) {
            let target = self.out.join(path);
            match std::fs::symlink_metadata(&target) {
                Err(_) => continue,
                // Moving it aside would delete what it holds, which is not the writer's.
                Ok(meta) if meta.is_dir() => bail!(
                    "{} is a directory where the generator writes a file",
                    target.display()
                ),
                Ok(_) => {}
            }
            let aside = self.old_root.join(path);
            create_parent(&aside)?;
            std::fs::rename(&target, &aside)
                .with_context(|| format!("moving {} aside", target.display()))?;
            self.done.push(Step::MovedAside(path.to_path_buf()));
        }
        prune_empty_parents(self.out, stale);
        for path in changed {
            let target = self.out.join(path);
            create_parent(&target)?;
            std::fs::rename(self.new_root.join(path), &target)
                .with_context(|| format!("moving the new {} into place", target.display()))?;
            self.done.push(Step::Placed(path.to_path_buf()));
        }
        Ok(())
    }

    /// Undoes every done step, newest first; returns what could not be undone.
    fn roll_back(&mut self) -> Vec<String> {
        let mut failures = Vec::new();
        let mut placed = Vec::new();
        while let Some(step) = self.done.pop() {
            let (path, result) = match step {
                Step::Placed(path) => {
                    let result = std::fs::remove_file(self.out.join(&path));
                    placed.push(path.clone());
                    (path, result)
                }
                Step::MovedAside(path) => {
                    let target = self.out.join(&path);
                    let result = create_parent(&target)
                        .map_err(std::io::Error::other)
                        .and_then(|()| std::fs::rename(self.old_root.join(&path), &target));
                    (path, result)
                }
            };
            if let Err(error) = result {
                failures.push(format!("{}: {error}", self.out.join(path).display()));
            }
        }
        let placed: Vec<&Path> = placed.iter().map(PathBuf::as_path).collect();
        prune_empty_parents(self.out, &placed);
        failures
    }
}

fn create_parent(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    Ok(())
}

/// Removes the directories under `out` that held `paths` and are now empty, deepest first.
fn prune_empty_parents(out: &Path, paths: &[&Path]) {
    let mut dirs: BTreeSet<&Path> = BTreeSet::new();
    for path in paths {
        dirs.extend(
            path.ancestors()
                .skip(1)
                .filter(|d| !d.as_os_str().is_empty()),
        );
    }
    // Deeper paths sort after their ancestors, so reverse order visits children first.
    for dir in dirs.into_iter().rev() {
        // Fails, harmlessly, on a directory that still holds something.
        let _ = std::fs::remove_dir(out.join(dir));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::ownership::MARKER;
    use crate::output::read_files;

    /// A generated file: the marker on its first line, then `body`.
    fn generated(path: &str, body: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            contents: format!("// {MARKER}\n{body}\n"),
        }
    }

    /// A crate: `files` (generated) plus its lock file.
    fn krate(files: &[(&str, &str)]) -> Vec<OutputFile> {
        let mut all: Vec<OutputFile> = files.iter().map(|(p, b)| generated(p, b)).collect();
        all.push(generated(crate::lock::LOCK_FILE, "[spec]"));
        all
    }

    fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
        read_files(dir).unwrap()
    }

    fn as_tree(files: &[OutputFile]) -> BTreeMap<PathBuf, String> {
        files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect()
    }

    /// Names in `dir` other than `keep` (staging or old directories left behind).
    fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !keep.contains(&name.as_str()))
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn an_identical_tree_is_left_untouched() {
        use std::os::unix::fs::MetadataExt;
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        let files = krate(&[("src/lib.rs", "lib"), ("README.md", "readme")]);
        assert_eq!(write_dir(&out, &files, false).unwrap(), Written::Replaced);
        let directory = std::fs::metadata(&out).unwrap().ino();
        assert_eq!(write_dir(&out, &files, false).unwrap(), Written::Unchanged);
        assert_eq!(std::fs::metadata(&out).unwrap().ino(), directory);
        assert_eq!(tree(&out), as_tree(&files));
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_keep_their_inode_when_others_change() {
        use std::os::unix::fs::MetadataExt;
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(
            &out,
            &krate(&[("same.rs", "same"), ("changed.rs", "v1")]),
            false,
        )
        .unwrap();
        let inode = |name: &str| std::fs::metadata(out.join(name)).unwrap().ino();
        let (same, changed) = (inode("same.rs"), inode("changed.rs"));
        write_dir(
            &out,
            &krate(&[("same.rs", "same"), ("changed.rs", "v2")]),
            false,
        )
        .unwrap();
        assert_eq!(inode("same.rs"), same, "an unchanged file was rewritten");
        assert_ne!(inode("changed.rs"), changed);
        assert!(std::fs::read_to_string(out.join("changed.rs"))
            .unwrap()
            .contains("v2"));
    }

    #[test]
    fn generated_files_no_longer_made_go_with_their_empty_directories() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        let old = krate(&[("src/lib.rs", "lib"), ("src/old/a.rs", "a"), ("b.md", "b")]);
        write_dir(&out, &old, false).unwrap();
        let new = krate(&[("src/lib.rs", "lib"), ("b.md", "b, changed")]);
        assert_eq!(write_dir(&out, &new, false).unwrap(), Written::Replaced);
        assert_eq!(tree(&out), as_tree(&new));
        assert!(!out.join("src/old").exists(), "an emptied directory stayed");
        assert!(leftovers(temp.path(), &["crate"]).is_empty());
        assert!(leftovers(&out, &["src", "b.md", "codat-gen.lock"]).is_empty());
    }

    #[test]
    fn a_file_the_generator_did_not_write_is_refused_and_kept_and_force_keeps_it() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        std::fs::write(out.join("important.txt"), "mine").unwrap();
        std::fs::write(out.join("src/extra.rs"), "// hand-written").unwrap();
        let before = tree(&out);

        let new = krate(&[("src/lib.rs", "v2")]);
        let error = format!("{:#}", write_dir(&out, &new, false).unwrap_err());
        assert!(error.contains("important.txt"), "{error}");
        assert!(error.contains("src/extra.rs"), "{error}");
        assert!(error.contains("--force"), "{error}");
        assert_eq!(tree(&out), before, "a refused write changed the output");

        write_dir(&out, &new, true).unwrap();
        let mut expected = as_tree(&new);
        expected.insert("important.txt".into(), "mine".into());
        expected.insert("src/extra.rs".into(), "// hand-written".into());
        assert_eq!(tree(&out), expected);
    }

    #[test]
    fn a_hand_written_file_where_the_generator_writes_is_refused() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        std::fs::write(out.join("src/new.rs"), "mine").unwrap();
        let error = write_dir(
            &out,
            &krate(&[("src/lib.rs", "v1"), ("src/new.rs", "g")]),
            false,
        )
        .unwrap_err();
        assert!(format!("{error:#}").contains("src/new.rs"), "{error:#}");
        assert_eq!(
            std::fs::read_to_string(out.join("src/new.rs")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_directory_that_is_not_a_generated_crate_is_refused_unless_forced() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("project");
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
        std::fs::write(out.join("notes.txt"), "notes").unwrap();
        let before = tree(&out);
        let files = krate(&[("src/lib.rs", "lib")]);
        let error = format!("{:#}", write_dir(&out, &files, false).unwrap_err());
        assert!(
            error.contains("not a crate this generator wrote"),
            "{error}"
        );
        assert_eq!(tree(&out), before);

        write_dir(&out, &files, true).unwrap();
        let mut expected = before;
        expected.extend(as_tree(&files));
        assert_eq!(tree(&out), expected, "--force kept every other file");
    }

    #[test]
    fn an_empty_directory_and_cargo_build_output_are_fine() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        std::fs::create_dir_all(out.join("target/debug")).unwrap();
        std::fs::write(out.join("target/debug/bin"), [0u8, 159, 146, 150]).unwrap();
        std::fs::write(out.join("Cargo.lock"), "# cargo's").unwrap();
        let files = krate(&[("src/lib.rs", "lib")]);
        write_dir(&out, &files, false).unwrap();
        write_dir(&out, &krate(&[("src/lib.rs", "v2")]), false).unwrap();
        assert_eq!(
            std::fs::read(out.join("target/debug/bin")).unwrap(),
            [0u8, 159, 146, 150]
        );
        assert_eq!(
            std::fs::read_to_string(out.join("Cargo.lock")).unwrap(),
            "# cargo's"
        );
    }

    #[test]
    fn a_file_in_place_of_the_directory_is_refused_and_kept() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        std::fs::write(&out, "a file").unwrap();
        let error = write_dir(&out, &krate(&[("src/lib.rs", "lib")]), true).unwrap_err();
        assert!(
            format!("{error:#}").contains("not a directory"),
            "{error:#}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "a file");
        assert_eq!(leftovers(temp.path(), &["crate"]), Vec::<String>::new());
    }

    #[test]
    fn every_spelling_of_the_same_directory_updates_it_in_place() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        for (round, spelling) in ["crate/", "crate/src/..", "crate/./"].iter().enumerate() {
            let files = krate(&[("src/lib.rs", &format!("v{}", round + 2))]);
            write_dir(&temp.path().join(spelling), &files, false).unwrap();
            assert_eq!(tree(&out), as_tree(&files), "{spelling}");
            assert_eq!(
                leftovers(temp.path(), &["crate"]),
                Vec::<String>::new(),
                "{spelling}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_crate_updates_the_crate_and_stays_a_symlink() {
        let temp = tempfile::tempdir().unwrap();
        let real = temp.path().join("real");
        let link = temp.path().join("link");
        write_dir(&real, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let files = krate(&[("src/lib.rs", "v2")]);
        write_dir(&link, &files, false).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(tree(&real), as_tree(&files));
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_is_refused() {
        let temp = tempfile::tempdir().unwrap();
        let link = temp.path().join("link");
        std::os::unix::fs::symlink(temp.path().join("nowhere"), &link).unwrap();
        let error = write_dir(&link, &krate(&[("a.rs", "a")]), true).unwrap_err();
        assert!(format!("{error:#}").contains("symlink"), "{error:#}");
        assert!(!temp.path().join("nowhere").exists());
    }

    #[test]
    fn a_failure_while_moving_files_in_puts_every_old_file_back() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(
            &out,
            &krate(&[("README.md", "v1"), ("src/lib.rs", "v1")]),
            false,
        )
        .unwrap();
        // A hand-made file where the new output needs a directory: kept by --force, so the
        // move of `docs/a.md` into place fails after README.md and src/lib.rs moved.
        std::fs::write(out.join("docs"), "mine").unwrap();
        let before = tree(&out);
        let new = krate(&[
            ("README.md", "v2"),
            ("docs/a.md", "a"),
            ("src/lib.rs", "v2"),
        ]);
        let error = write_dir(&out, &new, true).unwrap_err();
        assert!(
            format!("{error:#}").contains("nothing was changed"),
            "{error:#}"
        );
        assert_eq!(tree(&out), before, "the old output was not restored");
        assert!(leftovers(&out, &["README.md", "src", "docs", "codat-gen.lock"]).is_empty());
    }

    #[test]
    fn a_directory_where_a_file_goes_is_never_moved_aside_even_with_force() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        std::fs::create_dir_all(out.join("src/new.rs")).unwrap();
        std::fs::write(out.join("src/new.rs/mine.txt"), "mine").unwrap();
        let before = tree(&out);
        let new = krate(&[("src/lib.rs", "v2"), ("src/new.rs", "generated")]);
        let error = write_dir(&out, &new, true).unwrap_err();
        assert!(format!("{error:#}").contains("is a directory"), "{error:#}");
        assert_eq!(tree(&out), before);
    }

    #[test]
    fn a_staging_directory_left_by_a_killed_run_is_removed() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        let stale = out.join(format!("{STAGING_PREFIX}killed"));
        std::fs::create_dir_all(stale.join("new")).unwrap();
        std::fs::write(stale.join(STAGING_OWNER), format!("{MARKER}\n")).unwrap();
        let empty = out.join(format!("{STAGING_PREFIX}empty"));
        std::fs::create_dir_all(&empty).unwrap();
        write_dir(&out, &krate(&[("src/lib.rs", "v2")]), false).unwrap();
        assert!(!stale.exists());
        assert!(!empty.exists());
    }

    #[test]
    fn a_staging_directory_that_is_not_provably_the_writers_is_kept() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        // What a run killed while moving files leaves: no owner file, old files inside.
        let moved_aside = out.join(format!("{STAGING_PREFIX}mid-commit/old/src/lib.rs"));
        std::fs::create_dir_all(moved_aside.parent().unwrap()).unwrap();
        std::fs::write(&moved_aside, "the previous lib.rs").unwrap();
        write_dir(&out, &krate(&[("src/lib.rs", "v2")]), false).unwrap();
        assert_eq!(
            std::fs::read_to_string(&moved_aside).unwrap(),
            "the previous lib.rs"
        );
    }

    #[test]
    fn a_refused_directory_keeps_its_staging_named_directories() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("project");
        let theirs = out.join(format!("{STAGING_PREFIX}theirs"));
        std::fs::create_dir_all(&theirs).unwrap();
        std::fs::write(theirs.join("data.txt"), "theirs").unwrap();
        std::fs::write(theirs.join(STAGING_OWNER), format!("{MARKER}\n")).unwrap();
        std::fs::write(out.join("notes.txt"), "notes").unwrap();
        let error = write_dir(&out, &krate(&[("src/lib.rs", "lib")]), false).unwrap_err();
        assert!(
            format!("{error:#}").contains("not a crate this generator wrote"),
            "{error:#}"
        );
        assert_eq!(
            std::fs::read_to_string(theirs.join("data.txt")).unwrap(),
            "theirs"
        );
        assert_eq!(
            leftovers(&out, &["notes.txt"]),
            [format!("{STAGING_PREFIX}theirs")]
        );
    }

    #[test]
    fn a_write_while_another_holds_the_lock_is_refused_and_changes_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        assert!(!out.join(WRITE_LOCK).exists(), "a write left its lock");
        // The other run's staging directory, mid-write.
        let running = out.join(format!("{STAGING_PREFIX}running"));
        std::fs::create_dir_all(running.join("new")).unwrap();
        std::fs::write(running.join(STAGING_OWNER), format!("{MARKER}\n")).unwrap();
        std::fs::write(out.join(WRITE_LOCK), "4242\n").unwrap();
        let before = tree(&out);
        let error = format!(
            "{:#}",
            write_dir(&out, &krate(&[("src/lib.rs", "v2")]), true).unwrap_err()
        );
        assert!(error.contains("pid 4242"), "{error}");
        assert_eq!(tree(&out), before);
        assert!(running.join("new").is_dir(), "the other run's staging went");
        assert_eq!(
            std::fs::read_to_string(out.join(WRITE_LOCK)).unwrap(),
            "4242\n"
        );
    }

    /// A crate at `crate` whose `src` is a symlink to `ext`, holding the user's `lib.rs`.
    #[cfg(unix)]
    fn crate_with_symlinked_src(temp: &Path) -> (PathBuf, PathBuf) {
        let out = temp.join("crate");
        let ext = temp.join("ext");
        write_dir(
            &out,
            &krate(&[("src/lib.rs", "v1"), ("src/a.rs", "a")]),
            false,
        )
        .unwrap();
        std::fs::remove_dir_all(out.join("src")).unwrap();
        std::fs::create_dir(&ext).unwrap();
        std::fs::write(ext.join("lib.rs"), "USER PRECIOUS").unwrap();
        std::os::unix::fs::symlink(&ext, out.join("src")).unwrap();
        (out, ext)
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_directory_below_out_is_never_written_through_even_with_force() {
        let temp = tempfile::tempdir().unwrap();
        let (out, ext) = crate_with_symlinked_src(temp.path());
        let new = krate(&[("src/lib.rs", "v2"), ("src/a.rs", "a"), ("README.md", "r")]);
        for force in [false, true] {
            let error = format!("{:#}", write_dir(&out, &new, force).unwrap_err());
            assert!(error.contains("symlink"), "{error}");
            assert_eq!(
                tree(&ext),
                BTreeMap::from([("lib.rs".into(), "USER PRECIOUS".into())]),
                "force {force}"
            );
            assert!(!out.join("README.md").exists(), "force {force}");
            assert!(std::fs::symlink_metadata(out.join("src"))
                .unwrap()
                .file_type()
                .is_symlink());
            assert!(leftovers(&out, &["src", "codat-gen.lock"]).is_empty());
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_a_generated_path_is_refused_and_its_target_kept_even_with_force() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        let mine = temp.path().join("mine.rs");
        std::fs::write(&mine, "USER PRECIOUS").unwrap();
        std::fs::remove_file(out.join("src/lib.rs")).unwrap();
        std::os::unix::fs::symlink(&mine, out.join("src/lib.rs")).unwrap();
        let error = format!(
            "{:#}",
            write_dir(&out, &krate(&[("src/lib.rs", "v2")]), true).unwrap_err()
        );
        assert!(error.contains("symlink"), "{error}");
        assert_eq!(std::fs::read_to_string(&mine).unwrap(), "USER PRECIOUS");
        assert!(std::fs::symlink_metadata(out.join("src/lib.rs"))
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_beside_the_crate_is_a_foreign_file_kept_by_force() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("crate");
        write_dir(&out, &krate(&[("src/lib.rs", "v1")]), false).unwrap();
        let ext = temp.path().join("ext");
        std::fs::create_dir(&ext).unwrap();
        std::fs::write(ext.join("keep.txt"), "USER PRECIOUS").unwrap();
        std::os::unix::fs::symlink(&ext, out.join("linked")).unwrap();
        let new = krate(&[("src/lib.rs", "v2")]);
        let error = format!("{:#}", write_dir(&out, &new, false).unwrap_err());
        assert!(error.contains("linked"), "{error}");
        write_dir(&out, &new, true).unwrap();
        assert!(std::fs::symlink_metadata(out.join("linked"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_to_string(ext.join("keep.txt")).unwrap(),
            "USER PRECIOUS"
        );
    }
}
