//! The request context handlers receive: the request id and who called.

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, Uri};

/// The header that carries the request id, in requests and responses.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// What a handler receives besides its request: who called, and the request's metadata.
#[derive(Debug, Clone)]
pub struct RequestContext<P> {
    /// What the authenticator made of the request's credentials; `()` for operations
    /// without security, an `Option` for operations where it is optional.
    pub principal: P,
    /// Every header of the request.
    pub headers: HeaderMap,
    /// The request's id: the client's `x-request-id` when it sent a usable one, else a new
    /// one. It is sent back in `x-request-id` and used as the error bodies' correlation id.
    pub request_id: RequestId,
    pub method: Method,
    pub uri: Uri,
    /// The `operationId` of the operation being served.
    pub operation_id: &'static str,
}

/// A request's id, as text safe to put in a header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestId(HeaderValue);

impl RequestId {
    /// The id the client sent in `x-request-id`, if it is 1 to 128 visible ASCII characters.
    pub fn from_header(value: &HeaderValue) -> Option<Self> {
        let bytes = value.as_bytes();
        let usable = !bytes.is_empty()
            && bytes.len() <= 128
            && bytes.iter().all(|byte| byte.is_ascii_graphic());
        usable.then(|| Self(value.clone()))
    }

    /// A new id, formatted as a random (version 4) UUID.
    pub fn generate() -> Self {
        static SEED: OnceLock<u64> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let seed = *SEED.get_or_init(|| std::hash::RandomState::new().build_hasher().finish());
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let high = splitmix64(seed ^ count);
        let low = splitmix64(high ^ count.rotate_left(32));
        let mut random = [0_u8; 16];
        random[..8].copy_from_slice(&high.to_le_bytes());
        random[8..].copy_from_slice(&low.to_le_bytes());
        let uuid = uuid::Builder::from_random_bytes(random).into_uuid();
        let mut buffer = uuid::Uuid::encode_buffer();
        let text = uuid.hyphenated().encode_lower(&mut buffer);
        // A hyphenated UUID is always a valid header value.
        Self(HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static("-")))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.to_str().unwrap_or_default()
    }

    /// The id as a header value.
    pub fn header_value(&self) -> &HeaderValue {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn splitmix64(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}
