//! HTTP status codes of the declared responses.

/// The status for a code the API description declares. Lowering accepts only codes from
/// 100 to 999, which `http` always takes; any other code reads as 500.
pub fn code(code: u16) -> http::StatusCode {
    http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn declared_codes_keep_their_number() {
        for number in [200, 207, 221, 304, 521, 531] {
            assert_eq!(code(number).as_u16(), number);
        }
    }

    #[test]
    fn impossible_codes_read_as_500() {
        assert_eq!(code(0).as_u16(), 500);
        assert_eq!(code(1000).as_u16(), 500);
    }
}
