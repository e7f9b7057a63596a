//! References to other files (`components.yaml#/components/schemas/X`, `./schemas/pet.yaml`):
//! each file they reach is read once, its own references made local, and the whole embedded
//! under [`EXTERNAL`] at the document's root, so that [`super::refs`] resolves every reference
//! as a local one. The embedded files are taken out again once references are resolved.
//!
//! Only files inside the root spec's directory tree are read: a reference that leaves it
//! (`../`, an absolute path, a symbolic link pointing out) or goes over the network (`https:`)
//! is an error naming the file and the pointer of the reference. Only regular `.yaml`, `.yml`
//! and `.json` files whose path (inside the tree) has no name starting with `.` are read, and
//! each must hold a mapping: a `$ref` must not make the loader read, and its messages show,
//! `.env`, `.ssh/id_ed25519` or a FIFO.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

use super::context::Ctx;
use super::pointer::{local_ref, parse_pointer};
use super::walk::{ref_sites, Pos};
use crate::error::GenError;

/// Where other files are embedded while references are resolved: `/<EXTERNAL>/<dir>/<stem>`.
/// An extension, so every stage treats it as data until a reference leads into it.
pub(crate) const EXTERNAL: &str = "x-codat-external-files";

/// How many files one spec may reach.
const MAX_FILES: usize = 1_000;

/// How large one file a `$ref` names may be.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// How many bytes all the files a spec refers to may hold together.
const MAX_TOTAL_BYTES: u64 = 256 << 20;

/// Where the files a spec refers to may be read from.
pub(crate) enum Files<'a> {
    /// The spec was given as text: only local references can be followed.
    None,
    /// The spec was read from `file`: its directory tree may be read.
    Beside(&'a Path),
}

/// Embeds every file `doc` refers to (transitively) and makes every reference to one local.
pub(crate) fn embed_all(doc: &mut Value, ctx: &mut Ctx, files: Files<'_>) -> Result<(), GenError> {
    let root_file = ctx.file().to_path_buf();
    let mut bundle = match files {
        Files::None => Bundle::text_only(root_file),
        Files::Beside(path) => Bundle::beside(root_file, path)?,
    };
    let root = Source {
        file: bundle.root_display.clone(),
        dir: Vec::new(),
        embedded_at: None,
    };
    bundle.make_local(doc, Pos::Root, &root)?;
    while let Some((source, mut content, pos)) = bundle.queue.pop() {
        bundle.make_local(&mut content, pos, &source)?;
        if let Some(at) = &source.embedded_at {
            ctx.add_origin(at, &source.file);
            super::big_numbers::settle_from(&mut content, pos, &mut |path, message| {
                ctx.warn(&[at.as_slice(), path].concat(), message);
            });
            insert(doc, at, content);
        }
    }
    // Checked once every file is in place, so that the error names the reference as written.
    for made in &bundle.made {
        let exists = super::pointer::get(doc, &made.target).is_some()
            || super::refs::follow(doc, &made.target, 0).is_some();
        if !exists {
            return Err(GenError::Invalid {
                file: made.file.clone(),
                pointer: super::pointer::to_pointer(&made.site),
                message: format!("cannot resolve `$ref: {}`: no such node", made.reference),
            });
        }
    }
    Ok(())
}

/// A reference [`Bundle::localize`] rewrote: where it was written, as written, and its target.
struct Made {
    file: PathBuf,
    site: Vec<String>,
    reference: String,
    target: Vec<String>,
}

/// Takes the embedded files out of `doc`.
pub(crate) fn remove_embedded(doc: &mut Value) {
    if let Value::Object(root) = doc {
        root.shift_remove(EXTERNAL);
    }
}

/// A file whose references are being made local.
#[derive(Clone)]
struct Source {
    /// How messages name it.
    file: PathBuf,
    /// Its directory, relative to the root spec's, one name a component.
    dir: Vec<String>,
    /// Its tokens under [`EXTERNAL`]; `None` for the root spec.
    embedded_at: Option<Vec<String>>,
}

