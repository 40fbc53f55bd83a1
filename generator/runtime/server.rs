//! Server support for the generated axum router: the request context handlers receive,
//! the rejections answered before a handler runs, the hook that turns them into error
//! bodies, request decoding helpers and the layers (request id, panics, gzip).
//!
//! The generated `server` module builds on this file: each operation's handler reads its
//! request with an [`Input`], answers problems with a [`Rejection`] through the configured
//! [`ErrorResponder`], and calls the implementation. [`finish`] wraps the routes in the
//! layers every generated router shares. Nothing a client sends makes this code panic, and
//! every problem with a request is answered with a 4xx status.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};
use futures_util::FutureExt as _;
use futures_util::StreamExt as _;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode, Uri};

use crate::runtime::params::{ParamError, ParamValue};
use crate::runtime::validation::{Validate, Violation, ViolationKind, Violations};

/// The largest request body a router reads unless configured otherwise: 10 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// The header that carries the request id, in requests and responses.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// What a handler receives besides its request: who called, and the request's metadata.
#[derive(Debug, Clone)]
pub struct RequestContext<P> {
    /// What the authenticator made of the request's credentials; `()` for operations
    /// without security, an `Option` for operations where it is optional.
    pub principal: P,
    /// Every header of the request.
    pub headers: HeaderMap,
    /// The request's id: the client's `x-request-id` when it sent a usable one, else a new
    /// one. It is sent back in `x-request-id` and used as the error bodies' correlation id.
    pub request_id: RequestId,
    pub method: Method,
    pub uri: Uri,
    /// The `operationId` of the operation being served.
    pub operation_id: &'static str,
}

/// A request's id, as text safe to put in a header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(HeaderValue);

impl RequestId {
    /// The id the client sent in `x-request-id`, if it is 1 to 128 visible ASCII characters.
    pub fn from_header(value: &HeaderValue) -> Option<Self> {
        let bytes = value.as_bytes();
        let usable = !bytes.is_empty()
            && bytes.len() <= 128
            && bytes.iter().all(|byte| byte.is_ascii_graphic());
        usable.then(|| Self(value.clone()))
    }

    /// A new id, formatted as a random (version 4) UUID.
    pub fn generate() -> Self {
        static SEED: OnceLock<u64> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let seed = *SEED.get_or_init(|| std::hash::RandomState::new().build_hasher().finish());
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let high = splitmix64(seed ^ count);
        let low = splitmix64(high ^ count.rotate_left(32));
        let mut random = [0_u8; 16];
        random[..8].copy_from_slice(&high.to_le_bytes());
        random[8..].copy_from_slice(&low.to_le_bytes());
        let uuid = uuid::Builder::from_random_bytes(random).into_uuid();
        let mut buffer = uuid::Uuid::encode_buffer();
        let text = uuid.hyphenated().encode_lower(&mut buffer);
        // A hyphenated UUID is always a valid header value.
        Self(HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static("-")))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.to_str().unwrap_or_default()
    }

    /// The id as a header value.
    pub fn header_value(&self) -> &HeaderValue {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn splitmix64(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// A credential that is present but refused by an authenticator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthError {
    message: Option<String>,
}

impl AuthError {
    /// A refusal without further explanation.
    pub fn new() -> Self {
        Self::default()
    }

    /// A refusal with a message for the client.
    pub fn with_message(message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
        }
    }

    /// The message for the client, if any.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            self.message
                .as_deref()
                .unwrap_or("the credential was refused"),
        )
    }
}

impl std::error::Error for AuthError {}

/// User name and password from an HTTP `Basic` authorization header.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    pub username: String,
    pub password: String,
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// Where a parameter was looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    /// The location as OpenAPI names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// Why a JSON body did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonProblem {
    /// The body is not JSON, or JSON followed by more text.
    Syntax,
    /// A required property is missing; the rejection's path ends with its name.
    MissingField,
    /// A value has the wrong JSON type (a string where a number belongs, and so on).
    WrongType,
    /// A value has the right type but cannot be taken (out of range, not a known variant).
    InvalidValue,
}

