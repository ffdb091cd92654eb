//! CRM edits: notes, tags, preferences and VIP, and how an edit changes a customer.

use super::dates::{parse_instant, rfc3339};
use super::text::clean_text;
use super::{Checked, Invalid};
use crate::customer::limits;
use crate::{Customer, CustomerSegment, CustomerUpdate, Preferences};

/// Tags as the API keeps them: trimmed, non-empty, free of control characters, at most
/// [`limits::TAG_MAX_CHARS`] each, unique ignoring ASCII case (first spelling kept), at
/// most [`limits::TAGS_MAX`].
pub fn normalize_tags(tags: &[String]) -> Checked<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(Invalid::new("tags", "tags must not contain empty tags"));
        }
        if tag.chars().count() > limits::TAG_MAX_CHARS {
            return Err(Invalid::new(
                "tags",
                format!(
                    "each tag must be at most {} characters",
                    limits::TAG_MAX_CHARS
                ),
            ));
        }
        if tag.chars().any(char::is_control) {
            return Err(Invalid::new(
                "tags",
                "each tag must not contain control characters",
            ));
        }
        if !out.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            out.push(tag.to_owned());
        }
    }
    if out.len() > limits::TAGS_MAX {
        return Err(Invalid::new(
            "tags",
            format!("at most {} tags are allowed", limits::TAGS_MAX),
        ));
    }
    Ok(out)
}

/// What a dealer may record about a customer's wishes: a price range of non-negative
/// numbers (kept as given when its minimum exceeds its maximum, a rule no OpenAPI
/// document can state), short lists of short one-line names.
pub fn check_preferences(preferences: &Preferences) -> Checked<()> {
    if let Some(range) = &preferences.price_range {
        for value in [range.min, range.max].into_iter().flatten() {
            if !value.is_finite() || value < 0.0 {
                return Err(Invalid::new(
                    "preferences.priceRange",
                    "preferences.priceRange values must be non-negative numbers",
                ));
            }
        }
    }
    for (name, list) in [
        ("vehicleTypes", &preferences.vehicle_types),
        ("brands", &preferences.brands),
    ] {
        let field = format!("preferences.{name}");
        if list.len() > 50 {
            return Err(Invalid::new(
                &field,
                format!("{field} holds at most 50 entries"),
            ));
        }
        for item in list {
            clean_text(&field, item, 100, false)?;
        }
    }
    if let Some(method) = &preferences.contact_method {
        clean_text("preferences.contactMethod", method, 50, false)?;
    }
    Ok(())
}

/// A CRM edit the API accepts, normalised (tags as [`normalize_tags`] keeps them). At
/// least one field must be given; notes may span lines.
pub fn check_customer_update(change: &CustomerUpdate) -> Checked<CustomerUpdate> {
    if change == &CustomerUpdate::default() {
        return Err(Invalid::new(
            "body",
            "Send at least one of notes, tags, preferences, isVip",
        ));
    }
    if let Some(notes) = &change.notes {
        clean_text("notes", notes, limits::NOTES_MAX_CHARS, true)?;
    }
    let tags = change.tags.as_deref().map(normalize_tags).transpose()?;
    if let Some(preferences) = &change.preferences {
        check_preferences(preferences)?;
    }
    Ok(CustomerUpdate {
        tags,
        ..change.clone()
    })
}

