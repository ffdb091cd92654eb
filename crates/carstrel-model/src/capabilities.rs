//! What a CarStrel server offers beyond the published docs. A dealer's real account offers
//! exactly the documented API; our server adds feeds, the test-drive list, conditional
//! requests and more. Clients learn which of those a server has and degrade where one is
//! missing, so every addition stays optional.

use serde::{Deserialize, Serialize};

/// How the capabilities were learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum CapabilitySource {
    /// From the server's `/openapi.json`.
    OpenApi,
    /// The server serves no OpenAPI document: from cheap requests that change nothing.
    Probing,
}

/// The additions a server offers. `false` means the server answered 404 for it (or, for
/// headers, did not send or document them): the client does without.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    pub source: CapabilitySource,
    /// `GET /external/vehicles/changes`.
    pub vehicle_feed: bool,
    /// `GET /external/customers/changes`.
    pub customer_feed: bool,
    /// `GET /external/test-drives/changes`.
    pub test_drive_feed: bool,
    /// `GET /external/test-drives` and `GET /external/test-drives/{id}`.
    pub test_drive_list: bool,
    /// `PATCH /external/test-drives/{id}` (confirm, complete, cancel, no-show).
    pub test_drive_update: bool,
    /// `PATCH`/`DELETE /external/vehicles/{id}`.
    pub vehicle_update: bool,
    /// `ETag` on reads and `If-Match` on `PATCH` (412 when stale).
    pub conditional_requests: bool,
    /// `Idempotency-Key` on `POST` and `PATCH`: a retry returns the first response.
    pub idempotency: bool,
    /// `POST /external/auth/refresh` for customer tokens.
    pub token_refresh: bool,
    /// Staff login and API-key management under `/api/v1`.
    pub staff_api: bool,
    /// `X-RateLimit-*` headers on every response.
    pub rate_limit_headers: bool,
    /// `from`/`to` on `GET /external/test-drives`, `durationMinutes`, and no double
    /// bookings (409). Absent from capabilities kept before it existed: `false`.
    #[serde(default)]
    pub test_drive_calendar: bool,
    /// `GET`/`PATCH /external/settings` (drive length, no-show delay).
    #[serde(default)]
    pub dealer_settings: bool,
    /// `listedDate`/`daysOnLot` filters and sort on the vehicle list, and
    /// `GET /external/vehicles/stats/aging`.
    #[serde(default)]
    pub vehicle_aging: bool,
    /// `GET /external/vehicles/{id}/price-history`.
    #[serde(default)]
    pub price_history: bool,
    // The flags below are absent from a cache written before leads existed: read as
    // missing until the next sync asks again.
    /// `GET/POST /external/leads`, `GET/PATCH /external/leads/{id}` and the leads' stats.
    #[serde(default)]
    pub leads: bool,
    /// `GET /external/leads/changes`.
    #[serde(default)]
    pub lead_feed: bool,
    /// `GET/POST /external/tasks`, `PATCH/DELETE /external/tasks/{id}`.
    #[serde(default)]
    pub tasks: bool,
    /// `GET /external/tasks/changes`.
    #[serde(default)]
    pub task_feed: bool,
    /// `GET /external/staff`, for assigning leads and tasks.
    #[serde(default)]
    pub staff_list: bool,
}

/// One addition, for naming what a server lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Feature {
    VehicleFeed,
    CustomerFeed,
    TestDriveFeed,
    TestDriveList,
    TestDriveUpdate,
    VehicleUpdate,
    ConditionalRequests,
    Idempotency,
    TokenRefresh,
    StaffApi,
    RateLimitHeaders,
    TestDriveCalendar,
    DealerSettings,
    VehicleAging,
    PriceHistory,
    Leads,
    LeadFeed,
    Tasks,
    TaskFeed,
    StaffList,
}

impl Feature {
    /// Every addition, in the order a report lists them.
    pub const ALL: [Feature; 20] = [
        Feature::VehicleFeed,
        Feature::CustomerFeed,
        Feature::TestDriveFeed,
        Feature::TestDriveList,
        Feature::TestDriveUpdate,
        Feature::VehicleUpdate,
        Feature::ConditionalRequests,
        Feature::Idempotency,
        Feature::TokenRefresh,
        Feature::StaffApi,
        Feature::RateLimitHeaders,
        Feature::TestDriveCalendar,
        Feature::DealerSettings,
        Feature::VehicleAging,
        Feature::PriceHistory,
        Feature::Leads,
        Feature::LeadFeed,
        Feature::Tasks,
        Feature::TaskFeed,
        Feature::StaffList,
    ];

    /// What a dealer reads: the feature, not the route.
    pub fn describe(self) -> &'static str {
        match self {
            Feature::VehicleFeed => "vehicle changes feed (delta sync)",
            Feature::CustomerFeed => "customer changes feed (delta sync)",
            Feature::TestDriveFeed => "test-drive changes feed",
            Feature::TestDriveList => "test-drive list",
            Feature::TestDriveUpdate => "test-drive status changes",
            Feature::VehicleUpdate => "vehicle edits (mark sold, remove)",
            Feature::ConditionalRequests => "ETag / If-Match (stale-edit protection)",
            Feature::Idempotency => "Idempotency-Key (safe retries)",
            Feature::TokenRefresh => "customer token refresh",
            Feature::StaffApi => "staff login and API-key management",
            Feature::RateLimitHeaders => "rate-limit headers",
            Feature::TestDriveCalendar => "test-drive calendar (date range, no double bookings)",
            Feature::DealerSettings => "dealer settings (drive length, no-show delay)",
            Feature::VehicleAging => "inventory aging (days on lot, aging stats)",
            Feature::PriceHistory => "vehicle price history",
            Feature::Leads => "lead inbox",
            Feature::LeadFeed => "lead changes feed",
            Feature::Tasks => "follow-up tasks",
            Feature::TaskFeed => "task changes feed",
            Feature::StaffList => "staff list (assigning leads and tasks)",
        }
    }
}

