//! The server runtime through its public API: media types, JSON problems, request ids,
//! credentials, and parameters read from a request in their style.

#![cfg(feature = "server")]

use axum::body::Body;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Request, StatusCode};
use serde_json::json;
use sorted_pro::runtime::params::Style;
use sorted_pro::runtime::server::{
    ErrorContext, Input, JsonProblem, Rejection, RequestId, RouterConfig, basic_credential,
    bearer_credential, decode_json_body, decode_list, decode_serde, empty_response,
    header_credential,
};

/// A configuration whose error answers are empty 400s; the tests look at rejections.
fn config() -> RouterConfig {
    RouterConfig::new(|_: &Rejection, _: &ErrorContext<'_>| empty_response(StatusCode::BAD_REQUEST))
}

/// A GET request to `uri` with one header.
fn request(uri: &str, name: &str, value: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header(name, value)
        .body(Body::empty())
        .unwrap_or_default()
}

/// Whether a request with `content_type` is taken by an operation accepting `supported`.
fn takes(supported: &'static [&'static str], content_type: &str) -> bool {
    let config = config();
    let input = Input::new(request("/", "content-type", content_type), &config, "op");
    matches!(input.content_type(supported), Ok(Some(0)))
}

/// Whether a request with `accept` may be answered with `supported`.
fn accepts(supported: &'static [&'static str], accept: &str) -> bool {
    let config = config();
    let input = Input::new(request("/", "accept", accept), &config, "op");
    input.accept(supported).is_ok()
}

#[test]
fn media_types_match_with_wildcards() {
    assert!(takes(&["application/json"], "Application/JSON"));
    assert!(takes(
        &["application/json"],
        "application/json; charset=utf-8"
    ));
    assert!(takes(&["text/*"], "text/plain"));
    assert!(takes(&["application/json"], "*/*"));
    assert!(!takes(&["application/json"], "application/xml"));
    assert!(!takes(&["application/json"], "json"));
}

#[test]
fn accept_headers_are_read_with_their_weights() {
    let json = &["application/json"];
    assert!(accepts(json, "application/json"));
    assert!(accepts(json, "text/html, application/*;q=0.2"));
    assert!(accepts(json, ""));
    assert!(!accepts(json, "application/xml"));
    assert!(!accepts(json, "application/json;q=0, text/html"));
}

#[derive(Debug, serde::Deserialize)]
struct Outer {
    #[allow(dead_code)]
    items: Vec<Inner>,
}

#[derive(Debug, serde::Deserialize)]
struct Inner {
    #[allow(dead_code)]
    name: String,
}

fn json_problem(text: &str) -> (String, JsonProblem) {
    match decode_json_body::<Outer>(text.as_bytes()) {
        Err(Rejection::InvalidJson { path, problem, .. }) => (path, problem),
        other => panic!("expected a JSON rejection, got {other:?}"),
    }
}

