//! The console core's error type: one enum whose variants a UI can act on, each with a
//! stable machine-readable [`Error::code`] and a message a dealer can read.

use serde::ser::SerializeStruct;

/// Everything that can go wrong in the console core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The query was refused, with the same message the server gives for its 400, so the
    /// console says the same thing online and offline.
    #[error("{0}")]
    InvalidQuery(String),
    /// The record is not in the offline cache (never synced, or deleted on the server).
    #[error("{0} not found in the offline cache")]
    NotFound(&'static str),
    /// Another process holds the cache file locked for longer than the busy timeout; the
    /// UI can retry.
    #[error("the offline cache is busy; try again in a moment")]
    Busy,
    /// The cache database failed (disk full, permissions, corruption...).
    #[error("the offline cache failed: {0}")]
    Database(sqlx::Error),
    /// The cache file's schema could not be brought up to date (for example a file written
    /// by a newer console).
    #[error("the offline cache could not be upgraded: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A record in the cache or from the API could not be read or written as JSON; a
    /// full re-sync repairs it.
    #[error("a cached record is unreadable ({0}); a full re-sync will repair it")]
    Corrupt(String),
    /// An edit the server would refuse (a final test-drive status, too many tags…),
    /// refused offline by the same rule book the server runs ([`carstrel_model::rules`]),
    /// in its words, so nothing is queued that cannot be sent.
    #[error("{0}")]
    InvalidChange(String),
    /// A test drive confirmed or moved onto a slot another confirmed drive of its vehicle
    /// holds, refused offline in the server's words (its 409), naming that drive.
    #[error("{0}")]
    DoubleBooking(String),
    /// The API answered with an error or could not be reached.
    #[error("{}", api_message(.0))]
    Api(#[from] carstrel_client::Error),
    /// An export file could not be written (a full disk, a folder without permission).
    #[error("{0}")]
    Export(String),
    /// A sync was cancelled; what it committed stays, the next sync continues from there.
    #[error("the sync was cancelled; the next sync continues where it stopped")]
    Cancelled,
    /// A read from a profile that has never synced, when the sync it tried first failed:
    /// an empty cache would show zeros as if they were the dealer's figures.
    #[error("this profile has never synced, and syncing it now failed ({0}); run `sync` once the server can be reached")]
    NeverSynced(String),
    #[error(transparent)]
    Profile(#[from] crate::profiles::ProfileError),
    #[error(transparent)]
    Secret(#[from] crate::secrets::SecretError),
    #[error(transparent)]
    Sandbox(#[from] crate::sandbox::SandboxError),
    #[error(transparent)]
    Paths(#[from] crate::paths::PathsError),
}

/// An API error in words a dealer can act on; never the key, and the server's own
/// explanation where it gave one.
pub fn api_message(error: &carstrel_client::Error) -> String {
    use carstrel_client::Error as Api;
    let detail = error.body().map(|b| b.error.clone());
    match error {
        Api::Network(_) | Api::BudgetExhausted { .. } => {
            "The CarStrel API cannot be reached; you are working offline".to_owned()
        }
        Api::Unauthorized { .. } => {
            "The API key was refused; check it under Connections".to_owned()
        }
        Api::RateLimited { .. } => {
            "The API key's hourly request limit is used up; the console retries later".to_owned()
        }
        Api::Server { .. } => {
            "The CarStrel API is having trouble; the console retries later".to_owned()
        }
        _ => detail.unwrap_or_else(|| error.to_string()),
    }
}

/// The console core's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A stable code the UI switches on (messages may be reworded; codes never are).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidQuery(_) => ErrorCode::InvalidQuery,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Busy => ErrorCode::CacheBusy,
            Error::Database(_) => ErrorCode::CacheDatabase,
            Error::Migration(_) => ErrorCode::CacheMigration,
            Error::Corrupt(_) => ErrorCode::CacheCorrupt,
            Error::InvalidChange(_) => ErrorCode::InvalidChange,
            Error::DoubleBooking(_) => ErrorCode::Conflict,
            Error::Api(error) => api_code(error),
            Error::Cancelled => ErrorCode::Cancelled,
            Error::NeverSynced(_) => ErrorCode::NeverSynced,
            Error::Export(_) => ErrorCode::Export,
            Error::Profile(crate::profiles::ProfileError::NotFound { .. }) => ErrorCode::NotFound,
            Error::Profile(_) => ErrorCode::InvalidProfile,
            Error::Secret(_) => ErrorCode::Keychain,
            Error::Sandbox(_) => ErrorCode::Sandbox,
            Error::Paths(_) => ErrorCode::DataDir,
        }
    }
}

fn api_code(error: &carstrel_client::Error) -> ErrorCode {
    use carstrel_client::Error as Api;
    match error {
        Api::Network(_) | Api::BudgetExhausted { .. } => ErrorCode::Offline,
        Api::Unauthorized { .. } => ErrorCode::Unauthorized,
        Api::Forbidden { .. } => ErrorCode::Forbidden,
        Api::NotFound { .. } => ErrorCode::NotFound,
        Api::Validation { .. } => ErrorCode::InvalidChange,
        Api::Conflict { .. } | Api::PreconditionFailed { .. } => ErrorCode::Conflict,
        Api::RateLimited { .. } => ErrorCode::RateLimited,
        Api::Server { .. } => ErrorCode::ServerError,
        _ => ErrorCode::ApiError,
    }
}

/// What kind of failure an [`Error`] is, as the window and the CLI's exit status branch
/// on it. Exported to TypeScript (`ui/generated/bindings.ts`), where the UI `switch`es on
/// it exhaustively, so a code Rust never emits cannot appear there either.
///
/// The words a dealer reads in the window for each code live in the UI, in
/// `ui/src/errors.ts`, not here: they point at the window's screens and gestures ("check
/// it in Connections", "choose which to keep") and belong with the rest of its text.
/// What Rust says is the detail: an [`Error`]'s message, which the CLI prints and the
/// window shows where the detail is the point (a refusal in the server's own words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A list query the API would refuse with 400 (a page size out of range…).
    InvalidQuery,
    /// The record or profile does not exist (any more).
    NotFound,
    /// The cache file is locked by another process for now; retrying helps.
    CacheBusy,
    CacheDatabase,
    CacheMigration,
    /// A cached record is unreadable; a full re-sync repairs it.
    CacheCorrupt,
    /// An edit the server would refuse, or did refuse with 400/422.
    InvalidChange,
    /// The API cannot be reached: the edit waits in the outbox.
    Offline,
    /// The API key was refused (401).
    Unauthorized,
    /// The API key lacks the scope (403).
    Forbidden,
    /// Someone else changed the record first (409/412).
    Conflict,
    /// The key's hourly request budget is spent (429).
    RateLimited,
    /// The API failed (5xx).
    ServerError,
    /// Any other answer from the API.
    ApiError,
    /// A sync was cancelled; the next one continues.
    Cancelled,
    /// An export file could not be written, or the CLI could not write its output.
    Export,
    /// A profile cannot be added or used as asked (a bad URL, a duplicate name…).
    InvalidProfile,
    /// The OS keychain refused to store or give back the key.
    Keychain,
    /// The built-in demo API could not start or stop.
    Sandbox,
    /// The data directory cannot be found or written.
    DataDir,
    /// The profile has never synced and could not sync now: there is nothing true to show.
    NeverSynced,
}

impl ErrorCode {
    /// Every code, in declaration order: what the UI's preview fixtures list, so its tests
    /// can check the UI words every one of them.
    pub const ALL: [ErrorCode; 21] = [
        ErrorCode::InvalidQuery,
        ErrorCode::NotFound,
        ErrorCode::CacheBusy,
        ErrorCode::CacheDatabase,
        ErrorCode::CacheMigration,
        ErrorCode::CacheCorrupt,
        ErrorCode::InvalidChange,
        ErrorCode::Offline,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
        ErrorCode::ApiError,
        ErrorCode::Cancelled,
        ErrorCode::Export,
        ErrorCode::InvalidProfile,
        ErrorCode::Keychain,
        ErrorCode::Sandbox,
        ErrorCode::DataDir,
        ErrorCode::NeverSynced,
    ];

    /// The code as it goes over the wire (`"cache_busy"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::NotFound => "not_found",
            ErrorCode::CacheBusy => "cache_busy",
            ErrorCode::CacheDatabase => "cache_database",
            ErrorCode::CacheMigration => "cache_migration",
            ErrorCode::CacheCorrupt => "cache_corrupt",
            ErrorCode::InvalidChange => "invalid_change",
            ErrorCode::Offline => "offline",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServerError => "server_error",
            ErrorCode::ApiError => "api_error",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::Export => "export",
            ErrorCode::InvalidProfile => "invalid_profile",
            ErrorCode::Keychain => "keychain",
            ErrorCode::Sandbox => "sandbox",
            ErrorCode::DataDir => "data_dir",
            ErrorCode::NeverSynced => "never_synced",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// So tests and logs can compare a code with its wire spelling: `code() == "offline"`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<sqlx::Error> for Error {
    /// SQLite's BUSY and LOCKED become [`Error::Busy`], which the UI retries; a stored value
    /// that does not decode (an outbox state no console writes) is [`Error::Corrupt`]; the
    /// rest is a database failure.
    fn from(error: sqlx::Error) -> Self {
        if matches!(
            error,
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_)
        ) {
            return Error::Corrupt(error.to_string());
        }
        let busy = error
            .as_database_error()
            .and_then(|e| e.code())
            .and_then(|code| code.parse::<i32>().ok())
            // Extended result codes keep the primary code in their low byte.
            .is_some_and(|code| matches!(code & 0xff, 5 | 6));
        if busy {
            Error::Busy
        } else {
            Error::Database(error)
        }
    }
}