impl Capabilities {
    /// Everything our own server adds: what a console assumes before it has asked.
    pub const fn all(source: CapabilitySource) -> Capabilities {
        Capabilities {
            source,
            vehicle_feed: true,
            customer_feed: true,
            test_drive_feed: true,
            test_drive_list: true,
            test_drive_update: true,
            vehicle_update: true,
            conditional_requests: true,
            idempotency: true,
            token_refresh: true,
            staff_api: true,
            rate_limit_headers: true,
            test_drive_calendar: true,
            dealer_settings: true,
            vehicle_aging: true,
            price_history: true,
            leads: true,
            lead_feed: true,
            tasks: true,
            task_feed: true,
            staff_list: true,
        }
    }

    /// Only what the published docs describe.
    pub const fn none(source: CapabilitySource) -> Capabilities {
        Capabilities {
            source,
            vehicle_feed: false,
            customer_feed: false,
            test_drive_feed: false,
            test_drive_list: false,
            test_drive_update: false,
            vehicle_update: false,
            conditional_requests: false,
            idempotency: false,
            token_refresh: false,
            staff_api: false,
            rate_limit_headers: false,
            test_drive_calendar: false,
            dealer_settings: false,
            vehicle_aging: false,
            price_history: false,
            leads: false,
            lead_feed: false,
            tasks: false,
            task_feed: false,
            staff_list: false,
        }
    }

    pub fn has(&self, feature: Feature) -> bool {
        match feature {
            Feature::VehicleFeed => self.vehicle_feed,
            Feature::CustomerFeed => self.customer_feed,
            Feature::TestDriveFeed => self.test_drive_feed,
            Feature::TestDriveList => self.test_drive_list,
            Feature::TestDriveUpdate => self.test_drive_update,
            Feature::VehicleUpdate => self.vehicle_update,
            Feature::ConditionalRequests => self.conditional_requests,
            Feature::Idempotency => self.idempotency,
            Feature::TokenRefresh => self.token_refresh,
            Feature::StaffApi => self.staff_api,
            Feature::RateLimitHeaders => self.rate_limit_headers,
            Feature::TestDriveCalendar => self.test_drive_calendar,
            Feature::DealerSettings => self.dealer_settings,
            Feature::VehicleAging => self.vehicle_aging,
            Feature::PriceHistory => self.price_history,
            Feature::Leads => self.leads,
            Feature::LeadFeed => self.lead_feed,
            Feature::Tasks => self.tasks,
            Feature::TaskFeed => self.task_feed,
            Feature::StaffList => self.staff_list,
        }
    }

    /// The additions this server lacks, for a report or a status line.
    pub fn missing(&self) -> Vec<Feature> {
        Feature::ALL.into_iter().filter(|f| !self.has(*f)).collect()
    }
}

/// What a server offers, with the version (`ETag`) of the `/openapi.json` it was read
/// from, if any: kept beside the capabilities, it lets the next probe skip the document
/// while it is unchanged (the SDK's `Client::revalidate_capabilities`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnedCapabilities {
    pub capabilities: Capabilities,
    pub openapi_etag: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_names_exactly_the_absent_additions() {
        let src = CapabilitySource::Probing;
        assert!(Capabilities::all(src).missing().is_empty());
        assert_eq!(Capabilities::none(src).missing(), Feature::ALL);
        let caps = Capabilities {
            test_drive_list: false,
            ..Capabilities::all(src)
        };
        assert_eq!(caps.missing(), [Feature::TestDriveList]);
        let json = serde_json::to_value(caps).unwrap();
        assert_eq!(json["testDriveList"], false);
        assert_eq!(json["source"], "probing");
        // Capabilities kept before the calendar existed still read, without it.
        let mut old = json.clone();
        for name in [
            "testDriveCalendar",
            "dealerSettings",
            "vehicleAging",
            "priceHistory",
        ] {
            old.as_object_mut().unwrap().remove(name);
        }
        let read: Capabilities = serde_json::from_value(old).unwrap();
        assert!(!read.test_drive_calendar && !read.price_history && read.vehicle_feed);
    }

    #[test]
    fn a_cache_written_before_leads_still_reads() {
        let mut json = serde_json::to_value(Capabilities::all(CapabilitySource::OpenApi)).unwrap();
        for field in ["leads", "leadFeed", "tasks", "taskFeed", "staffList"] {
            json.as_object_mut().unwrap().remove(field);
        }
        let caps: Capabilities = serde_json::from_value(json).unwrap();
        assert_eq!(
            caps.missing(),
            [
                Feature::Leads,
                Feature::LeadFeed,
                Feature::Tasks,
                Feature::TaskFeed,
                Feature::StaffList
            ]
        );
    }
}