/// A reason to answer a request without calling the implementation.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Rejection {
    /// The operation needs a credential and the request has none (401).
    MissingCredential {
        /// The security scheme's key in the spec.
        scheme: &'static str,
        /// Where the credential belongs: a header, query or cookie name.
        parameter: &'static str,
    },
    /// The authenticator refused the credential (401).
    InvalidCredential {
        scheme: &'static str,
        parameter: &'static str,
        /// The authenticator's message, if it gave one.
        message: Option<String>,
    },
    /// A required header is missing (400).
    MissingHeader { name: &'static str },
    /// A header whose only value the spec fixes has another value (400).
    InvalidHeader {
        name: &'static str,
        /// The value the spec fixes.
        expected: &'static str,
    },
    /// The request body's `Content-Type` (or `Content-Encoding`) is not one the operation
    /// accepts (415).
    UnsupportedMediaType {
        /// What the request said, if anything.
        found: Option<String>,
        /// The media types the operation accepts.
        supported: &'static [&'static str],
    },
    /// No media type the operation answers with is acceptable to the client (406).
    NotAcceptable {
        /// The media types the operation answers with.
        supported: &'static [&'static str],
    },
    /// The operation needs a body and the request has none (400).
    MissingBody,
    /// The body did not decode (400).
    InvalidJson {
        /// Where decoding stopped, in wire names (`addresses[0].contact`); empty for the
        /// body itself.
        path: String,
        problem: JsonProblem,
        message: String,
    },
    /// A path, query, header or cookie value does not parse as its type (400).
    InvalidParameter {
        location: Location,
        name: &'static str,
        error: ParamError,
    },
    /// The request decoded but breaks constraints of the spec, or lacks required
    /// parameters (400). Each violation's path names a parameter or a body property.
    Violations(Violations),
    /// The body could not be read, for example gzip that does not decompress (400).
    UnreadableBody { message: String },
    /// No route matches the path (404).
    NotFound,
    /// The path exists but not with this method (405).
    MethodNotAllowed {
        /// The methods the path has, as the `Allow` header lists them.
        allow: &'static str,
    },
    /// The body is larger than the configured limit (413).
    PayloadTooLarge { limit: usize },
    /// The implementation panicked (500). The server keeps serving.
    Panic,
}

impl Rejection {
    /// The HTTP status this rejection is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingCredential { .. } | Self::InvalidCredential { .. } => {
                StatusCode::UNAUTHORIZED
            }
            Self::MissingHeader { .. }
            | Self::InvalidHeader { .. }
            | Self::MissingBody
            | Self::InvalidJson { .. }
            | Self::InvalidParameter { .. }
            | Self::Violations(_)
            | Self::UnreadableBody { .. } => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Panic => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A one-sentence summary for people.
    pub fn message(&self) -> String {
        match self {
            Self::MissingCredential { parameter, .. } => {
                format!("The request has no credential; send it in `{parameter}`.")
            }
            Self::InvalidCredential {
                parameter, message, ..
            } => match message {
                Some(message) => format!("The credential in `{parameter}` was refused: {message}"),
                None => format!("The credential in `{parameter}` is not known."),
            },
            Self::MissingHeader { name } => format!("The header `{name}` is required."),
            Self::InvalidHeader { name, expected } => {
                format!("The header `{name}` must be `{expected}`.")
            }
            Self::UnsupportedMediaType { found, supported } => {
                let found = found.as_deref().unwrap_or("no content type");
                format!(
                    "The request body's type ({found}) is not accepted; send {}.",
                    supported.join(" or ")
                )
            }
            Self::NotAcceptable { supported } => format!(
                "None of the media types in `Accept` can be produced; this operation answers with {}.",
                supported.join(" or ")
            ),
            Self::MissingBody => "The request needs a body.".to_owned(),
            Self::InvalidJson { message, .. } => format!("The body is not valid: {message}"),
            Self::InvalidParameter {
                location,
                name,
                error,
            } => format!(
                "The {} parameter `{name}` is not valid: {error}.",
                location.as_str()
            ),
            Self::Violations(_) => "The request is not valid.".to_owned(),
            Self::UnreadableBody { message } => {
                format!("The request body could not be read: {message}")
            }
            Self::NotFound => "There is nothing at this path.".to_owned(),
            Self::MethodNotAllowed { allow } => {
                format!("This path does not support the method; it supports {allow}.")
            }
            Self::PayloadTooLarge { limit } => {
                format!("The request body is larger than {limit} bytes.")
            }
            Self::Panic => "The server failed to handle the request.".to_owned(),
        }
    }
}

