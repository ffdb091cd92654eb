//! The calendar and the lot: the dealer's settings, a test drive's slot and when two
//! slots double-book a vehicle, the range a calendar asks for, and how many days a car
//! has been on the lot. The server and the console's offline checks call these same
//! functions, so a double booking or an aging filter means the same on both sides.

use super::dates::{instant, parse_instant, rfc3339};
use super::{Checked, Invalid};
use crate::calendar::{NO_SHOW_AFTER_MINUTES_RANGE, TEST_DRIVE_MINUTES_RANGE};
use crate::{AgingBucket, AgingStats, DealerSettings, DealerSettingsUpdate, TestDrive};
use crate::{TestDriveStatus, VehicleQuery};

/// A day in milliseconds: days on the lot are whole UTC days of 86 400 s.
pub const DAY_MS: i64 = 86_400_000;
const MINUTE_MS: i64 = 60_000;

/// The longest slot a drive can hold, so a search for overlaps can stop looking earlier.
pub const MAX_SLOT_MINUTES: u32 = TEST_DRIVE_MINUTES_RANGE.1;

/// Applies a settings change, checking each field given (at least one).
pub fn apply_dealer_settings_update(
    settings: &mut DealerSettings,
    change: &DealerSettingsUpdate,
) -> Checked<()> {
    if change == &DealerSettingsUpdate::default() {
        return Err(Invalid::new(
            "body",
            "Send at least one of testDriveMinutes, noShowAfterMinutes",
        ));
    }
    let within = |field: &str, value: Option<i64>, (min, max): (u32, u32)| -> Checked<_> {
        match value {
            None => Ok(None),
            Some(v) if (i64::from(min)..=i64::from(max)).contains(&v) => Ok(Some(v as u32)),
            Some(_) => Err(Invalid::new(
                field,
                format!("{field} must be a whole number of minutes from {min} to {max}"),
            )),
        }
    };
    let minutes = within(
        "testDriveMinutes",
        change.test_drive_minutes,
        TEST_DRIVE_MINUTES_RANGE,
    )?;
    let no_show = within(
        "noShowAfterMinutes",
        change.no_show_after_minutes,
        NO_SHOW_AFTER_MINUTES_RANGE,
    )?;
    if let Some(minutes) = minutes {
        settings.test_drive_minutes = minutes;
    }
    if let Some(no_show) = no_show {
        settings.no_show_after_minutes = no_show;
    }
    Ok(())
}

/// A test drive's time on the calendar: `[start, start + minutes)`, so a drive ending at
/// 10:30 and one starting at 10:30 do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Milliseconds since the epoch.
    pub start_ms: i64,
    pub minutes: u32,
}

impl Slot {
    pub fn end_ms(self) -> i64 {
        self.start_ms + i64::from(self.minutes) * MINUTE_MS
    }

    pub fn overlaps(self, other: Slot) -> bool {
        self.start_ms < other.end_ms() && other.start_ms < self.end_ms()
    }
}

/// Where a drive's slot starts: its `scheduledAt`, else its preferred date (a bare date
/// is midnight UTC); `None` when it has neither.
pub fn slot_start(scheduled_at: Option<&str>, preferred_date: Option<&str>) -> Option<i64> {
    scheduled_at
        .and_then(parse_instant)
        .or_else(|| preferred_date.and_then(parse_instant))
}

/// A drive's slot, as the calendar shows it and the double-booking check sees it.
pub fn slot_of(drive: &TestDrive) -> Option<Slot> {
    slot_start(
        drive.scheduled_at.as_deref(),
        drive.preferred_date.as_deref(),
    )
    .map(|start_ms| Slot {
        start_ms,
        minutes: drive.duration_minutes,
    })
}

/// Whether a change takes the dealer's current length and a new place on the calendar:
/// a drive that becomes confirmed, or one that moves (`moved`). One that ends up
/// confirmed that way must then not double-book its vehicle ([`double_booking`]).
pub fn takes_new_slot(before: TestDriveStatus, after: TestDriveStatus, moved: bool) -> bool {
    moved || (after == TestDriveStatus::Confirmed && before != after)
}

