//! Wire types of the CarStrel API.
//!
//! The server serializes exactly these types and the SDK deserializes them, so the two
//! cannot drift apart. Field names follow the documented JSON (camelCase, except the
//! token fields the docs spell in snake_case). Every documented field is always present;
//! unknown values are `null`, never omitted.
//!
//! [`rules`] is the rule book of what a client may send: the server enforces it with a
//! 400 and the console runs the same functions offline, so both refuse the same edits in
//! the same words.
//!
//! Run the crate's tests with `cargo test -p carstrel-model`.

pub mod aging;
pub mod auth;
pub mod calendar;
pub mod capabilities;
pub mod customer;
pub mod engagement;
pub mod envelope;
pub mod integral;
pub mod keys;
pub mod lead_stats;
pub mod leads;
pub mod metadata;
pub mod query;
pub mod rules;
pub mod sync;
pub mod tasks;
pub mod test_drive;
pub mod vehicle;

pub use aging::*;
pub use auth::*;
pub use calendar::*;
pub use capabilities::*;
pub use customer::*;
pub use engagement::*;
pub use envelope::*;
pub use keys::*;
pub use lead_stats::*;
pub use leads::*;
pub use metadata::*;
pub use query::*;
pub use sync::*;
pub use tasks::*;
pub use test_drive::*;
pub use vehicle::*;

/// Derives shared by every wire type: serde in camelCase, and an OpenAPI schema when the
/// `openapi` feature is on.
macro_rules! wire {
    ($item:item) => {
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "camelCase")]
        $item
    };
}
pub(crate) use wire;