/// What an [`ErrorResponder`] knows about the request it answers.
#[derive(Debug, Clone, Copy)]
pub struct ErrorContext<'a> {
    pub request_id: &'a RequestId,
    pub method: &'a Method,
    pub uri: &'a Uri,
    /// The operation, when the request reached one.
    pub operation_id: Option<&'static str>,
}

/// Turns a [`Rejection`] into the response the client gets: the one place to change the
/// shape of error bodies. The router sets `Allow` (for 405) and `x-request-id` itself.
pub trait ErrorResponder: Send + Sync + 'static {
    /// The response for `rejection`.
    fn rejection(&self, rejection: &Rejection, context: &ErrorContext<'_>) -> Response;
}

impl<F> ErrorResponder for F
where
    F: Fn(&Rejection, &ErrorContext<'_>) -> Response + Send + Sync + 'static,
{
    fn rejection(&self, rejection: &Rejection, context: &ErrorContext<'_>) -> Response {
        self(rejection, context)
    }
}

/// The shape of the default error body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStyle {
    /// `{code, message, correlation_id?, details?: [{property, code, message}]}`, for
    /// specs whose 400 body has that shape.
    ApiError {
        /// Whether the body has `correlation_id` (filled with the request id).
        correlation_id: bool,
        /// Whether the body has `details`.
        details: bool,
    },
    /// `{code, message}`, with the details folded into the message.
    Plain,
}

/// The codes a security scheme's rejections use (`x-missing-error-code`,
/// `x-invalid-error-code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemeCodes {
    /// The scheme's key in the spec.
    pub scheme: &'static str,
    /// The code for a missing credential; the vocabulary's `credential` when `None`.
    pub missing: Option<&'static str>,
    /// The code for a refused credential; the vocabulary's `credential` when `None`.
    pub invalid: Option<&'static str>,
}

/// The codes a parameter's rejections use (`x-missing-error-code`, `x-invalid-error-code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParameterCodes {
    /// The parameter's wire name.
    pub name: &'static str,
    /// The code for a missing value; the vocabulary's `required` when `None`.
    pub missing: Option<&'static str>,
    /// The code for a wrong value; the vocabulary's `invalid_header` or
    /// `invalid_parameter` when `None`.
    pub invalid: Option<&'static str>,
}

/// The codes of error bodies that no extension of the spec names, as the generator
/// decided them for the API: top-level codes by status, detail codes by problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorVocabulary {
    /// Status 400.
    pub bad_request: &'static str,
    /// Status 401.
    pub unauthorized: &'static str,
    /// Status 403.
    pub forbidden: &'static str,
    /// Status 404.
    pub not_found: &'static str,
    /// Status 405.
    pub method_not_allowed: &'static str,
    /// Status 406.
    pub not_acceptable: &'static str,
    /// Status 413.
    pub payload_too_large: &'static str,
    /// Status 415.
    pub unsupported_media_type: &'static str,
    /// Any 5xx status.
    pub server_error: &'static str,
    /// Any other status.
    pub other_status: &'static str,
    /// A missing or refused credential of a scheme without its own codes.
    pub credential: &'static str,
    /// A missing required value: parameter, body or property.
    pub required: &'static str,
    /// A header that does not decode or is not the fixed value.
    pub invalid_header: &'static str,
    /// A path, query or cookie parameter that does not decode or is not the fixed value.
    pub invalid_parameter: &'static str,
    /// `maxLength`.
    pub max_length: &'static str,
    /// `minLength`.
    pub min_length: &'static str,
    /// `maximum`.
    pub maximum: &'static str,
    /// `minimum`.
    pub minimum: &'static str,
    /// `maxItems` and `maxProperties`.
    pub max_items: &'static str,
    /// `minItems` and `minProperties`.
    pub min_items: &'static str,
    /// `uniqueItems`.
    pub unique_items: &'static str,
    /// `pattern`, for patterns without a code of their own.
    pub pattern: &'static str,
    /// `multipleOf`, `enum` and other values that are not allowed.
    pub invalid_value: &'static str,
    /// A body that is not JSON.
    pub invalid_json: &'static str,
    /// A JSON value of the wrong type.
    pub invalid_type: &'static str,
    /// A body that cannot be read.
    pub unreadable_body: &'static str,
}

