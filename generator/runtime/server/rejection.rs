//! The reasons a request is answered without calling the implementation, and the hook
//! that turns them into responses.

use axum::response::Response;
use http::header::{self, HeaderValue};
use http::{Method, StatusCode, Uri};

use super::context::RequestId;
use super::problem::Problem;
use crate::runtime::params::ParamError;
use crate::runtime::validation::Violations;

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
    /// The implementation answered with a [`Problem`] (its status).
    Problem(Problem),
}

impl From<Problem> for Rejection {
    fn from(problem: Problem) -> Self {
        Self::Problem(problem)
    }
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
            Self::Problem(problem) => problem.status(),
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
            Self::Problem(problem) => problem.message().to_owned(),
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

/// Calls the responder and adds what every rejection answer needs (`Allow` for 405).
pub(super) fn respond(
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
