//! The other bodies a client sends: a listing edit, a registration, a contact message,
//! a new API key.

use super::fields::{email, password, phone};
use super::text::{clean_text, required_text};
use super::{Checked, Invalid};
use crate::{
    ContactRequest, CreateApiKeyRequest, Environment, RegisterRequest, Scope, Vehicle,
    VehicleUpdate, DEFAULT_RATE_LIMIT_PER_HOUR,
};

/// Largest hourly budget a key can be given.
pub const MAX_RATE_LIMIT_PER_HOUR: u32 = 10_000_000;

/// A staff edit of a listing: at least one field, a sane price and mileage, a name and a
/// description a page can show.
pub fn check_vehicle_update(change: &VehicleUpdate) -> Checked<()> {
    if change == &VehicleUpdate::default() {
        return Err(Invalid::new("body", "Send at least one field to change"));
    }
    if let Some(price) = change.price {
        if !price.is_finite() || price < 0.0 {
            return Err(Invalid::new("price", "price must be a non-negative number"));
        }
    }
    if change.mileage.is_some_and(|m| m < 0) {
        return Err(Invalid::new("mileage", "mileage must not be negative"));
    }
    if let Some(name) = &change.name {
        required_text("name", name, 200)?;
    }
    if let Some(description) = &change.description {
        clean_text("description", description, 20_000, true)?;
    }
    Ok(())
}

/// Puts a new headline price on a listing: `price`, and the price of its listing type's
/// options (the sale price, the daily rate or the starting bid), as `PATCH` does on the
/// server and a price set offline does in the console's cache. Returns whether the
/// price changed (only a change adds a price-history entry).
pub fn apply_vehicle_price(vehicle: &mut Vehicle, price: f64) -> bool {
    let changed = vehicle.price != Some(price);
    vehicle.price = Some(price);
    if let Some(options) = vehicle.sale_options.as_mut() {
        options.price = price;
    }
    if let Some(options) = vehicle.rental_options.as_mut() {
        options.daily_rate = price;
    }
    if let Some(options) = vehicle.auction_options.as_mut() {
        options.starting_bid = price;
    }
    changed
}

/// A registration the API accepts, normalised as the account is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

pub fn check_registration(request: &RegisterRequest) -> Checked<Registration> {
    let email = email("email", &request.email)?;
    password(&request.password)?;
    let first_name = required_text("firstName", &request.first_name, 100)?;
    let last_name = required_text("lastName", &request.last_name, 100)?;
    phone(request.phone.as_ref())?;
    Ok(Registration {
        email,
        first_name,
        last_name,
    })
}

/// A contact message the API accepts: trimmed, with a blank subject as none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub message: String,
    pub subject: Option<String>,
}

pub fn check_contact(request: &ContactRequest) -> Checked<Contact> {
    let name = required_text("name", &request.name, 200)?;
    let address = email("email", &request.email)?;
    let message = request.message.trim();
    if message.is_empty() {
        return Err(Invalid::new("message", "message is required"));
    }
    clean_text("message", message, 10_000, true)?;
    let subject = request
        .subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(subject) = subject {
        clean_text("subject", subject, 200, false)?;
    }
    Ok(Contact {
        name,
        email: address,
        message: message.to_owned(),
        subject: subject.map(str::to_owned),
    })
}

/// A key creation request with seed 002's defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRequest {
    pub name: String,
    /// Sorted, without duplicates.
    pub scopes: Vec<Scope>,
    pub rate_limit_per_hour: u32,
    pub environment: Environment,
}

