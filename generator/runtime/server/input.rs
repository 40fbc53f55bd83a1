//! One request on its way to a handler: reading its parameters, headers and body.

use axum::body::Body;
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::response::Response;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use http::Uri;
use http::header::{self, HeaderMap};

use super::context::{RequestContext, RequestId};
use super::rejection::{ErrorContext, Location, Rejection, respond};
use super::router::RouterConfig;
use crate::runtime::params::ParamError;
use crate::runtime::validation::{Validate, Violation, ViolationKind};

/// One request on its way to a handler: decodes parameters and the body, and answers
/// problems through the configured [`ErrorResponder`](super::ErrorResponder).
#[derive(Debug)]
pub struct Input<'a> {
    pub(super) parts: http::request::Parts,
    body: Option<Body>,
    config: &'a RouterConfig,
    operation_id: &'static str,
    pub(super) request_id: RequestId,
    query: Option<Vec<(String, String)>>,
}

impl<'a> Input<'a> {
    /// Starts reading `request` for the operation `operation_id`.
    pub fn new(request: Request, config: &'a RouterConfig, operation_id: &'static str) -> Self {
        let (parts, body) = request.into_parts();
        let request_id = parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(RequestId::generate);
        Self {
            parts,
            body: Some(body),
            config,
            operation_id,
            request_id,
            query: None,
        }
    }

    /// The request's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// The request's URI.
    pub fn uri(&self) -> &Uri {
        &self.parts.uri
    }

    /// The values the route captured, percent-decoded.
    pub async fn path_params(&mut self) -> Result<RawPathParams, Rejection> {
        match RawPathParams::from_request_parts(&mut self.parts, &()).await {
            Ok(params) => Ok(params),
            Err(axum::extract::rejection::RawPathParamsRejection::InvalidUtf8InPathParam(
                error,
            )) => Err(Rejection::InvalidParameter {
                location: Location::Path,
                name: "path",
                error: ParamError::new("UTF-8 text", &error.body_text()),
            }),
            Err(_) => Err(Rejection::NotFound),
        }
    }

    /// The path parameter `name`, captured by the route as `key`.
    pub fn path<T>(
        params: &RawPathParams,
        key: &str,
        name: &'static str,
        decode: impl FnOnce(&[&str]) -> Result<T, ParamError>,
    ) -> Result<T, Rejection> {
        let Some((_, value)) = params.iter().find(|(captured, _)| *captured == key) else {
            return Err(Rejection::NotFound);
        };
        decode(&[value]).map_err(|error| Rejection::InvalidParameter {
            location: Location::Path,
            name,
            error,
        })
    }

    /// Checks a header whose only value the spec fixes.
    pub fn fixed_header(&self, name: &'static str, value: &'static str) -> Result<(), Rejection> {
        match self.parts.headers.get(name) {
            None => Err(Rejection::MissingHeader { name }),
            Some(found) if found.as_bytes() == value.as_bytes() => Ok(()),
            Some(_) => Err(Rejection::InvalidHeader {
                name,
                expected: value,
            }),
        }
    }

    /// The header parameter `name`, if the request has it.
    pub fn header<T>(
        &self,
        name: &'static str,
        decode: impl FnOnce(&[&str]) -> Result<T, ParamError>,
    ) -> Result<Option<T>, Rejection> {
        let invalid = |error| Rejection::InvalidParameter {
            location: Location::Header,
            name,
            error,
        };
        let mut values = Vec::new();
        for value in self.parts.headers.get_all(name) {
            let text = value
                .to_str()
                .map_err(|_| invalid(ParamError::new("visible ASCII text", "")))?;
            values.push(text);
        }
        if values.is_empty() {
            return Ok(None);
        }
        decode(&values).map(Some).map_err(invalid)
    }

    /// The header parameter `name`, which the operation requires.
    pub fn required_header<T>(
        &self,
        name: &'static str,
        decode: impl FnOnce(&[&str]) -> Result<T, ParamError>,
    ) -> Result<T, Rejection> {
        self.header(name, decode)?
            .ok_or(Rejection::MissingHeader { name })
    }

