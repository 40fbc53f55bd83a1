//! The API key of the PRO client never shows in `Debug` output or in error messages.

#![cfg(feature = "client")]

mod client_support;

use client_support::{KEY, SHIPMENT, answer, serve};
use sorted_pro::client::{Client, Error, RetryPolicy, Secret};
use sorted_pro::operations::get_shipment;

fn builder(url: &str) -> sorted_pro::client::ClientBuilder {
    Client::builder()
        .base_url(url)
        .api_key(KEY)
        .retry_policy(RetryPolicy::none())
}

#[test]
fn debug_output_never_shows_the_key() {
    let builder = builder("http://127.0.0.1:1");
    let text = format!("{builder:?} {builder:#?}");
    assert!(!text.contains(KEY), "{text}");
    assert!(text.contains("[redacted]"), "{text}");
    let client = builder.build().expect("the client builds");
    let text = format!("{client:?} {client:#?} {:?}", client.config());
    assert!(!text.contains(KEY), "{text}");
    let secret = Secret::new(KEY);
    assert_eq!(format!("{secret} {secret:?}"), "[redacted] [redacted]");
    assert_eq!(secret.expose(), KEY);
}

#[tokio::test]
async fn keys_echoed_by_the_server_are_removed_from_errors() {
    let server = serve(|request, number| {
        let key = request.header("x-api-key").to_owned();
        let mut response = if number == 0 {
            answer(418, "text/plain", format!("your key is {key}"))
        } else {
            answer(
                200,
                "application/json",
                format!(r#"{{"reference": 5, "echo": "{key}"}}"#),
            )
        };
        let headers = response.headers_mut();
        headers.insert("x-api-key", key.parse().expect("a header value"));
        headers.insert(
            "x-echo",
            format!("k={key}").parse().expect("a header value"),
        );
        headers.insert("x-other", "kept".parse().expect("a header value"));
        response
    })
    .await;
    let client = builder(&server.url).build().expect("the client builds");
    let undeclared = client
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect_err("418 is not declared");
    let decode = client
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect_err("the body does not decode");
    assert_eq!(
        server.requests()[0].header("x-api-key"),
        KEY,
        "the key is sent"
    );
    for error in [&undeclared, &decode] {
        let text = format!("{error} {error:?}");
        assert!(!text.contains(KEY), "{text}");
    }
    match undeclared {
        Error::UndeclaredStatus { headers, body, .. } => {
            assert!(headers.get("x-api-key").is_none());
            assert!(headers.get("x-echo").is_none());
            assert_eq!(
                headers.get("x-other").map(|value| value.as_bytes()),
                Some(&b"kept"[..])
            );
            assert_eq!(body.as_ref(), b"your key is [redacted]");
        }
        other => panic!("unexpected {other:?}"),
    }
    match decode {
        Error::Decode { excerpt, .. } => assert!(excerpt.contains("[redacted]"), "{excerpt}"),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn transport_errors_do_not_show_the_key() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    drop(listener);
    let error = builder(&url)
        .build()
        .expect("the client builds")
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect_err("nobody listens");
    let text = format!("{error} {error:?}");
    assert!(!text.contains(KEY), "{text}");
}

#[tokio::test]
async fn query_credentials_stay_out_of_transport_errors() {
    // A scheme with the key in the query puts it in the URL, which errors never show.
    use sorted_pro::runtime::client::{Call, Config, Credential, Placement, Transport};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    drop(listener);
    let mut config = Config::new(url, "test");
    config.retry = RetryPolicy::none();
    config.set_credential(Credential::api_key(
        "QueryKey",
        Placement::Query("api_key"),
        Secret::new(KEY),
    ));
    let transport = Transport::new(config, None).expect("the transport builds");
    let mut call = Call::new(http::Method::GET, &[&["QueryKey"]]);
    call.path("/shipments");
    let error = transport.send(call).await.expect_err("nobody listens");
    let text = format!("{error} {error:?}");
    assert!(!text.contains(KEY), "{text}");
}

#[tokio::test]
async fn redirects_are_answers_and_never_carry_the_key_elsewhere() {
    let elsewhere = serve(|_, _| answer(200, "application/json", "{}")).await;
    let location = format!("{}/stolen", elsewhere.url);
    let server = serve(move |_, _| {
        let mut response = answer(302, "", "");
        response
            .headers_mut()
            .insert("location", location.parse().expect("a header value"));
        response
    })
    .await;
    let error = builder(&server.url)
        .build()
        .expect("the client builds")
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect_err("302 is not declared");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(302));
    assert!(elsewhere.requests().is_empty(), "the redirect was followed");
}