/// One entry of an error body's `details`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrorDetail {
    /// The parameter or body property concerned, e.g. `addresses[0].contact.email`; empty
    /// (and left out) for the request as a whole.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub property: String,
    pub code: String,
    pub message: String,
}

/// The error bodies a generated server answers with unless configured otherwise.
///
/// The top-level code follows the status, and each problem is a detail, with the codes of
/// the [`ErrorVocabulary`] the generated code gives; a broken pattern reports its own code
/// when the spec names one, and credential and parameter problems use the codes their
/// spec extensions name.
#[derive(Debug, Clone, Copy)]
pub struct DefaultErrorResponder {
    pub style: ErrorStyle,
    pub vocabulary: &'static ErrorVocabulary,
    pub schemes: &'static [SchemeCodes],
    pub parameters: &'static [ParameterCodes],
    /// Headers the spec fixes on error responses, set on every error answer.
    pub headers: &'static [(HeaderName, HeaderValue)],
}

impl DefaultErrorResponder {
    /// The top-level code for a status.
    pub fn status_code(&self, status: StatusCode) -> &'static str {
        let words = self.vocabulary;
        match status.as_u16() {
            400 => words.bad_request,
            401 => words.unauthorized,
            403 => words.forbidden,
            404 => words.not_found,
            405 => words.method_not_allowed,
            406 => words.not_acceptable,
            413 => words.payload_too_large,
            415 => words.unsupported_media_type,
            _ if status.is_server_error() => words.server_error,
            _ => words.other_status,
        }
    }

    /// The code for a broken constraint: a pattern's own code, else the vocabulary's.
    pub fn violation_code(&self, kind: &ViolationKind) -> &'static str {
        let words = self.vocabulary;
        match kind {
            ViolationKind::Required => words.required,
            ViolationKind::MaxLength { .. } => words.max_length,
            ViolationKind::MinLength { .. } => words.min_length,
            ViolationKind::Maximum { .. } => words.maximum,
            ViolationKind::Minimum { .. } => words.minimum,
            ViolationKind::MaxItems { .. } | ViolationKind::MaxProperties { .. } => {
                words.max_items
            }
            ViolationKind::MinItems { .. } | ViolationKind::MinProperties { .. } => {
                words.min_items
            }
            ViolationKind::UniqueItems => words.unique_items,
            ViolationKind::Pattern { code, .. } => code.unwrap_or(words.pattern),
            ViolationKind::MultipleOf { .. }
            | ViolationKind::UnknownEnumValue { .. }
            | ViolationKind::NotAllowed { .. } => words.invalid_value,
        }
    }

    fn parameter(&self, name: &str) -> Option<&'static ParameterCodes> {
        self.parameters
            .iter()
            .find(|codes| codes.name.eq_ignore_ascii_case(name))
    }

    fn scheme(&self, scheme: &str) -> Option<&'static SchemeCodes> {
        self.schemes.iter().find(|codes| codes.scheme == scheme)
    }

    /// The details of a rejection, one per problem.
    pub fn details(&self, rejection: &Rejection) -> Vec<ErrorDetail> {
        let detail = |property: &str, code: &str| ErrorDetail {
            property: property.to_owned(),
            code: code.to_owned(),
            message: rejection.message(),
        };
        let words = self.vocabulary;
        match rejection {
            Rejection::MissingCredential { scheme, parameter } => vec![detail(
                parameter,
                self.scheme(scheme)
                    .and_then(|codes| codes.missing)
                    .unwrap_or(words.credential),
            )],
            Rejection::InvalidCredential {
                scheme, parameter, ..
            } => vec![detail(
                parameter,
                self.scheme(scheme)
                    .and_then(|codes| codes.invalid)
                    .unwrap_or(words.credential),
            )],
            Rejection::MissingHeader { name } => vec![detail(
                name,
                self.parameter(name)
                    .and_then(|codes| codes.missing)
                    .unwrap_or(words.required),
            )],
            Rejection::InvalidHeader { name, .. } => vec![detail(
                name,
                self.parameter(name)
                    .and_then(|codes| codes.invalid)
                    .unwrap_or(words.invalid_header),
            )],
            Rejection::InvalidParameter { name, .. } => vec![detail(
                name,
                self.parameter(name)
                    .and_then(|codes| codes.invalid)
                    .unwrap_or(words.invalid_parameter),
            )],
            Rejection::MissingBody => vec![detail("", words.required)],
            Rejection::InvalidJson {
                path,
                problem,
                message,
            } => {
                let code = match problem {
                    JsonProblem::Syntax => words.invalid_json,
                    JsonProblem::MissingField => words.required,
                    JsonProblem::WrongType => words.invalid_type,
                    JsonProblem::InvalidValue => words.invalid_value,
                };
                vec![ErrorDetail {
                    property: path.clone(),
                    code: code.to_owned(),
                    message: message.clone(),
                }]
            }
            Rejection::Violations(violations) => violations
                .iter()
                .map(|violation| ErrorDetail {
                    property: violation.path.clone(),
                    code: self.violation_code(&violation.kind).to_owned(),
                    message: violation.message.clone(),
                })
                .collect(),
            Rejection::UnreadableBody { .. } => vec![detail("", words.unreadable_body)],
            Rejection::UnsupportedMediaType { .. } => {
                vec![detail("Content-Type", words.unsupported_media_type)]
            }
            Rejection::NotAcceptable { .. } => vec![detail("Accept", words.not_acceptable)],
            Rejection::NotFound
            | Rejection::MethodNotAllowed { .. }
            | Rejection::PayloadTooLarge { .. }
            | Rejection::Panic => Vec::new(),
        }
    }

    /// The error body for a rejection, as JSON.
    pub fn body(&self, rejection: &Rejection, context: &ErrorContext<'_>) -> serde_json::Value {
        let status = rejection.status();
        let code = self.status_code(status);
        let details = self.details(rejection);
        let mut body = serde_json::Map::new();
        body.insert("code".to_owned(), code.into());
        match self.style {
            ErrorStyle::ApiError {
                correlation_id,
                details: has_details,
            } => {
                body.insert("message".to_owned(), rejection.message().into());
                if correlation_id {
                    body.insert(
                        "correlation_id".to_owned(),
                        context.request_id.as_str().into(),
                    );
                }
                if has_details && !details.is_empty() {
                    let details = serde_json::to_value(&details).unwrap_or_default();
                    body.insert("details".to_owned(), details);
                }
            }
            ErrorStyle::Plain => {
                let mut message = rejection.message();
                for detail in &details {
                    if matches!(
                        rejection,
                        Rejection::Violations(_) | Rejection::InvalidJson { .. }
                    ) {
                        if detail.property.is_empty() {
                            message.push_str(&format!(" {} ({}).", detail.message, detail.code));
                        } else {
                            message.push_str(&format!(
                                " {}: {} ({}).",
                                detail.property, detail.message, detail.code
                            ));
                        }
                    }
                }
                body.insert("message".to_owned(), message.into());
            }
        }
        serde_json::Value::Object(body)
    }
}

