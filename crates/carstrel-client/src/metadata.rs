//! Metadata: the global reference data (brands, models, body types, engines, the engine,
//! transmission and drivetrain types, generations, trims). Scope `inventory:read`.
//!
//! Every call revalidates through the client's ETag cache: a repeated call sends
//! `If-None-Match`, and a `304 Not Modified` returns the cached body.
//!
//! ```no_run
//! # // no_run: needs a running CarStrel server.
//! # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
//! use carstrel_client::prelude::*;
//! use futures_util::TryStreamExt;
//!
//! let first = client.metadata().brands(PageRequest::new().limit(10)).await?;
//! println!("{} brands in all", first.total);
//! let brand = client.metadata().brand(&first.items[0].id).await?;
//! let models = client.metadata().brand_models(&brand.id).await?;
//! let every_brand: Vec<Brand> = client.metadata().brands_stream(100).try_collect().await?;
//! let fuels = client.metadata().engine_types().await?;
//! println!("{} has {} models; {} brands; fuels {fuels:?}", brand.name, models.len(), every_brand.len());
//! # Ok(()) }
//! ```

use crate::paginate::{self, ItemStream, Page};
use crate::query::PageRequest;
use crate::transport::Call;
use crate::{Client, Result};
use carstrel_model::{BodyType, Brand, Engine, Generation, Trim, VehicleModel};

/// Handler for the metadata endpoints; see [`Client::metadata`].
#[derive(Debug, Clone, Copy)]
pub struct Metadata<'c> {
    client: &'c Client,
}

fn get(path: &[&str]) -> Call {
    Call::get(path).cached()
}

impl<'c> Metadata<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Metadata { client }
    }

    /// `GET /external/brands`: one page of brands, with their models and the dealer's
    /// vehicle counts.
    pub async fn brands(self, page: impl Into<PageRequest>) -> Result<Page<Brand>> {
        let call = get(&["external", "brands"]).query(page.into().to_pairs());
        self.client.page(call).await
    }

    /// Every brand, `limit` per request.
    pub fn brands_stream(self, limit: u32) -> ItemStream<Brand> {
        self.paged(&["external", "brands"], limit)
    }

    /// `GET /external/brands/{id}`.
    pub async fn brand(self, id: &str) -> Result<Brand> {
        self.client.data(get(&["external", "brands", id])).await
    }

    /// `GET /external/brands/{brandId}/models`.
    pub async fn brand_models(self, brand_id: &str) -> Result<Vec<VehicleModel>> {
        self.client
            .data(get(&["external", "brands", brand_id, "models"]))
            .await
    }

    /// `GET /external/models`, optionally only one brand's.
    pub async fn models(self, brand_id: Option<&str>) -> Result<Vec<VehicleModel>> {
        let query = brand_id
            .map(|id| ("brandId", id.to_owned()))
            .into_iter()
            .collect();
        self.client
            .data(get(&["external", "models"]).query(query))
            .await
    }

    /// `GET /external/models/{id}`.
    pub async fn model(self, id: &str) -> Result<VehicleModel> {
        self.client.data(get(&["external", "models", id])).await
    }

    /// `GET /external/body-types`.
    pub async fn body_types(self) -> Result<Vec<BodyType>> {
        self.client.data(get(&["external", "body-types"])).await
    }

    /// `GET /external/body-types/{id}`.
    pub async fn body_type(self, id: &str) -> Result<BodyType> {
        self.client.data(get(&["external", "body-types", id])).await
    }

    /// `GET /external/engines`.
    pub async fn engines(self) -> Result<Vec<Engine>> {
        self.client.data(get(&["external", "engines"])).await
    }

    /// `GET /external/engines/{id}`.
    pub async fn engine(self, id: &str) -> Result<Engine> {
        self.client.data(get(&["external", "engines", id])).await
    }

    /// `GET /external/engine-types`: `PETROL`, `DIESEL`, ...
    pub async fn engine_types(self) -> Result<Vec<String>> {
        self.client.data(get(&["external", "engine-types"])).await
    }

    /// `GET /external/transmission-types`: `MANUAL`, `AUTOMATIC`, ...
    pub async fn transmission_types(self) -> Result<Vec<String>> {
        self.client
            .data(get(&["external", "transmission-types"]))
            .await
    }

    /// `GET /external/drivetrain-types`: `FWD`, `RWD`, `AWD`, `4WD`.
    pub async fn drivetrain_types(self) -> Result<Vec<String>> {
        self.client
            .data(get(&["external", "drivetrain-types"]))
            .await
    }

    /// `GET /external/generations`: one page.
    pub async fn generations(self, page: impl Into<PageRequest>) -> Result<Page<Generation>> {
        let call = get(&["external", "generations"]).query(page.into().to_pairs());
        self.client.page(call).await
    }

    /// Every generation, `limit` per request.
    pub fn generations_stream(self, limit: u32) -> ItemStream<Generation> {
        self.paged(&["external", "generations"], limit)
    }

    /// `GET /external/generations/{id}`.
    pub async fn generation(self, id: &str) -> Result<Generation> {
        self.client
            .data(get(&["external", "generations", id]))
            .await
    }

    /// `GET /external/trims`: one page.
    pub async fn trims(self, page: impl Into<PageRequest>) -> Result<Page<Trim>> {
        let call = get(&["external", "trims"]).query(page.into().to_pairs());
        self.client.page(call).await
    }

    /// Every trim, `limit` per request.
    pub fn trims_stream(self, limit: u32) -> ItemStream<Trim> {
        self.paged(&["external", "trims"], limit)
    }

    /// `GET /external/trims/{id}`.
    pub async fn trim(self, id: &str) -> Result<Trim> {
        self.client.data(get(&["external", "trims", id])).await
    }

    fn paged<T>(self, path: &'static [&'static str], limit: u32) -> ItemStream<T>
    where
        T: serde::de::DeserializeOwned + Send + 'static,
    {
        let client = self.client.clone();
        paginate::items(1, move |page| {
            let client = client.clone();
            async move {
                let request = PageRequest::new().page(page).limit(limit);
                client.page(get(path).query(request.to_pairs())).await
            }
        })
    }
}