/// The drive that `slot` would double-book: a confirmed drive of `vehicle_id`, other
/// than `drive_id`, whose slot overlaps it. Pending and settled drives never block.
pub fn double_booking<'a>(
    drive_id: &str,
    vehicle_id: &str,
    slot: Slot,
    others: impl IntoIterator<Item = &'a TestDrive>,
) -> Option<&'a TestDrive> {
    others.into_iter().find(|other| {
        other.id != drive_id
            && other.vehicle_id == vehicle_id
            && other.status == TestDriveStatus::Confirmed
            && slot_of(other).is_some_and(|theirs| theirs.overlaps(slot))
    })
}

/// What a refused double booking says (the API's 409 message): the other drive's id and
/// its slot, so a client can show both.
pub fn double_booking_message(other: &TestDrive) -> String {
    let (start, end) = slot_of(other)
        .map(|s| (rfc3339(s.start_ms), rfc3339(s.end_ms())))
        .unwrap_or_default();
    format!(
        "This slot overlaps confirmed test drive {} of the same vehicle ({start} to {end})",
        other.id
    )
}

/// `from` and `to` of the test-drive list, as milliseconds: slots starting in
/// `[from, to)`. A `from` at or after `to` finds nothing.
pub fn slot_range(from: Option<&str>, to: Option<&str>) -> Checked<(Option<i64>, Option<i64>)> {
    let from = from.map(|at| instant("from", at)).transpose()?;
    let to = to.map(|at| instant("to", at)).transpose()?;
    Ok((from, to))
}

/// Whether a slot starting at `start_ms` lies in the range [`slot_range`] read.
pub fn in_slot_range(start_ms: i64, (from, to): (Option<i64>, Option<i64>)) -> bool {
    from.is_none_or(|from| start_ms >= from) && to.is_none_or(|to| start_ms < to)
}

/// Whole days a car listed at `listed_ms` has been on the lot at `now_ms` (UTC
/// milliseconds of the server's clock): `floor((now - listed) / 86 400 000)`, and 0 for a
/// listing dated in the future.
pub fn days_on_lot(listed_ms: i64, now_ms: i64) -> u32 {
    u32::try_from(now_ms.saturating_sub(listed_ms).max(0) / DAY_MS).unwrap_or(u32::MAX)
}

/// The listing instants `minDaysOnLot` and `maxDaysOnLot` keep at `now_ms`, as bounds on
/// `listedDate` that an index can use: `days_on_lot(l, now) >= min` exactly when `l <=
/// at_most`, and `<= max` exactly when `l > after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListedBounds {
    /// Listed at or before this instant.
    pub at_most: Option<i64>,
    /// Listed strictly after this instant.
    pub after: Option<i64>,
}

impl ListedBounds {
    pub fn contains(self, listed_ms: i64) -> bool {
        self.at_most.is_none_or(|at| listed_ms <= at) && self.after.is_none_or(|a| listed_ms > a)
    }
}

pub fn listed_bounds(query: &VehicleQuery, now_ms: i64) -> ListedBounds {
    ListedBounds {
        // Every car has at least 0 days, future listings included.
        at_most: query
            .min_days_on_lot
            .filter(|min| *min > 0)
            .map(|min| now_ms - i64::from(min) * DAY_MS),
        after: query
            .max_days_on_lot
            .map(|max| now_ms - (i64::from(max) + 1) * DAY_MS),
    }
}

/// The aging chart's buckets: (label, first day, last day or open-ended).
pub const AGING_BUCKETS: [(&str, u32, Option<u32>); 4] = [
    ("0-30", 0, Some(30)),
    ("31-60", 31, Some(60)),
    ("61-90", 61, Some(90)),
    ("91+", 91, None),
];

/// Which of [`AGING_BUCKETS`] a car with `days` on the lot falls in.
pub fn aging_bucket(days: u32) -> usize {
    AGING_BUCKETS
        .iter()
        .position(|(_, _, max)| max.is_none_or(|max| days <= max))
        .unwrap_or(AGING_BUCKETS.len() - 1)
}

/// The aging stats of stock whose days on the lot are `days`.
pub fn aging_stats(days: impl IntoIterator<Item = u32>) -> AgingStats {
    let mut counts = [0u64; AGING_BUCKETS.len()];
    let mut total_days = 0u64;
    for d in days {
        counts[aging_bucket(d)] += 1;
        total_days += u64::from(d);
    }
    aging_stats_from(counts, total_days)
}

