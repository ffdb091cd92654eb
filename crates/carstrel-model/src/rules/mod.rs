//! The rule book: what a client may send, written once.
//!
//! Every check and normalisation of a field a client can send (text, emails, ids, dates,
//! paging, sort columns, search text, tags, notes) and every edit rule (how a
//! [`CustomerUpdate`](crate::CustomerUpdate) or a [`TestDriveUpdate`](crate::TestDriveUpdate)
//! changes a record) lives here. The server answers a refusal with a 400 carrying
//! [`Invalid`]'s message; the console runs the same functions before it queues an edit
//! offline, so it refuses exactly what the server would refuse, in the same words.
//!
//! Run the rules' tables with `cargo test -p carstrel-model rules`.

mod calendar;
mod customers;
mod dates;
mod fields;
mod leads;
mod paging;
mod requests;
pub mod schemas;
mod schemas_work;
mod tasks;
mod test_drives;
mod text;

pub use calendar::{
    aging_bucket, aging_stats, aging_stats_from, apply_dealer_settings_update, days_on_lot,
    double_booking, double_booking_message, in_slot_range, listed_bounds, slot_of, slot_range,
    slot_start, takes_new_slot, ListedBounds, Slot, AGING_BUCKETS, DAY_MS, MAX_SLOT_MINUTES,
};
pub use customers::{
    apply_customer_update, check_customer_update, check_preferences, normalize_tags,
};
pub use dates::{instant, parse_instant, rfc3339};
pub use fields::{email, id, login, optional_id, password, phone, PASSWORD_MAX_CHARS};
pub use leads::{
    apply_lead_update, check_lead_move, check_lead_update, check_new_lead, unknown_staff, LeadEdit,
    NewLead, LEAD_MESSAGE_MAX_CHARS, LOST_REASON_MAX_CHARS,
};
pub use paging::{
    changes_limit, changes_since, choice, number, page_number, page_size, paging, vehicle_ranges,
    Paging,
};
pub use requests::{
    apply_vehicle_price, check_api_key_request, check_contact, check_registration,
    check_vehicle_update, ApiKeyRequest, Contact, Registration, MAX_RATE_LIMIT_PER_HOUR,
};
pub use tasks::{
    apply_task_update, check_task_request, check_task_update, new_task, NewTask, TaskEdit,
    TASK_TITLE_MAX_CHARS,
};
pub use test_drives::{
    apply_test_drive_update, check_reschedule, check_status_move, check_test_drive_request,
    check_test_drive_update, TestDriveEdit, TestDriveRequest,
};
pub use text::{clean_text, echo, like_pattern, required_text, search};

/// A field a client sent that breaks a rule. Its `Display` is the message the client
/// sees (the server's 400 body, the console's refusal), so both sides say the same thing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    /// The field as the client spells it (`email`, `preferences.brands`, `page`), or
    /// `body` for a rule about the request as a whole.
    pub field: String,
    /// A sentence a person can act on, naming the field.
    pub message: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Invalid {
        Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A rule's verdict.
pub type Checked<T> = Result<T, Invalid>;