impl ErrorResponder for DefaultErrorResponder {
    fn rejection(&self, rejection: &Rejection, context: &ErrorContext<'_>) -> Response {
        let response = json_response(rejection.status(), &self.body(rejection, context));
        with_fixed_headers(response, self.headers)
    }
}

/// How a generated router behaves: body limit, compression and error bodies.
#[derive(Clone)]
pub struct RouterConfig {
    body_limit: usize,
    compression: bool,
    decompression: bool,
    responder: Arc<dyn ErrorResponder>,
}

impl fmt::Debug for RouterConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouterConfig")
            .field("body_limit", &self.body_limit)
            .field("compression", &self.compression)
            .field("decompression", &self.decompression)
            .finish_non_exhaustive()
    }
}

impl RouterConfig {
    /// A configuration answering rejections with `responder`, reading bodies of up to
    /// [`DEFAULT_BODY_LIMIT`] bytes, gzip-compressing responses when the client asks and
    /// accepting gzip request bodies.
    pub fn new(responder: impl ErrorResponder) -> Self {
        Self {
            body_limit: DEFAULT_BODY_LIMIT,
            compression: true,
            decompression: true,
            responder: Arc::new(responder),
        }
    }

    /// Sets the largest body read, in bytes (after gzip decompression); larger ones get 413.
    #[must_use]
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Turns gzip compression of responses on or off.
    #[must_use]
    pub fn with_compression(mut self, enabled: bool) -> Self {
        self.compression = enabled;
        self
    }

    /// Turns acceptance of gzip request bodies on or off.
    #[must_use]
    pub fn with_request_decompression(mut self, enabled: bool) -> Self {
        self.decompression = enabled;
        self
    }

