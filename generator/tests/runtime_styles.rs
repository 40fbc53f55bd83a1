//! Every parameter style end to end: a crate generated from `runtime_styles/styles.yaml`
//! is built (clippy, `-D warnings`) and its client sends parameters in each style to its
//! own server on loopback (`runtime_styles/check.rs`), which must receive them unchanged.
//! This covers the runtime's style pairs and the calls the emitters write for them.

mod support;

use std::path::PathBuf;

#[test]
fn every_style_round_trips_between_generated_client_and_server() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/runtime_styles/styles.yaml");
    let options = generator::Options {
        crate_name: "styles".to_owned(),
        spec_display: "styles.yaml".to_owned(),
        command: "cargo test".to_owned(),
    };
    let output = generator::generate_path(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    let files = support::src_files(&output);
    let mut check = support::CrateCheck::new("runtime-styles", &files);
    check.generated_manifest = Some(&output.manifest.contents);
    check.test_code = include_str!("runtime_styles/check.rs");
    if let Err(error) = support::run(&check) {
        panic!("{error}");
    }
}
