//! Dates and instants: what a client may send (an RFC 3339 date-time or a bare
//! `YYYY-MM-DD` date), and how the API writes an instant back.

use super::{Checked, Invalid};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// An RFC 3339 date-time, or a bare `YYYY-MM-DD` date (taken as midnight UTC), as
/// milliseconds since the epoch. Surrounding spaces are ignored.
pub fn parse_instant(text: &str) -> Option<i64> {
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

/// A date field a client sent (`scheduledAt`, `preferredDate`), read as
/// [`parse_instant`] reads it.
pub fn instant(field: &str, text: &str) -> Checked<i64> {
    parse_instant(text).ok_or_else(|| {
        Invalid::new(
            field,
            format!("{field} must be a date (YYYY-MM-DD) or an RFC 3339 date-time"),
        )
    })
}

/// `2024-01-15T10:30:00.000Z`: how the API writes an instant. Fixed width, so text order
/// is time order, and a record edited offline shows the date exactly as the server will.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_are_accepted() {
        let refused = Err("scheduledAt must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
        let table: &[(&str, Result<i64, &str>)] = &[
            ("2024-01-15T10:30:00.123Z", Ok(1_705_314_600_123)),
            ("2024-01-15T11:30:00.123+01:00", Ok(1_705_314_600_123)),
            (" 2024-01-15T10:30:00Z ", Ok(1_705_314_600_000)),
            // The drift bug: the console once refused a bare date the server took.
            ("2024-01-15", Ok(1_705_276_800_000)),
            ("2024-02-30", refused),
            ("2024-1-5", refused),
            ("15/01/2024", refused),
            ("next tuesday", refused),
            ("", refused),
        ];
        for (text, expected) in table {
            let got = instant("scheduledAt", text).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{text:?}");
        }
    }

    #[test]
    fn instants_render_as_the_api_writes_them() {
        for (ms, text) in [
            (1_705_314_600_123, "2024-01-15T10:30:00.123Z"),
            (1_705_276_800_000, "2024-01-15T00:00:00.000Z"),
            (0, "1970-01-01T00:00:00.000Z"),
        ] {
            assert_eq!(rfc3339(ms), text);
            assert_eq!(parse_instant(text), Some(ms));
        }
    }
}
