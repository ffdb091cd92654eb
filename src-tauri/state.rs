//! The console behind the window: opened in the background at start-up (the sandbox
//! takes a moment), synced at once and then periodically, with events for the UI.

use console_core::console::{AppStatus, Console, ConsoleOptions};
use console_core::error::UiError;
use console_core::sync::SyncProgress;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use tauri::AppHandle;
use tauri_specta::Event;
use tokio_util::sync::CancellationToken;

/// How often the console pulls changes while open.
pub const SYNC_EVERY: Duration = Duration::from_secs(60);

/// A sync's progress, for the status bar.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncProgressEvent(pub SyncProgress);

/// The status bar's data changed (online, outbox, sync state, profile).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct StatusChanged(pub AppStatus);

/// The console, once open; commands wait for it.
#[derive(Clone, Default)]
pub struct ConsoleHandle {
    console: Arc<tokio::sync::OnceCell<Console>>,
    failure: Arc<tokio::sync::OnceCell<UiError>>,
    ready: Arc<tokio::sync::Notify>,
}

impl ConsoleHandle {
    /// The open console, waiting for start-up to finish.
    pub async fn get(&self) -> Result<&Console, UiError> {
        loop {
            let notified = self.ready.notified();
            if let Some(console) = self.console.get() {
                return Ok(console);
            }
            if let Some(failure) = self.failure.get() {
                return Err(failure.clone());
            }
            notified.await;
        }
    }

    /// Opens the console, then syncs now and every [`SYNC_EVERY`].
    pub fn start(&self, app: AppHandle) {
        let handle = self.clone();
        tauri::async_runtime::spawn(async move {
            // CARSTREL_DATA_DIR points the window elsewhere, as it does the CLI.
            let options = ConsoleOptions {
                data_dir: std::env::var_os("CARSTREL_DATA_DIR").map(std::path::PathBuf::from),
                ..ConsoleOptions::default()
            };
            match Console::open(options).await {
                Ok(console) => {
                    let _ = handle.console.set(console);
                }
                Err(error) => {
                    tracing::error!(%error, "the console cannot open");
                    let _ = handle.failure.set(error.into());
                }
            }
            handle.ready.notify_waiters();
            loop {
                handle.sync(&app, false).await.ok();
                tokio::time::sleep(SYNC_EVERY).await;
            }
        });
    }

    /// Syncs, reporting progress and the new status as events.
    pub async fn sync(
        &self,
        app: &AppHandle,
        full: bool,
    ) -> Result<console_core::sync::SyncReport, UiError> {
        let console = self.get().await?;
        let emitter = app.clone();
        let mut progress = move |p: SyncProgress| {
            let _ = SyncProgressEvent(p).emit(&emitter);
        };
        if let Ok(mut status) = console.status().await {
            status.syncing = true;
            let _ = StatusChanged(status).emit(app);
        }
        let report = console
            .sync(full, &mut progress, &CancellationToken::new())
            .await;
        self.announce(app).await;
        report.map_err(UiError::from)
    }

    /// Sends queued edits in the background after an edit, then tells the UI.
    pub fn push_soon(&self, app: &AppHandle) {
        let (handle, app) = (self.clone(), app.clone());
        tauri::async_runtime::spawn(async move {
            // Queued (the outbox grew), then sent (it shrank): the UI sees both.
            handle.announce(&app).await;
            if let Ok(console) = handle.get().await {
                let _ = console.push().await;
            }
            handle.announce(&app).await;
        });
    }

    /// Emits the current status.
    pub async fn announce(&self, app: &AppHandle) {
        if let Ok(console) = self.get().await {
            if let Ok(status) = console.status().await {
                let _ = StatusChanged(status).emit(app);
            }
        }
    }
}
