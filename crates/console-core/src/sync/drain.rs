//! The outbox drain: sends each queued entry in order and settles what the server said.
//!
//! Two halves. [`decide`] is the rule book of replies: given what the server answered
//! for one entry, it says what becomes of the entry, with no I/O, so every reply kind is
//! tested in a table. [`drain`] is the network and the cache around it: it sends, asks
//! [`decide`], and applies the answer in the cache's own transactions.
//!
//! Run the tests with `cargo test -p console-core --lib sync::drain` (the decisions) and
//! `cargo test -p console-core --test sync` (against the real server).

use super::stand_ins::{before_sending, Before, UNCONFIRMED};
use crate::cache::outbox::{Entity, EntryKind, EntryState, QueuedEntry, ServerCopy};
use crate::cache::Cache;
use crate::error::{api_message, Result};
use carstrel_client::Client;
use carstrel_client::Error as ApiError;
use carstrel_model::{
    Capabilities, CapabilitySource, CreateTestDriveRequest, CustomerUpdate, TestDriveUpdate,
    VehicleUpdate,
};

/// What one drain of the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: u32,
    pub conflicts: u32,
    pub failed: u32,
    /// Bookings whose reply was lost on a server that cannot say whether they arrived:
    /// the user decides ("send again" or "discard").
    pub unconfirmed: u32,
    /// The server could not be reached (or refused the key); the rest waits.
    pub stopped: bool,
}

/// What the server answered for one entry, as far as the drain has got with it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reply<'a> {
    /// The answer to sending the entry.
    Sent(Result<(), &'a ApiError>),
    /// The answer to fetching the server's copy, after the send met a newer version.
    Fetched(Result<(), &'a ApiError>),
}

/// What becomes of an entry after a [`Reply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// The server took it: store its copy (later edits of the record re-applied on top)
    /// and drop the entry.
    Store,
    /// The record changed on the server since it was read: fetch the server's copy, then
    /// decide on [`Reply::Fetched`].
    FetchTheirs,
    /// Keep both copies for the user to choose ("keep mine" or "take theirs").
    KeepBoth,
    /// The server will never take the entry as it is: keep it, marked failed, saying why.
    Fail(String),
    /// Nothing is wrong with the entry but the network, the server or the key is: stop,
    /// and the rest waits for the next drain. `note` is recorded as the entry's last
    /// error (counting the attempt); `raise` hands the error to the caller, for a refused
    /// key is something the user must fix.
    Stop { note: Option<String>, raise: bool },
    /// An answer the drain cannot judge: stop and hand the error to the caller.
    Abort,
}

/// The drain's rule book: what to do with an entry given the server's [`Reply`].
pub(crate) fn decide(reply: Reply<'_>) -> Action {
    match reply {
        Reply::Sent(Ok(())) => Action::Store,
        Reply::Sent(Err(ApiError::PreconditionFailed { .. } | ApiError::Conflict { .. })) => {
            Action::FetchTheirs
        }
        Reply::Sent(Err(error)) if stops_the_queue(error) => Action::Stop {
            note: Some(api_message(error)),
            raise: matches!(
                error,
                ApiError::Unauthorized { .. } | ApiError::Forbidden { .. }
            ),
        },
        // Not found, validation: the server will never take this entry as it is.
        Reply::Sent(Err(error)) => Action::Fail(api_message(error)),
        Reply::Fetched(Ok(())) => Action::KeepBoth,
        Reply::Fetched(Err(ApiError::NotFound { .. })) => {
            Action::Fail("The record was deleted on the server".to_owned())
        }
        Reply::Fetched(Err(error)) if stops_the_queue(error) => Action::Stop {
            note: None,
            raise: false,
        },
        Reply::Fetched(Err(_)) => Action::Abort,
    }
}

/// Failures that say nothing about the entry itself: the network, the server, the key.
fn stops_the_queue(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Network(_)
            | ApiError::Server { .. }
            | ApiError::RateLimited { .. }
            | ApiError::BudgetExhausted { .. }
            | ApiError::Unauthorized { .. }
            | ApiError::Forbidden { .. }
    )
}

