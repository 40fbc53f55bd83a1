//! Support for the generated async client: errors, credentials, retries, request building,
//! sending and response decoding.
//!
//! The generated `client` module holds one method per operation; each writes its request
//! with [`Call`], sends it with [`Transport::send`] and decodes the answer with the
//! `decode_*` functions here. Nothing in this module knows about a particular API.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::runtime::validation::{Validate, Violations};

/// The longest body excerpt a [`Error::Decode`] keeps, in characters.
pub const EXCERPT_CHARS: usize = 500;

/// What stands in for a credential wherever one would otherwise be shown.
const REDACTED: &str = "[redacted]";

/// Characters left as they are in a query or cookie component: RFC 3986 unreserved only.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Everything that can go wrong with a call, other than an answer the API declares.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the answer not received: no connection, a
    /// timeout, a broken stream.
    Transport {
        /// Whether the call ran out of time ([`Error::is_timeout`]).
        timeout: bool,
        /// What the HTTP client reported, without the URL.
        source: reqwest::Error,
    },
    /// The API answered with a status the operation does not declare.
    UndeclaredStatus {
        status: StatusCode,
        /// The response headers, less any that carry credentials.
        headers: Box<HeaderMap>,
        /// The response body as received, with any credential replaced by `[redacted]`.
        body: Bytes,
    },
    /// The API answered with a declared status, but its body or headers do not decode
    /// into the declared types, or its media type is not one the status declares.
    Decode {
        status: StatusCode,
        /// The start of the body, at most [`EXCERPT_CHARS`] characters.
        excerpt: String,
        /// Where in the body decoding failed (`shipments[0].state`), or the header name;
        /// empty when the whole body is at fault.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// The request breaks constraints of the API description and was not sent.
    Invalid(Violations),
    /// The request could not be written: a base URL that does not parse, a header value
    /// that HTTP cannot carry, a value that cannot be serialized.
    Build {
        /// What was wrong.
        message: String,
    },
}

impl Error {
    /// Whether the call ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport { timeout: true, .. })
    }

    /// The status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::UndeclaredStatus { status, .. } | Self::Decode { status, .. } => Some(*status),
            Self::Transport { source, .. } => source.status(),
            Self::Invalid(_) | Self::Build { .. } => None,
        }
    }

    /// A transport error, with the URL (which may carry a query credential) removed.
    pub fn transport(source: reqwest::Error) -> Self {
        Self::Transport {
            timeout: source.is_timeout(),
            source: source.without_url(),
        }
    }

    fn build(message: impl Into<String>) -> Self {
        Self::Build {
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport {
                timeout: true,
                source,
            } => write!(f, "the request timed out: {source}"),
            Self::Transport {
                timeout: false,
                source,
            } => write!(f, "the request failed: {source}"),
            Self::UndeclaredStatus { status, body, .. } => write!(
                f,
                "the API answered with status {status}, which the operation does not declare \
                 ({} byte body)",
                body.len()
            ),
            Self::Decode {
                status,
                excerpt,
                path,
                message,
            } => {
                write!(f, "the status {status} answer does not decode")?;
                if !path.is_empty() {
                    write!(f, " at `{path}`")?;
                }
                write!(f, ": {message}")?;
                if !excerpt.is_empty() {
                    write!(f, "; the body starts with {excerpt:?}")?;
                }
                Ok(())
            }
            Self::Invalid(violations) => {
                write!(
                    f,
                    "the request was not sent, it breaks the API's constraints: "
                )?;
                write!(f, "{violations}")
            }
            Self::Build { message } => write!(f, "the request could not be written: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport { source, .. } => Some(source),
            Self::Invalid(violations) => Some(violations),
            Self::UndeclaredStatus { .. } | Self::Decode { .. } | Self::Build { .. } => None,
        }
    }
}

/// A credential or other secret text. `Debug` and `Display` show `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The secret text itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<&String> for Secret {
    fn from(text: &String) -> Self {
        Self(text.clone())
    }
}

