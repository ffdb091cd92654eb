//! The rule book's rules as JSON Schema, for the request bodies of the server's OpenAPI
//! document: every body the document calls valid is accepted and every other one refused
//! with a 400. utoipa derives the shapes from the wire types; the rules (lengths, blank
//! and control characters, emails, dates, "at least one field") are stated here, beside
//! the functions that check them, and the fuzzer (`scripts/fuzz.sh`) holds the two to
//! each other. Limits come from the constants the checks use, where they have one.

use super::fields::{EMAIL_MAX_CHARS, PASSWORD_MAX_CHARS};
use super::requests::MAX_RATE_LIMIT_PER_HOUR;
use crate::customer::limits::{NOTES_MAX_CHARS, TAGS_MAX, TAG_MAX_CHARS};
use crate::PASSWORD_MIN_CHARS;
use serde_json::{json, Value};

/// `char::is_control`: what no one-line field may hold.
const CONTROL: &str = r"\u0000-\u001f\u007f-\u009f";
/// Control characters apart from tab, line feed and carriage return: what no multi-line
/// field may hold.
const CONTROL_BUT_LINES: &str = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f";
/// `char::is_whitespace` apart from the control characters among it.
const SPACE: &str = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// Every `char::is_whitespace`, control characters included.
const ALL_SPACE: &str = r"\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

/// `rules::clean_text(max, multiline = false)`.
pub(super) fn one_line(max: usize) -> Value {
    json!({"type": "string", "maxLength": max, "pattern": format!("^[^{CONTROL}]*$")})
}

/// `rules::clean_text(max, multiline = true)`.
pub(super) fn multi_line(max: usize) -> Value {
    json!({"type": "string", "maxLength": max, "pattern": format!("^[^{CONTROL_BUT_LINES}]*$")})
}

/// Text whose `trim()` is 1 to `max` characters that start and end with a visible one,
/// with `inner` characters between: spaces (control ones too) around it are not counted,
/// as the rule book counts the trimmed text.
fn trimmed(inner: &str, max: usize) -> String {
    let edge = format!("[^{CONTROL}{SPACE}]");
    let between = max.saturating_sub(2);
    format!("^[{ALL_SPACE}]*{edge}([^{inner}]{{0,{between}}}{edge})?[{ALL_SPACE}]*$")
}

/// `rules::required_text`: one line once trimmed, not blank.
pub(super) fn required_line(max: usize) -> Value {
    json!({"type": "string", "pattern": trimmed(CONTROL, max)})
}

/// `rules::email`: one `@`, a dotted domain that neither starts nor ends with a dot, no
/// spaces but around it.
pub(super) fn email() -> Value {
    let part = format!("[^@{CONTROL}{SPACE}]");
    let edge = format!("[^@.{CONTROL}{SPACE}]");
    json!({
        "type": "string",
        "maxLength": EMAIL_MAX_CHARS,
        "pattern": format!("^[{ALL_SPACE}]*{part}+@{edge}{part}*\\.{part}*{edge}[{ALL_SPACE}]*$")
    })
}

/// `rules::login`: present and not blank (whether it is right is a 401).
fn not_blank() -> Value {
    json!({"type": "string", "pattern": format!("[^{ALL_SPACE}]")})
}

/// `rules::instant`: a `YYYY-MM-DD` date or an RFC 3339 date-time.
pub(super) fn instant() -> Value {
    json!({"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]})
}

pub(super) fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

pub(super) fn object(properties: Value, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
        "required": required,
    })
}

/// "Send at least one of …": a body must give one of `fields` a non-null value.
pub(super) fn at_least_one(mut schema: Value, fields: &[&str]) -> Value {
    schema["minProperties"] = json!(1);
    schema["anyOf"] = fields
        .iter()
        .map(
            |field| json!({"required": [field], "properties": {*field: {"not": {"type": "null"}}}}),
        )
        .collect();
    schema
}

/// The schemas to put in place of the derived ones, by component name.
pub fn request_bodies() -> Vec<(&'static str, Value)> {
    let mut bodies = documented_and_first_additions();
    bodies.extend(super::schemas_work::bodies());
    bodies
}