/// Sends every sendable entry in order until the queue is empty or the server cannot be
/// reached. Conflicts and permanent refusals are recorded and skipped, never retried blindly.
///
/// Where the server lacks `If-Match` or `Idempotency-Key` (as last learned, see
/// [`crate::sync`]), their stand-ins run first ([`super::stand_ins`]).
pub async fn drain(client: &Client, cache: &Cache) -> Result<DrainReport> {
    let known = cache.capabilities().await?;
    if let Some(caps) = &known {
        client.use_capabilities(caps);
    }
    let caps = known.unwrap_or(Capabilities::all(CapabilitySource::OpenApi));
    let mut report = DrainReport::default();
    while let Some(entry) = cache.next_sendable().await? {
        match before_sending(client, &caps, &entry).await {
            Ok(Before::Send) => {}
            Ok(Before::Conflict(theirs)) => {
                let why = ApiError::PreconditionFailed { body: None }.to_string();
                cache.record_conflict(&entry, theirs, &why).await?;
                report.conflicts += 1;
                continue;
            }
            Ok(Before::Landed(drive)) => {
                cache
                    .complete_entry(&entry, ServerCopy::TestDrive(*drive))
                    .await?;
                report.sent += 1;
                continue;
            }
            Ok(Before::AlreadyApplied(theirs)) => {
                cache.complete_entry(&entry, *theirs).await?;
                report.sent += 1;
                continue;
            }
            Ok(Before::Ask) => {
                cache
                    .mark_entry(entry.seq, EntryState::Unconfirmed, UNCONFIRMED)
                    .await?;
                report.unconfirmed += 1;
                continue;
            }
            Ok(Before::Unsupported(why)) => {
                cache.mark_entry(entry.seq, EntryState::Failed, why).await?;
                report.failed += 1;
                continue;
            }
            Err(error) => match decide(Reply::Fetched(Err(&error))) {
                Action::Fail(why) => {
                    cache
                        .mark_entry(entry.seq, EntryState::Failed, &why)
                        .await?;
                    report.failed += 1;
                    continue;
                }
                Action::Stop { .. } => {
                    report.stopped = true;
                    return Ok(report);
                }
                _ => return Err(error.into()),
            },
        }
        // A create the server would not recognise if resent: note it is on its way.
        let in_doubt_if_lost = entry.kind == EntryKind::TestDriveCreate && !caps.idempotency;
        if in_doubt_if_lost {
            cache.mark_sending(entry.seq).await?;
        }
        let sent = send(client, &entry).await;
        if in_doubt_if_lost {
            match &sent {
                Err(ApiError::Network(error)) if !error.is_connect() => {
                    // It may have landed. With a list to look in, the next drain checks;
                    // without, the user decides now.
                    if !caps.test_drive_list {
                        cache
                            .mark_entry(entry.seq, EntryState::Unconfirmed, UNCONFIRMED)
                            .await?;
                        report.unconfirmed += 1;
                        report.stopped = true;
                        return Ok(report);
                    }
                }
                Err(_) => cache.clear_sending(entry.seq).await?,
                Ok(_) => {}
            }
        }
        // The decision sees the kind of reply; what the server sent (a copy or an error)
        // is handed on with it. Store follows only a copy, KeepBoth only their copy.
        let (action, error) = match (decide(Reply::Sent(sent.as_ref().map(drop))), sent) {
            (Action::Store, Ok(copy)) => {
                cache.complete_entry(&entry, copy).await?;
                report.sent += 1;
                continue;
            }
            (Action::FetchTheirs, Err(clash)) => {
                let fetched = fetch_current(client, &entry).await;
                match (decide(Reply::Fetched(fetched.as_ref().map(drop))), fetched) {
                    (Action::KeepBoth, Ok(theirs)) => {
                        let why = match &clash {
                            ApiError::Conflict { .. } => api_message(&clash),
                            _ => clash.to_string(),
                        };
                        cache.record_conflict(&entry, theirs, &why).await?;
                        report.conflicts += 1;
                        continue;
                    }
                    (action, Err(error)) => (action, error),
                    (action, Ok(_)) => unreachable!("{action:?} for the server's copy"),
                }
            }
            (action, Err(error)) => (action, error),
            (action, Ok(_)) => unreachable!("{action:?} for an accepted entry"),
        };
        match action {
            Action::Fail(why) => {
                cache
                    .mark_entry(entry.seq, EntryState::Failed, &why)
                    .await?;
                report.failed += 1;
            }
            Action::Stop { note, raise } => {
                if let Some(note) = note {
                    cache.note_attempt(entry.seq, &note).await?;
                }
                report.stopped = true;
                return if raise { Err(error.into()) } else { Ok(report) };
            }
            Action::Store | Action::FetchTheirs | Action::KeepBoth | Action::Abort => {
                return Err(error.into());
            }
        }
    }
    Ok(report)
}