/// Where a credential goes in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A header with this name.
    Header(&'static str),
    /// A query parameter with this name.
    Query(&'static str),
    /// A cookie with this name.
    Cookie(&'static str),
}

/// The credential for one security scheme of the API description. `Debug` shows where it
/// goes, never its value.
#[derive(Clone)]
pub struct Credential {
    scheme: &'static str,
    placement: Placement,
    value: Secret,
    /// Texts that must never show in an error: the value and its parts.
    scrub: Vec<Secret>,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("scheme", &self.scheme)
            .field("placement", &self.placement)
            .field("value", &self.value)
            .finish_non_exhaustive()
    }
}

impl Credential {
    /// An API key, sent as it is where the scheme says.
    pub fn api_key(scheme: &'static str, placement: Placement, key: Secret) -> Self {
        Self {
            scheme,
            placement,
            scrub: vec![key.clone()],
            value: key,
        }
    }

    /// A bearer token, sent as `Authorization: Bearer <token>`.
    pub fn bearer(scheme: &'static str, token: Secret) -> Self {
        Self {
            scheme,
            placement: Placement::Header("authorization"),
            value: Secret(format!("Bearer {}", token.expose())),
            scrub: vec![token],
        }
    }

    /// A user name and password, sent as `Authorization: Basic <base64>`.
    pub fn basic(scheme: &'static str, username: &str, password: Secret) -> Self {
        use base64::Engine as _;
        let encoded = base64::engine::general_purpose::STANDARD
            .encode(format!("{username}:{}", password.expose()));
        Self {
            scheme,
            placement: Placement::Header("authorization"),
            value: Secret(format!("Basic {encoded}")),
            scrub: vec![Secret(encoded), password],
        }
    }

    /// The key of the security scheme this credential is for.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }

    /// Where the credential goes.
    pub fn placement(&self) -> Placement {
        self.placement
    }
}

/// When and how often a call is tried again.
///
/// A call is retried after a connection error or a 429, 502, 503 or 504 answer, at most
/// `max_attempts` times in all. It waits as `Retry-After` says when the answer has one (up
/// to `max_retry_after`; an answer asking for longer is returned as it is), and otherwise
/// a random time between zero and `base_delay * 2^(attempt - 1)`, capped at `max_delay`
/// ("full jitter"). Only `GET` and `HEAD` are retried unless `retry_non_idempotent` is set,
/// because another method may have taken effect even when the answer was lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; `1` turns retries off.
    pub max_attempts: u32,
    /// The backoff before the second attempt, doubled for each further one.
    pub base_delay: Duration,
    /// The longest backoff.
    pub max_delay: Duration,
    /// The longest wait a `Retry-After` header is followed for.
    pub max_retry_after: Duration,
    /// Whether methods other than `GET` and `HEAD` are retried too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The backoff after failed attempt number `attempt` (from 1), with full jitter.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1_u32 << exponent)
            .min(self.max_delay);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=millis))
    }

    /// Whether calls with `method` may be retried under this policy.
    pub fn allows(&self, method: &Method) -> bool {
        self.retry_non_idempotent || *method == Method::GET || *method == Method::HEAD
    }
}

/// Whether an answer with `status` is worth another attempt.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP-date. `None` when
/// the header is absent or does not parse.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// How the client is set up. `Debug` never shows a credential.
#[derive(Debug, Clone)]
pub struct Config {
    /// The URL that operation paths are appended to, e.g. `https://api.example.com/v1`.
    pub base_url: String,
    /// The `User-Agent` sent with every request.
    pub user_agent: String,
    /// How long one attempt may take, from sending to the end of the body.
    pub timeout: Duration,
    /// When calls are tried again.
    pub retry: RetryPolicy,
    /// Whether requests are checked against the API's constraints before sending.
    pub validate_requests: bool,
    credentials: Vec<Credential>,
}

impl Config {
    /// A configuration for `base_url` with the defaults: a 30 second timeout, the default
    /// [`RetryPolicy`], validation on and no credentials.
    pub fn new(base_url: impl Into<String>, user_agent: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            user_agent: user_agent.into(),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            validate_requests: true,
            credentials: Vec::new(),
        }
    }

    /// Sets the credential for its scheme, replacing any earlier one.
    pub fn set_credential(&mut self, credential: Credential) {
        self.credentials
            .retain(|existing| existing.scheme != credential.scheme);
        self.credentials.push(credential);
    }

    /// The credentials set, in the order they were set.
    pub fn credentials(&self) -> &[Credential] {
        &self.credentials
    }

    fn credential(&self, scheme: &str) -> Option<&Credential> {
        self.credentials
            .iter()
            .find(|credential| credential.scheme == scheme)
    }
}

