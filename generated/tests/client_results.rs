//! The short road through an answer: `into_result()` and `?`, the text of failures and
//! of error bodies, and the text of client errors (the root cause, a body excerpt).

#![cfg(feature = "client")]

mod client_support;

use client_support::{SHIPMENT, answer, client, json, serve, shipment_json};
use sorted_pro::client::Error;
use sorted_pro::operations::{allocate_shipment, change_shipment_state, get_shipment};
use sorted_pro::runtime::outcome;
use sorted_pro::types::{ApiError, ErrorDetail, ShipmentStateChangeRequest};

const NOT_FOUND: &str = r#"{"code":"not_found","message":"No shipment sp_00013464648910021776641789788160.","correlation_id":"c-9"}"#;

const ALLOCATED: &str =
    r#"{"shipment_reference":"sp_00013464648910021776641789788160","state":"allocated"}"#;

/// What a caller writes: one `?` for the client error, one for the failure.
async fn reference_of(url: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    let request = get_shipment::Request::new(SHIPMENT);
    let shipment = client(url).get_shipment(&request).await?.into_result()?;
    Ok(shipment.reference)
}

#[tokio::test]
async fn question_marks_give_the_body_of_the_one_success() {
    let body = shipment_json();
    let server = serve(move |_, _| answer(200, "application/json", body.clone())).await;
    let reference = reference_of(&server.url).await.expect("a shipment");
    assert_eq!(reference.as_deref(), Some(SHIPMENT));
}

#[tokio::test]
async fn a_declared_failure_is_an_error_with_status_and_body() {
    let server = serve(|_, _| json(404, NOT_FOUND)).await;
    let error = reference_of(&server.url)
        .await
        .expect_err("404 is a failure");
    assert_eq!(
        error.to_string(),
        "the API answered with status 404 Not Found: not_found: No shipment \
         sp_00013464648910021776641789788160. (correlation id c-9)"
    );
    let failure = error
        .downcast_ref::<get_shipment::Failure>()
        .expect("the failure itself");
    assert_eq!(failure.status(), 404);
    assert_eq!(failure.body().code, "not_found");
    assert!(matches!(failure, get_shipment::Failure::NotFound(_)));
}

#[tokio::test]
async fn several_successes_are_an_enum_with_the_status() {
    let server = serve(|request, _| {
        if request.uri.ends_with("/allocate") {
            json(202, ALLOCATED)
        } else {
            answer(304, "", "")
        }
    })
    .await;
    let client = client(&server.url);
    let success = client
        .allocate_shipment(&allocate_shipment::Request::new(SHIPMENT))
        .await
        .expect("a declared answer")
        .into_result()
        .expect("202 is a success");
    assert_eq!(success.status(), 202);
    assert!(matches!(success, allocate_shipment::Success::Accepted(_)));
    assert_eq!(success.into_body().shipment_reference, SHIPMENT);

    // 304 is an answer to act on, not a failure.
    let change: ShipmentStateChangeRequest = serde_json::from_value(serde_json::json!({
        "reference": SHIPMENT,
        "state": "ready_to_ship",
        "reason": "Packed by hand"
    }))
    .expect("a state change");
    let success = client
        .change_shipment_state(&change_shipment_state::Request::new(change))
        .await
        .expect("a declared answer")
        .into_result()
        .expect("304 is a success");
    assert_eq!(success, change_shipment_state::Success::NotModified);
}

#[test]
fn error_bodies_read_as_code_message_details_and_correlation_id() {
    let details = vec![
        ErrorDetail::new("invalid_reference_format", "must match the pattern `^sp$`")
            .with_property("shipment_reference"),
        // A detail that only repeats the body's message shows where and why.
        ErrorDetail::new("version_header_missing", "The request is not valid.")
            .with_property("x-api-version"),
    ];
    let error = ApiError::new("validation_error", "The request is not valid.")
        .with_details(details)
        .with_correlation_id("c-1");
    assert_eq!(
        error.to_string(),
        "validation_error: The request is not valid. [shipment_reference: must match the \
         pattern `^sp$` (invalid_reference_format); x-api-version (version_header_missing)] \
         (correlation id c-1)"
    );
    let source: &dyn std::error::Error = &error;
    assert!(source.source().is_none());
    assert_eq!(
        ApiError::new("not_found", "Nothing here.").to_string(),
        "not_found: Nothing here."
    );
    assert_eq!(
        ErrorDetail::new("required_property_missing", "is required")
            .with_property("contents")
            .to_string(),
        "contents: is required (required_property_missing)"
    );
}

#[tokio::test]
async fn a_dead_server_names_the_root_cause() {
    // Bind a port, then free it, so that nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    drop(listener);
    let error = client(&url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT))
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with("the request failed: error sending request"),
        "{text}"
    );
    assert!(text.to_lowercase().contains("connection refused"), "{text}");
}

#[tokio::test]
async fn an_undeclared_status_shows_the_start_of_its_body() {
    let server = serve(|_, _| answer(503, "text/plain", "upstream is down for maintenance")).await;
    let error = client(&server.url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT))
        .await
        .expect_err("503 is not declared");
    assert_eq!(
        error.to_string(),
        "the API answered with status 503 Service Unavailable, which the operation does not \
         declare; the body starts with \"upstream is down for maintenance\""
    );

    let long = "é".repeat(1000);
    let server = serve(move |_, _| answer(503, "text/plain", long.clone())).await;
    let error = client(&server.url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT))
        .await
        .expect_err("503 is not declared");
    let text = error.to_string();
    let quoted = text
        .split_once("starts with ")
        .map(|(_, quoted)| quoted)
        .expect("an excerpt");
    assert_eq!(
        quoted.chars().filter(|c| *c == 'é').count(),
        outcome::EXCERPT_CHARS
    );
}

#[test]
fn excerpts_never_cut_a_character() {
    // Four bytes a character: a cut by bytes would fall inside one.
    let text = "🦀".repeat(100);
    assert_eq!(outcome::excerpt(text.as_bytes(), 3), "🦀🦀🦀");
    let mut bytes = "ab".repeat(10).into_bytes();
    bytes.extend_from_slice(&[0xf0, 0x9f]);
    assert_eq!(outcome::excerpt(&bytes, 100), "ab".repeat(10) + "\u{fffd}");
    assert_eq!(outcome::excerpt(&[0xff, b'a'], 10), "\u{fffd}a");
    assert_eq!(outcome::excerpt(b"", 10), "");
}
