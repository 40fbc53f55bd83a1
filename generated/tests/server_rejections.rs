//! Every way the generated router refuses a request before the implementation runs, each
//! checked for its status and its `ApiError` body.

#![cfg(feature = "server")]

#[path = "server_support.rs"]
mod support;

use axum::body::Body;
use serde_json::json;
use support::{API_KEY, Answer, SHIPMENT, assert_error, build, request, router, send};

async fn call(request: http::Request<Body>) -> Answer {
    let (router, _) = router();
    send(&router, request).await
}

fn body_request(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> http::Request<Body> {
    let mut builder = http::Request::builder().method(method).uri(path);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Body::from(body.to_owned()))
        .unwrap_or_default()
}

#[tokio::test]
async fn a_missing_api_key_is_401_missing_api_key_header() {
    let request = http::Request::builder()
        .uri(format!("/shipments/{SHIPMENT}"))
        .header("x-api-version", "1.1")
        .body(Body::empty())
        .unwrap_or_default();
    let answer = call(request).await;
    assert_error(&answer, 401, "unauthorised");
    assert_eq!(
        answer.details(),
        vec![("x-api-key".to_owned(), "missing_api_key_header".to_owned())]
    );
}

#[tokio::test]
async fn an_unknown_api_key_is_401_invalid_api_key() {
    let request = http::Request::builder()
        .uri(format!("/shipments/{SHIPMENT}"))
        .header("x-api-key", "not-a-key")
        .header("x-api-version", "1.1")
        .body(Body::empty())
        .unwrap_or_default();
    let answer = call(request).await;
    assert_error(&answer, 401, "unauthorised");
    assert_eq!(answer.detail_codes(), vec!["invalid_api_key"]);
}

#[tokio::test]
async fn a_missing_version_header_is_400_version_header_missing() {
    let request = http::Request::builder()
        .uri(format!("/shipments/{SHIPMENT}"))
        .header("x-api-key", API_KEY)
        .body(Body::empty())
        .unwrap_or_default();
    let answer = call(request).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(
        answer.details(),
        vec![(
            "x-api-version".to_owned(),
            "version_header_missing".to_owned()
        )]
    );
}

#[tokio::test]
async fn another_version_is_400_version_header_error() {
    let request = http::Request::builder()
        .uri(format!("/shipments/{SHIPMENT}"))
        .header("x-api-key", API_KEY)
        .header("x-api-version", "2.0")
        .body(Body::empty())
        .unwrap_or_default();
    let answer = call(request).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(answer.detail_codes(), vec!["version_header_error"]);
}

#[tokio::test]
async fn an_unacceptable_content_type_is_415() {
    let request = body_request(
        "POST",
        "/shipment_groups",
        &[
            ("x-api-key", API_KEY),
            ("x-api-version", "1.1"),
            ("content-type", "text/plain"),
        ],
        r#"{"shipments": ["a"]}"#,
    );
    let answer = call(request).await;
    assert_error(&answer, 415, "unsupported_media_type");
}

#[tokio::test]
async fn a_body_without_content_type_is_415() {
    let request = body_request(
        "POST",
        "/shipment_groups",
        &[("x-api-key", API_KEY), ("x-api-version", "1.1")],
        r#"{"shipments": ["a"]}"#,
    );
    let answer = call(request).await;
    assert_error(&answer, 415, "unsupported_media_type");
}

#[tokio::test]
async fn json_with_a_charset_is_accepted() {
    let request = body_request(
        "POST",
        "/shipment_groups",
        &[
            ("x-api-key", API_KEY),
            ("x-api-version", "1.1"),
            ("content-type", "application/json; charset=utf-8"),
        ],
        &json!({"shipments": [SHIPMENT]}).to_string(),
    );
    assert_eq!(call(request).await.status, 201);
}

#[tokio::test]
async fn an_unacceptable_accept_is_406() {
    let request = request("GET", &format!("/shipments/{SHIPMENT}"), None)
        .header("accept", "application/xml")
        .body(Body::empty())
        .unwrap_or_default();
    let answer = call(request).await;
    assert_error(&answer, 406, "not_acceptable");
}

#[tokio::test]
async fn accept_with_wildcards_and_weights_is_understood() {
    for accept in ["*/*", "application/*", "text/html, application/json;q=0.5"] {
        let request = request("GET", &format!("/shipments/{SHIPMENT}"), None)
            .header("accept", accept)
            .body(Body::empty())
            .unwrap_or_default();
        assert_eq!(call(request).await.status, 200, "Accept: {accept}");
    }
    let request = request("GET", &format!("/shipments/{SHIPMENT}"), None)
        .header("accept", "application/json;q=0")
        .body(Body::empty())
        .unwrap_or_default();
    assert_eq!(call(request).await.status, 406);
}

#[tokio::test]
async fn json_that_does_not_parse_is_400_invalid_json() {
    let request = body_request(
        "POST",
        "/shipment_groups",
        &[
            ("x-api-key", API_KEY),
            ("x-api-version", "1.1"),
            ("content-type", "application/json"),
        ],
        r#"{"shipments": ["#,
    );
    let answer = call(request).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(answer.detail_codes(), vec!["invalid_json"]);
}

