//! Status keys of a responses object: parsed into `StatusSpec`s and named after their IANA
//! reason phrases.

use crate::ir;
use crate::names;

/// Parses a key of a responses object.
pub(super) fn parse_status(key: &str) -> Option<ir::StatusSpec> {
    if key == "default" {
        return Some(ir::StatusSpec::Default);
    }
    let bytes = key.as_bytes();
    if bytes.len() != 3 {
        return None;
    }
    if let Ok(code) = key.parse::<u16>() {
        return (100..=999)
            .contains(&code)
            .then_some(ir::StatusSpec::Code(code));
    }
    match bytes {
        [digit @ b'1'..=b'5', x, y]
            if x.eq_ignore_ascii_case(&b'X') && y.eq_ignore_ascii_case(&b'X') =>
        {
            Some(ir::StatusSpec::Range(digit - b'0'))
        }
        _ => None,
    }
}

/// The response variant name for a status (`Ok`, `Status221`, `ClientError`, `Default`).
pub(super) fn status_variant(status: ir::StatusSpec) -> String {
    match status {
        ir::StatusSpec::Code(code) => match reason(code) {
            Some(reason) => reason.to_string(),
            None => format!("Status{code}"),
        },
        ir::StatusSpec::Range(digit) => match digit {
            1 => "Informational".to_string(),
            2 => "Success".to_string(),
            3 => "Redirection".to_string(),
            4 => "ClientError".to_string(),
            5 => "ServerError".to_string(),
            other => format!("Status{other}XX"),
        },
        ir::StatusSpec::Default => "Default".to_string(),
    }
}

/// The response variant name for a raw key of a responses object.
pub(in crate::lower) fn status_key_variant(key: &str) -> String {
    match parse_status(key) {
        Some(status) => status_variant(status),
        None => names::type_name(key),
    }
}

/// IANA reason phrases in UpperCamelCase.
fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        102 => "Processing",
        103 => "EarlyHints",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        305 => "UseProxy",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        506 => "VariantAlsoNegotiates",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        510 => "NotExtended",
        511 => "NetworkAuthenticationRequired",
        _ => return None,
    })
}