    /// Replaces the hook that turns rejections into responses.
    #[must_use]
    pub fn with_error_responder(mut self, responder: impl ErrorResponder) -> Self {
        self.responder = Arc::new(responder);
        self
    }

    /// The largest body read, in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// The hook that turns rejections into responses.
    pub fn error_responder(&self) -> &dyn ErrorResponder {
        &*self.responder
    }
}

/// The state of a generated router: the implementation and the configuration.
#[derive(Debug)]
pub struct Shared<S> {
    pub service: S,
    pub config: RouterConfig,
}

/// The state type of a generated router's routes.
pub type State<S> = Arc<Shared<S>>;

/// One request on its way to a handler: decodes parameters and the body, and answers
/// problems through the configured [`ErrorResponder`].
#[derive(Debug)]
pub struct Input<'a> {
    parts: http::request::Parts,
    body: Option<Body>,
    config: &'a RouterConfig,
    operation_id: &'static str,
    request_id: RequestId,
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
        let limit = self.config.body_limit;
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

/// Calls the responder and adds what every rejection answer needs (`Allow` for 405).
fn respond(
    responder: &dyn ErrorResponder,
    rejection: &Rejection,
    context: &ErrorContext<'_>,
) -> Response {
    let mut response = responder.rejection(rejection, context);
    let allow = match rejection {
        Rejection::MethodNotAllowed { allow } => HeaderValue::from_str(allow).ok(),
        _ => None,
    };
    if let Some(allow) = allow {
        response.headers_mut().entry(header::ALLOW).or_insert(allow);
    }
    response
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
fn cookie_values(headers: &HeaderMap, name: &str) -> Vec<String> {
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

/// Decodes a single value (the first, when a parameter is repeated).
pub fn decode_scalar<T: ParamValue>(values: &[&str]) -> Result<T, ParamError> {
    T::from_param(values.first().copied().unwrap_or(""))
}

/// Decodes a list written as one delimited value (`a,b,c`), or repeated.
pub fn decode_delimited<T: ParamValue>(
    values: &[&str],
    separator: char,
) -> Result<Vec<T>, ParamError> {
    let mut items = Vec::new();
    for value in values {
        items.extend(crate::runtime::params::split_values::<T>(value, separator)?);
    }
    Ok(items)
}

/// Decodes a list written as a repeated parameter (`tag=a&tag=b`).
pub fn decode_exploded<T: ParamValue>(values: &[&str]) -> Result<Vec<T>, ParamError> {
    values.iter().map(|value| T::from_param(value)).collect()
}

/// Decodes a value through serde, for types without a text form of their own (enums,
/// base64, objects): the text is tried as JSON (numbers, booleans, objects) and then as a
/// string.
pub fn decode_serde<T: serde::de::DeserializeOwned>(values: &[&str]) -> Result<T, ParamError> {
    from_text(values.first().copied().unwrap_or(""))
}

/// Decodes a list through serde, item by item: split by `separator`, or one item per
/// repeated value when `separator` is `None`.
pub fn decode_serde_list<T: serde::de::DeserializeOwned>(
    values: &[&str],
    separator: Option<char>,
) -> Result<Vec<T>, ParamError> {
    let mut items = Vec::new();
    for value in values {
        match separator {
            Some(_) if value.is_empty() => {}
            Some(separator) => {
                for item in value.split(separator) {
                    items.push(from_text(item)?);
                }
            }
            None => items.push(from_text(value)?),
        }
    }
    Ok(items)
}

fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ParamError> {
    let parsed = serde_json::from_str::<serde_json::Value>(text).ok();
    parsed
        .and_then(|value| serde_json::from_value(value).ok())
        .or_else(|| serde_json::from_value(serde_json::Value::String(text.to_owned())).ok())
        .ok_or_else(|| ParamError::new("a value of the parameter's type", text))
}

/// Removes the `label` (`.`) or `matrix` (`;name=`) prefix of a path value.
pub fn strip_path_style<'v>(value: &'v str, prefix: &str) -> &'v str {
    value.strip_prefix(prefix).unwrap_or(value)
}

/// Decodes a JSON body into `T`, telling where decoding stopped when it fails.
pub fn decode_json_body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Rejection> {
    // The plain decoder is fast; on failure a second pass finds the path.
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(error) => Err(json_rejection::<T>(bytes, error)),
    }
}