/// Sends one entry: its edit, with its `Idempotency-Key`, and `If-Match` on the record's
/// last server version when it has one (a booking made offline has none yet).
async fn send(client: &Client, entry: &QueuedEntry) -> carstrel_client::Result<ServerCopy> {
    let decode =
        |e: serde_json::Error| ApiError::Usage(format!("a queued entry is unreadable: {e}"));
    match entry.kind {
        EntryKind::CustomerUpdate => {
            let change: CustomerUpdate = serde_json::from_str(&entry.payload).map_err(decode)?;
            let mut update = client
                .customers()
                .update(&entry.entity_id, &change)
                .idempotency_key(&entry.idempotency_key);
            if let Some(version) = entry.base_version {
                update = update.if_version(version);
            }
            Ok(ServerCopy::Customer(
                update.send().await?.into_inner().customer,
            ))
        }
        EntryKind::TestDriveCreate => {
            let request: CreateTestDriveRequest =
                serde_json::from_str(&entry.payload).map_err(decode)?;
            let created = client
                .test_drives()
                .create(&request)
                .idempotency_key(&entry.idempotency_key)
                .send()
                .await?;
            Ok(ServerCopy::TestDrive(created))
        }
        EntryKind::VehicleUpdate => {
            // A price is the same whatever was there before, and the server adds a
            // history entry only when it changes: a resend cannot add it twice.
            let change: VehicleUpdate = serde_json::from_str(&entry.payload).map_err(decode)?;
            let vehicle = client.vehicles().update(&entry.entity_id, &change).await?;
            Ok(ServerCopy::Vehicle(Box::new(vehicle)))
        }
        EntryKind::TestDriveUpdate => {
            let change: TestDriveUpdate = serde_json::from_str(&entry.payload).map_err(decode)?;
            let mut update = client
                .test_drives()
                .update(&entry.entity_id, &change)
                .idempotency_key(&entry.idempotency_key);
            if let Some(version) = entry.base_version {
                update = update.if_version(version);
            }
            Ok(ServerCopy::TestDrive(update.send().await?.into_inner()))
        }
        EntryKind::LeadUpdate
        | EntryKind::TaskCreate
        | EntryKind::TaskUpdate
        | EntryKind::TaskDelete => super::work::send(client, entry).await,
    }
}

