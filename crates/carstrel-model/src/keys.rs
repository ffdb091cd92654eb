//! API keys: environments, scopes, and the management calls of seed 002.

use crate::wire;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// `live` (production, `sk_live_…`) or `test` (development, `sk_test_…`). Each sees its
/// own vehicles, customers, test drives and engagement records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Environment {
    Live,
    Test,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Live => "live",
            Environment::Test => "test",
        }
    }

    /// The prefix every key of this environment starts with.
    pub fn key_prefix(self) -> &'static str {
        match self {
            Environment::Live => "sk_live_",
            Environment::Test => "sk_test_",
        }
    }

    /// The environment a key belongs to, read from its prefix.
    pub fn of_key(key: &str) -> Option<Environment> {
        [Environment::Live, Environment::Test]
            .into_iter()
            .find(|env| key.starts_with(env.key_prefix()))
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Environment {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "live" => Ok(Environment::Live),
            "test" => Ok(Environment::Test),
            other => Err(format!("environment must be live or test (got {other:?})")),
        }
    }
}

/// What a key may do. `admin` implies every other scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Scope {
    #[serde(rename = "inventory:read")]
    InventoryRead,
    #[serde(rename = "inventory:write")]
    InventoryWrite,
    #[serde(rename = "customers:read")]
    CustomersRead,
    #[serde(rename = "customers:write")]
    CustomersWrite,
    #[serde(rename = "test_drives:read")]
    TestDrivesRead,
    #[serde(rename = "test_drives:write")]
    TestDrivesWrite,
    #[serde(rename = "engagement:write")]
    EngagementWrite,
    /// Leads, follow-up tasks and the staff list.
    #[serde(rename = "leads:read")]
    LeadsRead,
    #[serde(rename = "leads:write")]
    LeadsWrite,
    #[serde(rename = "admin")]
    Admin,
}

impl Scope {
    pub const ALL: [Scope; 10] = [
        Scope::InventoryRead,
        Scope::InventoryWrite,
        Scope::CustomersRead,
        Scope::CustomersWrite,
        Scope::TestDrivesRead,
        Scope::TestDrivesWrite,
        Scope::EngagementWrite,
        Scope::LeadsRead,
        Scope::LeadsWrite,
        Scope::Admin,
    ];

    /// The scopes a key gets when its creator names none: everything but `admin`.
    pub fn defaults() -> Vec<Scope> {
        Self::ALL
            .into_iter()
            .filter(|s| *s != Scope::Admin)
            .collect()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::InventoryRead => "inventory:read",
            Scope::InventoryWrite => "inventory:write",
            Scope::CustomersRead => "customers:read",
            Scope::CustomersWrite => "customers:write",
            Scope::TestDrivesRead => "test_drives:read",
            Scope::TestDrivesWrite => "test_drives:write",
            Scope::EngagementWrite => "engagement:write",
            Scope::LeadsRead => "leads:read",
            Scope::LeadsWrite => "leads:write",
            Scope::Admin => "admin",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|scope| scope.as_str() == s)
            .ok_or_else(|| format!("unknown scope {s:?}"))
    }
}

/// Requests per hour a key gets unless its creator sets another figure (seed 002).
pub const DEFAULT_RATE_LIMIT_PER_HOUR: u32 = 1000;

wire! {
/// `POST /api/v1/api-keys`.
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::integral::option"
    )]
    pub rate_limit_per_hour: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
}
}

wire! {
/// A key as listed: never the key itself, only its first characters.
pub struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    pub environment: Environment,
    /// The first 12 characters, enough to tell keys apart (`sk_live_ab12`).
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub rate_limit_per_hour: u32,
    pub created_date: String,
    pub last_used_date: Option<String>,
    pub revoked_date: Option<String>,
}
}

wire! {
/// The response to a key's creation: the only time the key is shown.
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub info: ApiKeyInfo,
    pub key: String,
}
}
