//! Runs inside the crate generated from `fixtures/results.yaml`: `into_result` and the
//! text of failures and error bodies.

use generated::operations::{failures_and_default, get_a, mixed, only_default};
use generated::types::{Inner, Problem, Reason, Thing, Wrapped};
use http::StatusCode;

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("the test data decodes")
}

#[test]
fn a_problem_reads_as_code_message_details_and_id() {
    let problem: Problem = decode(serde_json::json!({
        "type": "conflict",
        "message": "It clashed.",
        "request_id": "r-1",
        "errors": [{"field": "name", "message": "is taken"}, {"message": "It clashed."}]
    }));
    assert_eq!(
        problem.to_string(),
        "conflict: It clashed. [name: is taken] (correlation id r-1)"
    );
    let failure = get_a::Response::BadRequest(problem)
        .into_result()
        .expect_err("400 is a failure");
    assert_eq!(failure.status(), StatusCode::BAD_REQUEST);
    assert!(
        failure
            .to_string()
            .starts_with("the API answered with status 400 Bad Request: conflict: It clashed.")
    );
    let _: &dyn std::error::Error = &failure;
}

#[test]
fn other_bodies_read_as_their_error_their_value_or_json() {
    let wrapped: Wrapped = decode(serde_json::json!({"error": {"status": 401, "message": "No key."}}));
    assert_eq!(wrapped.to_string(), "No key.");
    assert_eq!(Inner::new().to_string(), "no message");
    assert_eq!(Reason::Stale.to_string(), "stale");
    let thing = Thing::new().with_count(3);
    assert_eq!(thing.to_string(), r#"{"count":3}"#);
    let failure = get_a::Response::Conflict(thing)
        .into_result()
        .expect_err("409 is a failure");
    assert_eq!(
        failure.to_string(),
        r#"the API answered with status 409 Conflict: {"count":3}"#
    );
    let failure = get_a::Response::ServiceUnavailable("down for a while".to_owned())
        .into_result()
        .expect_err("503 is a failure");
    assert_eq!(
        failure.to_string(),
        "the API answered with status 503 Service Unavailable: down for a while"
    );
    let failure = get_a::Response::UnprocessableEntity(Reason::Locked)
        .into_result()
        .expect_err("422 is a failure");
    assert!(failure.to_string().ends_with(": locked"), "{failure}");
}

#[test]
fn the_one_success_with_a_body_is_the_body() {
    let thing: get_a::Success = get_a::Response::Ok(Thing::new().with_count(1))
        .into_result()
        .expect("200 is a success");
    assert_eq!(thing.count, Some(1));
}

#[test]
fn redirects_and_ranges_split_by_their_class_and_default_by_the_successes() {
    assert_eq!(
        mixed::Response::NotModified.into_result(),
        Ok(mixed::Success::NotModified)
    );
    let other = mixed::Response::Success {
        status: StatusCode::ACCEPTED,
    };
    assert_eq!(other.into_result().map(|success| success.status()), Ok(StatusCode::ACCEPTED));
    let trouble = mixed::Response::ServerError {
        status: StatusCode::BAD_GATEWAY,
    };
    assert_eq!(
        trouble.into_result().map_err(|failure| failure.to_string()),
        Err("the API answered with status 502 Bad Gateway".to_owned())
    );
    // `mixed` declares successes, so `default` stands for its errors, even a 2xx.
    let default = mixed::Response::Default {
        status: StatusCode::CREATED,
    };
    assert!(default.into_result().is_err());
}

#[test]
fn a_default_alone_is_split_by_its_status() {
    let fine = only_default::Response::Default {
        status: StatusCode::NO_CONTENT,
    };
    assert!(matches!(
        fine.into_result(),
        Ok(only_default::Success::Default { .. })
    ));
    let broken = only_default::Response::Default {
        status: StatusCode::INTERNAL_SERVER_ERROR,
    };
    assert!(matches!(
        broken.into_result(),
        Err(only_default::Failure::Default { .. })
    ));
    let fine = failures_and_default::Response::Default {
        status: StatusCode::OK,
    };
    assert!(fine.into_result().is_ok());
}
