//! Downloads (`application/octet-stream` responses) come back as a `ByteStream` read chunk by
//! chunk, so memory stays flat; the blocking client reads them whole under the size limit.
//! `cargo xtask test` compiles real specs with downloads (Files, Lending).

use std::path::Path;

use generator::CrateOptions;

const SPEC: &str = "openapi: 3.1.0
info: {title: Test API, version: '1'}
paths:
  /files/{fileId}:
    get:
      tags: [Files]
      operationId: download-file
      parameters:
        - {name: fileId, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the file
          content: {application/octet-stream: {schema: {type: string, format: binary}}}
        '404':
          description: missing
";

fn file(name: &str) -> String {
    let loaded = generator::load::load_str(Path::new("test.yaml"), SPEC).expect("spec loads");
    let options = CrateOptions {
        name: "downloads".to_owned(),
        version: "0.1.0".to_owned(),
    };
    let generation = generator::generate(&loaded, &options).expect("spec generates");
    generation
        .files
        .into_iter()
        .find(|f| f.path == Path::new(name))
        .unwrap_or_else(|| panic!("no {name}"))
        .contents
}

#[test]
fn a_download_returns_a_byte_stream() {
    let group = file("src/groups/files.rs");
    assert!(
        group.contains("Result<crate::runtime::ByteStream, crate::Error>"),
        "{group}"
    );
    assert!(group.contains(".send_streaming::<"), "{group}");
    assert!(!group.contains("runtime::Bytes,"), "{group}");
}

#[test]
fn a_blocking_download_is_read_whole_under_the_limit() {
    let blocking = file("src/blocking.rs");
    assert!(
        blocking.contains("Result<crate::runtime::Bytes, crate::Error>"),
        "{blocking}"
    );
    assert!(blocking.contains("collect_bytes().await?"), "{blocking}");
}
