//! Customer accounts: register, login, refresh and me, each through a dealer's key.

use crate::clock::now_ms;
use crate::db::{next_seq, Db};
use crate::error::{ApiError, Result};
use crate::passwords::Passwords;
use crate::secrets::{JwtKeys, TokenKind};
use crate::tenant::Caller;
use carstrel_model::{
    rules, AuthSession, CustomerSummary, LoginRequest, Me, RegisterRequest, User,
    ACCESS_TOKEN_TTL_SECS,
};
use sqlx::Row;

fn wrong_credentials() -> ApiError {
    ApiError::Unauthorized("Invalid email or password".into())
}

struct StoredUser {
    user: User,
    password_hash: String,
}

async fn find_user(db: &Db, email: &str) -> Result<Option<StoredUser>> {
    let row = sqlx::query(
        "SELECT id AS user_id, email, first_name, last_name, phone, profile_image_url, \
         password_hash FROM users WHERE email = $1",
    )
    .bind(email)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row
        .map(|row| -> anyhow::Result<_> {
            Ok(StoredUser {
                user: super::customers::user_from_row(&row)?,
                password_hash: row.try_get("password_hash")?,
            })
        })
        .transpose()?)
}

async fn user_by_id(db: &Db, id: &str) -> Result<Option<User>> {
    let row = sqlx::query(
        "SELECT id AS user_id, email, first_name, last_name, phone, profile_image_url \
         FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row
        .map(|r| super::customers::user_from_row(&r))
        .transpose()?)
}

fn session(
    jwt: &JwtKeys,
    caller: &Caller,
    user: User,
    is_new_user: Option<bool>,
    is_new_customer: bool,
) -> Result<AuthSession> {
    Ok(AuthSession {
        is_new_user,
        is_new_customer,
        access_token: jwt.issue(
            &user.id,
            &caller.org_id,
            Some(caller.env),
            TokenKind::Access,
        )?,
        refresh_token: jwt.issue(
            &user.id,
            &caller.org_id,
            Some(caller.env),
            TokenKind::Refresh,
        )?,
        expires_in: ACCESS_TOKEN_TTL_SECS,
        token_type: "Bearer".into(),
        user,
    })
}

async fn link(db: &Db, caller: &Caller, user_id: &str) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let created = super::customers::link(&mut tx, caller, user_id, seq).await?;
    tx.commit().await?;
    Ok(created)
}

/// Creates an account, or links an existing one after checking its password. A wrong
/// password links nothing and returns no tokens.
pub async fn register(
    db: &Db,
    jwt: &JwtKeys,
    passwords: &Passwords,
    caller: &Caller,
    req: RegisterRequest,
) -> Result<AuthSession> {
    let rules::Registration {
        email,
        first_name,
        last_name,
    } = rules::check_registration(&req)?;

    if let Some(existing) = find_user(db, &email).await? {
        let hash = Some(existing.password_hash);
        if !passwords.verify(req.password, hash).await? {
            return Err(ApiError::Unauthorized(
                "An account with this email exists and the password does not match".into(),
            ));
        }
        let mut tx = db.pool.begin().await?;
        let seq = next_seq(&mut tx).await?;
        let created = super::customers::link(&mut tx, caller, &existing.user.id, seq).await?;
        registration_signal(&mut tx, caller, &existing.user, seq).await?;
        tx.commit().await?;
        return session(jwt, caller, existing.user, Some(false), created);
    }

    let hash = passwords.hash(req.password.clone()).await?;
    let user = User {
        id: super::new_id(),
        email,
        first_name,
        last_name,
        phone: req.phone,
        profile_image_url: None,
    };
    let mut tx = db.pool.begin().await?;
    let seq = next_seq(&mut tx).await?;
    let inserted = sqlx::query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, phone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&user.id)
    .bind(&user.email)
    .bind(&hash)
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(user.phone.as_ref().map(serde_json::to_string).transpose()?)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::Conflict(
            "An account with this email was created a moment ago; log in instead".into(),
        ));
    }
    super::customers::link(&mut tx, caller, &user.id, seq).await?;
    registration_signal(&mut tx, caller, &user, seq).await?;
    tx.commit().await?;
    session(jwt, caller, user, Some(true), true)
}

/// A registration is a lead's signal, linked to the customer record it made (or found).
async fn registration_signal(
    conn: &mut sqlx::AnyConnection,
    caller: &Caller,
    user: &User,
    seq: i64,
) -> Result<()> {
    let signal = super::leads::Signal {
        name: Some(format!("{} {}", user.first_name, user.last_name)),
        email: Some(user.email.clone()),
        phone: user
            .phone
            .as_ref()
            .and_then(|p| p.mobile.clone().or(p.whatsapp.clone())),
        customer_id: super::leads::customer_with_email(conn, caller, &user.email).await?,
        detail: "Registered an account".into(),
        ..Default::default()
    };
    let source = carstrel_model::LeadSource::Registration;
    super::leads::record_signal(conn, caller, source, signal, seq).await?;
    Ok(())
}

/// Logs a customer in, linking them to this dealer if they were not yet its customer.
pub async fn login(
    db: &Db,
    jwt: &JwtKeys,
    passwords: &Passwords,
    caller: &Caller,
    req: LoginRequest,
) -> Result<AuthSession> {
    let email = rules::login(&req.email, &req.password)?;
    if req.password.chars().count() > rules::PASSWORD_MAX_CHARS {
        return Err(wrong_credentials());
    }
    // An unknown email is hashed against too, so it answers as slowly as a known one.
    let existing = find_user(db, &email).await?;
    let hash = existing.as_ref().map(|e| e.password_hash.clone());
    if !passwords.verify(req.password, hash).await? {
        return Err(wrong_credentials());
    }
    let existing = existing.ok_or_else(wrong_credentials)?;
    let created = link(db, caller, &existing.user.id).await?;
    session(jwt, caller, existing.user, None, created)
}

/// The user behind a customer token, provided the token was issued through this
/// organization's key in this environment.
async fn token_user(
    db: &Db,
    jwt: &JwtKeys,
    caller: &Caller,
    token: &str,
    kind: TokenKind,
) -> Result<User> {
    let claims = jwt.verify(token, kind)?;
    if claims.org != caller.org_id || claims.env != Some(caller.env) {
        return Err(ApiError::Unauthorized(
            "This token was issued through another organization's API key".into(),
        ));
    }
    user_by_id(db, &claims.sub)
        .await?
        .ok_or_else(|| ApiError::Unauthorized("Invalid token".into()))
}

pub async fn refresh(
    db: &Db,
    jwt: &JwtKeys,
    caller: &Caller,
    refresh_token: &str,
) -> Result<AuthSession> {
    let user = token_user(db, jwt, caller, refresh_token, TokenKind::Refresh).await?;
    session(jwt, caller, user, None, false)
}

pub async fn me(db: &Db, jwt: &JwtKeys, caller: &Caller, access_token: &str) -> Result<Me> {
    let user = token_user(db, jwt, caller, access_token, TokenKind::Access).await?;
    let customer = super::customers::find_by_user(db, caller, &user.id)
        .await?
        .ok_or_else(|| ApiError::not_found("Customer"))?;
    let created_at = customer.created_date.clone();
    Ok(Me {
        user,
        customer: CustomerSummary {
            customer_id: customer.id,
            lifecycle_stage: customer.classification.lifecycle_stage,
            customer_segment: customer.classification.customer_segment,
            is_vip: customer.classification.is_vip,
            total_purchases: customer.stats.total_purchases,
            total_spent: customer.stats.total_spent,
            member_since: created_at,
        },
    })
}
