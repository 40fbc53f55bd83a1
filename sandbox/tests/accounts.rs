//! Accounts and concurrency: each API key sees only its own objects, unknown keys get
//! 401, and many clients changing the same shipment or group at once lose no update.

mod support;

use serde_json::json;
use sorted_pro::operations as ops;
use sorted_pro::types::{Dpi, LabelFormat};
use support::{OTHER_KEY, create, create_allocated, decode, get, ok, parcel};

#[tokio::test]
async fn each_key_sees_only_its_own_shipments_and_groups() {
    let served = support::serve().await;
    let mine = served.client(support::KEY);
    let theirs = served.client(OTHER_KEY);
    let shipment = create_allocated(&mine, parcel()).await;
    let group = ok(mine
        .create_shipment_group(&ops::create_shipment_group::Request::new(decode(json!({
            "custom_reference": "Shared-Name",
            "shipments": [shipment]
        }))))
        .await);
    let ops::create_shipment_group::Response::Created(group) = group else {
        panic!("expected 201, got {group:?}");
    };

    let read = ok(theirs
        .get_shipment(&ops::get_shipment::Request::new(shipment.clone()))
        .await);
    assert!(
        matches!(read, ops::get_shipment::Response::NotFound(_)),
        "{read:?}"
    );
    let cancel = ok(theirs
        .cancel_shipment(&ops::cancel_shipment::Request::new(shipment.clone()))
        .await);
    assert!(
        matches!(cancel, ops::cancel_shipment::Response::NotFound(_)),
        "{cancel:?}"
    );
    let label = ok(theirs
        .get_label(&ops::get_label::Request::new(
            shipment.clone(),
            LabelFormat::Pdf,
            Dpi::V203,
        ))
        .await);
    assert!(
        matches!(label, ops::get_label::Response::NotFound(_)),
        "{label:?}"
    );
    let read = ok(theirs
        .get_shipment_group(&ops::get_shipment_group::Request::new(
            group.reference.clone(),
        ))
        .await);
    assert!(
        matches!(read, ops::get_shipment_group::Response::NotFound(_)),
        "{read:?}"
    );
    let found = ok(theirs
        .find_shipments(
            &ops::find_shipments::Request::new().with_custom_reference("ORDER-1".to_owned()),
        )
        .await);
    let ops::find_shipments::Response::Ok(found) = found else {
        panic!("expected 200, got {found:?}");
    };
    assert_eq!(found.total_results, 0);

    // The other account may use the same custom reference: it is its own first version.
    let own = create_allocated(&theirs, parcel()).await;
    assert_ne!(own, shipment, "accounts never share references");
    let answer = ok(theirs
        .create_shipment_group(&ops::create_shipment_group::Request::new(decode(json!({
            "custom_reference": "Shared-Name",
            "shipments": [own]
        }))))
        .await);
    let ops::create_shipment_group::Response::Created(result) = answer else {
        panic!("expected 201, got {answer:?}");
    };
    assert_eq!(result.version, Some(1));
}

