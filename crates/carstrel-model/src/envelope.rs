//! The response envelope and the error body every endpoint shares.

use serde::{Deserialize, Serialize};

/// `{statusCode, message?, data, total?, page?, limit?, totalPages?}` around every success.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    pub status_code: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub data: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u32>,
}

/// The documented message of a successful read.
pub const DATA_RECEIVED: &str = "data has been received";

impl<T> Envelope<T> {
    /// A 200 with the documented "data has been received" message.
    pub fn ok(data: T) -> Self {
        Self::with_status(200, data)
    }

    /// A 201 for a created resource.
    pub fn created(data: T) -> Self {
        Self::with_status(201, data)
    }

    pub fn with_status(status_code: u16, data: T) -> Self {
        Envelope {
            status_code,
            message: Some(DATA_RECEIVED.to_owned()),
            data,
            total: None,
            page: None,
            limit: None,
            total_pages: None,
        }
    }

    /// A list that is not paged but still says how many items it holds.
    pub fn list(data: T, total: u64) -> Self {
        Envelope {
            total: Some(total),
            ..Self::ok(data)
        }
    }

    /// One page of a paged list.
    pub fn paged(data: T, total: u64, page: u32, limit: u32) -> Self {
        Envelope {
            total: Some(total),
            page: Some(page),
            limit: Some(limit),
            total_pages: Some(total_pages(total, limit)),
            ..Self::ok(data)
        }
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }
}

/// Number of pages of `limit` items needed for `total` items (0 when there are none).
pub fn total_pages(total: u64, limit: u32) -> u32 {
    if limit == 0 {
        return 0;
    }
    u32::try_from(total.div_ceil(u64::from(limit))).unwrap_or(u32::MAX)
}

/// `{statusCode, message, error, timestamp}`: the documented body of every failure.
///
/// As in the docs' 401 example, `message` is the status phrase ("Unauthorized") and
/// `error` is the detail a developer acts on ("Invalid or missing API key").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub status_code: u16,
    pub message: String,
    pub error: String,
    /// RFC 3339, UTC.
    pub timestamp: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paged_envelope_has_the_documented_fields() {
        let json = serde_json::to_value(Envelope::paged(vec![1, 2], 25, 1, 20)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"statusCode": 200, "message": "data has been received",
                "data": [1, 2], "total": 25, "page": 1, "limit": 20, "totalPages": 2})
        );
    }

    #[test]
    fn total_pages_rounds_up_and_handles_empty() {
        assert_eq!(total_pages(0, 20), 0);
        assert_eq!(total_pages(20, 20), 1);
        assert_eq!(total_pages(21, 20), 2);
        assert_eq!(total_pages(150, 20), 8);
    }
}
