//! Shipment groups as the "Creating Shipment Groups" page says: 201 and 207 with
//! per-reference errors, custom references unique among groups that are not closed and
//! versioned by use, 304 for changes already made, 409 for steps out of order, manifests
//! and collection notes.

mod support;

use serde_json::json;
use sorted_pro::client::Client;
use sorted_pro::operations as ops;
use sorted_pro::types::{self, ShipmentGroupState, ShipmentState};
use support::{address, codes, create, create_allocated, decode, get, ok, parcel, parcel_json};

async fn create_group(
    client: &Client,
    custom_reference: Option<&str>,
    shipments: &[&str],
) -> ops::create_shipment_group::Response {
    let mut body = json!({"shipments": shipments});
    if let Some(custom) = custom_reference {
        body["custom_reference"] = json!(custom);
    }
    ok(client
        .create_shipment_group(&ops::create_shipment_group::Request::new(decode(body)))
        .await)
}

async fn created(
    client: &Client,
    custom: Option<&str>,
    shipments: &[&str],
) -> types::ResourceResult {
    match create_group(client, custom, shipments).await {
        ops::create_shipment_group::Response::Created(result) => result,
        other => panic!("expected 201, got {other:?}"),
    }
}

async fn group(client: &Client, reference: &str) -> types::ShipmentGroup {
    let answer = ok(client
        .get_shipment_group(&ops::get_shipment_group::Request::new(reference.to_owned()))
        .await);
    match answer {
        ops::get_shipment_group::Response::Ok(group) => group,
        other => panic!("expected 200, got {other:?}"),
    }
}

async fn lock(client: &Client, reference: &str) -> ops::lock_shipment_group::Response {
    ok(client
        .lock_shipment_group(&ops::lock_shipment_group::Request::new(
            reference.to_owned(),
        ))
        .await)
}

async fn close(client: &Client, reference: &str) -> ops::close_shipment_group::Response {
    ok(client
        .close_shipment_group(&ops::close_shipment_group::Request::new(
            reference.to_owned(),
        ))
        .await)
}

#[tokio::test]
async fn a_group_of_valid_shipments_is_201_and_some_refused_is_207() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let first = create_allocated(&client, parcel()).await;
    let second = create_allocated(&client, parcel()).await;
    let result = created(&client, Some("Example123"), &[&first, &second]).await;
    assert!(result.reference.starts_with("sg_"));
    assert_eq!(result.custom_reference.as_deref(), Some("Example123"));
    assert_eq!(result.version, Some(1));
    assert_eq!(result.errors, None);
    let stored = group(&client, &result.reference).await;
    assert_eq!(stored.state, Some(ShipmentGroupState::Open));
    assert_eq!(stored.shipments, Some(vec![first.clone(), second]));

    let valid = create_allocated(&client, parcel()).await;
    let unallocated = create(&client, parcel()).await;
    let answer = create_group(
        &client,
        Some("Example456"),
        &[
            &valid,
            "shp_000134646476641789784435",
            support::UNKNOWN,
            &unallocated,
            &first,
            &valid,
        ],
    )
    .await;
    let ops::create_shipment_group::Response::MultiStatus(result) = answer else {
        panic!("expected 207, got {answer:?}");
    };
    let errors: Vec<_> = result
        .errors
        .unwrap_or_default()
        .into_iter()
        .map(|error| (error.property.unwrap_or_default(), error.code))
        .collect();
    let expected = [
        "invalid_reference_format",
        "shipment_not_found",
        "invalid_shipment_state",
        "shipment_in_open_group",
        "duplicate_references",
    ];
    assert_eq!(
        errors,
        expected.map(|code| ("shipments".to_owned(), code.to_owned()))
    );
    assert_eq!(
        group(&client, &result.reference).await.shipments,
        Some(vec![valid])
    );

    let none = create_group(&client, None, &["nonsense", support::UNKNOWN]).await;
    assert!(
        matches!(none, ops::create_shipment_group::Response::BadRequest(_)),
        "{none:?}"
    );
}

