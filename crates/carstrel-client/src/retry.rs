//! When and how long to wait before trying a request again: exponential backoff with
//! jitter, `Retry-After` and `X-RateLimit-Reset` on 429, and the retry settings of
//! [`ClientBuilder`](crate::ClientBuilder).

use crate::rate_limit::RateLimit;
use rand::Rng;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::time::Duration;

/// Retry and timeout settings.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `max_retries + 1` attempts at most).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it.
    pub base_delay: Duration,
    /// The longest backoff between two attempts (server-requested waits may be longer,
    /// within the time budget).
    pub max_delay: Duration,
    /// The total time a call may take, waits and retries included.
    pub time_budget: Duration,
    /// The longest a single attempt may take.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            time_budget: Duration::from_secs(60),
            timeout: Duration::from_secs(30),
        }
    }
}

/// Statuses worth another attempt: the server refused before doing anything (429) or a
/// gateway or the server could not answer (502, 503, 504).
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Network failures worth another attempt: anything but a request that could not be
/// built, a redirect loop, or a body that is not what we expected.
pub(crate) fn is_retryable_error(err: &reqwest::Error) -> bool {
    !(err.is_builder() || err.is_redirect() || err.is_decode())
}

impl RetryPolicy {
    /// Exponential backoff before retry number `attempt + 1`, with "equal jitter": half
    /// the delay fixed, half random, so that clients that failed together spread out.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << attempt.min(20));
        let capped = exp.min(self.max_delay);
        let half = capped / 2;
        half + jitter(half)
    }

    /// The wait before retrying a response with a retryable status: what the server asked
    /// for (`Retry-After`, else `X-RateLimit-Reset` on a 429), plus a little jitter; the
    /// exponential backoff when it said nothing.
    pub(crate) fn delay_for(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        attempt: u32,
    ) -> Duration {
        let asked = retry_after(headers).or_else(|| {
            (status == StatusCode::TOO_MANY_REQUESTS)
                .then(|| RateLimit::from_headers(headers).map(|r| r.reset_in()))
                .flatten()
        });
        match asked {
            Some(wait) => wait + jitter(self.base_delay),
            None => self.backoff(attempt),
        }
    }
}

/// A uniformly random duration in `[0, max]`.
pub(crate) fn jitter(max: Duration) -> Duration {
    if max.is_zero() {
        return Duration::ZERO;
    }
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(rand::thread_rng().gen_range(0..=nanos))
}

/// `Retry-After` in seconds (the form this API sends). HTTP dates are not read; the
/// rate-limit reset or the backoff applies instead.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            ..RetryPolicy::default()
        }
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = policy();
        for _ in 0..50 {
            let first = p.backoff(0);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = p.backoff(2);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = p.backoff(30);
            assert!(late >= Duration::from_secs(1) && late <= Duration::from_secs(2));
        }
    }

    #[test]
    fn retry_after_wins_over_backoff() {
        let p = policy();
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("3"));
        let wait = p.delay_for(StatusCode::TOO_MANY_REQUESTS, &headers, 0);
        assert!(wait >= Duration::from_secs(3) && wait <= Duration::from_millis(3100));
        let wait = p.delay_for(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), 1);
        assert!(wait <= Duration::from_millis(200));
    }

    #[test]
    fn only_transient_statuses_are_retried() {
        for code in [429, 502, 503, 504] {
            assert!(is_retryable_status(StatusCode::from_u16(code).unwrap()));
        }
        for code in [400, 401, 404, 409, 412, 422, 500] {
            assert!(!is_retryable_status(StatusCode::from_u16(code).unwrap()));
        }
    }
}
