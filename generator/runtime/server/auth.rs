//! Credentials: reading them from a request, and the authenticator's refusal.

use std::fmt;

use http::Uri;
use http::header::{self, HeaderMap};

use super::input::cookie_values;

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