    /// The query parameter `name`, if the request has it.
    pub fn query<T>(
        &mut self,
        name: &'static str,
        decode: impl FnOnce(&[&str]) -> Result<T, ParamError>,
    ) -> Result<Option<T>, Rejection> {
        let uri = &self.parts.uri;
        let pairs = self
            .query
            .get_or_insert_with(|| crate::runtime::params::parse_query(uri.query().unwrap_or("")));
        let values = crate::runtime::params::query_values(pairs, name);
        if values.is_empty() {
            return Ok(None);
        }
        decode(&values)
            .map(Some)
            .map_err(|error| Rejection::InvalidParameter {
                location: Location::Query,
                name,
                error,
            })
    }

    /// The `deepObject` query parameter `name`, if the request has it: its
    /// `name[key]=value` pairs are given to `decode` as one JSON object (of strings). A
    /// request without such pairs is read as [`Input::query`] reads it.
    pub fn query_object<T>(
        &mut self,
        name: &'static str,
        decode: impl FnOnce(&[&str]) -> Result<T, ParamError>,
    ) -> Result<Option<T>, Rejection> {
        let uri = &self.parts.uri;
        let pairs = self
            .query
            .get_or_insert_with(|| crate::runtime::params::parse_query(uri.query().unwrap_or("")));
        let Some(object) = crate::runtime::params::decode_deep_object(name, pairs) else {
            return self.query(name, decode);
        };
        decode(&[object.to_string().as_str()])
            .map(Some)
            .map_err(|error| Rejection::InvalidParameter {
                location: Location::Query,
                name,
                error,
            })
    }

    /// The cookie parameter `name`, if the request has it.
    pub fn cookie<T>(
        &self,
        name: &'static str,
        decode: impl FnOnce(&[&str]) -> Result<T, ParamError>,
    ) -> Result<Option<T>, Rejection> {
        let values = cookie_values(&self.parts.headers, name);
        if values.is_empty() {
            return Ok(None);
        }
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        decode(&values)
            .map(Some)
            .map_err(|error| Rejection::InvalidParameter {
                location: Location::Cookie,
                name,
                error,
            })
    }

    /// Checks that the client accepts one of the media types the operation answers with.
    pub fn accept(&self, supported: &'static [&'static str]) -> Result<(), Rejection> {
        let Some(accept) = self.parts.headers.get(header::ACCEPT) else {
            return Ok(());
        };
        let Ok(accept) = accept.to_str() else {
            return Ok(());
        };
        if supported.is_empty() || accepts_any(accept, supported) {
            Ok(())
        } else {
            Err(Rejection::NotAcceptable { supported })
        }
    }

    /// Which of the operation's request media types the `Content-Type` names: `None` when
    /// the request has no `Content-Type`, a 415 rejection when it names another one.
    pub fn content_type(
        &self,
        supported: &'static [&'static str],
    ) -> Result<Option<usize>, Rejection> {
        let Some(value) = self.parts.headers.get(header::CONTENT_TYPE) else {
            return Ok(None);
        };
        let unsupported = || Rejection::UnsupportedMediaType {
            found: Some(
                String::from_utf8_lossy(value.as_bytes())
                    .chars()
                    .take(100)
                    .collect(),
            ),
            supported,
        };
        let text = value.to_str().map_err(|_| unsupported())?;
        let essence = text.split(';').next().unwrap_or("").trim();
        supported
            .iter()
            .position(|media| media_matches(media, essence))
            .map(Some)
            .ok_or_else(unsupported)
    }

    /// Reads the whole body, refusing more than the configured limit with 413.
    pub async fn body(&mut self) -> Result<Bytes, Rejection> {
        let limit = self.config.body_limit();
        let too_large = Rejection::PayloadTooLarge { limit };
        let declared = self
            .parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        if declared.is_some_and(|length| length > limit as u64) {
            return Err(too_large);
        }
        let Some(body) = self.body.take() else {
            return Ok(Bytes::new());
        };
        let mut stream = body.into_data_stream();
        let mut first: Option<Bytes> = None;
        let mut collected: Option<BytesMut> = None;
        let mut total = 0_usize;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|error| Rejection::UnreadableBody {
                message: error.to_string(),
            })?;
            total = total.saturating_add(chunk.len());
            if total > limit {
                return Err(too_large);
            }
            if let Some(collected) = &mut collected {
                collected.extend_from_slice(&chunk);
            } else if let Some(previous) = first.take() {
                let mut buffer = BytesMut::with_capacity(previous.len() + chunk.len());
                buffer.extend_from_slice(&previous);
                buffer.extend_from_slice(&chunk);
                collected = Some(buffer);
            } else {
                first = Some(chunk);
            }
        }
        Ok(match collected {
            Some(collected) => collected.freeze(),
            None => first.unwrap_or_default(),
        })
    }

    /// The 415 rejection for a body sent without a `Content-Type`.
    pub fn missing_content_type(supported: &'static [&'static str]) -> Rejection {
        Rejection::UnsupportedMediaType {
            found: None,
            supported,
        }
    }

    /// Checks the decoded request against the spec's constraints.
    pub fn validate<T: Validate>(&self, request: &T) -> Result<(), Rejection> {
        request.validate().map_err(Rejection::Violations)
    }

    /// The context for the handler; takes the headers, so call it last.
    pub fn context<P>(&mut self, principal: P) -> RequestContext<P> {
        RequestContext {
            principal,
            headers: std::mem::take(&mut self.parts.headers),
            request_id: self.request_id.clone(),
            method: self.parts.method.clone(),
            uri: self.parts.uri.clone(),
            operation_id: self.operation_id,
        }
    }

    /// The response for `rejection`.
    pub fn reject(&self, rejection: &Rejection) -> Response {
        let context = ErrorContext {
            request_id: &self.request_id,
            method: &self.parts.method,
            uri: &self.parts.uri,
            operation_id: Some(self.operation_id),
        };
        respond(&*self.config.responder, rejection, &context)
    }
}

