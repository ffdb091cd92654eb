//! Fields with a shape: email addresses, UUID ids, passwords, phone numbers.

use super::text::{clean_text, echo, required_text};
use super::{Checked, Invalid};
use crate::{Phone, PASSWORD_MIN_CHARS};

/// The longest address SMTP can carry.
pub const EMAIL_MAX_CHARS: usize = 254;

/// Longer passwords only make hashing slower, not accounts safer.
pub const PASSWORD_MAX_CHARS: usize = 256;

/// A plausible email address: one `@`, something before it, a dotted domain after it,
/// no spaces; at most 254 characters as sent (a JSON Schema `maxLength` can say so).
/// Returns it trimmed and lower-cased, as accounts and customers store it.
pub fn email(field: &str, text: &str) -> Checked<String> {
    if text.chars().count() > EMAIL_MAX_CHARS {
        return Err(Invalid::new(
            field,
            format!("{field} must be at most {EMAIL_MAX_CHARS} characters"),
        ));
    }
    let email = required_text(field, text, EMAIL_MAX_CHARS)?.to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && email.matches('@').count() == 1
        }
        None => false,
    };
    if !valid {
        return Err(Invalid::new(
            field,
            format!("{field} must be a valid email address"),
        ));
    }
    Ok(email)
}

/// Ids are UUIDs: anything else is refused rather than looked up in vain. Returns the
/// lower-case hyphenated form the API stores.
pub fn id(field: &str, raw: &str) -> Checked<String> {
    uuid::Uuid::parse_str(raw.trim())
        .map(|id| id.to_string())
        .map_err(|_| {
            Invalid::new(
                field,
                format!("{field} must be a UUID (got {:?})", echo(raw, 64)),
            )
        })
}

/// An optional id filter: empty means absent (as in a query string).
pub fn optional_id(field: &str, raw: Option<&str>) -> Checked<Option<String>> {
    raw.filter(|v| !v.is_empty())
        .map(|v| id(field, v))
        .transpose()
}

/// A new password: at least [`PASSWORD_MIN_CHARS`], at most [`PASSWORD_MAX_CHARS`].
pub fn password(password: &str) -> Checked<()> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(Invalid::new(
            "password",
            format!("password must be at least {PASSWORD_MIN_CHARS} characters"),
        ));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(Invalid::new(
            "password",
            format!("password must be at most {PASSWORD_MAX_CHARS} characters"),
        ));
    }
    Ok(())
}

/// A login's email, trimmed and lower-cased; both fields must be present (whether they
/// are right is the server's business, answered with a 401).
pub fn login(email: &str, password: &str) -> Checked<String> {
    let email = email.trim().to_lowercase();
    if email.is_empty() || password.is_empty() {
        return Err(Invalid::new("body", "email and password are required"));
    }
    Ok(email)
}