#[tokio::test]
async fn a_wrong_type_is_400_with_its_path() {
    let body = json!({"shipments": [SHIPMENT, 7]});
    let answer = call(build("POST", "/shipment_groups", Some(&body))).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(
        answer.details(),
        vec![("shipments[1]".to_owned(), "invalid_type".to_owned())]
    );
}

#[tokio::test]
async fn a_missing_required_property_is_400_required_property_missing() {
    let mut body = support::create_shipment_json();
    if let Some(contact) = body["addresses"][1]["contact"]["contact_details"].as_object_mut() {
        contact.remove("email");
    }
    let answer = call(build("POST", "/shipments", Some(&body))).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(
        answer.details(),
        vec![(
            "addresses[1].contact.contact_details.email".to_owned(),
            "required_property_missing".to_owned()
        )]
    );
}

/// The server is strict: an explicit `null` on a property that the spec does not mark
/// nullable is refused where leaving the property out is fine, at the top level and inside
/// nested objects.
#[tokio::test]
async fn an_explicit_null_for_an_optional_property_is_400_with_its_path() {
    let mut body = support::create_shipment_json();
    body["required_delivery_date"] = serde_json::Value::Null;
    let answer = call(build("POST", "/shipments", Some(&body))).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(
        answer.details(),
        vec![(
            "required_delivery_date".to_owned(),
            "invalid_type".to_owned()
        )]
    );
    assert!(
        answer.json()["details"][0]["message"]
            .as_str()
            .is_some_and(|message| message.contains("null")),
        "{:?}",
        answer.json()
    );

    let mut body = support::create_shipment_json();
    body["addresses"][1]["contact"]["contact_details"]["mobile"] = serde_json::Value::Null;
    let answer = call(build("POST", "/shipments", Some(&body))).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(
        answer.details(),
        vec![(
            "addresses[1].contact.contact_details.mobile".to_owned(),
            "invalid_type".to_owned()
        )]
    );

    // The same bodies without the nulls are accepted.
    let body = support::create_shipment_json();
    let answer = call(build("POST", "/shipments", Some(&body))).await;
    assert_eq!(answer.status, 201, "{:?}", answer.json());
}

#[tokio::test]
async fn a_missing_body_is_400() {
    let answer = call(build("POST", "/shipment_groups", None)).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(answer.detail_codes(), vec!["required_property_missing"]);
}

#[tokio::test]
async fn a_path_value_that_does_not_parse_is_400() {
    let answer = call(build("GET", &format!("/labels/{SHIPMENT}/pdf/high"), None)).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(
        answer.details(),
        vec![("dpi".to_owned(), "invalid_format".to_owned())]
    );
}

#[tokio::test]
async fn a_path_value_outside_its_enum_is_400_invalid_value() {
    let answer = call(build("GET", &format!("/labels/{SHIPMENT}/png/999"), None)).await;
    assert_error(&answer, 400, "validation_error");
    let mut details = answer.details();
    details.sort();
    assert_eq!(
        details,
        vec![
            ("dpi".to_owned(), "invalid_value".to_owned()),
            ("format".to_owned(), "invalid_value".to_owned()),
        ]
    );
}

#[tokio::test]
async fn a_path_value_that_is_not_utf8_is_400() {
    let answer = call(build("GET", "/shipments/%FF%FE", None)).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(answer.detail_codes(), vec!["invalid_format"]);
}

#[tokio::test]
async fn a_query_value_that_does_not_parse_is_400() {
    let answer = call(build(
        "GET",
        "/shipments?custom_reference=A1&take=ten",
        None,
    ))
    .await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(
        answer.details(),
        vec![("take".to_owned(), "invalid_format".to_owned())]
    );
}

#[tokio::test]
async fn query_constraints_are_checked() {
    let answer = call(build(
        "GET",
        "/shipments?custom_reference=A1&take=11&skip=-1",
        None,
    ))
    .await;
    assert_error(&answer, 400, "validation_error");
    let mut details = answer.details();
    details.sort();
    assert_eq!(
        details,
        vec![
            ("skip".to_owned(), "value_too_small".to_owned()),
            ("take".to_owned(), "value_too_large".to_owned()),
        ]
    );
}

/// The code a malformed reference gets: the spec puts `x-pattern-error-code` on the
/// `Reference` schema, and lowering carries it through every `$ref`.
const REFERENCE_CODE: &str = "invalid_reference_format";

#[tokio::test]
async fn a_malformed_reference_in_the_path_is_invalid_reference_format() {
    let answer = call(build("GET", "/shipments/sp_12", None)).await;
    assert_error(&answer, 400, "validation_error");
    let mut details = answer.details();
    details.sort();
    // The pattern fixes the length (35), so the short reference breaks one constraint.
    assert_eq!(
        details,
        vec![("shipment_reference".to_owned(), REFERENCE_CODE.to_owned())]
    );
}

