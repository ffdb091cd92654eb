//! Query parameters: numbers, pages and their sizes, and choices from a fixed list (sort
//! columns, sort orders, statuses, segments).

use super::{Checked, Invalid};
use crate::{VehicleQuery, CHANGES_DEFAULT_LIMIT, CHANGES_MAX_LIMIT, MAX_PAGE};
use std::str::FromStr;

/// A page number and size within bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub limit: u32,
}

impl Paging {
    /// Rows to skip: `(page - 1) * limit`.
    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.limit)
    }
}

/// `page` (default 1, at most [`MAX_PAGE`]) and `limit` (default `default`, at most
/// `max`), page first.
pub fn paging(page: Option<u32>, limit: Option<u32>, default: u32, max: u32) -> Checked<Paging> {
    Ok(Paging {
        page: page_number(page)?,
        limit: page_size(limit, default, max)?,
    })
}

/// `page`: default 1, at most [`MAX_PAGE`].
pub fn page_number(page: Option<u32>) -> Checked<u32> {
    let page = page.unwrap_or(1);
    if page == 0 || page > MAX_PAGE {
        return Err(Invalid::new(
            "page",
            format!("page must be between 1 and {MAX_PAGE}"),
        ));
    }
    Ok(page)
}

/// `limit`: default `default`, at most `max`.
pub fn page_size(limit: Option<u32>, default: u32, max: u32) -> Checked<u32> {
    let limit = limit.unwrap_or(default);
    if limit == 0 || limit > max {
        return Err(Invalid::new(
            "limit",
            format!("limit must be between 1 and {max}"),
        ));
    }
    Ok(limit)
}

/// A query parameter read as a `T` (spaces around it ignored); `expected` says what it
/// should have been ("a positive integer").
pub fn number<T: FromStr>(field: &str, raw: &str, expected: &str) -> Checked<T> {
    raw.trim()
        .parse::<T>()
        .map_err(|_| Invalid::new(field, format!("{field} must be {expected} (got {raw:?})")))
}

/// One of a fixed list (a sort column, an order, a status), read by the type's own
/// `FromStr`, whose message lists the choices.
pub fn choice<T: FromStr<Err = String>>(field: &str, raw: &str) -> Checked<T> {
    raw.parse::<T>()
        .map_err(|message| Invalid::new(field, message))
}

/// The price range of a vehicle search: finite prices. A minimum above its maximum is
/// not refused (no document can state that rule, and NestJS's validation would not check
/// it): that range matches no vehicle.
pub fn vehicle_ranges(query: &VehicleQuery) -> Checked<()> {
    for (name, price) in [("minPrice", query.min_price), ("maxPrice", query.max_price)] {
        if price.is_some_and(|p| !p.is_finite()) {
            return Err(Invalid::new(
                name,
                format!("{name} must be a finite number"),
            ));
        }
    }
    Ok(())
}

/// A changes feed's `since`: default 0, never negative.
pub fn changes_since(since: Option<i64>) -> Checked<i64> {
    let since = since.unwrap_or(0);
    if since < 0 {
        return Err(Invalid::new("since", "since must not be negative"));
    }
    Ok(since)
}

