//! Customer authentication (register, login, me, refresh) and staff login.

use crate::{wire, CustomerSegment, Phone, User};
use serde::{Deserialize, Serialize};

/// Minimum password length, as documented.
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Lifetime of an access token, in seconds (`expires_in`).
pub const ACCESS_TOKEN_TTL_SECS: u64 = 3600;

wire! {
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
}
}

wire! {
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}
}

/// `POST /external/auth/refresh` body. Snake case, like the token fields it echoes; seed
/// 002 spells the field `refreshToken`, so that is accepted too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[serde(alias = "refreshToken")]
    pub refresh_token: String,
}

/// Tokens and the user, as returned by register, login and refresh.
///
/// The token fields are snake_case in the docs; the flags are camelCase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuthSession {
    /// Register only: whether a new CarStrel account was created.
    #[serde(rename = "isNewUser", default, skip_serializing_if = "Option::is_none")]
    pub is_new_user: Option<bool>,
    /// Whether this dealer gained a new customer record with this call.
    #[serde(rename = "isNewCustomer")]
    pub is_new_customer: bool,
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
    pub token_type: String,
    pub user: User,
}

wire! {
pub struct CustomerSummary {
    pub customer_id: String,
    pub lifecycle_stage: String,
    pub customer_segment: CustomerSegment,
    pub is_vip: bool,
    pub total_purchases: u64,
    pub total_spent: f64,
    pub member_since: String,
}
}

wire! {
/// `GET /external/auth/me`.
pub struct Me {
    pub user: User,
    pub customer: CustomerSummary,
}
}

wire! {
/// `POST /api/v1/auth/login` (seed 002): a dealer's staff member signs in.
#[serde(deny_unknown_fields)]
pub struct StaffLoginRequest {
    pub email: String,
    pub password: String,
}
}

wire! {
/// `POST /api/v1/auth/refresh`.
#[serde(deny_unknown_fields)]
pub struct StaffRefreshRequest {
    pub refresh_token: String,
}
}

wire! {
pub struct StaffUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub organization_id: String,
    pub organization_name: String,
}
}

wire! {
/// Seed 002's login response, plus the refresh token its refresh call takes.
pub struct StaffSession {
    pub token: String,
    pub refresh_token: String,
    pub expires_in: u64,
    pub user: StaffUser,
}
}