#[tokio::test]
async fn every_violation_is_listed_with_its_path() {
    let body = json!({"reference": "sp_123", "state": "teleported", "reason": "no"});
    let answer = call(build("PUT", "/shipments/state", Some(&body))).await;
    assert_error(&answer, 400, "validation_error");
    let mut details = answer.details();
    details.sort();
    let mut expected = vec![
        ("reason".to_owned(), "value_too_short".to_owned()),
        ("reference".to_owned(), REFERENCE_CODE.to_owned()),
        ("state".to_owned(), "invalid_value".to_owned()),
    ];
    expected.sort();
    assert_eq!(details, expected);
}

#[tokio::test]
async fn a_malformed_path_reference_is_400() {
    let answer = call(build("GET", "/shipments/sp_1", None)).await;
    assert_error(&answer, 400, "validation_error");
    assert!(
        answer
            .details()
            .contains(&("shipment_reference".to_owned(), REFERENCE_CODE.to_owned())),
        "{:?}",
        answer.details()
    );
}

#[tokio::test]
async fn too_many_elements_and_too_long_values_are_400() {
    let shipments: Vec<String> = (0..10_001).map(|n| format!("sp_{n:032}")).collect();
    let body = json!({"custom_reference": "x".repeat(51), "shipments": shipments});
    let answer = call(build("POST", "/shipment_groups", Some(&body))).await;
    assert_error(&answer, 400, "validation_error");
    let details = answer.details();
    assert!(details.contains(&("shipments".to_owned(), "too_many_elements".to_owned())));
    // `^[A-Za-z0-9._~-]{5,50}$` implies the length bounds, so the pattern reports the
    // value, with the default code.
    assert!(details.contains(&("custom_reference".to_owned(), "invalid_format".to_owned())));
    assert!(!details.contains(&("custom_reference".to_owned(), "value_too_long".to_owned())));
}

#[tokio::test]
async fn duplicates_are_400_duplicate_values() {
    let body = json!({"manifests": [SHIPMENT, SHIPMENT]});
    let answer = call(build("POST", "/collection_notes/manifest", Some(&body))).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(
        answer.details(),
        vec![("manifests".to_owned(), "duplicate_values".to_owned())]
    );
}

#[tokio::test]
async fn an_unknown_path_is_404() {
    let answer = call(build("GET", "/parcels/1", None)).await;
    assert_error(&answer, 404, "not_found");
    let answer = call(build("GET", "/shipments/", None)).await;
    assert_error(&answer, 404, "not_found");
}

#[tokio::test]
async fn a_known_path_with_another_method_is_405_with_allow() {
    let answer = call(build("DELETE", "/shipments", None)).await;
    assert_error(&answer, 405, "method_not_supported");
    let mut allow: Vec<&str> = answer
        .header("allow")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .collect();
    allow.sort_unstable();
    assert_eq!(allow, vec!["GET", "HEAD", "POST", "PUT"]);

    let answer = call(build(
        "PATCH",
        &format!("/shipments/{SHIPMENT}/cancel"),
        None,
    ))
    .await;
    assert_error(&answer, 405, "method_not_supported");
    assert_eq!(answer.header("allow"), Some("PUT"));
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let config = sorted_pro::server::config().with_body_limit(1024);
    let router = sorted_pro::server::router_with_config(support::Memory::default(), config);
    let shipments: Vec<String> = (0..100).map(|n| format!("sp_{n:032}")).collect();
    let body = json!({"shipments": shipments});
    let answer = send(&router, build("POST", "/shipment_groups", Some(&body))).await;
    assert_error(&answer, 413, "payload_too_large");

    // A streamed body without `Content-Length` is cut off at the limit too.
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = body
        .to_string()
        .into_bytes()
        .chunks(100)
        .map(|chunk| Ok(bytes::Bytes::copy_from_slice(chunk)))
        .collect();
    let streamed = request("POST", "/shipment_groups", Some(&body))
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap_or_default();
    let answer = send(&router, streamed).await;
    assert_error(&answer, 413, "payload_too_large");
}

#[tokio::test]
async fn an_unknown_content_encoding_is_415() {
    let request = request("POST", "/shipment_groups", Some(&json!({})))
        .header("content-encoding", "br")
        .body(Body::from("{}"))
        .unwrap_or_default();
    let answer = call(request).await;
    assert_error(&answer, 415, "unsupported_media_type");
}

#[tokio::test]
async fn gzip_that_does_not_decompress_is_400() {
    let request = request("POST", "/shipment_groups", Some(&json!({})))
        .header("content-encoding", "gzip")
        .body(Body::from("not gzip at all"))
        .unwrap_or_default();
    let answer = call(request).await;
    assert_error(&answer, 400, "validation_error");
}

#[tokio::test]
async fn the_error_body_decodes_as_the_spec_api_error() {
    let answer = call(build("GET", "/shipments?take=0", None)).await;
    let error: sorted_pro::types::ApiError = match serde_json::from_slice(&answer.body) {
        Ok(error) => error,
        Err(error) => panic!("the error body is not an ApiError: {error}"),
    };
    assert_eq!(error.code, "validation_error");
    assert!(error.details.is_some_and(|details| !details.is_empty()));
}
