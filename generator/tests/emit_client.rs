//! The client generated for `fixtures/awkward.yaml`, built as a real crate under
//! `-D warnings` and clippy, then run against a loopback HTTP server
//! (`emit_client/check.rs`) for the constructs the PRO spec does not have.

mod support;

use std::path::PathBuf;

/// What the generated client needs, plus axum for the test server; lines whose crate the
/// base dependencies already name are left out.
const CLIENT_DEPENDENCIES: &str = r#"serde_path_to_error = "0.1"
form_urlencoded = "1"
percent-encoding = "2"
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "gzip", "http2"] }
tokio = { version = "1", features = ["rt-multi-thread", "macros", "time", "net", "sync"] }
fastrand = "2"
axum = { version = "0.8", default-features = false, features = ["tokio", "http1", "query", "json"] }
"#;

#[test]
fn awkward_client_compiles_cleanly_and_talks_http() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/awkward.yaml");
    let options = generator::Options {
        crate_name: "generated".to_owned(),
        spec_display: "awkward.yaml".to_owned(),
        command: "cargo test".to_owned(),
    };
    let output = generator::generate_path(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    let files = support::src_files(&output);
    let mut check = support::CrateCheck::new("client-awkward", &files);
    check.features = "default = [\"client\"]\nclient = []\nserver = []";
    let extra: String = CLIENT_DEPENDENCIES
        .lines()
        .filter(|line| {
            let key = line.split('=').next().unwrap_or("").trim();
            !support::BASE_DEPENDENCIES
                .lines()
                .any(|base| base.split('=').next().unwrap_or("").trim() == key)
        })
        .map(|line| format!("{line}\n"))
        .collect();
    check.extra_dependencies = &extra;
    check.test_code = include_str!("emit_client/check.rs");
    check.doc = true;
    if let Err(error) = support::run(&check) {
        panic!("{error}");
    }
}
