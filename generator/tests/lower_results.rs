//! What lowering decides for the client's short road: which answers are failures, how the
//! bodies they carry read as text, and which lengths a pattern fixes.

use std::path::Path;

use generator::ir::{self, ErrorText, Outcome};
use generator::{load, lower};

/// `fixtures/results.yaml`, lowered.
fn results() -> ir::Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/results.yaml");
    let document = load::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    lower::lower(&document).unwrap_or_else(|e| panic!("{e}"))
}

fn pro() -> ir::Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/pro.yaml");
    let document = load::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    lower::lower(&document).unwrap_or_else(|e| panic!("{e}"))
}

/// The outcome of each response of the operation `name`, by variant.
fn outcomes(api: &ir::Api, name: &str) -> Vec<(String, Outcome)> {
    let operation = api
        .operations
        .iter()
        .find(|operation| operation.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"));
    operation
        .responses
        .iter()
        .map(|response| (response.variant.clone(), operation.outcome(response)))
        .collect()
}

fn pair(variant: &str, outcome: Outcome) -> (String, Outcome) {
    (variant.to_owned(), outcome)
}

#[test]
fn successes_are_below_400_and_default_follows_the_declared_successes() {
    let api = results();
    assert_eq!(
        outcomes(&api, "mixed"),
        [
            pair("Ok", Outcome::Success),
            pair("NotModified", Outcome::Success),
            pair("NotFound", Outcome::Failure),
            pair("Success", Outcome::Success),
            pair("ServerError", Outcome::Failure),
            pair("Default", Outcome::Failure),
        ]
    );
    assert_eq!(
        outcomes(&api, "only_default"),
        [pair("Default", Outcome::ByStatus)]
    );
    assert_eq!(
        outcomes(&api, "failures_and_default"),
        [
            pair("BadRequest", Outcome::Failure),
            pair("Default", Outcome::ByStatus)
        ]
    );
}

fn body(api: &ir::Api, name: &str) -> Option<ErrorText> {
    api.errors
        .bodies
        .iter()
        .find(|body| body.type_name == name)
        .map(|body| body.text.clone())
}

#[test]
fn failure_bodies_read_by_their_message_code_details_and_id() {
    let api = results();
    let names: Vec<&str> = api
        .errors
        .bodies
        .iter()
        .map(|body| body.type_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Inner", "Issue", "Problem", "Reason", "Thing", "Wrapped"]
    );
    assert_eq!(
        body(&api, "Problem"),
        Some(ErrorText::Summary {
            code: Some("r#type".to_owned()),
            message: "message".to_owned(),
            details: Some("errors".to_owned()),
            correlation_id: Some("request_id".to_owned()),
        })
    );
    assert_eq!(
        body(&api, "Issue"),
        Some(ErrorText::Detail {
            property: Some("field".to_owned()),
            code: None,
            message: "message".to_owned(),
        })
    );
    assert_eq!(
        body(&api, "Wrapped"),
        Some(ErrorText::Inner {
            field: "error".to_owned()
        })
    );
    assert_eq!(
        body(&api, "Inner"),
        Some(ErrorText::Summary {
            code: None,
            message: "message".to_owned(),
            details: None,
            correlation_id: None,
        })
    );
    // A type without a message reads as JSON, an enum as its value.
    assert_eq!(body(&api, "Thing"), Some(ErrorText::Json));
    assert_eq!(body(&api, "Reason"), Some(ErrorText::Value));
}

#[test]
fn pro_errors_are_api_error_with_its_details() {
    let api = pro();
    assert_eq!(
        body(&api, "ApiError"),
        Some(ErrorText::Summary {
            code: Some("code".to_owned()),
            message: "message".to_owned(),
            details: Some("details".to_owned()),
            correlation_id: Some("correlation_id".to_owned()),
        })
    );
    assert_eq!(
        body(&api, "ErrorDetail"),
        Some(ErrorText::Detail {
            property: Some("property".to_owned()),
            code: Some("code".to_owned()),
            message: "message".to_owned(),
        })
    );
}

#[test]
fn the_reference_pattern_fixes_35_characters() {
    let api = pro();
    let reference = api
        .patterns
        .iter()
        .find(|pattern| pattern.regex == "^[a-z]{2}_[0-9]{32}$")
        .expect("the reference pattern");
    assert_eq!(
        reference.lengths,
        Some(ir::Lengths {
            min: 35,
            max: Some(35)
        })
    );
}
