//! `/external/brands`, `/models`, `/body-types`, `/engines`, the enum lists,
//! `/generations` and `/trims`. Scope: `inventory:read`.

use super::docs::{BrandsQuery, ModelsQuery, PageQuery};
use crate::error::Result;
use crate::http::extract::ApiPath;
use crate::http::extract::Params;
use crate::state::SharedState;
use crate::store::metadata as store;
use crate::tenant::Caller;
use axum::extract::State;
use axum::Json;
use carstrel_model::*;

type Reply<T> = Result<Json<Envelope<T>>>;

#[utoipa::path(get, path = "/external/brands", tag = "metadata", params(BrandsQuery),
    responses((status = 200, body = Envelope<Vec<Brand>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn brands(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Reply<Vec<Brand>> {
    caller.require(Scope::InventoryRead)?;
    let paging = params.paging(METADATA_DEFAULT_LIMIT, MAX_LIMIT)?;
    let (items, total) = store::brands(&state.db, &caller, paging).await?;
    Ok(Json(Envelope::paged(
        items,
        total,
        paging.page,
        paging.limit,
    )))
}

#[utoipa::path(get, path = "/external/brands/{id}", tag = "metadata",
    params(("id" = String, Path, description = "Brand id (UUID)")),
    responses((status = 200, body = Envelope<Brand>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn brand(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Reply<Brand> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        store::brand(&state.db, &caller, &id).await?,
    )))
}

#[utoipa::path(get, path = "/external/brands/{brandId}/models", tag = "metadata",
    params(("brandId" = String, Path, description = "Brand id (UUID)")),
    responses((status = 200, body = Envelope<Vec<VehicleModel>>), (status = 404, body = ErrorBody)))]
pub async fn brand_models(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Reply<Vec<VehicleModel>> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("brandId", &id)?;
    if !store::brand_exists(&state.db, &id).await? {
        return Err(crate::error::ApiError::not_found("Brand"));
    }
    let models = store::models(&state.db, Some(&id)).await?;
    let total = models.len() as u64;
    Ok(Json(Envelope::list(models, total)))
}

#[utoipa::path(get, path = "/external/models", tag = "metadata", params(ModelsQuery),
    responses((status = 200, body = Envelope<Vec<VehicleModel>>), (status = 400, body = ErrorBody)))]
pub async fn models(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Reply<Vec<VehicleModel>> {
    caller.require(Scope::InventoryRead)?;
    let brand_id = params.id("brandId")?;
    let models = store::models(&state.db, brand_id.as_deref()).await?;
    let total = models.len() as u64;
    Ok(Json(Envelope::list(models, total)))
}

#[utoipa::path(get, path = "/external/models/{id}", tag = "metadata",
    params(("id" = String, Path, description = "Model id (UUID)")),
    responses((status = 200, body = Envelope<VehicleModel>), (status = 404, body = ErrorBody)))]
pub async fn model(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Reply<VehicleModel> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        store::model_by_id(&state.db, &id).await?,
    )))
}

#[utoipa::path(get, path = "/external/body-types", tag = "metadata",
    responses((status = 200, body = Envelope<Vec<BodyType>>)))]
pub async fn body_types(State(state): State<SharedState>, caller: Caller) -> Reply<Vec<BodyType>> {
    caller.require(Scope::InventoryRead)?;
    let items = store::body_types(&state.db).await?;
    let total = items.len() as u64;
    Ok(Json(Envelope::list(items, total)))
}

#[utoipa::path(get, path = "/external/body-types/{id}", tag = "metadata",
    params(("id" = String, Path, description = "Body type id (UUID)")),
    responses((status = 200, body = Envelope<BodyType>), (status = 404, body = ErrorBody)))]
pub async fn body_type(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Reply<BodyType> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        store::body_type_by_id(&state.db, &id).await?,
    )))
}

#[utoipa::path(get, path = "/external/engines", tag = "metadata",
    responses((status = 200, body = Envelope<Vec<Engine>>)))]
