//! [`Page`]: one page of an offline list, with the same paging numbers the API's envelope
//! carries, so a screen renders a cached page exactly as it would a live one.

use serde::Serialize;

/// One page of a list and where it stands in the whole.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many records match in all, across pages.
    pub total: u64,
    /// 1-based page number.
    pub page: u32,
    pub limit: u32,
    /// `ceil(total / limit)`, 0 when nothing matches (the API's rule).
    pub total_pages: u32,
}

impl<T> Page<T> {
    /// A page with `total_pages` derived the way the server derives it.
    pub fn new(items: Vec<T>, total: u64, page: u32, limit: u32) -> Self {
        Page {
            items,
            total,
            page,
            limit,
            total_pages: carstrel_model::total_pages(total, limit),
        }
    }

    /// The same paging with other items (e.g. records mapped for display).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            limit: self.limit,
            total_pages: self.total_pages,
        }
    }
}
