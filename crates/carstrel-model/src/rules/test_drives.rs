//! Test drives: a request from a dealer's site, and the staff's work on it (status moves,
//! schedule, notes).

use super::dates::{instant, rfc3339};
use super::fields::{email, id};
use super::text::{clean_text, required_text};
use super::{Checked, Invalid};
use crate::{CreateTestDriveRequest, TestDrive, TestDriveStatus, TestDriveUpdate};

/// Notes on a test drive, like the CRM's.
const NOTES_MAX_CHARS: usize = crate::customer::limits::NOTES_MAX_CHARS;

/// A booking request the API accepts, normalised as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestDriveRequest {
    /// Lower-case hyphenated UUID.
    pub vehicle_id: String,
    /// Trimmed.
    pub name: String,
    /// Trimmed and lower-cased.
    pub email: String,
    /// Trimmed.
    pub phone: Option<String>,
    /// Trimmed, as sent (a date or a date-time).
    pub preferred_date: Option<String>,
}

/// Checks a booking request field by field, in the order the API reports them.
pub fn check_test_drive_request(request: &CreateTestDriveRequest) -> Checked<TestDriveRequest> {
    let vehicle_id = id("vehicleId", &request.vehicle_id)?;
    let name = required_text("name", &request.name, 200)?;
    let email = email("email", &request.email)?;
    if let Some(phone) = &request.phone {
        clean_text("phone", phone, 32, false)?;
    }
    if let Some(date) = &request.preferred_date {
        instant("preferredDate", date)?;
    }
    Ok(TestDriveRequest {
        vehicle_id,
        name,
        email,
        phone: request.phone.as_deref().map(|p| p.trim().to_owned()),
        preferred_date: request
            .preferred_date
            .as_deref()
            .map(|d| d.trim().to_owned()),
    })
}

/// Staff work the API accepts, before it meets the record's current status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestDriveEdit {
    pub status: Option<TestDriveStatus>,
    /// Milliseconds since the epoch (a bare date is midnight UTC).
    pub scheduled_at: Option<i64>,
    pub notes: Option<String>,
}

/// Checks staff work on a test drive: at least one field; `scheduledAt` a date or a
/// date-time; notes clean (lines allowed).
pub fn check_test_drive_update(change: &TestDriveUpdate) -> Checked<TestDriveEdit> {
    if change == &TestDriveUpdate::default() {
        return Err(Invalid::new(
            "body",
            "Send at least one of status, scheduledAt, notes",
        ));
    }
    let scheduled_at = change
        .scheduled_at
        .as_deref()
        .map(|at| instant("scheduledAt", at))
        .transpose()?;
    if let Some(notes) = &change.notes {
        clean_text("notes", notes, NOTES_MAX_CHARS, true)?;
    }
    Ok(TestDriveEdit {
        status: change.status,
        scheduled_at,
        notes: change.notes.clone(),
    })
}

/// The status moves staff may make (see [`TestDriveStatus::can_become`]): pending →
/// confirmed or cancelled; confirmed → completed, no-show or cancelled; settled →
/// nothing. The API answers a refusal with 400, as every rule of this book.
pub fn check_status_move(from: TestDriveStatus, to: TestDriveStatus) -> Checked<()> {
    if from.can_become(to) {
        Ok(())
    } else {
        Err(Invalid::new(
            "status",
            format!(
                "A {} test drive cannot become {}",
                from.as_str(),
                to.as_str()
            ),
        ))
    }
}

/// A new `scheduledAt` for a drive now `status`: a settled drive is not moved (a pending
/// one may be given a time, a confirmed one rescheduled).
pub fn check_reschedule(status: TestDriveStatus) -> Checked<()> {
    if status.is_settled() {
        return Err(Invalid::new(
            "scheduledAt",
            format!("A {} test drive cannot be rescheduled", status.as_str()),
        ));
    }
    Ok(())
}

