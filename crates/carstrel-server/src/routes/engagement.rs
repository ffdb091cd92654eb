//! Newsletter, contact form, blogs and test drives.

use super::docs::{ChangesQuery, PageQuery, TestDrivesQuery};
use super::vehicles::changes_window;
use crate::error::Result;
use crate::http::api_key::{needs, Allowed};
use crate::http::conditional::{check_if_match, with_etag};
use crate::http::extract::ApiPath;
use crate::http::extract::{ApiJson, Params};
use crate::state::SharedState;
use crate::store::changes::Entity;
use crate::store::engagement as store;
use crate::store::test_drives::{self, TestDriveFilter};
use crate::tenant::Caller;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use carstrel_model::*;

#[utoipa::path(post, path = "/external/newsletter/subscribe", tag = "engagement", request_body = NewsletterRequest,
    responses((status = 200, body = Envelope<NewsletterStatus>), (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn subscribe(
    State(state): State<SharedState>,
    caller: Allowed<needs::EngagementWrite>,
    ApiJson(req): ApiJson<NewsletterRequest>,
) -> Result<Json<Envelope<NewsletterStatus>>> {
    Ok(Json(Envelope::ok(
        store::set_subscription(&state.db, &caller, &req.email, true).await?,
    )))
}

#[utoipa::path(post, path = "/external/newsletter/unsubscribe", tag = "engagement", request_body = NewsletterRequest,
    responses((status = 200, body = Envelope<NewsletterStatus>), (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn unsubscribe(
    State(state): State<SharedState>,
    caller: Allowed<needs::EngagementWrite>,
    ApiJson(req): ApiJson<NewsletterRequest>,
) -> Result<Json<Envelope<NewsletterStatus>>> {
    let status = store::set_subscription(&state.db, &caller, &req.email, false).await?;
    Ok(Json(
        Envelope::ok(status).with_message("Successfully unsubscribed"),
    ))
}

#[utoipa::path(get, path = "/external/blogs", tag = "engagement", params(PageQuery),
    responses((status = 200, body = Envelope<Vec<BlogPost>>)))]
pub async fn blogs(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<Vec<BlogPost>>>> {
    let paging = params.paging(BLOGS_DEFAULT_LIMIT, MAX_LIMIT)?;
    let (items, total) = store::blogs(&state.db, &caller, paging).await?;
    Ok(Json(Envelope::paged(
        items,
        total,
        paging.page,
        paging.limit,
    )))
}

#[utoipa::path(post, path = "/external/contact/submit", tag = "engagement", request_body = ContactRequest,
    responses((status = 201, body = Envelope<ContactReceipt>), (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn contact(
    State(state): State<SharedState>,
    caller: Allowed<needs::EngagementWrite>,
    ApiJson(req): ApiJson<ContactRequest>,
) -> Result<(StatusCode, Json<Envelope<ContactReceipt>>)> {
    let receipt = store::submit_contact(&state.db, &caller, req).await?;
    Ok((StatusCode::CREATED, Json(Envelope::created(receipt))))
}

#[utoipa::path(post, path = "/external/test-drives", tag = "test drives", request_body = CreateTestDriveRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key return the first response")),
    responses((status = 201, body = Envelope<TestDrive>), (status = 404, body = ErrorBody), (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn create_test_drive(
    State(state): State<SharedState>,
    caller: Allowed<needs::TestDrivesWrite>,
    ApiJson(req): ApiJson<CreateTestDriveRequest>,
) -> Result<(StatusCode, Json<Envelope<TestDrive>>)> {
    let drive = test_drives::create(&state.db, &caller, req).await?;
    Ok((StatusCode::CREATED, Json(Envelope::created(drive))))
}

#[utoipa::path(get, path = "/external/test-drives", tag = "test drives", params(TestDrivesQuery),
    responses((status = 200, description = "Newest request first; with `from` or `to`, in slot order", body = Envelope<Vec<TestDrive>>), (status = 400, body = ErrorBody)))]
pub async fn list_test_drives(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<Vec<TestDrive>>>> {
    caller.require(Scope::TestDrivesRead)?;
    let paging = params.paging(TEST_DRIVES_DEFAULT_LIMIT, MAX_LIMIT)?;
    let filter = TestDriveFilter {
        status: params.choice("status")?,
        vehicle_id: params.id("vehicleId")?,
        customer_id: params.id("customerId")?,
        slots: rules::slot_range(params.raw("from"), params.raw("to"))?,
    };
    let (items, total) = test_drives::list(&state.db, &caller, &filter, paging).await?;
    Ok(Json(Envelope::paged(
        items,
        total,
        paging.page,
        paging.limit,
    )))
}

#[utoipa::path(get, path = "/external/test-drives/{id}", tag = "test drives",
    params(("id" = String, Path, description = "Test drive id (UUID)")),
    responses((status = 200, body = Envelope<TestDrive>), (status = 404, body = ErrorBody)))]
pub async fn get_test_drive(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Response> {
    caller.require(Scope::TestDrivesRead)?;
    let id = rules::id("id", &id)?;
    let drive = test_drives::get(&state.db, &caller, &id).await?;
    Ok(with_etag(drive.version, Json(Envelope::ok(drive))))
}

#[utoipa::path(patch, path = "/external/test-drives/{id}", tag = "test drives", request_body = TestDriveUpdate,
    params(("id" = String, Path, description = "Test drive id (UUID)"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` you read; a stale one gets 412")),
    responses((status = 200, body = Envelope<TestDrive>), (status = 404, body = ErrorBody),
        (status = 409, description = "Confirming or moving the drive would double-book its vehicle: the message names the confirmed drive it overlaps (or a request with this Idempotency-Key is still being processed)", body = ErrorBody),
        (status = 412, body = ErrorBody), (status = 400, description = "A field breaks a rule; the message names it", body = ErrorBody), (status = 422, description = "The body is not of the documented shape", body = ErrorBody)))]
pub async fn update_test_drive(
    State(state): State<SharedState>,
    caller: Allowed<needs::TestDrivesWrite>,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<TestDriveUpdate>,
) -> Result<Response> {
    let id = rules::id("id", &id)?;
    let drive = test_drives::update(&state.db, &caller, &id, &change, |v| {
        check_if_match(&headers, v)
    })
    .await?;
    Ok(with_etag(drive.version, Json(Envelope::ok(drive))))
}

#[utoipa::path(get, path = "/external/test-drives/changes", tag = "sync", params(ChangesQuery),
    responses((status = 200, body = Envelope<ChangesPage<TestDrive>>)))]
pub async fn test_drive_changes(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Result<Json<Envelope<ChangesPage<crate::store::changes::Written>>>> {
    caller.require(Scope::TestDrivesRead)?;
    let window = changes_window(&params, &state)?;
    let page = crate::store::changes::page(
        &state.db,
        &caller,
        Entity::TestDrive,
        window,
        test_drives::SELECT,
        test_drives::from_row,
    )
    .await?;
    Ok(Json(Envelope::ok(page)))
}
