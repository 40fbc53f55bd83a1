//! Runs inside the crates generated from `fixtures/openapi31/constructs.yaml` and
//! `fixtures/swagger2/petstore.yaml`: each example of the spec decodes into its type and
//! encodes back to the same JSON. The tests themselves follow, per fixture.

/// Decodes `example` as `T`, encodes it again and compares. An optional nullable field
/// holds `null` and absence alike as `None` (as for 3.0's `nullable`), so object members
/// that are `null` are left out of the comparison.
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(example: &str) {
    let value: serde_json::Value = serde_json::from_str(example).unwrap();
    let typed: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        without_null_members(serde_json::to_value(&typed).unwrap()),
        without_null_members(value)
    );
}

/// `value` without the object members whose value is `null`, at any depth.
fn without_null_members(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => map
            .into_iter()
            .filter(|(_, member)| !member.is_null())
            .map(|(key, member)| (key, without_null_members(member)))
            .collect(),
        serde_json::Value::Array(items) => items.into_iter().map(without_null_members).collect(),
        other => other,
    }
}