struct Bundle {
    /// The root spec's directory, canonical; `None` when only text was given.
    root_dir: Option<PathBuf>,
    /// The root spec itself, canonical (a reference back to it is local).
    root_canonical: Option<PathBuf>,
    /// How messages name the root spec.
    root_display: PathBuf,
    /// Every file read so far (canonical path) and where it is embedded.
    seen: HashMap<PathBuf, Vec<String>>,
    /// Files read but not yet made local, with the position their content holds.
    queue: Vec<(Source, Value, Pos)>,
    /// Every reference rewritten so far.
    made: Vec<Made>,
    /// Bytes read from other files so far.
    total_bytes: u64,
}

impl Bundle {
    fn text_only(root_display: PathBuf) -> Self {
        Bundle {
            root_dir: None,
            root_canonical: None,
            root_display,
            seen: HashMap::new(),
            queue: Vec::new(),
            made: Vec::new(),
            total_bytes: 0,
        }
    }

    fn beside(root_display: PathBuf, path: &Path) -> Result<Self, GenError> {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let root_dir = parent.canonicalize().map_err(|source| GenError::Io {
            file: path.to_path_buf(),
            source,
        })?;
        let root_canonical = path
            .canonicalize()
            .unwrap_or_else(|_| root_dir.join(path.file_name().unwrap_or_default()));
        Ok(Bundle {
            root_dir: Some(root_dir),
            root_canonical: Some(root_canonical),
            root_display,
            seen: HashMap::new(),
            queue: Vec::new(),
            made: Vec::new(),
            total_bytes: 0,
        })
    }

    /// Rewrites every reference in `content` (a file's content, at `pos`) into a local one.
    fn make_local(
        &mut self,
        content: &mut Value,
        pos: Pos,
        source: &Source,
    ) -> Result<(), GenError> {
        for site in ref_sites(content, &[], pos) {
            let Some(Value::String(reference)) =
                super::pointer::get(content, &site.path).and_then(|s| s.get("$ref"))
            else {
                continue;
            };
            let Some(local) = self.localize(reference, site.kind, source, &site.path)? else {
                continue;
            };
            if let Some(Value::Object(map)) = super::pointer::get_mut(content, &site.path) {
                map.insert("$ref".to_owned(), Value::String(local));
            }
        }
        Ok(())
    }

