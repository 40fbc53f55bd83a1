//! How the client is set up: base URL, user agent, timeout, retries and credentials.

use std::fmt;
use std::time::Duration;

use super::retry::RetryPolicy;

/// What stands in for a credential wherever one would otherwise be shown.
pub(super) const REDACTED: &str = "[redacted]";

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
    pub(super) scheme: &'static str,
    pub(super) placement: Placement,
    pub(super) value: Secret,
    /// Texts that must never show in an error: the value and its parts.
    pub(super) scrub: Vec<Secret>,
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
    pub(super) credentials: Vec<Credential>,
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

    pub(super) fn credential(&self, scheme: &str) -> Option<&Credential> {
        self.credentials
            .iter()
            .find(|credential| credential.scheme == scheme)
    }
}
