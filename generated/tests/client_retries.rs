//! Timeouts and retries of the PRO client against a real HTTP server on loopback.

#![cfg(feature = "client")]

mod client_support;

use std::time::{Duration, Instant};

use client_support::{SHIPMENT, answer, create_shipment_request, delayed, serve, shipment_json};
use sorted_pro::client::{Client, Error, RetryPolicy};
use sorted_pro::operations::get_shipment;

/// The default policy with short backoffs, so that tests stay fast.
fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

fn client(url: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(url)
        .api_key(client_support::KEY)
        .retry_policy(policy)
        .build()
        .expect("the client builds")
}

fn get() -> get_shipment::Request {
    get_shipment::Request::new(SHIPMENT.to_owned())
}

fn busy(status: u16, retry_after: &str) -> axum::http::Response<axum::body::Body> {
    let mut response = answer(status, "text/plain", "busy");
    if !retry_after.is_empty() {
        response
            .headers_mut()
            .insert("retry-after", retry_after.parse().expect("a header value"));
    }
    response
}

#[test]
fn the_default_policy_retries_get_three_times_with_backoff() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_attempts, 3);
    assert_eq!(policy.base_delay, Duration::from_millis(200));
    assert_eq!(policy.max_delay, Duration::from_secs(10));
    assert!(!policy.retry_non_idempotent);
    assert!(policy.allows(&http::Method::GET));
    assert!(!policy.allows(&http::Method::POST));
    assert!(!policy.allows(&http::Method::PUT));
    for attempt in 1..10 {
        let ceiling = (Duration::from_millis(200) * 2_u32.pow(attempt - 1)).min(policy.max_delay);
        assert!(policy.backoff(attempt) <= ceiling);
    }
}

#[tokio::test]
async fn a_slow_answer_is_a_recognisable_timeout() {
    let server = serve(|_, _| {
        delayed(
            Duration::from_millis(2000),
            answer(200, "application/json", shipment_json()),
        )
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("the client builds");
    let started = Instant::now();
    let error = client
        .get_shipment(&get())
        .await
        .expect_err("the answer comes too late");
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, Error::Transport { timeout: true, .. }));
    assert!(error.to_string().contains("timed out"), "{error}");
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_eq!(server.requests().len(), 1, "a timeout is not retried");
}

#[tokio::test]
async fn a_get_is_retried_when_retry_after_says() {
    let server = serve(|_, number| match number {
        0 => busy(503, "1"),
        _ => answer(200, "application/json", shipment_json()),
    })
    .await;
    let started = Instant::now();
    let response = client(&server.url, fast_retries())
        .get_shipment(&get())
        .await
        .expect("the second attempt succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(server.requests().len(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After was not honoured: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn each_retryable_status_is_retried_and_attempts_are_bounded() {
    for status in [429, 502, 503, 504] {
        let server = serve(move |_, _| busy(status, "")).await;
        let error = client(&server.url, fast_retries())
            .get_shipment(&get())
            .await
            .expect_err("the status is not declared");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(status));
        assert_eq!(server.requests().len(), 3, "status {status}");
    }
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    let server = serve(|_, _| busy(500, "1")).await;
    let error = client(&server.url, fast_retries())
        .get_shipment(&get())
        .await
        .expect_err("500 is not declared");
    assert!(matches!(error, Error::UndeclaredStatus { .. }));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_hands_back_the_answer() {
    let server = serve(|_, _| busy(503, "3600")).await;
    let started = Instant::now();
    let error = client(&server.url, fast_retries())
        .get_shipment(&get())
        .await
        .expect_err("503 is not declared");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_post_is_not_retried_unless_the_caller_opts_in() {
    let server = serve(|_, _| busy(503, "0")).await;
    let error = client(&server.url, fast_retries())
        .create_shipment(&create_shipment_request())
        .await
        .expect_err("503 is not declared");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);

    let opted_in = RetryPolicy {
        retry_non_idempotent: true,
        ..fast_retries()
    };
    client(&server.url, opted_in)
        .create_shipment(&create_shipment_request())
        .await
        .expect_err("503 is not declared");
    assert_eq!(server.requests().len(), 1 + 3);
    let bodies: Vec<_> = server
        .requests()
        .iter()
        .map(|request| request.body.clone())
        .collect();
    assert!(
        bodies.iter().all(|body| *body == bodies[0]),
        "every attempt sends the body"
    );
}

#[tokio::test]
async fn connection_errors_are_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    drop(listener);
    let error = client(&url, fast_retries())
        .get_shipment(&get())
        .await
        .expect_err("nobody listens");
    assert!(
        matches!(error, Error::Transport { timeout: false, .. }),
        "{error:?}"
    );
    assert!(!error.is_timeout());
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    use sorted_pro::runtime::client::retry_after;
    let mut headers = http::HeaderMap::new();
    assert_eq!(retry_after(&headers), None);
    headers.insert("retry-after", "7".parse().expect("a header value"));
    assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
    let later = chrono::Utc::now() + chrono::Duration::seconds(30);
    let date = later.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    headers.insert("retry-after", date.parse().expect("a header value"));
    let wait = retry_after(&headers).expect("an HTTP-date");
    assert!(
        wait > Duration::from_secs(27) && wait <= Duration::from_secs(30),
        "{wait:?}"
    );
    headers.insert(
        "retry-after",
        "Wed, 21 Oct 2015 07:28:00 GMT"
            .parse()
            .expect("a header value"),
    );
    assert_eq!(retry_after(&headers), Some(Duration::ZERO));
}