pub fn check_api_key_request(request: &CreateApiKeyRequest) -> Checked<ApiKeyRequest> {
    let name = required_text("name", &request.name, 100)?;
    let mut scopes = request.scopes.clone().unwrap_or_else(Scope::defaults);
    if scopes.is_empty() {
        return Err(Invalid::new(
            "scopes",
            "scopes must name at least one scope",
        ));
    }
    scopes.sort();
    scopes.dedup();
    let limit = request
        .rate_limit_per_hour
        .unwrap_or(DEFAULT_RATE_LIMIT_PER_HOUR);
    if limit == 0 || limit > MAX_RATE_LIMIT_PER_HOUR {
        return Err(Invalid::new(
            "rateLimitPerHour",
            format!("rateLimitPerHour must be between 1 and {MAX_RATE_LIMIT_PER_HOUR}"),
        ));
    }
    Ok(ApiKeyRequest {
        name,
        scopes,
        rate_limit_per_hour: limit,
        environment: request.environment.unwrap_or(Environment::Live),
    })
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // the tables read best with their types spelled out
mod tests {
    use super::*;

    #[test]
    fn vehicle_updates_are_bounded() {
        let table: Vec<(VehicleUpdate, Result<(), &str>)> = vec![
            (
                VehicleUpdate::default(),
                Err("Send at least one field to change"),
            ),
            (
                VehicleUpdate {
                    price: Some(10.0),
                    ..Default::default()
                },
                Ok(()),
            ),
            (
                VehicleUpdate {
                    price: Some(-1.0),
                    ..Default::default()
                },
                Err("price must be a non-negative number"),
            ),
            (
                VehicleUpdate {
                    price: Some(f64::INFINITY),
                    ..Default::default()
                },
                Err("price must be a non-negative number"),
            ),
            (
                VehicleUpdate {
                    mileage: Some(-1),
                    ..Default::default()
                },
                Err("mileage must not be negative"),
            ),
            (
                VehicleUpdate {
                    name: Some(" ".into()),
                    ..Default::default()
                },
                Err("name is required"),
            ),
            (
                VehicleUpdate {
                    description: Some("a\nb".into()),
                    ..Default::default()
                },
                Ok(()),
            ),
            (
                VehicleUpdate {
                    description: Some("a\u{0}".into()),
                    ..Default::default()
                },
                Err("description must not contain control characters"),
            ),
        ];
        for (change, expected) in table {
            let got = check_vehicle_update(&change).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{change:?}");
        }
    }

    #[test]
    fn registrations_are_checked_in_order() {
        let req = |email: &str, password: &str, first: &str| RegisterRequest {
            email: email.into(),
            password: password.into(),
            first_name: first.into(),
            last_name: "Lovelace".into(),
            phone: None,
        };
        let table: Vec<(RegisterRequest, Result<Registration, &str>)> = vec![
            (
                req(" Ada@X.com ", "longenough", " Ada "),
                Ok(Registration {
                    email: "ada@x.com".into(),
                    first_name: "Ada".into(),
                    last_name: "Lovelace".into(),
                }),
            ),
            (
                req("a@b", "short", ""),
                Err("email must be a valid email address"),
            ),
            (
                req("a@b.co", "short", ""),
                Err("password must be at least 8 characters"),
            ),
            (
                req("a@b.co", "longenough", ""),
                Err("firstName is required"),
            ),
        ];
        for (request, expected) in table {
            let got = check_registration(&request).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{request:?}");
        }
    }

    #[test]
    fn contact_messages_are_trimmed() {
        let req = |message: &str, subject: Option<&str>| ContactRequest {
            name: "Ada".into(),
            email: "ada@x.com".into(),
            message: message.into(),
            subject: subject.map(str::to_owned),
        };
        let table: Vec<(ContactRequest, Result<(&str, Option<&str>), &str>)> = vec![
            (
                req(" Hello\nthere ", Some(" Hi ")),
                Ok(("Hello\nthere", Some("Hi"))),
            ),
            (req("Hello", Some("  ")), Ok(("Hello", None))),
            (req("  ", None), Err("message is required")),
            (
                req(&"m".repeat(10_001), None),
                Err("message must be at most 10000 characters"),
            ),
            (
                req("Hello", Some("a\nb")),
                Err("subject must not contain control characters"),
            ),
        ];
        for (request, expected) in table {
            let got = check_contact(&request)
                .map(|c| (c.message, c.subject))
                .map_err(|e| e.to_string());
            let expected = expected
                .map(|(m, s)| (m.to_owned(), s.map(str::to_owned)))
                .map_err(str::to_owned);
            assert_eq!(got, expected, "{request:?}");
        }
    }

    #[test]
    fn api_key_requests_get_defaults() {
        let req = |scopes: Option<Vec<Scope>>, limit: Option<u32>| CreateApiKeyRequest {
            name: " CI ".into(),
            scopes,
            rate_limit_per_hour: limit,
            environment: None,
        };
        let table: Vec<(CreateApiKeyRequest, Result<(Vec<Scope>, u32), &str>)> = vec![
            (
                req(None, None),
                Ok((Scope::defaults(), DEFAULT_RATE_LIMIT_PER_HOUR)),
            ),
            (
                req(
                    Some(vec![Scope::Admin, Scope::InventoryRead, Scope::Admin]),
                    Some(5),
                ),
                Ok((vec![Scope::InventoryRead, Scope::Admin], 5)),
            ),
            (
                req(Some(vec![]), None),
                Err("scopes must name at least one scope"),
            ),
            (
                req(None, Some(0)),
                Err("rateLimitPerHour must be between 1 and 10000000"),
            ),
            (
                req(None, Some(MAX_RATE_LIMIT_PER_HOUR + 1)),
                Err("rateLimitPerHour must be between 1 and 10000000"),
            ),
        ];
        for (request, expected) in table {
            let got = check_api_key_request(&request)
                .map(|k| (k.scopes, k.rate_limit_per_hour))
                .map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{request:?}");
        }
        let checked = check_api_key_request(&req(None, None)).unwrap();
        assert_eq!(
            (checked.name.as_str(), checked.environment),
            ("CI", Environment::Live)
        );
    }
}