/// Whether `media` (from the spec, maybe with wildcards) matches `found` (from a request).
fn media_matches(media: &str, found: &str) -> bool {
    let (media_type, media_subtype) = media.split_once('/').unwrap_or((media, ""));
    let (found_type, found_subtype) = found.split_once('/').unwrap_or((found, ""));
    let part = |a: &str, b: &str| a == "*" || b == "*" || a.trim().eq_ignore_ascii_case(b.trim());
    part(media_type, found_type) && part(media_subtype, found_subtype)
}

/// Whether an `Accept` header allows one of `supported`; entries with `q=0` refuse.
fn accepts_any(accept: &str, supported: &[&str]) -> bool {
    let mut saw_entry = false;
    for entry in accept.split(',') {
        let mut pieces = entry.split(';');
        let media = pieces.next().unwrap_or("").trim();
        if media.is_empty() {
            continue;
        }
        saw_entry = true;
        let refused = pieces.any(|parameter| {
            let parameter = parameter.trim();
            match parameter.split_once('=') {
                Some((name, value)) if name.trim().eq_ignore_ascii_case("q") => {
                    value.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
                }
                _ => false,
            }
        });
        if !refused
            && supported
                .iter()
                .any(|candidate| media_matches(candidate, media))
        {
            return true;
        }
    }
    !saw_entry
}

/// The values of cookie `name` in the `Cookie` headers, percent-decoded.
pub(super) fn cookie_values(headers: &HeaderMap, name: &str) -> Vec<String> {
    let mut values = Vec::new();
    for header in headers.get_all(header::COOKIE) {
        let Ok(text) = header.to_str() else {
            continue;
        };
        for pair in text.split(';') {
            let Some((key, value)) = pair.trim().split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches('"');
            let decoded = crate::runtime::params::decode_path_segment(value);
            if let (true, Some(value)) = (key.trim() == name, decoded) {
                values.push(value);
            }
        }
    }
    values
}

/// The violation for a required query or cookie parameter that is missing.
pub fn missing_parameter(name: &'static str) -> Violation {
    Violation {
        path: name.to_owned(),
        kind: ViolationKind::Required,
        message: format!("the parameter `{name}` is required"),
    }
}
