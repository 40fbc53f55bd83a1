//! Every spec of the corpus loads and lowers without a panic, and generates a crate that
//! passes clippy with `-D warnings` with both the `client` and the `server` feature on.
//!
//! Each spec must give an `Api` or a located `Error::Spec`; a panic fails the test with the
//! spec's name. The crates are written as one scratch workspace under
//! `target/emit-check/corpus` and checked with a single `cargo clippy`, so that they share
//! one build of their dependencies. The corpus is vendored in `tests/corpus`; its README
//! gives sources, licenses and the figures. Set `GENERATOR_CORPUS` to use another
//! directory.

mod support;

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{Error, load, lower};
use serde_json::Value;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GENERATOR_CORPUS") {
        return PathBuf::from(dir);
    }
    manifest_dir().join("tests/corpus")
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
                let pointer = generator::pointer::push(base, key);
                out.push((pointer.clone(), key.clone()));
                keys(child, &pointer, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                keys(
                    child,
                    &generator::pointer::push(base, &index.to_string()),
                    out,
                );
            }
        }
        _ => {}
    }
}

#[test]
fn locator_finds_every_key() {
    for spec in corpus_specs() {
        let doc = load::load_path(&spec).unwrap_or_else(|e| panic!("{e}"));
        // A 2.0 or 3.1 document's raw value is its upgrade, whose keys are not the source's.
        if doc.version != load::SourceVersion::OpenApi30 {
            continue;
        }
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

/// Writes `contents` unless the file already holds it, so that cargo rebuilds only what
/// changed between runs.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("creates the directory");
    }
    std::fs::write(path, contents).expect("writes the file");
}

#[test]
fn every_corpus_spec_gives_a_crate_that_passes_clippy() {
    let specs = corpus_specs();
    assert!(specs.len() >= 14, "the corpus has {} specs", specs.len());
    let target = manifest_dir().join("../target");
    let root = target.join("emit-check/corpus");
    let mut members = Vec::new();
    let mut summary = String::new();
    for spec in &specs {
        let name = format!("corpus-{}", generator::names::package_name(spec));
        let options = generator::Options {
            crate_name: name.clone(),
            spec_display: spec
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            command: "cargo test --test lower_corpus".to_owned(),
        };
        let output = generator::generate_path(spec, &options)
            .unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
        let crate_dir = root.join(&name);
        let mut wanted = Vec::new();
        for file in &output.files {
            let path = crate_dir.join(&file.path);
            write_if_changed(&path, &file.contents);
            wanted.push(path);
        }
        // Files of an earlier run that the generator no longer writes would be compiled too.
        support::remove_stale(&crate_dir.join("src"), &wanted).unwrap_or_else(|e| panic!("{e}"));
        write_if_changed(&crate_dir.join("Cargo.toml"), &output.manifest.contents);
        let lines: usize = output
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        let _ = writeln!(
            summary,
            "{name}: {} files, {lines} lines, {} warnings",
            output.files.len(),
            output.warnings.len()
        );
        members.push(name);
    }
    println!("{summary}");
    let member_list: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    write_if_changed(
        &root.join("Cargo.toml"),
        &format!(
            "# Scratch workspace written by generator/tests/corpus_build.rs.\n\
             [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            member_list.join(", ")
        ),
    );
    let lock = std::fs::read_to_string(manifest_dir().join("../Cargo.lock")).expect("lock");
    if !root.join("Cargo.lock").exists() {
        write_if_changed(&root.join("Cargo.lock"), &lock);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args([
            "clippy",
            "--offline",
            "--workspace",
            "--all-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", target.join("emit-check-target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TERM_COLOR", "never");
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_MANIFEST_DIR",
        "CARGO_PKG_NAME",
    ] {
        command.env_remove(var);
    }
    let output = command.output().expect("runs cargo clippy");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "clippy failed on the corpus crates:\n{}",
        stderr.chars().take(20_000).collect::<String>()
    );
}
