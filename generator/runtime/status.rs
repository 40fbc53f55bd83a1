//! HTTP status codes of the declared responses.

/// The status for a code the API description declares. Lowering accepts only codes from
/// 100 to 999, which `http` always takes; any other code reads as 500.
pub fn code(code: u16) -> http::StatusCode {
    http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
}
