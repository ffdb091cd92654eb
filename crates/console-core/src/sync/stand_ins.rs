//! What the drain does in place of the additions a server lacks, before it sends an entry.
//!
//! - Without `If-Match`, a queued edit would silently overwrite a colleague's: the drain
//!   fetches the record first, and if a field the edit touches changed since the edit's
//!   base, the entry becomes a conflict (mine / theirs), exactly as a 412 would make it.
//! - Without `Idempotency-Key`, a booking whose reply was lost may have landed: before
//!   sending it again the drain looks for it in the test-drive list, and where the server
//!   has none, it asks the user instead of risking a second booking.
//! - Without test-drive `PATCH`, a status change can never be sent: it fails, saying so;
//!   so does lead and task work on a server without leads or tasks.

use crate::cache::outbox::{EntryKind, QueuedEntry, ServerCopy};
use carstrel_client::model::{
    rules, Capabilities, CreateTestDriveRequest, Customer, TestDrive, TestDriveQuery,
};
use carstrel_client::Client;
use serde_json::Value;

/// What to do with an entry before (instead of) sending it.
pub(crate) enum Before {
    /// Nothing stands in the way: send it.
    Send,
    /// A field the edit touches changed on the server: keep both (their copy here).
    Conflict(Value),
    /// The booking whose reply was lost is on the server: take this copy as its reply.
    Landed(Box<TestDrive>),
    /// The edit is on the server already (its earlier reply was lost): take their copy.
    AlreadyApplied(Box<ServerCopy>),
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

/// The message of a price set on a server without vehicle `PATCH` (the published API).
pub const NO_VEHICLE_UPDATE: &str = "This server does not accept listing changes";

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
            let mine = edited(
                base,
                &entry.payload,
                |record: &mut Customer, change, now| {
                    rules::apply_customer_update(record, change, now).is_ok()
                },
            );
            Ok(
                match compare(base, mine.as_ref(), &entry.payload, &to_value(&theirs)?) {
                    Verdict::Landed => {
                        Before::AlreadyApplied(Box::new(ServerCopy::Customer(theirs)))
                    }
                    Verdict::Changed(theirs) => Before::Conflict(theirs),
                    Verdict::Untouched => Before::Send,
                },
            )
        }
        EntryKind::VehicleUpdate if !caps.vehicle_update => {
            Ok(Before::Unsupported(NO_VEHICLE_UPDATE))
        }
        EntryKind::LeadUpdate if !caps.leads => Ok(Before::Unsupported(super::NO_LEADS)),
        EntryKind::TaskCreate | EntryKind::TaskUpdate | EntryKind::TaskDelete if !caps.tasks => {
            Ok(Before::Unsupported(super::NO_TASKS))
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
            let mine = edited(
                base,
                &entry.payload,
                |record: &mut TestDrive, change, now| {
                    rules::apply_test_drive_update(record, change, now).is_ok()
                },
            );
            Ok(
                match compare(base, mine.as_ref(), &entry.payload, &to_value(&theirs)?) {
                    Verdict::Landed => {
                        Before::AlreadyApplied(Box::new(ServerCopy::TestDrive(theirs)))
                    }
                    Verdict::Changed(theirs) => Before::Conflict(theirs),
                    Verdict::Untouched => Before::Send,
                },
            )
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

/// What the server's copy says of the fields an edit touches.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// As the edit's base had them: nobody else changed them; send.
    Untouched,
    /// As the edit would make them: it landed already, its reply was lost.
    Landed,
    /// Changed by someone else: a conflict, with their copy.
    Changed(Value),
}

/// The edit's base with the edit applied by the rule book, as the server would apply it.
fn edited<T, C>(base: &str, payload: &str, apply: impl Fn(&mut T, &C, i64) -> bool) -> Option<Value>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
    C: serde::de::DeserializeOwned,
{
    let mut record: T = serde_json::from_str(base).ok()?;
    let change: C = serde_json::from_str(payload).ok()?;
    apply(&mut record, &change, crate::clock::now_ms()).then_some(())?;
    serde_json::to_value(record).ok()
}

/// Compares the fields the edit (`payload`) touches in the edit's base, in `mine` (the
/// base with the edit applied) and in the server's copy; fields the edit leaves alone may
/// change freely.
fn compare(base: &str, mine: Option<&Value>, payload: &str, theirs: &Value) -> Verdict {
    let (Ok(base), Ok(edit)) = (
        serde_json::from_str::<Value>(base),
        serde_json::from_str::<Value>(payload),
    ) else {
        return Verdict::Untouched;
    };
    let pointers: Vec<String> = edit
        .as_object()
        .into_iter()
        .flatten()
        .map(|(field, _)| pointer_of(field))
        .collect();
    let at = |doc: &Value, p: &str| doc.pointer(p).cloned();
    if pointers.iter().all(|p| at(&base, p) == at(theirs, p)) {
        return Verdict::Untouched;
    }
    let landed = mine.is_some_and(|mine| pointers.iter().all(|p| at(mine, p) == at(theirs, p)));
    if landed {
        Verdict::Landed
    } else {
        Verdict::Changed(theirs.clone())
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
        let doc = |notes: &str, tags: &[&str], vip: bool| json!({"notes": notes, "tags": tags, "classification": {"isVip": vip}});
        let base = doc("a", &["x"], false).to_string();
        let notes = r#"{"notes":"mine"}"#;
        let mine = doc("mine", &["x"], false);
        let verdict = |payload: &str, mine: &Value, theirs: Value| {
            compare(&base, Some(mine), payload, &theirs)
        };
        // A colleague changed a field my edit leaves alone: send.
        assert_eq!(
            verdict(notes, &mine, doc("a", &["y"], false)),
            Verdict::Untouched
        );
        // ... or the one it touches: a conflict with their copy.
        let theirs = doc("theirs", &["x"], false);
        assert_eq!(
            verdict(notes, &mine, theirs.clone()),
            Verdict::Changed(theirs)
        );
        let vip_mine = doc("a", &["x"], true);
        let unchanged = doc("a", &["x"], false);
        assert_eq!(
            verdict(r#"{"isVip":true}"#, &vip_mine, unchanged),
            Verdict::Untouched
        );
        let theirs = doc("a", &["q"], false);
        let tags_mine = doc("a", &["z"], false);
        assert_eq!(
            verdict(r#"{"tags":["z"]}"#, &tags_mine, theirs.clone()),
            Verdict::Changed(theirs)
        );
        // The server already has exactly my edit: its reply was lost.
        assert_eq!(
            verdict(notes, &mine, doc("mine", &["y"], false)),
            Verdict::Landed
        );
    }
}
