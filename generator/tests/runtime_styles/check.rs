//! Runs inside the crate generated from `runtime_styles/styles.yaml`: the generated client
//! sends parameters in every style to the generated server on loopback, and the server's
//! implementation must receive exactly what was sent.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use styles::client::Client;
use styles::operations::{path_styles, query_styles};
use styles::server::{Problem, RequestContext, StylesApi, router};
use styles::types::Kind;

/// What the implementation received, in order.
#[derive(Debug, Clone, Default)]
struct Received {
    paths: Arc<Mutex<Vec<path_styles::Request>>>,
    queries: Arc<Mutex<Vec<query_styles::Request>>>,
}

impl StylesApi for Received {
    async fn path_styles(
        &self,
        request: path_styles::Request,
        _context: RequestContext<()>,
    ) -> Result<path_styles::Response, Problem> {
        self.paths.lock().expect("the log").push(request);
        Ok(path_styles::Response::NoContent)
    }

    async fn query_styles(
        &self,
        request: query_styles::Request,
        _context: RequestContext<()>,
    ) -> Result<query_styles::Response, Problem> {
        self.queries.lock().expect("the log").push(request);
        Ok(query_styles::Response::NoContent)
    }
}

/// Serves `received` on a loopback port and returns a client for it.
async fn serve(received: Received) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(received)).await;
    });
    Client::builder().base_url(url).build().expect("a client")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// Texts with characters that mean something in URLs, headers or cookies, but none of the
/// separators of the styles they are sent in.
const RESERVED: [&str; 5] = ["a b", "x/y", "50%", "1&2=3", "ü?#"];

#[tokio::test]
async fn path_parameters_arrive_as_sent_in_every_style() {
    let received = Received::default();
    let client = serve(received.clone()).await;
    let requests = [
        path_styles::Request::new(
            "a,b/c d".to_owned(),
            vec![1, -2, 3],
            "x.y,z".to_owned(),
            strings(&RESERVED),
            vec![Kind::A, Kind::B],
            "k=v;w,x".to_owned(),
            strings(&["a,b", "c=d", "e f"]),
            vec![4, 5],
        ),
        path_styles::Request::new(
            "plain".to_owned(),
            vec![7],
            "5".to_owned(),
            strings(&["one"]),
            vec![Kind::B],
            "m".to_owned(),
            strings(&["n"]),
            vec![6],
        ),
    ];
    for request in &requests {
        let answer = client.path_styles(request).await;
        assert!(
            matches!(answer, Ok(path_styles::Response::NoContent)),
            "{request:?}: {answer:?}"
        );
    }
    assert_eq!(*received.paths.lock().expect("the log"), requests);
}

#[tokio::test]
async fn query_header_and_cookie_parameters_arrive_as_sent_in_every_style() {
    let received = Received::default();
    let client = serve(received.clone()).await;
    let deep: BTreeMap<String, String> = [("state", "in transit"), ("ref", "a&b=c")]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    let full = query_styles::Request::new()
        .with_form(strings(&["a,b", "", "c&d"]))
        .with_form_flat(strings(&RESERVED))
        .with_spaced(strings(&["a", "x/y", "1&2=3", "a|b"]))
        .with_spaced_apart(strings(&RESERVED))
        .with_piped(vec![1, -2, 3])
        .with_deep(deep)
        .with_kinds(vec![Kind::A, Kind::B])
        .with_tags(strings(&["a b", "x/y", "50%"]))
        .with_crumbs(strings(&["a,b", "c d", "e;f=g"]))
        .with_crumbs_flat(strings(&["a b", "x/y", "e;f=g"]));
    let empty = query_styles::Request::new();
    let requests = [full, empty];
    for request in &requests {
        let answer = client.query_styles(request).await;
        assert!(
            matches!(answer, Ok(query_styles::Response::NoContent)),
            "{request:?}: {answer:?}"
        );
    }
    assert_eq!(*received.queries.lock().expect("the log"), requests);
}
