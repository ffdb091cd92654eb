//! CSV export of the cached inventory and customers: what a dealer opens in a spreadsheet.
//! Values are quoted by the `csv` crate, and cells that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@` first) are prefixed with `'`, so user text stays text.

use crate::cache::Cache;
use crate::error::{Error, Result};
use carstrel_model::{CustomerQuery, VehicleQuery, MAX_LIMIT};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What `export_csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ExportKind {
    Vehicles,
    Customers,
}

/// Writes the export to `path` (through a temporary file, so a failed export leaves no
/// half-written file behind) and returns the number of data rows.
pub async fn write_csv(cache: &Cache, kind: ExportKind, path: &Path) -> Result<u32> {
    let rows = match kind {
        ExportKind::Vehicles => vehicle_rows(cache).await?,
        ExportKind::Customers => customer_rows(cache).await?,
    };
    let count = rows.len().saturating_sub(1) as u32;
    let tmp = path.with_extension("csv.partial");
    let written = (|| -> std::result::Result<(), csv::Error> {
        let mut writer = csv::Writer::from_path(&tmp)?;
        for row in &rows {
            writer.write_record(row.iter().map(|cell| defuse(cell)))?;
        }
        writer.flush()?;
        Ok(())
    })();
    let failed = |e: String| Error::Export(format!("cannot write {}: {e}", path.display()));
    written.map_err(|e| failed(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| failed(e.to_string()))?;
    Ok(count)
}

fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

async fn vehicle_rows(cache: &Cache) -> Result<Vec<Vec<String>>> {
    let mut rows = vec![[
        "id",
        "name",
        "year",
        "mileage",
        "listingType",
        "status",
        "brand",
        "model",
        "bodyType",
        "price",
        "location",
        "impressions",
        "createdDate",
    ]
    .map(str::to_owned)
    .to_vec()];
    for page in 1.. {
        let query = VehicleQuery {
            page: Some(page),
            limit: Some(MAX_LIMIT),
            ..Default::default()
        };
        let result = cache.list_vehicles(&query, None).await?;
        for v in &result.items {
            rows.push(vec![
                v.id.clone(),
                v.name.clone(),
                v.year.to_string(),
                v.mileage.to_string(),
                v.listing_type.as_str().to_owned(),
                v.status.as_str().to_owned(),
                v.model.brand.name.clone(),
                v.model.name.clone(),
                v.model
                    .body_type
                    .as_ref()
                    .map(|b| b.name.clone())
                    .unwrap_or_default(),
                v.price.map(|p| p.to_string()).unwrap_or_default(),
                v.pickup_details
                    .as_ref()
                    .map(|p| p.location_name.clone())
                    .unwrap_or_default(),
                v.impressions_count.to_string(),
                v.created_date.clone(),
            ]);
        }
        if page >= result.total_pages {
            break;
        }
    }
    Ok(rows)
}

async fn customer_rows(cache: &Cache) -> Result<Vec<Vec<String>>> {
    let mut rows = vec![[
        "id",
        "firstName",
        "lastName",
        "email",
        "mobile",
        "segment",
        "isVip",
        "leadScore",
        "totalPurchases",
        "totalSpent",
        "lastPurchaseDate",
        "tags",
        "notes",
        "createdDate",
    ]
    .map(str::to_owned)
    .to_vec()];
    for page in 1.. {
        let query = CustomerQuery {
            page: Some(page),
            limit: Some(MAX_LIMIT),
            ..Default::default()
        };
        let result = cache.list_customers(&query).await?;
        for c in &result.items {
            rows.push(vec![
                c.id.clone(),
                c.user.first_name.clone(),
                c.user.last_name.clone(),
                c.user.email.clone(),
                c.user
                    .phone
                    .as_ref()
                    .and_then(|p| p.mobile.clone())
                    .unwrap_or_default(),
                c.classification.customer_segment.as_str().to_owned(),
                c.classification.is_vip.to_string(),
                c.classification.lead_score.to_string(),
                c.stats.total_purchases.to_string(),
                c.stats.total_spent.to_string(),
                c.stats.last_purchase_date.clone().unwrap_or_default(),
                c.tags.join("; "),
                c.notes.clone().unwrap_or_default(),
                c.created_date.clone(),
            ]);
        }
        if page >= result.total_pages {
            break;
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_stay_text() {
        assert_eq!(super::defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::defuse("-5"), "'-5");
        assert_eq!(super::defuse("Toyota"), "Toyota");
    }
}
