//! `/external/tasks`: follow-up tasks, listed by when they fall due, added, changed,
//! checked off and deleted, with the changes feed. Reads need `leads:read`, writes
//! `leads:write`.

use super::docs::ChangesQuery;
use super::vehicles::changes_window;
use crate::error::Result;
use crate::http::api_key::{needs, Allowed};
use crate::http::conditional::{check_if_match, with_etag};
use crate::http::extract::{ApiJson, ApiPath, Params};
use crate::state::SharedState;
use crate::store::changes::Entity;
use crate::store::tasks::{self as store, TaskFilter};
use crate::tenant::Caller;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use carstrel_model::*;
use utoipa::IntoParams;

/// The query of `GET /external/tasks`, as the document describes it.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[allow(dead_code)]
pub struct TasksQuery {
    /// Page number (default: 1)
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<u32>,
    /// Items per page (default: 20, max: 100)
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// By when tasks fall due, on the server's clock in UTC: `overdue` = not done and due
    /// before now; `today` = not done and due from now until midnight UTC; `upcoming` =
    /// not done and due after today; `all` (default) = every task, done or not
    #[param(inline)]
    due: Option<TaskDue>,
    /// Only done (`true`) or open (`false`) tasks
    done: Option<bool>,
    /// Only tasks about this customer
    #[param(format = Uuid)]
    customer_id: Option<String>,
    /// Only tasks about this lead
    #[param(format = Uuid)]
    lead_id: Option<String>,
    /// Only tasks assigned to this staff user
    #[param(format = Uuid)]
    assigned_to: Option<String>,
}

#[utoipa::path(get, path = "/external/tasks", tag = "tasks", params(TasksQuery),
    responses((status = 200, description = "Tasks, soonest due first", body = Envelope<Vec<Task>>)))]
pub async fn list(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<Vec<Task>>>> {
    caller.require(Scope::LeadsRead)?;
    let paging = params.paging(TASKS_DEFAULT_LIMIT, MAX_LIMIT)?;
    let filter = TaskFilter {
        due: params.choice("due")?.unwrap_or_default(),
        done: params.parsed("done", "true or false")?,
        customer_id: params.id("customerId")?,
        lead_id: params.id("leadId")?,
        assigned_to: params.id("assignedTo")?,
    };
    let (items, total) = store::list(&state.db, &caller, &filter, paging).await?;
    Ok(Json(Envelope::paged(
        items,
        total,
        paging.page,
        paging.limit,
    )))
}

#[utoipa::path(post, path = "/external/tasks", tag = "tasks", request_body = CreateTaskRequest,
    responses((status = 201, description = "The task; `ETag` carries its version", body = Envelope<Task>),
        (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody),
        (status = 404, description = "customerId, leadId or assignedTo names no record of this dealer", body = ErrorBody)))]
pub async fn create(
    State(state): State<SharedState>,
    caller: Allowed<needs::LeadsWrite>,
    ApiJson(req): ApiJson<CreateTaskRequest>,
) -> Result<Response> {
    let task = store::create(&state.db, &caller, &req).await?;
    Ok(with_etag(
        task.version,
        (StatusCode::CREATED, Json(Envelope::created(task))),
    ))
}

#[utoipa::path(get, path = "/external/tasks/{id}", tag = "tasks",
    params(("id" = String, Path, description = "Task id (UUID)")),
    responses((status = 200, description = "The task; `ETag` carries its version", body = Envelope<Task>),
        (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Response> {
    caller.require(Scope::LeadsRead)?;
    let id = rules::id("id", &id)?;
    let task = store::get(&state.db, &caller, &id).await?;
    Ok(with_etag(task.version, Json(Envelope::ok(task))))
}

#[utoipa::path(patch, path = "/external/tasks/{id}", tag = "tasks", request_body = TaskUpdate,
    params(("id" = String, Path, description = "Task id (UUID)"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` you read; a stale one gets 412")),
    responses((status = 200, description = "The task; `done: true` stamps `doneDate`", body = Envelope<Task>),
        (status = 404, body = ErrorBody), (status = 412, body = ErrorBody),
        (status = 400, description = "A field breaks a rule, or assignedTo names no staff member of this dealer", body = ErrorBody)))]
pub async fn update(
    State(state): State<SharedState>,
    caller: Allowed<needs::LeadsWrite>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<TaskUpdate>,
) -> Result<Response> {
    let id = rules::id("id", &id)?;
    let task = store::update(&state.db, &caller, &id, &change, |v| {
        check_if_match(&headers, v)
    })
    .await?;
    Ok(with_etag(task.version, Json(Envelope::ok(task))))
}

#[utoipa::path(delete, path = "/external/tasks/{id}", tag = "tasks",
    params(("id" = String, Path, description = "Task id (UUID)")),
    responses((status = 204, description = "Deleted; the tasks feed carries a tombstone"),
        (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    caller.require(Scope::LeadsWrite)?;
    let id = rules::id("id", &id)?;
    store::delete(&state.db, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/external/tasks/changes", tag = "sync", params(ChangesQuery),
    responses((status = 200, description = "Tasks changed after `since`, with tombstones for deleted ones", body = Envelope<ChangesPage<Task>>)))]
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
        Entity::Task,
        window,
        store::SELECT,
        store::from_row,
    )
    .await?;
    Ok(Json(Envelope::ok(page)))
}
