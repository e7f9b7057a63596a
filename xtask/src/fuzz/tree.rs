//! A directory's files as bytes: the unmutated output read once, copied under every mutant,
//! and compared with what a failed run left.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Every file under a directory, by relative path.
pub type Tree = BTreeMap<PathBuf, Vec<u8>>;

/// Every file under `dir` with its bytes, hidden ones included (a failed run must leave no
/// staging directory behind).
pub fn read_tree(dir: &Path) -> Result<Tree> {
    let mut tree = Tree::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in
            std::fs::read_dir(&current).with_context(|| format!("reading {}", current.display()))?
        {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path)?;
                tree.insert(path.strip_prefix(dir).unwrap_or(&path).to_path_buf(), bytes);
            }
        }
    }
    Ok(tree)
}

/// Writes `tree` (read from `from`) to `to`.
pub fn copy_tree(from: &Path, to: &Path, tree: &Tree) -> Result<()> {
    for (relative, bytes) in tree {
        let path = to.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)
            .with_context(|| format!("copying {} from {}", path.display(), from.display()))?;
    }
    Ok(())
}
