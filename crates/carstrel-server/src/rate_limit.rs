//! Per-key request budgets in fixed windows (an hour by default, seed 002).

use std::collections::HashMap;
use std::sync::Mutex;

/// Where a key stands in its current window, for the `X-RateLimit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitState {
    pub limit: u32,
    pub remaining: u32,
    /// Unix seconds at which the window resets.
    pub reset_at: i64,
    pub allowed: bool,
}

#[derive(Debug)]
pub struct RateLimiter {
    window_secs: i64,
    counters: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    pub fn new(window_secs: u64) -> Self {
        RateLimiter {
            window_secs: window_secs.max(1) as i64,
            counters: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `key_id` at `now_secs` against `limit`.
    pub fn hit(&self, key_id: &str, limit: u32, now_secs: i64) -> RateLimitState {
        let window_start = now_secs - now_secs.rem_euclid(self.window_secs);
        let reset_at = window_start + self.window_secs;
        let mut counters = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        let entry = counters
            .entry(key_id.to_owned())
            .or_insert((window_start, 0));
        if entry.0 != window_start {
            *entry = (window_start, 0);
        }
        let allowed = entry.1 < limit;
        if allowed {
            entry.1 += 1;
        }
        RateLimitState {
            limit,
            remaining: limit - entry.1,
            reset_at,
            allowed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_then_refuses_until_the_window_turns() {
        let limiter = RateLimiter::new(3600);
        let t = 7200;
        assert_eq!(limiter.hit("k", 2, t).remaining, 1);
        assert_eq!(limiter.hit("k", 2, t + 1).remaining, 0);
        let refused = limiter.hit("k", 2, t + 2);
        assert!(!refused.allowed);
        assert_eq!(refused.reset_at, 10_800);
        assert!(limiter.hit("k", 2, 10_800).allowed);
        assert!(limiter.hit("other", 2, t + 2).allowed);
    }
}
