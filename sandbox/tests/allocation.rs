//! Allocation and quotes against the built-in catalogue: deterministic prices, 521 when
//! no service can carry a shipment, 531 when none can quote, quotes used to allocate, and
//! batches with 202, 207 and 200 answers.

mod support;

use serde_json::json;
use sorted_pro::operations as ops;
use sorted_pro::types::{self, ShipmentState};
use support::{UNKNOWN, codes, create, decode, get, ok, parcel, parcel_json};

/// A parcel of `kg` kilograms.
fn weighing(kg: f64) -> types::CreateShipmentRequest {
    let mut body = parcel_json();
    body["contents"][0]["weight"]["value"] = json!(kg);
    decode(body)
}

#[tokio::test]
async fn the_same_shipment_is_allocated_at_the_same_price() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let mut prices = Vec::new();
    for _ in 0..2 {
        let reference = create(&client, parcel()).await;
        let answer = ok(client
            .allocate_shipment(&ops::allocate_shipment::Request::new(reference.clone()))
            .await);
        let ops::allocate_shipment::Response::Ok(result) = answer else {
            panic!("expected 200, got {answer:?}");
        };
        assert_eq!(result.state, ShipmentState::Allocated);
        let carrier = result.carrier.unwrap_or_else(|| panic!("no carrier"));
        assert_eq!(carrier.service_reference.as_deref(), Some("RP-TRACKED-48"));
        prices.push(result.price);
        served.clock.advance(chrono::TimeDelta::days(3));
        let shipment = get(&client, &reference).await;
        assert_eq!(shipment.state, Some(ShipmentState::Allocated));
    }
    assert_eq!(prices[0], prices[1]);
    let price = prices[0].clone().unwrap_or_else(|| panic!("no price"));
    assert_eq!((price.net, price.gross), (Some(4.30), Some(5.16)));
    assert_eq!(price.currency.as_deref(), Some("GBP"));
}

#[tokio::test]
async fn a_shipment_no_service_can_carry_gets_521_and_allocation_failed() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create(&client, weighing(2000.0)).await;
    let answer = ok(client
        .allocate_shipment(&ops::allocate_shipment::Request::new(reference.clone()))
        .await);
    let ops::allocate_shipment::Response::Status521(error) = answer else {
        panic!("expected 521, got {answer:?}");
    };
    assert_eq!(error.code, "allocation_failed");
    assert!(
        codes(&error)
            .iter()
            .all(|code| *code == "carrier_service_shipment_mismatch")
    );
    assert_eq!(
        get(&client, &reference).await.state,
        Some(ShipmentState::AllocationFailed)
    );

    let unknown = ok(client
        .allocate_shipment_with_service(&ops::allocate_shipment_with_service::Request::new(
            reference.clone(),
            "NO-SUCH-SERVICE".to_owned(),
        ))
        .await);
    let ops::allocate_shipment_with_service::Response::Status521(error) = unknown else {
        panic!("expected 521, got {unknown:?}");
    };
    assert_eq!(codes(&error), ["carrier_service_not_found"]);

    let allocated = create(&client, parcel()).await;
    ignore_ok(&client, &allocated).await;
    let again = ok(client
        .allocate_shipment(&ops::allocate_shipment::Request::new(allocated))
        .await);
    let ops::allocate_shipment::Response::Status521(error) = again else {
        panic!("expected 521, got {again:?}");
    };
    assert_eq!(codes(&error), ["shipment_invalid_state"]);
}

async fn ignore_ok(client: &sorted_pro::client::Client, reference: &str) {
    let answer = ok(client
        .allocate_shipment(&ops::allocate_shipment::Request::new(reference.to_owned()))
        .await);
    assert!(
        matches!(answer, ops::allocate_shipment::Response::Ok(_)),
        "{answer:?}"
    );
}

