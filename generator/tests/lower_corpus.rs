//! Every spec of the shared corpus loads and lowers without a panic.
//!
//! Each spec must give an `Api` or a located `Error::Spec`; a panic fails the test with the
//! spec's name. The corpus is vendored in `tests/corpus` (see its README for sources and
//! licenses); set `GENERATOR_CORPUS` to use another directory.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use generator::{Error, load, lower};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GENERATOR_CORPUS") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn corpus_specs() -> Vec<PathBuf> {
    let dir = corpus_dir();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read corpus {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no specs in {}", dir.display());
    specs
}

#[test]
fn corpus_lowers_without_panic() {
    let specs = corpus_specs();
    let mut failures = Vec::new();
    for spec in &specs {
        let name = spec
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let doc = load::load_path(spec)?;
            lower::lower(&doc)
        }));
        match outcome {
            Err(_) => failures.push(format!("{name}: panicked")),
            Ok(Ok(api)) => println!(
                "{name}: ok, {} types, {} operations, {} warnings",
                api.types.len(),
                api.operations.len(),
                api.warnings.len()
            ),
            Ok(Err(Error::Spec { diagnostics, .. })) => {
                println!("{name}: refused with {} problem(s)", diagnostics.len());
                for d in diagnostics.iter().take(20) {
                    println!("    {d}");
                }
                if diagnostics.is_empty() || diagnostics.iter().any(|d| d.pointer.is_empty()) {
                    failures.push(format!("{name}: error without a pointer"));
                }
            }
            Ok(Err(other)) => {
                println!("{name}: refused: {other}");
                if !matches!(other, Error::Syntax { line: Some(_), .. }) {
                    failures.push(format!("{name}: unlocated error {other}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every object key of `value` with its pointer.
fn keys(value: &Value, base: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let pointer = load::push_pointer(base, key);
                out.push((pointer.clone(), key.clone()));
                keys(child, &pointer, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                keys(child, &load::push_pointer(base, &index.to_string()), out);
            }
        }
        _ => {}
    }
}

#[test]
fn locator_finds_every_key() {
    for spec in corpus_specs() {
        let doc = load::load_path(&spec).unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<&str> = doc.source.split('\n').collect();
        let mut all = Vec::new();
        keys(&doc.raw, "#", &mut all);
        for (pointer, key) in &all {
            let (line, column) = doc
                .locate(pointer)
                .unwrap_or_else(|| panic!("{}: {pointer} not located", spec.display()));
            let text: String = lines
                .get(line - 1)
                .map(|l| l.chars().skip(column - 1).collect())
                .unwrap_or_default();
            assert!(
                text.trim_start_matches(['"', '\''])
                    .starts_with(key.as_str()),
                "{}: {pointer} located at {line}:{column}, which reads {text:?}",
                spec.display()
            );
        }
    }
}
