//! One request being written: path, query, headers, cookies and body, each parameter in
//! its style.

use bytes::Bytes;
use http::Method;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use super::error::Error;
use crate::runtime::params::{Style, encode_header};

/// Security requirements of an operation: alternatives, each a list of scheme keys that
/// must all be satisfied. Empty when the operation needs no credentials.
pub type Security = &'static [&'static [&'static str]];

/// One request being written: path, query, headers, cookies and body.
#[derive(Debug)]
pub struct Call {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) query: Vec<String>,
    pub(super) headers: HeaderMap,
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<Bytes>,
    pub(super) security: Security,
}

impl Call {
    /// An empty request with `method`, for an operation with `security`.
    pub fn new(method: Method, security: Security) -> Self {
        Self {
            method,
            path: String::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            security,
        }
    }

    /// Appends literal text of the path template.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter, percent-encoded, in `style` (`simple`, `label` or
    /// `matrix`; others are written as `simple`).
    pub fn path_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        style: Style,
        explode: bool,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        self.path.push_str(&style.encode_path(name, explode, &value));
        Ok(())
    }

    /// Adds a query parameter in `style`; nothing when the value is `null` or absent.
    pub fn query_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        style: Style,
        explode: bool,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        style.encode_pairs(name, explode, &value, &mut self.query);
        Ok(())
    }

    /// Sets a header parameter (`simple` style); nothing when the value is `null` or
    /// absent.
    pub fn header_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        explode: bool,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        if value.is_null() {
            return Ok(());
        }
        self.header(name, &encode_header(explode, &value))
    }

    /// Adds a cookie parameter (`form` style); nothing when the value is `null` or absent.
    pub fn cookie_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        explode: bool,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        Style::Form.encode_pairs(name, explode, &value, &mut self.cookies);
        Ok(())
    }

    /// Sets the header `name` to `value`.
    pub fn header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::build(format!("`{name}` is not a valid header name")))?;
        let value = HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
            Error::build(format!("the value of header `{name}` is not valid in HTTP"))
        })?;
        self.headers.insert(header, value);
        Ok(())
    }

    /// Sets `Accept` to the media types the operation's answers declare.
    pub fn accept(&mut self, media_types: &str) -> Result<(), Error> {
        self.header("accept", media_types)
    }

    /// Sends `value` as JSON with `content_type`.
    pub fn json_body<T: Serialize + ?Sized>(
        &mut self,
        content_type: &str,
        value: &T,
    ) -> Result<(), Error> {
        let bytes = serde_json::to_vec(value)
            .map_err(|error| Error::build(format!("the body cannot be written: {error}")))?;
        self.set_body(content_type, Bytes::from(bytes))
    }

    /// Sends `value` as `application/x-www-form-urlencoded` (`form` style, exploded).
    pub fn form_body<T: Serialize + ?Sized>(
        &mut self,
        content_type: &str,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json("body", value)?;
        let mut pairs = Vec::new();
        match &value {
            Value::Object(entries) => {
                for (name, value) in entries {
                    Style::Form.encode_pairs(name, true, value, &mut pairs);
                }
            }
            other => Style::Form.encode_pairs("body", true, other, &mut pairs),
        }
        self.set_body(content_type, Bytes::from(pairs.join("&")))
    }

    /// Sends `text` with `content_type`.
    pub fn text_body(&mut self, content_type: &str, text: &str) -> Result<(), Error> {
        self.set_body(content_type, Bytes::copy_from_slice(text.as_bytes()))
    }

    /// Sends `bytes` as they are with `content_type`.
    pub fn bytes_body(&mut self, content_type: &str, bytes: &Bytes) -> Result<(), Error> {
        self.set_body(content_type, bytes.clone())
    }

    fn set_body(&mut self, content_type: &str, bytes: Bytes) -> Result<(), Error> {
        self.header("content-type", content_type)?;
        self.body = Some(bytes);
        Ok(())
    }
}

fn to_json<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Value, Error> {
    serde_json::to_value(value)
        .map_err(|error| Error::build(format!("`{name}` cannot be written: {error}")))
}
