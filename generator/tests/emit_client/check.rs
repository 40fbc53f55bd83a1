//! Runs inside the crate generated from `fixtures/awkward.yaml`: the client against a real
//! HTTP server on loopback, for what PRO does not have (ranges, `default`, binary and text
//! answers, several request media types, form bodies, deepObject and cookie parameters,
//! bearer, basic, query and cookie credentials).

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, Response};
use generated::client::{Client, Error, RetryPolicy};
use generated::operations::{create_label, create_pet, get_shipment};

#[derive(Debug, Clone)]
struct Seen {
    uri: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_owned()
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// Serves `answer` for every request on a loopback port; returns the URL and the log.
async fn serve(answer: fn(&Seen) -> Response<Body>) -> (String, Log) {
    let log: Log = Arc::default();
    let shared = log.clone();
    let app = axum::Router::new().fallback(move |request: Request<Body>| {
        let log = shared.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20)
                .await
                .unwrap_or_default();
            let seen = Seen {
                uri: parts.uri.to_string(),
                headers: parts.headers,
                body: body.to_vec(),
            };
            log.lock().expect("the log").push(seen.clone());
            answer(&seen)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, log)
}

fn reply(status: u16, content_type: &str, body: &'static [u8]) -> Response<Body> {
    let mut builder = Response::builder().status(status);
    if !content_type.is_empty() {
        builder = builder.header("content-type", content_type);
    }
    builder.body(Body::from(body)).expect("an answer")
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key_header("header-key")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a client")
}

const ID: &str = "6f1c0d2e-8a8b-4c4e-9d7a-3b2f1e0c9a88";

fn get() -> get_shipment::Request {
    get_shipment::Request::new(ID.parse().expect("a UUID"))
}

/// A shipment as the server answers it.
const SHIPMENT: &str = r#"{"id":"s1","reference":"r1","weight":2.5}"#;

/// Answers `GET /shipments/{id}` with the status the test puts in the `trace` header.
fn by_trace(seen: &Seen) -> Response<Body> {
    match seen.header("trace").as_str() {
        "200" => Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("x-rate-limit", "7")
            .header("x-trace", ID)
            .body(Body::from(SHIPMENT))
            .expect("an answer"),
        "200-no-header" => reply(200, "application/json", SHIPMENT.as_bytes()),
        "207" => reply(207, "application/json", br#"{"ok":true}"#),
        "221" => reply(221, "", b""),
        "304" => reply(304, "", b""),
        "418" => reply(418, "application/json", br#"{"message":"teapot"}"#),
        "521" => reply(521, "", b""),
        "531" => reply(531, "", b""),
        _ => reply(
            500,
            "application/problem+json",
            br#"{"message":"down","code":5}"#,
        ),
    }
}

#[tokio::test]
async fn every_status_kind_picks_its_variant() {
    let (url, _) = serve(by_trace).await;
    let client = client(&url);
    let call = async |trace: &str| client.get_shipment(&get().with_trace(trace)).await;
    match call("200").await.expect("200") {
        get_shipment::Response::Ok { body, headers } => {
            assert_eq!(body.id.as_deref(), Some("s1"));
            assert_eq!(headers.x_rate_limit, 7);
            assert_eq!(
                headers.x_trace.map(|id| id.to_string()).as_deref(),
                Some(ID)
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(
        call("207").await,
        Ok(get_shipment::Response::MultiStatus(_))
    ));
    assert!(matches!(
        call("221").await,
        Ok(get_shipment::Response::Status221)
    ));
    assert!(matches!(
        call("304").await,
        Ok(get_shipment::Response::NotModified)
    ));
    assert!(matches!(
        call("521").await,
        Ok(get_shipment::Response::Status521)
    ));
    assert!(matches!(
        call("531").await,
        Ok(get_shipment::Response::Status531)
    ));
    match call("418").await.expect("4XX") {
        get_shipment::Response::ClientError { status, body } => {
            assert_eq!(status, 418);
            assert_eq!(body.message, "teapot");
        }
        other => panic!("unexpected {other:?}"),
    }
    match call("500").await.expect("default") {
        get_shipment::Response::Default { status, body } => {
            assert_eq!(status, 500);
            assert_eq!(body.code, Some(5));
        }
        other => panic!("unexpected {other:?}"),
    }
    match call("200-no-header").await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "X-Rate-Limit"),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn parameters_go_where_the_spec_says() {
    let (url, log) = serve(by_trace).await;
    let mut filter = std::collections::BTreeMap::new();
    filter.insert("state".to_owned(), "booked now".to_owned());
    let request = get()
        .with_trace("200".to_owned())
        .with_fields(vec!["id".to_owned(), "created".to_owned()])
        .with_filter(filter)
        .with_session("s-1".to_owned())
        .with_limit(5);
    client(&url).get_shipment(&request).await.expect("200");
    let seen = log.lock().expect("the log")[0].clone();
    assert_eq!(
        seen.uri,
        format!("/shipments/{ID}?fields=id,created&filter[state]=booked%20now&limit=5")
    );
    assert_eq!(seen.header("cookie"), "session=s-1");
    assert_eq!(seen.header("version"), "2024-01-01");
    assert_eq!(seen.header("x-api-key"), "header-key");
    assert_eq!(
        seen.header("accept"),
        "application/json, application/problem+json"
    );
}

fn label(seen: &Seen) -> Response<Body> {
    match seen.header("content-type").as_str() {
        "application/octet-stream" => reply(201, "text/csv; charset=utf-8", b"a,b\n1,2\n"),
        "text/plain" => reply(202, "", b""),
        "application/json" => reply(503, "", b""),
        _ => reply(201, "application/pdf", b"%PDF-1.4\x00\xff"),
    }
}

#[tokio::test]
async fn bodies_go_out_and_come_back_by_media_type() {
    let (url, log) = serve(label).await;
    let client = Client::builder()
        .base_url(&url)
        .bearer("a-token")
        .build()
        .expect("a client");
    let form = serde_json::from_value(serde_json::json!({"size": "a4", "copies": 2}))
        .expect("a form body");
    let body = create_label::RequestBody::ApplicationXWwwFormUrlencoded(form);
    match client
        .create_label(&create_label::Request::new(3, body))
        .await
        .expect("201")
    {
        create_label::Response::Created(create_label::CreatedBody::ApplicationPdf(bytes)) => {
            assert_eq!(bytes.as_ref(), b"%PDF-1.4\x00\xff")
        }
        other => panic!("unexpected {other:?}"),
    }
    let bytes = create_label::RequestBody::ApplicationOctetStream(vec![0, 1, 2].into());
    match client
        .create_label(&create_label::Request::new(3, bytes))
        .await
        .expect("201")
    {
        create_label::Response::Created(create_label::CreatedBody::TextCsv(text)) => {
            assert_eq!(text, "a,b\n1,2\n")
        }
        other => panic!("unexpected {other:?}"),
    }
    let text = create_label::RequestBody::TextPlain("hello".to_owned());
    let response = client
        .create_label(&create_label::Request::new(3, text))
        .await;
    assert!(matches!(response, Ok(create_label::Response::Success { status }) if status == 202));
    let json = create_label::RequestBody::ApplicationJson(
        serde_json::from_value(serde_json::json!({"size": "a6"})).expect("a JSON body"),
    );
    let response = client
        .create_label(&create_label::Request::new(3, json))
        .await;
    assert!(
        matches!(response, Ok(create_label::Response::ServerError { status }) if status == 503)
    );
    let log = log.lock().expect("the log").clone();
    assert_eq!(log.len(), 4, "a POST is not retried");
    assert_eq!(log[0].uri, "/labels/3.pdf");
    assert_eq!(log[0].body, b"size=a4&copies=2");
    assert_eq!(log[1].body, [0, 1, 2]);
    assert_eq!(log[2].body, b"hello");
    assert_eq!(log[3].body, br#"{"size":"a6"}"#);
    assert!(
        log.iter()
            .all(|seen| seen.header("authorization") == "Bearer a-token")
    );
    assert_eq!(log[0].header("accept"), "application/pdf, text/csv");
}

#[tokio::test]
async fn credentials_follow_the_first_complete_alternative() {
    let (url, log) = serve(label).await;
    let client = Client::builder()
        .base_url(&url)
        .api_key_query("query-key")
        .api_key_cookie("cookie-key")
        .basic("user", "pass word")
        .build()
        .expect("a client");
    let body = create_label::RequestBody::TextPlain("x".to_owned());
    client
        .create_label(&create_label::Request::new(1, body))
        .await
        .expect("2XX");
    let _ = client.create_pet(&create_pet::Request::new()).await;
    let log = log.lock().expect("the log").clone();
    assert_eq!(log[0].uri, "/labels/1.pdf?key=query-key");
    assert_eq!(log[0].header("cookie"), "token=cookie-key");
    assert_eq!(log[0].header("authorization"), "");
    // `user:pass word` in base64.
    assert_eq!(log[1].header("authorization"), "Basic dXNlcjpwYXNzIHdvcmQ=");
    let text = format!("{client:?}");
    for secret in [
        "query-key",
        "cookie-key",
        "pass word",
        "dXNlcjpwYXNzIHdvcmQ=",
    ] {
        assert!(!text.contains(secret), "{text}");
    }
}

#[tokio::test]
async fn invalid_requests_are_not_sent() {
    let (url, log) = serve(label).await;
    let body = create_label::RequestBody::TextPlain("x".to_owned());
    let error = client(&url)
        .create_label(&create_label::Request::new(0, body))
        .await
        .expect_err("id is at least 1");
    assert!(matches!(error, Error::Invalid(_)), "{error:?}");
    assert!(log.lock().expect("the log").is_empty());
}

/// A `text/plain` body with `maxLength: 16`: the request is checked before it is sent.
#[test]
fn text_bodies_are_checked_against_their_schema() {
    use generated::runtime::validation::Validate;
    let long = create_label::RequestBody::TextPlain("x".repeat(17));
    let violations = create_label::Request::new(3, long)
        .validate()
        .expect_err("17 characters are too many");
    let found: Vec<(String, &str)> = violations
        .iter()
        .map(|violation| (violation.path.clone(), violation.kind.code()))
        .collect();
    assert_eq!(found, vec![(String::new(), "max_length")]);
    let short = create_label::RequestBody::TextPlain("x".repeat(16));
    assert_eq!(create_label::Request::new(3, short).validate(), Ok(()));
}
