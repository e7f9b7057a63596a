//! `cargo xtask generate` as a process: a broken spec fails cleanly and touches nothing, and the
//! same spec always gives the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

/// `cargo xtask generate --spec SPEC --out OUT --crate-name NAME`.
fn generate(spec: &Path, out: &Path, crate_name: &str) -> Output {
    xtask(&[
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        crate_name,
    ])
}

fn platform_spec() -> PathBuf {
    let dir = match std::env::var_os("CODAT_SPECS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/codat"),
    };
    dir.join("Codat-Platform.yaml")
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Generates `spec` into a fresh `out` that already holds a previous output, and returns the
/// process output; the previous output must survive any failure.
fn generate_over_existing(spec_text: &str) -> (Output, PathBuf, tempfile::TempDir) {
    let work = tempfile::tempdir().unwrap();
    let spec = work.path().join("broken.yaml");
    std::fs::write(&spec, spec_text).unwrap();
    let out = work.path().join("sdk");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "// the previous output\n").unwrap();
    let output = generate(&spec, &out, "broken");
    (output, out, work)
}

fn assert_failed_cleanly(output: &Output, out: &Path, expected: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        !stderr.contains("panicked"),
        "the generator panicked: {stderr}"
    );
    for needle in expected {
        assert!(stderr.contains(needle), "stderr lacks {needle:?}: {stderr}");
    }
    assert_eq!(
        tree(out),
        BTreeMap::from([(
            PathBuf::from("src/lib.rs"),
            b"// the previous output\n".to_vec()
        )]),
        "the previous output was changed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".generated"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging directories left behind: {leftovers:?}"
    );
}

#[test]
fn an_unresolvable_ref_names_file_and_pointer_and_writes_nothing() {
    let (output, out, _work) = generate_over_existing(
        "openapi: 3.1.0
info: {title: Broken, version: '1'}
paths:
  /things:
    get:
      operationId: list-things
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
",
    );
    assert_failed_cleanly(
        &output,
        &out,
        &[
            "broken.yaml",
            "/paths/~1things/get/responses/200/content/application~1json/schema",
            "#/components/schemas/Missing",
        ],
    );
}

#[test]
fn invalid_yaml_names_the_file() {
    let (output, out, _work) = generate_over_existing("openapi: 3.1.0\ninfo: [unclosed\n");
    assert_failed_cleanly(&output, &out, &["broken.yaml"]);
}

#[test]
fn a_schema_openapiv3_rejects_names_its_pointer() {
    let (output, out, _work) = generate_over_existing(
        "openapi: 3.1.0
info: {title: Broken, version: '1'}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        count: {type: 5}
",
    );
    assert_failed_cleanly(
        &output,
        &out,
        &["broken.yaml", "/components/schemas/Thing/properties/count"],
    );
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let work = tempfile::tempdir().unwrap();
    let spec = platform_spec();
    let mut trees = Vec::new();
    for run in ["first", "second"] {
        let out = work.path().join(run);
        let output = generate(&spec, &out, "codat-platform");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        trees.push(tree(&out));
    }
    assert!(
        trees[0].len() > 20,
        "only {} files generated",
        trees[0].len()
    );
    assert!(trees[0] == trees[1], "two runs on the same spec differ");
}

/// A spec no pin names is someone else's API: it needs `--out` (it never lands in a committed
/// crate's directory) and carries its own name and branding, not Codat's.
#[test]
fn an_unpinned_spec_needs_out_and_is_branded_by_itself() {
    let work = tempfile::tempdir().unwrap();
    let spec = work.path().join("Pet Store.v2.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: Pets, version: '1', contact: {name: Acme}}\npaths: {}\n",
    )
    .unwrap();
    let refused = xtask(&["generate", "--spec", spec.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--out"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let out = work.path().join("pets");
    let run = xtask(&[
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"pet-store-v2\""), "{manifest}");
    assert!(manifest.contains("Acme"), "{manifest}");
    let lowered = manifest.to_lowercase().replace("codat-runtime", "");
    assert!(!lowered.contains("codat"), "{manifest}");
}
