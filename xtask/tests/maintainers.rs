//! The maintainers' workflow as processes: pins refuse a wrong spec, `--check` reports drift
//! without writing, a spec update changes exactly what it should, `fetch-spec` verifies what it
//! downloads, and `bump-version` edits only the version.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("xtask runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn specs_dir() -> PathBuf {
    match std::env::var_os("CODAT_SPECS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/codat"),
    }
}

fn history_spec() -> PathBuf {
    specs_dir().join("../codat-history/Codat-Platform-28f4886.yaml")
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read_to_string(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn generate(spec: &Path, out: &Path, check: bool) -> Output {
    let mut args = vec![
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        "codat-platform",
    ];
    if check {
        args.push("--check");
    }
    xtask(&args, &[])
}

#[test]
fn a_spec_that_differs_from_its_pin_is_refused_with_the_pin_to_update() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(specs_dir().join("Codat-Platform.yaml")).unwrap();
    text.push_str("\n# edited\n");
    std::fs::write(dir.path().join("Codat-Platform.yaml"), text).unwrap();
    let output = xtask(&["generate", "--check"], &[("CODAT_SPECS_DIR", dir.path())]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("spec/pins.toml pins `platform`"),
        "{message}"
    );
    assert!(message.contains("update `sha256`"), "{message}");
}

#[test]
fn a_spec_update_changes_only_what_it_adds_and_check_catches_stale_output() {
    let work = tempfile::tempdir().unwrap();
    let old = work.path().join("old");
    let out = work.path().join("sdk");
    assert!(generate(&history_spec(), &old, false).status.success());
    assert!(generate(&history_spec(), &out, false).status.success());
    let current = specs_dir().join("Codat-Platform.yaml");

    // Stale output fails the check, lists what changed, names the fix, and is not touched.
    let before = tree(&out);
    let check = generate(&current, &out, true);
    let report = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(
        report.contains("changed: src/groups/companies.rs"),
        "{report}"
    );
    assert!(
        report.contains("+    pub async fn get_company_sync_settings("),
        "{report}"
    );
    assert!(
        report.contains("Run `cargo xtask generate --spec"),
        "{report}"
    );
    assert_eq!(tree(&out), before, "--check wrote to the output");

    assert!(generate(&current, &out, false).status.success());
    let check = generate(&current, &out, true);
    assert!(check.status.success(), "{}", stderr(&check));

    let (old, new) = (tree(&old), tree(&out));
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>(),
        "files were added or removed"
    );
    let changed: Vec<&str> = new
        .iter()
        .filter(|(path, text)| old[*path] != **text)
        .map(|(path, _)| path.to_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        [
            "codat-gen.lock",
            "src/blocking.rs",
            "src/groups/companies.rs",
            "src/groups/supplemental_data.rs",
            "src/models/operations.rs",
            "src/models/shared.rs",
            "src/webhooks.rs",
        ]
    );
    let webhooks = &new[Path::new("src/webhooks.rs")];
    for event in ["CompanyProductAdded(", "CompanyProductRemoved("] {
        assert!(
            webhooks.contains(event),
            "{event} missing from the webhook events"
        );
        assert!(!old[Path::new("src/webhooks.rs")].contains(event));
    }
    let blocking = &new[Path::new("src/blocking.rs")];
    assert!(blocking.contains("pub fn get_company_sync_settings("));
    let companies = &new[Path::new("src/groups/companies.rs")];
    for method in ["get_company_sync_settings", "set_company_sync_settings"] {
        assert!(
            companies.contains(&format!("pub async fn {method}(")),
            "{method} missing"
        );
        assert!(!old[Path::new("src/groups/companies.rs")].contains(&format!("fn {method}(")));
    }
    let shared = &new[Path::new("src/models/shared.rs")];
    for model in ["CompanyProductWebhook", "CompanyProductWebhookPayload"] {
        assert!(
            shared.contains(&format!("pub struct {model} {{")),
            "{model} missing"
        );
        assert!(!old[Path::new("src/models/shared.rs")].contains(&format!("pub struct {model} {{")));
    }
    // The one other change upstream made is a doc wording fix; code in that file is identical.
    let code = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.trim_start().starts_with("///"))
            .map(str::to_owned)
            .collect()
    };
    let path = Path::new("src/groups/supplemental_data.rs");
    assert_eq!(code(&old[path]), code(&new[path]));
}