/// The aging stats from each bucket's count and the days summed over the stock: the mean
/// to one decimal, 0 without stock.
pub fn aging_stats_from(counts: [u64; AGING_BUCKETS.len()], total_days: u64) -> AgingStats {
    let stock: u64 = counts.iter().sum();
    let average = if stock == 0 {
        0.0
    } else {
        (total_days as f64 / stock as f64 * 10.0).round() / 10.0
    };
    AgingStats {
        average_days_on_lot: average,
        buckets: AGING_BUCKETS
            .iter()
            .zip(counts)
            .map(|((label, min_days, max_days), count)| AgingBucket {
                label: (*label).to_owned(),
                min_days: *min_days,
                max_days: *max_days,
                count,
            })
            .collect(),
    }
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // the tables read best with their types spelled out
mod tests {
    use super::*;

    const T: i64 = 1_764_580_000_000;

    fn drive(id: &str, status: TestDriveStatus, at: Option<&str>, minutes: u32) -> TestDrive {
        TestDrive {
            id: id.into(),
            vehicle_id: "v".into(),
            vehicle_name: None,
            customer_id: None,
            name: "Ada".into(),
            email: "ada@x.com".into(),
            phone: None,
            preferred_date: Some("2026-12-01".into()),
            scheduled_at: at.map(str::to_owned),
            status,
            notes: None,
            created_date: rfc3339(T),
            updated_date: rfc3339(T),
            version: 1,
            duration_minutes: minutes,
        }
    }

    #[test]
    fn settings_changes_are_checked_field_by_field() {
        let change = |minutes: Option<i64>, no_show: Option<i64>| DealerSettingsUpdate {
            test_drive_minutes: minutes,
            no_show_after_minutes: no_show,
        };
        let table: Vec<(DealerSettingsUpdate, Result<(u32, u32), &str>)> = vec![
            (change(Some(45), None), Ok((45, 60))),
            (change(None, Some(0)), Ok((30, 0))),
            (change(Some(480), Some(1440)), Ok((480, 1440))),
            (
                change(None, None),
                Err("Send at least one of testDriveMinutes, noShowAfterMinutes"),
            ),
            (
                change(Some(4), Some(10)),
                Err("testDriveMinutes must be a whole number of minutes from 5 to 480"),
            ),
            (
                change(Some(30), Some(-1)),
                Err("noShowAfterMinutes must be a whole number of minutes from 0 to 1440"),
            ),
            (
                change(Some(i64::MAX), None),
                Err("testDriveMinutes must be a whole number of minutes from 5 to 480"),
            ),
        ];
        for (change, expected) in table {
            let mut settings = DealerSettings::default();
            let got = apply_dealer_settings_update(&mut settings, &change)
                .map(|()| (settings.test_drive_minutes, settings.no_show_after_minutes))
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{change:?}");
        }
    }

    #[test]
    fn slots_are_half_open() {
        let ten = Slot {
            start_ms: T,
            minutes: 30,
        };
        let half_past = Slot {
            start_ms: T + 30 * MINUTE_MS,
            minutes: 30,
        };
        assert!(!ten.overlaps(half_past) && !half_past.overlaps(ten));
        let quarter_past = Slot {
            start_ms: T + 15 * MINUTE_MS,
            minutes: 5,
        };
        assert!(ten.overlaps(quarter_past) && quarter_past.overlaps(ten));
        let longer = Slot { minutes: 31, ..ten };
        assert!(longer.overlaps(half_past));
    }

    #[test]
    fn only_confirmed_drives_of_the_same_vehicle_block() {
        use TestDriveStatus::*;
        let at = "2026-12-01T10:00:00Z";
        let slot = Slot {
            start_ms: parse_instant(at).unwrap(),
            minutes: 30,
        };
        let mut other_vehicle = drive("b", Confirmed, Some(at), 30);
        other_vehicle.vehicle_id = "w".into();
        let others = [
            drive("a", Pending, Some(at), 30),
            other_vehicle,
            drive("c", Completed, Some(at), 30),
            drive("me", Confirmed, Some(at), 30),
            drive("d", Confirmed, Some("2026-12-01T10:30:00Z"), 30),
        ];
        assert_eq!(double_booking("me", "v", slot, &others), None);
        let blocking = drive("e", Confirmed, Some("2026-12-01T09:45:00Z"), 30);
        let found = double_booking("me", "v", slot, [&blocking]).unwrap();
        assert_eq!(found.id, "e");
        assert_eq!(
            double_booking_message(found),
            "This slot overlaps confirmed test drive e of the same vehicle \
             (2026-12-01T09:45:00.000Z to 2026-12-01T10:15:00.000Z)"
        );
        // Without a schedule, the preferred date is the slot.
        let unscheduled = drive("f", Confirmed, None, 30);
        let midnight = Slot {
            start_ms: parse_instant("2026-12-01").unwrap(),
            minutes: 30,
        };
        assert!(double_booking("me", "v", midnight, [&unscheduled]).is_some());
    }

    #[test]
    fn ranges_are_half_open_and_checked() {
        let range = slot_range(Some("2026-12-01"), Some("2026-12-02T00:00:00Z")).unwrap();
        let day = parse_instant("2026-12-01").unwrap();
        assert!(in_slot_range(day, range));
        assert!(in_slot_range(day + DAY_MS - 1, range));
        assert!(!in_slot_range(day + DAY_MS, range));
        assert!(!in_slot_range(day - 1, range));
        assert!(in_slot_range(0, (None, None)));
        assert_eq!(
            slot_range(Some("soon"), None).map_err(|e| e.to_string()),
            Err("from must be a date (YYYY-MM-DD) or an RFC 3339 date-time".to_owned())
        );
        assert_eq!(
            slot_range(None, Some("")).map_err(|e| e.to_string()),
            Err("to must be a date (YYYY-MM-DD) or an RFC 3339 date-time".to_owned())
        );
    }

    #[test]
    fn days_on_lot_are_whole_utc_days_and_bounds_match_them() {
        assert_eq!(days_on_lot(T, T), 0);
        assert_eq!(days_on_lot(T, T + DAY_MS - 1), 0);
        assert_eq!(days_on_lot(T, T + DAY_MS), 1);
        assert_eq!(
            days_on_lot(T + 5 * DAY_MS, T),
            0,
            "a future listing has 0 days"
        );
        assert_eq!(days_on_lot(i64::MIN, i64::MAX), u32::MAX);
        for (min, max) in [
            (None, None),
            (Some(0), Some(0)),
            (Some(3), None),
            (None, Some(2)),
            (Some(2), Some(5)),
            (Some(6), Some(1)),
        ] {
            let query = VehicleQuery {
                min_days_on_lot: min,
                max_days_on_lot: max,
                ..VehicleQuery::default()
            };
            let bounds = listed_bounds(&query, T);
            for offset in (-2 * DAY_MS..8 * DAY_MS)
                .step_by((DAY_MS / 4) as usize)
                .chain([DAY_MS - 1, 3 * DAY_MS, 3 * DAY_MS - 1, 3 * DAY_MS + 1])
            {
                let listed = T - offset;
                let days = days_on_lot(listed, T);
                let expected = min.is_none_or(|m| days >= m) && max.is_none_or(|m| days <= m);
                assert_eq!(
                    bounds.contains(listed),
                    expected,
                    "{min:?}..{max:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn aging_buckets_cover_every_day_once() {
        assert_eq!(aging_bucket(0), 0);
        assert_eq!(aging_bucket(30), 0);
        assert_eq!(aging_bucket(31), 1);
        assert_eq!(aging_bucket(90), 2);
        assert_eq!(aging_bucket(91), 3);
        assert_eq!(aging_bucket(u32::MAX), 3);
        let stats = aging_stats([0, 10, 31, 200, 95]);
        let counts: Vec<u64> = stats.buckets.iter().map(|b| b.count).collect();
        assert_eq!(counts, [2, 1, 0, 2]);
        assert_eq!(stats.average_days_on_lot, 67.2);
        assert_eq!(stats.buckets[3].max_days, None);
        assert_eq!(aging_stats([]).average_days_on_lot, 0.0);
    }
}
