//! Refusals of the sandbox's rules, and how each operation answers them.
//!
//! Business code returns `Result<T, Failure>`, and handlers write `?`: the one conversion
//! below gives the status and the `ApiError` body's code, message and details. When an operation does not declare the status a
//! failure asks for (a 409 on an operation without 409, say), the generated router
//! answers the problem's fallback, 400 with the same details, so that every answer stays
//! within the spec.

use sorted_pro::http::StatusCode;
use sorted_pro::server::Problem;
use sorted_pro::types::ErrorDetail;

/// The kinds of refusal, by the status they ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 400 `validation_error`.
    BadRequest,
    /// 404 `not_found`.
    NotFound,
    /// 409 `conflict`: the object is in the wrong state.
    Conflict,
    /// 410 `gone`: the object was removed.
    Gone,
    /// 407 `partially_allocated`: some shipments of a batch were allocated, others not.
    PartiallyAllocated,
    /// 521 `allocation_failed`.
    AllocationFailed,
    /// 531 `no_quotes_available`.
    NoQuotes,
}

impl Status {
    /// The HTTP status.
    fn http(self) -> StatusCode {
        match self {
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict => StatusCode::CONFLICT,
            Self::Gone => StatusCode::GONE,
            // 407 is registered for proxies; PRO reuses it. 521 and 531 are not registered;
            // all three are valid three-digit codes.
            Self::PartiallyAllocated => StatusCode::PROXY_AUTHENTICATION_REQUIRED,
            Self::AllocationFailed => {
                StatusCode::from_u16(521).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
            Self::NoQuotes => {
                StatusCode::from_u16(531).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }

    /// The top-level `code` of the error body.
    fn code(self) -> &'static str {
        match self {
            Self::BadRequest => "validation_error",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Gone => "gone",
            Self::PartiallyAllocated => "partially_allocated",
            Self::AllocationFailed => "allocation_failed",
            Self::NoQuotes => "no_quotes_available",
        }
    }

    /// The top-level `message` of the error body.
    fn message(self) -> &'static str {
        match self {
            Self::BadRequest => "The request is not valid",
            Self::NotFound => "The object does not exist or is not visible to this account",
            Self::Conflict => "The object is not in a state that allows this operation",
            Self::Gone => "The object was removed",
            Self::PartiallyAllocated => "Some shipments were allocated and others could not be",
            Self::AllocationFailed => "No carrier service could be allocated",
            Self::NoQuotes => "No carrier service could quote for the shipment",
        }
    }
}

/// A refusal: the status it asks for and what went wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: Status,
    pub details: Vec<ErrorDetail>,
}

/// One problem, for `details` or for the `errors` of a 207 answer.
pub fn detail(property: &str, code: &str, message: impl Into<String>) -> ErrorDetail {
    let mut detail = ErrorDetail::new(code.to_owned(), message.into());
    detail.property = (!property.is_empty()).then(|| property.to_owned());
    detail
}

impl Failure {
    /// A 400 with the given details.
    pub fn invalid(details: Vec<ErrorDetail>) -> Self {
        Self {
            status: Status::BadRequest,
            details,
        }
    }

    /// A 400 with one detail.
    pub fn bad_request(property: &str, code: &str, message: impl Into<String>) -> Self {
        Self::invalid(vec![detail(property, code, message)])
    }

    /// A refusal with `status` and one detail about the request as a whole.
    pub fn new(status: Status, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            details: vec![detail("", code, message)],
        }
    }

    /// A 404 for an object named in the request.
    pub fn not_found(code: &str, message: impl Into<String>) -> Self {
        Self::new(Status::NotFound, code, message)
    }

    /// A 409: the object is in the wrong state.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(Status::Conflict, "invalid_state_for_operation", message)
    }

    /// The shipment does not exist in this account.
    pub fn shipment_not_found(reference: &str) -> Self {
        Self::not_found(
            "shipment_not_found",
            format!("{reference} could not be found"),
        )
    }
}

impl From<Failure> for Problem {
    fn from(failure: Failure) -> Self {
        let status = failure.status;
        let problem = Problem::new(status.http(), status.message())
            .with_code(status.code())
            .with_fallback(StatusCode::BAD_REQUEST);
        failure
            .details
            .into_iter()
            .fold(problem, |problem, detail| {
                problem.with_detail(
                    detail.property.unwrap_or_default(),
                    detail.code,
                    detail.message,
                )
            })
    }
}
