//! Test-drive requests: created by a dealer's site, worked by the dealer's staff.

use crate::wire;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TestDriveStatus {
    Pending,
    Confirmed,
    Completed,
    Cancelled,
    NoShow,
}

impl TestDriveStatus {
    pub const ALL: [TestDriveStatus; 5] = [
        TestDriveStatus::Pending,
        TestDriveStatus::Confirmed,
        TestDriveStatus::Completed,
        TestDriveStatus::Cancelled,
        TestDriveStatus::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TestDriveStatus::Pending => "pending",
            TestDriveStatus::Confirmed => "confirmed",
            TestDriveStatus::Completed => "completed",
            TestDriveStatus::Cancelled => "cancelled",
            TestDriveStatus::NoShow => "no_show",
        }
    }

    /// Whether staff may move a request from `self` to `next`: a pending request is
    /// confirmed or cancelled; a confirmed one is completed, marked a no-show or
    /// cancelled (or rescheduled, which keeps it confirmed); completed, cancelled and
    /// no-show requests are settled and move no more. Setting the current status again
    /// is no move, and allowed.
    pub fn can_become(self, next: TestDriveStatus) -> bool {
        use TestDriveStatus::*;
        self == next
            || matches!(
                (self, next),
                (Pending, Confirmed | Cancelled) | (Confirmed, Completed | Cancelled | NoShow)
            )
    }

    /// Completed, cancelled and no-show requests: nothing more happens to them.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            TestDriveStatus::Completed | TestDriveStatus::Cancelled | TestDriveStatus::NoShow
        )
    }
}

impl FromStr for TestDriveStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| {
            format!("status must be one of pending, confirmed, completed, cancelled, no_show (got {s:?})")
        })
    }
}

wire! {
/// `POST /external/test-drives`, as documented.
#[serde(deny_unknown_fields)]
pub struct CreateTestDriveRequest {
    pub vehicle_id: String,
    pub name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// A date (`2024-06-01`) or date-time (RFC 3339) the customer would like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_date: Option<String>,
}
}

wire! {
/// `PATCH /external/test-drives/:id`: staff work a request. `scheduledAt` and `notes`
/// take `null` to clear them.
#[derive(Default)]
#[serde(deny_unknown_fields)]
pub struct TestDriveUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TestDriveStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}
}

wire! {
pub struct TestDrive {
    pub id: String,
    pub vehicle_id: String,
    /// The listing's name at the time of the read, for lists that show it.
    pub vehicle_name: Option<String>,
    /// The dealer's customer with this email, when there is one.
    pub customer_id: Option<String>,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub preferred_date: Option<String>,
    pub scheduled_at: Option<String>,
    pub status: TestDriveStatus,
    pub notes: Option<String>,
    pub created_date: String,
    pub updated_date: String,
    pub version: i64,
    /// The slot's length: the dealer's `testDriveMinutes` when the drive was requested,
    /// taken again when it is confirmed or moved. Slots are half-open, `[start, start +
    /// duration)`. Copies cached before this field existed read as the default.
    #[serde(default = "crate::calendar::default_test_drive_minutes")]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub duration_minutes: u32,
}
}

#[cfg(test)]
mod tests {
    use super::TestDriveStatus::*;

    #[test]
    fn final_statuses_stay_final() {
        assert!(Pending.can_become(Confirmed));
        assert!(Confirmed.can_become(Completed));
        assert!(!Completed.can_become(Pending));
        assert!(!Cancelled.can_become(Confirmed));
        assert!(!NoShow.can_become(Completed));
        assert!(Completed.can_become(Completed));
    }

    #[test]
    fn each_status_offers_its_actions_only() {
        use super::TestDriveStatus;
        let moves = |from: TestDriveStatus| {
            TestDriveStatus::ALL
                .into_iter()
                .filter(|to| *to != from && from.can_become(*to))
                .collect::<Vec<_>>()
        };
        assert_eq!(moves(Pending), [Confirmed, Cancelled]);
        assert_eq!(moves(Confirmed), [Completed, Cancelled, NoShow]);
        for settled in [Completed, Cancelled, NoShow] {
            assert!(moves(settled).is_empty(), "{settled:?}");
            assert!(settled.is_settled());
        }
        assert!(!Pending.is_settled() && !Confirmed.is_settled());
    }
}
