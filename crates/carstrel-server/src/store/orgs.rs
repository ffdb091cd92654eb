//! Organizations (dealers) and their staff.

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::{ApiError, Result};
use carstrel_model::{StaffMember, StaffRole, StaffUser};
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub slug: String,
}

pub async fn create(db: &Db, name: &str, slug: &str) -> Result<Organization> {
    let id = super::new_id();
    sqlx::query("INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(name)
        .bind(slug)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(Organization {
        id,
        name: name.to_owned(),
        slug: slug.to_owned(),
    })
}

pub async fn find_by_slug(db: &Db, slug: &str) -> Result<Option<Organization>> {
    let row = sqlx::query("SELECT id, name, slug FROM organizations WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row
        .map(|r| -> sqlx::Result<_> {
            Ok(Organization {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                slug: r.try_get("slug")?,
            })
        })
        .transpose()?)
}

/// Finds an organization by id or slug.
pub async fn find(db: &Db, id_or_slug: &str) -> Result<Organization> {
    let row = sqlx::query("SELECT id, name, slug FROM organizations WHERE id = $1 OR slug = $1")
        .bind(id_or_slug)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found("Organization"))?;
    Ok(Organization {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        slug: row.try_get("slug")?,
    })
}

pub async fn list(db: &Db) -> Result<Vec<Organization>> {
    let rows = sqlx::query("SELECT id, name, slug FROM organizations ORDER BY created_at, id")
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .iter()
        .map(|r| -> sqlx::Result<_> {
            Ok(Organization {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                slug: r.try_get("slug")?,
            })
        })
        .collect::<sqlx::Result<_>>()?)
}

/// The login an organization is created with: its admin.
pub async fn add_staff(
    db: &Db,
    org_id: &str,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<String> {
    add_staff_member(db, org_id, email, name, StaffRole::Admin, password_hash).await
}

pub async fn add_staff_member(
    db: &Db,
    org_id: &str,
    email: &str,
    name: &str,
    role: StaffRole,
    password_hash: &str,
) -> Result<String> {
    let member = NewStaffMember {
        id: super::new_id(),
        org_id,
        email,
        name,
        role,
    };
    insert_staff_member(db, member, password_hash).await
}

/// A staff login about to be stored. The demo chooses the id itself, so a re-seeded
/// database assigns its leads and tasks to the same ids.
pub struct NewStaffMember<'a> {
    pub id: String,
    pub org_id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: StaffRole,
}

pub async fn insert_staff_member(
    db: &Db,
    member: NewStaffMember<'_>,
    password_hash: &str,
) -> Result<String> {
    let NewStaffMember {
        id,
        org_id,
        email,
        name,
        role,
    } = member;
    sqlx::query(
        "INSERT INTO staff_users (id, organization_id, email, name, password_hash, created_at, \
         role) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(email.to_lowercase())
    .bind(name)
    .bind(password_hash)
    .bind(now_ms())
    .bind(role.as_str())
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// The dealer's staff, by name: whom leads and tasks can be assigned to.
pub async fn list_staff(db: &Db, org_id: &str) -> Result<Vec<StaffMember>> {
    let rows = sqlx::query(
        "SELECT id, name, email, role FROM staff_users WHERE organization_id = $1 \
         ORDER BY name, id",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| -> anyhow::Result<StaffMember> {
            Ok(StaffMember {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                role: r
                    .try_get::<String, _>("role")?
                    .parse()
                    .map_err(anyhow::Error::msg)?,
            })
        })
        .collect::<anyhow::Result<_>>()?)
}

/// A staff member and their password hash, by email.
pub async fn find_staff_by_email(db: &Db, email: &str) -> Result<Option<(StaffUser, String)>> {
    staff_where(db, "s.email = $1", &email.to_lowercase()).await
}

pub async fn find_staff(db: &Db, id: &str) -> Result<Option<StaffUser>> {
    Ok(staff_where(db, "s.id = $1", id)
        .await?
        .map(|(user, _)| user))
}

async fn staff_where(db: &Db, condition: &str, value: &str) -> Result<Option<(StaffUser, String)>> {
    let row = sqlx::query(&format!(
        "SELECT s.id, s.email, s.name, s.password_hash, o.id AS org_id, o.name AS org_name \
         FROM staff_users s JOIN organizations o ON o.id = s.organization_id WHERE {condition}"
    ))
    .bind(value)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row
        .map(|r| -> sqlx::Result<_> {
            Ok((
                StaffUser {
                    id: r.try_get("id")?,
                    email: r.try_get("email")?,
                    name: r.try_get("name")?,
                    organization_id: r.try_get("org_id")?,
                    organization_name: r.try_get("org_name")?,
                },
                r.try_get("password_hash")?,
            ))
        })
        .transpose()?)
}
