//! The runtime that generated models use, through its public API: checks of constraints,
//! the serde helpers of fields and string enums, and declared status codes.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::str::FromStr;

use sorted_pro::runtime::fields::{self, deserialize_string_enum, parse_string_enum};
use sorted_pro::runtime::status::code;
use sorted_pro::runtime::validation::{
    Path, Validate, Violation, check_max_items, check_max_length, check_min_items,
    check_min_length, check_required, validate_field,
};

fn min_length_violations(value: &str, min: u64) -> usize {
    let mut out = Vec::new();
    check_min_length(value, min, &Path::new(), &mut out);
    out.len()
}

/// Fails validation with a violation at its own path.
struct AlwaysBad;

impl Validate for AlwaysBad {
    fn validate_at(&self, path: &mut Path, out: &mut Vec<Violation>) {
        check_required::<()>(&None, path, out);
    }
}

#[test]
fn validate_field_reports_under_the_field_through_containers() {
    let mut path = Path::new();
    path.push_field("outer");
    let mut out = Vec::new();
    validate_field(
        &Some(vec![AlwaysBad, AlwaysBad]),
        "items",
        &mut path,
        &mut out,
    );
    validate_field(&None::<AlwaysBad>, "unset", &mut path, &mut out);
    let mut map = BTreeMap::new();
    map.insert("k".to_owned(), Box::new(AlwaysBad));
    validate_field(&map, "map", &mut path, &mut out);
    let paths: Vec<&str> = out
        .iter()
        .map(|violation| violation.path.as_str())
        .collect();
    assert_eq!(paths, ["outer.items[0]", "outer.items[1]", "outer.map.k"]);
    assert_eq!(path.to_string(), "outer");
}

#[test]
fn min_length_counts_characters_not_bytes() {
    assert_eq!(min_length_violations("", 1), 1);
    assert_eq!(min_length_violations("a", 1), 0);
    assert_eq!(min_length_violations("abcd", 4), 0);
    assert_eq!(min_length_violations("abc", 4), 1);
    // Two characters in four bytes.
    assert_eq!(min_length_violations("éé", 2), 0);
    assert_eq!(min_length_violations("éé", 3), 1);
    // One character in four bytes: the byte length alone would pass it.
    assert_eq!(min_length_violations("𝄞", 1), 0);
    assert_eq!(min_length_violations("𝄞", 2), 1);
    assert_eq!(min_length_violations("𝄞𝄞", 2), 0);
}

#[test]
fn messages_count_in_the_singular_for_one() {
    let path = Path::new();
    let mut out = Vec::new();
    check_min_items::<u8>(&[], 1, &path, &mut out);
    check_max_items(&[1, 2], 1, &path, &mut out);
    check_min_items::<u8>(&[], 2, &path, &mut out);
    check_min_length("", 1, &path, &mut out);
    check_max_length("ab", 1, &path, &mut out);
    let messages: Vec<&str> = out
        .iter()
        .map(|violation| violation.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "must have at least 1 item, but has 0",
            "must have at most 1 item, but has 2",
            "must have at least 2 items, but has 0",
            "must be at least 1 character long, but is 0",
            "must be at most 1 character long, but is 2",
        ]
    );
}

