//! End to end over loopback: the generated client against the generated router, backed by
//! the in-memory implementation of `server_support.rs`. At least one operation per tag,
//! with typed 201, 202, 207, 221 and 304 answers arriving as the right variants.

#![cfg(all(feature = "client", feature = "server"))]

#[path = "server_support.rs"]
mod support;

use serde_json::json;
use sorted_pro::client::{Client, Error};
use sorted_pro::operations as ops;
use sorted_pro::types;
use support::{API_KEY, SHIPMENT, UNKNOWN};

/// Serves `router` on a loopback port and returns a client for it that sends `api_key`.
async fn client_for(router: axum::Router, api_key: &str) -> Client {
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
        Ok(listener) => listener,
        Err(error) => panic!("cannot bind a loopback port: {error}"),
    };
    let address = listener
        .local_addr()
        .map(|address| address.to_string())
        .unwrap_or_default();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .api_key(api_key)
        .build();
    match client {
        Ok(client) => client,
        Err(error) => panic!("the client does not build: {error}"),
    }
}

/// Serves a fresh in-memory implementation and returns a client for it.
async fn serve() -> (Client, support::Memory) {
    let (router, memory) = support::router();
    (client_for(router, API_KEY).await, memory)
}

fn ok<T>(result: Result<T, Error>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("the call failed: {error}"),
    }
}

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    match serde_json::from_value(value) {
        Ok(value) => value,
        Err(error) => panic!("test data does not decode: {error}"),
    }
}

#[tokio::test]
async fn shipments_are_created_read_and_moved_between_states() {
    let (client, _) = serve().await;
    let body: types::CreateShipmentRequest = decode(support::create_shipment_json());
    let created = ok(client
        .create_shipment(&ops::create_shipment::Request::new(body))
        .await);
    let ops::create_shipment::Response::Created(result) = created else {
        panic!("expected 201, got {created:?}");
    };
    assert_eq!(result.reference.len(), 35);

    let read = ok(client
        .get_shipment(&ops::get_shipment::Request::new(result.reference.clone()))
        .await);
    let ops::get_shipment::Response::Ok(shipment) = read else {
        panic!("expected 200, got {read:?}");
    };
    assert_eq!(
        shipment.reference.as_deref(),
        Some(result.reference.as_str())
    );

    let change = |state: &str| {
        decode::<types::ShipmentStateChangeRequest>(json!({
            "reference": result.reference,
            "state": state,
            "reason": "moved by hand"
        }))
    };
    let moved = ok(client
        .change_shipment_state(&ops::change_shipment_state::Request::new(change(
            "allocated",
        )))
        .await);
    assert!(
        matches!(moved, ops::change_shipment_state::Response::Ok(_)),
        "{moved:?}"
    );
    let again = ok(client
        .change_shipment_state(&ops::change_shipment_state::Request::new(change(
            "allocated",
        )))
        .await);
    assert_eq!(again, ops::change_shipment_state::Response::NotModified);

    let missing = ok(client
        .get_shipment(&ops::get_shipment::Request::new(UNKNOWN.to_owned()))
        .await);
    let ops::get_shipment::Response::NotFound(error) = missing else {
        panic!("expected 404, got {missing:?}");
    };
    assert_eq!(error.code, "not_found");

    let found = ok(client
        .find_shipments(
            &ops::find_shipments::Request::new()
                .with_custom_reference("ORDER-1".to_owned())
                .with_take(3),
        )
        .await);
    let ops::find_shipments::Response::Ok(list) = found else {
        panic!("expected 200, got {found:?}");
    };
    assert_eq!((list.take, list.skip), (3, 0));
}

#[tokio::test]
async fn a_paperless_document_is_221_while_processing_then_200() {
    let (client, _) = serve().await;
    let document: types::PaperlessDocument = decode(json!({
        "document_type": "commercial_invoice",
        "file_format": "pdf",
        "file_content": "JVBERi0xLjQ=",
        "usage": "electronic_trade"
    }));
    let added = ok(client
        .add_paperless_document(&ops::add_paperless_document::Request::new(
            SHIPMENT.to_owned(),
            document,
        ))
        .await);
    let ops::add_paperless_document::Response::Accepted(result) = added else {
        panic!("expected 202, got {added:?}");
    };
    let request = ops::get_paperless_document::Request::new(result.reference.clone());
    let first = ok(client.get_paperless_document(&request.clone()).await);
    let ops::get_paperless_document::Response::Status221(processing) = first else {
        panic!("expected 221, got {first:?}");
    };
    assert_eq!(
        processing.document_state,
        Some(types::PaperlessDocumentState::Processing)
    );
    let second = ok(client.get_paperless_document(&request).await);
    assert!(
        matches!(second, ops::get_paperless_document::Response::Ok(_)),
        "{second:?}"
    );
}

