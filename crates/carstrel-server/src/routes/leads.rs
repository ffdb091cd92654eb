//! `/external/leads` (the inbox: list, open by hand, detail with history, work, the
//! changes feed, stats) and `/external/staff` (whom to assign to). Reads need
//! `leads:read`, writes `leads:write`.

use super::docs::ChangesQuery;
use super::vehicles::changes_window;
use crate::error::Result;
use crate::http::api_key::{needs, Allowed};
use crate::http::conditional::{check_if_match, with_etag};
use crate::http::extract::{ApiJson, ApiPath, Params};
use crate::state::SharedState;
use crate::store::changes::Entity;
use crate::store::{lead_lists, leads as store, orgs};
use crate::tenant::Caller;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use carstrel_model::*;
use utoipa::IntoParams;

/// The query of `GET /external/leads`, as the document describes it (handlers read it
/// through `Params`, for precise errors).
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[allow(dead_code)]
pub struct LeadsQuery {
    /// Page number (default: 1)
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    #[param(inline)]
    status: Option<LeadStatus>,
    #[param(inline)]
    source: Option<LeadSource>,
    /// Only leads assigned to this staff user
    #[param(format = Uuid)]
    assigned_to: Option<String>,
    /// Search by name, email or phone (at most 200 characters, no control characters)
    #[param(max_length = 200, pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$")]
    search: Option<String>,
    /// Sort field (default: createdDate)
    #[param(inline)]
    sort: Option<LeadSort>,
    /// asc | desc (default), in either case
    #[param(pattern = "^([aA][sS][cC]|[dD][eE][sS][cC])$")]
    order: Option<String>,
}

pub fn lead_query(params: &Params) -> Result<LeadQuery> {
    let paging = params.paging(LEADS_DEFAULT_LIMIT, MAX_LIMIT)?;
    let query = LeadQuery {
        page: Some(paging.page),
        limit: Some(paging.limit),
        status: params.choice("status")?,
        source: params.choice("source")?,
        assigned_to: params.id("assignedTo")?,
        search: params.text("search").map(str::to_owned),
        sort: params.choice("sort")?,
        order: params.choice("order")?,
    };
    if let Some(search) = &query.search {
        rules::search(search)?;
    }
    Ok(query)
}

#[utoipa::path(get, path = "/external/leads", tag = "leads", params(LeadsQuery),
    responses((status = 200, description = "Leads, newest first unless sorted otherwise", body = Envelope<Vec<Lead>>)))]
pub async fn list(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<Vec<Lead>>>> {
    caller.require(Scope::LeadsRead)?;
    let query = lead_query(&params)?;
    let (items, total) = lead_lists::list(&state.db, &caller, &query).await?;
    let (page, limit) = (
        query.page.unwrap_or(1),
        query.limit.unwrap_or(LEADS_DEFAULT_LIMIT),
    );
    Ok(Json(Envelope::paged(items, total, page, limit)))
}

#[utoipa::path(post, path = "/external/leads", tag = "leads", request_body = CreateLeadRequest,
    responses((status = 201, description = "A lead opened; `ETag` carries its version", body = Envelope<LeadDetail>),
        (status = 200, description = "The person (by email) already had an open lead: the contact joined its history", body = Envelope<LeadDetail>),
        (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody),
        (status = 404, description = "customerId, vehicleId or assignedTo names no record of this dealer", body = ErrorBody)))]
pub async fn create(
    State(state): State<SharedState>,
    caller: Allowed<needs::LeadsWrite>,
    ApiJson(req): ApiJson<CreateLeadRequest>,
) -> Result<Response> {
    let (lead, opened) = store::create(&state.db, &caller, &req).await?;
    let version = lead.lead.version;
    Ok(if opened {
        with_etag(
            version,
            (StatusCode::CREATED, Json(Envelope::created(lead))),
        )
    } else {
        with_etag(version, Json(Envelope::ok(lead)))
    })
}

#[utoipa::path(get, path = "/external/leads/{id}", tag = "leads",
    params(("id" = String, Path, description = "Lead id (UUID)")),
    responses((status = 200, description = "The lead and its history (oldest first); `ETag` carries its version", body = Envelope<LeadDetail>),
        (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Response> {
    caller.require(Scope::LeadsRead)?;
    let id = rules::id("id", &id)?;
    let lead = store::get(&state.db, &caller, &id).await?;
    Ok(with_etag(lead.lead.version, Json(Envelope::ok(lead))))
}

#[utoipa::path(patch, path = "/external/leads/{id}", tag = "leads", request_body = LeadUpdate,
    params(("id" = String, Path, description = "Lead id (UUID)"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` you read; a stale one gets 412")),
    responses((status = 200, description = "The lead and its history; the first move away from `new` sets `firstResponseDate`, once", body = Envelope<LeadDetail>),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The status cannot move that way (won and lost are final; an answered lead never becomes new)", body = ErrorBody),
        (status = 412, body = ErrorBody),
        (status = 400, description = "A field breaks a rule (`lost` needs a `lostReason`), or assignedTo names no staff member of this dealer", body = ErrorBody)))]
pub async fn update(
    State(state): State<SharedState>,
    caller: Allowed<needs::LeadsWrite>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<LeadUpdate>,
) -> Result<Response> {
    let id = rules::id("id", &id)?;
    let lead = store::update(&state.db, &caller, &id, &change, |v| {
        check_if_match(&headers, v)
    })
    .await?;
    Ok(with_etag(lead.lead.version, Json(Envelope::ok(lead))))
}

#[utoipa::path(get, path = "/external/leads/changes", tag = "sync", params(ChangesQuery),
    responses((status = 200, description = "Leads changed after `since` (a new signal, a status change, an assignment)", body = Envelope<ChangesPage<Lead>>)))]
pub async fn changes(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<ChangesPage<crate::store::changes::Written>>>> {
    caller.require(Scope::LeadsRead)?;
    let window = changes_window(&params, &state)?;
    let page = crate::store::changes::page(
        &state.db,
        &caller,
        Entity::Lead,
        window,
        store::SELECT,
        store::from_row,
    )
    .await?;
    Ok(Json(Envelope::ok(page)))
}

#[utoipa::path(get, path = "/external/leads/stats/summary", tag = "leads",
    responses((status = 200, description = "Counts by status and source, the median minutes to a first response, won ÷ (won + lost), and leads created since midnight UTC", body = Envelope<LeadStats>)))]
pub async fn stats(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Envelope<LeadStats>>> {
    caller.require(Scope::LeadsRead)?;
    Ok(Json(Envelope::ok(
        lead_lists::stats(&state.db, &caller).await?,
    )))
}

#[utoipa::path(get, path = "/external/staff", tag = "leads",
    responses((status = 200, description = "The dealer's staff users, by name, to assign leads and tasks to", body = Envelope<Vec<StaffMember>>)))]
pub async fn staff(State(state): State<SharedState>, caller: Caller) -> Result<Response> {
    caller.require(Scope::LeadsRead)?;
    let staff = orgs::list_staff(&state.db, &caller.org_id).await?;
    Ok(Json(Envelope::ok(staff)).into_response())
}
