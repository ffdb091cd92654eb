//! Instants as milliseconds since the epoch, and their RFC 3339 rendering on the wire.

use time::OffsetDateTime;

pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// `2024-01-15T10:30:00.000Z`: fixed width, so text order is time order (the rule
/// book's rendering, which the console shows offline too).
pub fn rfc3339(ms: i64) -> String {
    carstrel_model::rules::rfc3339(ms)
}

/// Reads an RFC 3339 date-time, or a bare `YYYY-MM-DD` date (taken as midnight UTC).
pub fn parse(text: &str) -> Option<i64> {
    carstrel_model::rules::parse_instant(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_parses_round_trip() {
        let ms = 1_705_314_600_123;
        assert_eq!(rfc3339(ms), "2024-01-15T10:30:00.123Z");
        assert_eq!(parse(&rfc3339(ms)), Some(ms));
        assert_eq!(parse("2024-01-15"), Some(1_705_276_800_000));
        assert_eq!(parse("next tuesday"), None);
    }
}
