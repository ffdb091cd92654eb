//! `/external/customers` (CRM) and `/external/auth/*` (customer accounts).

use super::docs::{ChangesQuery, CustomersQuery};
use super::vehicles::changes_window;
use crate::error::{ApiError, Result};
use crate::http::api_key::{needs, Allowed};
use crate::http::conditional::{check_if_match, with_etag};
use crate::http::extract::ApiPath;
use crate::http::extract::{ApiJson, Params};
use crate::state::SharedState;
use crate::store::changes::Entity;
use crate::store::{accounts, customers as store};
use crate::tenant::Caller;
use crate::throttle;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use carstrel_model::*;

pub fn customer_query(params: &Params) -> Result<CustomerQuery> {
    let paging = params.paging(CUSTOMERS_DEFAULT_LIMIT, MAX_LIMIT)?;
    let search = params.text("search").map(str::to_owned);
    if let Some(search) = &search {
        rules::search(search)?;
    }
    Ok(CustomerQuery {
        page: Some(paging.page),
        limit: Some(paging.limit),
        search,
        segment: params.choice("segment")?,
        sort_by: params.choice("sortBy")?,
        sort_order: params.choice("sortOrder")?,
    })
}

#[utoipa::path(get, path = "/external/customers", tag = "customers", params(CustomersQuery),
    responses((status = 200, body = Envelope<Vec<Customer>>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<Vec<Customer>>>> {
    caller.require(Scope::CustomersRead)?;
    let query = customer_query(&params)?;
    let (items, total) = store::list(&state.db, &caller, &query).await?;
    Ok(Json(Envelope::paged(
        items,
        total,
        query.page.unwrap_or(1),
        query.limit.unwrap_or(CUSTOMERS_DEFAULT_LIMIT),
    )))
}

#[utoipa::path(get, path = "/external/customers/{id}", tag = "customers",
    params(("id" = String, Path, description = "Customer id (UUID)")),
    responses((status = 200, description = "The customer; `ETag` carries its version", body = Envelope<Customer>),
        (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Response> {
    caller.require(Scope::CustomersRead)?;
    let id = rules::id("id", &id)?;
    let customer = store::get(&state.db, &caller, &id).await?;
    Ok(with_etag(customer.version, Json(Envelope::ok(customer))))
}

#[utoipa::path(patch, path = "/external/customers/{id}", tag = "customers", request_body = CustomerUpdate,
    params(("id" = String, Path, description = "Customer id (UUID)"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` you read; a stale one gets 412")),
    responses((status = 200, body = Envelope<CustomerUpdated>), (status = 404, body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn update(
    State(state): State<SharedState>,
    caller: Allowed<needs::CustomersWrite>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<CustomerUpdate>,
) -> Result<Response> {
    let id = rules::id("id", &id)?;
    let customer = store::update(&state.db, &caller, &id, &change, |v| {
        check_if_match(&headers, v)
    })
    .await?;
    let version = customer.version;
    let updated = CustomerUpdated {
        is_vip: customer.classification.is_vip,
        customer_segment: customer.classification.customer_segment,
        customer,
    };
    Ok(with_etag(version, Json(Envelope::ok(updated))))
}

#[utoipa::path(get, path = "/external/customers/stats/summary", tag = "customers",
    responses((status = 200, body = Envelope<CustomerStats>)))]
pub async fn stats(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Envelope<CustomerStats>>> {
    caller.require(Scope::CustomersRead)?;
    Ok(Json(Envelope::ok(store::stats(&state.db, &caller).await?)))
}

#[utoipa::path(get, path = "/external/customers/changes", tag = "sync", params(ChangesQuery),
    responses((status = 200, body = Envelope<ChangesPage<Customer>>)))]
pub async fn changes(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<ChangesPage<crate::store::changes::Written>>>> {
    caller.require(Scope::CustomersRead)?;
    let window = changes_window(&params, &state)?;
    let now = crate::clock::now_ms();
    let page = crate::store::changes::page(
        &state.db,
        &caller,
        Entity::Customer,
        window,
        store::SELECT,
        |r| store::from_row(r, now),
    )
    .await?;
    Ok(Json(Envelope::ok(page)))
}

#[utoipa::path(post, path = "/external/auth/register", tag = "customer auth", request_body = RegisterRequest,
    responses((status = 201, body = Envelope<AuthSession>), (status = 401, description = "The email has an account and the password does not match", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this email or through this key; `Retry-After` says when to try again", body = ErrorBody),
        (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn register(
    State(state): State<SharedState>,
    caller: Allowed<needs::CustomersWrite>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Envelope<AuthSession>>)> {
    let account = throttle::account_key(&req.email);
    let register = accounts::register(&state.db, &state.jwt, &state.passwords, &caller, req);
    let session = throttle::guarded(&customer_budgets(&state, &caller, &account), register).await?;
    Ok((StatusCode::CREATED, Json(Envelope::created(session))))
}

#[utoipa::path(post, path = "/external/auth/login", tag = "customer auth", request_body = LoginRequest,
    responses((status = 200, body = Envelope<AuthSession>), (status = 401, body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this email or through this key; `Retry-After` says when to try again", body = ErrorBody)))]
pub async fn login(
    State(state): State<SharedState>,
    caller: Allowed<needs::CustomersWrite>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<Envelope<AuthSession>>> {
    let account = throttle::account_key(&req.email);
    let login = accounts::login(&state.db, &state.jwt, &state.passwords, &caller, req);
    let session = throttle::guarded(&customer_budgets(&state, &caller, &account), login).await?;
    Ok(Json(Envelope::ok(session)))
}

/// A customer's sign-in counts against their email and the dealer's key, never the
/// client address: a dealer's website sends every customer's login from its one server.
fn customer_budgets<'a>(
    state: &'a SharedState,
    caller: &'a Caller,
    account: &'a str,
) -> [(&'a crate::throttle::Throttle, &'a str); 2] {
    [
        (&state.throttles.customer_by_account, account),
        (&state.throttles.customer_by_key, caller.key_id.as_str()),
    ]
}

#[utoipa::path(post, path = "/external/auth/refresh", tag = "customer auth", request_body = RefreshRequest,
    responses((status = 200, body = Envelope<AuthSession>), (status = 401, body = ErrorBody)))]
pub async fn refresh(
    State(state): State<SharedState>,
    caller: Allowed<needs::CustomersWrite>,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<Json<Envelope<AuthSession>>> {
    Ok(Json(Envelope::ok(
        accounts::refresh(&state.db, &state.jwt, &caller, &req.refresh_token).await?,
    )))
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(headers: &HeaderMap) -> Result<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::Unauthorized(
                "Send the customer's token as Authorization: Bearer <token>".into(),
            )
        })
}

#[utoipa::path(get, path = "/external/auth/me", tag = "customer auth",
    params(("Authorization" = String, Header, description = "Bearer <customer access token>")),
    responses((status = 200, body = Envelope<Me>), (status = 401, body = ErrorBody)))]
pub async fn me(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Json<Envelope<Me>>> {
    caller.require(Scope::CustomersRead)?;
    let token = bearer(&headers)?;
    Ok(Json(Envelope::ok(
        accounts::me(&state.db, &state.jwt, &caller, token).await?,
    )))
}