    /// The local form of `reference`, written in `source` at `site`; `None` when it is one
    /// already (in the root spec).
    fn localize(
        &mut self,
        reference: &str,
        kind: Option<super::walk::Obj>,
        source: &Source,
        site: &[String],
    ) -> Result<Option<String>, GenError> {
        let invalid = |message: String| GenError::Invalid {
            file: source.file.clone(),
            pointer: super::pointer::to_pointer(site),
            message,
        };
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment_tokens = || {
            percent_decode_str(fragment)
                .decode_utf8()
                .ok()
                .and_then(|f| parse_pointer(&f))
                .ok_or_else(|| {
                    invalid(format!(
                        "cannot resolve `$ref: {reference}`: `#{fragment}` is not a JSON pointer"
                    ))
                })
        };
        let made = |bundle: &mut Self, target: Vec<String>| {
            let local = local_ref(&target);
            bundle.made.push(Made {
                file: source.file.clone(),
                site: site.to_vec(),
                reference: reference.to_owned(),
                target,
            });
            Ok(Some(local))
        };
        if path.is_empty() {
            return match &source.embedded_at {
                None => Ok(None),
                Some(at) => made(self, [at.clone(), fragment_tokens()?].concat()),
            };
        }
        check_relative(path)
            .map_err(|why| invalid(format!("cannot resolve `$ref: {reference}`: {why}")))?;
        let Some(root_dir) = self.root_dir.clone() else {
            return Err(invalid(format!(
                "cannot resolve `$ref: {reference}`: the spec was given as text, so only local \
                 references (`#/...`) can be followed; load it from its file to follow \
                 references to other files"
            )));
        };
        let relative = join(&source.dir, path).ok_or_else(|| {
            invalid(format!(
                "cannot resolve `$ref: {reference}`: it leads outside the spec's directory"
            ))
        })?;
        check_names(&relative)
            .map_err(|why| invalid(format!("cannot resolve `$ref: {reference}`: {why}")))?;
        let full = relative
            .iter()
            .fold(root_dir.clone(), |p, name| p.join(name));
        let canonical = full.canonicalize().map_err(|e| {
            invalid(format!(
                "cannot resolve `$ref: {reference}`: cannot read {}: {e}",
                full.display()
            ))
        })?;
        if !canonical.starts_with(&root_dir) {
            return Err(invalid(format!(
                "cannot resolve `$ref: {reference}`: it leads outside the spec's directory \
                 (through a symbolic link)"
            )));
        }
        // A symbolic link inside the tree may name a dotfile or a file of another kind.
        let names: Vec<String> = canonical
            .strip_prefix(&root_dir)
            .unwrap_or(&canonical)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if Some(&canonical) != self.root_canonical.as_ref() {
            check_names(&names).map_err(|why| {
                invalid(format!(
                    "cannot resolve `$ref: {reference}`: {why} (through a symbolic link)"
                ))
            })?;
        }
        // Checked before opening: reading a FIFO or a device would never end.
        match std::fs::metadata(&canonical) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => {
                return Err(invalid(format!(
                    "cannot resolve `$ref: {reference}`: {} is not a regular file",
                    full.display()
                )))
            }
            Err(e) => {
                return Err(invalid(format!(
                    "cannot resolve `$ref: {reference}`: cannot read {}: {e}",
                    full.display()
                )))
            }
        }
        let tokens = fragment_tokens()?;
        if Some(&canonical) == self.root_canonical.as_ref() {
            return made(self, tokens);
        }
        let at = match self.seen.get(&canonical) {
            Some(at) => at.clone(),
            None => {
                let pos = match kind {
                    Some(obj) if tokens.is_empty() => Pos::Item(obj),
                    _ => Pos::Root,
                };
                self.read(&root_dir, &canonical, pos)?
            }
        };
        made(self, [at, tokens].concat())
    }

    /// Reads and parses the file at `canonical` (inside `root_dir`), queues it and returns
    /// where it will be embedded.
    fn read(
        &mut self,
        root_dir: &Path,
        canonical: &Path,
        pos: Pos,
    ) -> Result<Vec<String>, GenError> {
        let relative = canonical.strip_prefix(root_dir).unwrap_or(canonical);
        let file = self
            .root_display
            .parent()
            .map_or_else(|| relative.to_path_buf(), |p| p.join(relative));
        if self.seen.len() >= MAX_FILES {
            return Err(GenError::Invalid {
                file,
                pointer: String::new(),
                message: format!("the spec refers to more than {MAX_FILES} files"),
            });
        }
        let text = self.read_limited(canonical, &file)?;
        let content = super::parse::parse_text(&file, &text)?;
        if !content.is_object() {
            return Err(GenError::Invalid {
                file,
                pointer: String::new(),
                message: "a file a `$ref` names must hold a mapping (a YAML or JSON object)"
                    .to_owned(),
            });
        }
        let mut dir: Vec<String> = relative
            .parent()
            .into_iter()
            .flat_map(|p| p.components())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let stem = relative
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = relative
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir_key = dir.join("/");
        let mut at = vec![EXTERNAL.to_owned(), dir_key.clone(), stem];
        let mut extra = 1;
        while self.seen.values().any(|taken| *taken == at) {
            at = vec![
                EXTERNAL.to_owned(),
                dir_key.clone(),
                format!("{name}{extra}"),
            ];
            extra += 1;
        }
        self.seen.insert(canonical.to_path_buf(), at.clone());
        let source = Source {
            file,
            dir: std::mem::take(&mut dir),
            embedded_at: Some(at.clone()),
        };
        self.queue.push((source, content, pos));
        Ok(at)
    }
}