/// A changes feed's `limit`: default [`CHANGES_DEFAULT_LIMIT`], at most
/// [`CHANGES_MAX_LIMIT`].
pub fn changes_limit(limit: Option<u32>) -> Checked<u32> {
    let limit = limit.unwrap_or(CHANGES_DEFAULT_LIMIT);
    if limit == 0 || limit > CHANGES_MAX_LIMIT {
        return Err(Invalid::new(
            "limit",
            format!("limit must be between 1 and {CHANGES_MAX_LIMIT}"),
        ));
    }
    Ok(limit)
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // the tables read best with their types spelled out
mod tests {
    use super::*;
    use crate::{CustomerSort, SortOrder, VehicleSort};

    #[test]
    fn pages_and_limits_have_bounds() {
        let table: &[(Option<u32>, Option<u32>, Result<(u32, u32), &str>)] = &[
            (None, None, Ok((1, 20))),
            (Some(3), Some(100), Ok((3, 100))),
            (Some(MAX_PAGE), Some(1), Ok((MAX_PAGE, 1))),
            (Some(0), Some(0), Err("page must be between 1 and 1000000")),
            (
                Some(MAX_PAGE + 1),
                None,
                Err("page must be between 1 and 1000000"),
            ),
            (Some(1), Some(0), Err("limit must be between 1 and 100")),
            (Some(1), Some(101), Err("limit must be between 1 and 100")),
        ];
        for (page, limit, expected) in table {
            let got = paging(*page, *limit, 20, 100)
                .map(|p| (p.page, p.limit))
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{page:?} {limit:?}");
        }
        assert_eq!(paging(Some(3), Some(20), 20, 100).unwrap().offset(), 40);
    }

    #[test]
    fn vehicle_price_ranges_are_finite() {
        let query = |min_year, max_year, min_price, max_price| VehicleQuery {
            min_year,
            max_year,
            min_price,
            max_price,
            ..Default::default()
        };
        let table: Vec<(VehicleQuery, Result<(), &str>)> = vec![
            (query(None, None, None, None), Ok(())),
            (query(Some(2020), Some(2020), Some(1.0), Some(1.0)), Ok(())),
            // An empty range is a search that finds nothing, not a malformed one.
            (query(Some(2021), Some(2020), None, None), Ok(())),
            (query(None, None, Some(2.0), Some(1.0)), Ok(())),
            (
                query(None, None, Some(f64::NAN), None),
                Err("minPrice must be a finite number"),
            ),
            (
                query(None, None, None, Some(f64::INFINITY)),
                Err("maxPrice must be a finite number"),
            ),
        ];
        for (q, expected) in table {
            let got = vehicle_ranges(&q).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{q:?}");
        }
    }

    #[test]
    fn changes_windows_have_bounds() {
        let table: &[(Option<i64>, Option<u32>, Result<(i64, u32), &str>)] = &[
            (None, None, Ok((0, 500))),
            (Some(42), Some(1000), Ok((42, 1000))),
            (Some(-1), None, Err("since must not be negative")),
            (None, Some(0), Err("limit must be between 1 and 1000")),
            (None, Some(1001), Err("limit must be between 1 and 1000")),
        ];
        for (since, limit, expected) in table {
            let got = changes_since(*since)
                .and_then(|since| Ok((since, changes_limit(*limit)?)))
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{since:?} {limit:?}");
        }
    }

    #[test]
    fn numbers_name_the_parameter() {
        let table: &[(&str, Result<u32, &str>)] = &[
            ("7", Ok(7)),
            (" 7 ", Ok(7)),
            ("-1", Err("page must be a positive integer (got \"-1\")")),
            ("two", Err("page must be a positive integer (got \"two\")")),
            ("1.5", Err("page must be a positive integer (got \"1.5\")")),
        ];
        for (raw, expected) in table {
            let got = number::<u32>("page", raw, "a positive integer").map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{raw:?}");
        }
    }

    #[test]
    fn sort_columns_and_orders_are_choices() {
        assert_eq!(
            choice::<VehicleSort>("sort", "price"),
            Ok(VehicleSort::Price)
        );
        assert_eq!(
            choice::<CustomerSort>("sortBy", "leadScore"),
            Ok(CustomerSort::LeadScore)
        );
        assert_eq!(choice::<SortOrder>("order", "ASC"), Ok(SortOrder::Asc));
        let table: &[(&str, &str)] = &[
            ("popularity", "sort must be one of createdDate, impressionsCount, year, mileage, price, name, daysOnLot (got \"popularity\")"),
            ("Price", "sort must be one of createdDate, impressionsCount, year, mileage, price, name, daysOnLot (got \"Price\")"),
        ];
        for (raw, message) in table {
            let refused = choice::<VehicleSort>("sort", raw).unwrap_err();
            assert_eq!(
                (refused.field.as_str(), refused.to_string().as_str()),
                ("sort", *message)
            );
        }
        assert_eq!(
            choice::<SortOrder>("order", "up").unwrap_err().to_string(),
            "order must be asc or desc (got \"up\")"
        );
    }
}
