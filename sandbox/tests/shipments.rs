//! Shipments through the generated client: references, the state machine (update,
//! cancel, delete, manual changes, de-allocation), clones and finding shipments.

mod support;

use serde_json::json;
use sorted_pro::operations as ops;
use sorted_pro::types::{self, ShipmentState};
use support::{UNKNOWN, codes, create, create_allocated, decode, get, ok, parcel, parcel_json};

#[tokio::test]
async fn a_new_shipment_is_unallocated_under_a_sorted_reference() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create(&client, parcel()).await;
    assert!(reference.starts_with("sp_"));
    assert_eq!(reference.len(), 35);
    assert!(reference[3..].bytes().all(|byte| byte.is_ascii_digit()));

    let shipment = get(&client, &reference).await;
    assert_eq!(shipment.state, Some(ShipmentState::Unallocated));
    assert_eq!(shipment.reference.as_deref(), Some(reference.as_str()));
    let item = &shipment.contents[0];
    let item_reference = item.reference.clone().unwrap_or_default();
    assert!(item_reference.starts_with("sc_") && item_reference.len() == 35);
    assert!(shipment.allocation.is_none());

    let missing = ok(client
        .get_shipment(&ops::get_shipment::Request::new(UNKNOWN.to_owned()))
        .await);
    let ops::get_shipment::Response::NotFound(error) = missing else {
        panic!("expected 404, got {missing:?}");
    };
    assert_eq!(error.code, "not_found");
    assert_eq!(codes(&error), ["shipment_not_found"]);
}

fn replacement(reference: &str, custom_reference: &str) -> types::UpdateShipmentRequest {
    let mut body = parcel_json();
    body["reference"] = json!(reference);
    body["custom_reference"] = json!(custom_reference);
    decode(body)
}

#[tokio::test]
async fn a_shipment_is_replaced_only_before_allocation() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create(&client, parcel()).await;

    let replaced = ok(client
        .update_shipment(&ops::update_shipment::Request::new(replacement(
            &reference, "ORDER-2",
        )))
        .await);
    assert!(
        matches!(replaced, ops::update_shipment::Response::Ok(_)),
        "{replaced:?}"
    );
    assert_eq!(
        get(&client, &reference).await.custom_reference.as_deref(),
        Some("ORDER-2")
    );

    let allocated = ok(client
        .allocate_shipment(&ops::allocate_shipment::Request::new(reference.clone()))
        .await);
    assert!(matches!(allocated, ops::allocate_shipment::Response::Ok(_)));
    let refused = ok(client
        .update_shipment(&ops::update_shipment::Request::new(replacement(
            &reference, "ORDER-3",
        )))
        .await);
    // Replacing declares no 409, so the wrong state is a 400 with the detail code.
    let ops::update_shipment::Response::BadRequest(error) = refused else {
        panic!("expected 400, got {refused:?}");
    };
    assert_eq!(codes(&error), ["invalid_state_for_operation"]);

    let missing = ok(client
        .update_shipment(&ops::update_shipment::Request::new(replacement(
            UNKNOWN, "ORDER-4",
        )))
        .await);
    assert!(
        matches!(missing, ops::update_shipment::Response::NotFound(_)),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_clone_is_a_new_unallocated_shipment_with_the_same_details() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let original = create_allocated(&client, parcel()).await;
    let cloned = ok(client
        .clone_shipment(&ops::clone_shipment::Request::new(original.clone()))
        .await);
    let ops::clone_shipment::Response::Created(result) = cloned else {
        panic!("expected 201, got {cloned:?}");
    };
    assert_ne!(result.reference, original);
    let copy = get(&client, &result.reference).await;
    let first = get(&client, &original).await;
    assert_eq!(copy.state, Some(ShipmentState::Unallocated));
    assert_eq!(copy.addresses, first.addresses);
    assert_eq!(copy.custom_reference, first.custom_reference);
    assert_ne!(copy.contents[0].reference, first.contents[0].reference);
}

