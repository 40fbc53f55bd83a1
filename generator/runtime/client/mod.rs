//! Support for the generated async client: errors, credentials, retries, request building,
//! sending and response decoding.
//!
//! The generated `client` module holds one method per operation; each writes its request
//! with [`Call`], sends it with [`Transport::send`] and decodes the answer with the
//! `decode_*` functions here. Nothing in this module knows about a particular API.

mod call;
mod config;
mod decode;
mod error;
mod retry;
mod transport;

pub use self::call::{Call, Security};
pub use self::config::{Config, Credential, Placement, Secret};
pub use self::decode::{
    decode_body, decode_bytes, decode_form, decode_json, decode_text, excerpt, expect_media,
    media_matches, media_type, optional_header, required_header, select_media, undeclared,
    unexpected_media,
};
pub use self::error::{EXCERPT_CHARS, Error};
pub use self::retry::{RetryPolicy, is_retryable_status, retry_after};
pub use self::transport::{RawResponse, Transport};
pub use crate::runtime::params::Style;
