//! Helpers shared by the xtask integration tests: run the binary, read a directory tree, write
//! a pins file, serve files over loopback HTTP.
#![allow(dead_code)] // each test file uses a different subset

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Runs the xtask binary with `args` and extra environment variables.
pub fn xtask(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(args).env_remove("CODAT_SPECS_DIR");
    if let Some(dir) = std::env::var_os("CODAT_SPECS_DIR") {
        command.env("CODAT_SPECS_DIR", dir);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("xtask runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The directory of current specs (as xtask finds it).
pub fn specs_dir() -> PathBuf {
    match std::env::var_os("CODAT_SPECS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/codat"),
    }
}

pub fn current_spec() -> PathBuf {
    specs_dir().join("Codat-Platform.yaml")
}

/// The Platform spec at upstream commit 28f4886, before company sync settings.
pub fn history_spec() -> PathBuf {
    specs_dir().join("../codat-history/Codat-Platform-28f4886.yaml")
}

pub const HISTORY_SHA: &str = "6c48675bbe58402a31b545c7836a3d9c8fbd73d399999333681a4478761b446e";
pub const CURRENT_SHA: &str = "772df1b563f5c7e50af119d4b303d968ae368b9585373173cb800c5fd69e5e50";

/// Every file under `dir`, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
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

/// `cargo xtask generate --spec SPEC --out OUT --crate-name codat-platform [--check]`.
pub fn generate(spec: &Path, out: &Path, check: bool) -> Output {
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

/// One `[[spec]]` entry; `target` is `Some((crate, version, out))` for a committed crate.
pub fn pin(
    name: &str,
    file: &str,
    url: &str,
    sha: &str,
    target: Option<(&str, &str, &Path)>,
) -> String {
    let mut text = format!(
        "[[spec]]\nname = {name:?}\nfile = {file:?}\nurl = {url:?}\nlatest_url = {url:?}\nsha256 = {sha:?}\n"
    );
    if let Some((krate, version, out)) = target {
        text.push_str(&format!(
            "crate = {krate:?}\ncrate_version = {version:?}\nout = {:?}\n",
            out.to_str().unwrap()
        ));
    }
    text + "\n"
}

/// Writes `pins` to `dir/pins.toml` and returns its path.
pub fn pins_file(dir: &Path, pins: &[String]) -> PathBuf {
    let path = dir.join("pins.toml");
    std::fs::write(&path, pins.concat()).unwrap();
    path
}

/// A loopback HTTP server: serves `files` by path (`/NAME`), 404 otherwise. Returns the base
/// URL and a count of requests served.
pub fn serve(files: Vec<(&str, Vec<u8>)>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let files: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .map(|(name, body)| (format!("/{name}"), body))
        .collect();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                    break;
                }
            }
            counter.fetch_add(1, Ordering::SeqCst);
            let path = request_line.split_whitespace().nth(1).unwrap_or("");
            let (status, body) = match files.get(path) {
                Some(body) => ("200 OK", body.as_slice()),
                None => ("404 Not Found", b"not found".as_slice()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    (base, hits)
}

/// A loopback URL nothing listens on.
pub fn dead_url(name: &str) -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}/{name}")
}

pub fn sha_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether cargo-semver-checks can run (`$CARGO_SEMVER_CHECKS`, else on `PATH`); panics on CI
/// when it cannot, and prints a note otherwise.
pub fn have_semver_checks() -> bool {
    let found = match std::env::var_os("CARGO_SEMVER_CHECKS") {
        Some(path) => Path::new(&path).is_file(),
        None => std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .any(|dir| dir.join("cargo-semver-checks").is_file()),
    };
    if !found {
        let hint = "cargo-semver-checks is not installed: run `cargo install --locked cargo-semver-checks@0.51.0` \
                    or set CARGO_SEMVER_CHECKS to its path";
        assert!(std::env::var_os("CI").is_none(), "{hint}");
        eprintln!("SKIPPED: {hint}");
    }
    found
}
