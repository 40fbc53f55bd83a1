//! The PRO client against a real HTTP server on loopback: what it sends, and how every
//! kind of answer is decoded.

#![cfg(feature = "client")]

mod client_support;

use std::io::Write;

use client_support::{
    API_ERROR, KEY, SHIPMENT, answer, client, create_shipment_request, json, serve, shipment_json,
};
use sorted_pro::client::{Client, Error};
use sorted_pro::operations::{
    allocate_shipment, change_shipment_state, create_shipment, create_shipment_group,
    find_shipments, get_label, get_paperless_document, get_shipment, quote_new_shipment,
};
use sorted_pro::runtime::client::{Call, Config, Style, Transport};
use sorted_pro::types::{Dpi, LabelFormat};

const RESOURCE: &str = r#"{"reference":"sp_00013464648910021776641789788160","message":"Created"}"#;

const PAPERLESS: &str = r#"{"document_reference":"pd_00670123456789012345678901234999","document_state":"processing","document_type":"commercial_invoice","file_format":"pdf","usage":"electronic_trade"}"#;

#[tokio::test]
async fn create_shipment_sends_body_fixed_headers_and_key_and_decodes_201() {
    let server = serve(|_, _| json(201, RESOURCE)).await;
    let response = client(&server.url)
        .create_shipment(&create_shipment_request())
        .await
        .expect("a declared answer");
    match response {
        create_shipment::Response::Created(result) => assert_eq!(result.reference, SHIPMENT),
        other => panic!("unexpected {other:?}"),
    }
    let request = server.single();
    assert_eq!(request.method, "POST");
    assert_eq!(request.uri, "/shipments");
    assert_eq!(request.header("x-api-key"), KEY);
    assert_eq!(request.header("x-api-version"), "1.1");
    assert_eq!(request.header("accept"), "application/json");
    assert_eq!(request.header("content-type"), "application/json");
    assert!(request.header("user-agent").starts_with("sorted-pro/"));
    let sent: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON was sent");
    assert_eq!(sent["shipment_type"], "on_demand");
    assert_eq!(sent["addresses"][1]["locality"], "Manchester");
}

