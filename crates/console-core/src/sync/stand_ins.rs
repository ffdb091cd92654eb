//! What the drain does in place of the additions a server lacks, before it sends an entry.
//!
//! - Without `If-Match`, a queued edit would silently overwrite a colleague's: the drain
//!   fetches the record first, and if a field the edit touches changed since the edit's
//!   base, the entry becomes a conflict (mine / theirs), exactly as a 412 would make it.
//! - Without `Idempotency-Key`, a booking whose reply was lost may have landed: before
//!   sending it again the drain looks for it in the test-drive list, and where the server
//!   has none, it asks the user instead of risking a second booking.
//! - Without test-drive `PATCH`, a status change can never be sent: it fails, saying so.

use crate::cache::outbox::{EntryKind, QueuedEntry};
use carstrel_client::model::{Capabilities, CreateTestDriveRequest, TestDrive, TestDriveQuery};
use carstrel_client::Client;
use serde_json::Value;

/// What to do with an entry before (instead of) sending it.
#[derive(Debug)]
pub(crate) enum Before {
    /// Nothing stands in the way: send it.
    Send,
    /// A field the edit touches changed on the server: keep both (their copy here).
    Conflict(Value),
    /// The booking whose reply was lost is on the server: take this copy as its reply.
    Landed(Box<TestDrive>),
    /// The booking may have landed and the server cannot say: the user decides.
    Ask,
    /// The server can never take this entry.
    Unsupported(&'static str),
}

/// The message an entry carries when the user must decide about a booking.
pub const UNCONFIRMED: &str = "The reply to this booking was lost and this server cannot \
    say whether it arrived: send it again, or discard it if it did";

/// The message of a test-drive change on a server without test-drive `PATCH`.
pub const NO_TEST_DRIVE_UPDATE: &str = "This server does not accept test-drive changes";

/// Runs the stand-in for whichever addition the entry would rely on and `caps` lacks.
pub(crate) async fn before_sending(
    client: &Client,
    caps: &Capabilities,
    entry: &QueuedEntry,
) -> carstrel_client::Result<Before> {
    match entry.kind {
        EntryKind::CustomerUpdate if !caps.conditional_requests => {
            let Some(base) = &entry.base_doc else {
                return Ok(Before::Send);
            };
            let theirs = client.customers().get(&entry.entity_id).await?.into_inner();
            let theirs = to_value(&theirs)?;
            Ok(compare(base, &entry.payload, &theirs))
        }
        EntryKind::TestDriveUpdate if !caps.test_drive_update => {
            Ok(Before::Unsupported(NO_TEST_DRIVE_UPDATE))
        }
        EntryKind::TestDriveUpdate if !caps.conditional_requests => {
            let Some(base) = &entry.base_doc else {
                return Ok(Before::Send);
            };
            let theirs = client
                .test_drives()
                .get(&entry.entity_id)
                .await?
                .into_inner();
            let theirs = to_value(&theirs)?;
            Ok(compare(base, &entry.payload, &theirs))
        }
        EntryKind::TestDriveCreate if !caps.idempotency && entry.sent_before => {
            if !caps.test_drive_list {
                return Ok(Before::Ask);
            }
            Ok(match find_landed(client, entry).await? {
                Some(drive) => Before::Landed(Box::new(drive)),
                None => Before::Send,
            })
        }
        _ => Ok(Before::Send),
    }
}

fn to_value<T: serde::Serialize>(record: &T) -> carstrel_client::Result<Value> {
    serde_json::to_value(record).map_err(|e| carstrel_client::Error::Usage(e.to_string()))
}

/// A conflict when a field the edit (`payload`) touches differs between the edit's base
/// and the server's copy; fields the edit leaves alone may change freely.
fn compare(base: &str, payload: &str, theirs: &Value) -> Before {
    let (Ok(base), Ok(edit)) = (
        serde_json::from_str::<Value>(base),
        serde_json::from_str::<Value>(payload),
    ) else {
        return Before::Send;
    };
    let touched = edit.as_object().into_iter().flatten().map(|(k, _)| k);
    let changed = touched
        .map(|field| pointer_of(field))
        .any(|pointer| base.pointer(&pointer) != theirs.pointer(&pointer));
    if changed {
        Before::Conflict(theirs.clone())
    } else {
        Before::Send
    }
}

/// Where an edit's field lives in the record (`isVip` is a customer's classification).
fn pointer_of(field: &str) -> String {
    match field {
        "isVip" => "/classification/isVip".to_owned(),
        other => format!("/{other}"),
    }
}

/// The booking on the server that this entry created, if its lost reply had landed:
/// the same vehicle, person and preferred date.
async fn find_landed(
    client: &Client,
    entry: &QueuedEntry,
) -> carstrel_client::Result<Option<TestDrive>> {
    let request: CreateTestDriveRequest = serde_json::from_str(&entry.payload)
        .map_err(|e| carstrel_client::Error::Usage(e.to_string()))?;
    let Ok(checked) = carstrel_client::model::rules::check_test_drive_request(&request) else {
        return Ok(None);
    };
    let query = TestDriveQuery {
        vehicle_id: Some(checked.vehicle_id.clone()),
        limit: Some(carstrel_client::model::MAX_LIMIT),
        ..TestDriveQuery::default()
    };
    let page = client.test_drives().list(&query).await?;
    Ok(page.items.into_iter().find(|drive| {
        drive.email.eq_ignore_ascii_case(&checked.email)
            && drive.name == checked.name
            && drive.preferred_date == checked.preferred_date
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_fields_an_edit_touches_can_make_a_conflict() {
        let base = json!({"notes": "a", "tags": ["x"], "classification": {"isVip": false}});
        let base = base.to_string();
        let theirs_tags = json!({"notes": "a", "tags": ["y"], "classification": {"isVip": false}});
        let theirs_vip = json!({"notes": "a", "tags": ["x"], "classification": {"isVip": true}});
        let notes = r#"{"notes":"mine"}"#;
        assert!(matches!(compare(&base, notes, &theirs_tags), Before::Send));
        assert!(matches!(
            compare(&base, r#"{"tags":["z"]}"#, &theirs_tags),
            Before::Conflict(_)
        ));
        assert!(matches!(
            compare(&base, r#"{"isVip":true}"#, &theirs_vip),
            Before::Conflict(_)
        ));
        assert!(matches!(compare(&base, notes, &theirs_vip), Before::Send));
    }
}
