//! The generated crate's semver level for tiny spec changes, per the model shape.

mod diff_support;

use diff_support::{options, report, spec};
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

#[test]
fn an_optional_request_field_is_minor_only_for_non_exhaustive_structs() {
    let old = bodies(REQ, RES);
    let new = bodies(REQ_MORE, RES);
    let report = report(&old, &new);
    assert_eq!(
        report.wire.iter().map(|c| c.rule.id()).collect::<Vec<_>>(),
        vec!["request-property-added-optional"]
    );
    let non_exhaustive = matches!(
        surface(&old).items.get("types::Req"),
        Some(Item::Struct(item)) if item.non_exhaustive
    );
    let field_added = report
        .rust
        .changes
        .iter()
        .find(|change| change.item == "types::Req" && change.kind == "field-added");
    let Some(field_added) = field_added else {
        panic!("no field-added on types::Req: {:#?}", report.rust.changes);
    };
    if non_exhaustive {
        assert_eq!(field_added.level, Semver::Minor);
    } else {
        assert_eq!(field_added.level, Semver::Major);
        assert_eq!(report.rust.semver, Semver::Major);
        assert!(report.compatible_on_wire_but_breaking_in_rust());
    }
}

#[test]
fn a_response_enum_value_is_a_variant_added() {
    let report = report(&bodies(REQ, RES), &bodies(REQ, RES_MORE));
    let variant = report
        .rust
        .changes
        .iter()
        .find(|change| change.item == "types::State" && change.kind == "variant-added");
    let Some(variant) = variant else {
        panic!(
            "no variant-added on types::State: {:#?}",
            report.rust.changes
        );
    };
    let non_exhaustive = matches!(
        surface(&bodies(REQ, RES)).items.get("types::State"),
        Some(Item::Enum(item)) if item.non_exhaustive
    );
    let expected = if non_exhaustive {
        Semver::Minor
    } else {
        Semver::Major
    };
    assert_eq!(variant.level, expected);
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
    assert_eq!(report.rust.semver, Semver::Major);
    assert!(
        report
            .rust
            .changes
            .iter()
            .any(|change| change.kind == "item-removed"
                && change.item == "operations::delete_things"),
        "{:#?}",
        report.rust.changes
    );
    let back = diff_support::report(&one, &both);
    assert!(back.rust.semver >= Semver::Minor);
}

#[test]
fn a_description_change_is_a_patch() {
    let old = bodies(REQ, RES);
    let new = old.replace("description: OK", "description: The thing.");
    let report = report(&old, &new);
    assert!(report.wire.is_empty());
    assert_eq!(
        report.rust.semver,
        Semver::Patch,
        "{:#?}",
        report.rust.changes
    );
}