fn json_rejection<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    plain: serde_json::Error,
) -> Rejection {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let (path, error) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
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

/// The violation for a required query or cookie parameter that is missing.
pub fn missing_parameter(name: &'static str) -> Violation {
    Violation {
        path: name.to_owned(),
        kind: ViolationKind::Required,
        message: format!("the parameter `{name}` is required"),
    }
}

/// The value of an API key header; `None` when absent or empty.
pub fn header_credential(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The value of an API key query parameter; `None` when absent or empty.
pub fn query_credential(uri: &Uri, name: &str) -> Option<String> {
    let pairs = crate::runtime::params::parse_query(uri.query().unwrap_or(""));
    pairs
        .into_iter()
        .find(|(key, value)| key == name && !value.is_empty())
        .map(|(_, value)| value)
}

/// The value of an API key cookie; `None` when absent or empty.
pub fn cookie_credential(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_values(headers, name)
        .into_iter()
        .find(|value| !value.is_empty())
}

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer_credential(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// The user name and password of an `Authorization: Basic <base64>` header: `None` when
/// there is none, an error when it does not decode.
pub fn basic_credential(headers: &HeaderMap) -> Option<Result<BasicCredentials, AuthError>> {
    use base64::Engine as _;
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let malformed =
        || AuthError::with_message("the Basic credential is not base64 `user:password`");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    Some(
        match decoded.as_deref().and_then(|text| text.split_once(':')) {
            Some((username, password)) => Ok(BasicCredentials {
                username: username.to_owned(),
                password: password.to_owned(),
            }),
            None => Err(malformed()),
        },
    )
}

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

/// Answers a path the router does not know.
pub async fn not_found<S>(
    axum::extract::State(shared): axum::extract::State<State<S>>,
    request: Request,
) -> Response
where
    S: Send + Sync + 'static,
{
    let input = Input::new(request, &shared.config, "");
    let context = ErrorContext {
        request_id: &input.request_id,
        method: &input.parts.method,
        uri: &input.parts.uri,
        operation_id: None,
    };
    respond(&*shared.config.responder, &Rejection::NotFound, &context)
}

/// A route for a path whose other methods answer 405 with `allow` in the `Allow` header.
pub fn method_router<S>(allow: &'static str) -> axum::routing::MethodRouter<State<S>>
where
    S: Send + Sync + 'static,
{
    axum::routing::MethodRouter::new().fallback(
        move |axum::extract::State(shared): axum::extract::State<State<S>>, request: Request| async move {
            let input = Input::new(request, &shared.config, "");
            let context = ErrorContext {
                request_id: &input.request_id,
                method: &input.parts.method,
                uri: &input.parts.uri,
                operation_id: None,
            };
            respond(
                &*shared.config.responder,
                &Rejection::MethodNotAllowed { allow },
                &context,
            )
        },
    )
}

/// Adds the 404 fallback and the shared layers to a generated router's routes, and gives
/// them their state.
pub fn finish<S>(routes: axum::Router<State<S>>, service: S, config: RouterConfig) -> axum::Router
where
    S: Send + Sync + 'static,
{
    let guard = GuardLayer {
        responder: Arc::clone(&config.responder),
        decompression: config.decompression,
    };
    let compression = config.compression;
    let decompression = config.decompression;
    let shared = Arc::new(Shared { service, config });
    let mut router = routes.fallback(not_found::<S>).with_state(shared);
    if decompression {
        router = router.layer(tower_http::decompression::RequestDecompressionLayer::new());
    }
    if compression {
        router = router.layer(tower_http::compression::CompressionLayer::new());
    }
    router.layer(guard)
}

/// The outermost layer of a generated router: gives each request an id, refuses request
/// encodings other than gzip, and turns a panic into a 500 answer.
#[derive(Clone)]
pub struct GuardLayer {
    responder: Arc<dyn ErrorResponder>,
    decompression: bool,
}

impl fmt::Debug for GuardLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardLayer").finish_non_exhaustive()
    }
}

impl<S> tower::Layer<S> for GuardLayer {
    type Service = Guard<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guard {
            inner,
            responder: Arc::clone(&self.responder),
            decompression: self.decompression,
        }
    }
}

/// The service [`GuardLayer`] makes.
#[derive(Clone)]
pub struct Guard<S> {
    inner: S,
    responder: Arc<dyn ErrorResponder>,
    decompression: bool,
}

impl<S> fmt::Debug for Guard<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Guard").finish_non_exhaustive()
    }
}