/// How a parameter is written, as the `style` of the API description says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// Security requirements of an operation: alternatives, each a list of scheme keys that
/// must all be satisfied. Empty when the operation needs no credentials.
pub type Security = &'static [&'static [&'static str]];

/// One request being written: path, query, headers, cookies and body.
#[derive(Debug)]
pub struct Call {
    method: Method,
    path: String,
    query: Vec<String>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<Bytes>,
    security: Security,
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
        let text = match style {
            Style::Label => label(&value, explode),
            Style::Matrix => matrix(name, &value, explode),
            _ => simple(&value, explode, encode_component),
        };
        self.path.push_str(&text);
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
        form_pairs(name, style, explode, &value, &mut self.query);
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
        let text = simple(&value, explode, |text| text.to_owned());
        self.header(name, &text)
    }

    /// Adds a cookie parameter (`form` style); nothing when the value is `null` or absent.
    pub fn cookie_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        explode: bool,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        form_pairs(name, Style::Form, explode, &value, &mut self.cookies);
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
                    form_pairs(name, Style::Form, true, value, &mut pairs);
                }
            }
            other => form_pairs("body", Style::Form, true, other, &mut pairs),
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

fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// A primitive as parameter text: strings as they are, others as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The `simple` style: `a,b,c` for arrays; `k,v,k,v` or (exploded) `k=v,k=v` for objects.
fn simple(value: &Value, explode: bool, encode: impl Fn(&str) -> String) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| encode(&scalar_text(item)))
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(entries) => entries
            .iter()
            .map(|(key, value)| {
                let separator = if explode { "=" } else { "," };
                format!("{}{separator}{}", encode(key), encode(&scalar_text(value)))
            })
            .collect::<Vec<_>>()
            .join(","),
        other => encode(&scalar_text(other)),
    }
}

/// The `label` style: `.a`, `.a,b` or (exploded) `.a.b`.
fn label(value: &Value, explode: bool) -> String {
    let separator = if explode { "." } else { "," };
    let parts: Vec<String> = match value {
        Value::Array(items) => items
            .iter()
            .map(|item| encode_component(&scalar_text(item)))
            .collect(),
        Value::Object(entries) if explode => entries
            .iter()
            .map(|(key, value)| {
                format!(
                    "{}={}",
                    encode_component(key),
                    encode_component(&scalar_text(value))
                )
            })
            .collect(),
        Value::Object(entries) => entries
            .iter()
            .flat_map(|(key, value)| [encode_component(key), encode_component(&scalar_text(value))])
            .collect(),
        other => vec![encode_component(&scalar_text(other))],
    };
    format!(".{}", parts.join(separator))
}

/// The `matrix` style: `;name=a`, `;name=a,b` or (exploded) `;name=a;name=b`.
fn matrix(name: &str, value: &Value, explode: bool) -> String {
    let name = encode_component(name);
    match value {
        Value::Null => format!(";{name}"),
        Value::Array(items) if explode => items
            .iter()
            .map(|item| format!(";{name}={}", encode_component(&scalar_text(item))))
            .collect(),
        Value::Object(entries) if explode => entries
            .iter()
            .map(|(key, value)| {
                format!(
                    ";{}={}",
                    encode_component(key),
                    encode_component(&scalar_text(value))
                )
            })
            .collect(),
        other => format!(";{name}={}", simple(other, false, encode_component)),
    }
}

