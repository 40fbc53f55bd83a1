//! Reading an answer: its media type, body and headers.

use bytes::Bytes;
use http::header::HeaderValue;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::{EXCERPT_CHARS, Error};
use super::transport::RawResponse;

/// The media type of an answer: the `Content-Type` without parameters, in lower case.
pub fn media_type(raw: &RawResponse) -> Option<String> {
    let value = raw.headers.get(http::header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    (!essence.is_empty()).then(|| essence.to_ascii_lowercase())
}

/// Whether the media type `actual` is one that `declared` (which may be a range such as
/// `text/*` or `*/*`) covers. `application/json` also covers `application/<x>+json`.
pub fn media_matches(declared: &str, actual: &str) -> bool {
    let declared = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let actual = actual.to_ascii_lowercase();
    let (Some((declared_type, declared_sub)), Some((actual_type, actual_sub))) =
        (declared.split_once('/'), actual.split_once('/'))
    else {
        return false;
    };
    let type_matches = declared_type == "*" || declared_type == actual_type;
    let sub_matches = declared_sub == "*"
        || declared_sub == actual_sub
        || (declared_sub == "json" && actual_sub.ends_with("+json"))
        || declared_sub
            .strip_prefix("*+")
            .is_some_and(|suffix| actual_sub.ends_with(&format!("+{suffix}")));
    type_matches && sub_matches
}

/// Which of the `declared` media types of a status the answer is: exact matches first,
/// then ranges. Without a `Content-Type` the first declared type is taken.
pub fn select_media(raw: &RawResponse, declared: &[&str]) -> Option<usize> {
    let Some(actual) = media_type(raw) else {
        return (!declared.is_empty()).then_some(0);
    };
    declared
        .iter()
        .position(|media| media.eq_ignore_ascii_case(&actual))
        .or_else(|| {
            declared
                .iter()
                .position(|media| media_matches(media, &actual))
        })
}

/// The index of the answer's media type among the `declared` ones of its status, or the
/// error that it is none of them.
pub fn expect_media(raw: &RawResponse, declared: &[&str]) -> Result<usize, Error> {
    select_media(raw, declared).ok_or_else(|| unexpected_media(raw, declared))
}

/// The start of a body, for error messages: at most [`EXCERPT_CHARS`] characters.
pub fn excerpt(body: &[u8]) -> String {
    crate::runtime::outcome::excerpt(body, EXCERPT_CHARS)
}

fn decode_error(raw: &RawResponse, path: String, message: String) -> Error {
    Error::Decode {
        status: raw.status,
        excerpt: excerpt(&raw.body),
        path,
        message,
    }
}

/// The error for an answer whose media type its status does not declare.
pub fn unexpected_media(raw: &RawResponse, declared: &[&str]) -> Error {
    let actual = media_type(raw).unwrap_or_else(|| "none".to_owned());
    decode_error(
        raw,
        String::new(),
        format!(
            "the media type `{actual}` is not one the status declares ({})",
            declared.join(", ")
        ),
    )
}

/// Checks that the answer's media type is the one declared, then decodes its body.
pub fn decode_body<T>(
    raw: &RawResponse,
    declared: &[&str],
    decode: fn(&RawResponse) -> Result<T, Error>,
) -> Result<T, Error> {
    expect_media(raw, declared)?;
    decode(raw)
}

/// The error for an answer whose status the operation does not declare.
pub fn undeclared(raw: &RawResponse) -> Error {
    Error::UndeclaredStatus {
        status: raw.status,
        headers: Box::new(raw.headers.clone()),
        body: raw.body.clone(),
    }
}

/// Decodes a JSON body into `T`, naming the path where it fails.
pub fn decode_json<T: DeserializeOwned>(raw: &RawResponse) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(&raw.body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        decode_error(raw, path, error.into_inner().to_string())
    })?;
    deserializer
        .end()
        .map_err(|error| decode_error(raw, String::new(), error.to_string()))?;
    Ok(value)
}

/// Decodes an `application/x-www-form-urlencoded` body into `T`.
pub fn decode_form<T: DeserializeOwned>(raw: &RawResponse) -> Result<T, Error> {
    let mut object = serde_json::Map::new();
    for (name, value) in form_urlencoded::parse(&raw.body) {
        let value = Value::String(value.into_owned());
        match object.get_mut(name.as_ref()) {
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                object.insert(name.into_owned(), value);
            }
        }
    }
    let object = Value::Object(object);
    serde_json::from_value(coerce(&object))
        .or_else(|_| serde_json::from_value(object))
        .map_err(|error| decode_error(raw, String::new(), error.to_string()))
}

/// Strings that read as JSON numbers or booleans, turned into them, at any depth.
fn coerce(value: &Value) -> Value {
    match value {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(parsed @ (Value::Number(_) | Value::Bool(_))) => parsed,
            _ => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(coerce).collect()),
        Value::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), coerce(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Decodes a `text/*` body as UTF-8, or as Latin-1 when its `charset` says so.
pub fn decode_text(raw: &RawResponse) -> Result<String, Error> {
    let charset = raw
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value.split(';').skip(1).find_map(|parameter| {
                let (name, value) = parameter.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("charset")
                    .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
            })
        });
    match charset.as_deref() {
        Some("iso-8859-1" | "latin1" | "latin-1") => {
            Ok(raw.body.iter().map(|&byte| char::from(byte)).collect())
        }
        _ => String::from_utf8(raw.body.to_vec()).map_err(|error| {
            decode_error(
                raw,
                String::new(),
                format!("the text is not UTF-8: {error}"),
            )
        }),
    }
}

/// The body as it is. It never fails; it returns a `Result` to fit [`decode_body`].
pub fn decode_bytes(raw: &RawResponse) -> Result<Bytes, Error> {
    Ok(raw.body.clone())
}

/// Reads header `name` into `T`: arrays from comma-separated values, numbers and booleans
/// from their text, everything else as a string.
fn header_value<T: DeserializeOwned>(
    raw: &RawResponse,
    name: &str,
    text: &str,
    array: bool,
) -> Result<T, Error> {
    let plain = if array {
        Value::Array(
            text.split(',')
                .map(|item| Value::String(item.trim().to_owned()))
                .collect(),
        )
    } else {
        Value::String(text.to_owned())
    };
    serde_json::from_value(coerce(&plain))
        .or_else(|_| serde_json::from_value(plain))
        .map_err(|error| {
            decode_error(
                raw,
                name.to_owned(),
                format!("the header `{name}` does not decode: {error}"),
            )
        })
}

/// A header the answer must have.
pub fn required_header<T: DeserializeOwned>(
    raw: &RawResponse,
    name: &str,
    array: bool,
) -> Result<T, Error> {
    match optional_header(raw, name, array)? {
        Some(value) => Ok(value),
        None => Err(decode_error(
            raw,
            name.to_owned(),
            format!("the required header `{name}` is missing"),
        )),
    }
}

/// A header the answer may have.
pub fn optional_header<T: DeserializeOwned>(
    raw: &RawResponse,
    name: &str,
    array: bool,
) -> Result<Option<T>, Error> {
    let values: Vec<&HeaderValue> = raw.headers.get_all(name).iter().collect();
    if values.is_empty() {
        return Ok(None);
    }
    let mut texts = Vec::with_capacity(values.len());
    for value in values {
        let text = value.to_str().map_err(|_| {
            decode_error(
                raw,
                name.to_owned(),
                format!("the header `{name}` is not visible ASCII"),
            )
        })?;
        texts.push(text);
    }
    header_value(raw, name, &texts.join(","), array).map(Some)
}
