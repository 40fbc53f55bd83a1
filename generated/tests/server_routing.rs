//! Every operation of the spec reaches its own handler, and paths where a static segment
//! competes with a parameter resolve to the static one.

#![cfg(feature = "server")]

#[path = "server_support.rs"]
mod support;

use serde_json::{Value, json};
use support::{SHIPMENT, build, router, send};

const DOCUMENT: &str = "pd_00000000000000000000000000000042";
const GROUP: &str = "sg_00000000000000000000000000000007";
const CONTENTS: &str = "sc_00000000000000000000000000000003";
const QUOTE: &str = "qu_00000000000000000000000000000005";
const MANIFEST: &str = "ma_00000000000000000000000000000009";

/// One valid request for every operation: method, path, body and the operation id.
fn every_operation() -> Vec<(&'static str, String, Option<Value>, &'static str)> {
    let create = support::create_shipment_json();
    let mut update = create.clone();
    update["reference"] = json!(SHIPMENT);
    let batch = json!({"shipments": [SHIPMENT]});
    let address = create["addresses"][0].clone();
    let s = SHIPMENT;
    vec![
        (
            "POST",
            "/shipments".into(),
            Some(create.clone()),
            "create_shipment",
        ),
        ("PUT", "/shipments".into(), Some(update), "update_shipment"),
        (
            "GET",
            "/shipments?custom_reference=ORDER-1&take=5".into(),
            None,
            "find_shipments",
        ),
        ("GET", format!("/shipments/{s}"), None, "get_shipment"),
        ("DELETE", format!("/shipments/{s}"), None, "delete_shipment"),
        (
            "PUT",
            format!("/shipments/{s}/cancel"),
            None,
            "cancel_shipment",
        ),
        (
            "POST",
            format!("/shipments/{s}/clone"),
            None,
            "clone_shipment",
        ),
        (
            "PUT",
            "/shipments/state".into(),
            Some(json!({"reference": s, "state": "allocated", "reason": "set by hand"})),
            "change_shipment_state",
        ),
        (
            "DELETE",
            format!("/shipments/{s}/allocation"),
            None,
            "deallocate_shipment",
        ),
        (
            "POST",
            format!("/documents/paperless/{s}"),
            Some(json!({
                "document_type": "commercial_invoice",
                "file_format": "pdf",
                "file_content": "JVBERi0xLjQ=",
                "usage": "electronic_trade"
            })),
            "add_paperless_document",
        ),
        (
            "GET",
            format!("/documents/paperless/{DOCUMENT}"),
            None,
            "get_paperless_document",
        ),
        (
            "DELETE",
            format!("/documents/paperless/{DOCUMENT}"),
            None,
            "delete_paperless_document",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate"),
            None,
            "allocate_shipment",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate/service/SVC-1"),
            None,
            "allocate_shipment_with_service",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate/service_group/GRP-1"),
            None,
            "allocate_shipment_with_service_group",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate/virtual_service/VS-1"),
            None,
            "allocate_shipment_with_virtual_service",
        ),
        (
            "PUT",
            format!("/shipments/{s}/allocate/quote/{QUOTE}"),
            None,
            "allocate_shipment_with_quote",
        ),
        (
            "PUT",
            "/shipments/allocation".into(),
            Some(batch.clone()),
            "allocate_shipments",
        ),
        (
            "PUT",
            "/shipments/allocation/filters".into(),
            Some(json!({"shipments": [s], "tags": ["fragile"], "pickup": true})),
            "allocate_shipments_with_filters",
        ),
        (
            "PUT",
            "/shipments/allocation/service".into(),
            Some(json!({"shipments": [s], "carrier_service_reference": "SVC-1"})),
            "allocate_shipments_with_service",
        ),
        (
            "PUT",
            "/shipments/allocate/service_group".into(),
            Some(json!({"shipments": [s], "service_group": "GRP-1"})),
            "allocate_shipments_with_service_group",
        ),
        (
            "POST",
            "/shipments/quote".into(),
            Some(create.clone()),
            "quote_new_shipment",
        ),
        (
            "POST",
            "/shipments/quote/service_group/GRP-1".into(),
            Some(create),
            "quote_new_shipment_with_service_group",
        ),
        (
            "POST",
            format!("/shipments/{s}/quote"),
            None,
            "quote_existing_shipment",
        ),
        (
            "GET",
            format!("/labels/{s}/pdf/203?include_extension=false"),
            None,
            "get_label",
        ),
        (
            "GET",
            format!("/labels/{s}/contents/{CONTENTS}/zpl/300"),
            None,
            "get_contents_labels",
        ),
        (
            "GET",
            format!("/documents/{s}"),
            None,
            "get_customs_documents",
        ),
        (
            "GET",
            format!("/documents/{s}/cn22"),
            None,
            "get_customs_document",
        ),
        (
            "PUT",
            format!("/shipments/{s}/manifest"),
            None,
            "manifest_shipment",
        ),
        (
            "PUT",
            "/shipments/manifest".into(),
            Some(batch.clone()),
            "manifest_shipments",
        ),
        (
            "POST",
            "/shipments/manifest/query".into(),
            Some(json!({"carrier": "carrier_x"})),
            "manifest_shipments_by_query",
        ),
        (
            "POST",
            format!("/shipment_groups/{GROUP}/manifest"),
            None,
            "manifest_shipment_group",
        ),
        (
            "GET",
            format!("/shipments/manifests/{MANIFEST}"),
            None,
            "get_manifest",
        ),
        (
            "POST",
            "/shipment_groups".into(),
            Some(batch),
            "create_shipment_group",
        ),
        (
            "PUT",
            "/shipment_groups".into(),
            Some(json!({"reference": GROUP, "add_shipments": [s]})),
            "edit_shipment_group",
        ),
        (
            "GET",
            format!("/shipment_groups/{GROUP}"),
            None,
            "get_shipment_group",
        ),
        (
            "GET",
            "/shipment_groups/custom_reference/CarrierX-PM".into(),
            None,
            "list_shipment_group_versions",
        ),
        (
            "GET",
            "/shipment_groups/custom_reference/CarrierX-PM/latest".into(),
            None,
            "get_shipment_group_version",
        ),
        (
            "PUT",
            format!("/shipment_groups/{GROUP}/shipments/{s}"),
            None,
            "add_shipment_to_group",
        ),
        (
            "DELETE",
            format!("/shipment_groups/{GROUP}/shipments/{s}"),
            None,
            "remove_shipment_from_group",
        ),
        (
            "PUT",
            format!("/shipment_groups/custom_reference/CarrierX-PM/2/shipments/{s}"),
            None,
            "add_shipment_to_group_version",
        ),
        (
            "DELETE",
            format!("/shipment_groups/custom_reference/CarrierX-PM/latest/shipments/{s}"),
            None,
            "remove_shipment_from_group_version",
        ),
        (
            "POST",
            format!("/shipment_groups/{GROUP}/lock"),
            None,
            "lock_shipment_group",
        ),
        (
            "POST",
            format!("/shipment_groups/{GROUP}/unlock"),
            None,
            "unlock_shipment_group",
        ),
        (
            "POST",
            format!("/shipment_groups/{GROUP}/close"),
            None,
            "close_shipment_group",
        ),
        (
            "GET",
            format!("/collection_notes/shipment_group/{GROUP}"),
            None,
            "get_shipment_group_collection_note",
        ),
        (
            "GET",
            "/collection_notes/shipment_group/custom_reference/CarrierX-PM/latest".into(),
            None,
            "get_shipment_group_version_collection_note",
        ),
        (
            "POST",
            "/collection_notes/query".into(),
            Some(json!({
                "address": address,
                "carrier": "carrier_x",
                "shipment_states": ["allocated", "manifested"]
            })),
            "get_collection_note_by_query",
        ),
        (
            "POST",
            "/collection_notes/manifest".into(),
            Some(json!({"manifests": [MANIFEST]})),
            "get_manifest_collection_note",
        ),
        ("GET", format!("/tracking/{s}"), None, "get_tracking_events"),
        (
            "GET",
            format!("/tracking/{s}/shipment_contents"),
            None,
            "get_contents_tracking_events",
        ),
        (
            "GET",
            "/tracking/custom_reference/ORDER-1?take=2&skip=4".into(),
            None,
            "find_tracking_events_by_custom_reference",
        ),
        (
            "GET",
            "/tracking/custom_reference/LINE-1/shipment_contents".into(),
            None,
            "find_contents_tracking_events_by_custom_reference",
        ),
    ]
}

#[tokio::test]
async fn every_operation_reaches_its_own_handler() {
    let table = every_operation();
    let mut ids: Vec<&str> = table.iter().map(|(_, _, _, id)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 53, "the spec has 53 operations");
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
