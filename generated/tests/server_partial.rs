//! A server that implements one tag: the operations of every other tag answer 501 with
//! the error body, while unknown paths still answer 404 and other methods 405; a team's
//! own error type, mapped to a `Problem` once, is answered with `?`.

#![cfg(feature = "server")]

#[path = "server_support.rs"]
mod support;

use std::collections::BTreeSet;

use sorted_pro::http::StatusCode;
use sorted_pro::operations::{get_contents_tracking_events, get_tracking_events};
use sorted_pro::server::{
    AuthError, Authenticator, Credentials, Problem, RequestContext, RouterBuilder, TrackingApi,
};
use support::{API_KEY, SHIPMENT, UNKNOWN, assert_error, build, every_operation, send};

/// The operations of the tag "Tracking", the only one the test server mounts.
const TRACKING: [&str; 4] = [
    "find_contents_tracking_events_by_custom_reference",
    "find_tracking_events_by_custom_reference",
    "get_contents_tracking_events",
    "get_tracking_events",
];

/// A shipment whose tracking store is busy.
const BUSY: &str = "sp_00000000000000000000000000000099";

/// The error type of the team's own tracking store.
#[derive(Debug)]
enum StoreError {
    /// The store has no such shipment.
    Unknown(String),
    /// The store is busy with the shipment.
    Busy,
}

impl From<StoreError> for Problem {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unknown(reference) => {
                Problem::new(StatusCode::NOT_FOUND, format!("{reference} is not tracked"))
                    .with_code("shipment_not_found")
                    .with_detail("shipment_reference", "unknown", "No such shipment")
            }
            // `get_tracking_events` declares no 409: its answer is the fallback, 400.
            StoreError::Busy => Problem::new(StatusCode::CONFLICT, "The store is busy")
                .with_code("conflict")
                .with_fallback(StatusCode::BAD_REQUEST)
                .with_detail("", "busy", "Try again later"),
        }
    }
}

/// The team's tracking store: every lookup fails.
fn lookup(reference: &str) -> Result<get_tracking_events::Response, StoreError> {
    if reference == BUSY {
        Err(StoreError::Busy)
    } else {
        Err(StoreError::Unknown(reference.to_owned()))
    }
}

/// Implements the tracking tag only, and of it one method by hand.
struct TrackingOnly;

impl Authenticator for TrackingOnly {
    type Principal = ();

    async fn authenticate(&self, credentials: &Credentials) -> Result<(), AuthError> {
        match credentials.api_key.as_deref() {
            Some(API_KEY) => Ok(()),
            _ => Err(AuthError::new()),
        }
    }
}

impl TrackingApi for TrackingOnly {
    async fn get_tracking_events(
        &self,
        request: get_tracking_events::Request,
        _context: RequestContext<()>,
    ) -> Result<get_tracking_events::Response, Problem> {
        Ok(lookup(&request.shipment_reference)?)
    }

    async fn get_contents_tracking_events(
        &self,
        _request: get_contents_tracking_events::Request,
        _context: RequestContext<()>,
    ) -> Result<get_contents_tracking_events::Response, Problem> {
        // An undeclared status without a fallback is answered as it is.
        Err(Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Down for maintenance",
        ))
    }
}

fn router() -> sorted_pro::axum::Router {
    RouterBuilder::new(TrackingOnly).tracking_api().build()
}

#[tokio::test]
async fn operations_of_unmounted_tags_answer_501_with_the_error_body() {
    let router = router();
    let table = every_operation();
    assert_eq!(
        table.len(),
        54,
        "every operation of the spec is in the table"
    );
    for (method, path, body, operation_id) in table {
        if TRACKING.contains(&operation_id) {
            continue;
        }
        let answer = send(&router, build(method, &path, body.as_ref())).await;
        assert_error(&answer, 501, "not_implemented");
        let message = answer.json()["message"].as_str().map(str::to_owned);
        assert_eq!(
            message.as_deref(),
            Some(
                format!("The operation `{operation_id}` is not implemented by this server.")
                    .as_str()
            ),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn operations_left_out_of_a_mounted_trait_answer_501() {
    let answer = send(
        &router(),
        build("GET", "/tracking/custom_reference/ORDER-1", None),
    )
    .await;
    assert_error(&answer, 501, "not_implemented");
}

#[tokio::test]
async fn a_mounted_operation_checks_the_request_first() {
    let request = http::Request::builder()
        .uri(format!("/tracking/{SHIPMENT}"))
        .header("x-api-version", "1.1")
        .body(axum::body::Body::empty())
        .expect("request");
    let answer = send(&router(), request).await;
    assert_error(&answer, 401, "unauthorised");
}

#[tokio::test]
async fn a_teams_error_is_answered_with_its_status_and_the_error_body() {
    let answer = send(
        &router(),
        build("GET", &format!("/tracking/{UNKNOWN}"), None),
    )
    .await;
    assert_error(&answer, 404, "shipment_not_found");
    assert_eq!(
        answer.details(),
        [("shipment_reference".to_owned(), "unknown".to_owned())]
    );
}

#[tokio::test]
async fn an_undeclared_status_falls_back_where_the_problem_says() {
    let answer = send(&router(), build("GET", &format!("/tracking/{BUSY}"), None)).await;
    assert_error(&answer, 400, "validation_error");
    assert_eq!(answer.detail_codes(), ["busy"]);
    let answer = send(
        &router(),
        build(
            "GET",
            &format!("/tracking/{SHIPMENT}/shipment_contents"),
            None,
        ),
    )
    .await;
    assert_error(&answer, 503, "internal_server_error");
}

#[tokio::test]
async fn unknown_paths_still_answer_404() {
    let answer = send(&router(), build("GET", "/no/such/path", None)).await;
    assert_error(&answer, 404, "not_found");
}

#[tokio::test]
async fn other_methods_still_answer_405_with_allow() {
    let methods = |answer: &support::Answer| -> BTreeSet<String> {
        answer
            .header("allow")
            .unwrap_or_default()
            .split(',')
            .map(|method| method.trim().to_owned())
            .collect()
    };
    let router = router();
    // A path of an unmounted tag, and one of the mounted tag.
    for (path, allowed) in [
        ("/shipments".to_owned(), "GET,PUT,POST,HEAD"),
        (format!("/tracking/{SHIPMENT}"), "GET,HEAD"),
    ] {
        let answer = send(&router, build("PATCH", &path, None)).await;
        assert_error(&answer, 405, "method_not_supported");
        assert_eq!(answer.header("allow"), Some(allowed), "{path}");
        let expected: BTreeSet<String> = allowed.split(',').map(str::to_owned).collect();
        assert_eq!(methods(&answer), expected);
    }
}

#[tokio::test]
async fn head_of_an_unmounted_get_answers_501() {
    let answer = send(
        &router(),
        build("HEAD", &format!("/shipments/{SHIPMENT}"), None),
    )
    .await;
    assert_eq!(answer.status, 501);
    assert!(answer.body.is_empty());
}