/// Writes `name` and `value` as encoded `name=value` pairs in a form-like style.
fn form_pairs(name: &str, style: Style, explode: bool, value: &Value, out: &mut Vec<String>) {
    let encoded_name = encode_component(name);
    match value {
        Value::Null => {}
        Value::Array(items) => {
            if explode {
                for item in items {
                    out.push(format!(
                        "{encoded_name}={}",
                        encode_component(&scalar_text(item))
                    ));
                }
            } else {
                let separator = match style {
                    Style::SpaceDelimited => "%20",
                    Style::PipeDelimited => "|",
                    _ => ",",
                };
                let joined: Vec<String> = items
                    .iter()
                    .map(|item| encode_component(&scalar_text(item)))
                    .collect();
                out.push(format!("{encoded_name}={}", joined.join(separator)));
            }
        }
        Value::Object(entries) => match style {
            Style::DeepObject => deep_object(&encoded_name, entries, out),
            _ if explode => {
                for (key, value) in entries {
                    form_pairs(key, Style::Form, true, value, out);
                }
            }
            _ => {
                let flat: Vec<String> = entries
                    .iter()
                    .flat_map(|(key, value)| {
                        [encode_component(key), encode_component(&scalar_text(value))]
                    })
                    .collect();
                out.push(format!("{encoded_name}={}", flat.join(",")));
            }
        },
        other => out.push(format!(
            "{encoded_name}={}",
            encode_component(&scalar_text(other))
        )),
    }
}

/// The `deepObject` style: `name[key]=value`, nested objects as `name[a][b]=value` and
/// arrays as repeated pairs.
fn deep_object(prefix: &str, entries: &serde_json::Map<String, Value>, out: &mut Vec<String>) {
    for (key, value) in entries {
        let name = format!("{prefix}[{}]", encode_component(key));
        match value {
            Value::Null => {}
            Value::Object(inner) => deep_object(&name, inner, out),
            Value::Array(items) => {
                for item in items {
                    out.push(format!("{name}={}", encode_component(&scalar_text(item))));
                }
            }
            other => out.push(format!("{name}={}", encode_component(&scalar_text(other)))),
        }
    }
}

/// An answer as received: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The configured HTTP client that sends [`Call`]s.
#[derive(Debug)]
pub struct Transport {
    config: Config,
    http: reqwest::Client,
}

impl Transport {
    /// A transport for `config`, sending through `http` or, when `None`, a new client that
    /// accepts gzip and does not follow redirects: a redirect is an answer like any other
    /// (declared or [`Error::UndeclaredStatus`]), and following one to another host would
    /// carry the API key there.
    pub fn new(config: Config, http: Option<reqwest::Client>) -> Result<Self, Error> {
        reqwest::Url::parse(&config.base_url).map_err(|error| {
            Error::build(format!(
                "the base URL `{}` does not parse: {error}",
                config.base_url
            ))
        })?;
        let http = match http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .gzip(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| {
                    Error::build(format!(
                        "the HTTP client cannot be set up: {}",
                        error.without_url()
                    ))
                })?,
        };
        Ok(Self { config, http })
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Checks `request` against the API's constraints, unless that is switched off.
    pub fn validate<R: Validate>(&self, request: &R) -> Result<(), Error> {
        if self.config.validate_requests {
            request.validate().map_err(Error::Invalid)?;
        }
        Ok(())
    }