#[test]
fn json_problems_name_the_property() {
    assert_eq!(
        json_problem(r#"{"items": [{"name": "a"}, {}]}"#),
        ("items[1].name".to_owned(), JsonProblem::MissingField)
    );
    assert_eq!(
        json_problem(r#"{"items": [{"name": 5}]}"#),
        ("items[0].name".to_owned(), JsonProblem::WrongType)
    );
    assert_eq!(
        json_problem("{}"),
        ("items".to_owned(), JsonProblem::MissingField)
    );
    assert_eq!(json_problem(r#"{"items": ["#).1, JsonProblem::Syntax);
    assert_eq!(json_problem(r#"{"items": []} x"#).1, JsonProblem::Syntax);
}

#[test]
fn request_ids_look_like_uuids_and_differ() {
    let first = RequestId::generate();
    let second = RequestId::generate();
    assert_ne!(first, second);
    assert!(uuid::Uuid::parse_str(first.as_str()).is_ok());
    let sent = HeaderValue::from_static("trace-1");
    assert_eq!(
        RequestId::from_header(&sent).map(|id| id.to_string()),
        Some("trace-1".to_owned())
    );
    assert!(RequestId::from_header(&HeaderValue::from_static("")).is_none());
}

#[test]
fn credentials_are_read_from_their_headers() {
    let mut headers = HeaderMap::new();
    headers.insert("x-api-key", HeaderValue::from_static(" key "));
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_static("Basic dXNlcjpwYXNz"),
    );
    assert_eq!(
        header_credential(&headers, "x-api-key").as_deref(),
        Some("key")
    );
    assert_eq!(bearer_credential(&headers), None);
    let basic = basic_credential(&headers).and_then(Result::ok);
    assert_eq!(basic.map(|basic| basic.username), Some("user".to_owned()));
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_static("bearer token-1"),
    );
    assert_eq!(bearer_credential(&headers).as_deref(), Some("token-1"));
    headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic !!"));
    assert!(matches!(basic_credential(&headers), Some(Err(_))));
}

/// Writes `items` as cookie `id` the way the client does and reads them back from the
/// request's `Cookie` header.
fn cookie_items(explode: bool, items: &[&str]) -> Option<Vec<String>> {
    let mut pairs = Vec::new();
    Style::Form.encode_pairs("id", explode, &json!(items), &mut pairs);
    pairs.insert(0, "other=1".to_owned());
    let config = config();
    let input = Input::new(request("/", "cookie", &pairs.join("; ")), &config, "op");
    input
        .cookie("id", |values| {
            decode_list::<String>(values, Style::Form, explode)
        })
        .ok()
        .flatten()
}

#[test]
fn cookies_round_trip_in_the_form_style() {
    let items = ["a b", "x/y", "50%", "1&2=3", "ü", "a;b"];
    for explode in [false, true] {
        let expected = items.iter().map(|item| (*item).to_owned()).collect();
        assert_eq!(cookie_items(explode, &items), Some(expected));
    }
    assert_eq!(
        cookie_items(true, &["a,b", "c"]),
        Some(vec!["a,b".to_owned(), "c".to_owned()])
    );
    assert_eq!(cookie_items(false, &[]), Some(Vec::new()));
}

#[test]
fn queries_and_headers_round_trip_through_the_request() {
    let items = ["a b", "x/y", "1&2=3", "ü"];
    let mut pairs = Vec::new();
    Style::PipeDelimited.encode_pairs("id", false, &json!(items), &mut pairs);
    let config = config();
    let uri = format!("/?{}", pairs.join("&"));
    let mut input = Input::new(request(&uri, "x-list", "a b,c"), &config, "op");
    let read = input.query("id", |values| {
        decode_list::<String>(values, Style::PipeDelimited, false)
    });
    assert_eq!(read.ok().flatten(), Some(items.map(str::to_owned).to_vec()));
    let header = input.header("x-list", |values| {
        decode_list::<String>(values, Style::Simple, false)
    });
    assert_eq!(
        header.ok().flatten(),
        Some(vec!["a b".to_owned(), "c".to_owned()])
    );
}

#[test]
fn deep_objects_round_trip_through_the_request() {
    type Filter = std::collections::BTreeMap<String, String>;
    let filter: Filter = [("state", "in transit"), ("ref", "a&b=c[d]")]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    let mut pairs = Vec::new();
    Style::DeepObject.encode_pairs("filter", false, &json!(filter), &mut pairs);
    let config = config();
    let uri = format!("/?take=1&{}", pairs.join("&"));
    let mut input = Input::new(request(&uri, "accept", "*/*"), &config, "op");
    let read = input.query_object("filter", decode_serde::<Filter>);
    assert_eq!(read.ok().flatten(), Some(filter));
    // Without `filter[...]` pairs the parameter is read by its name.
    let mut input = Input::new(request("/?filter=%7B%7D", "accept", "*/*"), &config, "op");
    let read = input.query_object("filter", decode_serde::<Filter>);
    assert_eq!(read.ok().flatten(), Some(Filter::new()));
    let mut input = Input::new(request("/?take=1", "accept", "*/*"), &config, "op");
    let read = input.query_object("filter", decode_serde::<Filter>);
    assert_eq!(read.ok().flatten(), None);
}
