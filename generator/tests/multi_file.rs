//! Specs in several files: `$ref`s to other files are followed within the root spec's
//! directory tree (each file read once, references relative to the file they are written in,
//! cycles between files end), and refused, naming the file and pointer, when they leave it,
//! are absolute, or go over the network.

mod support;

use std::path::{Path, PathBuf};

use generator::load::{load_file, load_str};
use generator::CrateOptions;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/multi_file/spec/openapi.yaml")
}

#[test]
fn a_spec_in_several_files_loads_into_local_components() {
    let spec = load_file(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.warnings, Vec::new());
    let schemas = spec.raw["components"]["schemas"]
        .as_object()
        .expect("schemas");
    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["Region", "Pet", "Owner", "Company"],
        "{:#}",
        spec.raw
    );
    assert!(
        spec.raw.get("x-codat-external-files").is_none(),
        "the embedded files are gone"
    );
    assert_eq!(
        spec.raw["components"]["schemas"]["Owner"]["properties"]["pets"]["items"]["$ref"],
        "#/components/schemas/Pet"
    );
    assert_eq!(
        spec.raw["components"]["schemas"]["Company"]["properties"]["region"]["$ref"],
        "#/components/schemas/Region"
    );
}

#[test]
fn a_spec_in_several_files_generates_a_crate_that_compiles() {
    let spec = load_file(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    let options = CrateOptions::new("multi-file-sdk".to_owned(), "0.1.0".to_owned());
    let generation = generator::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    support::check_compiles("multi-file-sdk", &generation.files);
}

#[test]
fn text_alone_cannot_follow_references_to_other_files() {
    let text = std::fs::read_to_string(fixture()).expect("the fixture reads");
    let error = load_str(Path::new("openapi.yaml"), &text)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("/paths/~1companies~1{companyId}/get/parameters/0"),
        "{error}"
    );
    assert!(error.contains("load it from its file"), "{error}");
}

/// Writes `files` (`(relative path, text)`) into a fresh directory named `name` and loads
/// `dir/root/openapi.yaml`; returns the error message.
fn load_error(name: &str, files: &[(&str, &str)]) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("multi_file")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    match load_file(&dir.join("root/openapi.yaml")) {
        Ok(spec) => panic!("expected an error, loaded {:#}", spec.raw),
        Err(e) => e.to_string(),
    }
}

/// A root spec whose one schema is `{$ref: REF}`.
fn root_referring_to(reference: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\ncomponents:\n  schemas:\n    \
         A: {{$ref: '{reference}'}}\n"
    )
}

#[track_caller]
fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
}