#[tokio::test]
async fn cancelling_works_only_before_manifest_and_deleting_only_after_cancelling() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create_allocated(&client, parcel()).await;

    let early = ok(client
        .delete_shipment(&ops::delete_shipment::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(early, ops::delete_shipment::Response::BadRequest(_)),
        "{early:?}"
    );

    let cancelled = ok(client
        .cancel_shipment(&ops::cancel_shipment::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(cancelled, ops::cancel_shipment::Response::Ok(_)),
        "{cancelled:?}"
    );
    assert_eq!(
        get(&client, &reference).await.state,
        Some(ShipmentState::Cancelled)
    );
    let again = ok(client
        .cancel_shipment(&ops::cancel_shipment::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(again, ops::cancel_shipment::Response::Conflict(_)),
        "{again:?}"
    );

    let deleted = ok(client
        .delete_shipment(&ops::delete_shipment::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(deleted, ops::delete_shipment::Response::Ok(_)),
        "{deleted:?}"
    );
    let gone = ok(client
        .get_shipment(&ops::get_shipment::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(gone, ops::get_shipment::Response::NotFound(_)),
        "{gone:?}"
    );

    let manifested = create_allocated(&client, parcel()).await;
    let answer = ok(client
        .manifest_shipment(&ops::manifest_shipment::Request::new(manifested.clone()))
        .await);
    assert!(
        matches!(answer, ops::manifest_shipment::Response::Accepted(_)),
        "{answer:?}"
    );
    let late = ok(client
        .cancel_shipment(&ops::cancel_shipment::Request::new(manifested))
        .await);
    let ops::cancel_shipment::Response::Conflict(error) = late else {
        panic!("expected 409, got {late:?}");
    };
    assert_eq!(error.code, "conflict");
}

#[tokio::test]
async fn manual_state_changes_keep_to_the_documented_limits() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create(&client, parcel()).await;

    for system in ["allocating", "manifesting", "cancelling"] {
        let answer = support::change_state(&client, &reference, system).await;
        let ops::change_shipment_state::Response::BadRequest(error) = answer else {
            panic!("expected 400 for {system}, got {answer:?}");
        };
        assert_eq!(codes(&error), ["system_shipment_state"]);
    }

    let jump = support::change_state(&client, &reference, "allocated").await;
    let ops::change_shipment_state::Response::BadRequest(error) = jump else {
        panic!("expected 400, got {jump:?}");
    };
    assert_eq!(codes(&error), ["invalid_shipment_state"]);

    let same = support::change_state(&client, &reference, "unallocated").await;
    assert_eq!(same, ops::change_shipment_state::Response::NotModified);

    let failed = support::change_state(&client, &reference, "allocation_failed").await;
    assert!(
        matches!(failed, ops::change_shipment_state::Response::Ok(_)),
        "{failed:?}"
    );

    let allocated = create_allocated(&client, parcel()).await;
    for state in ["dispatched", "in_transit", "delivered"] {
        let moved = support::change_state(&client, &allocated, state).await;
        assert!(
            matches!(moved, ops::change_shipment_state::Response::Ok(_)),
            "{moved:?}"
        );
    }
    let delivered = get(&client, &allocated).await;
    assert_eq!(delivered.state, Some(ShipmentState::Delivered));
    assert!(delivered.actual_delivery_date.is_some());

    let cancelled = support::change_state(&client, &reference, "cancelled").await;
    assert!(matches!(
        cancelled,
        ops::change_shipment_state::Response::Ok(_)
    ));
    let after = support::change_state(&client, &reference, "unallocated").await;
    assert!(
        matches!(after, ops::change_shipment_state::Response::BadRequest(_)),
        "cancelled is final: {after:?}"
    );

    let missing = support::change_state(&client, UNKNOWN, "delivered").await;
    assert!(matches!(
        missing,
        ops::change_shipment_state::Response::NotFound(_)
    ));
}

#[tokio::test]
async fn deallocation_releases_the_carrier_service() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create_allocated(&client, parcel()).await;
    assert!(get(&client, &reference).await.allocation.is_some());

    let released = ok(client
        .deallocate_shipment(&ops::deallocate_shipment::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(released, ops::deallocate_shipment::Response::Ok(_)),
        "{released:?}"
    );
    let shipment = get(&client, &reference).await;
    assert_eq!(shipment.state, Some(ShipmentState::Unallocated));
    assert!(shipment.allocation.is_none());

    let again = ok(client
        .deallocate_shipment(&ops::deallocate_shipment::Request::new(reference))
        .await);
    assert!(
        matches!(again, ops::deallocate_shipment::Response::BadRequest(_)),
        "{again:?}"
    );
}

#[tokio::test]
async fn shipments_are_found_by_custom_or_carrier_tracking_reference_a_page_at_a_time() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let mut references = Vec::new();
    for _ in 0..3 {
        references.push(create(&client, parcel()).await);
    }
    let mut other = parcel_json();
    other["custom_reference"] = json!("ORDER-OTHER");
    other["contents"][0]["custom_reference"] = json!("LINE-OTHER");
    create(&client, decode(other)).await;

    let page = |request: ops::find_shipments::Request| {
        let client = client.clone();
        async move {
            match ok(client.find_shipments(&request).await) {
                ops::find_shipments::Response::Ok(list) => list,
                other => panic!("expected 200, got {other:?}"),
            }
        }
    };
    let first = page(
        ops::find_shipments::Request::new()
            .with_custom_reference("ORDER-1".to_owned())
            .with_take(2),
    )
    .await;
    assert_eq!((first.total_results, first.take, first.skip), (3, 2, 0));
    let found: Vec<_> = first
        .shipments
        .iter()
        .filter_map(|s| s.reference.clone())
        .collect();
    assert_eq!(found, references[..2]);
    let second = page(
        ops::find_shipments::Request::new()
            .with_custom_reference("ORDER-1".to_owned())
            .with_take(2)
            .with_skip(2),
    )
    .await;
    assert_eq!(second.shipments.len(), 1);

    let by_contents =
        page(ops::find_shipments::Request::new().with_custom_reference("LINE-OTHER".to_owned()))
            .await;
    assert_eq!(by_contents.total_results, 1);

    let allocated = references.last().cloned().unwrap_or_default();
    let result = ok(client
        .allocate_shipment(&ops::allocate_shipment::Request::new(allocated.clone()))
        .await);
    let ops::allocate_shipment::Response::Ok(result) = result else {
        panic!("expected 200, got {result:?}");
    };
    let tracking = result
        .tracking_details
        .and_then(|details| details.shipment)
        .and_then(|shipment| shipment.carrier_tracking_reference)
        .unwrap_or_default();
    let by_tracking =
        page(ops::find_shipments::Request::new().with_carrier_tracking_reference(tracking)).await;
    let found: Vec<_> = by_tracking
        .shipments
        .iter()
        .filter_map(|s| s.reference.clone())
        .collect();
    assert_eq!(found, [allocated]);

    let neither = ok(client
        .find_shipments(&ops::find_shipments::Request::new())
        .await);
    assert!(
        matches!(neither, ops::find_shipments::Response::BadRequest(_)),
        "{neither:?}"
    );
}
