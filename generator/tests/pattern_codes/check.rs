//! Runs inside the crate generated from `fixtures/pattern_codes.yaml`: the server answers
//! a broken pattern with the code of the use (property or parameter), else of the schema
//! that declares the pattern, else the default, even where one regex has several codes.

use axum::body::Body;
use generated::operations::{get_thing, put_thing};
use generated::server::{PatternCodesApi, Problem, RequestContext, router};
use tower::ServiceExt as _;

struct Service;

impl PatternCodesApi for Service {
    async fn get_thing(
        &self,
        _request: get_thing::Request,
        _context: RequestContext<()>,
    ) -> Result<get_thing::Response, Problem> {
        Ok(get_thing::Response::Ok(generated::types::Thing::default()))
    }

    async fn put_thing(
        &self,
        _request: put_thing::Request,
        _context: RequestContext<()>,
    ) -> Result<put_thing::Response, Problem> {
        Ok(put_thing::Response::NoContent)
    }
}

/// The status and the `(property, code)` of every detail of the answer to `request`.
async fn answer(request: http::Request<Body>) -> (u16, Vec<(String, String)>) {
    let response = router(Service)
        .oneshot(request)
        .await
        .unwrap_or_else(|never| match never {});
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let details = body["details"]
        .as_array()
        .map(|details| {
            details
                .iter()
                .map(|detail| {
                    let text = |key: &str| detail[key].as_str().unwrap_or("").to_owned();
                    (text("property"), text("code"))
                })
                .collect()
        })
        .unwrap_or_default();
    (status, details)
}

fn get(uri: &str) -> http::Request<Body> {
    http::Request::builder()
        .uri(uri)
        .body(Body::empty())
        .unwrap_or_default()
}

fn detail(property: &str, code: &str) -> Vec<(String, String)> {
    vec![(property.to_owned(), code.to_owned())]
}

#[tokio::test]
async fn a_path_parameter_reports_the_code_of_its_schema() {
    let (status, details) = answer(get("/things/nope")).await;
    assert_eq!(status, 400);
    assert_eq!(details, detail("id", "invalid_reference_format"));
}

#[tokio::test]
async fn a_parameter_reports_its_own_code() {
    let (status, details) = answer(get("/things/th_0001?label=nope")).await;
    assert_eq!(status, 400);
    assert_eq!(details, detail("label", "invalid_label"));
}

#[tokio::test]
async fn a_pattern_without_a_code_at_this_use_reports_the_default() {
    let (status, details) = answer(get("/things/th_0001?tag=NOPE")).await;
    assert_eq!(status, 400);
    assert_eq!(details, detail("tag", "invalid_format"));
}

#[tokio::test]
async fn each_property_reports_the_code_of_its_use() {
    let body = r#"{"id": "x", "alias": "x", "nickname": "X", "own": "x", "children": ["x"]}"#;
    let request = http::Request::builder()
        .method("PUT")
        .uri("/things/th_0001")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap_or_default();
    let (status, mut details) = answer(request).await;
    assert_eq!(status, 400);
    details.sort();
    let expected: Vec<(String, String)> = [
        ("alias", "invalid_alias"),
        ("children[0]", "invalid_reference_format"),
        ("id", "invalid_reference_format"),
        ("nickname", "invalid_nickname"),
        ("own", "invalid_own_format"),
    ]
    .iter()
    .map(|(property, code)| ((*property).to_owned(), (*code).to_owned()))
    .collect();
    assert_eq!(details, expected);
}

#[tokio::test]
async fn valid_values_pass() {
    let (status, details) = answer(get("/things/th_0001?label=th_0002&tag=abc")).await;
    assert_eq!((status, details), (200, Vec::new()));
}
