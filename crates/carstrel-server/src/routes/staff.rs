//! Seed 002's staff side: `POST /api/v1/auth/login`, `/auth/refresh`, and API-key
//! management under `/api/v1/api-keys` (staff Bearer token).

use crate::error::{ApiError, Result};
use crate::http::client_addr::ClientAddr;
use crate::http::extract::ApiJson;
use crate::http::extract::ApiPath;
use crate::secrets::TokenKind;
use crate::state::SharedState;
use crate::store::{keys, orgs};
use crate::throttle;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use carstrel_model::*;

/// A signed-in staff member, from `Authorization: Bearer <staff token>`.
pub struct Staff(pub StaffUser);

impl FromRequestParts<SharedState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self> {
        let token = super::customers::bearer(&parts.headers)?;
        let claims = state.jwt.verify(token, TokenKind::StaffAccess)?;
        let user = orgs::find_staff(&state.db, &claims.sub)
            .await?
            .filter(|u| u.organization_id == claims.org)
            .ok_or_else(|| ApiError::Unauthorized("Invalid token".into()))?;
        Ok(Staff(user))
    }
}

fn session(state: &SharedState, user: StaffUser) -> Result<StaffSession> {
    Ok(StaffSession {
        token: state.jwt.issue(
            &user.id,
            &user.organization_id,
            None,
            TokenKind::StaffAccess,
        )?,
        refresh_token: state.jwt.issue(
            &user.id,
            &user.organization_id,
            None,
            TokenKind::StaffRefresh,
        )?,
        expires_in: ACCESS_TOKEN_TTL_SECS,
        user,
    })
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "staff", request_body = StaffLoginRequest,
    responses((status = 200, body = Envelope<StaffSession>), (status = 401, body = ErrorBody),
        (status = 429, description = "Too many failed logins for this account or from this address; `Retry-After` says when to try again", body = ErrorBody)))]
pub async fn login(
    State(state): State<SharedState>,
    client: ClientAddr,
    ApiJson(req): ApiJson<StaffLoginRequest>,
) -> Result<Json<Envelope<StaffSession>>> {
    let account = throttle::account_key(&req.email);
    let address = client.key();
    let throttles = &state.throttles;
    let budgets = [
        (&throttles.staff_by_address, address.as_str()),
        (&throttles.staff_by_account, account.as_str()),
    ];
    throttle::guarded(&budgets, sign_in(&state, req)).await
}

/// Checks a staff login; an unknown email costs the same hashing as a known one.
async fn sign_in(
    state: &SharedState,
    req: StaffLoginRequest,
) -> Result<Json<Envelope<StaffSession>>> {
    let wrong = || ApiError::Unauthorized("Invalid email or password".into());
    if req.password.chars().count() > rules::PASSWORD_MAX_CHARS {
        return Err(wrong());
    }
    let found = orgs::find_staff_by_email(&state.db, req.email.trim()).await?;
    let (user, hash) = found.map_or((None, None), |(user, hash)| (Some(user), Some(hash)));
    if !state.passwords.verify(req.password, hash).await? {
        return Err(wrong());
    }
    let user = user.ok_or_else(wrong)?;
    Ok(Json(Envelope::ok(session(state, user)?)))
}

#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "staff", request_body = StaffRefreshRequest,
    responses((status = 200, body = Envelope<StaffSession>), (status = 401, body = ErrorBody)))]
pub async fn refresh(
    State(state): State<SharedState>,
    ApiJson(req): ApiJson<StaffRefreshRequest>,
) -> Result<Json<Envelope<StaffSession>>> {
    let claims = state
        .jwt
        .verify(&req.refresh_token, TokenKind::StaffRefresh)?;
    let user = orgs::find_staff(&state.db, &claims.sub)
        .await?
        .ok_or_else(|| ApiError::Unauthorized("Invalid token".into()))?;
    Ok(Json(Envelope::ok(session(&state, user)?)))
}

#[utoipa::path(post, path = "/api/v1/api-keys", tag = "staff", request_body = CreateApiKeyRequest,
    params(("Authorization" = String, Header, description = "Bearer <staff token>")),
    responses((status = 201, description = "The key, shown this once", body = Envelope<CreatedApiKey>),
        (status = 401, body = ErrorBody), (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn create_key(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ApiJson(req): ApiJson<CreateApiKeyRequest>,
) -> Result<(StatusCode, Json<Envelope<CreatedApiKey>>)> {
    let created = keys::create(&state.db, &user.organization_id, &req).await?;
    Ok((StatusCode::CREATED, Json(Envelope::created(created))))
}

#[utoipa::path(get, path = "/api/v1/api-keys", tag = "staff",
    params(("Authorization" = String, Header, description = "Bearer <staff token>")),
    responses((status = 200, body = Envelope<Vec<ApiKeyInfo>>), (status = 401, body = ErrorBody)))]
pub async fn list_keys(
    State(state): State<SharedState>,
    Staff(user): Staff,
) -> Result<Json<Envelope<Vec<ApiKeyInfo>>>> {
    let items = keys::list(&state.db, &user.organization_id).await?;
    let total = items.len() as u64;
    Ok(Json(Envelope::list(items, total)))
}

#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", tag = "staff",
    params(("id" = String, Path, description = "API key id (UUID)"), ("Authorization" = String, Header, description = "Bearer <staff token>")),
    responses((status = 200, description = "The revoked key", body = Envelope<ApiKeyInfo>), (status = 404, body = ErrorBody)))]
pub async fn revoke_key(
    State(state): State<SharedState>,
    Staff(user): Staff,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Envelope<ApiKeyInfo>>> {
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        keys::revoke(&state.db, &user.organization_id, &id).await?,
    )))
}
