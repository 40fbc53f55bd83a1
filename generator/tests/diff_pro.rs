//! End to end: the PRO spec against a copy with a few edits, on the wire and in Rust.

mod diff_support;

use diff_support::{listing, load, options, rust};
use generator::diff::rust_api::Semver;
use generator::diff::{self, Level};
use serde_json::Value;

fn pro_spec() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/pro.yaml");
    match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {path}: {error}"),
    }
}

/// The node at `pointer`, which the test needs to exist.
fn node<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Value {
    match value.pointer_mut(pointer) {
        Some(node) => node,
        None => panic!("spec/pro.yaml has no {pointer}"),
    }
}

/// The PRO spec with four edits: `delete_shipment` removed, a required property added to
/// `CreateShipmentRequest`, the contact email's `maxLength` lowered, and a shipment state
/// added.
fn edited(text: &str) -> String {
    let mut spec: Value = match serde_yaml::from_str(text) {
        Ok(spec) => spec,
        Err(error) => panic!("spec/pro.yaml is not YAML: {error}"),
    };
    let mut removed = false;
    if let Some(paths) = spec.pointer_mut("/paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                let before = item.len();
                item.retain(|_, operation| {
                    operation.get("operationId").and_then(Value::as_str) != Some("delete_shipment")
                });
                removed |= item.len() < before;
            }
        }
    }
    assert!(removed, "spec/pro.yaml has no operation delete_shipment");
    let request = node(&mut spec, "/components/schemas/CreateShipmentRequest");
    if let Some(properties) = node(request, "/properties").as_object_mut() {
        properties.insert(
            "priority".to_owned(),
            serde_json::json!({"type": "string", "maxLength": 10}),
        );
    }
    if let Some(required) = node(request, "/required").as_array_mut() {
        required.push("priority".into());
    }
    *node(
        &mut spec,
        "/components/schemas/ContactDetails/properties/email/maxLength",
    ) = 100.into();
    if let Some(values) = node(&mut spec, "/components/schemas/ShipmentState/enum").as_array_mut() {
        values.push("on_hold".into());
    }
    match serde_yaml::to_string(&spec) {
        Ok(text) => text,
        Err(error) => panic!("cannot write YAML: {error}"),
    }
}

#[test]
fn the_pro_spec_against_itself_has_no_changes() {
    let text = pro_spec();
    let document = load("spec/pro.yaml", &text);
    let report = match diff::diff_documents(&document, &document, &options()) {
        Ok(report) => report,
        Err(error) => panic!("{error}"),
    };
    assert!(report.wire.is_empty(), "{}", listing(&report.wire));
    assert_eq!(
        rust(&report).semver,
        Semver::Patch,
        "{:#?}",
        rust(&report).changes
    );
}

#[test]
fn edits_to_the_pro_spec_are_found_on_the_wire_and_in_rust() {
    let old = pro_spec();
    let new = edited(&old);
    let report = match diff::diff_documents(
        &load("spec/pro.yaml", &old),
        &load("edited.yaml", &new),
        &options(),
    ) {
        Ok(report) => report,
        Err(error) => panic!("{error}"),
    };
    let changes = &report.wire;
    let has = |rule: &str, operation: &str, location: &str| {
        changes.iter().any(|change| {
            change.rule.id() == rule
                && change.operation.as_deref() == Some(operation)
                && change.location == location
        })
    };
    let expected = [
        (
            "operation-removed",
            "DELETE /shipments/{shipment_reference}",
            "",
        ),
        (
            "request-property-added-required",
            "POST /shipments",
            "request body: priority",
        ),
        (
            "request-property-max-length-tightened",
            "POST /shipments",
            "request body: addresses[].contact.contact_details.email",
        ),
        (
            "response-property-enum-value-added",
            "GET /shipments/{shipment_reference}",
            "response 200: state",
        ),
    ];
    for (rule, operation, location) in expected {
        assert!(
            has(rule, operation, location),
            "missing {rule} in {operation} at {location}; found:\n{}",
            listing(changes)
        );
    }
    // The round trip through YAML changes nothing else: every change comes from an edit.
    let allowed = [
        "operation-removed",
        "request-property-added-required",
        "request-property-max-length-tightened",
        "request-property-enum-value-added",
        "response-property-added",
        "response-property-max-length-tightened",
        "response-property-enum-value-added",
        "parameter-enum-value-added",
    ];
    for change in changes {
        assert!(
            allowed.contains(&change.rule.id()),
            "unexpected change:\n{}",
            listing(std::slice::from_ref(change))
        );
    }
    assert_eq!(report.wire_level(), Some(Level::Breaking));
    assert_eq!(rust(&report).semver, Semver::Major);
    for item in [
        "operations::delete_shipment",
        "client::Client::delete_shipment",
    ] {
        assert!(
            rust(&report)
                .changes
                .iter()
                .any(|change| change.item == item && change.kind == "item-removed"),
            "{item} was not removed: {:#?}",
            rust(&report).changes
        );
    }
    // Models are `#[non_exhaustive]`: a new field or enum value is minor, but `new` of
    // the request and of the models built on it (`allOf`) takes the required property.
    // The lower `maxLength` is not part of the Rust API.
    let models: Vec<_> = rust(&report)
        .changes
        .iter()
        .filter(|change| change.item.starts_with("types::"))
        .map(|change| (change.item.as_str(), change.kind, change.level))
        .collect();
    let mut expected = Vec::new();
    for model in ["CreateShipmentRequest", "Shipment", "UpdateShipmentRequest"] {
        expected.push((format!("types::{model}"), "field-added", Semver::Minor));
        expected.push((
            format!("types::{model}::new"),
            "signature-changed",
            Semver::Major,
        ));
        if model == "Shipment" {
            expected.push((
                "types::ShipmentState".to_owned(),
                "variant-added",
                Semver::Minor,
            ));
        }
    }
    let expected: Vec<_> = expected
        .iter()
        .map(|(item, kind, level)| (item.as_str(), *kind, *level))
        .collect();
    assert_eq!(models, expected);
}
