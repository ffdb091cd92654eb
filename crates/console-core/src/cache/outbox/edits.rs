//! How an edit changes a record, the way the server applies it: the console shows the
//! result at once, and re-applies edits still queued on top of each server copy.

use crate::error::{Error, Result};
use carstrel_model::customer::limits;
use carstrel_model::{Customer, CustomerSegment, CustomerUpdate, TestDrive, TestDriveUpdate};

/// Applies a CRM edit to a customer the way the server does: notes, tags (trimmed,
/// de-duplicated ignoring case, first spelling kept), preferences and VIP replace what
/// was there, and the segment follows VIP. Refuses what the server would refuse.
pub fn apply_customer_update(
    customer: &mut Customer,
    change: &CustomerUpdate,
    now_ms: i64,
) -> Result<()> {
    if change == &CustomerUpdate::default() {
        return Err(Error::InvalidChange(
            "Send at least one of notes, tags, preferences, isVip".into(),
        ));
    }
    if let Some(notes) = &change.notes {
        if notes.chars().count() > limits::NOTES_MAX_CHARS {
            return Err(Error::InvalidChange(format!(
                "notes must be at most {} characters",
                limits::NOTES_MAX_CHARS
            )));
        }
        customer.notes = Some(notes.clone());
    }
    if let Some(tags) = &change.tags {
        customer.tags = normalize_tags(tags)?;
    }
    if let Some(preferences) = &change.preferences {
        customer.preferences = preferences.clone();
    }
    if let Some(is_vip) = change.is_vip {
        customer.classification.is_vip = is_vip;
        let last_purchase = customer
            .stats
            .last_purchase_date
            .as_deref()
            .and_then(crate::clock::parse_ms);
        customer.classification.customer_segment = CustomerSegment::classify(
            is_vip,
            customer.stats.total_purchases,
            last_purchase,
            now_ms,
        );
    }
    customer.updated_date = crate::clock::rfc3339(now_ms);
    Ok(())
}

/// Tags as the server keeps them (the model's one rule), refused in its words.
pub fn normalize_tags(tags: &[String]) -> Result<Vec<String>> {
    carstrel_model::normalize_tags(tags).map_err(Error::InvalidChange)
}

/// Applies staff work to a test drive, refusing a move the server refuses (completed,
/// cancelled and no-show are final).
pub fn apply_test_drive_update(
    drive: &mut TestDrive,
    change: &TestDriveUpdate,
    now_ms: i64,
) -> Result<()> {
    if change == &TestDriveUpdate::default() {
        return Err(Error::InvalidChange(
            "Send at least one of status, scheduledAt, notes".into(),
        ));
    }
    if let Some(status) = change.status {
        if !drive.status.can_become(status) {
            return Err(Error::InvalidChange(format!(
                "a {} test drive cannot become {}",
                drive.status.as_str(),
                status.as_str()
            )));
        }
        drive.status = status;
    }
    if let Some(at) = &change.scheduled_at {
        if crate::clock::parse_ms(at).is_none() {
            return Err(Error::InvalidChange(
                "scheduledAt must be an RFC 3339 date-time".into(),
            ));
        }
        drive.scheduled_at = Some(at.clone());
    }
    if let Some(notes) = &change.notes {
        drive.notes = Some(notes.clone());
    }
    drive.updated_date = crate::clock::rfc3339(now_ms);
    Ok(())
}