#[tokio::test]
async fn members_share_one_origin_and_one_carrier_service() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let first = create_allocated(&client, parcel()).await;
    let mut elsewhere = parcel_json();
    elsewhere["addresses"][0] = address("origin", "Dock 9, Avonmouth", "GB");
    let other_origin = create_allocated(&client, decode(elsewhere)).await;
    let mut heavy = parcel_json();
    heavy["contents"][0]["weight"]["value"] = json!(25);
    let other_service = create_allocated(&client, decode(heavy)).await;
    let answer = create_group(&client, None, &[&first, &other_origin, &other_service]).await;
    let ops::create_shipment_group::Response::MultiStatus(result) = answer else {
        panic!("expected 207, got {answer:?}");
    };
    let codes: Vec<_> = result
        .errors
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.code)
        .collect();
    assert_eq!(codes, ["origin_mismatch", "carrier_service_mismatch"]);
}

#[tokio::test]
async fn custom_references_are_unique_until_closed_and_versioned() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let first = create_allocated(&client, parcel()).await;
    let second = create_allocated(&client, parcel()).await;
    let one = created(&client, Some("CarrierX-PM"), &[&first]).await;

    let clash = create_group(&client, Some("CarrierX-PM"), &[&second]).await;
    let ops::create_shipment_group::Response::BadRequest(error) = clash else {
        panic!("expected 400, got {clash:?}");
    };
    assert_eq!(codes(&error), ["non_unique_reference"]);

    assert!(matches!(
        lock(&client, &one.reference).await,
        ops::lock_shipment_group::Response::Ok(_)
    ));
    assert!(matches!(
        close(&client, &one.reference).await,
        ops::close_shipment_group::Response::Ok(_)
    ));
    // Closing frees the custom reference and the shipment.
    let two = created(&client, Some("CarrierX-PM"), &[&second, &first]).await;
    assert_eq!(two.version, Some(2));

    let versions = ok(client
        .list_shipment_group_versions(&ops::list_shipment_group_versions::Request::new(
            "CarrierX-PM".to_owned(),
        ))
        .await);
    let ops::list_shipment_group_versions::Response::Ok(versions) = versions else {
        panic!("expected 200, got {versions:?}");
    };
    let listed: Vec<_> = versions
        .iter()
        .map(|summary| (summary.version, summary.state.clone()))
        .collect();
    assert_eq!(
        listed,
        [
            (Some(1), Some(ShipmentGroupState::Closed)),
            (Some(2), Some(ShipmentGroupState::Open))
        ]
    );
    for (version, expected) in [
        ("1", &one.reference),
        ("2", &two.reference),
        ("latest", &two.reference),
    ] {
        let answer = ok(client
            .get_shipment_group_version(&ops::get_shipment_group_version::Request::new(
                "CarrierX-PM".to_owned(),
                version.to_owned(),
            ))
            .await);
        let ops::get_shipment_group_version::Response::Ok(found) = answer else {
            panic!("expected 200, got {answer:?}");
        };
        assert_eq!(found.reference.as_ref(), Some(expected));
    }
    let missing = ok(client
        .get_shipment_group_version(&ops::get_shipment_group_version::Request::new(
            "CarrierX-PM".to_owned(),
            "3".to_owned(),
        ))
        .await);
    assert!(matches!(
        missing,
        ops::get_shipment_group_version::Response::NotFound(_)
    ));
}

