//! Instants as milliseconds since the epoch, and their RFC 3339 rendering on the wire.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// `2024-01-15T10:30:00.000Z`: fixed width, so text order is time order.
pub fn rfc3339(ms: i64) -> String {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

/// Reads an RFC 3339 date-time, or a bare `YYYY-MM-DD` date (taken as midnight UTC).
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some((at.unix_timestamp_nanos() / 1_000_000) as i64);
    }
    let date = time::Date::parse(
        text,
        &time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    Some(date.midnight().assume_utc().unix_timestamp() * 1000)
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