impl<S> tower::Service<Request> for Guard<S>
where
    S: tower::Service<Request, Error = Infallible> + Clone + Send + 'static,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let request_id = request
            .headers()
            .get(&REQUEST_ID_HEADER)
            .and_then(RequestId::from_header)
            .unwrap_or_else(RequestId::generate);
        request.extensions_mut().insert(request_id.clone());
        let answer = Answer {
            responder: Arc::clone(&self.responder),
            request_id,
            method: request.method().clone(),
            uri: request.uri().clone(),
        };
        if let Some(rejection) = encoding_rejection(request.headers_mut(), self.decompression) {
            let response = answer.finish(answer.reject(&rejection));
            return Box::pin(futures_util::future::ready(Ok(response)));
        }
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let future = std::panic::catch_unwind(AssertUnwindSafe(|| inner.call(request)));
            let outcome = match future {
                Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
                Err(panic) => Err(panic),
            };
            let response = match outcome {
                Ok(Ok(response)) => response.into_response(),
                Ok(Err(never)) => match never {},
                Err(_) => answer.reject(&Rejection::Panic),
            };
            Ok(answer.finish(response))
        })
    }
}

/// What the guard keeps of a request to answer it after the request is gone.
struct Answer {
    responder: Arc<dyn ErrorResponder>,
    request_id: RequestId,
    method: Method,
    uri: Uri,
}

impl Answer {
    fn reject(&self, rejection: &Rejection) -> Response {
        let context = ErrorContext {
            request_id: &self.request_id,
            method: &self.method,
            uri: &self.uri,
            operation_id: None,
        };
        respond(&*self.responder, rejection, &context)
    }

    fn finish(&self, mut response: Response) -> Response {
        response
            .headers_mut()
            .insert(REQUEST_ID_HEADER, self.request_id.header_value().clone());
        response
    }
}

/// The rejection for a `Content-Encoding` the router cannot decode, normalizing `GZIP`.
fn encoding_rejection(headers: &mut HeaderMap, decompression: bool) -> Option<Rejection> {
    let value = headers.get(header::CONTENT_ENCODING)?;
    let text = value.to_str().unwrap_or("").trim();
    if text.eq_ignore_ascii_case("identity") {
        return None;
    }
    if decompression && text.eq_ignore_ascii_case("gzip") {
        if text != "gzip" {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        return None;
    }
    Some(Rejection::UnsupportedMediaType {
        found: Some(format!(
            "Content-Encoding: {}",
            text.chars().take(100).collect::<String>()
        )),
        supported: &["gzip", "identity"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_match_with_wildcards() {
        assert!(media_matches("application/json", "Application/JSON"));
        assert!(media_matches("text/*", "text/plain"));
        assert!(media_matches("application/json", "*/*"));
        assert!(!media_matches("application/json", "application/xml"));
        assert!(!media_matches("application/json", "json"));
    }

    #[test]
    fn accept_headers_are_read_with_their_weights() {
        let json = ["application/json"];
        assert!(accepts_any("application/json", &json));
        assert!(accepts_any("text/html, application/*;q=0.2", &json));
        assert!(accepts_any("", &json));
        assert!(!accepts_any("application/xml", &json));
        assert!(!accepts_any("application/json;q=0, text/html", &json));
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

    #[test]
    fn parameters_decode_from_text() {
        assert_eq!(decode_scalar::<i64>(&["7"]), Ok(7));
        assert_eq!(
            decode_delimited::<i64>(&["1,2", "3"], ','),
            Ok(vec![1, 2, 3])
        );
        assert_eq!(
            decode_exploded::<bool>(&["true", "false"]),
            Ok(vec![true, false])
        );
        assert_eq!(decode_serde::<String>(&["12"]), Ok("12".to_owned()));
        assert_eq!(decode_serde::<u16>(&["12"]), Ok(12));
        assert_eq!(
            decode_serde_list::<String>(&["a|b"], Some('|')),
            Ok(vec!["a".to_owned(), "b".to_owned()])
        );
        assert!(decode_scalar::<i32>(&["x"]).is_err());
        assert_eq!(strip_path_style(".5", "."), "5");
    }
}
