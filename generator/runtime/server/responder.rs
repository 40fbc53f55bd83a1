//! The error bodies a generated server answers with unless configured otherwise.

use axum::response::Response;
use http::StatusCode;
use http::header::{HeaderName, HeaderValue};

use super::rejection::{ErrorContext, ErrorResponder, JsonProblem, Rejection};
use super::response::{json_response, with_fixed_headers};
use crate::runtime::validation::ViolationKind;

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
            Rejection::Problem(problem) => problem.details().to_vec(),
        }
    }

    /// The error body for a rejection, as JSON.
    pub fn body(&self, rejection: &Rejection, context: &ErrorContext<'_>) -> serde_json::Value {
        let status = rejection.status();
        let code = match rejection {
            Rejection::Problem(problem) => problem
                .code()
                .map_or_else(|| self.status_code(status).to_owned(), str::to_owned),
            _ => self.status_code(status).to_owned(),
        };
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
                        Rejection::Violations(_)
                            | Rejection::InvalidJson { .. }
                            | Rejection::Problem(_)
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
