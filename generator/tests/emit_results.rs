//! The crate generated for `fixtures/results.yaml`, built as a real crate under
//! `-D warnings`, clippy and rustdoc, then run (`emit_results/check.rs`): `into_result` on
//! every kind of status, and the text of failures and of each kind of error body.

mod support;

use std::path::PathBuf;

#[test]
fn results_crate_splits_answers_and_reads_errors() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/results.yaml");
    let options = generator::Options {
        crate_name: "generated".to_owned(),
        spec_display: "results.yaml".to_owned(),
        command: "cargo test".to_owned(),
    };
    let output = generator::generate_path(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    let files = support::src_files(&output);
    let mut check = support::CrateCheck::new("results", &files);
    // Neither side: models and operations are what is checked.
    check.features = "default = []\nclient = []\nserver = []";
    check.test_code = include_str!("emit_results/check.rs");
    check.doc = true;
    if let Err(error) = support::run(&check) {
        panic!("{error}");
    }
}