impl Bundle {
    /// The text of `canonical` (a regular file), within [`MAX_FILE_BYTES`] and what is left of
    /// [`MAX_TOTAL_BYTES`]; `file` names it in messages.
    fn read_limited(&mut self, canonical: &Path, file: &Path) -> Result<String, GenError> {
        use std::io::Read;
        let io = |source| GenError::Io {
            file: file.to_path_buf(),
            source,
        };
        let left = MAX_TOTAL_BYTES.saturating_sub(self.total_bytes);
        let limit = MAX_FILE_BYTES.min(left);
        let mut bytes = Vec::new();
        // One byte more than allowed tells a file at the limit from one beyond it.
        std::fs::File::open(canonical)
            .map_err(io)?
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        let read = bytes.len() as u64;
        if read > limit {
            let message = if limit == MAX_FILE_BYTES {
                format!("the file is larger than {} MiB", MAX_FILE_BYTES >> 20)
            } else {
                format!(
                    "the files the spec refers to hold more than {} MiB together",
                    MAX_TOTAL_BYTES >> 20
                )
            };
            return Err(GenError::Invalid {
                file: file.to_path_buf(),
                pointer: String::new(),
                message,
            });
        }
        self.total_bytes += read;
        String::from_utf8(bytes).map_err(|e| {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "the file is not UTF-8 text (byte {})",
                    e.utf8_error().valid_up_to()
                ),
            ))
        })
    }
}

/// Why the file at `names` (inside the root spec's directory) is not one a `$ref` may read:
/// secrets live in dotfiles and dot-directories (`.env`, `.ssh/`), and specs in YAML or JSON.
fn check_names(names: &[String]) -> Result<(), String> {
    if let Some(name) = names.iter().find(|n| n.starts_with('.')) {
        return Err(format!(
            "`{name}` starts with `.`: hidden files and directories are not read"
        ));
    }
    let last = names.last().map(String::as_str).unwrap_or_default();
    let extension = Path::new(last)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("yaml" | "yml" | "json") => Ok(()),
        _ => Err("only `.yaml`, `.yml` and `.json` files are read".to_owned()),
    }
}

/// Why `path` (the part of a `$ref` before `#`) cannot be read as a relative file path.
fn check_relative(path: &str) -> Result<(), &'static str> {
    let scheme = path.split_once(':').map(|(s, _)| s).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    match scheme {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {
            Err("references over the network are not followed")
        }
        Some(_) => Err("only relative file paths are followed, not URIs"),
        None if path.starts_with('/') || path.contains('\\') => {
            Err("only relative file paths are followed, not absolute ones")
        }
        None => Ok(()),
    }
}

/// `reference` (percent-encoded, `/`-separated) taken from the directory `dir`: the names from
/// the root spec's directory down, or `None` when it climbs out of it.
fn join(dir: &[String], reference: &str) -> Option<Vec<String>> {
    let decoded = percent_decode_str(reference).decode_utf8().ok()?;
    let mut out = dir.to_vec();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            name => {
                // A name that a platform reads as more than one component (`C:`, `a\b`).
                let mut components = Path::new(name).components();
                match (components.next(), components.next()) {
                    (Some(Component::Normal(_)), None) => out.push(name.to_owned()),
                    _ => return None,
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Puts `content` at `at` (tokens from the root), making the objects on the way.
fn insert(doc: &mut Value, at: &[String], content: Value) {
    let Some((last, parents)) = at.split_last() else {
        return;
    };
    let mut node = doc;
    for token in parents {
        let Value::Object(map) = node else { return };
        node = map
            .entry(token.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(map) = node {
        map.insert(last.clone(), content);
    }
}
