//! When and how often a call is tried again.

use std::time::Duration;

use http::header::HeaderMap;
use http::{Method, StatusCode};

/// When and how often a call is tried again.
///
/// A call is retried after a connection error or a 429, 502, 503 or 504 answer, at most
/// `max_attempts` times in all. It waits as `Retry-After` says when the answer has one (up
/// to `max_retry_after`; an answer asking for longer is returned as it is), and otherwise
/// a random time between zero and `base_delay * 2^(attempt - 1)`, capped at `max_delay`
/// ("full jitter"). Only `GET` and `HEAD` are retried unless `retry_non_idempotent` is set,
/// because another method may have taken effect even when the answer was lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; `1` turns retries off.
    pub max_attempts: u32,
    /// The backoff before the second attempt, doubled for each further one.
    pub base_delay: Duration,
    /// The longest backoff.
    pub max_delay: Duration,
    /// The longest wait a `Retry-After` header is followed for.
    pub max_retry_after: Duration,
    /// Whether methods other than `GET` and `HEAD` are retried too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The backoff after failed attempt number `attempt` (from 1), with full jitter.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1_u32 << exponent)
            .min(self.max_delay);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=millis))
    }

    /// Whether calls with `method` may be retried under this policy.
    pub fn allows(&self, method: &Method) -> bool {
        self.retry_non_idempotent || *method == Method::GET || *method == Method::HEAD
    }
}

/// Whether an answer with `status` is worth another attempt.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP-date. `None` when
/// the header is absent or does not parse.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}