#[tokio::test]
async fn adding_and_removing_is_304_when_nothing_changes() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let first = create_allocated(&client, parcel()).await;
    let second = create_allocated(&client, parcel()).await;
    let result = created(&client, Some("Cage-07"), &[&first]).await;
    let add = |shipment: String| {
        let client = client.clone();
        let group = result.reference.clone();
        async move {
            ok(client
                .add_shipment_to_group(&ops::add_shipment_to_group::Request::new(group, shipment))
                .await)
        }
    };
    assert!(matches!(
        add(second.clone()).await,
        ops::add_shipment_to_group::Response::Ok(_)
    ));
    assert_eq!(
        add(second.clone()).await,
        ops::add_shipment_to_group::Response::NotModified
    );

    let removed = ok(client
        .remove_shipment_from_group_version(&ops::remove_shipment_from_group_version::Request::new(
            "Cage-07".to_owned(),
            "latest".to_owned(),
            second.clone(),
        ))
        .await);
    assert!(
        matches!(
            removed,
            ops::remove_shipment_from_group_version::Response::Ok(_)
        ),
        "{removed:?}"
    );
    let again = ok(client
        .remove_shipment_from_group(&ops::remove_shipment_from_group::Request::new(
            result.reference.clone(),
            second.clone(),
        ))
        .await);
    assert_eq!(
        again,
        ops::remove_shipment_from_group::Response::NotModified
    );

    let by_version = ok(client
        .add_shipment_to_group_version(&ops::add_shipment_to_group_version::Request::new(
            "Cage-07".to_owned(),
            "1".to_owned(),
            second.clone(),
        ))
        .await);
    assert!(matches!(
        by_version,
        ops::add_shipment_to_group_version::Response::Ok(_)
    ));
    assert_eq!(
        group(&client, &result.reference).await.shipments,
        Some(vec![first, second])
    );

    let unallocated = create(&client, parcel()).await;
    let refused = add(unallocated).await;
    let ops::add_shipment_to_group::Response::Conflict(error) = refused else {
        panic!("expected 409, got {refused:?}");
    };
    assert_eq!(codes(&error), ["invalid_shipment_state"]);
}

#[tokio::test]
async fn lock_unlock_and_close_in_order_only() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let first = create_allocated(&client, parcel()).await;
    let second = create_allocated(&client, parcel()).await;
    let reference = created(&client, None, &[&first]).await.reference;

    let early = close(&client, &reference).await;
    assert!(
        matches!(early, ops::close_shipment_group::Response::Conflict(_)),
        "{early:?}"
    );
    assert!(matches!(
        lock(&client, &reference).await,
        ops::lock_shipment_group::Response::Ok(_)
    ));
    // Locking a locked group is a conflict (spec-shipments.yaml declares 409 for it).
    let again = lock(&client, &reference).await;
    assert!(
        matches!(again, ops::lock_shipment_group::Response::Conflict(_)),
        "{again:?}"
    );
    let locked = group(&client, &reference).await;
    assert_eq!(locked.state, Some(ShipmentGroupState::Locked));
    assert!(locked.locked.is_some());

    let edit = ok(client
        .edit_shipment_group(&ops::edit_shipment_group::Request::new(decode(json!({
            "reference": reference,
            "add_shipments": [second]
        }))))
        .await);
    assert!(
        matches!(edit, ops::edit_shipment_group::Response::Conflict(_)),
        "{edit:?}"
    );

    let unlocked = ok(client
        .unlock_shipment_group(&ops::unlock_shipment_group::Request::new(reference.clone()))
        .await);
    assert!(matches!(
        unlocked,
        ops::unlock_shipment_group::Response::Ok(_)
    ));
    let again = ok(client
        .unlock_shipment_group(&ops::unlock_shipment_group::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(again, ops::unlock_shipment_group::Response::Conflict(_)),
        "{again:?}"
    );

    let edit = ok(client
        .edit_shipment_group(&ops::edit_shipment_group::Request::new(decode(json!({
            "reference": reference,
            "add_shipments": [second, "bad-reference"],
            "remove_shipments": [first]
        }))))
        .await);
    let ops::edit_shipment_group::Response::MultiStatus(result) = edit else {
        panic!("expected 207, got {edit:?}");
    };
    let codes: Vec<_> = result
        .errors
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.code)
        .collect();
    assert_eq!(codes, ["invalid_reference_format"]);
    assert_eq!(
        group(&client, &reference).await.shipments,
        Some(vec![second])
    );

    assert!(matches!(
        lock(&client, &reference).await,
        ops::lock_shipment_group::Response::Ok(_)
    ));
    assert!(matches!(
        close(&client, &reference).await,
        ops::close_shipment_group::Response::Ok(_)
    ));
    let again = close(&client, &reference).await;
    assert!(
        matches!(again, ops::close_shipment_group::Response::Conflict(_)),
        "{again:?}"
    );
    let reopen = ok(client
        .unlock_shipment_group(&ops::unlock_shipment_group::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(reopen, ops::unlock_shipment_group::Response::Conflict(_)),
        "{reopen:?}"
    );
}

