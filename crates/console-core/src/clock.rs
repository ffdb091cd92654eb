//! Instants as the API writes them: milliseconds since the epoch inside, RFC 3339 with
//! milliseconds on the wire (the server's own rendering, so the two never disagree).

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// `ms` as the API renders an instant (`2024-01-15T10:30:00.000Z`).
pub fn rfc3339(ms: i64) -> String {
    carstrel_server::clock::rfc3339(ms)
}

/// The instant of an RFC 3339 date-time, or `None` when it is not one.
pub fn parse_ms(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .map(|at| (at.unix_timestamp_nanos() / 1_000_000) as i64)
}
