//! Specs the generator refuses still diff on the wire: `fixtures/unlowered` is a pair that
//! lowering refuses (a type that is only itself through a one-branch `oneOf`, a property that is
//! only a `not`, a path template without its `in: path` parameter), with request and response changes between them.

mod diff_support;

use std::path::PathBuf;

use diff_support::{listing, options};
use generator::diff::report::{self as render};
use generator::diff::{self, Level, Side};
use generator::{ir, load, lower};

fn fixture(name: &str) -> load::Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/unlowered")
        .join(name);
    match load::load_path(&path) {
        Ok(document) => document,
        Err(error) => panic!("{name} does not load: {error}"),
    }
}

#[test]
fn both_specs_are_refused_by_lower() {
    for name in ["old.yaml", "new.yaml"] {
        let error = match lower::lower(&fixture(name)) {
            Ok(_) => panic!("{name} lowered"),
            Err(error) => error.to_string(),
        };
        assert!(
            error.contains("a recursive type needs an object"),
            "{error}"
        );
        assert!(
            error.contains("has no parameter with `in: path`"),
            "{error}"
        );
        assert!(error.contains("`not`"), "{error}");
    }
}

/// The body of the first response of operation `id`.
fn response_body<'a>(api: &'a ir::Api, id: &str) -> Option<&'a ir::BodyKind> {
    let op = api.operations.iter().find(|op| op.id == id)?;
    let content = op.responses.first()?.contents.first()?;
    Some(&content.body)
}

/// The tolerant entry point keeps everything that lowered; `Label`, with a problem inside,
/// is read as any value, and so is `Tree`.
#[test]
fn lower_tolerant_degrades_what_does_not_lower() {
    let partial = lower::lower_tolerant(&fixture("old.yaml"));
    assert_eq!(partial.errors.len(), 3, "{:#?}", partial.errors);
    let names: Vec<&str> = partial
        .api
        .types
        .iter()
        .map(|def| def.name.as_str())
        .collect();
    assert_eq!(names, ["NewOrder", "Order", "OrderState"]);
    let label = response_body(&partial.api, "get_label");
    assert!(
        matches!(label, Some(ir::BodyKind::Json(ty)) if ty.kind == ir::TyKind::Any),
        "{label:#?}"
    );
    let tree = response_body(&partial.api, "get_tree");
    assert!(
        matches!(tree, Some(ir::BodyKind::Json(ty)) if ty.kind == ir::TyKind::Any),
        "{tree:#?}"
    );
}

#[test]
fn the_wire_report_is_made_and_the_rust_impact_says_why_not() {
    let report = match diff::diff_documents(&fixture("old.yaml"), &fixture("new.yaml"), &options())
    {
        Ok(report) => report,
        Err(error) => panic!("diff failed: {error}"),
    };
    let found: Vec<(&str, Level)> = report
        .wire
        .iter()
        .map(|change| (change.rule.id(), change.level()))
        .collect();
    assert_eq!(
        found,
        [
            ("request-property-max-length-tightened", Level::Breaking),
            ("request-property-added-required", Level::Breaking),
            ("response-property-became-optional", Level::Breaking),
        ],
        "{}",
        listing(&report.wire)
    );
    let unlowered = match &report.rust {
        Ok(rust) => panic!("the Rust impact was computed: {rust:#?}"),
        Err(unlowered) => unlowered,
    };
    let sides: Vec<Side> = unlowered.iter().map(|side| side.side).collect();
    assert_eq!(sides, [Side::Old, Side::New]);
    let markdown = render::markdown(&report);
    insta::assert_snapshot!("unlowered_markdown", markdown);
    let json = render::json(&report);
    assert!(json.contains("\"not_computed\""), "{json}");
    let github = render::github(&report, None);
    assert!(
        github.contains("::warning title=rust-impact-not-computed::"),
        "{github}"
    );
}
