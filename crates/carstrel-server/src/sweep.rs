//! The server's background sweep: every `ServerConfig::sweep_interval` (60 s unless
//! `serve --sweep-interval` says otherwise) it marks overdue confirmed test drives as
//! no-shows ([`crate::store::no_show`]). It runs while the server serves and stops with
//! it; a database that cannot be reached only delays it to the next tick.

use crate::clock::now_ms;
use crate::state::SharedState;
use tokio::task::JoinHandle;

/// The running sweep; dropping it stops the sweep.
#[derive(Debug)]
pub struct Sweeper(Option<JoinHandle<()>>);

impl Drop for Sweeper {
    fn drop(&mut self) {
        if let Some(task) = self.0.take() {
            task.abort();
        }
    }
}

/// Starts sweeping for `state`'s server. The published API alone (docs-only mode) has no
/// automatic no-show, so nothing runs there.
pub fn start(state: &SharedState) -> Sweeper {
    if state.config.docs_only {
        return Sweeper(None);
    }
    let state = state.clone();
    let period = state
        .config
        .sweep_interval
        .max(std::time::Duration::from_millis(10));
    Sweeper(Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match crate::store::no_show::sweep(&state.db, now_ms()).await {
                Ok(0) => {}
                Ok(marked) => tracing::info!(marked, "test drives marked no-show"),
                Err(error) => tracing::warn!(?error, "the no-show sweep failed; retrying later"),
            }
        }
    })))
}