/// The server's current copy of the entry's record, to show beside mine in a conflict.
async fn fetch_current(
    client: &Client,
    entry: &QueuedEntry,
) -> carstrel_client::Result<serde_json::Value> {
    let value = match entry.kind.entity() {
        Entity::Vehicle => serde_json::to_value(client.vehicles().get(&entry.entity_id).await?),
        Entity::Customer => {
            serde_json::to_value(client.customers().get(&entry.entity_id).await?.into_inner())
        }
        Entity::TestDrive => serde_json::to_value(
            client
                .test_drives()
                .get(&entry.entity_id)
                .await?
                .into_inner(),
        ),
        Entity::Lead | Entity::Task => return super::work::fetch_current(client, entry).await,
    };
    value.map_err(|e| ApiError::Usage(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use carstrel_model::ErrorBody;
    use std::time::Duration;

    fn body(status: u16, error: &str) -> Option<Box<ErrorBody>> {
        Some(Box::new(ErrorBody {
            status_code: status,
            message: error.to_owned(),
            error: error.to_owned(),
            timestamp: "2026-11-30T09:00:00.000Z".to_owned(),
        }))
    }

    /// A real connection failure: reqwest's errors have no public constructor.
    async fn network_error() -> ApiError {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", closed.local_addr().unwrap());
        drop(closed);
        ApiError::Network(reqwest::get(url).await.unwrap_err())
    }

    const OFFLINE: &str = "The CarStrel API cannot be reached; you are working offline";
    const TROUBLE: &str = "The CarStrel API is having trouble; the console retries later";

    #[tokio::test]
    async fn every_reply_to_a_send_has_one_outcome() {
        let stop = |note: &str, raise| Action::Stop {
            note: Some(note.to_owned()),
            raise,
        };
        let table: Vec<(&str, Result<(), ApiError>, Action)> = vec![
            ("accepted", Ok(()), Action::Store),
            (
                "412 stale version",
                Err(ApiError::PreconditionFailed { body: None }),
                Action::FetchTheirs,
            ),
            (
                "409 conflicting state",
                Err(ApiError::Conflict { body: None }),
                Action::FetchTheirs,
            ),
            (
                "404 gone",
                Err(ApiError::NotFound {
                    body: body(404, "Customer not found"),
                }),
                Action::Fail("Customer not found".into()),
            ),
            (
                "400 validation refusal",
                Err(ApiError::Validation {
                    status: 400,
                    message: "email must be an email address".into(),
                    body: body(400, "email must be an email address"),
                }),
                Action::Fail("email must be an email address".into()),
            ),
            (
                "unexpected status",
                Err(ApiError::Status {
                    status: 413,
                    body: None,
                }),
                Action::Fail("unexpected status 413".into()),
            ),
            (
                "unreadable queued entry",
                Err(ApiError::Usage("a queued entry is unreadable".into())),
                Action::Fail("invalid use of the client: a queued entry is unreadable".into()),
            ),
            (
                "network error",
                Err(network_error().await),
                stop(OFFLINE, false),
            ),
            (
                "time budget used up",
                Err(ApiError::BudgetExhausted {
                    budget: Duration::from_secs(45),
                }),
                stop(OFFLINE, false),
            ),
            (
                "5xx",
                Err(ApiError::Server {
                    status: 503,
                    body: None,
                }),
                stop(TROUBLE, false),
            ),
            (
                "429",
                Err(ApiError::RateLimited {
                    retry_after: Some(Duration::from_secs(60)),
                    rate_limit: None,
                    body: None,
                }),
                stop(
                    "The API key's hourly request limit is used up; the console retries later",
                    false,
                ),
            ),
            (
                "401 key refused",
                Err(ApiError::Unauthorized { body: None }),
                stop("The API key was refused; check it under Connections", true),
            ),
            (
                "403 scope missing",
                Err(ApiError::Forbidden {
                    missing_scope: None,
                    body: body(403, "This key lacks the customers:write scope"),
                }),
                stop("This key lacks the customers:write scope", true),
            ),
        ];
        for (case, reply, expected) in &table {
            assert_eq!(
                decide(Reply::Sent(reply.as_ref().map(|_| ()))),
                *expected,
                "{case}"
            );
        }
    }

    #[tokio::test]
    async fn every_reply_to_fetching_their_copy_has_one_outcome() {
        let pause = Action::Stop {
            note: None,
            raise: false,
        };
        let table: Vec<(&str, Result<(), ApiError>, Action)> = vec![
            ("their copy", Ok(()), Action::KeepBoth),
            (
                "404 deleted meanwhile",
                Err(ApiError::NotFound { body: None }),
                Action::Fail("The record was deleted on the server".into()),
            ),
            ("network error", Err(network_error().await), pause.clone()),
            (
                "5xx",
                Err(ApiError::Server {
                    status: 500,
                    body: None,
                }),
                pause.clone(),
            ),
            (
                "429",
                Err(ApiError::RateLimited {
                    retry_after: None,
                    rate_limit: None,
                    body: None,
                }),
                pause.clone(),
            ),
            // The send already went through with this key; a refusal now pauses quietly.
            (
                "401 key refused",
                Err(ApiError::Unauthorized { body: None }),
                pause.clone(),
            ),
            (
                "unreadable reply",
                Err(ApiError::Decode {
                    status: 200,
                    source: serde_json::from_str::<u8>("x").unwrap_err(),
                }),
                Action::Abort,
            ),
            (
                "400",
                Err(ApiError::Validation {
                    status: 400,
                    message: "id must be a UUID".into(),
                    body: None,
                }),
                Action::Abort,
            ),
        ];
        for (case, reply, expected) in &table {
            assert_eq!(
                decide(Reply::Fetched(reply.as_ref().map(|_| ()))),
                *expected,
                "{case}"
            );
        }
    }
}
