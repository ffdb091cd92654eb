//! The key's rate-limit budget as the server last reported it (`X-RateLimit-Limit`,
//! `X-RateLimit-Remaining`, `X-RateLimit-Reset`), readable through
//! [`Client::rate_limit`](crate::Client::rate_limit).

use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the API key stands in its current rate-limit window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: u32,
    /// Requests left in the current window.
    pub remaining: u32,
    /// When the window resets, in Unix seconds.
    pub reset: u64,
}

impl RateLimit {
    /// Reads the three `X-RateLimit-*` headers; `None` unless all are present and valid.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        Some(RateLimit {
            limit: u32::try_from(number("x-ratelimit-limit")?).ok()?,
            remaining: u32::try_from(number("x-ratelimit-remaining")?).ok()?,
            reset: number("x-ratelimit-reset")?,
        })
    }

    /// The moment the window resets.
    pub fn reset_at(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.reset)
    }

    /// How long until the window resets (zero if it already has).
    pub fn reset_in(&self) -> Duration {
        self.reset_at()
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
    }

    /// Whether the budget is spent and the window has not reset yet.
    pub fn is_exhausted(&self) -> bool {
        self.remaining == 0 && !self.reset_in().is_zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn reads_the_headers() {
        let mut headers = HeaderMap::new();
        assert_eq!(RateLimit::from_headers(&headers), None);
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("1000"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("998"));
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("1700000000"));
        let state = RateLimit::from_headers(&headers).unwrap();
        assert_eq!(
            state,
            RateLimit {
                limit: 1000,
                remaining: 998,
                reset: 1_700_000_000
            }
        );
        assert_eq!(state.reset_in(), Duration::ZERO);
        assert!(!state.is_exhausted());
    }
}
