//! `GET /external/leads/stats/summary`: how many leads, where from, how fast they were
//! answered, and how many were won.

use crate::{wire, LeadSource, LeadStatus};
use serde::{Deserialize, Serialize};

/// Leads per status; every status is present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub struct LeadStatusCounts {
    pub new: u64,
    pub contacted: u64,
    pub qualified: u64,
    pub won: u64,
    pub lost: u64,
}

impl LeadStatusCounts {
    pub fn add(&mut self, status: LeadStatus, n: u64) {
        *match status {
            LeadStatus::New => &mut self.new,
            LeadStatus::Contacted => &mut self.contacted,
            LeadStatus::Qualified => &mut self.qualified,
            LeadStatus::Won => &mut self.won,
            LeadStatus::Lost => &mut self.lost,
        } += n;
    }
}

/// Leads per source, keyed as the sources are spelled; every source is present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub struct LeadSourceCounts {
    pub contact_form: u64,
    pub test_drive: u64,
    pub registration: u64,
    pub newsletter: u64,
    pub walk_in: u64,
    pub phone: u64,
    pub other: u64,
}

impl LeadSourceCounts {
    pub fn add(&mut self, source: LeadSource, n: u64) {
        *match source {
            LeadSource::ContactForm => &mut self.contact_form,
            LeadSource::TestDrive => &mut self.test_drive,
            LeadSource::Registration => &mut self.registration,
            LeadSource::Newsletter => &mut self.newsletter,
            LeadSource::WalkIn => &mut self.walk_in,
            LeadSource::Phone => &mut self.phone,
            LeadSource::Other => &mut self.other,
        } += n;
    }
}

wire! {
/// `GET /external/leads/stats/summary`.
pub struct LeadStats {
    pub total: u64,
    pub by_status: LeadStatusCounts,
    pub by_source: LeadSourceCounts,
    /// The median, over leads answered so far, of the minutes from creation to the first
    /// move away from `new`; `null` before the first answer.
    pub median_first_response_minutes: Option<f64>,
    /// won ÷ (won + lost); `null` while neither happened.
    pub conversion_rate: Option<f64>,
    /// Leads created since midnight UTC.
    pub new_today: u64,
}
}

/// `medianFirstResponseMinutes` of the waits (ms from creation to the first answer) of
/// the leads answered so far, to a tenth of a minute; `None` before the first answer.
/// The server and the console's offline stats both compute it here.
pub fn median_first_response_minutes(waits_ms: &[i64]) -> Option<f64> {
    let mut minutes: Vec<f64> = waits_ms.iter().map(|&w| w as f64 / 60_000.0).collect();
    median(&mut minutes).map(|m| (m * 10.0).round() / 10.0)
}

/// `conversionRate`: won ÷ (won + lost) to four decimals; `None` while neither happened.
pub fn conversion_rate(won: u64, lost: u64) -> Option<f64> {
    let settled = won + lost;
    (settled > 0).then(|| (won as f64 / settled as f64 * 10_000.0).round() / 10_000.0)
}

/// The median of `values` (sorted or not); `None` for none.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_response_and_conversion_are_rounded() {
        assert_eq!(median_first_response_minutes(&[]), None);
        assert_eq!(median_first_response_minutes(&[60_000, 130_000]), Some(1.6));
        assert_eq!(conversion_rate(0, 0), None);
        assert_eq!(conversion_rate(1, 2), Some(0.3333));
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn counts_serialize_with_the_spelling_of_their_keys() {
        let mut by_source = LeadSourceCounts::default();
        by_source.add(LeadSource::WalkIn, 2);
        let json = serde_json::to_value(by_source).unwrap();
        assert_eq!(json["walk_in"], 2);
        assert_eq!(json["contact_form"], 0);
    }
}