/// Applies staff work to a test drive the way the API does, stamping it updated at
/// `now_ms`; a schedule shows as the API writes it back. Refuses (and leaves the record
/// alone) what the API refuses.
pub fn apply_test_drive_update(
    drive: &mut TestDrive,
    change: &TestDriveUpdate,
    now_ms: i64,
) -> Checked<()> {
    let edit = check_test_drive_update(change)?;
    if let Some(status) = edit.status {
        check_status_move(drive.status, status)?;
    }
    if edit.scheduled_at.is_some() {
        check_reschedule(drive.status)?;
    }
    if let Some(status) = edit.status {
        drive.status = status;
    }
    if let Some(at) = edit.scheduled_at {
        drive.scheduled_at = Some(rfc3339(at));
    }
    if let Some(notes) = edit.notes {
        drive.notes = Some(notes);
    }
    drive.updated_date = rfc3339(now_ms);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use TestDriveStatus::*;

    const VEHICLE: &str = "0b5c7a0e-3f2a-4c7b-9d1e-2a3b4c5d6e7f";

    fn request(vehicle: &str, name: &str, email: &str) -> CreateTestDriveRequest {
        CreateTestDriveRequest {
            vehicle_id: vehicle.into(),
            name: name.into(),
            email: email.into(),
            phone: None,
            preferred_date: None,
        }
    }

    #[test]
    fn booking_requests_are_checked_in_order() {
        let with = |phone: Option<&str>, date: Option<&str>| CreateTestDriveRequest {
            phone: phone.map(str::to_owned),
            preferred_date: date.map(str::to_owned),
            ..request(VEHICLE, "Ada", "ada@x.com")
        };
        let table: Vec<(CreateTestDriveRequest, Result<(), &str>)> = vec![
            (request(VEHICLE, "Ada", "ada@x.com"), Ok(())),
            (
                request("nope", "", "a@b"),
                Err("vehicleId must be a UUID (got \"nope\")"),
            ),
            (request(VEHICLE, " ", "a@b"), Err("name is required")),
            (
                request(VEHICLE, "Ada", "a@b"),
                Err("email must be a valid email address"),
            ),
            (request(VEHICLE, "Ada", ""), Err("email is required")),
            (with(Some(" +1 555 "), Some(" 2024-06-01 ")), Ok(())),
            (
                with(Some(&"1".repeat(33)), None),
                Err("phone must be at most 32 characters"),
            ),
            (
                with(None, Some("soon")),
                Err("preferredDate must be a date (YYYY-MM-DD) or an RFC 3339 date-time"),
            ),
        ];
        for (req, expected) in table {
            let got = check_test_drive_request(&req)
                .map(|_| ())
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{req:?}");
        }
        let checked = check_test_drive_request(&CreateTestDriveRequest {
            phone: Some(" +1 555 ".into()),
            preferred_date: Some(" 2024-06-01 ".into()),
            ..request(&VEHICLE.to_uppercase(), " Ada ", " Ada@X.com ")
        })
        .unwrap();
        assert_eq!(
            checked,
            TestDriveRequest {
                vehicle_id: VEHICLE.into(),
                name: "Ada".into(),
                email: "ada@x.com".into(),
                phone: Some("+1 555".into()),
                preferred_date: Some("2024-06-01".into()),
            }
        );
    }

    #[test]
    fn status_moves_stop_at_final_statuses() {
        let table = [
            (Pending, Confirmed, Ok(())),
            (Pending, Cancelled, Ok(())),
            (Confirmed, Completed, Ok(())),
            (Confirmed, NoShow, Ok(())),
            (Confirmed, Cancelled, Ok(())),
            (Completed, Completed, Ok(())),
            (
                Confirmed,
                Pending,
                Err("A confirmed test drive cannot become pending"),
            ),
            (
                Pending,
                NoShow,
                Err("A pending test drive cannot become no_show"),
            ),
            (
                Pending,
                Completed,
                Err("A pending test drive cannot become completed"),
            ),
            (
                Cancelled,
                NoShow,
                Err("A cancelled test drive cannot become no_show"),
            ),
            (
                Completed,
                Pending,
                Err("A completed test drive cannot become pending"),
            ),
            (
                Cancelled,
                Confirmed,
                Err("A cancelled test drive cannot become confirmed"),
            ),
            (
                NoShow,
                Completed,
                Err("A no_show test drive cannot become completed"),
            ),
        ];
        for (from, to, expected) in table {
            let got = check_status_move(from, to).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{from:?} → {to:?}");
        }
    }

    #[test]
    fn test_drive_updates_apply_as_the_api_applies_them() {
        let now = 1_705_314_600_123;
        let drive = |status| TestDrive {
            id: "t".into(),
            vehicle_id: VEHICLE.into(),
            vehicle_name: None,
            customer_id: None,
            name: "Ada".into(),
            email: "ada@x.com".into(),
            phone: None,
            preferred_date: None,
            scheduled_at: None,
            status,
            notes: None,
            created_date: "2024-01-01T00:00:00.000Z".into(),
            updated_date: "2024-01-01T00:00:00.000Z".into(),
            version: 1,
            duration_minutes: 30,
        };
        let edit = |status, at: Option<&str>, notes: Option<&str>| TestDriveUpdate {
            status,
            scheduled_at: at.map(str::to_owned),
            notes: notes.map(str::to_owned),
        };
        type Outcome =
            Result<(TestDriveStatus, Option<&'static str>, Option<&'static str>), &'static str>;
        let table: Vec<(TestDriveStatus, TestDriveUpdate, Outcome)> = vec![
            (
                Pending,
                TestDriveUpdate::default(),
                Err("Send at least one of status, scheduledAt, notes"),
            ),
            (
                Pending,
                edit(Some(Confirmed), None, None),
                Ok((Confirmed, None, None)),
            ),
            // The drift bug: a bare date is a schedule, shown as the API writes it back.
            (
                Pending,
                edit(None, Some("2024-06-01"), None),
                Ok((Pending, Some("2024-06-01T00:00:00.000Z"), None)),
            ),
            (
                Pending,
                edit(None, Some("2024-06-01T09:30:00+02:00"), None),
                Ok((Pending, Some("2024-06-01T07:30:00.000Z"), None)),
            ),
            (
                Pending,
                edit(None, Some("tomorrow"), None),
                Err("scheduledAt must be a date (YYYY-MM-DD) or an RFC 3339 date-time"),
            ),
            (
                Pending,
                edit(None, None, Some("line\nline")),
                Ok((Pending, None, Some("line\nline"))),
            ),
            (
                Pending,
                edit(None, None, Some("bad\u{1b}")),
                Err("notes must not contain control characters"),
            ),
            (
                Completed,
                edit(Some(Pending), None, Some("x")),
                Err("A completed test drive cannot become pending"),
            ),
            (
                Confirmed,
                edit(None, Some("2024-06-02T09:00:00Z"), None),
                Ok((Confirmed, Some("2024-06-02T09:00:00.000Z"), None)),
            ),
            (
                Cancelled,
                edit(None, Some("2024-06-02T09:00:00Z"), None),
                Err("A cancelled test drive cannot be rescheduled"),
            ),
            (
                NoShow,
                edit(None, None, Some("Called: car trouble")),
                Ok((NoShow, None, Some("Called: car trouble"))),
            ),
            // The edit's own rules come before the record's status.
            (
                Completed,
                edit(Some(Pending), Some("never"), None),
                Err("scheduledAt must be a date (YYYY-MM-DD) or an RFC 3339 date-time"),
            ),
        ];
        for (status, change, expected) in table {
            let mut record = drive(status);
            let before = record.clone();
            let got = apply_test_drive_update(&mut record, &change, now);
            match expected {
                Ok((status, at, notes)) => {
                    assert_eq!(got, Ok(()), "{change:?}");
                    assert_eq!(record.status, status);
                    assert_eq!(record.scheduled_at.as_deref(), at);
                    assert_eq!(record.notes.as_deref(), notes);
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
