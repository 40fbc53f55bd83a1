//! Turning request text into values: parameters through their style, bodies as JSON, text
//! or forms.

use bytes::Bytes;

use super::rejection::{JsonProblem, Rejection};
use crate::runtime::fields::refusing_nulls;
use crate::runtime::params::{ParamError, ParamValue, Style};

/// Decodes a single value (the first, when a parameter is repeated).
pub fn decode_scalar<T: ParamValue>(values: &[&str]) -> Result<T, ParamError> {
    T::from_param(values.first().copied().unwrap_or(""))
}

/// Decodes a list in `style`: the items of every value found, each read by its text form.
pub fn decode_list<T: ParamValue>(
    values: &[&str],
    style: Style,
    explode: bool,
) -> Result<Vec<T>, ParamError> {
    style
        .decode_items(explode, values)
        .into_iter()
        .map(T::from_param)
        .collect()
}

/// Decodes a value through serde, for types without a text form of their own (enums,
/// base64, objects): the text is tried as JSON (numbers, booleans, objects) and then as a
/// string.
pub fn decode_serde<T: serde::de::DeserializeOwned>(values: &[&str]) -> Result<T, ParamError> {
    from_text(values.first().copied().unwrap_or(""))
}

/// Decodes a list in `style` through serde, item by item.
pub fn decode_serde_list<T: serde::de::DeserializeOwned>(
    values: &[&str],
    style: Style,
    explode: bool,
) -> Result<Vec<T>, ParamError> {
    style
        .decode_items(explode, values)
        .into_iter()
        .map(from_text)
        .collect()
}

fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ParamError> {
    let parsed = serde_json::from_str::<serde_json::Value>(text).ok();
    parsed
        .and_then(|value| serde_json::from_value(value).ok())
        .or_else(|| serde_json::from_value(serde_json::Value::String(text.to_owned())).ok())
        .ok_or_else(|| ParamError::new("a value of the parameter's type", text))
}

/// Decodes a JSON body into `T`, telling where decoding stopped when it fails. A `null`
/// that the spec does not allow is refused.
pub fn decode_json_body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Rejection> {
    // The plain decoder is fast; on failure a second pass finds the path.
    match refusing_nulls(|| serde_json::from_slice(bytes)) {
        Ok(value) => Ok(value),
        Err(error) => Err(json_rejection::<T>(bytes, error)),
    }
}

fn json_rejection<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    plain: serde_json::Error,
) -> Rejection {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let (path, error) = match refusing_nulls(|| {
        serde_path_to_error::deserialize::<_, T>(&mut deserializer)
    }) {
        Ok(_) => (String::new(), plain),
        Err(error) => (render_path(error.path()), error.into_inner()),
    };
    let message = error.to_string();
    let problem = match error.classify() {
        serde_json::error::Category::Io
        | serde_json::error::Category::Syntax
        | serde_json::error::Category::Eof => JsonProblem::Syntax,
        serde_json::error::Category::Data => {
            if message.starts_with("missing field `") {
                JsonProblem::MissingField
            } else if message.starts_with("invalid type:") {
                JsonProblem::WrongType
            } else {
                JsonProblem::InvalidValue
            }
        }
    };
    let path = match (&problem, missing_field_name(&message)) {
        (JsonProblem::MissingField, Some(field)) if path.is_empty() => field.to_owned(),
        (JsonProblem::MissingField, Some(field)) => format!("{path}.{field}"),
        _ => path,
    };
    Rejection::InvalidJson {
        path,
        problem,
        message,
    }
}

fn missing_field_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// Renders a decoding path the way validation paths are written: `a[0].b`.
fn render_path(path: &serde_path_to_error::Path) -> String {
    let mut text = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                text.push_str(&format!("[{index}]"));
            }
            serde_path_to_error::Segment::Map { key } => push_name(&mut text, key),
            serde_path_to_error::Segment::Enum { variant } => push_name(&mut text, variant),
            serde_path_to_error::Segment::Unknown => push_name(&mut text, "?"),
        }
    }
    text
}

fn push_name(text: &mut String, name: &str) {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$' | '@'));
    if plain {
        if !text.is_empty() {
            text.push('.');
        }
        text.push_str(name);
    } else {
        text.push_str(&format!("[{name:?}]"));
    }
}

/// Decodes a UTF-8 text body.
pub fn decode_text_body(bytes: Bytes) -> Result<String, Rejection> {
    String::from_utf8(bytes.to_vec()).map_err(|_| Rejection::InvalidJson {
        path: String::new(),
        problem: JsonProblem::Syntax,
        message: "the body is not UTF-8 text".to_owned(),
    })
}

/// Decodes an `application/x-www-form-urlencoded` body into `T`, taking every field as
/// text first and then as JSON (so numbers and booleans decode); repeated names make lists.
pub fn decode_form_body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Rejection> {
    let mut object = serde_json::Map::new();
    for (name, value) in form_urlencoded::parse(bytes) {
        let value = serde_json::from_str::<serde_json::Value>(&value)
            .ok()
            .filter(|parsed| !parsed.is_string())
            .unwrap_or_else(|| serde_json::Value::String(value.into_owned()));
        match object.get_mut(name.as_ref()) {
            Some(serde_json::Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = serde_json::Value::Array(vec![first, value]);
            }
            None => {
                object.insert(name.into_owned(), value);
            }
        }
    }
    let text = serde_json::Value::Object(object).to_string();
    decode_json_body(text.as_bytes())
}
