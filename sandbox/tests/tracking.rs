//! Tracking events follow a shipment's state changes, at shipment and contents level, by
//! reference and by custom reference, a page at a time.

mod support;

use serde_json::json;
use sorted_pro::operations as ops;
use sorted_pro::types::TrackingEventCode;
use support::{create, create_allocated, decode, get, ok, parcel, parcel_json};

#[tokio::test]
async fn events_follow_manifest_dispatch_and_manual_changes() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create_allocated(&client, parcel()).await;

    let tracking = |reference: String| {
        let client = client.clone();
        async move {
            match ok(client
                .get_tracking_events(&ops::get_tracking_events::Request::new(reference))
                .await)
            {
                ops::get_tracking_events::Response::Ok(tracking) => tracking,
                other => panic!("expected 200, got {other:?}"),
            }
        }
    };
    let before = tracking(reference.clone()).await;
    assert_eq!(before.events, Some(Vec::new()));
    assert_eq!(before.carrier.reference.as_deref(), Some("royal_post"));
    assert_eq!(before.carrier_references.len(), 1);

    let manifested = ok(client
        .manifest_shipment(&ops::manifest_shipment::Request::new(reference.clone()))
        .await);
    assert!(matches!(
        manifested,
        ops::manifest_shipment::Response::Accepted(_)
    ));
    served.clock.advance(chrono::TimeDelta::hours(2));
    for state in ["dispatched", "in_transit", "out_for_delivery", "delivered"] {
        let moved = support::change_state(&client, &reference, state).await;
        assert!(
            matches!(moved, ops::change_shipment_state::Response::Ok(_)),
            "{moved:?}"
        );
        served.clock.advance(chrono::TimeDelta::hours(5));
    }
    let after = tracking(reference.clone()).await;
    let events = after.events.unwrap_or_default();
    let found: Vec<_> = events
        .iter()
        .map(|event| event.event_code.clone())
        .collect();
    assert_eq!(
        found,
        [
            TrackingEventCode::ForInformation,
            TrackingEventCode::CollectedByCarrier,
            TrackingEventCode::InTransit,
            TrackingEventCode::OutForDelivery,
            TrackingEventCode::Delivered,
        ]
    );
    assert!(
        events
            .windows(2)
            .all(|pair| pair[0].timestamp <= pair[1].timestamp)
    );
    assert!(
        events
            .iter()
            .all(|event| event.reference.starts_with("tr_"))
    );
    assert!(events[4].description.contains("moved in a test"));

    let contents = ok(client
        .get_contents_tracking_events(&ops::get_contents_tracking_events::Request::new(
            reference.clone(),
        ))
        .await);
    let ops::get_contents_tracking_events::Response::Ok(contents) = contents else {
        panic!("expected 200, got {contents:?}");
    };
    let items = contents.shipment_contents.unwrap_or_default();
    assert_eq!(items.len(), 1);
    let item_reference = get(&client, &reference).await.contents[0].reference.clone();
    assert_eq!(Some(items[0].reference.clone()), item_reference);
    assert_eq!(items[0].events.as_ref().map(Vec::len), Some(5));
    assert_eq!(items[0].carrier_references.as_ref().map(Vec::len), Some(1));
}

#[tokio::test]
async fn events_are_found_by_custom_reference_with_take_and_skip() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let mut references = Vec::new();
    for index in 0..5 {
        let mut body = parcel_json();
        body["custom_reference"] = json!("WAVE-9");
        body["contents"][0]["custom_reference"] = json!(format!("ITEM-{}", index % 2));
        references.push(create(&client, decode(body)).await);
    }
    create(&client, parcel()).await;

    let answer = ok(client
        .find_tracking_events_by_custom_reference(
            &ops::find_tracking_events_by_custom_reference::Request::new("WAVE-9".to_owned())
                .with_take(2)
                .with_skip(3),
        )
        .await);
    let ops::find_tracking_events_by_custom_reference::Response::Ok(page) = answer else {
        panic!("expected 200, got {answer:?}");
    };
    assert_eq!((page.total_results, page.take, page.skip), (5, 2, 3));
    let found: Vec<_> = page
        .tracking_responses
        .iter()
        .map(|response| response.shipment_reference.clone())
        .collect();
    assert_eq!(found, references[3..]);

    let answer = ok(client
        .find_contents_tracking_events_by_custom_reference(
            &ops::find_contents_tracking_events_by_custom_reference::Request::new(
                "ITEM-1".to_owned(),
            )
            .with_take(1),
        )
        .await);
    let ops::find_contents_tracking_events_by_custom_reference::Response::Ok(page) = answer else {
        panic!("expected 200, got {answer:?}");
    };
    assert_eq!((page.total_results, page.take, page.skip), (2, 1, 0));
    assert_eq!(
        page.tracking_contents_responses[0].shipment_reference,
        references[1]
    );

    let empty = ok(client
        .find_tracking_events_by_custom_reference(
            &ops::find_tracking_events_by_custom_reference::Request::new("NOTHING".to_owned()),
        )
        .await);
    let ops::find_tracking_events_by_custom_reference::Response::Ok(empty) = empty else {
        panic!("expected 200, got {empty:?}");
    };
    assert_eq!((empty.total_results, empty.take), (0, 10));
}