/// A refused edit, in the rule book's words: what the server would answer with its 400.
impl From<carstrel_model::rules::Invalid> for Error {
    fn from(invalid: carstrel_model::rules::Invalid) -> Self {
        Error::InvalidChange(invalid.message)
    }
}

impl Error {
    /// A refused query parameter, in the rule book's words (the server's 400).
    pub fn invalid_query(invalid: carstrel_model::rules::Invalid) -> Self {
        Error::InvalidQuery(invalid.message)
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        Error::Corrupt(error.to_string())
    }
}

/// `{code, message}`: the shape the desktop shell hands to the UI.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Error", 2)?;
        out.serialize_field("code", &self.code())?;
        out.serialize_field("message", &self.to_string())?;
        out.end()
    }
}

/// An error as the UI receives it: a stable `code` to branch on and a `message` to show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UiError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<Error> for UiError {
    fn from(error: Error) -> Self {
        UiError {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_book_refusals_keep_their_words() {
        let invalid = carstrel_model::rules::email("email", "a@b").unwrap_err();
        let change = Error::from(invalid.clone());
        assert_eq!(change.code(), "invalid_change");
        assert_eq!(change.to_string(), "email must be a valid email address");
        let query = Error::invalid_query(invalid);
        assert_eq!(query.code(), "invalid_query");
        assert_eq!(query.to_string(), "email must be a valid email address");
    }

    #[test]
    fn errors_serialize_as_code_and_message() {
        let error = Error::InvalidQuery("limit must be between 1 and 100".into());
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({"code": "invalid_query", "message": "limit must be between 1 and 100"})
        );
        assert_eq!(Error::NotFound("Vehicle").code(), ErrorCode::NotFound);
    }

    #[test]
    fn every_code_goes_over_the_wire_as_its_name() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
            let back: ErrorCode = serde_json::from_value(code.as_str().into()).unwrap();
            assert_eq!(back, code);
        }
    }

    /// A new code fails to compile here until it has a place; `ALL` must then list it.
    #[test]
    fn all_lists_every_code_once() {
        let place = |code: ErrorCode| match code {
            ErrorCode::InvalidQuery => 0,
            ErrorCode::NotFound => 1,
            ErrorCode::CacheBusy => 2,
            ErrorCode::CacheDatabase => 3,
            ErrorCode::CacheMigration => 4,
            ErrorCode::CacheCorrupt => 5,
            ErrorCode::InvalidChange => 6,
            ErrorCode::Offline => 7,
            ErrorCode::Unauthorized => 8,
            ErrorCode::Forbidden => 9,
            ErrorCode::Conflict => 10,
            ErrorCode::RateLimited => 11,
            ErrorCode::ServerError => 12,
            ErrorCode::ApiError => 13,
            ErrorCode::Cancelled => 14,
            ErrorCode::Export => 15,
            ErrorCode::InvalidProfile => 16,
            ErrorCode::Keychain => 17,
            ErrorCode::Sandbox => 18,
            ErrorCode::DataDir => 19,
            ErrorCode::NeverSynced => 20,
        };
        for (index, code) in ErrorCode::ALL.into_iter().enumerate() {
            assert_eq!(
                place(code),
                index,
                "{code} is out of place in ErrorCode::ALL"
            );
        }
    }
}
