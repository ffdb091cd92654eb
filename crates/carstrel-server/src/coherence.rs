//! Keeping every server's memo ([`crate::memo`]) coherent on one PostgreSQL database,
//! through `LISTEN/NOTIFY`.
//!
//! A server that retires something it remembered (a dealer's list pages after a write,
//! every key lookup after a revocation) also says so on the channel [`CHANNEL`]; every
//! other server's listener retires the same within milliseconds. A listener whose
//! connection drops may miss messages, so until it is listening again its server serves
//! nothing from memory ([`Retirer::trust`]`(false)`), and once it is, it retires
//! everything first. A message that cannot be sent (the database is away) is dropped:
//! the listeners have lost their connections to the same database, and retire everything
//! when they are back.
//!
//! This module knows nothing of what is remembered: the memo implements [`Retirer`].

use sqlx::postgres::PgListener;
use sqlx::{AnyPool, Executor};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// The notification channel every server of a database listens on.
pub const CHANNEL: &str = "carstrel_memo";
/// The listener's connection, as `pg_stat_activity` names it.
pub const APPLICATION_NAME: &str = "carstrel-memo-listener";
/// How often an idle listener checks its connection.
const HEARTBEAT: Duration = Duration::from_millis(500);
/// How long a reconnecting listener waits between tries.
const RECONNECT_WAIT: Duration = Duration::from_millis(200);
/// PostgreSQL refuses payloads of 8000 bytes or more; several messages go in one below it.
const MAX_PAYLOAD: usize = 7000;

/// What the listener drives.
pub trait Retirer: Send + Sync + 'static {
    /// Another server retired what `message` names.
    fn retire(&self, message: &str);
    /// Messages may have been missed: retire everything remembered.
    fn retire_everything(&self);
    /// Whether what is remembered may be served (false while not listening).
    fn trust(&self, trusted: bool);
}

enum Outgoing {
    Message(String),
    Flushed(oneshot::Sender<()>),
}

/// This server's side of the channel: where its messages go, and who it is (so that its
/// listener skips its own).
#[derive(Debug)]
pub struct Peers {
    url: String,
    pub instance: String,
    outbox: mpsc::UnboundedSender<Outgoing>,
    listening: std::sync::atomic::AtomicBool,
}

impl Peers {
    /// Starts the sender for a PostgreSQL database at `url`, sending through `pool`.
    pub fn start(url: &str, pool: AnyPool) -> Peers {
        let (outbox, queue) = mpsc::unbounded_channel();
        tokio::spawn(send_all(pool, queue));
        Peers {
            url: url.to_owned(),
            instance: uuid::Uuid::new_v4().simple().to_string(),
            outbox,
            listening: Default::default(),
        }
    }

    /// Tells every other server to retire what `message` names (after this server's
    /// transaction committed, so they read the new state when they read again).
    pub fn tell(&self, message: &str) {
        let _ = self
            .outbox
            .send(Outgoing::Message(format!("{} {message}", self.instance)));
    }

    /// Returns once every message told so far was handed to the database (a shell
    /// command's revocation, before its process exits).
    pub async fn flushed(&self) {
        let (done, flushed) = oneshot::channel();
        if self.outbox.send(Outgoing::Flushed(done)).is_ok() {
            let _ = flushed.await;
        }
    }

    /// Starts listening for the other servers' messages, once per memo: serving servers
    /// listen; shell commands only tell.
    pub fn listen(&self, retirer: Weak<dyn Retirer>) {
        use std::sync::atomic::Ordering;
        if self.listening.swap(true, Ordering::AcqRel) {
            return;
        }
        tokio::spawn(listen(self.url.clone(), self.instance.clone(), retirer));
    }
}

/// Sends queued messages, several to a notification when they pile up.
async fn send_all(pool: AnyPool, mut queue: mpsc::UnboundedReceiver<Outgoing>) {
    while let Some(first) = queue.recv().await {
        let mut batch: Vec<String> = Vec::new();
        let mut waiting = Vec::new();
        let mut next = Some(first);
        while let Some(item) = next.take() {
            match item {
                Outgoing::Message(message) if !batch.contains(&message) => batch.push(message),
                Outgoing::Message(_) => {}
                Outgoing::Flushed(done) => waiting.push(done),
            }
            if batch.iter().map(|m| m.len() + 1).sum::<usize>() < MAX_PAYLOAD {
                next = queue.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(batch.join("\n"))
                .execute(&pool)
                .await;
            if let Err(err) = sent {
                tracing::warn!(error = ?err, "cannot tell the other servers to retire their memo");
            }
        }
        for done in waiting {
            let _ = done.send(());
        }
    }
}

/// Listens until the memo is gone, reconnecting whenever the connection drops.
async fn listen(url: String, instance: String, retirer: Weak<dyn Retirer>) {
    loop {
        let Some(memo) = retirer.upgrade() else {
            return;
        };
        memo.trust(false);
        drop(memo);
        let mut listener = match connect(&url).await {
            Ok(listener) => listener,
            Err(err) => {
                tracing::warn!(error = ?err, "cannot listen for the other servers' writes; serving without memo");
                tokio::time::sleep(RECONNECT_WAIT).await;
                continue;
            }
        };
        match retirer.upgrade() {
            Some(memo) => {
                memo.retire_everything();
                memo.trust(true);
            }
            None => return,
        }
        tracing::debug!("listening for the other servers' writes");
        if !relay(&mut listener, &instance, &retirer).await {
            return;
        }
        tracing::warn!("lost the connection that hears the other servers' writes; serving without memo until it is back");
    }
}

async fn connect(url: &str) -> sqlx::Result<PgListener> {
    let options = url
        .parse::<sqlx::postgres::PgConnectOptions>()?
        .application_name(APPLICATION_NAME);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .acquire_timeout(Duration::from_secs(3))
        .connect_with(options)
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.ignore_pool_close_event(true);
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Hands each message to the memo until the connection drops (`true`) or the memo is
/// gone (`false`).
async fn relay(listener: &mut PgListener, instance: &str, retirer: &Weak<dyn Retirer>) -> bool {
    loop {
        match tokio::time::timeout(HEARTBEAT, listener.try_recv()).await {
            Ok(Ok(Some(notification))) => {
                let Some(memo) = retirer.upgrade() else {
                    return false;
                };
                for message in notification.payload().lines() {
                    if let Some((from, what)) = message.split_once(' ') {
                        if from != instance {
                            memo.retire(what);
                        }
                    }
                }
            }
            Ok(Ok(None)) | Ok(Err(_)) => {
                if let Some(memo) = retirer.upgrade() {
                    memo.trust(false);
                }
                return true;
            }
            Err(_idle) => {
                let Some(memo) = retirer.upgrade() else {
                    return false;
                };
                drop(memo);
                let ping = tokio::time::timeout(HEARTBEAT, listener.execute("SELECT 1")).await;
                if !matches!(ping, Ok(Ok(_))) {
                    if let Some(memo) = retirer.upgrade() {
                        memo.trust(false);
                    }
                    return true;
                }
            }
        }
    }
}

/// A `Weak` to a memo as the listener holds it.
pub fn weak<R: Retirer>(retirer: &Arc<R>) -> Weak<dyn Retirer> {
    let weak: Weak<R> = Arc::downgrade(retirer);
    weak
}
