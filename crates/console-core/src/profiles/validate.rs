//! The checks of what a user types when adding a profile: the name (a folder and a
//! keychain account), the key (its environment, never echoed) and the base URL.

use super::profile::{ProfileError, MAX_NAME_LEN, SANDBOX_PROFILE};
use crate::secrets::Secret;
use carstrel_model::Environment;

/// Checks a profile name: it becomes a folder name and a keychain account, so it is a
/// lowercase slug (folders are case-insensitive on macOS and Windows) and none of the
/// names Windows reserves for devices.
pub fn validate_name(name: &str) -> Result<(), ProfileError> {
    let invalid = |reason| {
        Err(ProfileError::InvalidName {
            name: name.to_owned(),
            reason,
        })
    };
    if name.is_empty() {
        return invalid("it is empty");
    }
    if name.len() > MAX_NAME_LEN {
        return invalid("it is too long");
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return invalid("it must start with a lowercase letter or a digit");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return invalid("it may only hold lowercase letters, digits, '-' and '_'");
    }
    if name == SANDBOX_PROFILE {
        return invalid("it is the name of the built-in sandbox profile");
    }
    const WINDOWS_DEVICES: [&str; 4] = ["con", "prn", "aux", "nul"];
    let is_numbered_device = (name.starts_with("com") || name.starts_with("lpt"))
        && name.len() == 4
        && name.as_bytes()[3].is_ascii_digit();
    if WINDOWS_DEVICES.contains(&name) || is_numbered_device {
        return invalid("it is a device name reserved by Windows");
    }
    Ok(())
}

/// Longest display name a person may give a connection.
pub const MAX_DISPLAY_NAME_LEN: usize = 80;

/// A profile's name as a person types it ("Main showroom") and the slug the console keys
/// it by (`main-showroom`): a folder and a keychain account need a slug, people do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileName {
    pub slug: String,
    /// `None` when what was typed is already the slug.
    pub display: Option<String>,
}

/// Accepts what people type: a valid slug as it is, anything else kept as the display
/// name with a slug derived from it (lowercase ASCII letters and digits, the rest '-').
pub fn profile_name(typed: &str) -> Result<ProfileName, ProfileError> {
    let typed = typed.trim();
    if validate_name(typed).is_ok() {
        return Ok(ProfileName {
            slug: typed.to_owned(),
            display: None,
        });
    }
    let invalid = |reason| ProfileError::InvalidName {
        name: typed.to_owned(),
        reason,
    };
    if typed.is_empty() {
        return Err(invalid("it is empty"));
    }
    if typed.chars().count() > MAX_DISPLAY_NAME_LEN || typed.chars().any(char::is_control) {
        return Err(invalid("it is too long or holds control characters"));
    }
    let mut slug = String::new();
    for c in typed.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(MAX_NAME_LEN);
    let slug = slug.trim_end_matches('-').to_owned();
    let slug = if slug.is_empty() {
        "connection".to_owned()
    } else {
        slug
    };
    validate_name(&slug)?;
    Ok(ProfileName {
        slug,
        display: Some(typed.to_owned()),
    })
}

/// Checks an API key and returns its environment. The key is never echoed.
pub fn validate_key(key: &Secret) -> Result<Environment, ProfileError> {
    let text = key.expose();
    let Some(environment) = Environment::of_key(text) else {
        return Err(ProfileError::InvalidKey {
            reason: "it must start with sk_live_ or sk_test_",
        });
    };
    let rest = &text[environment.key_prefix().len()..];
    if rest.len() < 16 {
        return Err(ProfileError::InvalidKey {
            reason: "it is too short (was it cut off when pasting?)",
        });
    }
    if rest.len() > 256 {
        return Err(ProfileError::InvalidKey {
            reason: "it is too long",
        });
    }
    if !rest
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(ProfileError::InvalidKey {
            reason: "it holds spaces or other characters a key never has",
        });
    }
    Ok(environment)
}