/// Applies a CRM edit the way the API does: notes, tags, preferences and VIP replace
/// what was there, the segment follows VIP (as of `now_ms`), and the record is stamped
/// updated at `now_ms`. Refuses (and leaves the record alone) what the API refuses.
pub fn apply_customer_update(
    customer: &mut Customer,
    change: &CustomerUpdate,
    now_ms: i64,
) -> Checked<()> {
    let change = check_customer_update(change)?;
    if let Some(notes) = change.notes {
        customer.notes = Some(notes);
    }
    if let Some(tags) = change.tags {
        customer.tags = tags;
    }
    if let Some(preferences) = change.preferences {
        customer.preferences = preferences;
    }
    if let Some(is_vip) = change.is_vip {
        customer.classification.is_vip = is_vip;
        let last_purchase = customer
            .stats
            .last_purchase_date
            .as_deref()
            .and_then(parse_instant);
        customer.classification.customer_segment = CustomerSegment::classify(
            is_vip,
            customer.stats.total_purchases,
            last_purchase,
            now_ms,
        );
    }
    customer.updated_date = rfc3339(now_ms);
    Ok(())
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // the tables read best with their types spelled out
mod tests {
    use super::*;
    use crate::{Classification, CustomerStatsBlock, PriceRange, User};

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tags_are_trimmed_deduplicated_and_bounded() {
        let many: Vec<String> = (0..51).map(|i| format!("t{i}")).collect();
        let fifty: Vec<String> = (0..50).map(|i| format!("t{i}")).collect();
        let mut fifty_and_a_twin = fifty.clone();
        fifty_and_a_twin.push("T0".into());
        let long = "x".repeat(51);
        let table: Vec<(Vec<String>, Result<Vec<String>, &str>)> = vec![
            (
                strings(&[" VIP ", "vip", "repeat-buyer"]),
                Ok(strings(&["VIP", "repeat-buyer"])),
            ),
            (vec![], Ok(vec![])),
            (strings(&[""]), Err("tags must not contain empty tags")),
            (
                strings(&["ok", "  "]),
                Err("tags must not contain empty tags"),
            ),
            (
                strings(&["a\u{7}b"]),
                Err("each tag must not contain control characters"),
            ),
            (vec![long], Err("each tag must be at most 50 characters")),
            (many, Err("at most 50 tags are allowed")),
            (fifty_and_a_twin, Ok(fifty)),
            // Case folding is ASCII only, as on every database the API runs on.
            (strings(&["ÉTÉ", "été"]), Ok(strings(&["ÉTÉ", "été"]))),
        ];
        for (tags, expected) in table {
            let got = normalize_tags(&tags).map_err(|e| e.to_string());
            let expected = expected.map_err(str::to_owned);
            assert_eq!(got, expected, "{tags:?}");
        }
    }

    #[test]
    fn preferences_are_bounded() {
        let range = |min, max| Preferences {
            price_range: Some(PriceRange { min, max }),
            ..Default::default()
        };
        let brands = |items: Vec<String>| Preferences {
            brands: items,
            ..Default::default()
        };
        let table: Vec<(Preferences, Result<(), &str>)> = vec![
            (Preferences::default(), Ok(())),
            (range(Some(1.0), Some(2.0)), Ok(())),
            (
                range(Some(-1.0), None),
                Err("preferences.priceRange values must be non-negative numbers"),
            ),
            (
                range(Some(f64::NAN), None),
                Err("preferences.priceRange values must be non-negative numbers"),
            ),
            // Kept as given, like a search's empty range: no document can state the order.
            (range(Some(3.0), Some(2.0)), Ok(())),
            (brands(strings(&["BMW", "Audi"])), Ok(())),
            (
                brands(vec!["b".into(); 51]),
                Err("preferences.brands holds at most 50 entries"),
            ),
            (
                brands(vec!["b".repeat(101)]),
                Err("preferences.brands must be at most 100 characters"),
            ),
            (
                brands(strings(&["a\nb"])),
                Err("preferences.brands must not contain control characters"),
            ),
            (
                Preferences {
                    contact_method: Some("m".repeat(51)),
                    ..Default::default()
                },
                Err("preferences.contactMethod must be at most 50 characters"),
            ),
        ];
        for (preferences, expected) in table {
            let got = check_preferences(&preferences).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{preferences:?}");
        }
    }

    fn customer(total_purchases: u64, last_purchase: Option<&str>) -> Customer {
        Customer {
            id: "c".into(),
            user: User {
                id: "u".into(),
                email: "a@b.co".into(),
                first_name: "A".into(),
                last_name: "B".into(),
                phone: None,
                profile_image_url: None,
            },
            stats: CustomerStatsBlock {
                total_purchases,
                total_spent: 0.0,
                last_purchase_date: last_purchase.map(str::to_owned),
                total_vehicles_purchased: 0,
                total_vehicles_rented: 0,
            },
            classification: Classification {
                lead_score: 10,
                lifecycle_stage: "LEAD".into(),
                customer_segment: CustomerSegment::New,
                is_vip: false,
            },
            preferences: Preferences::default(),
            tags: strings(&["old"]),
            notes: Some("old".into()),
            created_date: "2024-01-01T00:00:00.000Z".into(),
            updated_date: "2024-01-01T00:00:00.000Z".into(),
            version: 1,
        }
    }

    #[test]
    fn customer_updates_apply_as_the_api_applies_them() {
        let now = 1_705_314_600_123; // 2024-01-15T10:30:00.123Z
        let edit =
            |notes: Option<&str>, tags: Option<&[&str]>, is_vip: Option<bool>| CustomerUpdate {
                notes: notes.map(str::to_owned),
                tags: tags.map(strings),
                preferences: None,
                is_vip,
            };
        type Outcome =
            Result<(Option<&'static str>, Vec<&'static str>, CustomerSegment), &'static str>;
        let table: Vec<(CustomerUpdate, u64, Option<&str>, Outcome)> = vec![
            (
                CustomerUpdate::default(),
                0,
                None,
                Err("Send at least one of notes, tags, preferences, isVip"),
            ),
            (
                edit(Some("two\nlines"), None, None),
                0,
                None,
                Ok((Some("two\nlines"), vec!["old"], CustomerSegment::New)),
            ),
            (
                edit(Some("bad\u{0}"), None, None),
                0,
                None,
                Err("notes must not contain control characters"),
            ),
            (
                edit(Some(&"n".repeat(10_001)), None, None),
                0,
                None,
                Err("notes must be at most 10000 characters"),
            ),
            (
                edit(None, Some(&[" a ", "A", "b"]), None),
                0,
                None,
                Ok((Some("old"), vec!["a", "b"], CustomerSegment::New)),
            ),
            (
                edit(None, Some(&[""]), None),
                0,
                None,
                Err("tags must not contain empty tags"),
            ),
            (
                edit(None, None, Some(true)),
                0,
                None,
                Ok((Some("old"), vec!["old"], CustomerSegment::Vip)),
            ),
            (
                edit(None, None, Some(false)),
                2,
                Some("2024-01-01T00:00:00.000Z"),
                Ok((Some("old"), vec!["old"], CustomerSegment::Regular)),
            ),
            (
                edit(None, None, Some(false)),
                2,
                Some("2020-01-01T00:00:00.000Z"),
                Ok((Some("old"), vec!["old"], CustomerSegment::AtRisk)),
            ),
        ];
        for (change, purchases, last, expected) in table {
            let mut record = customer(purchases, last);
            let before = record.clone();
            let got = apply_customer_update(&mut record, &change, now);
            match expected {
                Ok((notes, tags, segment)) => {
                    assert_eq!(got, Ok(()), "{change:?}");
                    assert_eq!(record.notes.as_deref(), notes, "{change:?}");
                    assert_eq!(record.tags, strings(&tags), "{change:?}");
                    assert_eq!(
                        record.classification.customer_segment, segment,
                        "{change:?}"
                    );
                    assert_eq!(record.updated_date, "2024-01-15T10:30:00.123Z");
                }
                Err(message) => {
                    assert_eq!(got.map_err(|e| e.to_string()), Err(message.to_owned()));
                    assert_eq!(record, before, "a refused edit changes nothing");
                }
            }
        }
    }
}
