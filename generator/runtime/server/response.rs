//! Building responses: JSON, text and binary bodies, and headers.

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::StatusCode;
use http::header::{self, HeaderName, HeaderValue};

use crate::runtime::params::ParamValue;

/// A response with a JSON body; a body that does not serialize gives an empty 500.
pub fn json_response<T: serde::Serialize + ?Sized>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut response = Response::new(Body::from(bytes));
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(_) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

/// A response with a JSON body of a media type other than `application/json`.
pub fn json_response_as<T: serde::Serialize + ?Sized>(
    status: StatusCode,
    body: &T,
    media_type: &'static str,
) -> Response {
    let mut response = json_response(status, body);
    if response.status() == status {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    }
    response
}

/// A response with a text or binary body of `media_type`.
pub fn bytes_response(
    status: StatusCode,
    body: impl Into<Bytes>,
    media_type: &'static str,
) -> Response {
    let mut response = Response::new(Body::from(body.into()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    response
}

/// A response without a body.
pub fn empty_response(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// The response with the headers whose values the spec fixes.
pub fn with_fixed_headers(
    mut response: Response,
    headers: &'static [(HeaderName, HeaderValue)],
) -> Response {
    for (name, value) in headers {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}

/// Sets a header from text; text that cannot be a header value is left out.
pub fn set_header_text(response: &mut Response, name: &'static str, text: &str) {
    if let (Ok(name), Ok(value)) = (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(text),
    ) {
        response.headers_mut().insert(name, value);
    }
}

/// Sets a header from a value with a text form.
pub fn set_header<T: ParamValue>(response: &mut Response, name: &'static str, value: &T) {
    set_header_text(response, name, &value.to_param());
}

/// Sets a header from a list, comma-separated.
pub fn set_header_list<T: ParamValue>(response: &mut Response, name: &'static str, values: &[T]) {
    set_header_text(
        response,
        name,
        &crate::runtime::params::join_values(values, ","),
    );
}

/// Sets a header from a value without a text form of its own, through serde: strings
/// as they are, lists comma-separated, anything else as JSON.
pub fn set_header_serde<T: serde::Serialize>(
    response: &mut Response,
    name: &'static str,
    value: &T,
) {
    let scalar = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let text = match serde_json::to_value(value) {
        Ok(serde_json::Value::Array(items)) => {
            items.iter().map(scalar).collect::<Vec<_>>().join(",")
        }
        Ok(serde_json::Value::Null) | Err(_) => return,
        Ok(other) => scalar(&other),
    };
    set_header_text(response, name, &text);
}
