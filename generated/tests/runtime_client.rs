//! The client runtime through its public API: media ranges, secrets kept out of errors,
//! and the retry backoff.

#![cfg(feature = "client")]

use bytes::Bytes;
use http::StatusCode;
use http::header::HeaderMap;
use sorted_pro::runtime::client::{
    Config, Credential, Error, Placement, RetryPolicy, Secret, Transport, media_matches,
};

#[test]
fn media_ranges_and_parameters_match() {
    assert!(media_matches("application/json", "application/json"));
    assert!(media_matches(
        "application/json",
        "application/problem+json"
    ));
    assert!(media_matches("text/*", "text/plain"));
    assert!(media_matches("*/*", "application/pdf"));
    assert!(!media_matches("application/json", "text/plain"));
    assert!(!media_matches("text/*", "application/text"));
}

#[test]
fn secrets_are_redacted() {
    let mut config = Config::new("http://localhost", "test");
    config.set_credential(Credential::api_key(
        "key",
        Placement::Header("x-api-key"),
        Secret::new("abc123"),
    ));
    let transport = match Transport::new(config, None) {
        Ok(transport) => transport,
        Err(error) => panic!("{error}"),
    };
    let error = transport.scrub(Error::UndeclaredStatus {
        status: StatusCode::BAD_GATEWAY,
        headers: Box::new(HeaderMap::new()),
        body: Bytes::from_static(b"key=abc123 and abc123"),
    });
    match error {
        Error::UndeclaredStatus { body, .. } => {
            assert_eq!(body, Bytes::from_static(b"key=[redacted] and [redacted]"))
        }
        other => panic!("expected an undeclared status, got {other:?}"),
    }
    assert_eq!(format!("{:?}", Secret::new("abc")), "[redacted]");
}

#[test]
fn backoff_stays_under_its_ceiling() {
    let policy = RetryPolicy::default();
    for attempt in 1..40 {
        assert!(policy.backoff(attempt) <= policy.max_delay);
    }
}