#[tokio::test]
async fn unknown_and_missing_keys_are_401() {
    let served = support::serve().await;
    let stranger = served.client("not-a-key");
    let answer = ok(stranger
        .create_shipment(&ops::create_shipment::Request::new(parcel()))
        .await);
    let ops::create_shipment::Response::Unauthorized(error) = answer else {
        panic!("expected 401, got {answer:?}");
    };
    assert_eq!(support::codes(&error), ["invalid_api_key"]);

    let anonymous = ok(sorted_pro::client::Client::builder()
        .base_url(served.base_url.clone())
        .build());
    let answer = ok(anonymous
        .get_shipment(&ops::get_shipment::Request::new(
            support::UNKNOWN.to_owned(),
        ))
        .await);
    let ops::get_shipment::Response::Unauthorized(error) = answer else {
        panic!("expected 401, got {answer:?}");
    };
    assert_eq!(support::codes(&error), ["missing_api_key_header"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_changes_to_one_group_and_one_shipment_are_all_kept() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let first = create_allocated(&client, parcel()).await;
    let group = ok(client
        .create_shipment_group(&ops::create_shipment_group::Request::new(decode(json!({
            "shipments": [first]
        }))))
        .await);
    let ops::create_shipment_group::Response::Created(group) = group else {
        panic!("expected 201, got {group:?}");
    };
    let mut members = vec![first];
    for _ in 0..24 {
        members.push(create_allocated(&client, parcel()).await);
    }

    // Each client adds its own shipment to the same group at the same time, half by
    // reference and half by the edit operation; none of the additions may be lost.
    let mut tasks = Vec::new();
    for (index, shipment) in members.iter().skip(1).cloned().enumerate() {
        let client = served.client(support::KEY);
        let group = group.reference.clone();
        tasks.push(tokio::spawn(async move {
            if index % 2 == 0 {
                let answer = ok(client
                    .add_shipment_to_group(&ops::add_shipment_to_group::Request::new(
                        group, shipment,
                    ))
                    .await);
                assert!(
                    matches!(answer, ops::add_shipment_to_group::Response::Ok(_)),
                    "{answer:?}"
                );
            } else {
                let body = decode(json!({"reference": group, "add_shipments": [shipment]}));
                let answer = ok(client
                    .edit_shipment_group(&ops::edit_shipment_group::Request::new(body))
                    .await);
                assert!(
                    matches!(answer, ops::edit_shipment_group::Response::Ok(_)),
                    "{answer:?}"
                );
            }
        }));
    }
    // Meanwhile others fetch one shipment's label: every fetch must be counted.
    let labelled = members[0].clone();
    for _ in 0..20 {
        let client = served.client(support::KEY);
        let shipment = labelled.clone();
        tasks.push(tokio::spawn(async move {
            let answer = ok(client
                .get_label(&ops::get_label::Request::new(
                    shipment,
                    LabelFormat::Zpl,
                    Dpi::V203,
                ))
                .await);
            assert!(
                matches!(answer, ops::get_label::Response::Ok(_)),
                "{answer:?}"
            );
        }));
    }
    for task in tasks {
        ok(task.await);
    }

    let stored = ok(client
        .get_shipment_group(&ops::get_shipment_group::Request::new(group.reference))
        .await);
    let ops::get_shipment_group::Response::Ok(stored) = stored else {
        panic!("expected 200, got {stored:?}");
    };
    let mut stored = stored.shipments.unwrap_or_default();
    stored.sort();
    members.sort();
    assert_eq!(stored, members);
    let details = get(&client, &labelled).await.label_details;
    assert_eq!(
        details.and_then(|details| details.retrieval_count),
        Some(20)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creations_get_distinct_references() {
    let served = support::serve().await;
    let mut tasks = Vec::new();
    for _ in 0..40 {
        let client = served.client(support::KEY);
        tasks.push(tokio::spawn(async move { create(&client, parcel()).await }));
    }
    let mut references = Vec::new();
    for task in tasks {
        references.push(ok(task.await));
    }
    references.sort();
    references.dedup();
    assert_eq!(references.len(), 40);
}

#[tokio::test]
async fn the_demo_data_makes_the_spec_examples_work() {
    let served = support::serve_with(sandbox::Clock::system(), true).await;
    let client = served.client(support::KEY);
    let shipment = get(&client, "sp_00013464648910021776641789788160").await;
    assert_eq!(shipment.custom_reference.as_deref(), Some("ORDER-100234"));
    let group = ok(client
        .get_shipment_group_version(&ops::get_shipment_group_version::Request::new(
            "CarrierX-PM".to_owned(),
            "latest".to_owned(),
        ))
        .await);
    assert!(
        matches!(group, ops::get_shipment_group_version::Response::Ok(_)),
        "{group:?}"
    );
}

#[tokio::test]
async fn the_demo_data_of_two_accounts_shares_no_reference() {
    let start = chrono::DateTime::parse_from_rfc3339("2025-06-02T12:00:00Z")
        .map(|moment| moment.to_utc())
        .unwrap_or_default();
    let served = support::serve_with(sandbox::Clock::fixed(start), true).await;
    let mine = served.client(support::KEY);
    let theirs = served.client(OTHER_KEY);
    let example = "sp_00013464648910021776641789788160";
    let own = ok(mine
        .get_shipment(&ops::get_shipment::Request::new(example))
        .await);
    assert!(matches!(own, ops::get_shipment::Response::Ok(_)), "{own:?}");
    let other = ok(theirs
        .get_shipment(&ops::get_shipment::Request::new(example))
        .await);
    assert!(
        matches!(other, ops::get_shipment::Response::NotFound(_)),
        "{other:?}"
    );
    let second = ok(theirs
        .get_shipment(&ops::get_shipment::Request::new(
            "sp_00023464648910021776641789788160",
        ))
        .await);
    assert!(
        matches!(second, ops::get_shipment::Response::Ok(_)),
        "{second:?}"
    );
}