/// Phone numbers: short, one line.
pub fn phone(phone: Option<&Phone>) -> Checked<()> {
    let Some(phone) = phone else { return Ok(()) };
    for (field, number) in [
        ("phone.mobile", &phone.mobile),
        ("phone.whatsapp", &phone.whatsapp),
    ] {
        if let Some(number) = number {
            clean_text(field, number, 32, false)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_lowercased() {
        let refused = Err("email must be a valid email address");
        let table: &[(&str, Result<&str, &str>)] = &[
            (" John@Example.com ", Ok("john@example.com")),
            ("a@b.co", Ok("a@b.co")),
            ("", Err("email is required")),
            ("   ", Err("email is required")),
            ("john", refused),
            ("john@", refused),
            ("@x.com", refused),
            // The drift bug: the console once took this, the server never did.
            ("a@b", refused),
            ("a@.b", refused),
            ("a@b.", refused),
            ("a b@c.com", refused),
            ("a@@b.com", refused),
            ("a@b@c.com", refused),
            (
                "a\u{0}@b.com",
                Err("email must not contain control characters"),
            ),
        ];
        for (text, expected) in table {
            let got = email("email", text).map_err(|e| e.to_string());
            let expected = expected.map(str::to_owned).map_err(str::to_owned);
            assert_eq!(got, expected, "{text:?}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(
            email("email", &long).unwrap_err().to_string(),
            "email must be at most 254 characters"
        );
        // Counted as sent, spaces around included, as the OpenAPI document's maxLength.
        let padded = format!(" {}@example.com ", "a".repeat(241));
        assert_eq!(
            email("email", &padded).unwrap_err().to_string(),
            "email must be at most 254 characters"
        );
        assert!(email("email", padded.trim()).is_ok());
    }

    #[test]
    fn ids_must_be_uuids() {
        let id_text = "0b5c7a0e-3f2a-4c7b-9d1e-2a3b4c5d6e7f";
        let long = "x".repeat(100);
        let long_refusal = format!("id must be a UUID (got {:?})", "x".repeat(64));
        let table: &[(&str, Result<&str, &str>)] = &[
            (id_text, Ok(id_text)),
            ("0B5C7A0E-3F2A-4C7B-9D1E-2A3B4C5D6E7F", Ok(id_text)),
            (" 0b5c7a0e-3f2a-4c7b-9d1e-2a3b4c5d6e7f ", Ok(id_text)),
            ("not-a-uuid", Err("id must be a UUID (got \"not-a-uuid\")")),
            ("", Err("id must be a UUID (got \"\")")),
            (&long, Err(&long_refusal)),
        ];
        for (text, expected) in table {
            let got = id("id", text).map_err(|e| e.to_string());
            let expected = expected.map(str::to_owned).map_err(str::to_owned);
            assert_eq!(got, expected, "{text:?}");
        }
        assert_eq!(optional_id("brandId", Some("")), Ok(None));
        assert_eq!(optional_id("brandId", None), Ok(None));
        assert_eq!(
            optional_id("brandId", Some(id_text)),
            Ok(Some(id_text.into()))
        );
    }

    #[test]
    fn passwords_have_bounds() {
        let long = "p".repeat(257);
        let table: &[(&str, Result<(), &str>)] = &[
            ("longenough", Ok(())),
            ("12345678", Ok(())),
            ("short", Err("password must be at least 8 characters")),
            ("", Err("password must be at least 8 characters")),
            (&long, Err("password must be at most 256 characters")),
        ];
        for (text, expected) in table {
            let got = password(text).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{text:?}");
        }
    }

    #[test]
    fn logins_need_both_fields() {
        let table: &[(&str, &str, Result<&str, &str>)] = &[
            (" Ada@X.com ", "pw", Ok("ada@x.com")),
            ("", "pw", Err("email and password are required")),
            ("a@x.com", "", Err("email and password are required")),
        ];
        for (email, password, expected) in table {
            let got = login(email, password).map_err(|e| e.to_string());
            let expected = expected.map(str::to_owned).map_err(str::to_owned);
            assert_eq!(got, expected, "{email:?}");
        }
    }

    #[test]
    fn phones_are_short_single_lines() {
        let phone_of = |mobile: &str| Phone {
            mobile: Some(mobile.into()),
            whatsapp: None,
        };
        let table: &[(Option<Phone>, Result<(), &str>)] = &[
            (None, Ok(())),
            (Some(Phone::default()), Ok(())),
            (Some(phone_of("+44 20 7946 0000")), Ok(())),
            (
                Some(phone_of(&"1".repeat(33))),
                Err("phone.mobile must be at most 32 characters"),
            ),
            (
                Some(Phone {
                    mobile: None,
                    whatsapp: Some("1\n2".into()),
                }),
                Err("phone.whatsapp must not contain control characters"),
            ),
        ];
        for (value, expected) in table {
            let got = phone(value.as_ref()).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{value:?}");
        }
    }
}