#[test]
fn check_lists_added_removed_and_changed_files_and_never_writes() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("sdk");
    let spec = specs_dir().join("Codat-Platform.yaml");
    assert!(generate(&spec, &out, false).status.success());
    std::fs::remove_file(out.join("src/groups/cors.rs")).unwrap();
    std::fs::write(out.join("src/extra.rs"), "// hand-written\n").unwrap();
    let lib = out.join("src/lib.rs");
    let edited = std::fs::read_to_string(&lib).unwrap() + "// local edit\n";
    std::fs::write(&lib, &edited).unwrap();
    let before = tree(&out);
    let check = generate(&spec, &out, true);
    let report = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(
        report.contains("added (the generator makes it, it is not on disk): src/groups/cors.rs"),
        "{report}"
    );
    assert!(
        report.contains("removed (on disk, the generator no longer makes it): src/extra.rs"),
        "{report}"
    );
    assert!(report.contains("changed: src/lib.rs"), "{report}");
    assert!(report.contains("-// local edit"), "{report}");
    assert_eq!(tree(&out), before, "--check wrote to the output");
}

/// Serves `body` for one request on loopback and returns the URL of `name`.
fn serve_once(name: &str, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/{name}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    url
}

fn pins_file(dir: &Path, url: &str, sha: &str) -> PathBuf {
    let path = dir.join("pins.toml");
    std::fs::write(
        &path,
        format!(
            "[[spec]]\nname = \"test\"\nfile = \"Codat-Test.yaml\"\nurl = {url:?}\nlatest_url = {url:?}\nsha256 = {sha:?}\ncrate = \"codat-test\"\ncrate_version = \"1.2.3\"\nout = \"unused\"\n"
        ),
    )
    .unwrap();
    path
}

const SPEC_BYTES: &[u8] = b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n";
const SPEC_SHA: &str = "3cbe3b45542bd1b4b8e4c3c50bb21aa4cb2fe9a6b3ce2a0cd0fb2bbbd7bf1d1e";

fn sha_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn fetch_spec_writes_verified_bytes_and_refuses_others() {
    let work = tempfile::tempdir().unwrap();
    let sha = sha_of(SPEC_BYTES);
    assert_ne!(sha, SPEC_SHA, "the refusal case below needs a wrong pin");

    let pins = pins_file(
        work.path(),
        &serve_once("Codat-Test.yaml", SPEC_BYTES.to_vec()),
        &sha,
    );
    let dir = work.path().join("specs");
    let output = xtask(
        &[
            "fetch-spec",
            "--pins",
            pins.to_str().unwrap(),
            "--dir",
            dir.to_str().unwrap(),
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(dir.join("Codat-Test.yaml")).unwrap(),
        SPEC_BYTES
    );

    let refused_dir = work.path().join("refused");
    let pins = pins_file(
        work.path(),
        &serve_once("Codat-Test.yaml", SPEC_BYTES.to_vec()),
        SPEC_SHA,
    );
    let output = xtask(
        &[
            "fetch-spec",
            "--pins",
            pins.to_str().unwrap(),
            "--dir",
            refused_dir.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not the pinned"),
        "{}",
        stderr(&output)
    );
    assert!(!refused_dir.exists(), "a refused download was written");

    let pins = pins_file(
        work.path(),
        &serve_once("Codat-Test.yaml", SPEC_BYTES.to_vec()),
        SPEC_SHA,
    );
    let output = xtask(
        &[
            "fetch-spec",
            "--latest",
            "--pins",
            pins.to_str().unwrap(),
            "--dir",
            refused_dir.to_str().unwrap(),
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("upstream moved"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn fetch_spec_offline_says_what_to_do() {
    let work = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let pins = pins_file(
        work.path(),
        &format!("http://127.0.0.1:{port}/Codat-Test.yaml"),
        SPEC_SHA,
    );
    let output = xtask(
        &[
            "fetch-spec",
            "--pins",
            pins.to_str().unwrap(),
            "--dir",
            work.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("without network, copy the file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bump_version_edits_only_the_crate_version() {
    let work = tempfile::tempdir().unwrap();
    let pins = pins_file(work.path(), "http://127.0.0.1:9/x", SPEC_SHA);
    let before = std::fs::read_to_string(&pins).unwrap();
    let output = xtask(
        &["bump-version", "minor", "--pins", pins.to_str().unwrap()],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let after = std::fs::read_to_string(&pins).unwrap();
    assert_eq!(
        after,
        before.replace("crate_version = \"1.2.3\"", "crate_version = \"1.3.0\"")
    );
}
