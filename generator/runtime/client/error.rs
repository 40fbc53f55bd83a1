//! Everything that can go wrong with a call, other than an answer the API declares.

use std::fmt;

use bytes::Bytes;
use http::StatusCode;
use http::header::HeaderMap;

use crate::runtime::outcome;
use crate::runtime::validation::Violations;

/// The longest body excerpt a [`Error::Decode`] keeps, in characters.
pub const EXCERPT_CHARS: usize = 500;

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

    pub(super) fn build(message: impl Into<String>) -> Self {
        Self::Build {
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport { timeout, source } => {
                let what = if *timeout {
                    "the request timed out"
                } else {
                    "the request failed"
                };
                write!(f, "{what}: {source}")?;
                // reqwest says only "error sending request"; what went wrong ("Connection
                // refused") is at the end of the source chain.
                let shown = source.to_string();
                if let Some(root) = root_cause(source) {
                    let root = root.to_string();
                    if !root.is_empty() && !shown.contains(&root) {
                        write!(f, ": {root}")?;
                    }
                }
                Ok(())
            }
            Self::UndeclaredStatus { status, body, .. } => {
                write!(
                    f,
                    "the API answered with status {status}, which the operation does not declare"
                )?;
                if body.is_empty() {
                    f.write_str(", with an empty body")
                } else {
                    let excerpt = outcome::excerpt(body, outcome::EXCERPT_CHARS);
                    write!(f, "; the body starts with {excerpt:?}")
                }
            }
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

/// The last error of the source chain below `error`, if there is one.
fn root_cause(error: &dyn std::error::Error) -> Option<&dyn std::error::Error> {
    let mut root = error.source()?;
    while let Some(next) = root.source() {
        root = next;
    }
    Some(root)
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
