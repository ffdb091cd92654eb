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

/// How long the first sync waits for the cached dashboard to be painted.
pub const FIRST_PAINT_GRACE: Duration = Duration::from_secs(3);

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
    painted: Arc<std::sync::atomic::AtomicBool>,
    painted_now: Arc<tokio::sync::Notify>,
    charts_drawn: Arc<std::sync::atomic::AtomicBool>,
}

/// When this process started, for the start-up log line.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Marks the process start; call first thing in `run`.
pub fn mark_start() {
    STARTED.get_or_init(std::time::Instant::now);
}

/// Time since [`mark_start`], for the start-up log lines.
fn since_start() -> Option<Duration> {
    STARTED.get().map(|start| start.elapsed())
}

/// Logs `milestone` with the time since start, the first time `reached` is raised only.
fn log_milestone_once(reached: &std::sync::atomic::AtomicBool, milestone: &str) {
    if !reached.swap(true, std::sync::atomic::Ordering::Relaxed) {
        tracing::info!(elapsed = ?since_start(), "{milestone}");
    }
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
                    tracing::info!(elapsed = ?since_start(), "console open");
                    let _ = handle.console.set(console);
                }
                Err(error) => {
                    tracing::error!(%error, "the console cannot open");
                    let _ = handle.failure.set(error.into());
                }
            }
            handle.ready.notify_waiters();
            handle.let_the_cached_dashboard_paint_first().await;
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
        if report.is_ok() {
            show_notifications(app, &console.cache().await).await;
        }
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

    /// Logs, once, how long the first dashboard with numbers took to reach the screen:
    /// start-up regressions show in the logs, and the app benchmark waits for this line.
    pub fn first_dashboard_painted(&self) {
        log_milestone_once(&self.painted, "first dashboard painted");
        self.painted_now.notify_waiters();
    }

    /// Logs, once, when the first dashboard's charts were drawn: they follow its numbers
    /// once those are on screen, and the app benchmark reports both.
    pub fn first_dashboard_charts_drawn(&self) {
        log_milestone_once(&self.charts_drawn, "first dashboard charts drawn");
    }

    /// With a full offline copy, the first screen comes from the cache: the first sync
    /// waits until it is painted (at most [`FIRST_PAINT_GRACE`]) instead of competing
    /// with it. An empty cache syncs at once, since that is what the screen waits for.
    async fn let_the_cached_dashboard_paint_first(&self) {
        let Ok(console) = self.get().await else {
            return;
        };
        if !console.status().await.is_ok_and(|s| s.has_full_copy) {
            return;
        }
        let painted = self.painted_now.notified();
        if !self.painted.load(std::sync::atomic::Ordering::Relaxed) {
            let _ = tokio::time::timeout(FIRST_PAINT_GRACE, painted).await;
        }
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

/// Shows what the sync brought (new leads, test-drive requests, tasks now due), as
/// console-core words it; nothing when the setting is off. A notification that cannot be
/// shown (no notification daemon) is logged, never an error of the sync.
async fn show_notifications(app: &AppHandle, cache: &console_core::Cache) {
    use tauri_plugin_notification::NotificationExt;
    match console_core::notify::check(cache).await {
        Ok(notes) => {
            for note in notes {
                let shown = app
                    .notification()
                    .builder()
                    .title(&note.title)
                    .body(&note.body)
                    .show();
                if let Err(e) = shown {
                    tracing::warn!("notification not shown: {e}");
                }
            }
        }
        Err(e) => tracing::warn!("notifications not checked: {e}"),
    }
}
