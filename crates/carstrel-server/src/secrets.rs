//! Key material: API keys (random, stored as SHA-256), passwords (argon2id) and JWTs.

use crate::error::{ApiError, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use carstrel_model::Environment;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use rand::{distributions::Alphanumeric, Rng};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Characters of randomness after the `sk_live_`/`sk_test_` prefix (~190 bits).
const KEY_RANDOM_CHARS: usize = 32;
/// Characters of a key kept in clear for display.
pub const KEY_PREFIX_CHARS: usize = 12;

/// A fresh key of `env`: `sk_live_` or `sk_test_` and 32 random alphanumerics.
pub fn generate_api_key(env: Environment) -> String {
    let random: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(KEY_RANDOM_CHARS)
        .map(char::from)
        .collect();
    format!("{}{random}", env.key_prefix())
}

/// Keys are long and random, so a fast hash is enough to store them safely; it also
/// lets a request find its key with one indexed lookup.
pub fn hash_api_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::thread_rng());
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A token-signing secret given by the deployment. Prints as `JwtSecret(…)`.
#[derive(Clone, PartialEq, Eq)]
pub struct JwtSecret(Vec<u8>);

/// Shortest secret accepted: HS256 wants at least its 256 bits.
pub const JWT_SECRET_MIN_BYTES: usize = 32;

impl JwtSecret {
    /// A secret of at least [`JWT_SECRET_MIN_BYTES`] bytes (surrounding whitespace, as a
    /// file's final newline, is not part of it).
    pub fn new(secret: &str) -> anyhow::Result<JwtSecret> {
        let secret = secret.trim();
        if secret.len() < JWT_SECRET_MIN_BYTES {
            anyhow::bail!(
                "the JWT secret must be at least {JWT_SECRET_MIN_BYTES} characters \
                 (e.g. `openssl rand -hex 32`)"
            );
        }
        Ok(JwtSecret(secret.as_bytes().to_vec()))
    }

    /// The secret from `CARSTREL_JWT_SECRET` (`value`) or the file
    /// `CARSTREL_JWT_SECRET_FILE` names (`file`); giving both is a mistake.
    pub fn from_value_or_file(
        value: Option<String>,
        file: Option<std::path::PathBuf>,
    ) -> anyhow::Result<Option<JwtSecret>> {
        use anyhow::Context;
        match (value.filter(|v| !v.is_empty()), file) {
            (Some(_), Some(_)) => {
                anyhow::bail!("set CARSTREL_JWT_SECRET or CARSTREL_JWT_SECRET_FILE, not both")
            }
            (Some(value), None) => JwtSecret::new(&value).map(Some),
            (None, Some(path)) => {
                let text = std::fs::read_to_string(&path).with_context(|| {
                    format!("cannot read the JWT secret file {}", path.display())
                })?;
                JwtSecret::new(&text).map(Some)
            }
            (None, None) => Ok(None),
        }
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtSecret(…)")
    }
}

/// What a token is for; a token of one kind is refused where another is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Access,
    Refresh,
    StaffAccess,
    StaffRefresh,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The user (customer tokens) or staff member (staff tokens).
    pub sub: String,
    /// The organization whose key the token was issued through.
    pub org: String,
    /// The environment of that key; staff tokens have none.
    #[serde(default)]
    pub env: Option<Environment>,
    pub kind: TokenKind,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

/// Lifetimes of each kind of token, in seconds.
pub fn token_ttl_secs(kind: TokenKind) -> i64 {
    match kind {
        TokenKind::Access | TokenKind::StaffAccess => carstrel_model::ACCESS_TOKEN_TTL_SECS as i64,
        TokenKind::Refresh | TokenKind::StaffRefresh => 30 * 24 * 3600,
    }
}

/// HS256 signing keys, from a secret the database keeps so tokens survive restarts.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(…)")
    }
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    pub fn issue(
        &self,
        sub: &str,
        org: &str,
        env: Option<Environment>,
        kind: TokenKind,
    ) -> anyhow::Result<String> {
        let now = crate::clock::now_ms() / 1000;
        let claims = Claims {
            sub: sub.to_owned(),
            org: org.to_owned(),
            env,
            kind,
            iat: now,
            exp: now + token_ttl_secs(kind),
            jti: uuid::Uuid::new_v4().to_string(),
        };
        Ok(jsonwebtoken::encode(
            &Header::default(),
            &claims,
            &self.encoding,
        )?)
    }

    /// Checks signature, expiry and kind; the caller checks organization and environment.
    pub fn verify(&self, token: &str, kind: TokenKind) -> Result<Claims> {
        let mut validation = Validation::default();
        validation.leeway = 0;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    ApiError::Unauthorized("The token has expired".into())
                }
                _ => ApiError::Unauthorized("Invalid token".into()),
            })?
            .claims;
        if claims.kind != kind {
            return Err(ApiError::Unauthorized("Invalid token".into()));
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_their_environment_prefix_and_hash_stably() {
        let key = generate_api_key(Environment::Test);
        assert!(key.starts_with("sk_test_"));
        assert_eq!(key.len(), 8 + KEY_RANDOM_CHARS);
        assert_eq!(hash_api_key(&key), hash_api_key(&key));
        assert_ne!(hash_api_key(&key), key);
    }

    #[test]
    fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn jwt_secrets_come_from_a_value_or_a_file_and_never_print() {
        let long = "0123456789abcdef0123456789abcdef";
        assert!(JwtSecret::new("short").is_err());
        let secret = JwtSecret::from_value_or_file(Some(long.into()), None)
            .unwrap()
            .unwrap();
        assert_eq!(secret.expose(), long.as_bytes());
        assert_eq!(format!("{secret:?}"), "JwtSecret(…)");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("jwt");
        std::fs::write(&file, format!("{long}\n")).unwrap();
        let from_file = JwtSecret::from_value_or_file(None, Some(file.clone())).unwrap();
        assert_eq!(from_file, Some(secret));
        assert!(JwtSecret::from_value_or_file(Some(long.into()), Some(file)).is_err());
        assert!(JwtSecret::from_value_or_file(None, None).unwrap().is_none());
    }

    #[test]
    fn tokens_of_another_kind_are_refused() {
        let keys = JwtKeys::new(b"secret");
        let token = keys
            .issue("u", "o", Some(Environment::Live), TokenKind::Refresh)
            .unwrap();
        assert!(keys.verify(&token, TokenKind::Access).is_err());
        assert_eq!(keys.verify(&token, TokenKind::Refresh).unwrap().sub, "u");
        assert!(JwtKeys::new(b"other")
            .verify(&token, TokenKind::Refresh)
            .is_err());
    }
}