    /// Adds credentials, sends `call` with retries and reads the whole answer.
    pub async fn send(&self, call: Call) -> Result<RawResponse, Error> {
        let Call {
            method,
            path,
            mut query,
            mut headers,
            mut cookies,
            body,
            security,
        } = call;
        let mut sensitive_cookie = false;
        for credential in self.credentials_for(security) {
            let secret = credential.value.expose();
            match credential.placement {
                Placement::Header(name) => {
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        Error::build(format!("`{name}` is not a valid header name"))
                    })?;
                    let mut value = HeaderValue::from_str(secret).map_err(|_| {
                        Error::build(format!(
                            "the credential for `{}` is not valid in an HTTP header",
                            credential.scheme
                        ))
                    })?;
                    value.set_sensitive(true);
                    headers.insert(name, value);
                }
                Placement::Query(name) => query.push(format!(
                    "{}={}",
                    encode_component(name),
                    encode_component(secret)
                )),
                Placement::Cookie(name) => {
                    sensitive_cookie = true;
                    cookies.push(format!(
                        "{}={}",
                        encode_component(name),
                        encode_component(secret)
                    ));
                }
            }
        }
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| Error::build("a cookie is not valid in an HTTP header"))?;
            value.set_sensitive(sensitive_cookie);
            headers.insert(http::header::COOKIE, value);
        }
        let user_agent = HeaderValue::from_str(&self.config.user_agent)
            .map_err(|_| Error::build("the user agent is not valid in an HTTP header"))?;
        headers.insert(http::header::USER_AGENT, user_agent);
        let mut url = format!("{}{path}", self.config.base_url.trim_end_matches('/'));
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query.join("&"));
        }
        // The URL may hold a query credential, so it is never part of an error.
        let url = reqwest::Url::parse(&url)
            .map_err(|error| Error::build(format!("the request URL does not parse: {error}")))?;
        self.execute(method, url, headers, body).await
    }

    /// The credentials of the first alternative of `security` that is fully configured.
    fn credentials_for(&self, security: Security) -> Vec<&Credential> {
        for alternative in security {
            let found: Option<Vec<&Credential>> = alternative
                .iter()
                .map(|scheme| self.config.credential(scheme))
                .collect();
            if let Some(found) = found {
                return found;
            }
        }
        Vec::new()
    }

    /// The retry loop.
    async fn execute(
        &self,
        method: Method,
        url: reqwest::Url,
        headers: HeaderMap,
        body: Option<Bytes>,
    ) -> Result<RawResponse, Error> {
        let policy = &self.config.retry;
        let retries_allowed = policy.allows(&method);
        let max_attempts = policy.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            let mut request = reqwest::Request::new(method.clone(), url.clone());
            *request.headers_mut() = headers.clone();
            *request.body_mut() = body.clone().map(reqwest::Body::from);
            *request.timeout_mut() = Some(self.config.timeout);
            let may_retry = retries_allowed && attempt < max_attempts;
            match self.http.execute(request).await {
                Err(error) => {
                    if may_retry && error.is_connect() {
                        tokio::time::sleep(policy.backoff(attempt)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::transport(error));
                }
                Ok(response) => {
                    let status = response.status();
                    if may_retry && is_retryable_status(status) {
                        let wait = match retry_after(response.headers()) {
                            Some(wait) if wait <= policy.max_retry_after => Some(wait),
                            Some(_) => None,
                            None => Some(policy.backoff(attempt)),
                        };
                        if let Some(wait) = wait {
                            drop(response);
                            tokio::time::sleep(wait).await;
                            attempt += 1;
                            continue;
                        }
                    }
                    let headers = response.headers().clone();
                    let body = response.bytes().await.map_err(Error::transport)?;
                    return Ok(RawResponse {
                        status,
                        headers,
                        body,
                    });
                }
            }
        }
    }

    /// Runs `decode` on `raw` and makes sure no credential shows in an error it returns.
    pub fn finish<T>(
        &self,
        raw: &RawResponse,
        decode: fn(&RawResponse) -> Result<T, Error>,
    ) -> Result<T, Error> {
        decode(raw).map_err(|error| self.scrub(error))
    }

    /// Removes every credential from an error about an answer.
    pub fn scrub(&self, error: Error) -> Error {
        let secrets: Vec<&str> = self
            .config
            .credentials
            .iter()
            .flat_map(|credential| {
                std::iter::once(credential.value.expose())
                    .chain(credential.scrub.iter().map(Secret::expose))
            })
            .filter(|secret| !secret.is_empty())
            .collect();
        match error {
            Error::UndeclaredStatus {
                status,
                mut headers,
                body,
            } => {
                for credential in &self.config.credentials {
                    if let Placement::Header(name) = credential.placement {
                        headers.remove(name);
                    }
                }
                for name in [
                    http::header::AUTHORIZATION,
                    http::header::PROXY_AUTHORIZATION,
                    http::header::COOKIE,
                    http::header::SET_COOKIE,
                ] {
                    headers.remove(name);
                }
                remove_leaking(&mut headers, &secrets);
                Error::UndeclaredStatus {
                    status,
                    headers,
                    body: redact_bytes(body, &secrets),
                }
            }
            Error::Decode {
                status,
                excerpt,
                path,
                message,
            } => Error::Decode {
                status,
                excerpt: redact_text(excerpt, &secrets),
                path: redact_text(path, &secrets),
                message: redact_text(message, &secrets),
            },
            other => other,
        }
    }
}