#[tokio::test]
async fn services_groups_and_virtual_services_narrow_the_choice() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create(&client, parcel()).await;
    let answer = ok(client
        .allocate_shipment_with_service_group(
            &ops::allocate_shipment_with_service_group::Request::new(
                reference.clone(),
                "express".to_owned(),
            ),
        )
        .await);
    let ops::allocate_shipment_with_service_group::Response::Ok(result) = answer else {
        panic!("expected 200, got {answer:?}");
    };
    let service = result.carrier.and_then(|carrier| carrier.service_reference);
    assert_eq!(service.as_deref(), Some("RP-TRACKED-24"));

    let other = create(&client, parcel()).await;
    let answer = ok(client
        .allocate_shipment_with_virtual_service(
            &ops::allocate_shipment_with_virtual_service::Request::new(
                other.clone(),
                "next_day".to_owned(),
            ),
        )
        .await);
    assert!(
        matches!(
            answer,
            ops::allocate_shipment_with_virtual_service::Response::Ok(_)
        ),
        "{answer:?}"
    );
    let unknown = ok(client
        .allocate_shipment_with_service_group(
            &ops::allocate_shipment_with_service_group::Request::new(other, "nope".to_owned()),
        )
        .await);
    assert!(
        matches!(
            unknown,
            ops::allocate_shipment_with_service_group::Response::NotFound(_)
        ),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn quotes_are_deterministic_and_531_when_nothing_fits() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let quote = |body: types::CreateShipmentRequest| {
        let client = client.clone();
        async move {
            ok(client
                .quote_new_shipment(&ops::quote_new_shipment::Request::new(body))
                .await)
        }
    };
    let prices = |answer: ops::quote_new_shipment::Response| match answer {
        ops::quote_new_shipment::Response::Created(result) => result
            .quotes
            .unwrap_or_default()
            .into_iter()
            .map(|quote| {
                let service = quote.carrier.and_then(|carrier| carrier.service_reference);
                (
                    service.unwrap_or_default(),
                    quote.price.and_then(|price| price.net),
                )
            })
            .collect::<Vec<_>>(),
        other => panic!("expected 201, got {other:?}"),
    };
    let first = prices(quote(parcel()).await);
    served.clock.advance(chrono::TimeDelta::hours(30));
    let second = prices(quote(parcel()).await);
    assert_eq!(first, second);
    assert_eq!(first[0], ("RP-TRACKED-48".to_owned(), Some(4.30)));
    assert!(
        first.windows(2).all(|pair| pair[0].1 <= pair[1].1),
        "cheapest first"
    );

    let none = quote(weighing(2000.0)).await;
    let ops::quote_new_shipment::Response::Status531(error) = none else {
        panic!("expected 531, got {none:?}");
    };
    assert_eq!(error.code, "no_quotes_available");
    assert!(codes(&error).contains(&"ex_weight"));
}

#[tokio::test]
async fn a_quote_allocates_until_it_expires() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create(&client, parcel()).await;
    let answer = ok(client
        .quote_existing_shipment(&ops::quote_existing_shipment::Request::new(
            reference.clone(),
        ))
        .await);
    let ops::quote_existing_shipment::Response::Created(result) = answer else {
        panic!("expected 201, got {answer:?}");
    };
    let quotes = result.quotes.unwrap_or_default();
    let next_day = quotes
        .iter()
        .find(|quote| {
            quote
                .carrier
                .as_ref()
                .and_then(|c| c.service_reference.as_deref())
                == Some("SC-NEXT-DAY")
        })
        .unwrap_or_else(|| panic!("no next day quote in {quotes:?}"));
    let quote_reference = next_day.reference.clone().unwrap_or_default();

    let allocated = ok(client
        .allocate_shipment_with_quote(&ops::allocate_shipment_with_quote::Request::new(
            reference.clone(),
            quote_reference.clone(),
        ))
        .await);
    let ops::allocate_shipment_with_quote::Response::Ok(result) = allocated else {
        panic!("expected 200, got {allocated:?}");
    };
    assert_eq!(result.price, next_day.price);

    let late = create(&client, parcel()).await;
    let answer = ok(client
        .quote_existing_shipment(&ops::quote_existing_shipment::Request::new(late.clone()))
        .await);
    let ops::quote_existing_shipment::Response::Created(result) = answer else {
        panic!("expected 201, got {answer:?}");
    };
    let quote_reference = result.quotes.unwrap_or_default()[0]
        .reference
        .clone()
        .unwrap_or_default();
    served.clock.advance(chrono::TimeDelta::hours(25));
    let expired = ok(client
        .allocate_shipment_with_quote(&ops::allocate_shipment_with_quote::Request::new(
            late,
            quote_reference,
        ))
        .await);
    let ops::allocate_shipment_with_quote::Response::Status521(error) = expired else {
        panic!("expected 521, got {expired:?}");
    };
    assert_eq!(codes(&error), ["quote_expired"]);
}