/// The reference pattern fixes the length, so a short reference breaks one constraint,
/// the pattern's, with the spec's code.
#[test]
fn a_bad_reference_is_one_violation() {
    let request = sorted_pro::operations::get_shipment::Request::new("sp_12");
    let violations = request.validate().expect_err("too short");
    let kinds: Vec<&str> = violations
        .iter()
        .map(|violation| violation.kind.code())
        .collect();
    assert_eq!(kinds, ["pattern"]);
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Thing {
    #[serde(default, deserialize_with = "fields::reject_null")]
    name: Option<String>,
    #[serde(default, deserialize_with = "fields::reject_null")]
    inner: Option<Inner>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Note {
    #[serde(deserialize_with = "fields::nullable")]
    text: Option<String>,
}

#[test]
fn a_required_nullable_property_may_be_null_but_not_absent() {
    let decode = |text: &str| serde_json::from_str::<Note>(text).map_err(|e| e.to_string());
    assert_eq!(decode(r#"{"text": null}"#), Ok(Note { text: None }));
    assert_eq!(
        decode(r#"{"text": "a"}"#),
        Ok(Note {
            text: Some("a".to_owned())
        })
    );
    let message = decode("{}").err().unwrap_or_default();
    assert!(message.starts_with("missing field `text`"), "{message}");
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Inner {
    #[serde(default, deserialize_with = "fields::reject_null")]
    count: Option<u8>,
}

fn decode(text: &str) -> Result<Thing, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.into_inner().to_string()))
}

#[test]
fn values_and_absence_decode() {
    assert_eq!(
        decode(r#"{"name": "a", "inner": {"count": 2}}"#),
        Ok(Thing {
            name: Some("a".to_owned()),
            inner: Some(Inner { count: Some(2) }),
        })
    );
    assert_eq!(
        decode("{}"),
        Ok(Thing {
            name: None,
            inner: None,
        })
    );
}

#[test]
fn an_undeclared_null_is_refused_at_its_path_where_nulls_are_refused() {
    let refused = |text| fields::refusing_nulls(|| decode(text));
    let (path, message) = refused(r#"{"name": null}"#).err().unwrap_or_default();
    assert_eq!(path, "name");
    assert!(
        message.starts_with("invalid type: null, expected a value (the property is not nullable)"),
        "{message}"
    );
    let (path, _) = refused(r#"{"inner": {"count": null}}"#)
        .err()
        .unwrap_or_default();
    assert_eq!(path, "inner.count");
}

#[test]
fn an_undeclared_null_reads_as_absent_by_default_and_after_a_strict_decode() {
    let absent = Ok(Thing {
        name: None,
        inner: Some(Inner { count: None }),
    });
    assert_eq!(
        decode(r#"{"name": null, "inner": {"count": null}}"#),
        absent
    );
    // The strict mode ends with its scope, also when decoding fails inside it.
    assert!(fields::refusing_nulls(|| decode(r#"{"name": null}"#)).is_err());
    assert_eq!(
        decode(r#"{"name": null, "inner": {"count": null}}"#),
        absent
    );
}

#[derive(Debug, PartialEq)]
enum Color {
    Red,
    Other(String),
}

impl FromStr for Color {
    type Err = Infallible;

    fn from_str(value: &str) -> Result<Self, Infallible> {
        Ok(match value {
            "red" => Self::Red,
            other => Self::Other(other.to_owned()),
        })
    }
}

fn decode_color(text: &str) -> Result<Color, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserialize_string_enum(&mut deserializer).map_err(|error| error.to_string())
}

#[test]
fn string_enums_keep_unlisted_values_and_refuse_other_types() {
    assert_eq!(decode_color(r#""red""#), Ok(Color::Red));
    assert_eq!(decode_color(r#""r\u0065d""#), Ok(Color::Red));
    assert_eq!(
        decode_color(r#""teal""#),
        Ok(Color::Other("teal".to_owned()))
    );
    let message = decode_color("3").err().unwrap_or_default();
    assert!(
        message.starts_with("invalid type: integer `3`, expected a string"),
        "{message}"
    );
    assert_eq!(parse_string_enum::<Color>("red"), Color::Red);
}

#[test]
fn a_wrong_type_keeps_its_own_message() {
    let (path, message) = decode(r#"{"inner": {"count": "x"}}"#)
        .err()
        .unwrap_or_default();
    assert_eq!(path, "inner.count");
    assert!(message.starts_with("invalid type: string"), "{message}");
}

#[test]
fn declared_codes_keep_their_number() {
    for number in [200, 207, 221, 304, 521, 531] {
        assert_eq!(code(number).as_u16(), number);
    }
}

#[test]
fn impossible_codes_read_as_500() {
    assert_eq!(code(0).as_u16(), 500);
    assert_eq!(code(1000).as_u16(), 500);
}
