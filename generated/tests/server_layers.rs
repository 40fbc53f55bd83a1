//! What the generated router does around every handler: gzip both ways, request ids,
//! headers the spec fixes, and surviving a panicking implementation.

#![cfg(feature = "server")]

#[path = "server_support.rs"]
mod support;

use std::io::{Read as _, Write as _};

use axum::body::Body;
use serde_json::json;
use support::{PANIC_SHIPMENT, SHIPMENT, assert_error, build, request, router, send};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap_or_default();
    encoder.finish().unwrap_or_default()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut decoded)
        .unwrap_or_default();
    decoded
}

#[tokio::test]
async fn responses_are_gzipped_when_asked() {
    let (router, _) = router();
    let request = request("GET", &format!("/shipments/{SHIPMENT}"), None)
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .unwrap_or_default();
    let answer = send(&router, request).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-encoding"), Some("gzip"));
    let body: serde_json::Value = serde_json::from_slice(&gunzip(&answer.body)).unwrap_or_default();
    assert_eq!(body["reference"], SHIPMENT);

    let plain = send(
        &router,
        build("GET", &format!("/shipments/{SHIPMENT}"), None),
    )
    .await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.json()["reference"], SHIPMENT);
}

#[tokio::test]
async fn gzip_request_bodies_are_accepted() {
    let (router, memory) = router();
    let body = json!({"shipments": [SHIPMENT]});
    for encoding in ["gzip", "GZIP"] {
        let request = request("POST", "/shipment_groups", Some(&body))
            .header("content-encoding", encoding)
            .body(Body::from(gzip(body.to_string().as_bytes())))
            .unwrap_or_default();
        let answer = send(&router, request).await;
        assert_eq!(answer.status, 201, "{encoding}: {}", answer.json());
    }
    assert_eq!(memory.calls(), vec!["create_shipment_group"; 2]);
}

#[tokio::test]
async fn a_panicking_handler_is_500_and_the_server_keeps_serving() {
    let (router, _) = router();
    let answer = send(
        &router,
        build("GET", &format!("/shipments/{PANIC_SHIPMENT}"), None),
    )
    .await;
    assert_error(&answer, 500, "internal_server_error");
    let answer = send(
        &router,
        build("GET", &format!("/shipments/{SHIPMENT}"), None),
    )
    .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn fixed_response_headers_are_set_on_every_answer() {
    let (router, _) = router();
    let ok = send(
        &router,
        build("GET", &format!("/shipments/{SHIPMENT}"), None),
    )
    .await;
    assert_eq!(ok.header("x-api-version"), Some("1.1"));
    let body = json!({"reference": SHIPMENT, "state": "unallocated", "reason": "no change"});
    let not_modified = send(&router, build("PUT", "/shipments/state", Some(&body))).await;
    assert_eq!(not_modified.status, 304);
    assert_eq!(not_modified.header("x-api-version"), Some("1.1"));
    let not_found = send(&router, build("GET", "/nowhere", None)).await;
    assert_eq!(not_found.header("x-api-version"), Some("1.1"));
}

#[tokio::test]
async fn request_ids_are_echoed_or_made() {
    let (router, _) = router();
    let request = request("GET", "/nowhere", None)
        .header("x-request-id", "trace-42")
        .body(Body::empty())
        .unwrap_or_default();
    let answer = send(&router, request).await;
    assert_eq!(answer.header("x-request-id"), Some("trace-42"));
    assert_eq!(answer.json()["correlation_id"], "trace-42");

    let first = send(
        &router,
        build("GET", &format!("/shipments/{SHIPMENT}"), None),
    )
    .await;
    let second = send(
        &router,
        build("GET", &format!("/shipments/{SHIPMENT}"), None),
    )
    .await;
    let (Some(first), Some(second)) = (first.header("x-request-id"), second.header("x-request-id"))
    else {
        panic!("answers without x-request-id");
    };
    assert_ne!(first, second);
    assert_eq!(first.len(), 36, "a UUID: {first}");
}

#[tokio::test]
async fn the_context_carries_the_principal_and_request_metadata() {
    let (router, memory) = router();
    let request = request("GET", &format!("/tracking/{SHIPMENT}?ignored=1"), None)
        .header("x-custom", "yes")
        .header("x-request-id", "id-1")
        .body(Body::empty())
        .unwrap_or_default();
    let answer = send(&router, request).await;
    assert_eq!(answer.status, 200, "{}", answer.json());
    let seen = memory.last_seen();
    assert_eq!(
        seen,
        Some(support::Seen {
            operation_id: "get_tracking_events".to_owned(),
            principal: support::Account("test account".to_owned()),
            method: http::Method::GET,
            uri: format!("/tracking/{SHIPMENT}?ignored=1"),
            request_id: "id-1".to_owned(),
            custom_header: Some("yes".to_owned()),
        })
    );
}

#[tokio::test]
async fn head_is_answered_like_get_without_a_body() {
    let (router, _) = router();
    let answer = send(
        &router,
        build("HEAD", &format!("/shipments/{SHIPMENT}"), None),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(answer.body.is_empty());
}
