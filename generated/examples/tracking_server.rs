//! A server of one tag, as a team that tracks shipments would write it: the `Tracking`
//! operations answered from an in-memory store, an API key checked by the
//! `Authenticator`, the store's own error type mapped to the spec's error body once, and
//! every other operation of the API answering 501.
//!
//! ```sh
//! cargo run -p sorted-pro --example tracking_server   # http://127.0.0.1:8090, key tracking-key
//! curl -H 'x-api-key: tracking-key' -H 'x-api-version: 1.1' \
//!   http://127.0.0.1:8090/tracking/sp_00013464648910021776641789788160
//! ```
//!
//! `TRACKING_ADDR` and `TRACKING_API_KEY` change the address and the key.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use sorted_pro::chrono::{FixedOffset, TimeZone as _};
use sorted_pro::http::StatusCode;
use sorted_pro::operations::{get_contents_tracking_events, get_tracking_events};
use sorted_pro::server::{
    AuthError, Authenticator, Credentials, Problem, RequestContext, RouterBuilder, TrackingApi,
};
use sorted_pro::types::{
    CarrierDetails, TrackingContentsResponse, TrackingEvent, TrackingEventCode, TrackingResponse,
};

/// Why the store cannot answer.
#[derive(Debug)]
enum StoreError {
    /// No shipment with this reference is tracked.
    NotTracked(String),
}

/// The one place the store's errors become answers: status, code, message and details of
/// the spec's `ApiError` body.
impl From<StoreError> for Problem {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotTracked(reference) => Problem::new(
                StatusCode::NOT_FOUND,
                "The object does not exist or is not visible to this account",
            )
            .with_code("not_found")
            .with_detail(
                "shipment_reference",
                "shipment_not_found",
                format!("{reference} is not tracked"),
            ),
        }
    }
}

/// The tracking store: events by shipment reference, and the API key it accepts.
struct Tracking {
    api_key: String,
    events: Mutex<HashMap<String, Vec<TrackingEvent>>>,
}

impl Tracking {
    /// A store that tracks one shipment with one event.
    fn new(api_key: String) -> Self {
        let offset = FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!("zero is in range"));
        let collected = offset.with_ymd_and_hms(2025, 6, 2, 9, 30, 0).single();
        let events = collected
            .map(|at| {
                let event = TrackingEvent::new(
                    "tr_00010000000000000000000000000001",
                    at,
                    at,
                    TrackingEventCode::CollectedByCarrier,
                    "Collected by the carrier",
                );
                (
                    "sp_00013464648910021776641789788160".to_owned(),
                    vec![event],
                )
            })
            .into_iter()
            .collect();
        Self {
            api_key,
            events: Mutex::new(events),
        }
    }

    /// The events of `reference`.
    fn events(&self, reference: &str) -> Result<Vec<TrackingEvent>, StoreError> {
        let events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        events
            .get(reference)
            .cloned()
            .ok_or_else(|| StoreError::NotTracked(reference.to_owned()))
    }
}

impl Authenticator for Tracking {
    type Principal = ();

    async fn authenticate(&self, credentials: &Credentials) -> Result<(), AuthError> {
        match &credentials.api_key {
            Some(key) if *key == self.api_key => Ok(()),
            _ => Err(AuthError::new()),
        }
    }
}

impl TrackingApi for Tracking {
    async fn get_tracking_events(
        &self,
        request: get_tracking_events::Request,
        _context: RequestContext<()>,
    ) -> Result<get_tracking_events::Response, Problem> {
        let reference = request.shipment_reference;
        let events = self.events(&reference)?;
        let answer =
            TrackingResponse::new(reference, Vec::new(), CarrierDetails::new()).with_events(events);
        Ok(get_tracking_events::Response::Ok(answer))
    }

    async fn get_contents_tracking_events(
        &self,
        request: get_contents_tracking_events::Request,
        _context: RequestContext<()>,
    ) -> Result<get_contents_tracking_events::Response, Problem> {
        // The store tracks shipments, not their contents: a known shipment lists no items.
        self.events(&request.shipment_reference)?;
        let answer =
            TrackingContentsResponse::new(request.shipment_reference, CarrierDetails::new());
        Ok(get_contents_tracking_events::Response::Ok(answer))
    }
    // Finding events by custom reference is left to the default: 501.
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("TRACKING_ADDR").unwrap_or_else(|_| "127.0.0.1:8090".to_owned());
    let key = std::env::var("TRACKING_API_KEY").unwrap_or_else(|_| "tracking-key".to_owned());
    let router = RouterBuilder::new(Tracking::new(key))
        .tracking_api()
        .build();
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("tracking on http://{}", listener.local_addr()?);
    sorted_pro::axum::serve(listener, router).await?;
    Ok(())
}