/// Checks and normalizes a base URL (`http`/`https`, a host, no credentials, query or
/// fragment; trailing `/` dropped). A live key is only ever sent over `https`, except to
/// this machine itself.
pub fn validate_url(base_url: &str, environment: Environment) -> Result<String, ProfileError> {
    let invalid = |reason: &str| {
        Err(ProfileError::InvalidUrl {
            reason: reason.to_owned(),
        })
    };
    let url = match url::Url::parse(base_url.trim()) {
        Ok(url) => url,
        Err(e) => return invalid(&format!("{e} (expected e.g. https://api.example.com)")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return invalid("it must start with http:// or https://");
    }
    let Some(host) = url.host() else {
        return invalid("it has no host name");
    };
    if !url.username().is_empty() || url.password().is_some() {
        return invalid("it must not contain a user name or password; the API key is enough");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return invalid("it must not have a ?query or #fragment");
    }
    let loopback = match host {
        url::Host::Domain(domain) => domain.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    if environment == Environment::Live && url.scheme() == "http" && !loopback {
        return invalid("a live key is only sent over https:// (http:// is for test keys)");
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIVE: &str = "sk_live_0123456789abcdefghijABCDEFGHIJ";
    const TEST: &str = "sk_test_0123456789abcdefghijABCDEFGHIJ";

    #[test]
    fn names_are_slugs() {
        for bad in [
            "", "Prod", "-x", "a b", "a/b", "..", "sandbox", "con", "com1", "é",
        ] {
            assert!(validate_name(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["prod", "dealer-2", "a_b", "0", "console", "com"] {
            validate_name(good).unwrap();
        }
        assert!(validate_name(&"a".repeat(MAX_NAME_LEN + 1)).is_err());
    }

    #[test]
    fn what_people_type_is_kept_for_display_with_a_slug_derived() {
        let named = |typed| profile_name(typed).unwrap();
        assert_eq!(
            named("prod"),
            ProfileName {
                slug: "prod".into(),
                display: None
            }
        );
        let shown = named("  Published API ");
        assert_eq!(shown.slug, "published-api");
        assert_eq!(shown.display.as_deref(), Some("Published API"));
        assert_eq!(
            named("Main showroom (Nürnberg) #2").slug,
            "main-showroom-n-rnberg-2"
        );
        assert_eq!(named("東京").slug, "connection");
        assert!(named(&"Long name ".repeat(8)).slug.len() <= MAX_NAME_LEN);
        for refused in ["", "   ", "Sandbox", "a\u{7}b"] {
            assert!(profile_name(refused).is_err(), "{refused:?} accepted");
        }
        assert!(profile_name(&"x ".repeat(MAX_DISPLAY_NAME_LEN)).is_err());
    }

    #[test]
    fn urls_are_checked_and_normalized() {
        let ok = |url, env| validate_url(url, env).unwrap();
        assert_eq!(
            ok("https://api.example.com/", Environment::Live),
            "https://api.example.com"
        );
        assert_eq!(
            ok("http://127.0.0.1:8080", Environment::Live),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            ok("http://lan:8080/v1/", Environment::Test),
            "http://lan:8080/v1"
        );
        for bad in [
            "api.example.com",
            "ftp://x",
            "https://u:p@x",
            "https://x/?a=1",
            "http://",
        ] {
            assert!(
                validate_url(bad, Environment::Test).is_err(),
                "{bad:?} accepted"
            );
        }
        assert!(validate_url("http://api.example.com", Environment::Live).is_err());
    }

    #[test]
    fn keys_are_checked_without_being_echoed() {
        assert_eq!(validate_key(&LIVE.into()).unwrap(), Environment::Live);
        assert_eq!(validate_key(&TEST.into()).unwrap(), Environment::Test);
        for bad in [
            "pk_live_0123456789abcdefgh",
            "sk_live_short",
            "sk_live_0123456789 abcdefgh",
        ] {
            let error = validate_key(&bad.into()).unwrap_err();
            assert!(!error.to_string().contains(bad), "{error}");
        }
    }
}
