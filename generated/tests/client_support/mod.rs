//! A real HTTP server on loopback for the client tests: it records every request and
//! answers as the test's responder says.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Request, Response, StatusCode};
use bytes::Bytes;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub uri: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// The value of header `name`, or `""`.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }
}

type Responder = dyn Fn(&Recorded, usize) -> Response<Body> + Send + Sync;

#[derive(Clone)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    responder: Arc<Responder>,
}

/// A running server.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests
            .lock()
            .expect("the lock is not poisoned")
            .clone()
    }

    /// The only request received.
    pub fn single(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests[0].clone()
    }
}

/// Starts a server on an ephemeral loopback port. `responder` gets each request with its
/// number (from 0) and returns the answer.
pub async fn serve(
    responder: impl Fn(&Recorded, usize) -> Response<Body> + Send + Sync + 'static,
) -> TestServer {
    let requests = Arc::new(Mutex::new(Vec::new()));
    let shared = Shared {
        requests: requests.clone(),
        responder: Arc::new(responder),
    };
    let app = axum::Router::new().fallback(handle).with_state(shared);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port is free");
    let address = listener.local_addr().expect("the listener has an address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    TestServer {
        url: format!("http://{address}"),
        requests,
    }
}

/// Starts a server whose every answer is `status` with a JSON body.
pub async fn serve_json(status: u16, body: &'static str) -> TestServer {
    serve(move |_, _| json(status, body)).await
}

async fn handle(State(shared): State<Shared>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 16 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let recorded = Recorded {
        method: parts.method.to_string(),
        uri: parts
            .uri
            .path_and_query()
            .map(|path| path.to_string())
            .unwrap_or_default(),
        headers: parts.headers,
        body,
    };
    let number = {
        let mut requests = shared.requests.lock().expect("the lock is not poisoned");
        requests.push(recorded.clone());
        requests.len() - 1
    };
    let mut response = (shared.responder)(&recorded, number);
    if let Some(Delay(delay)) = response.extensions_mut().remove::<Delay>() {
        tokio::time::sleep(delay).await;
    }
    response
}

/// Put into an answer's extensions, holds the answer back this long.
#[derive(Debug, Clone, Copy)]
pub struct Delay(pub std::time::Duration);

/// `response`, sent only after `delay`.
pub fn delayed(delay: std::time::Duration, mut response: Response<Body>) -> Response<Body> {
    response.extensions_mut().insert(Delay(delay));
    response
}

/// An answer with `status`, `content_type` and `body`.
pub fn answer(status: u16, content_type: &str, body: impl Into<Body>) -> Response<Body> {
    let mut builder =
        Response::builder().status(StatusCode::from_u16(status).expect("a valid status"));
    if !content_type.is_empty() {
        builder = builder.header("content-type", content_type);
    }
    builder.body(body.into()).expect("a valid answer")
}

/// A JSON answer.
pub fn json(status: u16, body: &'static str) -> Response<Body> {
    answer(status, "application/json", body)
}

/// The API key the tests configure.
pub const KEY: &str = "sk_test_0123456789abcdef";

/// A shipment reference of the right form.
pub const SHIPMENT: &str = "sp_00013464648910021776641789788160";

/// A client for `url` with the test key and no retries.
pub fn client(url: &str) -> sorted_pro::client::Client {
    sorted_pro::client::Client::builder()
        .base_url(url)
        .api_key(KEY)
        .retry_policy(sorted_pro::client::RetryPolicy::none())
        .build()
        .expect("the client builds")
}

/// The spec's example of a shipment to create, as JSON.
pub fn create_shipment_json() -> serde_json::Value {
    serde_json::json!({
        "shipment_type": "on_demand",
        "direction": "outbound",
        "custom_reference": "ORDER-100234",
        "tags": ["fragile"],
        "contents": [{
            "description": "Ceramic table lamp",
            "quantity": 1,
            "value": {"amount": 49.99, "currency": "GBP"},
            "weight": {"value": 2.4, "unit": "kg"},
            "country_of_origin": "GB"
        }],
        "addresses": [
            {
                "address_type": "origin",
                "company_name": "Harbour Homeware Ltd",
                "address_line1": "Unit 4, Quay Business Park",
                "locality": "Bristol",
                "postal_code": "BS1 6XN",
                "country_iso_code": "GB",
                "contact": {
                    "first_name": "Priya",
                    "last_name": "Shah",
                    "contact_details": {"email": "dispatch@harbour-homeware.example"}
                }
            },
            {
                "address_type": "destination",
                "address_line1": "Elm Grove",
                "locality": "Manchester",
                "postal_code": "M14 5JS",
                "country_iso_code": "GB",
                "contact": {
                    "first_name": "Tom",
                    "last_name": "Reilly",
                    "contact_details": {"email": "tom.reilly@example.com"}
                }
            }
        ]
    })
}

/// The spec's example shipment, as the typed request.
pub fn create_shipment_request() -> sorted_pro::operations::create_shipment::Request {
    let body = serde_json::from_value(create_shipment_json()).expect("the example decodes");
    sorted_pro::operations::create_shipment::Request::new(body)
}

/// A stored shipment, as the API answers `GET /shipments/{reference}`.
pub fn shipment_json() -> String {
    let mut shipment = create_shipment_json();
    shipment["reference"] = SHIPMENT.into();
    shipment["state"] = "unallocated".into();
    shipment.to_string()
}

/// An `ApiError` body.
pub const API_ERROR: &str =
    r#"{"code":"allocation_failed","message":"No service fits.","correlation_id":"c-1"}"#;
