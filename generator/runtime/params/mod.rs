//! Parameter values as text: how path, query, header and cookie values are written and read.
//!
//! [`ParamValue`] turns one value into text and back; [`Style`] says how the texts of a
//! list or an object are put together in each location.

mod style;

pub use self::style::{Style, decode_deep_object, encode_header};

use ::std::fmt;
use ::std::string::String;
use ::std::vec::Vec;

/// A value that can stand in a path segment, a query string, a header or a cookie.
pub trait ParamValue: Sized {
    /// The value as text, before any percent-encoding.
    fn to_param(&self) -> String;
    /// Reads a value from text that has already been percent-decoded.
    fn from_param(text: &str) -> ::std::result::Result<Self, ParamError>;
}

/// A parameter value that does not parse as the type the spec gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// What the spec expects, e.g. `an integer`.
    pub expected: &'static str,
    /// The text that was found, cut to 100 characters.
    pub found: String,
}

impl ParamError {
    /// An error for `found`, which should have been `expected`.
    pub fn new(expected: &'static str, found: &str) -> Self {
        Self {
            expected,
            found: found.chars().take(100).collect(),
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found `{}`", self.expected, self.found)
    }
}

impl ::std::error::Error for ParamError {}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
    fn from_param(text: &str) -> ::std::result::Result<Self, ParamError> {
        ::std::result::Result::Ok(text.to_owned())
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
    fn from_param(text: &str) -> ::std::result::Result<Self, ParamError> {
        match text {
            "true" => ::std::result::Result::Ok(true),
            "false" => ::std::result::Result::Ok(false),
            _ => ::std::result::Result::Err(ParamError::new("`true` or `false`", text)),
        }
    }
}

macro_rules! number_param {
    ($($ty:ty => $expected:literal),* $(,)?) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
            fn from_param(text: &str) -> ::std::result::Result<Self, ParamError> {
                text.parse().map_err(|_| ParamError::new($expected, text))
            }
        }
    )*};
}

number_param! {
    i32 => "a 32-bit integer",
    i64 => "an integer",
    u32 => "a non-negative 32-bit integer",
    u64 => "a non-negative integer",
    f32 => "a number",
    f64 => "a number",
}

impl ParamValue for ::chrono::DateTime<::chrono::FixedOffset> {
    fn to_param(&self) -> String {
        self.to_rfc3339()
    }
    fn from_param(text: &str) -> ::std::result::Result<Self, ParamError> {
        ::chrono::DateTime::parse_from_rfc3339(text)
            .map_err(|_| ParamError::new("an RFC 3339 date-time", text))
    }
}

impl ParamValue for ::chrono::NaiveDate {
    fn to_param(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
    fn from_param(text: &str) -> ::std::result::Result<Self, ParamError> {
        ::chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| ParamError::new("a date (YYYY-MM-DD)", text))
    }
}

impl ParamValue for ::uuid::Uuid {
    fn to_param(&self) -> String {
        self.to_string()
    }
    fn from_param(text: &str) -> ::std::result::Result<Self, ParamError> {
        ::uuid::Uuid::parse_str(text).map_err(|_| ParamError::new("a UUID", text))
    }
}

impl ParamValue for ::serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            ::serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
    fn from_param(text: &str) -> ::std::result::Result<Self, ParamError> {
        ::std::result::Result::Ok(
            ::serde_json::from_str(text)
                .unwrap_or_else(|_| ::serde_json::Value::String(text.to_owned())),
        )
    }
}

/// Characters left as they are in a path segment, query or cookie component: RFC 3986
/// unreserved only.
const COMPONENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes text for use as one path segment, query or cookie component.
pub fn encode_component(text: &str) -> String {
    ::percent_encoding::utf8_percent_encode(text, COMPONENT).to_string()
}

/// Percent-decodes one path segment; `None` when it is not UTF-8 once decoded.
pub fn decode_path_segment(segment: &str) -> ::std::option::Option<String> {
    ::percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// Writes several values joined by `separator` (`,` in the `simple` style of headers).
pub fn join_values<T: ParamValue>(values: &[T], separator: &str) -> String {
    values
        .iter()
        .map(ParamValue::to_param)
        .collect::<Vec<_>>()
        .join(separator)
}

/// Parses a raw query string into its name and value pairs, in order, decoded.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    ::form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// The values of one query parameter, in order.
pub fn query_values<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .collect()
}
