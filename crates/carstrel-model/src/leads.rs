//! Leads: one person's interest in the dealer, opened by the server from the signals it
//! receives (contact forms, test-drive requests, registrations, newsletter sign-ups) or by
//! staff for a walk-in or a call, and worked from `new` to `won` or `lost`. The time from
//! a lead's creation to its first move away from `new` is the dealer's key figure.

use crate::wire;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Implements `as_str`, `ALL` and a `FromStr` whose message lists the choices, for an
/// enum whose wire values are its snake_case names.
macro_rules! choices {
    ($name:ident, $field:literal, [$($variant:ident = $text:literal),* $(,)?]) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    format!("{} must be one of {} (got {s:?})", $field, names.join(", "))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use choices;

/// Where a lead came from. The first four are opened by the server itself; staff open
/// the last three with `POST /external/leads`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LeadSource {
    ContactForm,
    TestDrive,
    Registration,
    Newsletter,
    WalkIn,
    Phone,
    Other,
}

choices!(
    LeadSource,
    "source",
    [
        ContactForm = "contact_form",
        TestDrive = "test_drive",
        Registration = "registration",
        Newsletter = "newsletter",
        WalkIn = "walk_in",
        Phone = "phone",
        Other = "other",
    ]
);

impl LeadSource {
    /// Whether staff may open a lead of this source by hand (the others are the site's
    /// signals, which only the server records).
    pub fn staff_opened(self) -> bool {
        matches!(
            self,
            LeadSource::WalkIn | LeadSource::Phone | LeadSource::Other
        )
    }
}

/// A lead's place in the funnel. `new`, `contacted` and `qualified` are open; `won` and
/// `lost` are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    New,
    Contacted,
    Qualified,
    Won,
    Lost,
}

choices!(
    LeadStatus,
    "status",
    [
        New = "new",
        Contacted = "contacted",
        Qualified = "qualified",
        Won = "won",
        Lost = "lost",
    ]
);

impl LeadStatus {
    /// Open leads take the person's next signals ("one person, one open lead").
    pub fn is_open(self) -> bool {
        matches!(
            self,
            LeadStatus::New | LeadStatus::Contacted | LeadStatus::Qualified
        )
    }

    /// Whether staff may move a lead from `self` to `next`: forward and back among the
    /// open statuses, never back to `new` once answered, never out of `won` or `lost`.
    /// Setting the current status again is allowed.
    pub fn can_become(self, next: LeadStatus) -> bool {
        self == next || (self.is_open() && next != LeadStatus::New)
    }
}

/// Sort fields of `GET /external/leads`; ties break on `id` ascending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum LeadSort {
    #[default]
    #[serde(rename = "createdDate")]
    CreatedDate,
    #[serde(rename = "lastActivityDate")]
    LastActivityDate,
}

choices!(
    LeadSort,
    "sort",
    [
        CreatedDate = "createdDate",
        LastActivityDate = "lastActivityDate",
    ]
);

wire! {
/// A lead. Every field is present; what is not known is `null`.
pub struct Lead {
    pub id: String,
    pub source: LeadSource,
    pub status: LeadStatus,
    pub name: Option<String>,
    /// Lower-cased; the key of "one person, one open lead".
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    pub customer_id: Option<String>,
    pub vehicle_id: Option<String>,
    pub test_drive_id: Option<String>,
    /// A staff user id (see `GET /external/staff`).
    pub assigned_to: Option<String>,
    pub lost_reason: Option<String>,
    pub created_date: String,
    pub updated_date: String,
    /// When the lead first moved away from `new`; set once.
    pub first_response_date: Option<String>,
    /// The latest signal, status change or assignment.
    pub last_activity_date: String,
    /// Its `ETag` is `"v{version}"`, for `If-Match` on a copy kept offline.
    pub version: i64,
}
}

/// What happened to a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LeadActivityType {
    /// The signal (or the staff member) that opened the lead.
    Opened,
    /// A later signal from the same person while the lead was open.
    Signal,
    StatusChanged,
    Assigned,
}

choices!(
    LeadActivityType,
    "type",
    [
        Opened = "opened",
        Signal = "signal",
        StatusChanged = "status_changed",
        Assigned = "assigned",
    ]
);

wire! {
/// One entry of a lead's history.
pub struct LeadActivity {
    #[serde(rename = "type")]
    pub kind: LeadActivityType,
    pub at: String,
    /// What a person reads: the signal's source and gist, `new → contacted`, the staff
    /// member's name.
    pub detail: Option<String>,
}
}

wire! {
/// `GET /external/leads/{id}`: the lead and its history, oldest first.
pub struct LeadDetail {
    #[serde(flatten)]
    pub lead: Lead,
    pub activities: Vec<LeadActivity>,
}
}

