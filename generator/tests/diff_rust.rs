//! The generated crate's semver level for tiny spec changes, per the model shape.

mod diff_support;

use diff_support::{options, report, rust, spec};
use generator::diff::rust_api::{Item, Semver, Surface};

/// The public surface of the crate a spec generates.
fn surface(text: &str) -> Surface {
    let document = diff_support::load("spec.yaml", text);
    let output = match generator::generate(&document, &options()) {
        Ok(output) => output,
        Err(error) => panic!("{error}"),
    };
    let files: Vec<(&str, &str)> = output
        .files
        .iter()
        .map(|file| (file.path.as_str(), file.contents.as_str()))
        .collect();
    match Surface::from_files(&files) {
        Ok(surface) => surface,
        Err(error) => panic!("{error}"),
    }
}

/// `POST /things` taking `Req` and answering 200 with `Res`.
fn bodies(req: &str, res: &str) -> String {
    spec(
        "
        /things:
          post:
            operationId: create_thing
            requestBody:
              required: true
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Req'}
            responses:
              '200':
                description: OK
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Res'}",
        &format!("Req: {req}\nRes: {res}"),
    )
}

const REQ: &str = "{type: object, required: [a], properties: {a: {type: string}}}";
const REQ_MORE: &str =
    "{type: object, required: [a], properties: {a: {type: string}, b: {type: string}}}";
const RES: &str = "{type: object, properties: {state: {$ref: '#/components/schemas/State'}}}\nState: {type: string, enum: [on, off]}";
const RES_MORE: &str = "{type: object, properties: {state: {$ref: '#/components/schemas/State'}}}\nState: {type: string, enum: [on, off, broken]}";

/// The level and kind of every change to the items under `prefix`, in item order.
fn changes_under(
    report: &generator::diff::Report,
    prefix: &str,
) -> Vec<(String, &'static str, Semver)> {
    rust(report)
        .changes
        .iter()
        .filter(|change| change.item.starts_with(prefix))
        .map(|change| (change.item.clone(), change.kind, change.level))
        .collect()
}

fn change(item: &str, kind: &'static str, level: Semver) -> (String, &'static str, Semver) {
    (item.to_owned(), kind, level)
}

#[test]
fn models_are_non_exhaustive() {
    let surface = surface(&bodies(REQ, RES));
    assert!(
        matches!(surface.items.get("types::Req"), Some(Item::Struct(item)) if item.non_exhaustive)
    );
    assert!(
        matches!(surface.items.get("types::State"), Some(Item::Enum(item)) if item.non_exhaustive)
    );
    assert!(matches!(
        surface.items.get("types::Req::new"),
        Some(Item::Fn { signature, method: true }) if signature == "fn new(a: impl Into<String>) -> Self"
    ));
}

#[test]
fn an_optional_request_field_is_a_minor_release() {
    let report = report(&bodies(REQ, RES), &bodies(REQ_MORE, RES));
    assert_eq!(
        report.wire.iter().map(|c| c.rule.id()).collect::<Vec<_>>(),
        vec!["request-property-added-optional"]
    );
    assert_eq!(
        rust(&report).changes.len(),
        2,
        "{:#?}",
        rust(&report).changes
    );
    assert_eq!(
        changes_under(&report, "types::Req"),
        vec![
            change("types::Req", "field-added", Semver::Minor),
            change("types::Req::with_b", "item-added", Semver::Minor),
        ]
    );
    assert_eq!(rust(&report).semver, Semver::Minor);
    assert!(!report.compatible_on_wire_but_breaking_in_rust());
}

#[test]
fn a_required_request_field_changes_the_constructor() {
    let required_b =
        "{type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}";
    let report = report(&bodies(REQ, RES), &bodies(required_b, RES));
    assert_eq!(
        changes_under(&report, "types::Req"),
        vec![
            change("types::Req", "field-added", Semver::Minor),
            change("types::Req::new", "signature-changed", Semver::Major),
        ]
    );
    assert_eq!(rust(&report).semver, Semver::Major);

    // An optional property that becomes required moves from a setter to `new`.
    let report = diff_support::report(&bodies(REQ_MORE, RES), &bodies(required_b, RES));
    assert_eq!(
        changes_under(&report, "types::Req"),
        vec![
            change("types::Req", "field-type-changed", Semver::Major),
            change("types::Req::new", "signature-changed", Semver::Major),
            change("types::Req::with_b", "item-removed", Semver::Major),
        ]
    );
}

/// A new optional response property is a field and a setter: a minor release.
#[test]
fn a_response_field_is_a_minor_release() {
    let res_more = "{type: object, properties: {state: {$ref: '#/components/schemas/State'}, note: {type: string}}}\nState: {type: string, enum: [on, off]}";
    let report = report(&bodies(REQ, RES), &bodies(REQ, res_more));
    assert_eq!(
        rust(&report).semver,
        Semver::Minor,
        "{:#?}",
        rust(&report).changes
    );
    assert_eq!(
        changes_under(&report, "types::Res"),
        vec![
            change("types::Res", "field-added", Semver::Minor),
            change("types::Res::with_note", "item-added", Semver::Minor),
        ]
    );
}

#[test]
fn a_response_enum_value_is_a_minor_release() {
    let report = report(&bodies(REQ, RES), &bodies(REQ, RES_MORE));
    assert_eq!(
        report.wire.iter().map(|c| c.rule.id()).collect::<Vec<_>>(),
        vec!["response-property-enum-value-added"]
    );
    assert_eq!(
        changes_under(&report, ""),
        vec![change("types::State", "variant-added", Semver::Minor)]
    );
    assert_eq!(rust(&report).semver, Semver::Minor);
}

#[test]
fn a_one_of_branch_is_a_minor_release() {
    let one_of = |branches: &str| {
        bodies(
            REQ,
            &format!("{{type: object, properties: {{value: {{oneOf: [{branches}]}}}}}}"),
        )
    };
    let report = report(
        &one_of("{type: integer}, {type: boolean}"),
        &one_of("{type: integer}, {type: boolean}, {type: array, items: {type: string}}"),
    );
    let added: Vec<_> = rust(&report)
        .changes
        .iter()
        .map(|change| (change.kind, change.level))
        .collect();
    assert_eq!(
        added,
        vec![("variant-added", Semver::Minor)],
        "{:#?}",
        rust(&report).changes
    );
}

#[test]
fn a_removed_operation_is_major() {
    let both = spec(
        "
        /things:
          get:
            operationId: list_things
            responses:
              '204':
                description: Done
          delete:
            operationId: delete_things
            responses:
              '204':
                description: Done",
        "",
    );
    let one = spec(
        "
        /things:
          get:
            operationId: list_things
            responses:
              '204':
                description: Done",
        "",
    );
    let report = report(&both, &one);
    assert_eq!(rust(&report).semver, Semver::Major);
    assert!(
        rust(&report)
            .changes
            .iter()
            .any(|change| change.kind == "item-removed"
                && change.item == "operations::delete_things"),
        "{:#?}",
        rust(&report).changes
    );
    let back = diff_support::report(&one, &both);
    assert!(rust(&back).semver >= Semver::Minor);
}

#[test]
fn a_description_change_is_a_patch() {
    let old = bodies(REQ, RES);
    let new = old.replace("description: OK", "description: The thing.");
    let report = report(&old, &new);
    assert!(report.wire.is_empty());
    assert_eq!(
        rust(&report).semver,
        Semver::Patch,
        "{:#?}",
        rust(&report).changes
    );
}
