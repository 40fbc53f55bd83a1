//! Serde round trips of the PRO models with the spec's own examples: every media-type
//! example and every schema-level example decodes into its generated type, encodes back
//! to JSON that keeps every value of the example, decodes again to the same value, and
//! (for request bodies) passes validation.

use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use sorted_pro::runtime::validation::Validate;
use sorted_pro::types;

fn spec() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/pro.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    serde_yaml::from_str(&text).expect("the spec is YAML")
}

/// Every value of `expected` is in `actual` at the same place; `actual` may hold more
/// (defaults the model fills in).
fn assert_contains(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, value) in expected {
                let found = actual
                    .get(key)
                    .unwrap_or_else(|| panic!("{at}.{key} was lost in the round trip"));
                assert_contains(found, value, &format!("{at}.{key}"));
            }
        }
        (Value::Array(actual), Value::Array(expected)) => {
            assert_eq!(actual.len(), expected.len(), "{at}: array length");
            for (index, (a, e)) in actual.iter().zip(expected).enumerate() {
                assert_contains(a, e, &format!("{at}[{index}]"));
            }
        }
        (Value::Number(actual), Value::Number(expected)) => {
            assert_eq!(actual.as_f64(), expected.as_f64(), "{at}");
        }
        _ => assert_eq!(actual, expected, "{at}"),
    }
}

/// Decodes, encodes, decodes again; validates request bodies.
fn round_trip<T>(label: &str, example: &Value, is_request: bool)
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug + Validate,
{
    let decoded: T = serde_path_to_error::deserialize(example)
        .unwrap_or_else(|error| panic!("{label}: does not decode: {error}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_contains(&encoded, example, label);
    let again: T = serde_json::from_value(encoded).expect("decodes again");
    assert_eq!(decoded, again, "{label}: the second decoding differs");
    if is_request {
        if let Err(violations) = decoded.validate() {
            panic!("{label}: the example breaks the spec's constraints: {violations:?}");
        }
    }
}

/// Runs [`round_trip`] with the generated type named like the schema.
fn check(schema: &str, label: &str, example: &Value, is_request: bool) {
    match schema {
        "CreateShipmentRequest" => {
            round_trip::<types::CreateShipmentRequest>(label, example, is_request)
        }
        "CreateShipmentGroupRequest" => {
            round_trip::<types::CreateShipmentGroupRequest>(label, example, is_request)
        }
        "ResourceResult" => round_trip::<types::ResourceResult>(label, example, is_request),
        "PaperlessDocument" => round_trip::<types::PaperlessDocument>(label, example, is_request),
        // String schemas become `String` aliases.
        "Reference" | "GroupCustomReference" | "CountryCode" | "CurrencyCode" => {
            round_trip::<String>(label, example, is_request)
        }
        other => panic!("{label}: add schema {other} to this test's dispatch"),
    }
}

fn schema_name(media: &Value) -> Option<&str> {
    media["schema"]["$ref"]
        .as_str()
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
}

#[test]
fn every_example_of_the_spec_round_trips() {
    let spec = spec();
    let mut checked = 0;
    let paths = spec["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
                continue;
            };
            let mut bodies: Vec<(String, bool, &Value)> = Vec::new();
            if let Some(body) = operation.get("requestBody") {
                bodies.push((format!("{method} {path} request"), true, body));
            }
            for (status, response) in responses {
                bodies.push((format!("{method} {path} {status}"), false, response));
            }
            for (label, is_request, body) in bodies {
                let Some(content) = body.get("content").and_then(Value::as_object) else {
                    continue;
                };
                for media in content.values() {
                    let Some(schema) = schema_name(media) else {
                        continue;
                    };
                    if let Some(example) = media.get("example") {
                        check(schema, &label, example, is_request);
                        checked += 1;
                    }
                    for (name, example) in media
                        .get("examples")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        // An example may be a `$ref` to `components/examples`.
                        let example = match example["$ref"].as_str() {
                            Some(reference) => spec
                                .pointer(reference.trim_start_matches('#'))
                                .unwrap_or_else(|| panic!("{label}: {reference} is dangling")),
                            None => example,
                        };
                        check(
                            schema,
                            &format!("{label} [{name}]"),
                            &example["value"],
                            is_request,
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    for (name, schema) in spec["components"]["schemas"].as_object().expect("schemas") {
        if let Some(example) = schema.get("example") {
            check(name, &format!("schema {name}"), example, false);
            checked += 1;
        }
    }
    // Seven media examples (one create-shipment request used twice) and four schema
    // examples: a lower count means examples went missing from the spec.
    assert!(checked >= 11, "only {checked} examples checked");
}
