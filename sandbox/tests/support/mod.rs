//! Shared by the sandbox tests: a sandbox served on a loopback port, generated clients for
//! it, and shipments to send.

#![allow(dead_code)]

use serde_json::{Value, json};
use sorted_pro::client::{Client, Error};
use sorted_pro::operations as ops;
use sorted_pro::types;

/// The first account's API key.
pub const KEY: &str = "key-one";
/// The second account's API key.
pub const OTHER_KEY: &str = "key-two";
/// A well-formed reference that names nothing.
pub const UNKNOWN: &str = "sp_99990000000000000000000000000001";

/// A sandbox served on a loopback port.
pub struct Served {
    pub base_url: String,
    pub clock: sandbox::Clock,
}

impl Served {
    /// A client that sends `key`.
    pub fn client(&self, key: &str) -> Client {
        ok(Client::builder()
            .base_url(self.base_url.clone())
            .api_key(key)
            .retry_policy(sorted_pro::client::RetryPolicy::none())
            .build())
    }
}

/// Serves an empty sandbox for [`KEY`] and [`OTHER_KEY`] on a clock stopped at noon on
/// 2 June 2025.
pub async fn serve() -> Served {
    let start = chrono::DateTime::parse_from_rfc3339("2025-06-02T12:00:00Z")
        .map(|moment| moment.to_utc())
        .unwrap_or_default();
    serve_with(sandbox::Clock::fixed(start), false).await
}

/// Serves a sandbox on `clock`, with or without the demo data.
pub async fn serve_with(clock: sandbox::Clock, demo_data: bool) -> Served {
    let listener = ok(tokio::net::TcpListener::bind("127.0.0.1:0").await);
    let address = ok(listener.local_addr());
    let base_url = format!("http://{address}");
    let config = sandbox::Config::new(vec![KEY.to_owned(), OTHER_KEY.to_owned()], &base_url)
        .with_clock(clock.clone())
        .with_demo_data(demo_data);
    let app = sandbox::app(config);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Served { base_url, clock }
}

/// The value, or a panic naming the error.
pub fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("unexpected error: {error}"),
    }
}

/// Decodes test data written as JSON.
pub fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    match serde_json::from_value(value) {
        Ok(value) => value,
        Err(error) => panic!("test data does not decode: {error}"),
    }
}

/// An address of `kind` in `country`.
pub fn address(kind: &str, line1: &str, country: &str) -> Value {
    json!({
        "address_type": kind,
        "address_line1": line1,
        "locality": "Bristol",
        "postal_code": "BS1 6XN",
        "country_iso_code": country,
        "contact": {
            "first_name": "Priya",
            "last_name": "Shah",
            "contact_details": {"email": "priya@example.com"}
        }
    })
}

/// A 2.4 kg parcel from Bristol to Manchester, as JSON to adjust.
pub fn parcel_json() -> Value {
    json!({
        "shipment_type": "on_demand",
        "direction": "outbound",
        "custom_reference": "ORDER-1",
        "contents": [{
            "description": "Ceramic table lamp",
            "custom_reference": "LINE-1",
            "quantity": 1,
            "value": {"amount": 49.99, "currency": "GBP"},
            "weight": {"value": 2.4, "unit": "kg"},
            "dimensions": {"length": 45, "width": 30, "height": 30, "unit": "cm"},
            "country_of_origin": "GB"
        }],
        "addresses": [
            address("origin", "Unit 4, Quay Business Park", "GB"),
            address("destination", "27 Elm Grove", "GB")
        ]
    })
}

/// [`parcel_json`] as a request body.
pub fn parcel() -> types::CreateShipmentRequest {
    decode(parcel_json())
}

/// Creates a shipment and returns its reference.
pub async fn create(client: &Client, body: types::CreateShipmentRequest) -> String {
    let answer = ok(client
        .create_shipment(&ops::create_shipment::Request::new(body))
        .await);
    match answer {
        ops::create_shipment::Response::Created(result) => result.reference,
        other => panic!("expected 201, got {other:?}"),
    }
}

/// Creates and allocates a shipment; returns its reference.
pub async fn create_allocated(client: &Client, body: types::CreateShipmentRequest) -> String {
    let reference = create(client, body).await;
    let answer = ok(client
        .allocate_shipment(&ops::allocate_shipment::Request::new(reference.clone()))
        .await);
    assert!(
        matches!(answer, ops::allocate_shipment::Response::Ok(_)),
        "expected 200, got {answer:?}"
    );
    reference
}

/// The shipment as the sandbox shows it.
pub async fn get(client: &Client, reference: &str) -> types::Shipment {
    let answer = ok(client
        .get_shipment(&ops::get_shipment::Request::new(reference.to_owned()))
        .await);
    match answer {
        ops::get_shipment::Response::Ok(shipment) => shipment,
        other => panic!("expected 200, got {other:?}"),
    }
}

/// Moves a shipment by hand.
pub async fn change_state(
    client: &Client,
    reference: &str,
    state: &str,
) -> ops::change_shipment_state::Response {
    let body = decode(json!({"reference": reference, "state": state, "reason": "moved in a test"}));
    ok(client
        .change_shipment_state(&ops::change_shipment_state::Request::new(body))
        .await)
}

/// The detail codes of an error body.
pub fn codes(error: &types::ApiError) -> Vec<&str> {
    error
        .details
        .iter()
        .flatten()
        .map(|detail| detail.code.as_str())
        .collect()
}

/// The `(property, code)` pairs of an error body.
pub fn problems(error: &types::ApiError) -> Vec<(String, String)> {
    error
        .details
        .iter()
        .flatten()
        .map(|detail| {
            (
                detail.property.clone().unwrap_or_default(),
                detail.code.clone(),
            )
        })
        .collect()
}

/// Ignores an error of a client call whose answer does not matter.
pub fn ignore<T>(_: Result<T, Error>) {}
