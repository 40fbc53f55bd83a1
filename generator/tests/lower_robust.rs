//! No input makes loading or lowering panic: truncated files, nodes replaced by values of
//! the wrong type, and deep nesting all give an `Api` or an error.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use generator::{Error, load, lower};
use serde_json::{Value, json};

fn awkward() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/awkward.yaml");
    std::fs::read_to_string(path).expect("fixture")
}

/// Loads and lowers `text`; fails the test on a panic, or on an error without a place.
fn survive(label: &str, file: &str, text: &str) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let doc = load::load_str(Path::new(file), text)?;
        lower::lower(&doc)
    }));
    match outcome {
        Err(_) => panic!("{label}: panicked"),
        Ok(Err(Error::Spec { diagnostics, .. })) => {
            assert!(!diagnostics.is_empty(), "{label}: empty error");
            for d in diagnostics {
                assert!(d.pointer.starts_with('#'), "{label}: {d}");
            }
        }
        Ok(_) => {}
    }
}

#[test]
fn truncated_files() {
    let text = awkward();
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            survive(
                &format!("cut at {cut}"),
                "cut.yaml",
                text.get(..cut).unwrap_or(""),
            );
        }
        cut += 211;
    }
}

/// Every JSON pointer of `value`, in document order.
fn pointers(value: &Value, base: String, out: &mut Vec<String>) {
    out.push(base.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{base}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{base}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn nodes_of_the_wrong_type() {
    let raw = load::load_str(Path::new("awkward.yaml"), &awkward())
        .unwrap_or_else(|e| panic!("{e}"))
        .raw;
    let mut all = Vec::new();
    pointers(&raw, String::new(), &mut all);
    let replacements = [json!(7), json!("x"), json!(null), json!([]), json!({})];
    // Every third node, with the replacement rotating, keeps the test quick.
    for (index, pointer) in all.iter().skip(1).step_by(3).enumerate() {
        let replacement = &replacements[index % replacements.len()];
        let mut mutated = raw.clone();
        if let Some(slot) = mutated.pointer_mut(pointer) {
            *slot = replacement.clone();
        }
        let text = serde_json::to_string(&mutated).expect("json");
        survive(&format!("{pointer} = {replacement}"), "mutated.json", &text);
    }
}

/// A spec whose one schema nests `depth` objects, built as text so that the test itself
/// does not recurse.
fn nested(depth: usize) -> String {
    let open = r#"{"type": "object", "properties": {"inner": "#;
    let mut text = String::from(
        r#"{"openapi": "3.0.3", "info": {"title": "Deep", "version": "1"}, "paths": {}, "components": {"schemas": {"Deep": "#,
    );
    for _ in 0..depth {
        text.push_str(open);
    }
    text.push_str(r#"{"type": "string"}"#);
    for _ in 0..depth {
        text.push_str("}}");
    }
    text.push_str("}}}");
    text
}

#[test]
fn deep_nesting_is_bounded() {
    let ok = load::load_str(Path::new("deep.json"), &nested(20)).unwrap_or_else(|e| panic!("{e}"));
    let api = lower::lower(&ok).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.types.len(), 20);
    for depth in [60, 200, 2000] {
        // Run on a small stack, as test threads have, to catch unbounded recursion.
        let text = nested(depth);
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || survive(&format!("depth {depth}"), "deep.json", &text))
            .expect("thread");
        assert!(handle.join().is_ok(), "depth {depth} failed");
    }
}

#[test]
fn garbage_documents() {
    let cases = [
        "",
        "---",
        "null",
        "42",
        "[1, 2]",
        "openapi: 3.0.0",
        "openapi: 3.0",
        "openapi: '3.0.0'\ninfo: {title: t, version: v}\npaths: {/a: {get: {responses: {}}}}",
        "{\"openapi\": \"3.0.0\"",
        "a: &x [*x]",
        "a: !!binary aGVsbG8=",
        "openapi: '3.0.0'\ninfo: {title: t, version: v}\npaths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/A'}}}",
        "openapi: '3.0.0'\ninfo: {title: t, version: v}\npaths: {}\ncomponents: {schemas: {A: {allOf: [{$ref: '#/components/schemas/A'}]}}}",
        "openapi: '3.0.0'\ninfo: {title: t, version: v}\npaths: {}\ncomponents: {schemas: {A: {oneOf: [{$ref: '#/components/schemas/A'}, {type: string}]}}}",
        "openapi: '3.0.0'\ninfo: {title: t, version: v}\npaths: {}\ncomponents: {schemas: {A: {type: object, properties: {b: {$ref: '#/components/schemas/A/properties/b'}}}}}",
    ];
    for (index, text) in cases.iter().enumerate() {
        survive(&format!("case {index}: {text}"), "garbage.yaml", text);
    }
}
