//! A query's filters as plain bounds, tested on a row without branching: whether a row
//! passes is then as quick to learn however the rows fall (with `&&`, each range test
//! that went either way cost a mispredicted branch, ~20 ns a row).

use super::{Query, VehicleIndex, NO_LISTING};
use carstrel_model::rules::ListedBounds;
use carstrel_model::VehicleSort;

pub(super) struct Filter {
    /// `None` for an id filter not given; `Some(code)` for one given.
    brand: Option<u32>,
    model: Option<u32>,
    body: Option<u32>,
    listing: Option<u8>,
    /// Inclusive; the widest range when not given.
    year: (i64, i64),
    /// Inclusive; `None` when neither bound is given (rows without a price pass).
    price: Option<(f64, f64)>,
    /// Listed at or before, and strictly after; `None` when no days-on-lot bound is given
    /// (rows never listed pass).
    listed: Option<(i64, i64)>,
}

impl Filter {
    pub(super) fn of(
        query: &Query,
        brand: Option<u32>,
        model: Option<u32>,
        body: Option<u32>,
    ) -> Filter {
        let price = (query.min_price.is_some() || query.max_price.is_some()).then(|| {
            (
                query.min_price.unwrap_or(f64::NEG_INFINITY),
                query.max_price.unwrap_or(f64::INFINITY),
            )
        });
        let listed = (query.listed != ListedBounds::default()).then(|| {
            (
                query.listed.at_most.unwrap_or(i64::MAX),
                query.listed.after.unwrap_or(NO_LISTING),
            )
        });
        Filter {
            brand,
            model,
            body,
            listing: query.listing_type.map(super::listing_code),
            year: (
                query.min_year.unwrap_or(i64::MIN),
                query.max_year.unwrap_or(i64::MAX),
            ),
            price,
            listed,
        }
    }

    /// Clears in `passing` (a byte per row, 1 or 0) each row a filter refuses, one
    /// given filter at a time over its column: loops the compiler vectorizes.
    pub(super) fn narrow(&self, index: &VehicleIndex, passing: &mut [u8]) {
        for (given, column) in [
            (self.brand, &index.brand),
            (self.model, &index.model),
            (self.body, &index.body),
        ] {
            if let Some(code) = given {
                clear(passing, column, |of| of == code);
            }
        }
        if let Some(kind) = self.listing {
            clear(passing, &index.listing, |of| of == kind);
        }
        let (min, max) = self.year;
        if (min, max) != (i64::MIN, i64::MAX) {
            clear(passing, &index.year, |year| (year >= min) & (year <= max));
        }
        if let Some((min, max)) = self.price {
            clear(passing, &index.price, |price| {
                (price >= min) & (price <= max)
            });
        }
        if let Some((at_most, after)) = self.listed {
            clear(passing, &index.listed, |listed| {
                (listed != NO_LISTING) & (listed <= at_most) & (listed > after)
            });
        }
    }

    /// Whether row `row` of `index` passes every filter.
    #[inline]
    pub(super) fn keep(&self, index: &VehicleIndex, row: usize) -> bool {
        let code = |given: Option<u32>, of: &[u32]| given.is_none() | (Some(of[row]) == given);
        let year = index.year[row];
        let price = index.price[row];
        let listed = index.listed[row];
        code(self.brand, &index.brand)
            & code(self.model, &index.model)
            & code(self.body, &index.body)
            & (self.listing.is_none() | (Some(index.listing[row]) == self.listing))
            & (year >= self.year.0)
            & (year <= self.year.1)
            & self
                .price
                .is_none_or(|(min, max)| (price >= min) & (price <= max))
            & self.listed.is_none_or(|(at_most, after)| {
                (listed != NO_LISTING) & (listed <= at_most) & (listed > after)
            })
    }

    /// Where in `order` (the rows by `sort`, `direction` 0 ascending) the first row
    /// passing this filter's bound on the sorted column can be: every row before it is
    /// refused by that bound alone.
    pub(super) fn first_passing(
        &self,
        index: &VehicleIndex,
        sort: VehicleSort,
        direction: usize,
        order: &[u32],
    ) -> usize {
        let ascending = direction == 0;
        let skip =
            |refused: &dyn Fn(usize) -> bool| order.partition_point(|row| refused(*row as usize));
        match sort {
            VehicleSort::Year if ascending => skip(&|row| index.year[row] < self.year.0),
            VehicleSort::Year => skip(&|row| index.year[row] > self.year.1),
            // NULL prices come first ascending and last descending.
            VehicleSort::Price => match self.price {
                Some((min, _)) if ascending => {
                    skip(&|row| index.price[row].is_nan() || index.price[row] < min)
                }
                Some((_, max)) => skip(&|row| index.price[row] > max),
                None => 0,
            },
            // By `listed_at` (never-listed rows first ascending, last descending).
            VehicleSort::DaysOnLot => match self.listed {
                Some((_, after)) if ascending => skip(&|row| index.listed[row] <= after),
                Some((at_most, _)) => skip(&|row| index.listed[row] > at_most),
                None => 0,
            },
            _ => 0,
        }
    }
}

/// `passing[row] &= pass(column[row])` for every row.
fn clear<T: Copy>(passing: &mut [u8], column: &[T], pass: impl Fn(T) -> bool) {
    for (flag, value) in passing.iter_mut().zip(column) {
        *flag &= u8::from(pass(*value));
    }
}