wire! {
/// `POST /external/leads`: staff open a lead for a walk-in, a call or another contact.
#[serde(deny_unknown_fields)]
pub struct CreateLeadRequest {
    pub source: LeadSource,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
}
}

wire! {
/// `PATCH /external/leads/{id}`: work a lead. `lost` needs a `lostReason`, and a
/// `lostReason` goes only with `lost`.
#[derive(Default)]
#[serde(deny_unknown_fields)]
pub struct LeadUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<LeadStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_reason: Option<String>,
}
}

wire! {
/// `GET /external/staff`: a staff user leads and tasks can be assigned to.
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: StaffRole,
}
}

/// What a staff user does at the dealer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Runs the account (API keys); the role of the login an organization is created with.
    Admin,
    Manager,
    Sales,
}

choices!(
    StaffRole,
    "role",
    [Admin = "admin", Manager = "manager", Sales = "sales"]
);

/// The filters, sort and page of `GET /external/leads`: the SDK sends it and the
/// console's cache answers it offline.
///
/// ```
/// use carstrel_model::{LeadQuery, LeadStatus};
///
/// let query = LeadQuery::new().status(LeadStatus::New).limit(100);
/// assert_eq!(query.to_pairs(), vec![("limit", "100".to_owned()), ("status", "new".to_owned())]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct LeadQuery {
    pub page: Option<u32>,
    pub limit: Option<u32>,
    pub status: Option<LeadStatus>,
    pub source: Option<LeadSource>,
    pub assigned_to: Option<String>,
    pub search: Option<String>,
    pub sort: Option<LeadSort>,
    pub order: Option<crate::SortOrder>,
}

impl LeadQuery {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    pub fn status(mut self, status: LeadStatus) -> Self {
        self.status = Some(status);
        self
    }

    pub fn source(mut self, source: LeadSource) -> Self {
        self.source = Some(source);
        self
    }

    pub fn assigned_to(mut self, staff_id: impl Into<String>) -> Self {
        self.assigned_to = Some(staff_id.into());
        self
    }

    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.search = Some(text.into());
        self
    }

    pub fn sort(mut self, sort: LeadSort, order: crate::SortOrder) -> Self {
        self.sort = Some(sort);
        self.order = Some(order);
        self
    }

    /// The query string pairs, with the API's parameter names.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut put = |name, value: Option<String>| {
            if let Some(value) = value {
                pairs.push((name, value));
            }
        };
        put("page", self.page.map(|v| v.to_string()));
        put("limit", self.limit.map(|v| v.to_string()));
        put("status", self.status.map(|v| v.as_str().to_owned()));
        put("source", self.source.map(|v| v.as_str().to_owned()));
        put("assignedTo", self.assigned_to.clone());
        put("search", self.search.clone());
        put("sort", self.sort.map(|v| v.as_str().to_owned()));
        put("order", self.order.map(|v| v.as_str().to_owned()));
        pairs
    }
}

/// Page size of `GET /external/leads` and `GET /external/tasks`.
pub const LEADS_DEFAULT_LIMIT: u32 = 20;
pub const TASKS_DEFAULT_LIMIT: u32 = 20;

#[cfg(test)]
mod tests {
    use super::*;
    use LeadStatus::*;

    #[test]
    fn open_leads_move_freely_but_never_back_to_new_and_final_ones_stay() {
        assert!(New.can_become(Contacted) && New.can_become(Lost) && New.can_become(Won));
        assert!(Qualified.can_become(Contacted));
        assert!(!Contacted.can_become(New));
        assert!(!Won.can_become(Lost) && !Lost.can_become(Qualified));
        assert!(Lost.can_become(Lost) && New.can_become(New));
    }

    #[test]
    fn choices_round_trip_and_list_themselves() {
        for source in LeadSource::ALL {
            assert_eq!(source.as_str().parse::<LeadSource>(), Ok(*source));
            let json = serde_json::to_value(source).unwrap();
            assert_eq!(json, source.as_str());
        }
        assert_eq!(
            "email".parse::<LeadSource>().unwrap_err(),
            "source must be one of contact_form, test_drive, registration, newsletter, \
             walk_in, phone, other (got \"email\")"
        );
        assert_eq!(
            serde_json::to_value(LeadSort::LastActivityDate).unwrap(),
            "lastActivityDate"
        );
    }

    #[test]
    fn an_activity_spells_its_kind_as_type() {
        let detail = LeadActivity {
            kind: LeadActivityType::StatusChanged,
            at: "t".into(),
            detail: None,
        };
        assert_eq!(
            serde_json::to_value(detail).unwrap()["type"],
            "status_changed"
        );
    }
}
