//! Every operation of the spec reaches its own handler, and paths where a static segment
//! competes with a parameter resolve to the static one.

#![cfg(feature = "server")]

#[path = "server_support.rs"]
mod support;

use serde_json::json;
use support::{DOCUMENT, SHIPMENT, build, every_operation, router, send};

#[tokio::test]
async fn every_operation_reaches_its_own_handler() {
    let table = every_operation();
    let mut ids: Vec<&str> = table.iter().map(|(_, _, _, id)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 54, "the spec has 54 operations");
    assert_eq!(ids.len(), table.len());
    for (method, path, body, id) in table {
        let (router, memory) = router();
        let answer = send(&router, build(method, &path, body.as_ref())).await;
        assert_eq!(
            memory.calls(),
            vec![id.to_owned()],
            "{method} {path} answered {} {}",
            answer.status,
            answer.json()
        );
        let routed = answer.json()["code"] == "routed";
        assert!(
            !routed || answer.json()["message"] == id,
            "{method} {path}: {}",
            answer.json()
        );
        assert_eq!(
            answer.header("x-api-version"),
            Some("1.1"),
            "{method} {path}"
        );
    }
}

/// Which handler a `GET` of `path` reaches.
async fn handler_for(method: &str, path: &str) -> Vec<String> {
    let (router, memory) = router();
    send(&router, build(method, path, None)).await;
    memory.calls()
}

#[tokio::test]
async fn static_segments_win_over_parameters() {
    let state = json!({"reference": SHIPMENT, "state": "allocated", "reason": "set by hand"});
    let (app, memory) = router();
    send(&app, build("PUT", "/shipments/state", Some(&state))).await;
    assert_eq!(memory.calls(), vec!["change_shipment_state"]);
    assert_eq!(
        handler_for("GET", &format!("/shipments/{SHIPMENT}")).await,
        vec!["get_shipment"]
    );
    // `/shipments/state` has no GET, and is not taken for a shipment reference.
    let (app, memory) = router();
    let answer = send(&app, build("GET", "/shipments/state", None)).await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.header("allow"), Some("PUT"));
    assert!(memory.calls().is_empty());

    assert_eq!(
        handler_for("GET", &format!("/documents/paperless/{DOCUMENT}")).await,
        vec!["get_paperless_document"]
    );
    assert_eq!(
        handler_for("GET", &format!("/documents/{SHIPMENT}/commercial_invoice")).await,
        vec!["get_customs_document"]
    );
    assert_eq!(
        handler_for("GET", &format!("/documents/{SHIPMENT}")).await,
        vec!["get_customs_documents"]
    );

    assert_eq!(
        handler_for("GET", "/tracking/custom_reference/ORDER-1").await,
        vec!["find_tracking_events_by_custom_reference"]
    );
    assert_eq!(
        handler_for("GET", &format!("/tracking/{SHIPMENT}/shipment_contents")).await,
        vec!["get_contents_tracking_events"]
    );
    assert_eq!(
        handler_for("GET", "/tracking/custom_reference/shipment_contents").await,
        vec!["find_tracking_events_by_custom_reference"]
    );
    assert_eq!(
        handler_for(
            "GET",
            "/tracking/custom_reference/ORDER-1/shipment_contents"
        )
        .await,
        vec!["find_contents_tracking_events_by_custom_reference"]
    );
    assert_eq!(
        handler_for("GET", &format!("/tracking/{SHIPMENT}")).await,
        vec!["get_tracking_events"]
    );
}

#[tokio::test]
async fn a_parameter_segment_takes_what_the_static_one_does_not() {
    // `/tracking/custom_reference` has no static route of its own, so it is a shipment
    // reference, which is then refused by validation without reaching the handler.
    let (router, memory) = router();
    let answer = send(&router, build("GET", "/tracking/custom_reference", None)).await;
    assert_eq!(answer.status, 400, "{}", answer.json());
    assert_eq!(answer.details()[0].0, "shipment_reference");
    assert!(memory.calls().is_empty());

    // Percent-encoded path values are decoded before they are checked.
    let answer = send(
        &router,
        build("GET", "/tracking/custom_reference/ORDER%2D1", None),
    )
    .await;
    assert_eq!(
        answer.json()["message"],
        "find_tracking_events_by_custom_reference"
    );
}