#[test]
fn references_out_of_the_spec_directory_are_refused() {
    let outside = "type: string\n";
    for (name, reference, why) in [
        ("parent", "../outside.yaml", "outside the spec's directory"),
        (
            "deep_parent",
            "sub/../../outside.yaml",
            "outside the spec's directory",
        ),
        (
            "encoded_parent",
            "%2e%2e/outside.yaml",
            "outside the spec's directory",
        ),
        ("absolute", "/etc/hostname", "not absolute ones"),
        ("file_uri", "file:///etc/hostname", "not URIs"),
        ("http", "http://example.com/a.yaml#/A", "over the network"),
        ("https", "https://example.com/a.yaml", "over the network"),
    ] {
        let root = root_referring_to(reference);
        let message = load_error(
            name,
            &[("root/openapi.yaml", &root), ("outside.yaml", outside)],
        );
        assert_mentions(
            &message,
            &["openapi.yaml", "/components/schemas/A", reference, why],
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_spec_directory_is_refused() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/link_target");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("secret.yaml"), "type: string\n").expect("write");
    let root = root_referring_to("link.yaml");
    let spec_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/link/root");
    let _ = std::fs::remove_dir_all(&spec_dir);
    std::fs::create_dir_all(&spec_dir).expect("mkdir");
    std::fs::write(spec_dir.join("openapi.yaml"), root).expect("write");
    std::os::unix::fs::symlink(dir.join("secret.yaml"), spec_dir.join("link.yaml")).expect("link");
    let message = load_file(&spec_dir.join("openapi.yaml"))
        .unwrap_err()
        .to_string();
    assert_mentions(&message, &["/components/schemas/A", "symbolic link"]);
}

#[test]
fn errors_in_another_file_name_that_file() {
    let root = root_referring_to("sub/other.yaml#/components/schemas/B");
    let other = "components:\n  schemas:\n    B: {$ref: '#/components/schemas/Nope'}\n";
    let message = load_error(
        "bad_pointer",
        &[("root/openapi.yaml", &root), ("root/sub/other.yaml", other)],
    );
    assert_mentions(
        &message,
        &["sub/other.yaml", "/components/schemas/B", "no such node"],
    );

    let broken = "type: [unclosed\n";
    let message = load_error(
        "bad_syntax",
        &[
            ("root/openapi.yaml", &root_referring_to("broken.yaml")),
            ("root/broken.yaml", broken),
        ],
    );
    assert_mentions(&message, &["broken.yaml", "not valid YAML or JSON"]);

    let message = load_error(
        "missing",
        &[("root/openapi.yaml", &root_referring_to("missing.yaml"))],
    );
    assert_mentions(
        &message,
        &[
            "openapi.yaml",
            "/components/schemas/A",
            "missing.yaml",
            "cannot read",
        ],
    );

    let nested = "type: object\nproperties:\n  up: {$ref: '../../x.yaml'}\n";
    let message = load_error(
        "nested_escape",
        &[
            ("root/openapi.yaml", &root_referring_to("a/b.yaml")),
            ("root/a/b.yaml", nested),
        ],
    );
    assert_mentions(
        &message,
        &["a/b.yaml", "/properties/up", "outside the spec's directory"],
    );
}

#[test]
fn a_cycle_of_files_ends() {
    let root = root_referring_to("a.yaml");
    let a = "type: object\nproperties:\n  b: {$ref: 'b.yaml'}\n";
    let b = "type: object\nproperties:\n  a: {$ref: 'a.yaml'}\n  me: {$ref: '#'}\n";
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/cycle/root");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, text) in [
        ("openapi.yaml", root.as_str()),
        ("a.yaml", a),
        ("b.yaml", b),
    ] {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let spec = load_file(&dir.join("openapi.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let schemas = spec.raw["components"]["schemas"]
        .as_object()
        .expect("schemas");
    assert!(
        schemas.contains_key("A") && schemas.contains_key("B"),
        "{:#}",
        spec.raw
    );
}

#[test]
fn warnings_in_another_file_name_that_file() {
    let root = root_referring_to("schemas/big.yaml");
    let big = "type: object\nproperties:\n  n: {type: integer, default: 123456789012345678901}\n";
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/warning/root");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).expect("mkdir");
    std::fs::write(dir.join("openapi.yaml"), root).expect("write");
    std::fs::write(dir.join("schemas/big.yaml"), big).expect("write");
    let spec = load_file(&dir.join("openapi.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let pointers: Vec<&str> = spec.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers.len(), 1, "{pointers:?}");
    assert!(
        pointers[0].ends_with("schemas/big.yaml#/properties/n/default"),
        "{pointers:?}"
    );
}

/// Writes `files` into a fresh directory `multi_file/NAME` and loads `root/openapi.yaml` on
/// a thread, failing (instead of hanging) when it takes over 20 seconds.
fn load_error_in_time(name: &str, files: &[(&str, &str)], setup: impl FnOnce(&Path)) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("multi_file")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    setup(&dir.join("root"));
    let (send, receive) = std::sync::mpsc::channel();
    let root = dir.join("root/openapi.yaml");
    std::thread::spawn(move || {
        let _ = send.send(load_file(&root).map(|spec| format!("{:#}", spec.raw)));
    });
    match receive.recv_timeout(std::time::Duration::from_secs(20)) {
        Ok(Ok(raw)) => panic!("expected an error, loaded {raw}"),
        Ok(Err(e)) => e.to_string(),
        Err(_) => panic!("loading {name} did not end"),
    }
}

const SECRET: &str = "hunter2-s3cr3t";

#[test]
fn dotfiles_and_files_that_are_not_yaml_or_json_are_not_read() {
    let key = format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}\n-----END OPENSSH PRIVATE KEY-----\n"
    );
    let env = format!("PASSWORD={SECRET}\n");
    for (name, reference, why) in [
        ("dotenv", ".env", "`.env` starts with `.`"),
        ("dot_slash_dotenv", "./.env", "`.env` starts with `.`"),
        ("dotenv_back", "sub/../.env", "`.env` starts with `.`"),
        ("ssh_key", ".ssh/id_ed25519", "`.ssh` starts with `.`"),
        ("dot_yaml", ".hidden.yaml", "`.hidden.yaml` starts with `.`"),
        (
            "dot_dir_yaml",
            ".config/a.yaml#/x",
            "`.config` starts with `.`",
        ),
        ("text", "notes.txt", "only `.yaml`, `.yml` and `.json`"),
        (
            "no_extension",
            "secrets",
            "only `.yaml`, `.yml` and `.json`",
        ),
    ] {
        let root = root_referring_to(reference);
        let message = load_error(
            name,
            &[
                ("root/openapi.yaml", &root),
                ("root/.env", &env),
                ("root/.ssh/id_ed25519", &key),
                ("root/.hidden.yaml", &env),
                ("root/.config/a.yaml", &format!("x: {SECRET}\n")),
                ("root/notes.txt", &env),
                ("root/secrets", &env),
                ("root/sub/a.yaml", "type: string\n"),
            ],
        );
        assert_mentions(&message, &["openapi.yaml", "/components/schemas/A", why]);
        assert!(!message.contains(SECRET), "{name}: {message}");
    }
}

#[test]
fn extensions_are_matched_in_any_case() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/upper/root");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("openapi.yaml"), root_referring_to("A.YAML")).expect("write");
    std::fs::write(dir.join("A.YAML"), "type: string\n").expect("write");
    let spec = load_file(&dir.join("openapi.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.raw["components"]["schemas"]["A"]["type"], "string");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_a_dotfile_is_refused() {
    let message = load_error_in_time(
        "link_to_dotfile",
        &[
            ("root/openapi.yaml", &root_referring_to("ok.yaml")),
            ("root/.env", &format!("PASSWORD={SECRET}\n")),
        ],
        |root| std::os::unix::fs::symlink(root.join(".env"), root.join("ok.yaml")).expect("link"),
    );
    assert_mentions(
        &message,
        &["/components/schemas/A", "`.env` starts with `.`"],
    );
    assert!(!message.contains(SECRET), "{message}");
}

#[test]
fn a_file_a_ref_names_must_hold_a_mapping() {
    for (name, text) in [
        ("scalar_file", format!("{SECRET}\n")),
        ("json_string_file", format!("\"{SECRET}\"")),
        ("list_file", format!("- {SECRET}\n")),
    ] {
        let message = load_error(
            name,
            &[
                ("root/openapi.yaml", &root_referring_to("value.json")),
                ("root/value.json", &text),
            ],
        );
        assert_mentions(&message, &["value.json", "must hold a mapping"]);
        assert!(!message.contains(SECRET), "{name}: {message}");
    }
}

#[test]
fn errors_never_quote_values_from_another_file() {
    let config = format!("db:\n  password: {SECRET}\n  port: 5432\n  list: [{SECRET}]\n");
    for (name, reference) in [
        ("password", "config.yaml#/db/password"),
        ("port", "config.yaml#/db/port"),
        ("list", "config.yaml#/db/list"),
    ] {
        let message = load_error(
            name,
            &[
                ("root/openapi.yaml", &root_referring_to(reference)),
                ("root/config.yaml", &config),
            ],
        );
        assert_mentions(&message, &["config.yaml"]);
        assert!(!message.contains(SECRET), "{name}: {message}");
        assert!(!message.contains("5432"), "{name}: {message}");
    }
    // Other objects openapiv3 reads: a parameter and a response.
    let root = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      \
                parameters: [{$ref: 'config.yaml#/db'}]\n      responses:\n        \
                '200': {$ref: 'config.yaml#/db/password'}\n";
    let message = load_error(
        "parameter",
        &[("root/openapi.yaml", root), ("root/config.yaml", &config)],
    );
    assert!(!message.contains(SECRET), "{message}");
    assert!(!message.contains("5432"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_reading_it() {
    let mkfifo = |path: &Path| {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    };
    let message = load_error_in_time(
        "fifo",
        &[("root/openapi.yaml", &root_referring_to("pipe.yaml"))],
        |root| mkfifo(&root.join("pipe.yaml")),
    );
    assert_mentions(
        &message,
        &[
            "openapi.yaml",
            "/components/schemas/A",
            "pipe.yaml",
            "not a regular file",
        ],
    );

    // The root spec itself.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/fifo_root");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let root = dir.join("openapi.yaml");
    mkfifo(&root);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(load_file(&root).map(|_| ()).map_err(|e| e.to_string()));
    });
    match receive.recv_timeout(std::time::Duration::from_secs(20)) {
        Ok(Err(message)) => assert_mentions(&message, &["openapi.yaml", "not a regular file"]),
        Ok(Ok(())) => panic!("a FIFO loaded"),
        Err(_) => panic!("loading a FIFO as the root spec did not end"),
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let message = load_error_in_time(
        "huge",
        &[("root/openapi.yaml", &root_referring_to("huge.yaml"))],
        |root| {
            let file = std::fs::File::create(root.join("huge.yaml")).expect("create");
            // Sparse: no disk is used for the zeros.
            file.set_len((64 << 20) + 1).expect("set_len");
        },
    );
    assert_mentions(&message, &["huge.yaml", "larger than 64 MiB"]);
}
