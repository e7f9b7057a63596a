//! Asks the generator where each example of the Platform spec sits and which generated type
//! should hold it, and writes a dispatch function the examples test calls. Only pointers and
//! type names are written; example values are read from the spec at test time.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let spec = platform_spec();
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-env-changed=CODAT_SPECS_DIR");
    let loaded = generator::load::load_file(&spec).unwrap_or_else(|e| panic!("{e}"));
    let (api, _) = generator::ir::lower(&loaded).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    writeln!(out, "/// The spec the examples come from.").unwrap();
    writeln!(
        out,
        "pub const SPEC: &str = {:?};",
        spec.display().to_string()
    )
    .unwrap();
    writeln!(
        out,
        "/// Every example site the generator knows, with the type it belongs to."
    )
    .unwrap();
    writeln!(out, "pub const SITES: &[(&str, &str)] = &[").unwrap();
    let mut arms = String::new();
    for site in &api.examples {
        let mut ty = site.ty.rust_path("codat_platform");
        if site.nullable {
            ty = format!("Option<{ty}>");
        }
        writeln!(out, "    ({:?}, {:?}),", site.pointer, ty).unwrap();
        writeln!(
            arms,
            "        {:?} => Some(round_trip::<{ty}>(value)),",
            site.pointer
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// Decodes `value` into the type of the example at `pointer` and encodes it again."
    )
    .unwrap();
    writeln!(out, "pub fn round_trip_at(pointer: &str, value: serde_json::Value) -> Option<Result<serde_json::Value, String>> {{").unwrap();
    writeln!(
        out,
        "    match pointer {{\n{arms}        _ => None,\n    }}\n}}"
    )
    .unwrap();
    let path = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("examples.rs");
    std::fs::write(path, out).unwrap();
}

/// The Platform spec: `$CODAT_SPECS_DIR/Codat-Platform.yaml`, else `../shared/specs/codat/`.
fn platform_spec() -> PathBuf {
    let dir = match std::env::var_os("CODAT_SPECS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/codat"),
    };
    dir.join("Codat-Platform.yaml")
}
