//! Ids a body refers to (a customer, a vehicle, a lead, a staff member): each must be the
//! caller's, and a foreign id reads exactly as an unknown one. A new record naming what
//! does not exist is a 404, as a test-drive booking for an unknown vehicle is (a
//! well-formed request meeting the dealer's data); a change assigning work to an unknown
//! staff member is a 400, as the leads contract asks.

use crate::error::{ApiError, Result};
use crate::tenant::Caller;
use sqlx::{AnyConnection, Row};

/// What a body may refer to, and where it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referent {
    Customer,
    Vehicle,
    Lead,
}

impl Referent {
    fn table(self) -> &'static str {
        match self {
            Referent::Customer => "customers",
            Referent::Vehicle => "vehicles",
            Referent::Lead => "leads",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Referent::Customer => "customer",
            Referent::Vehicle => "vehicle",
            Referent::Lead => "lead",
        }
    }
}

/// How a body's reference to nothing is answered: [`ApiError::NotFound`] or
/// [`ApiError::BadRequest`].
pub type Refusal = fn(String) -> ApiError;

/// Refuses `id` (404) unless it names a record of the caller's dealer and environment.
pub async fn ensure_owned(
    conn: &mut AnyConnection,
    caller: &Caller,
    field: &str,
    referent: Referent,
    id: Option<&str>,
) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    let found = sqlx::query(&format!(
        "SELECT id FROM {} WHERE id = $1 AND organization_id = $2 AND environment = $3",
        referent.table()
    ))
    .bind(id)
    .bind(&caller.org_id)
    .bind(caller.env_str())
    .fetch_optional(conn)
    .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(ApiError::NotFound(format!(
            "{field} names no {} of this dealer",
            referent.noun()
        ))),
    }
}

/// The name of the caller's staff member `id` (staff serve both environments), or
/// `refusal` naming `field` when the dealer has no such staff member.
pub async fn staff_name(
    conn: &mut AnyConnection,
    caller: &Caller,
    field: &str,
    id: &str,
    refusal: Refusal,
) -> Result<String> {
    let row = sqlx::query("SELECT name FROM staff_users WHERE id = $1 AND organization_id = $2")
        .bind(id)
        .bind(&caller.org_id)
        .fetch_optional(conn)
        .await?;
    match row {
        Some(row) => Ok(row.try_get("name")?),
        None => Err(refusal(carstrel_model::rules::unknown_staff(field).message)),
    }
}

/// Like [`staff_name`], for an optional id.
pub async fn ensure_staff(
    conn: &mut AnyConnection,
    caller: &Caller,
    field: &str,
    id: Option<&str>,
    refusal: Refusal,
) -> Result<Option<String>> {
    match id {
        Some(id) => Ok(Some(staff_name(conn, caller, field, id, refusal).await?)),
        None => Ok(None),
    }
}
