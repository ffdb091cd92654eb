//! Customers: the per-dealer CRM record linked to a customer's account.

use crate::wire;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

wire! {
#[derive(Default)]
pub struct Phone {
    #[serde(default)]
    pub mobile: Option<String>,
    #[serde(default)]
    pub whatsapp: Option<String>,
}
}

wire! {
pub struct User {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<Phone>,
    pub profile_image_url: Option<String>,
}
}

wire! {
pub struct CustomerStatsBlock {
    pub total_purchases: u64,
    pub total_spent: f64,
    pub last_purchase_date: Option<String>,
    pub total_vehicles_purchased: u64,
    pub total_vehicles_rented: u64,
}
}

/// `new | regular | vip | at_risk`, derived from the record (see [`CustomerSegment::classify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CustomerSegment {
    New,
    Regular,
    Vip,
    AtRisk,
}

/// A customer whose last purchase is older than this is `at_risk`.
pub const AT_RISK_AFTER_DAYS: i64 = 365;

impl CustomerSegment {
    pub const ALL: [CustomerSegment; 4] = [
        CustomerSegment::New,
        CustomerSegment::Regular,
        CustomerSegment::Vip,
        CustomerSegment::AtRisk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomerSegment::New => "new",
            CustomerSegment::Regular => "regular",
            CustomerSegment::Vip => "vip",
            CustomerSegment::AtRisk => "at_risk",
        }
    }

    /// The one rule for segments, shared by the server's SQL and the console's cache:
    /// VIP wins; no purchase yet is `new`; a last purchase over a year ago is `at_risk`.
    pub fn classify(
        is_vip: bool,
        total_purchases: u64,
        last_purchase_ms: Option<i64>,
        now_ms: i64,
    ) -> Self {
        if is_vip {
            CustomerSegment::Vip
        } else if total_purchases == 0 {
            CustomerSegment::New
        } else if last_purchase_ms.is_some_and(|t| t < at_risk_cutoff_ms(now_ms)) {
            CustomerSegment::AtRisk
        } else {
            CustomerSegment::Regular
        }
    }
}

/// Purchases before this instant make a non-VIP customer `at_risk`.
pub fn at_risk_cutoff_ms(now_ms: i64) -> i64 {
    now_ms - AT_RISK_AFTER_DAYS * 24 * 3600 * 1000
}

impl FromStr for CustomerSegment {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("segment must be one of new, regular, vip, at_risk (got {s:?})"))
    }
}

wire! {
pub struct Classification {
    pub lead_score: i64,
    /// `PROSPECT`, `LEAD`, `CUSTOMER`, `REPEAT_CUSTOMER`.
    pub lifecycle_stage: String,
    pub customer_segment: CustomerSegment,
    pub is_vip: bool,
}
}

wire! {
#[derive(Default)]
pub struct PriceRange {
    pub min: Option<f64>,
    pub max: Option<f64>,
}
}

wire! {
/// What the dealer knows the customer is after. Unknown fields are refused (400) rather
/// than silently dropped.
#[derive(Default)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    #[serde(default)]
    pub vehicle_types: Vec<String>,
    #[serde(default)]
    pub brands: Vec<String>,
    #[serde(default)]
    pub price_range: Option<PriceRange>,
    #[serde(default)]
    pub contact_method: Option<String>,
}
}

wire! {
pub struct Customer {
    pub id: String,
    pub user: User,
    pub stats: CustomerStatsBlock,
    pub classification: Classification,
    pub preferences: Preferences,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub created_date: String,
    pub updated_date: String,
    /// Bumped on every change; `ETag` is `"v{version}"` and `If-Match` takes it back.
    pub version: i64,
}
}

wire! {
/// The documented PATCH response (`id, notes, tags, isVip, customerSegment`) plus the
/// whole updated record, so a client can refresh its copy without another GET.
pub struct CustomerUpdated {
    #[serde(flatten)]
    pub customer: Customer,
    pub is_vip: bool,
    pub customer_segment: CustomerSegment,
}
}

wire! {
/// `PATCH /external/customers/:id`. Absent fields are left as they are; at least one
/// field must be given.
#[derive(Default)]
#[serde(deny_unknown_fields)]
pub struct CustomerUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferences: Option<Preferences>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_vip: Option<bool>,
}
}

wire! {
#[derive(Default)]
pub struct SegmentBreakdown {
    pub new: u64,
    pub regular: u64,
    pub vip: u64,
    pub at_risk: u64,
}
}

wire! {
pub struct CustomerStats {
    pub total_customers: u64,
    pub vip_customers: u64,
    pub total_revenue: f64,
    /// Rounded to a whole unit, as documented (2 500 000 / 150 → 16 667).
    pub average_spent: f64,
    pub total_transactions: u64,
    pub average_lead_score: i64,
    pub new_customers_last30_days: u64,
    pub segment_breakdown: SegmentBreakdown,
}
}

/// Documented limits of the CRM fields (see [`crate::rules`]).
pub mod limits {
    pub const NOTES_MAX_CHARS: usize = 10_000;
    pub const TAGS_MAX: usize = 50;
    pub const TAG_MAX_CHARS: usize = 50;
    pub const SEARCH_MAX_CHARS: usize = 200;
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 3600 * 1000;

    #[test]
    fn segments_follow_the_rule() {
        let now = 1_000 * DAY;
        assert_eq!(
            CustomerSegment::classify(true, 0, None, now),
            CustomerSegment::Vip
        );
        assert_eq!(
            CustomerSegment::classify(false, 0, None, now),
            CustomerSegment::New
        );
        assert_eq!(
            CustomerSegment::classify(false, 2, Some(now - 10 * DAY), now),
            CustomerSegment::Regular
        );
        assert_eq!(
            CustomerSegment::classify(false, 2, Some(now - 400 * DAY), now),
            CustomerSegment::AtRisk
        );
    }

    #[test]
    fn customer_update_refuses_unknown_fields() {
        let json = serde_json::json!({"notes": "x", "isVip": true, "extra": 1});
        let err = serde_json::from_value::<CustomerUpdate>(json).unwrap_err();
        assert!(err.to_string().contains("unknown field `extra`"));
    }
}
