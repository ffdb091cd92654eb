//! Learning what a server offers beyond the published docs ([`Capabilities`]): from its
//! `/openapi.json` when it serves one, else by probing with requests that change nothing.
//!
//! A probe's answer decides: 404 (or 405, or a 400/422 from a route that took the
//! addition's path for an id) means absent; any other answer, 401 and 403 included,
//! means the route exists. A network failure or a 5xx is an error, not an answer.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::transport::{Call, Raw};
use carstrel_model::{Capabilities, CapabilitySource, LearnedCapabilities};
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::atomic::Ordering;

impl Client {
    /// Asks the server what it offers, and adjusts this client to it: without
    /// `Idempotency-Key` support a `POST` is never retried after its reply was lost, for
    /// the retry could create a second record.
    ///
    /// ```no_run
    /// # // no_run: needs a running CarStrel server.
    /// # async fn run(client: carstrel_client::Client) -> carstrel_client::Result<()> {
    /// let caps = client.capabilities().await?;
    /// for missing in caps.missing() {
    ///     println!("this server has no {}", missing.describe());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn capabilities(&self) -> Result<Capabilities> {
        Ok(self.revalidate_capabilities(None).await?.capabilities)
    }

    /// [`Client::capabilities`], given what an earlier call learnt: while the server's
    /// `/openapi.json` is still the version `known` was read from (a 304 to
    /// `If-None-Match`), its 230 KB are neither sent nor read again, and `known` stands.
    /// The header-borne capabilities are read afresh either way.
    pub async fn revalidate_capabilities(
        &self,
        known: Option<&LearnedCapabilities>,
    ) -> Result<LearnedCapabilities> {
        // The two probes do not wait on each other: one round trip, not two.
        let known_etag = known.and_then(|k| k.openapi_etag.clone());
        let (sample, openapi) = tokio::join!(
            self.probe(Call::get(&["external", "vehicles"]).query(vec![("limit", "1".into())])),
            self.probe(Call::get(&["openapi.json"]).if_none_match(known_etag)),
        );
        let sample = sample?;
        if !sample.status.is_success() {
            // The one documented list every key may read: without it nothing can be judged.
            return Err(crate::transport::check(sample)
                .err()
                .unwrap_or(Error::Status {
                    status: 0,
                    body: None,
                }));
        }
        let has_header = |name: &str| sample.headers.contains_key(name);
        let rate_limit_headers = has_header("x-ratelimit-limit");
        let openapi = openapi?;
        let learned = match known {
            Some(known) if openapi.status == StatusCode::NOT_MODIFIED => LearnedCapabilities {
                capabilities: Capabilities {
                    rate_limit_headers,
                    ..known.capabilities
                },
                openapi_etag: known.openapi_etag.clone(),
            },
            _ => {
                self.learn_afresh(&openapi, &sample, rate_limit_headers)
                    .await?
            }
        };
        self.use_capabilities(&learned.capabilities);
        Ok(learned)
    }

    /// Capabilities from the `/openapi.json` answer when it is a document, else probed.
    async fn learn_afresh(
        &self,
        openapi: &Raw,
        sample: &Raw,
        rate_limit_headers: bool,
    ) -> Result<LearnedCapabilities> {
        let document = if openapi.status.is_success() {
            serde_json::from_slice::<Value>(&openapi.body)
                .ok()
                .filter(|doc| doc.get("paths").is_some_and(Value::is_object))
        } else {
            None
        };
        Ok(match document {
            Some(doc) => LearnedCapabilities {
                capabilities: from_openapi(&doc, rate_limit_headers),
                openapi_etag: openapi.etag(),
            },
            None => {
                let mut caps = self.probe_each().await?;
                caps.conditional_requests = sample.headers.contains_key("etag");
                caps.rate_limit_headers = rate_limit_headers;
                LearnedCapabilities {
                    capabilities: caps,
                    openapi_etag: None,
                }
            }
        })
    }

    /// Adjusts this client (and its clones) to capabilities learned earlier.
    pub fn use_capabilities(&self, caps: &Capabilities) {
        self.shared
            .honours_idempotency
            .store(caps.idempotency, Ordering::Relaxed);
    }

    pub(crate) fn honours_idempotency(&self) -> bool {
        self.shared.honours_idempotency.load(Ordering::Relaxed)
    }

    /// Every route-shaped addition, one harmless request each.
    async fn probe_each(&self) -> Result<Capabilities> {
        let since = || vec![("since", "0".to_owned()), ("limit", "1".to_owned())];
        let feed =
            |resource: &'static str| Call::get(&["external", resource, "changes"]).query(since());
        let vehicle_feed = self.exists(feed("vehicles")).await?;
        let customer_feed = self.exists(feed("customers")).await?;
        let test_drive_feed = self.exists(feed("test-drives")).await?;
        let test_drive_list = self
            .exists(Call::get(&["external", "test-drives"]).query(vec![("limit", "1".into())]))
            .await?;
        // A made-up token: the route refuses it (401), a server without it answers 404.
        let refresh = Call::post(&["external", "auth", "refresh"])
            .json(&serde_json::json!({"refresh_token": "capability-probe"}))?
            .retry_safe();
        let token_refresh = self.exists_lenient(refresh).await?;
        let staff_api = self.exists(Call::get(&["api", "v1", "api-keys"])).await?;
        // A list that ignores `from` answers a malformed one 200; ours refuses it (400).
        let test_drive_calendar = test_drive_list
            && self
                .probe(Call::get(&["external", "test-drives"]).query(vec![
                    ("limit", "1".into()),
                    ("from", "capability-probe".into()),
                ]))
                .await?
                .status
                == StatusCode::BAD_REQUEST;
        let dealer_settings = self.exists(Call::get(&["external", "settings"])).await?;
        let vehicle_aging = self
            .exists(Call::get(&["external", "vehicles", "stats", "aging"]))
            .await?;
        // Not a UUID: the route refuses it (400); a server without it answers 404.
        let price_history = self
            .exists_lenient(Call::get(&[
                "external",
                "vehicles",
                "capability-probe",
                "price-history",
            ]))
            .await?;
        let one = || vec![("limit", "1".to_owned())];
        let leads = self
            .exists(Call::get(&["external", "leads"]).query(one()))
            .await?;
        let lead_feed = self.exists(feed("leads")).await?;
        let tasks = self
            .exists(Call::get(&["external", "tasks"]).query(one()))
            .await?;
        let task_feed = self.exists(feed("tasks")).await?;
        let staff_list = self.exists(Call::get(&["external", "staff"])).await?;
        Ok(Capabilities {
            source: CapabilitySource::Probing,
            vehicle_feed,
            customer_feed,
            test_drive_feed,
            test_drive_list,
            // The list, the detail and PATCH are one addition; so are the vehicle feed
            // and vehicle edits. Probing them apart would need a real record to change.
            test_drive_update: test_drive_list,
            vehicle_update: vehicle_feed,
            conditional_requests: false,
            // Cannot be seen without sending a write twice: assume the documented API.
            idempotency: false,
            token_refresh,
            staff_api,
            rate_limit_headers: false,
            test_drive_calendar,
            dealer_settings,
            vehicle_aging,
            price_history,
            leads,
            lead_feed,
            tasks,
            task_feed,
            staff_list,
        })
    }

    /// A GET that only an addition's route would answer; a 400 means another route took
    /// the path (`/external/vehicles/changes` read as a vehicle id).
    async fn exists(&self, call: Call) -> Result<bool> {
        self.answered(call, true).await
    }

    /// A request the route itself refuses as invalid when present.
    async fn exists_lenient(&self, call: Call) -> Result<bool> {
        self.answered(call, false).await
    }

    async fn answered(&self, call: Call, invalid_means_absent: bool) -> Result<bool> {
        let raw = self.probe(call).await?;
        route_exists(raw.status, invalid_means_absent).map_err(|()| refusal(raw))
    }

    /// One request, any status back; only the network fails it.
    async fn probe(&self, call: Call) -> Result<Raw> {
        let deadline = tokio::time::Instant::now() + self.shared.policy.time_budget;
        self.attempts(&call, None, deadline).await
    }
}