#[tokio::test]
async fn every_declared_status_has_its_variant() {
    // The server answers by path: each operation below declares the status it gets.
    let server = serve(|request, _| match request.uri.as_str() {
        "/shipment_groups" => json(207, RESOURCE),
        uri if uri.starts_with("/documents/paperless/") => json(221, PAPERLESS),
        "/shipments/state" => answer(304, "", ""),
        uri if uri.ends_with("/allocate") => json(521, API_ERROR),
        "/shipments/quote" => json(531, API_ERROR),
        _ => json(404, API_ERROR),
    })
    .await;
    let client = client(&server.url);

    let group = serde_json::from_value(serde_json::json!({ "shipments": [SHIPMENT] }))
        .expect("a group request");
    let response = client
        .create_shipment_group(&create_shipment_group::Request::new(group))
        .await
        .expect("207 is declared");
    assert!(
        matches!(response, create_shipment_group::Response::MultiStatus(ref result) if result.reference == SHIPMENT)
    );
    assert_eq!(response.status(), 207);

    let response = client
        .get_paperless_document(&get_paperless_document::Request::new(
            "pd_00670123456789012345678901234999".to_owned(),
        ))
        .await
        .expect("221 is declared");
    assert!(
        matches!(response, get_paperless_document::Response::Status221(_)),
        "{response:?}"
    );

    let change = serde_json::from_value(serde_json::json!({
        "reference": SHIPMENT,
        "state": "ready_to_ship",
        "reason": "Packed by hand"
    }))
    .expect("a state change");
    let response = client
        .change_shipment_state(&change_shipment_state::Request::new(change))
        .await
        .expect("304 is declared");
    assert_eq!(response, change_shipment_state::Response::NotModified);

    let response = client
        .allocate_shipment(&allocate_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect("521 is declared");
    match response {
        allocate_shipment::Response::Status521(error) => {
            assert_eq!(error.code, "allocation_failed")
        }
        other => panic!("unexpected {other:?}"),
    }

    let response = client
        .quote_new_shipment(&quote_new_shipment::Request::new(
            create_shipment_request().body,
        ))
        .await
        .expect("531 is declared");
    assert!(
        matches!(response, quote_new_shipment::Response::Status531(_)),
        "{response:?}"
    );

    let response = client
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect("404 is declared");
    assert!(
        matches!(response, get_shipment::Response::NotFound(_)),
        "{response:?}"
    );
}

#[tokio::test]
async fn gzip_answers_are_accepted_and_decoded() {
    let server = serve(|_, _| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(shipment_json().as_bytes())
            .expect("gzip writes");
        let mut response = answer(
            200,
            "application/json",
            encoder.finish().expect("gzip ends"),
        );
        response
            .headers_mut()
            .insert("content-encoding", "gzip".parse().expect("a header value"));
        response
    })
    .await;
    let response = client(&server.url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect("a declared answer");
    match response {
        get_shipment::Response::Ok(shipment) => {
            assert_eq!(shipment.reference.as_deref(), Some(SHIPMENT));
            assert_eq!(shipment.addresses.len(), 2);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(server.single().header("accept-encoding").contains("gzip"));
}

#[tokio::test]
async fn a_label_comes_back_as_bytes() {
    const PDF: &[u8] = b"%PDF-1.4\n\x00\xff\xfe label";
    let server = serve(|_, _| {
        use base64::Engine as _;
        let file = base64::engine::general_purpose::STANDARD.encode(PDF);
        let body = format!(
            r#"{{"file":"{file}","content_type":"application/pdf","document_type":"label","dpi":203}}"#
        );
        answer(200, "application/json", body)
    })
    .await;
    let request = get_label::Request::new(SHIPMENT.to_owned(), LabelFormat::Pdf, Dpi::V203)
        .with_include_extension(false);
    let response = client(&server.url)
        .get_label(&request)
        .await
        .expect("a declared answer");
    match response {
        get_label::Response::Ok(document) => assert_eq!(document.file.0, PDF),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        server.single().uri,
        format!("/labels/{SHIPMENT}/pdf/203?include_extension=false")
    );
}

#[tokio::test]
async fn binary_and_text_media_decode_as_bytes_and_text() {
    // PRO answers JSON only; other APIs' generated code uses the same runtime calls.
    const ZPL: &str = "^XA^FO50,50^FDlabel^FS^XZ";
    const PDF: &[u8] = b"%PDF-1.4\n\x00\xff";
    let server = serve(|request, _| match request.uri.as_str() {
        "/zpl" => answer(200, "text/plain; charset=utf-8", ZPL),
        _ => answer(200, "application/pdf", PDF),
    })
    .await;
    let transport = Transport::new(Config::new(&server.url, "test"), None).expect("a transport");
    let declared = ["application/pdf", "text/*"];
    let mut call = Call::new(http::Method::GET, &[]);
    call.path("/pdf");
    let raw = transport.send(call).await.expect("an answer");
    assert_eq!(
        sorted_pro::runtime::client::expect_media(&raw, &declared).ok(),
        Some(0)
    );
    assert_eq!(
        sorted_pro::runtime::client::decode_bytes(&raw)
            .expect("bytes always decode")
            .as_ref(),
        PDF
    );
    let mut call = Call::new(http::Method::GET, &[]);
    call.path("/zpl");
    let raw = transport.send(call).await.expect("an answer");
    assert_eq!(
        sorted_pro::runtime::client::expect_media(&raw, &declared).ok(),
        Some(1)
    );
    assert_eq!(
        sorted_pro::runtime::client::decode_text(&raw).expect("UTF-8"),
        ZPL
    );
    let error = sorted_pro::runtime::client::expect_media(&raw, &["application/json"])
        .expect_err("text is not JSON");
    assert!(matches!(error, Error::Decode { .. }));
}

#[tokio::test]
async fn an_undeclared_status_keeps_status_headers_and_body() {
    let server = serve(|_, _| {
        let mut response = answer(418, "text/plain", "short and stout");
        response
            .headers_mut()
            .insert("x-teapot", "yes".parse().expect("a header value"));
        response
    })
    .await;
    let error = client(&server.url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect_err("418 is not declared");
    match &error {
        Error::UndeclaredStatus {
            status,
            headers,
            body,
        } => {
            assert_eq!(*status, 418);
            assert_eq!(
                headers.get("x-teapot").map(|value| value.as_bytes()),
                Some(&b"yes"[..])
            );
            assert_eq!(body.as_ref(), b"short and stout");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(error.status().map(|status| status.as_u16()), Some(418));
    assert!(error.to_string().contains("418"), "{error}");
}

#[tokio::test]
async fn a_body_that_does_not_decode_names_status_excerpt_and_path() {
    let server = serve(|_, _| {
        json(200, r#"{"reference":"sp_1","shipment_type":"on_demand","contents":[],"addresses":[{"address_type":7}]}"#)
    })
    .await;
    let error = client(&server.url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect_err("the body does not decode");
    match &error {
        Error::Decode {
            status,
            excerpt,
            path,
            message,
        } => {
            assert_eq!(*status, 200);
            assert_eq!(path, "addresses[0].address_type");
            assert!(excerpt.starts_with(r#"{"reference":"sp_1""#), "{excerpt}");
            assert!(!message.is_empty());
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        error.to_string().contains("addresses[0].address_type"),
        "{error}"
    );
}

/// The client is tolerant: an explicit `null` on an optional property that the spec does
/// not mark nullable reads as absent, as real APIs send such nulls.
#[tokio::test]
async fn an_explicit_undeclared_null_on_an_optional_property_reads_as_absent() {
    let server = serve(|_, _| {
        json(200, r#"{"shipment_type":"on_demand","direction":"outbound","contents":[],"addresses":[{"address_type":"origin","locality":null}]}"#)
    })
    .await;
    let answer = client(&server.url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect("a null locality is an absent one");
    let shipment = answer.into_result().expect("200");
    assert_eq!(shipment.addresses[0].locality, None);
}

#[tokio::test]
async fn excerpts_are_cut_to_500_characters() {
    let server =
        serve(|_, _| answer(200, "application/json", format!("[{}1]", "1,".repeat(2000)))).await;
    let error = client(&server.url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect_err("an array is not a shipment");
    match error {
        Error::Decode { excerpt, .. } => assert_eq!(excerpt.chars().count(), 500),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_media_type_the_status_does_not_declare_is_a_decode_error() {
    let server = serve(|_, _| answer(200, "text/html", "<html>maintenance</html>")).await;
    let error = client(&server.url)
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect_err("HTML is not declared");
    assert!(
        matches!(&error, Error::Decode { status, .. } if *status == 200),
        "{error:?}"
    );
    assert!(error.to_string().contains("text/html"), "{error}");
}

#[tokio::test]
async fn query_parameters_are_encoded_and_unset_ones_left_out() {
    let server = serve(|_, _| {
        json(
            200,
            r#"{"shipments":[],"total_results":0,"take":5,"skip":0}"#,
        )
    })
    .await;
    let request = find_shipments::Request::new()
        .with_custom_reference("ORDER 1&2/3".to_owned())
        .with_take(5);
    client(&server.url)
        .find_shipments(&request)
        .await
        .expect("a declared answer");
    assert_eq!(
        server.single().uri,
        "/shipments?custom_reference=ORDER%201%262%2F3&take=5"
    );
}

#[tokio::test]
async fn array_query_parameters_follow_style_and_explode() {
    // PRO has no array parameters; generated code for other APIs makes these calls.
    let server = serve(|_, _| answer(204, "", "")).await;
    let transport = Transport::new(Config::new(&server.url, "test"), None).expect("a transport");
    let tags = vec!["fragile".to_owned(), "a,b c".to_owned()];
    let mut call = Call::new(http::Method::GET, &[]);
    call.path("/shipments");
    call.query_param("tag", Style::Form, true, &tags)
        .expect("encodes");
    call.query_param("tags", Style::Form, false, &tags)
        .expect("encodes");
    call.query_param("ids", Style::PipeDelimited, false, &[1, 2])
        .expect("encodes");
    call.query_param("sizes", Style::SpaceDelimited, false, &[3, 4])
        .expect("encodes");
    call.query_param(
        "filter",
        Style::DeepObject,
        true,
        &serde_json::json!({"state": "booked"}),
    )
    .expect("encodes");
    call.query_param("none", Style::Form, true, &Option::<Vec<String>>::None)
        .expect("encodes");
    transport.send(call).await.expect("an answer");
    let uri = server.single().uri;
    assert_eq!(
        uri,
        "/shipments?tag=fragile&tag=a%2Cb%20c&tags=fragile,a%2Cb%20c&ids=1|2&sizes=3%204\
         &filter[state]=booked"
    );
    let query = uri
        .split_once('?')
        .map(|(_, query)| query)
        .unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(pairs[0], ("tag".to_owned(), "fragile".to_owned()));
    assert_eq!(pairs[1], ("tag".to_owned(), "a,b c".to_owned()));
}

#[tokio::test]
async fn requests_that_break_the_constraints_are_not_sent_unless_switched_off() {
    let server = serve(|_, _| json(404, API_ERROR)).await;
    let request = get_shipment::Request::new("not a reference".to_owned());
    let error = client(&server.url)
        .get_shipment(&request.clone())
        .await
        .expect_err("the reference has the wrong form");
    match &error {
        Error::Invalid(violations) => assert!(
            violations
                .iter()
                .any(|violation| violation.kind.code() == "pattern"),
            "{violations}"
        ),
        other => panic!("unexpected {other:?}"),
    }
    assert!(server.requests().is_empty());
    let unchecked = Client::builder()
        .base_url(&server.url)
        .validate_requests(false)
        .build()
        .expect("the client builds");
    let response = unchecked.get_shipment(&request).await.expect("sent anyway");
    assert_eq!(response.status(), 404);
    assert_eq!(server.single().uri, "/shipments/not%20a%20reference");
}

#[tokio::test]
async fn a_caller_supplied_reqwest_client_is_used() {
    let server = serve(|_, _| json(404, API_ERROR)).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", "north".parse().expect("a header value"));
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("a reqwest client");
    let client = Client::builder()
        .base_url(&server.url)
        .api_key(KEY)
        .http_client(http)
        .build()
        .expect("the client builds");
    client
        .get_shipment(&get_shipment::Request::new(SHIPMENT.to_owned()))
        .await
        .expect("404 is declared");
    let request = server.single();
    assert_eq!(request.header("x-tenant"), "north");
    assert_eq!(request.header("x-api-key"), KEY);
    assert_eq!(request.header("x-api-version"), "1.1");
}

#[test]
fn servers_come_from_the_spec_with_production_first() {
    use sorted_pro::client::Server;
    assert_eq!(Server::default(), Server::Production);
    assert_eq!(Server::Production.url(), "https://api.sorted.com/pro");
    assert_eq!(Server::Sandbox.url(), "https://api.sorted.com/prosandbox");
    let client = Client::builder().build().expect("the client builds");
    assert_eq!(client.config().base_url, "https://api.sorted.com/pro");
    let sandbox = Client::builder()
        .server(Server::Sandbox)
        .build()
        .expect("the client builds");
    assert_eq!(
        sandbox.config().base_url,
        "https://api.sorted.com/prosandbox"
    );
    assert_eq!(sandbox.config().timeout, std::time::Duration::from_secs(30));
}

#[test]
fn a_base_url_that_does_not_parse_is_refused() {
    let error = Client::builder()
        .base_url("not a url")
        .build()
        .expect_err("no scheme");
    assert!(matches!(error, Error::Build { .. }), "{error:?}");
}
