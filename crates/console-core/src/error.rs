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
    /// The API answered with an error or could not be reached.
    #[error("{}", api_message(.0))]
    Api(#[from] carstrel_client::Error),
    /// An export file could not be written (a full disk, a folder without permission).
    #[error("{0}")]
    Export(String),
    /// A sync was cancelled; what it committed stays, the next sync continues from there.
    #[error("the sync was cancelled; the next sync continues where it stopped")]
    Cancelled,
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
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidQuery(_) => "invalid_query",
            Error::NotFound(_) => "not_found",
            Error::Busy => "cache_busy",
            Error::Database(_) => "cache_database",
            Error::Migration(_) => "cache_migration",
            Error::Corrupt(_) => "cache_corrupt",
            Error::InvalidChange(_) => "invalid_change",
            Error::Api(error) => api_code(error),
            Error::Cancelled => "cancelled",
            Error::Export(_) => "export",
            Error::Profile(crate::profiles::ProfileError::NotFound { .. }) => "not_found",
            Error::Profile(_) => "invalid_profile",
            Error::Secret(_) => "keychain",
            Error::Sandbox(_) => "sandbox",
            Error::Paths(_) => "data_dir",
        }
    }
}

fn api_code(error: &carstrel_client::Error) -> &'static str {
    use carstrel_client::Error as Api;
    match error {
        Api::Network(_) | Api::BudgetExhausted { .. } => "offline",
        Api::Unauthorized { .. } => "unauthorized",
        Api::Forbidden { .. } => "forbidden",
        Api::NotFound { .. } => "not_found",
        Api::Validation { .. } => "invalid_change",
        Api::Conflict { .. } | Api::PreconditionFailed { .. } => "conflict",
        Api::RateLimited { .. } => "rate_limited",
        Api::Server { .. } => "server_error",
        _ => "api_error",
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
        out.serialize_field("code", self.code())?;
        out.serialize_field("message", &self.to_string())?;
        out.end()
    }
}

/// An error as the UI receives it: a stable `code` to branch on and a `message` to show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UiError {
    pub code: String,
    pub message: String,
}

impl From<Error> for UiError {
    fn from(error: Error) -> Self {
        UiError {
            code: error.code().to_owned(),
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
        assert_eq!(Error::NotFound("Vehicle").code(), "not_found");
    }
}
