//! The request bodies of the dealer's work (leads and follow-up tasks) as JSON Schema,
//! stated beside the checks in `leads.rs` and `tasks.rs` (see `schemas.rs` for why).

use super::leads::{LEAD_MESSAGE_MAX_CHARS, LOST_REASON_MAX_CHARS};
use super::schemas::{
    at_least_one, email, instant, multi_line, nullable, object, one_line, required_line,
};
use super::tasks::TASK_TITLE_MAX_CHARS;
use crate::customer::limits::NOTES_MAX_CHARS;
use serde_json::{json, Value};

fn uuid() -> Value {
    json!({"type": "string", "format": "uuid"})
}

/// `check_lead_update`: `lost` needs a `lostReason`, and a `lostReason` needs `lost`.
/// Two cases rather than `if`/`then`, which not every schema tool generates from.
fn lost_needs_a_reason() -> Value {
    json!([{"anyOf": [
        {
            "required": ["status", "lostReason"],
            "properties": {"status": {"const": "lost"}, "lostReason": {"type": "string"}}
        },
        {
            "properties": {"status": {"not": {"const": "lost"}}, "lostReason": {"type": "null"}}
        }
    ]}])
}

pub(super) fn bodies() -> Vec<(&'static str, Value)> {
    let mut lead_update = at_least_one(
        object(
            json!({"status": nullable(json!({"$ref": "#/components/schemas/LeadStatus"})),
                "assignedTo": nullable(uuid()),
                "lostReason": nullable(required_line(LOST_REASON_MAX_CHARS))}),
            &[],
        ),
        &["status", "assignedTo", "lostReason"],
    );
    lead_update["allOf"] = lost_needs_a_reason();
    vec![
        (
            "CreateLeadRequest",
            object(
                json!({"source": {"type": "string", "enum": ["walk_in", "phone", "other"],
                        "description": "The server opens leads of the other sources itself"},
                    "name": required_line(200), "email": nullable(email()),
                    "phone": nullable(one_line(32)),
                    "message": nullable(multi_line(LEAD_MESSAGE_MAX_CHARS)),
                    "customerId": nullable(uuid()), "vehicleId": nullable(uuid()),
                    "assignedTo": nullable(uuid())}),
                &["source", "name"],
            ),
        ),
        ("LeadUpdate", lead_update),
        (
            "CreateTaskRequest",
            object(
                json!({"title": required_line(TASK_TITLE_MAX_CHARS), "dueAt": instant(),
                    "notes": nullable(multi_line(NOTES_MAX_CHARS)),
                    "customerId": nullable(uuid()), "leadId": nullable(uuid()),
                    "assignedTo": nullable(uuid())}),
                &["title", "dueAt"],
            ),
        ),
        (
            "TaskUpdate",
            at_least_one(
                object(
                    json!({"title": nullable(required_line(TASK_TITLE_MAX_CHARS)),
                        "notes": nullable(multi_line(NOTES_MAX_CHARS)),
                        "dueAt": nullable(instant()), "done": nullable(json!({"type": "boolean"})),
                        "assignedTo": nullable(uuid())}),
                    &[],
                ),
                &["title", "notes", "dueAt", "done", "assignedTo"],
            ),
        ),
    ]
}
