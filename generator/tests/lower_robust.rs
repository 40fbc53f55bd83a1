//! No input makes the generator panic or emit code that does not parse: truncated files,
//! nodes replaced by values of the wrong type, and deep nesting are loaded, lowered, emitted
//! and rendered, and give a crate or an error that says where the spec is wrong.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use generator::{Error, Options, load, lower, pointer};
use serde_json::{Value, json};

fn awkward() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/awkward.yaml");
    std::fs::read_to_string(path).expect("fixture")
}

/// Generates a crate from `text` (load, lower, emit, render); fails the test on a panic,
/// on emitted code that does not parse, and on an error or warning without a place: a spec
/// error and a warning name a JSON pointer, a syntax error a line. Returns whether a crate
/// was generated.
fn survive(label: &str, file: &str, text: &str) -> bool {
    let options = Options {
        crate_name: "robust".to_owned(),
        spec_display: file.to_owned(),
        command: "cargo test".to_owned(),
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let doc = load::load_str(Path::new(file), text)?;
        generator::generate(&doc, &options)
    }));
    match outcome {
        Err(_) => panic!("{label}: panicked"),
        Ok(Ok(output)) => {
            for warning in output.warnings {
                assert!(warning.pointer.starts_with('#'), "{label}: {warning}");
            }
            true
        }
        Ok(Err(Error::Spec { diagnostics, .. })) => {
            assert!(!diagnostics.is_empty(), "{label}: empty error");
            for d in diagnostics {
                assert!(d.pointer.starts_with('#'), "{label}: {d}");
            }
            false
        }
        Ok(Err(error @ Error::Syntax { line, .. })) => {
            assert!(line.is_some(), "{label}: {error}");
            false
        }
        Ok(Err(error)) => panic!("{label}: {error}"),
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
                pointers(child, pointer::push(&base, key), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, pointer::push(&base, &index.to_string()), out);
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
    let (mut cases, mut generated) = (0, 0);
    // Every third node, with the replacement rotating, keeps the test quick.
    for (index, pointer) in all.iter().skip(1).step_by(3).enumerate() {
        let replacement = &replacements[index % replacements.len()];
        let mut mutated = raw.clone();
        if let Some(slot) = mutated.pointer_mut(pointer) {
            *slot = replacement.clone();
        }
        let text = serde_json::to_string(&mutated).expect("json");
        generated += usize::from(survive(
            &format!("{pointer} = {replacement}"),
            "mutated.json",
            &text,
        ));
        cases += 1;
    }
    // Enough mutated specs still generate for emit and render to meet odd input.
    assert!(generated * 5 >= cases, "{generated} of {cases} generated");
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
    for depth in [40, 60, 200, 2000] {
        // Run on a small stack, as test threads have, to catch unbounded recursion.
        let text = nested(depth);
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || survive(&format!("depth {depth}"), "deep.json", &text))
            .expect("thread");
        let generated = handle
            .join()
            .unwrap_or_else(|_| panic!("depth {depth} failed"));
        // Within the loader's nesting limit the crate is generated; beyond it, refused.
        assert_eq!(generated, depth <= 40, "depth {depth}");
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
