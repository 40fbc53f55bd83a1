//! The sandbox's clock: the real time, or a moment that tests set and move by hand.
//!
//! Timestamps (creation, events, quote expiry) come from here. Prices never do, so the
//! same request is priced the same whatever the time.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

/// A moment, as the API's models carry it.
pub type Timestamp = DateTime<FixedOffset>;

/// Where the sandbox reads the time. Clones share the same clock.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    fixed: Arc<Mutex<Option<DateTime<Utc>>>>,
}

impl Clock {
    /// The real time.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that stands still at `at` until it is set or advanced.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self {
            fixed: Arc::new(Mutex::new(Some(at))),
        }
    }

    /// The current moment, to the second.
    pub fn now(&self) -> Timestamp {
        let fixed = *self.fixed.lock().unwrap_or_else(PoisonError::into_inner);
        let now = fixed.unwrap_or_else(Utc::now);
        let whole = now.timestamp();
        DateTime::from_timestamp(whole, 0)
            .unwrap_or(now)
            .fixed_offset()
    }

    /// Stops the clock at `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        *self.fixed.lock().unwrap_or_else(PoisonError::into_inner) = Some(at);
    }

    /// Moves the clock forward by `by`; a real clock becomes a fixed one.
    pub fn advance(&self, by: TimeDelta) {
        let mut fixed = self.fixed.lock().unwrap_or_else(PoisonError::into_inner);
        let now = fixed.unwrap_or_else(Utc::now);
        *fixed = Some(now + by);
    }
}
