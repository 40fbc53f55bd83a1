//! `x-pattern-error-code` on a schema with a `pattern` travels with the pattern through
//! `$ref`s, `allOf` wrappers and array items, into fields and parameters; on a property or
//! a parameter it gives that use its own code. Each (pattern, code) is one interned
//! pattern, so one regex used with two codes keeps both, and the generated server answers
//! each use with its code (`pattern_codes/check.rs`, in a crate built from the fixture).

mod support;

use std::path::PathBuf;

use generator::ir::{Api, Ty, TyKind, TypeKind};
use generator::{load, lower};

fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pattern_codes.yaml")
}

fn api() -> Api {
    let document = load::load_path(&spec_path()).expect("loads");
    lower::lower(&document).expect("lowers")
}

fn field_ty<'a>(api: &'a Api, type_name: &str, field: &str) -> &'a Ty {
    let type_def = api
        .types
        .iter()
        .find(|type_def| type_def.name == type_name)
        .expect("type");
    let TypeKind::Struct(fields) = &type_def.kind else {
        panic!("{type_name} is not a struct");
    };
    &fields
        .fields
        .iter()
        .find(|f| f.name.wire == field)
        .expect("field")
        .ty
}

fn parameter_ty<'a>(api: &'a Api, operation: &str, parameter: &str) -> &'a Ty {
    &api.operations
        .iter()
        .find(|op| op.id == operation)
        .expect("operation")
        .parameters
        .iter()
        .find(|p| p.name.wire == parameter)
        .expect("parameter")
        .ty
}

/// The regex and code of a use's pattern, checked against the interned copy.
fn pattern(api: &Api, ty: &Ty) -> (String, Option<String>) {
    let pattern = ty.constraints.pattern.as_ref().expect("a pattern");
    assert_eq!(api.patterns.get(pattern.id.0), Some(pattern), "interned");
    (pattern.regex.clone(), pattern.code.clone())
}

fn coded(regex: &str, code: &str) -> (String, Option<String>) {
    (regex.to_owned(), Some(code.to_owned()))
}

const REFERENCE: &str = "^th_[0-9]{4}$";

#[test]
fn the_code_follows_the_pattern_through_refs() {
    let api = api();
    let reference = coded(REFERENCE, "invalid_reference_format");
    assert_eq!(pattern(&api, field_ty(&api, "Thing", "id")), reference);
    assert_eq!(pattern(&api, field_ty(&api, "Thing", "parent")), reference);
    let TyKind::Array(item) = &field_ty(&api, "Thing", "children").kind else {
        panic!("children is not an array");
    };
    assert_eq!(pattern(&api, item), reference);
    assert_eq!(
        pattern(&api, field_ty(&api, "Thing", "own")),
        coded("^[A-Z]+$", "invalid_own_format")
    );
    assert_eq!(
        pattern(&api, parameter_ty(&api, "get_thing", "id")),
        reference
    );
}

#[test]
fn a_property_or_parameter_gives_its_use_its_own_code() {
    let api = api();
    assert_eq!(
        pattern(&api, field_ty(&api, "Thing", "alias")),
        coded(REFERENCE, "invalid_alias")
    );
    assert_eq!(
        pattern(&api, parameter_ty(&api, "get_thing", "label")),
        coded(REFERENCE, "invalid_label")
    );
}

#[test]
fn one_regex_with_two_codes_is_two_patterns() {
    let api = api();
    let tag = parameter_ty(&api, "get_thing", "tag");
    let nickname = field_ty(&api, "Thing", "nickname");
    assert_eq!(pattern(&api, tag), ("^[a-z]+$".to_owned(), None));
    assert_eq!(
        pattern(&api, nickname),
        coded("^[a-z]+$", "invalid_nickname")
    );
    assert_ne!(tag.constraints.pattern, nickname.constraints.pattern);
    let mut reference_codes: Vec<Option<&str>> = api
        .patterns
        .iter()
        .filter(|pattern| pattern.regex == REFERENCE)
        .map(|pattern| pattern.code.as_deref())
        .collect();
    reference_codes.sort();
    assert_eq!(
        reference_codes,
        [
            Some("invalid_alias"),
            Some("invalid_label"),
            Some("invalid_reference_format"),
        ]
    );
}

/// What the test server needs besides the generated crate's own dependencies.
const TEST_DEPENDENCIES: &str = r#"tokio = { version = "1", features = ["rt-multi-thread", "macros"] }
tower = { version = "0.5", features = ["util"] }
axum = { version = "0.8", default-features = false, features = ["tokio", "http1", "query", "json"] }
serde_json = "1"
http = "1"
"#;

#[test]
fn the_server_answers_each_use_with_its_code() {
    let document = load::load_path(&spec_path()).expect("loads");
    let options = generator::Options {
        crate_name: "generated".to_owned(),
        spec_display: "pattern_codes.yaml".to_owned(),
        command: "cargo test".to_owned(),
    };
    let output = generator::generate(&document, &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let files = support::src_files(&output);
    let mut check = support::CrateCheck::new("server-pattern-codes", &files);
    check.generated_manifest = Some(&output.manifest.contents);
    check.extra_dependencies = TEST_DEPENDENCIES;
    check.test_code = include_str!("pattern_codes/check.rs");
    check.cargo_args = &["--no-default-features", "--features", "server"];
    if let Err(error) = support::run(&check) {
        panic!("{error}");
    }
}
