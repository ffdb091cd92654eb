//! Leads: what staff may send to open one by hand and to work one (status, assignment,
//! the reason a lead was lost), and how that work changes the lead.

use super::dates::rfc3339;
use super::fields::{email, id};
use super::text::{clean_text, required_text};
use super::{Checked, Invalid};
use crate::{CreateLeadRequest, Lead, LeadSource, LeadStatus, LeadUpdate};

/// A lead's free text (a walk-in's message), like a contact form's.
pub const LEAD_MESSAGE_MAX_CHARS: usize = 10_000;
pub const LOST_REASON_MAX_CHARS: usize = 500;

/// A lead staff open, normalised as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLead {
    pub source: LeadSource,
    /// Trimmed.
    pub name: String,
    /// Trimmed and lower-cased.
    pub email: Option<String>,
    /// Trimmed; blank is none.
    pub phone: Option<String>,
    /// Trimmed; blank is none.
    pub message: Option<String>,
    pub customer_id: Option<String>,
    pub vehicle_id: Option<String>,
    pub assigned_to: Option<String>,
}

/// Checks a lead staff open by hand, field by field. Only `walk_in`, `phone` and `other`
/// are theirs to open: the other sources are signals the server records itself.
pub fn check_new_lead(request: &CreateLeadRequest) -> Checked<NewLead> {
    if !request.source.staff_opened() {
        return Err(Invalid::new(
            "source",
            "source must be one of walk_in, phone, other (the server opens the others itself)",
        ));
    }
    let name = required_text("name", &request.name, 200)?;
    let email = request
        .email
        .as_deref()
        .map(|e| email("email", e))
        .transpose()?;
    let phone = optional_text("phone", request.phone.as_deref(), 32, false)?;
    let message = optional_text(
        "message",
        request.message.as_deref(),
        LEAD_MESSAGE_MAX_CHARS,
        true,
    )?;
    Ok(NewLead {
        source: request.source,
        name,
        email,
        phone,
        message,
        customer_id: given_id("customerId", request.customer_id.as_deref())?,
        vehicle_id: given_id("vehicleId", request.vehicle_id.as_deref())?,
        assigned_to: given_id("assignedTo", request.assigned_to.as_deref())?,
    })
}

/// Text that may be left out, checked as sent; trimmed, with blank taken as left out.
fn optional_text(
    field: &str,
    text: Option<&str>,
    max: usize,
    multiline: bool,
) -> Checked<Option<String>> {
    let Some(text) = text else { return Ok(None) };
    clean_text(field, text, max, multiline)?;
    Ok(Some(text.trim().to_owned()).filter(|t| !t.is_empty()))
}

/// An id a body may leave out; `null` is left out, anything else must be a UUID.
pub(super) fn given_id(field: &str, raw: Option<&str>) -> Checked<Option<String>> {
    raw.map(|raw| id(field, raw)).transpose()
}

/// Staff work on a lead the API accepts, before it meets the lead's current status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadEdit {
    pub status: Option<LeadStatus>,
    pub assigned_to: Option<String>,
    /// Trimmed; present exactly when `status` is `lost`.
    pub lost_reason: Option<String>,
}

/// Checks staff work on a lead: at least one field, a staff id shaped as an id, and a
/// `lostReason` exactly when the lead is marked `lost` (whether the staff member exists
/// is the server's to say).
pub fn check_lead_update(change: &LeadUpdate) -> Checked<LeadEdit> {
    if change == &LeadUpdate::default() {
        return Err(Invalid::new(
            "body",
            "Send at least one of status, assignedTo, lostReason",
        ));
    }
    let assigned_to = given_id("assignedTo", change.assigned_to.as_deref())?;
    let lost_reason = change
        .lost_reason
        .as_deref()
        .map(|r| required_text("lostReason", r, LOST_REASON_MAX_CHARS))
        .transpose()?;
    match (change.status, &lost_reason) {
        (Some(LeadStatus::Lost), None) => {
            return Err(Invalid::new(
                "lostReason",
                "lostReason is required when a lead is marked lost",
            ))
        }
        (status, Some(_)) if status != Some(LeadStatus::Lost) => {
            return Err(Invalid::new(
                "lostReason",
                "lostReason goes only with status lost",
            ))
        }
        _ => {}
    }
    Ok(LeadEdit {
        status: change.status,
        assigned_to,
        lost_reason,
    })
}

/// The refusal of a staff id the dealer has no staff member for. Only the server knows
/// its staff for sure; the console refuses offline an id its cached staff list lacks.
pub fn unknown_staff(field: &str) -> Invalid {
    Invalid::new(
        field,
        format!("{field} names no staff member of this dealer"),
    )
}

/// Won and lost leads are final, and an answered lead never becomes `new` again (see
/// [`LeadStatus::can_become`]). The API answers this refusal with 409: the request is
/// well formed, the lead's state forbids it.
pub fn check_lead_move(from: LeadStatus, to: LeadStatus) -> Checked<()> {
    if from.can_become(to) {
        Ok(())
    } else {
        Err(Invalid::new(
            "status",
            format!("A {from} lead cannot become {to}"),
        ))
    }
}