fn documented_and_first_additions() -> Vec<(&'static str, Value)> {
    let password =
        json!({"type": "string", "minLength": PASSWORD_MIN_CHARS, "maxLength": PASSWORD_MAX_CHARS});
    let phone = json!({
        "type": "object",
        "properties": {"mobile": nullable(one_line(32)), "whatsapp": nullable(one_line(32))},
    });
    let preferences = json!({
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "vehicleTypes": {"type": "array", "maxItems": 50, "items": one_line(100)},
            "brands": {"type": "array", "maxItems": 50, "items": one_line(100)},
            "priceRange": nullable(json!({
                "type": "object",
                "properties": {
                    "min": nullable(json!({"type": "number", "minimum": 0})),
                    "max": nullable(json!({"type": "number", "minimum": 0})),
                },
                "description": "Kept as given, also when `min` exceeds `max`"
            })),
            "contactMethod": nullable(one_line(50)),
        },
    });
    let tag = json!({"type": "string", "pattern": trimmed(CONTROL, TAG_MAX_CHARS)});
    vec![
        (
            "RegisterRequest",
            object(
                json!({"email": email(), "password": password, "firstName": required_line(100),
                    "lastName": required_line(100), "phone": nullable(json!({"$ref": "#/components/schemas/Phone"}))}),
                &["email", "password", "firstName", "lastName"],
            ),
        ),
        ("Phone", phone),
        (
            "LoginRequest",
            object(
                json!({"email": not_blank(), "password": {"type": "string", "minLength": 1}}),
                &["email", "password"],
            ),
        ),
        (
            "RefreshRequest",
            object(
                json!({"refresh_token": {"type": "string"}}),
                &["refresh_token"],
            ),
        ),
        (
            "StaffLoginRequest",
            object(
                json!({"email": {"type": "string"}, "password": {"type": "string"}}),
                &["email", "password"],
            ),
        ),
        (
            "StaffRefreshRequest",
            object(
                json!({"refreshToken": {"type": "string"}}),
                &["refreshToken"],
            ),
        ),
        (
            "NewsletterRequest",
            object(json!({"email": email()}), &["email"]),
        ),
        (
            "ContactRequest",
            object(
                json!({"name": required_line(200), "email": email(),
                    "message": {"type": "string", "pattern": trimmed(CONTROL_BUT_LINES, 10_000)},
                    "subject": nullable(json!({"type": "string",
                        "pattern": format!("({})|^[{ALL_SPACE}]*$", trimmed(CONTROL, 200))}))}),
                &["name", "email", "message"],
            ),
        ),
        (
            "CreateTestDriveRequest",
            object(
                json!({"vehicleId": {"type": "string", "format": "uuid"}, "name": required_line(200),
                    "email": email(), "phone": nullable(one_line(32)), "preferredDate": nullable(instant())}),
                &["vehicleId", "name", "email"],
            ),
        ),
        (
            "TestDriveUpdate",
            at_least_one(
                object(
                    json!({"status": nullable(json!({"$ref": "#/components/schemas/TestDriveStatus"})),
                        "scheduledAt": nullable(instant()), "notes": nullable(multi_line(NOTES_MAX_CHARS))}),
                    &[],
                ),
                &["status", "scheduledAt", "notes"],
            ),
        ),
        (
            "VehicleUpdate",
            at_least_one(
                object(
                    json!({"name": nullable(required_line(200)), "description": nullable(multi_line(20_000)),
                        "price": nullable(json!({"type": "number", "minimum": 0})),
                        "mileage": nullable(json!({"type": "integer", "minimum": 0, "maximum": i64::MAX})),
                        "status": nullable(json!({"$ref": "#/components/schemas/VehicleStatus"}))}),
                    &[],
                ),
                &["name", "description", "price", "mileage", "status"],
            ),
        ),
        (
            "CustomerUpdate",
            at_least_one(
                object(
                    json!({"notes": nullable(multi_line(NOTES_MAX_CHARS)),
                        "tags": nullable(json!({"type": "array", "maxItems": TAGS_MAX, "items": tag})),
                        "preferences": nullable(json!({"$ref": "#/components/schemas/Preferences"})),
                        "isVip": nullable(json!({"type": "boolean"}))}),
                    &[],
                ),
                &["notes", "tags", "preferences", "isVip"],
            ),
        ),
        ("Preferences", preferences),
        ("DealerSettingsUpdate", dealer_settings_update()),
        (
            "CreateApiKeyRequest",
            object(
                json!({"name": required_line(100),
                    "scopes": nullable(json!({"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Scope"}})),
                    "rateLimitPerHour": nullable(json!({"type": "integer", "minimum": 1, "maximum": MAX_RATE_LIMIT_PER_HOUR})),
                    "environment": nullable(json!({"$ref": "#/components/schemas/Environment"}))}),
                &["name"],
            ),
        ),
    ]
}

/// `rules::apply_dealer_settings_update`: whole minutes within each field's bounds.
fn dealer_settings_update() -> Value {
    use crate::calendar::{
        NO_SHOW_AFTER_MINUTES_RANGE as NO_SHOW, TEST_DRIVE_MINUTES_RANGE as DRIVE,
    };
    at_least_one(
        object(
            json!({"testDriveMinutes": nullable(json!({"type": "integer", "minimum": DRIVE.0, "maximum": DRIVE.1})),
                "noShowAfterMinutes": nullable(json!({"type": "integer", "minimum": NO_SHOW.0, "maximum": NO_SHOW.1}))}),
            &[],
        ),
        &["testDriveMinutes", "noShowAfterMinutes"],
    )
}
