//! Helpers of the diff tests: tiny specs built from YAML snippets, and their diffs.

#![allow(dead_code)]

use std::path::Path;

use generator::diff::rust_api::RustDiff;
use generator::diff::{self, Change, Level, Report};
use generator::{Options, ir, load};

/// Indents every line of `text` by `by` spaces, after removing the indent the lines share.
pub fn indent(text: &str, by: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let common = lines
        .iter()
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let pad = " ".repeat(by);
    lines
        .iter()
        .map(|line| format!("{pad}{}\n", &line[common..]))
        .collect()
}

/// A whole spec from a `paths` snippet and a `components/schemas` snippet. It has the
/// security schemes `ApiKey` (header `x-api-key`) and `OAuth` (scopes `read`, `write`).
pub fn spec(paths: &str, schemas: &str) -> String {
    let paths = if paths.trim().is_empty() {
        "paths: {}\n".to_owned()
    } else {
        format!("paths:\n{}", indent(paths, 2))
    };
    let schemas = if schemas.trim().is_empty() {
        "  schemas: {}\n".to_owned()
    } else {
        format!("  schemas:\n{}", indent(schemas, 4))
    };
    format!(
        "openapi: 3.0.3
info:
  title: Test
  version: '1'
{paths}components:
  securitySchemes:
    ApiKey:
      type: apiKey
      in: header
      name: x-api-key
    OAuth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://example.com/token
          scopes:
            read: Read things.
            write: Write things.
{schemas}"
    )
}

/// Loads a spec from text, failing the test with the located error.
pub fn load(name: &str, text: &str) -> load::Document {
    match load::load_str(Path::new(name), text) {
        Ok(document) => document,
        Err(error) => panic!("{name} does not load: {error}\n{text}"),
    }
}

/// Lowers a spec from text.
pub fn lower(name: &str, text: &str) -> ir::Api {
    match generator::lower::lower(&load(name, text)) {
        Ok(api) => api,
        Err(error) => panic!("{name} does not lower: {error}\n{text}"),
    }
}

/// The wire changes from `old` to `new`.
pub fn wire(old: &str, new: &str) -> Vec<Change> {
    diff::wire::diff(&lower("old.yaml", old), &lower("new.yaml", new))
}

/// The options every diff test generates with.
pub fn options() -> Options {
    Options {
        crate_name: "test-api".to_owned(),
        spec_display: "test.yaml".to_owned(),
        command: "cargo test".to_owned(),
    }
}

/// The whole report (wire and generated Rust) from `old` to `new`.
pub fn report(old: &str, new: &str) -> Report {
    match diff::diff_documents(&load("old.yaml", old), &load("new.yaml", new), &options()) {
        Ok(report) => report,
        Err(error) => panic!("diff failed: {error}"),
    }
}

/// The Rust impact of a report, failing the test when it was not computed.
pub fn rust(report: &Report) -> &RustDiff {
    match &report.rust {
        Ok(rust) => rust,
        Err(unlowered) => panic!("the Rust impact was not computed: {unlowered:#?}"),
    }
}

/// Changes as lines, for failure messages.
pub fn listing(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|change| {
            format!(
                "  {} [{}] {} | {} | {}\n",
                change.rule,
                change.level(),
                change.operation.as_deref().unwrap_or("components"),
                change.location,
                change.message
            )
        })
        .collect()
}

/// Asserts that the diff from `old` to `new` has a change `rule` at `level` in
/// `operation` (`None` for components). Set `DIFF_LIST` to print every change found.
pub fn check(old: &str, new: &str, rule: &str, level: Level, operation: Option<&str>) {
    let changes = wire(old, new);
    if std::env::var_os("DIFF_LIST").is_some() {
        eprintln!("{rule}:\n{}", listing(&changes));
    }
    let found = changes.iter().any(|change| {
        change.rule.id() == rule
            && change.level() == level
            && change.operation.as_deref() == operation
    });
    assert!(
        found,
        "expected {rule} [{level}] in {operation:?}; found:\n{}",
        listing(&changes)
    );
}
