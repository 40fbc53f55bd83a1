//! The error an implementation answers with: a status and the spec's error body, sent
//! through the configured error responder like the router's own rejections.

use std::fmt;

use http::StatusCode;

use super::responder::ErrorDetail;

/// An answer that failed, as a handler returns it: `Err(Problem)` is sent with its status
/// and the error body the router's [`ErrorResponder`](super::ErrorResponder) makes (with
/// the correlation id and the spec's fixed headers), like every rejection.
///
/// A team maps its own error type once, with `impl From<MyError> for Problem`, and writes
/// `?` in its handlers. When the operation does not declare the problem's status, the
/// problem is answered with its [`fallback`](Problem::with_fallback) status if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    status: StatusCode,
    fallback: Option<StatusCode>,
    code: Option<String>,
    message: String,
    details: Vec<ErrorDetail>,
}

impl Problem {
    /// A problem answered with `status` and `message`; the body's top-level code is the
    /// responder's code for the status unless [`with_code`](Problem::with_code) names one.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            fallback: None,
            code: None,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// The answer of an operation the implementation does not serve: 501.
    pub fn not_implemented(operation_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            format!("The operation `{operation_id}` is not implemented by this server."),
        )
        .with_code("not_implemented")
    }

    /// Sets the body's top-level code, used while the status is the problem's own.
    #[must_use]
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Adds an entry to the body's details; an empty `property` concerns the whole request.
    #[must_use]
    pub fn with_detail(
        mut self,
        property: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        self.details.push(ErrorDetail {
            property: property.into(),
            code: code.into(),
            message: message.into(),
        });
        self
    }

    /// Sets the status answered instead when the operation does not declare the problem's
    /// own (a 409 refusal answered 400 where no 409 is declared, say).
    #[must_use]
    pub fn with_fallback(mut self, status: StatusCode) -> Self {
        self.fallback = Some(status);
        self
    }

    /// The status the problem is answered with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body's top-level code, when the problem names one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The body's top-level message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The body's details.
    pub fn details(&self) -> &[ErrorDetail] {
        &self.details
    }

    /// The problem as an operation answers it: unchanged when the operation declares its
    /// status (`declared`) or the problem has no fallback, else with the fallback status
    /// and that status's code.
    pub fn settle(mut self, declared: &[Declared]) -> Self {
        let status = self.status.as_u16();
        let own = declared.iter().any(|answer| match *answer {
            Declared::Code(code) => code == status,
            Declared::Class(digit) => u16::from(digit) == status / 100,
            Declared::Any => true,
        });
        if let Some(fallback) = self.fallback.take()
            && !own
        {
            self.status = fallback;
            self.code = None;
        }
        self
    }
}

/// A status an operation declares an answer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    /// One status, such as 409.
    Code(u16),
    /// A class by its first digit, such as 4 for `4XX`.
    Class(u8),
    /// Every status (a `default` answer).
    Any,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.message)
    }
}

impl std::error::Error for Problem {}

/// The answer of a trait method an implementation leaves out: 501 with the error body.
pub fn not_implemented<T>(operation_id: &str) -> std::future::Ready<Result<T, Problem>> {
    std::future::ready(Err(Problem::not_implemented(operation_id)))
}
