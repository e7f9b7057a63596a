//! `cargo xtask generate --out DIR` never loses data: files it did not write are refused and
//! kept, every spelling of the output path (`.`, `..`, the current directory, a trailing slash)
//! updates the directory in place, and a file in place of the directory is refused.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{stderr, tree};

const SPEC: &str = "openapi: 3.1.0
info: {title: Tiny, version: '1'}
paths:
  /things:
    get:
      operationId: list-things
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
";

/// Runs `generate --spec SPEC --out OUT --crate-name tiny [extra]` in `cwd`.
fn generate_in(cwd: &Path, spec: &Path, out: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec", spec.to_str().unwrap(), "--out", out])
        .args(["--crate-name", "tiny"])
        .args(extra)
        .current_dir(cwd)
        .output()
        .expect("xtask runs")
}

/// A work directory holding the spec and a generated crate at `proj`.
fn crate_at_proj() -> (tempfile::TempDir, std::path::PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let spec = work.path().join("tiny.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let first = generate_in(work.path(), &spec, "proj", &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    (work, spec)
}

/// Entries of `dir` whose names start with a dot (staging or old directories).
fn hidden(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn a_file_beside_the_crate_is_refused_and_kept_and_force_keeps_it() {
    let (work, spec) = crate_at_proj();
    let proj = work.path().join("proj");
    std::fs::write(proj.join("important.txt"), "do not lose me").unwrap();
    let before = tree(&proj);

    let refused = generate_in(work.path(), &spec, "proj", &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("important.txt"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(tree(&proj), before);

    let forced = generate_in(work.path(), &spec, "proj", &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(tree(&proj), before, "--force kept the file and the crate");
}

#[test]
fn a_project_that_is_not_a_generated_crate_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let spec = work.path().join("tiny.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let proj = work.path().join("proj");
    std::fs::create_dir_all(proj.join("src")).unwrap();
    std::fs::write(proj.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(proj.join("src/main.rs"), "fn main() {}\n").unwrap();
    let before = tree(&proj);
    let refused = generate_in(&proj, &spec, ".", &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("not a crate this generator wrote"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(tree(&proj), before);
    assert!(hidden(&proj).is_empty(), "{:?}", hidden(&proj));
}

#[test]
fn out_dot_dot_from_inside_the_crate_keeps_the_crate() {
    let (work, spec) = crate_at_proj();
    let proj = work.path().join("proj");
    let before = tree(&proj);
    std::fs::write(&spec, SPEC.replace("version: '1'", "version: '2'")).unwrap();
    let again = generate_in(&proj, &spec, "../proj", &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(proj.join("Cargo.toml").is_file(), "proj is gone");
    assert_ne!(tree(&proj), before, "the new spec was not written");
    assert!(hidden(work.path()).is_empty(), "{:?}", hidden(work.path()));
}

#[test]
fn out_dot_updates_the_current_directory_and_leaves_no_staging() {
    let (work, spec) = crate_at_proj();
    let proj = work.path().join("proj");
    for version in ["2", "3", "3"] {
        std::fs::write(
            &spec,
            SPEC.replace("version: '1'", &format!("version: '{version}'")),
        )
        .unwrap();
        let run = generate_in(&proj, &spec, ".", &[]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(
            hidden(&proj).is_empty(),
            "left in proj: {:?}",
            hidden(&proj)
        );
        assert!(hidden(work.path()).is_empty(), "{:?}", hidden(work.path()));
        let lock = std::fs::read_to_string(proj.join("codat-gen.lock")).unwrap();
        assert!(lock.contains(&format!("version = \"{version}\"")), "{lock}");
    }
}

#[test]
fn a_trailing_slash_and_an_absolute_path_name_the_same_crate() {
    let (work, spec) = crate_at_proj();
    let proj = work.path().join("proj");
    let before = tree(&proj);
    for out in ["proj/", proj.to_str().unwrap(), "./proj/."] {
        let run = generate_in(work.path(), &spec, out, &[]);
        assert!(run.status.success(), "{out}: {}", stderr(&run));
        assert_eq!(tree(&proj), before, "{out}");
        assert!(
            hidden(work.path()).is_empty(),
            "{out}: {:?}",
            hidden(work.path())
        );
    }
}

#[test]
fn a_file_in_place_of_the_output_directory_is_refused_and_kept() {
    let work = tempfile::tempdir().unwrap();
    let spec = work.path().join("tiny.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    std::fs::write(work.path().join("proj"), "a file").unwrap();
    let run = generate_in(work.path(), &spec, "proj", &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("not a directory"), "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(work.path().join("proj")).unwrap(),
        "a file"
    );
}

#[test]
fn every_generated_file_carries_the_marker_the_writer_recognises() {
    let (work, _spec) = crate_at_proj();
    for (path, text) in tree(&work.path().join("proj")) {
        let first = text.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated by `cargo xtask generate`"),
            "{}: {first}",
            path.display()
        );
    }
}

#[cfg(unix)]
#[test]
fn force_never_writes_through_a_symlinked_directory_inside_the_output() {
    let (work, spec) = crate_at_proj();
    let proj = work.path().join("proj");
    let ext = work.path().join("ext");
    std::fs::rename(proj.join("src"), proj.join("src.real")).unwrap();
    std::fs::create_dir(&ext).unwrap();
    std::fs::write(ext.join("lib.rs"), "USER PRECIOUS").unwrap();
    std::os::unix::fs::symlink(&ext, proj.join("src")).unwrap();
    let ext_before = tree(&ext);

    let forced = generate_in(work.path(), &spec, "proj", &["--force"]);
    assert_eq!(forced.status.code(), Some(1), "{}", stderr(&forced));
    assert!(stderr(&forced).contains("symlink"), "{}", stderr(&forced));
    assert_eq!(tree(&ext), ext_before, "files outside --out changed");
    assert!(hidden(&proj).is_empty(), "{:?}", hidden(&proj));
}