#[tokio::test]
async fn batch_allocation_to_one_service_is_207_when_some_are_refused() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let fits = create(&client, parcel()).await;
    let too_heavy = create(&client, weighing(25.0)).await;
    let body = |shipments: Vec<String>| {
        decode::<types::AllocateWithCarrierServiceRequest>(json!({
            "shipments": shipments,
            "carrier_service_reference": "RP-TRACKED-48"
        }))
    };
    let answer = ok(client
        .allocate_shipments_with_service(&ops::allocate_shipments_with_service::Request::new(body(
            vec![fits.clone(), too_heavy.clone(), UNKNOWN.to_owned()],
        )))
        .await);
    let ops::allocate_shipments_with_service::Response::MultiStatus(result) = answer else {
        panic!("expected 207, got {answer:?}");
    };
    // One result per shipment, in the order asked, each refusal with its error code.
    let outcomes: Vec<_> = result
        .into_iter()
        .map(|result| {
            let codes: Vec<String> = result
                .details
                .unwrap_or_default()
                .into_iter()
                .map(|error| error.code)
                .collect();
            (result.shipment_reference, result.state, codes)
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            (fits, ShipmentState::Allocated, vec![]),
            (
                too_heavy.clone(),
                ShipmentState::AllocationFailed,
                vec!["carrier_service_shipment_mismatch".to_owned()]
            ),
            (
                UNKNOWN.to_owned(),
                ShipmentState::AllocationFailed,
                vec!["shipment_not_found".to_owned()]
            ),
        ]
    );

    let light = create(&client, parcel()).await;
    let all = ok(client
        .allocate_shipments_with_service(&ops::allocate_shipments_with_service::Request::new(body(
            vec![light],
        )))
        .await);
    assert!(
        matches!(
            all,
            ops::allocate_shipments_with_service::Response::Accepted(_)
        ),
        "{all:?}"
    );

    let none = ok(client
        .allocate_shipments_with_service(&ops::allocate_shipments_with_service::Request::new(body(
            vec![too_heavy],
        )))
        .await);
    assert!(
        matches!(
            none,
            ops::allocate_shipments_with_service::Response::Status521(_)
        ),
        "{none:?}"
    );
}

#[tokio::test]
async fn batch_allocation_by_rules_and_filters() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let first = create(&client, parcel()).await;
    let second = create(&client, weighing(25.0)).await;
    let answer = ok(client
        .allocate_shipments(&ops::allocate_shipments::Request::new(decode(json!({
            "shipments": [first, second]
        }))))
        .await);
    let ops::allocate_shipments::Response::Accepted(results) = answer else {
        panic!("expected 202, got {answer:?}");
    };
    let allocated: Vec<_> = results
        .iter()
        .map(|result| (result.shipment_reference.as_str(), &result.state))
        .collect();
    assert_eq!(
        allocated,
        [
            (first.as_str(), &ShipmentState::Allocated),
            (second.as_str(), &ShipmentState::Allocated)
        ]
    );
    let heavy = get(&client, &second).await;
    let service = heavy
        .allocation
        .and_then(|allocation| allocation.carrier)
        .and_then(|carrier| carrier.service_reference);
    assert_eq!(service.as_deref(), Some("SC-NEXT-DAY"));

    let third = create(&client, parcel()).await;
    let answer = ok(client
        .allocate_shipments_with_filters(&ops::allocate_shipments_with_filters::Request::new(
            decode(json!({
                "shipments": [third],
                "filters": {"direction": "outbound", "pickup": true}
            })),
        ))
        .await);
    let ops::allocate_shipments_with_filters::Response::Accepted(queued) = answer else {
        panic!("expected 202, got {answer:?}");
    };
    assert!(queued.reference.starts_with("ar_"), "{queued:?}");
    let linked: Vec<_> = queued
        .shipments
        .unwrap_or_default()
        .into_iter()
        .filter_map(|link| link.reference)
        .collect();
    assert_eq!(linked, std::slice::from_ref(&third));
    let picked = get(&client, &third).await;
    let carrier = picked
        .allocation
        .and_then(|allocation| allocation.carrier)
        .and_then(|carrier| carrier.reference);
    assert_eq!(carrier.as_deref(), Some("swift_couriers"));
}
