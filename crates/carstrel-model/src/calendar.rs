//! The dealer's calendar settings (an addition to the docs): how long a test drive lasts
//! and how long after its end an unmarked confirmed drive becomes a no-show.

use crate::wire;

/// A drive's length when the dealer has not set one.
pub const DEFAULT_TEST_DRIVE_MINUTES: u32 = 30;
/// How long after a confirmed drive's end it is marked a no-show, unless the dealer says.
pub const DEFAULT_NO_SHOW_AFTER_MINUTES: u32 = 60;
/// Serde's default for a drive's `durationMinutes`.
pub fn default_test_drive_minutes() -> u32 {
    DEFAULT_TEST_DRIVE_MINUTES
}

/// Bounds of `testDriveMinutes`: five minutes to a working day.
pub const TEST_DRIVE_MINUTES_RANGE: (u32, u32) = (5, 480);
/// Bounds of `noShowAfterMinutes`: at once to a whole day.
pub const NO_SHOW_AFTER_MINUTES_RANGE: (u32, u32) = (0, 1440);

wire! {
/// `GET /external/settings`: the dealer's settings, per environment.
pub struct DealerSettings {
    /// Length given to a test drive when it is confirmed or moved (default 30).
    pub test_drive_minutes: u32,
    /// Minutes after a confirmed drive's slot ends before it becomes `no_show` by itself
    /// (default 60).
    pub no_show_after_minutes: u32,
}
}

impl Default for DealerSettings {
    fn default() -> Self {
        DealerSettings {
            test_drive_minutes: DEFAULT_TEST_DRIVE_MINUTES,
            no_show_after_minutes: DEFAULT_NO_SHOW_AFTER_MINUTES,
        }
    }
}

wire! {
/// `PATCH /external/settings`: absent fields stay as they are; at least one is needed.
/// Integers are read wide so that an out-of-range value gets the rule's message.
#[derive(Default)]
#[serde(deny_unknown_fields)]
pub struct DealerSettingsUpdate {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::integral::option"
    )]
    pub test_drive_minutes: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::integral::option"
    )]
    pub no_show_after_minutes: Option<i64>,
}
}