/// Applies staff work to a lead the way the API does at `now_ms`: the first move away
/// from `new` stamps `firstResponseDate` (once), and any change moves
/// `lastActivityDate`. Refuses (and leaves the lead alone) what the API refuses, apart
/// from an unknown staff member, which only the server can know.
pub fn apply_lead_update(lead: &mut Lead, change: &LeadUpdate, now_ms: i64) -> Checked<()> {
    let edit = check_lead_update(change)?;
    if let Some(status) = edit.status {
        check_lead_move(lead.status, status)?;
    }
    let now = rfc3339(now_ms);
    if let Some(status) = edit.status {
        if status != lead.status {
            if lead.first_response_date.is_none() && lead.status == LeadStatus::New {
                lead.first_response_date = Some(now.clone());
            }
            lead.status = status;
            lead.last_activity_date = now.clone();
        }
    }
    if let Some(reason) = edit.lost_reason {
        lead.lost_reason = Some(reason);
    }
    if let Some(staff) = edit.assigned_to {
        if lead.assigned_to.as_deref() != Some(&staff) {
            lead.assigned_to = Some(staff);
            lead.last_activity_date = now.clone();
        }
    }
    lead.updated_date = now;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use LeadStatus::*;

    const STAFF: &str = "0b5c7a0e-3f2a-4c7b-9d1e-2a3b4c5d6e7f";

    fn update(status: Option<LeadStatus>, staff: Option<&str>, reason: Option<&str>) -> LeadUpdate {
        LeadUpdate {
            status,
            assigned_to: staff.map(str::to_owned),
            lost_reason: reason.map(str::to_owned),
        }
    }

    fn lead(status: LeadStatus) -> Lead {
        Lead {
            id: "l".into(),
            source: LeadSource::ContactForm,
            status,
            name: Some("Ann".into()),
            email: Some("ann@example.com".into()),
            phone: None,
            message: None,
            customer_id: None,
            vehicle_id: None,
            test_drive_id: None,
            assigned_to: None,
            lost_reason: None,
            created_date: "2024-01-01T00:00:00.000Z".into(),
            updated_date: "2024-01-01T00:00:00.000Z".into(),
            first_response_date: None,
            last_activity_date: "2024-01-01T00:00:00.000Z".into(),
            version: 1,
        }
    }

    #[test]
    fn lead_updates_are_checked() {
        let table: Vec<(LeadUpdate, Result<(), &str>)> = vec![
            (
                update(None, None, None),
                Err("Send at least one of status, assignedTo, lostReason"),
            ),
            (update(Some(Contacted), None, None), Ok(())),
            (update(None, Some(STAFF), None), Ok(())),
            (
                update(None, Some("bob"), None),
                Err("assignedTo must be a UUID (got \"bob\")"),
            ),
            (
                update(Some(Lost), None, None),
                Err("lostReason is required when a lead is marked lost"),
            ),
            (
                update(Some(Lost), None, Some("  ")),
                Err("lostReason is required"),
            ),
            (update(Some(Lost), None, Some("Bought elsewhere")), Ok(())),
            (
                update(Some(Won), None, Some("x")),
                Err("lostReason goes only with status lost"),
            ),
            (
                update(None, None, Some("x")),
                Err("lostReason goes only with status lost"),
            ),
            (
                update(Some(Lost), None, Some(&"x".repeat(501))),
                Err("lostReason must be at most 500 characters"),
            ),
        ];
        for (change, expected) in table {
            let got = check_lead_update(&change)
                .map(|_| ())
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{change:?}");
        }
    }

    #[test]
    fn new_leads_are_staff_sources_only() {
        let request = |source, email: Option<&str>| CreateLeadRequest {
            source,
            name: " Walk In ".into(),
            email: email.map(str::to_owned),
            phone: Some("  ".into()),
            message: Some(" Wants an SUV ".into()),
            customer_id: None,
            vehicle_id: None,
            assigned_to: None,
        };
        let checked = check_new_lead(&request(LeadSource::WalkIn, Some("A@B.co"))).unwrap();
        assert_eq!(
            (
                checked.name.as_str(),
                checked.email.as_deref(),
                checked.phone,
                checked.message.as_deref()
            ),
            ("Walk In", Some("a@b.co"), None, Some("Wants an SUV"))
        );
        let refused = check_new_lead(&request(LeadSource::ContactForm, None)).unwrap_err();
        assert_eq!(refused.field, "source");
        let refused = check_new_lead(&request(LeadSource::Phone, Some("nope"))).unwrap_err();
        assert_eq!(refused.to_string(), "email must be a valid email address");
    }

    #[test]
    fn the_first_response_is_stamped_once() {
        let now = 1_705_314_600_123;
        let mut record = lead(New);
        apply_lead_update(&mut record, &update(Some(Contacted), None, None), now).unwrap();
        assert_eq!(
            record.first_response_date.as_deref(),
            Some("2024-01-15T10:30:00.123Z")
        );
        apply_lead_update(
            &mut record,
            &update(Some(Qualified), Some(STAFF), None),
            now + 60_000,
        )
        .unwrap();
        assert_eq!(
            record.first_response_date.as_deref(),
            Some("2024-01-15T10:30:00.123Z")
        );
        assert_eq!(record.last_activity_date, "2024-01-15T10:31:00.123Z");
        assert_eq!(record.assigned_to.as_deref(), Some(STAFF));
        apply_lead_update(
            &mut record,
            &update(Some(Lost), None, Some("Too dear")),
            now,
        )
        .unwrap();
        assert_eq!(
            (record.status, record.lost_reason.as_deref()),
            (Lost, Some("Too dear"))
        );
        let before = record.clone();
        let refused = apply_lead_update(&mut record, &update(Some(Contacted), None, None), now);
        assert_eq!(
            refused.unwrap_err().to_string(),
            "A lost lead cannot become contacted"
        );
        assert_eq!(record, before, "a refused edit changes nothing");
        let mut answered = lead(Contacted);
        let refused = apply_lead_update(&mut answered, &update(Some(New), None, None), now);
        assert_eq!(
            refused.unwrap_err().to_string(),
            "A contacted lead cannot become new"
        );
    }
}