#[tokio::test]
async fn a_group_is_manifested_and_a_locked_group_has_a_collection_note() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let first = create_allocated(&client, parcel()).await;
    let second = create_allocated(&client, parcel()).await;
    let reference = created(&client, Some("Trailer-1"), &[&first, &second])
        .await
        .reference;

    let note = ok(client
        .get_shipment_group_collection_note(&ops::get_shipment_group_collection_note::Request::new(
            reference.clone(),
        ))
        .await);
    assert!(
        matches!(
            note,
            ops::get_shipment_group_collection_note::Response::NotFound(_)
        ),
        "an open group has no note: {note:?}"
    );

    let answer = ok(client
        .manifest_shipment_group(&ops::manifest_shipment_group::Request::new(
            reference.clone(),
        ))
        .await);
    let ops::manifest_shipment_group::Response::Ok(manifested) = answer else {
        panic!("expected 200, got {answer:?}");
    };
    let results = manifested.manifest_results.unwrap_or_default();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].shipment_count, Some(2));
    assert_eq!(
        get(&client, &first).await.state,
        Some(ShipmentState::Manifested)
    );
    let manifest = results[0].reference.clone().unwrap_or_default();
    let read = ok(client
        .get_manifest(&ops::get_manifest::Request::new(manifest))
        .await);
    let ops::get_manifest::Response::Ok(read) = read else {
        panic!("expected 200, got {read:?}");
    };
    assert_eq!(read.shipments, Some(vec![first.clone(), second.clone()]));

    // Nothing is left to manifest: the call is not idempotent, it just finds nothing.
    let again = ok(client
        .manifest_shipment_group(&ops::manifest_shipment_group::Request::new(
            reference.clone(),
        ))
        .await);
    let ops::manifest_shipment_group::Response::Ok(again) = again else {
        panic!("expected 200, got {again:?}");
    };
    assert_eq!(again.manifest_results, Some(Vec::new()));

    assert!(matches!(
        lock(&client, &reference).await,
        ops::lock_shipment_group::Response::Ok(_)
    ));
    let note = ok(client
        .get_shipment_group_version_collection_note(
            &ops::get_shipment_group_version_collection_note::Request::new(
                "Trailer-1".to_owned(),
                "latest".to_owned(),
            ),
        )
        .await);
    let ops::get_shipment_group_version_collection_note::Response::Ok(note) = note else {
        panic!("expected 200, got {note:?}");
    };
    assert_eq!(note.document_type, types::DocumentType::CollectionNote);
    assert!(note.file.starts_with(b"%PDF-") && note.file.ends_with(b"%%EOF"));
    assert!(String::from_utf8_lossy(&note.file).contains(&first));
}

#[tokio::test]
async fn a_grouped_shipment_cannot_be_cancelled_or_deallocated() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let shipment = create_allocated(&client, parcel()).await;
    created(&client, None, &[&shipment]).await;
    let cancel = ok(client
        .cancel_shipment(&ops::cancel_shipment::Request::new(shipment.clone()))
        .await);
    assert!(
        matches!(cancel, ops::cancel_shipment::Response::Conflict(_)),
        "{cancel:?}"
    );
    let release = ok(client
        .deallocate_shipment(&ops::deallocate_shipment::Request::new(shipment))
        .await);
    assert!(
        matches!(release, ops::deallocate_shipment::Response::BadRequest(_)),
        "{release:?}"
    );
}