#[tokio::test]
async fn batch_allocation_is_207_when_some_shipments_are_refused() {
    let (client, _) = serve().await;
    let body = |shipments: &[&str]| {
        decode::<types::AllocateWithCarrierServiceRequest>(json!({
            "shipments": shipments,
            "carrier_service_reference": "SVC-1"
        }))
    };
    let partial = ok(client
        .allocate_shipments_with_service(&ops::allocate_shipments_with_service::Request::new(body(
            &[SHIPMENT, UNKNOWN],
        )))
        .await);
    let ops::allocate_shipments_with_service::Response::MultiStatus(result) = partial else {
        panic!("expected 207, got {partial:?}");
    };
    let states: Vec<(&str, &types::ShipmentState)> = result
        .iter()
        .map(|result| (result.shipment_reference.as_str(), &result.state))
        .collect();
    assert_eq!(
        states,
        [
            (SHIPMENT, &types::ShipmentState::Allocating),
            (UNKNOWN, &types::ShipmentState::AllocationFailed),
        ]
    );
    let all = ok(client
        .allocate_shipments_with_service(&ops::allocate_shipments_with_service::Request::new(body(
            &[SHIPMENT],
        )))
        .await);
    assert!(
        matches!(
            all,
            ops::allocate_shipments_with_service::Response::Accepted(_)
        ),
        "{all:?}"
    );
}

#[tokio::test]
async fn a_new_shipment_is_quoted() {
    let (client, _) = serve().await;
    let body: types::CreateShipmentRequest = decode(support::create_shipment_json());
    let quoted = ok(client
        .quote_new_shipment(&ops::quote_new_shipment::Request::new(body))
        .await);
    let ops::quote_new_shipment::Response::Created(result) = quoted else {
        panic!("expected 201, got {quoted:?}");
    };
    assert_eq!(result.quotes.map(|quotes| quotes.len()), Some(1));
}

#[tokio::test]
async fn a_label_comes_back_with_its_path_and_query_parameters() {
    let (client, _) = serve().await;
    let request = ops::get_label::Request::new(
        SHIPMENT.to_owned(),
        types::LabelFormat::Zpl,
        types::Dpi::V300,
    )
    .with_include_extension(false);
    let label = ok(client.get_label(&request).await);
    let ops::get_label::Response::Ok(document) = label else {
        panic!("expected 200, got {label:?}");
    };
    assert_eq!(document.content_type, "application/zpl");
    let text = String::from_utf8_lossy(&document.file).into_owned();
    assert_eq!(
        text,
        format!("label {SHIPMENT} at 300 dpi, extension false")
    );
}

#[tokio::test]
async fn a_shipment_is_manifested() {
    let (client, _) = serve().await;
    let manifested = ok(client
        .manifest_shipment(&ops::manifest_shipment::Request::new(SHIPMENT.to_owned()))
        .await);
    assert!(
        matches!(manifested, ops::manifest_shipment::Response::Accepted(_)),
        "{manifested:?}"
    );
}

#[tokio::test]
async fn groups_are_created_with_207_for_refused_references_and_locked_once() {
    let (client, _) = serve().await;
    let body = |shipments: &[&str]| {
        decode::<types::CreateShipmentGroupRequest>(json!({
            "custom_reference": "CarrierX-PM",
            "shipments": shipments
        }))
    };
    let created = ok(client
        .create_shipment_group(&ops::create_shipment_group::Request::new(body(&[SHIPMENT])))
        .await);
    let ops::create_shipment_group::Response::Created(group) = created else {
        panic!("expected 201, got {created:?}");
    };
    let partial = ok(client
        .create_shipment_group(&ops::create_shipment_group::Request::new(body(&[
            SHIPMENT, UNKNOWN,
        ])))
        .await);
    let ops::create_shipment_group::Response::MultiStatus(result) = partial else {
        panic!("expected 207, got {partial:?}");
    };
    let errors = result.errors.unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "shipment_not_found");

    let lock = ops::lock_shipment_group::Request::new(group.reference);
    let first = ok(client.lock_shipment_group(&lock.clone()).await);
    assert!(
        matches!(first, ops::lock_shipment_group::Response::Ok(_)),
        "{first:?}"
    );
    let second = ok(client.lock_shipment_group(&lock).await);
    assert!(
        matches!(second, ops::lock_shipment_group::Response::Conflict(_)),
        "{second:?}"
    );
}

#[tokio::test]
async fn a_collection_note_is_fetched_for_manifests() {
    let (client, _) = serve().await;
    let body: types::ManifestCollectionNoteRequest =
        decode(json!({"manifests": ["ma_00000000000000000000000000000001"]}));
    let note = ok(client
        .get_manifest_collection_note(&ops::get_manifest_collection_note::Request::new(body))
        .await);
    let ops::get_manifest_collection_note::Response::Ok(document) = note else {
        panic!("expected 200, got {note:?}");
    };
    assert_eq!(document.document_type, types::DocumentType::CollectionNote);
}

#[tokio::test]
async fn tracking_events_are_read() {
    let (client, _) = serve().await;
    let tracking = ok(client
        .get_tracking_events(&ops::get_tracking_events::Request::new(SHIPMENT.to_owned()))
        .await);
    let ops::get_tracking_events::Response::Ok(response) = tracking else {
        panic!("expected 200, got {tracking:?}");
    };
    assert_eq!(response.shipment_reference, SHIPMENT);
    assert_eq!(response.events.map(|events| events.len()), Some(1));
}

#[tokio::test]
async fn the_server_refusal_of_a_bad_key_decodes_as_the_401_variant() {
    let (router, _) = support::router();
    let client = client_for(router, "wrong key").await;
    let answer = ok(client
        .get_shipment(&ops::get_shipment::Request::new(SHIPMENT.to_owned()))
        .await);
    let ops::get_shipment::Response::Unauthorized(error) = answer else {
        panic!("expected 401, got {answer:?}");
    };
    assert_eq!(error.code, "unauthorised");
    let details = error.details.unwrap_or_default();
    assert_eq!(details[0].code, "invalid_api_key");
}