/// The typed error of an answer that says nothing about the server's routes.
fn refusal(raw: Raw) -> Error {
    let status = raw.status.as_u16();
    crate::transport::check(raw)
        .err()
        .unwrap_or(Error::Status { status, body: None })
}

/// Whether a probe's status says the route exists; `Err` when the status says nothing
/// (5xx, 429 after retries).
fn route_exists(status: StatusCode, invalid_means_absent: bool) -> std::result::Result<bool, ()> {
    match status.as_u16() {
        404 | 405 => Ok(false),
        400 | 422 => Ok(!invalid_means_absent),
        429 | 500..=599 => Err(()),
        _ => Ok(true),
    }
}

/// Reads the additions off an OpenAPI document's paths and header parameters.
fn from_openapi(doc: &Value, rate_limit_headers: bool) -> Capabilities {
    let paths = &doc["paths"];
    let has = |path: &str, method: &str| paths.get(path).and_then(|p| p.get(method)).is_some();
    let header_documented = |name: &str| {
        paths.as_object().into_iter().flatten().any(|(_, item)| {
            item.as_object().into_iter().flatten().any(|(_, op)| {
                op["parameters"].as_array().into_iter().flatten().any(|p| {
                    p["in"] == "header"
                        && p["name"]
                            .as_str()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
            })
        })
    };
    Capabilities {
        source: CapabilitySource::OpenApi,
        vehicle_feed: has("/external/vehicles/changes", "get"),
        customer_feed: has("/external/customers/changes", "get"),
        test_drive_feed: has("/external/test-drives/changes", "get"),
        test_drive_list: has("/external/test-drives", "get"),
        test_drive_update: has("/external/test-drives/{id}", "patch"),
        vehicle_update: has("/external/vehicles/{id}", "patch"),
        conditional_requests: header_documented("If-Match"),
        idempotency: header_documented("Idempotency-Key"),
        token_refresh: has("/external/auth/refresh", "post"),
        staff_api: has("/api/v1/api-keys", "get"),
        rate_limit_headers,
        test_drive_calendar: paths["/external/test-drives"]["get"]["parameters"]
            .as_array()
            .is_some_and(|params| {
                params
                    .iter()
                    .any(|p| p["in"] == "query" && p["name"] == "from")
            }),
        dealer_settings: has("/external/settings", "get"),
        vehicle_aging: has("/external/vehicles/stats/aging", "get"),
        price_history: has("/external/vehicles/{id}/price-history", "get"),
        leads: has("/external/leads", "get") && has("/external/leads/{id}", "patch"),
        lead_feed: has("/external/leads/changes", "get"),
        tasks: has("/external/tasks", "get") && has("/external/tasks/{id}", "patch"),
        task_feed: has("/external/tasks/changes", "get"),
        staff_list: has("/external/staff", "get"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_of_the_published_api_offers_no_addition() {
        let doc = serde_json::json!({"paths": {
            "/external/vehicles": {"get": {}},
            "/external/vehicles/{id}": {"get": {}},
            "/external/test-drives": {"post": {"parameters": []}},
        }});
        let caps = from_openapi(&doc, false);
        assert_eq!(caps, Capabilities::none(CapabilitySource::OpenApi));
        let full = serde_json::json!({"paths": {
            "/external/vehicles/changes": {"get": {}},
            "/external/customers/changes": {"get": {}},
            "/external/test-drives/changes": {"get": {}},
            "/external/test-drives": {"get": {"parameters": [{"name": "from", "in": "query"}]},
                "post": {"parameters": [{"name": "Idempotency-Key", "in": "header"}]}},
            "/external/settings": {"get": {}, "patch": {}},
            "/external/vehicles/stats/aging": {"get": {}},
            "/external/vehicles/{id}/price-history": {"get": {}},
            "/external/test-drives/{id}": {"patch": {"parameters": [
                {"name": "If-Match", "in": "header"}]}},
            "/external/vehicles/{id}": {"patch": {}},
            "/external/auth/refresh": {"post": {}},
            "/api/v1/api-keys": {"get": {}},
            "/external/leads": {"get": {}},
            "/external/leads/{id}": {"patch": {}},
            "/external/leads/changes": {"get": {}},
            "/external/tasks": {"get": {}},
            "/external/tasks/{id}": {"patch": {}},
            "/external/tasks/changes": {"get": {}},
            "/external/staff": {"get": {}},
        }});
        assert_eq!(
            from_openapi(&full, true),
            Capabilities::all(CapabilitySource::OpenApi)
        );
    }

    #[test]
    fn a_probe_answer_says_present_absent_or_nothing() {
        for (status, said) in [
            (200, Ok(true)),
            (401, Ok(true)),
            (403, Ok(true)),
            (404, Ok(false)),
            (405, Ok(false)),
            (400, Ok(false)),
            (503, Err(())),
        ] {
            assert_eq!(
                route_exists(StatusCode::from_u16(status).unwrap(), true),
                said,
                "{status}"
            );
        }
        assert_eq!(route_exists(StatusCode::BAD_REQUEST, false), Ok(true));
    }
}