pub async fn engines(State(state): State<SharedState>, caller: Caller) -> Reply<Vec<Engine>> {
    caller.require(Scope::InventoryRead)?;
    let items = store::engines(&state.db).await?;
    let total = items.len() as u64;
    Ok(Json(Envelope::list(items, total)))
}

#[utoipa::path(get, path = "/external/engines/{id}", tag = "metadata",
    params(("id" = String, Path, description = "Engine id (UUID)")),
    responses((status = 200, body = Envelope<Engine>), (status = 404, body = ErrorBody)))]
pub async fn engine(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Reply<Engine> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        store::engine_by_id(&state.db, &id).await?,
    )))
}

fn enum_values(values: &[&str]) -> Envelope<Vec<String>> {
    Envelope::ok(values.iter().map(|v| (*v).to_owned()).collect())
}

#[utoipa::path(get, path = "/external/engine-types", tag = "metadata",
    responses((status = 200, body = Envelope<Vec<String>>)))]
pub async fn engine_types(caller: Caller) -> Reply<Vec<String>> {
    caller.require(Scope::InventoryRead)?;
    Ok(Json(enum_values(&ENGINE_TYPES)))
}

#[utoipa::path(get, path = "/external/transmission-types", tag = "metadata",
    responses((status = 200, body = Envelope<Vec<String>>)))]
pub async fn transmission_types(caller: Caller) -> Reply<Vec<String>> {
    caller.require(Scope::InventoryRead)?;
    Ok(Json(enum_values(&TRANSMISSION_TYPES)))
}

#[utoipa::path(get, path = "/external/drivetrain-types", tag = "metadata",
    responses((status = 200, body = Envelope<Vec<String>>)))]
pub async fn drivetrain_types(caller: Caller) -> Reply<Vec<String>> {
    caller.require(Scope::InventoryRead)?;
    Ok(Json(enum_values(&DRIVETRAIN_TYPES)))
}

#[utoipa::path(get, path = "/external/generations", tag = "metadata", params(PageQuery),
    responses((status = 200, body = Envelope<Vec<Generation>>), (status = 400, body = ErrorBody)))]
pub async fn generations(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Reply<Vec<Generation>> {
    caller.require(Scope::InventoryRead)?;
    let paging = params.paging(METADATA_DEFAULT_LIMIT, MAX_LIMIT)?;
    let (items, total) = store::generations(&state.db, paging).await?;
    Ok(Json(Envelope::paged(
        items,
        total,
        paging.page,
        paging.limit,
    )))
}

#[utoipa::path(get, path = "/external/generations/{id}", tag = "metadata",
    params(("id" = String, Path, description = "Generation id (UUID)")),
    responses((status = 200, body = Envelope<Generation>), (status = 404, body = ErrorBody)))]
pub async fn generation(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Reply<Generation> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(
        store::generation_by_id(&state.db, &id).await?,
    )))
}

#[utoipa::path(get, path = "/external/trims", tag = "metadata", params(PageQuery),
    responses((status = 200, body = Envelope<Vec<Trim>>), (status = 400, body = ErrorBody)))]
pub async fn trims(
    State(state): State<SharedState>,
    caller: Caller,
    params: Params,
) -> Reply<Vec<Trim>> {
    caller.require(Scope::InventoryRead)?;
    let paging = params.paging(METADATA_DEFAULT_LIMIT, MAX_LIMIT)?;
    let (items, total) = store::trims(&state.db, paging).await?;
    Ok(Json(Envelope::paged(
        items,
        total,
        paging.page,
        paging.limit,
    )))
}

#[utoipa::path(get, path = "/external/trims/{id}", tag = "metadata",
    params(("id" = String, Path, description = "Trim id (UUID)")),
    responses((status = 200, body = Envelope<Trim>), (status = 404, body = ErrorBody)))]
pub async fn trim(
    State(state): State<SharedState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Reply<Trim> {
    caller.require(Scope::InventoryRead)?;
    let id = rules::id("id", &id)?;
    Ok(Json(Envelope::ok(store::trim_by_id(&state.db, &id).await?)))
}