/// Drops the headers whose value contains a secret.
fn remove_leaking(headers: &mut HeaderMap, secrets: &[&str]) {
    let leaking: Vec<HeaderName> = headers
        .iter()
        .filter(|(_, value)| {
            secrets
                .iter()
                .any(|secret| contains(value.as_bytes(), secret.as_bytes()))
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in leaking {
        headers.remove(name);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

fn redact_text(text: String, secrets: &[&str]) -> String {
    secrets
        .iter()
        .fold(text, |text, secret| text.replace(secret, REDACTED))
}

fn redact_bytes(body: Bytes, secrets: &[&str]) -> Bytes {
    if !secrets
        .iter()
        .any(|secret| contains(&body, secret.as_bytes()))
    {
        return body;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest: &[u8] = &body;
    'scan: while !rest.is_empty() {
        for secret in secrets {
            if rest.starts_with(secret.as_bytes()) {
                out.extend_from_slice(REDACTED.as_bytes());
                rest = &rest[secret.len()..];
                continue 'scan;
            }
        }
        out.push(rest[0]);
        rest = &rest[1..];
    }
    Bytes::from(out)
}

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

/// The start of a body, for error messages.
pub fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(EXCERPT_CHARS)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs<T: Serialize>(style: Style, explode: bool, value: T) -> String {
        let mut out = Vec::new();
        form_pairs("id", style, explode, &serde_json::json!(value), &mut out);
        out.join("&")
    }

    #[test]
    fn query_styles_follow_the_openapi_table() {
        assert_eq!(pairs(Style::Form, true, [3, 4, 5]), "id=3&id=4&id=5");
        assert_eq!(pairs(Style::Form, false, [3, 4, 5]), "id=3,4,5");
        assert_eq!(pairs(Style::SpaceDelimited, false, [3, 4]), "id=3%204");
        assert_eq!(pairs(Style::PipeDelimited, false, [3, 4]), "id=3|4");
        assert_eq!(
            pairs(
                Style::DeepObject,
                true,
                serde_json::json!({"a": "x y", "b": 1})
            ),
            "id[a]=x%20y&id[b]=1"
        );
        assert_eq!(
            pairs(Style::Form, true, serde_json::json!({"a": "x", "b": 1})),
            "a=x&b=1"
        );
        assert_eq!(pairs(Style::Form, true, Option::<i32>::None), "");
        assert_eq!(pairs(Style::Form, true, "a&b"), "id=a%26b");
    }

    #[test]
    fn path_styles_follow_the_openapi_table() {
        let array = serde_json::json!([3, 4]);
        assert_eq!(simple(&array, false, encode_component), "3,4");
        assert_eq!(label(&array, true), ".3.4");
        assert_eq!(matrix("id", &array, true), ";id=3;id=4");
        assert_eq!(matrix("id", &array, false), ";id=3,4");
        assert_eq!(
            simple(&serde_json::json!("a/b c"), false, encode_component),
            "a%2Fb%20c"
        );
    }

    #[test]
    fn media_ranges_and_parameters_match() {
        assert!(media_matches("application/json", "application/json"));
        assert!(media_matches(
            "application/json",
            "application/problem+json"
        ));
        assert!(media_matches("text/*", "text/plain"));
        assert!(media_matches("*/*", "application/pdf"));
        assert!(!media_matches("application/json", "text/plain"));
        assert!(!media_matches("text/*", "application/text"));
    }

    #[test]
    fn secrets_are_redacted() {
        let body = Bytes::from_static(b"key=abc123 and abc123");
        assert_eq!(
            redact_bytes(body, &["abc123"]),
            Bytes::from_static(b"key=[redacted] and [redacted]")
        );
        assert_eq!(format!("{:?}", Secret::new("abc")), "[redacted]");
    }

    #[test]
    fn backoff_stays_under_its_ceiling() {
        let policy = RetryPolicy::default();
        for attempt in 1..40 {
            assert!(policy.backoff(attempt) <= policy.max_delay);
        }
    }
}
