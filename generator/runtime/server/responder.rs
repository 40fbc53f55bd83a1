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
    /// The code for a missing credential; `unauthorised` when `None`.
    pub missing: Option<&'static str>,
    /// The code for a refused credential; `unauthorised` when `None`.
    pub invalid: Option<&'static str>,
}

/// The codes a parameter's rejections use (`x-missing-error-code`, `x-invalid-error-code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParameterCodes {
    /// The parameter's wire name.
    pub name: &'static str,
    /// The code for a missing value; `required_property_missing` when `None`.
    pub missing: Option<&'static str>,
    /// The code for a wrong value; `invalid_value` or `invalid_format` when `None`.
    pub invalid: Option<&'static str>,
}

/// The code for values that do not match a pattern (`x-pattern-error-code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternCode {
    /// The pattern as the spec writes it.
    pub pattern: &'static str,
    pub code: &'static str,
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
/// Top-level codes follow the status: `validation_error` (400), `unauthorised` (401),
/// `not_found` (404), `method_not_supported` (405), `not_acceptable` (406),
/// `payload_too_large` (413), `unsupported_media_type` (415) and `internal_server_error`
/// (500). Each problem is a detail: validation kinds become `required_property_missing`,
/// `value_too_long`, `value_too_short`, `value_too_large`, `value_too_small`,
/// `too_many_elements`, `too_few_elements`, `duplicate_values`, `invalid_format` (or the
/// pattern's own code) and `invalid_value`; credential and header problems use the codes
/// their spec extensions name.
#[derive(Debug, Clone, Copy)]
pub struct DefaultErrorResponder {
    pub style: ErrorStyle,
    pub schemes: &'static [SchemeCodes],
    pub parameters: &'static [ParameterCodes],
    pub patterns: &'static [PatternCode],
    /// Headers the spec fixes on error responses, set on every error answer.
    pub headers: &'static [(HeaderName, HeaderValue)],
}

impl DefaultErrorResponder {
    /// The top-level code for a status.
    pub fn status_code(status: StatusCode) -> &'static str {
        match status.as_u16() {
            400 => "validation_error",
            401 => "unauthorised",
            403 => "forbidden",
            404 => "not_found",
            405 => "method_not_supported",
            406 => "not_acceptable",
            413 => "payload_too_large",
            415 => "unsupported_media_type",
            _ if status.is_server_error() => "internal_server_error",
            _ => "bad_request",
        }
    }

    /// The code for a broken constraint.
    pub fn violation_code(&self, kind: &ViolationKind) -> &'static str {
        match kind {
            ViolationKind::Required => "required_property_missing",
            ViolationKind::MaxLength { .. } => "value_too_long",
            ViolationKind::MinLength { .. } => "value_too_short",
            ViolationKind::Maximum { .. } => "value_too_large",
            ViolationKind::Minimum { .. } => "value_too_small",
            ViolationKind::MaxItems { .. } | ViolationKind::MaxProperties { .. } => {
                "too_many_elements"
            }
            ViolationKind::MinItems { .. } | ViolationKind::MinProperties { .. } => {
                "too_few_elements"
            }
            ViolationKind::UniqueItems => "duplicate_values",
            ViolationKind::Pattern { pattern } => self
                .patterns
                .iter()
                .find(|code| code.pattern == pattern)
                .map_or("invalid_format", |code| code.code),
            ViolationKind::MultipleOf { .. }
            | ViolationKind::UnknownEnumValue { .. }
            | ViolationKind::NotAllowed { .. } => "invalid_value",
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
        match rejection {
            Rejection::MissingCredential { scheme, parameter } => vec![detail(
                parameter,
                self.scheme(scheme)
                    .and_then(|codes| codes.missing)
                    .unwrap_or("unauthorised"),
            )],
            Rejection::InvalidCredential {
                scheme, parameter, ..
            } => vec![detail(
                parameter,
                self.scheme(scheme)
                    .and_then(|codes| codes.invalid)
                    .unwrap_or("unauthorised"),
            )],
            Rejection::MissingHeader { name } => vec![detail(
                name,
                self.parameter(name)
                    .and_then(|codes| codes.missing)
                    .unwrap_or("required_property_missing"),
            )],
            Rejection::InvalidHeader { name, .. } => vec![detail(
                name,
                self.parameter(name)
                    .and_then(|codes| codes.invalid)
                    .unwrap_or("invalid_value"),
            )],
            Rejection::InvalidParameter { name, .. } => vec![detail(
                name,
                self.parameter(name)
                    .and_then(|codes| codes.invalid)
                    .unwrap_or("invalid_format"),
            )],
            Rejection::MissingBody => vec![detail("", "required_property_missing")],
            Rejection::InvalidJson {
                path,
                problem,
                message,
            } => {
                let code = match problem {
                    JsonProblem::Syntax => "invalid_json",
                    JsonProblem::MissingField => "required_property_missing",
                    JsonProblem::WrongType => "invalid_type",
                    JsonProblem::InvalidValue => "invalid_value",
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
            Rejection::UnreadableBody { .. } => vec![detail("", "unreadable_body")],
            Rejection::UnsupportedMediaType { .. } => {
                vec![detail("Content-Type", "unsupported_media_type")]
            }
            Rejection::NotAcceptable { .. } => vec![detail("Accept", "not_acceptable")],
            Rejection::NotFound
            | Rejection::MethodNotAllowed { .. }
            | Rejection::PayloadTooLarge { .. }
            | Rejection::Panic => Vec::new(),
        }
    }

    /// The error body for a rejection, as JSON.
    pub fn body(&self, rejection: &Rejection, context: &ErrorContext<'_>) -> serde_json::Value {
        let status = rejection.status();
        let code = Self::status_code(status);
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
