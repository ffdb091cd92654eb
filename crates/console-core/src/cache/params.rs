//! The rule book's query-parameter checks (paging bounds, UUID-shaped ids) as the cache's
//! errors, so an offline query is refused exactly when (and with the same message as)
//! the API's 400.
//! Also the clock and the RFC 3339 reading the cache's typed columns need.

use crate::error::{Error, Result};
use carstrel_model::{rules, MAX_LIMIT};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A validated page number and size.
pub(crate) use carstrel_model::rules::Paging;

/// `page` (default 1, at most [`MAX_PAGE`](carstrel_model::MAX_PAGE)) and `limit`
/// (default `default`, at most [`MAX_LIMIT`]): the rule book's paging, as a query error.
pub(crate) fn paging(page: Option<u32>, limit: Option<u32>, default: u32) -> Result<Paging> {
    rules::paging(page, limit, default, MAX_LIMIT).map_err(Error::invalid_query)
}

/// An optional id filter: empty means absent (as in a query string); anything else must
/// be a UUID, normalized to the lower-case hyphenated form the API stores.
pub(crate) fn optional_id(raw: Option<&str>, name: &str) -> Result<Option<String>> {
    rules::optional_id(name, raw).map_err(Error::invalid_query)
}

/// A UUID id, or the rule book's "must be a UUID" refusal.
pub(crate) fn id(raw: &str, name: &str) -> Result<String> {
    rules::id(name, raw).map_err(Error::invalid_query)
}

pub(crate) use crate::clock::now_ms;

/// The instant of an RFC 3339 date-time from the API, in the server's milliseconds.
pub(crate) fn ms(text: &str) -> Result<i64> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|at| (at.unix_timestamp_nanos() / 1_000_000) as i64)
        .map_err(|e| Error::Corrupt(format!("{text:?} is not an RFC 3339 date-time: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_with_the_servers_rendering() {
        for at in [0, 1, 1_705_314_600_123, 1_999_999_999_999] {
            assert_eq!(ms(&carstrel_server::clock::rfc3339(at)).unwrap(), at);
        }
        assert!(ms("yesterday").is_err());
    }

    #[test]
    fn paging_mirrors_the_server() {
        assert_eq!(
            paging(None, None, 20).unwrap(),
            Paging { page: 1, limit: 20 }
        );
        assert_eq!(
            paging(Some(0), Some(0), 20).unwrap_err().to_string(),
            "page must be between 1 and 1000000"
        );
        assert_eq!(
            paging(Some(1), Some(101), 20).unwrap_err().to_string(),
            "limit must be between 1 and 100"
        );
    }

    #[test]
    fn ids_are_normalized_uuids() {
        let id = "0B5C7A0E-3F2A-4C7B-9D1E-2A3B4C5D6E7F";
        assert_eq!(
            optional_id(Some(id), "brandId").unwrap().unwrap(),
            id.to_lowercase()
        );
        assert_eq!(optional_id(Some(""), "brandId").unwrap(), None);
        assert_eq!(
            optional_id(Some("nope"), "brandId")
                .unwrap_err()
                .to_string(),
            "brandId must be a UUID (got \"nope\")"
        );
    }
}
