//! The cross-field rules of a shipment: each breach is a 400 `validation_error` whose
//! details name the property and the problem, on create, replace and quote alike.

mod support;

use serde_json::{Value, json};
use sorted_pro::operations as ops;
use support::{address, create, decode, ok, parcel_json, problems};

/// The `(property, code)` pairs a create request with `body` is refused with.
async fn refusal(client: &sorted_pro::client::Client, body: Value) -> Vec<(String, String)> {
    let answer = ok(client
        .create_shipment(&ops::create_shipment::Request::new(decode(body)))
        .await);
    match answer {
        ops::create_shipment::Response::BadRequest(error) => {
            assert_eq!(error.code, "validation_error");
            assert!(error.correlation_id.is_some());
            problems(&error)
        }
        other => panic!("expected 400, got {other:?}"),
    }
}

fn pair(property: &str, code: &str) -> (String, String) {
    (property.to_owned(), code.to_owned())
}

#[tokio::test]
async fn address_types_are_unique_and_origin_and_destination_required() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let mut body = parcel_json();
    body["addresses"][1]["address_type"] = json!("origin");
    let found = refusal(&client, body).await;
    assert!(found.contains(&pair("addresses[1].address_type", "duplicate_address_type")));
    assert!(found.contains(&pair("addresses", "required_property_missing")));
}

#[tokio::test]
async fn region_is_required_for_us_ca_ie_and_au() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    for country in ["US", "CA", "IE", "AU"] {
        let mut body = parcel_json();
        body["addresses"][1] = address("destination", "1 Main Street", country);
        let found = refusal(&client, body).await;
        assert_eq!(
            found,
            [pair("addresses[1].region", "required_property_missing")]
        );

        let mut with_region = parcel_json();
        with_region["addresses"][1] = address("destination", "1 Main Street", country);
        with_region["addresses"][1]["region"] = json!("Region");
        create(&client, decode(with_region)).await;
    }
    let mut elsewhere = parcel_json();
    elsewhere["addresses"][1] = address("destination", "1 Rue de Rivoli", "FR");
    create(&client, decode(elsewhere)).await;
}

#[tokio::test]
async fn weights_and_dimensions_do_not_mix_unit_systems() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let mut body = parcel_json();
    body["contents"][0]["dimensions"]["unit"] = json!("in");
    assert_eq!(
        refusal(&client, body).await,
        [pair("contents[0].dimensions.unit", "unit_mismatch")]
    );

    let mut nested = parcel_json();
    nested["contents"][0]["contents"] = json!([{
        "value": {"amount": 1, "currency": "GBP"},
        "weight": {"value": 1, "unit": "lbs"}
    }]);
    assert_eq!(
        refusal(&client, nested).await,
        [pair("contents[0].contents[0].weight.unit", "unit_mismatch")]
    );

    let mut imperial = parcel_json();
    imperial["contents"][0]["weight"]["unit"] = json!("lbs");
    imperial["contents"][0]["dimensions"]["unit"] = json!("in");
    create(&client, decode(imperial)).await;
}

#[tokio::test]
async fn channel_is_allowed_only_with_tenant() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let mut body = parcel_json();
    body["channel"] = json!("web");
    assert_eq!(
        refusal(&client, body.clone()).await,
        [pair("channel", "conflicting_properties")]
    );
    body["tenant"] = json!("harbour");
    create(&client, decode(body)).await;
}

#[tokio::test]
async fn other_documented_rules_are_checked_together() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let mut body = parcel_json();
    body["addresses"][0]["contact"]["contact_details"]["email"] = json!("not-an-email");
    body["metadata"] = json!([
        {"key": "order", "value": "1"},
        {"key": "order", "value": "2"}
    ]);
    body["required_delivery_date"] = json!({
        "start": "2025-06-05T18:00:00Z",
        "end": "2025-06-05T08:00:00Z"
    });
    body["addresses"][1]
        .as_object_mut()
        .map(|address| address.remove("address_line1"));
    let found = refusal(&client, body).await;
    for expected in [
        pair(
            "addresses[0].contact.contact_details.email",
            "invalid_email",
        ),
        pair("metadata[1].key", "duplicate_metadata_key"),
        pair("required_delivery_date", "invalid_date_range"),
        pair("addresses[1].address_line1", "required_property_missing"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
}

#[tokio::test]
async fn replacements_and_quotes_follow_the_same_rules() {
    let served = support::serve().await;
    let client = served.client(support::KEY);
    let reference = create(&client, decode(parcel_json())).await;
    let mut body = parcel_json();
    body["reference"] = json!(reference);
    body["channel"] = json!("web");
    let replaced = ok(client
        .update_shipment(&ops::update_shipment::Request::new(decode(body.clone())))
        .await);
    let ops::update_shipment::Response::BadRequest(error) = replaced else {
        panic!("expected 400, got {replaced:?}");
    };
    assert_eq!(
        problems(&error),
        [pair("channel", "conflicting_properties")]
    );

    body.as_object_mut().map(|body| body.remove("reference"));
    let quoted = ok(client
        .quote_new_shipment(&ops::quote_new_shipment::Request::new(decode(body)))
        .await);
    assert!(
        matches!(quoted, ops::quote_new_shipment::Response::BadRequest(_)),
        "{quoted:?}"
    );
}
