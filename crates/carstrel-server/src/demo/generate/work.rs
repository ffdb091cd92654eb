//! A dealer's day: staff to assign work to, leads from every source in every status
//! (answered after realistic waits), and follow-up tasks, some of them overdue.
//!
//! Made once per dealer (a flag in `server_settings`), so a sandbox database made before
//! leads existed gains them at its next start. A generator of its own, so the rest of the
//! demo stays as it was.

use super::*;
use carstrel_model::{LeadActivityType, LeadSource, LeadStatus, StaffRole};
use std::collections::HashSet;

const HOUR_MS: i64 = 3600 * 1000;
const LEADS: usize = 56;
const LOST_REASONS: &[&str] = &[
    "Bought elsewhere",
    "Price too high",
    "No longer interested",
    "Could not reach them",
    "Financing declined",
];
const ENQUIRIES: &[&str] = &[
    "Is the car still available? I'd like to see it this week.",
    "What financing options do you offer?",
    "Do you take trade-ins? I have a 2015 hatchback.",
    "Can you deliver outside the city?",
    "Looking for a family SUV under 30,000.",
];
const TASK_TITLES: &[&str] = &[
    "Call back",
    "Send financing options to",
    "Follow up on the test drive with",
    "Confirm trade-in valuation for",
    "Email brochure to",
];

/// Staff of each demo dealer besides its admin: (name, role).
const STAFF: [[(&str, StaffRole); 3]; 2] = [
    [
        ("Amina Wanjiru", StaffRole::Manager),
        ("Brian Otieno", StaffRole::Sales),
        ("Carla Mendes", StaffRole::Sales),
    ],
    [
        ("Daniel Kiptoo", StaffRole::Manager),
        ("Esther Njeri", StaffRole::Sales),
        ("Felix Mwangi", StaffRole::Sales),
    ],
];

/// Staff, leads and tasks for one demo dealer, once.
pub async fn dealer_work(db: &Db, org_id: &str, slug: &str, org_index: u64) -> anyhow::Result<()> {
    let flag = format!("demo_work/{slug}");
    let done = sqlx::query("SELECT value FROM server_settings WHERE name = $1")
        .bind(&flag)
        .fetch_optional(&db.pool)
        .await?;
    if done.is_some() {
        return Ok(());
    }
    let staff = staff(db, org_id, slug, org_index).await?;
    for env in [Environment::Live, Environment::Test] {
        let seed = 7_000 + org_index * 2 + u64::from(env == Environment::Test);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let leads = leads(db, org_id, env, &staff, &mut rng).await?;
        tasks(db, org_id, env, &staff, &leads, &mut rng).await?;
    }
    sqlx::query("INSERT INTO server_settings (name, value) VALUES ($1, 'done')")
        .bind(&flag)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The dealer's staff ids, adding the demo's three (who sign in with the admin's demo
/// password) to its admin.
async fn staff(db: &Db, org_id: &str, slug: &str, org_index: u64) -> anyhow::Result<Vec<Staff>> {
    let admin = sqlx::query(
        "SELECT id, name, password_hash FROM staff_users WHERE organization_id = $1 \
         ORDER BY created_at, id LIMIT 1",
    )
    .bind(org_id)
    .fetch_one(&db.pool)
    .await?;
    let hash: String = admin.try_get("password_hash")?;
    let mut ids = vec![Staff {
        id: admin.try_get("id")?,
        name: admin.try_get("name")?,
    }];
    for (name, role) in STAFF[org_index as usize % STAFF.len()] {
        let email = format!("{}@{slug}.example", name.to_lowercase().replace(' ', "."));
        let member = crate::store::orgs::NewStaffMember {
            id: stable_id(&format!("{slug}/staff/{email}")),
            org_id,
            email: &email,
            name,
            role,
        };
        let id = crate::store::orgs::insert_staff_member(db, member, &hash)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        ids.push(Staff {
            id,
            name: name.to_owned(),
        });
    }
    Ok(ids)
}

/// A staff member work is assigned to.
struct Staff {
    id: String,
    name: String,
}

/// A person a lead is about.
struct Person {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    customer_id: Option<String>,
    vehicle_id: Option<String>,
    test_drive_id: Option<String>,
    detail: String,
}

fn prospect(rng: &mut ChaCha8Rng, n: usize, source: LeadSource) -> Person {
    let first = *catalog::FIRST_NAMES.choose(rng).expect("names");
    let last = *catalog::LAST_NAMES.choose(rng).expect("names");
    let email = format!(
        "{}.{}.{n}@mail.example",
        first.to_lowercase(),
        last.to_lowercase()
    );
    let phone = format!("+2547{:08}", rng.gen_range(0..100_000_000));
    let enquiry = *ENQUIRIES.choose(rng).expect("enquiries");
    let (name, email, phone, detail) = match source {
        LeadSource::ContactForm => (true, Some(email), None, format!("Contact form: {enquiry}")),
        LeadSource::Newsletter => (
            false,
            Some(email),
            None,
            "Subscribed to the newsletter".into(),
        ),
        LeadSource::WalkIn => (true, Some(email), Some(phone), "Walk-in".into()),
        LeadSource::Phone => (true, None, Some(phone), format!("Phone call: {enquiry}")),
        _ => (
            true,
            Some(email),
            Some(phone),
            "Contact recorded by staff".into(),
        ),
    };
    Person {
        name: name.then(|| format!("{first} {last}")),
        email,
        phone,
        customer_id: None,
        vehicle_id: None,
        test_drive_id: None,
        detail,
    }
}

/// The people the dealer's test drives and newest customers are about.
async fn known_people(
    db: &Db,
    org_id: &str,
    env: Environment,
) -> anyhow::Result<(Vec<Person>, Vec<Person>)> {
    let drives = sqlx::query(
        "SELECT t.id, t.vehicle_id, t.customer_id, t.name, t.email, t.phone, v.name AS vehicle \
         FROM test_drives t JOIN vehicles v ON v.id = t.vehicle_id \
         WHERE t.organization_id = $1 AND t.environment = $2 ORDER BY t.created_at, t.id",
    )
    .bind(org_id)
    .bind(env.as_str())
    .fetch_all(&db.pool)
    .await?;
    let drives = drives
        .iter()
        .map(|r| -> anyhow::Result<Person> {
            Ok(Person {
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                phone: r.try_get("phone")?,
                customer_id: r.try_get("customer_id")?,
                vehicle_id: r.try_get("vehicle_id")?,
                test_drive_id: r.try_get("id")?,
                detail: format!(
                    "Test drive requested: {}",
                    r.try_get::<String, _>("vehicle")?
                ),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let customers = sqlx::query(
        "SELECT c.id, u.email, u.first_name, u.last_name FROM customers c \
         JOIN users u ON u.id = c.user_id WHERE c.organization_id = $1 AND c.environment = $2 \
         ORDER BY c.created_at DESC, c.id",
    )
    .bind(org_id)
    .bind(env.as_str())
    .fetch_all(&db.pool)
    .await?;
    let customers = customers
        .iter()
        .map(|r| -> anyhow::Result<Person> {
            let first: String = r.try_get("first_name")?;
            let last: String = r.try_get("last_name")?;
            Ok(Person {
                name: Some(format!("{first} {last}")),
                email: r.try_get("email")?,
                phone: None,
                customer_id: r.try_get("id")?,
                vehicle_id: None,
                test_drive_id: None,
                detail: "Registered an account".into(),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok((drives, customers))
}

/// Minutes a dealer took to answer: mostly within the hour, some the same day, a few
/// the next.
fn response_minutes(rng: &mut ChaCha8Rng) -> i64 {
    match rng.gen_range(0..10) {
        0..=5 => rng.gen_range(4..60),
        6..=8 => rng.gen_range(60..480),
        _ => rng.gen_range(480..2_880),
    }
}

/// A made lead: its id, status, customer and assignee, for the tasks.
struct MadeLead {
    id: String,
    status: LeadStatus,
    name: String,
    customer_id: Option<String>,
    assigned_to: Option<String>,
}

async fn leads(
    db: &Db,
    org_id: &str,
    env: Environment,
    staff: &[Staff],
    rng: &mut ChaCha8Rng,
) -> anyhow::Result<Vec<MadeLead>> {
    let now = now_ms();
    let today = now.rem_euclid(DAY_MS);
    let (mut drives, mut customers) = known_people(db, org_id, env).await?;
    drives.reverse();
    let mut used = HashSet::new();
    let (mut lead_rows, mut activity_rows, mut made) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..LEADS {
        let source = LeadSource::ALL[n % LeadSource::ALL.len()];
        let status = LeadStatus::ALL[(n / LeadSource::ALL.len()) % LeadStatus::ALL.len()];
        let known = match source {
            LeadSource::TestDrive => drives.pop(),
            LeadSource::Registration => customers.pop(),
            _ => None,
        };
        // One person, one open lead: someone already in the inbox becomes a stranger.
        let person = match known {
            Some(p) if p.email.as_ref().is_some_and(|e| used.insert(e.clone())) => p,
            _ => prospect(rng, n, source),
        };
        // Today's leads fall between midnight and now; every other lead, and all it went
        // through, is placed back from midnight, so which leads are today's, and their
        // order, are the same at any hour (the preview fixtures compare them).
        let midnight = now - today;
        let created = match (status, n) {
            (LeadStatus::New, 0..=13) if n % 3 == 0 => now - share_of(rng, today.min(3 * HOUR_MS)),
            (LeadStatus::New, _) => midnight - rng.gen_range(HOUR_MS..72 * HOUR_MS),
            _ => midnight - rng.gen_range(2 * DAY_MS..45 * DAY_MS),
        };
        let answered = (status != LeadStatus::New)
            .then(|| (created + response_minutes(rng) * 60_000).min(midnight - 60_000));
        let steps: &[LeadStatus] = match status {
            LeadStatus::New => &[],
            LeadStatus::Contacted => &[LeadStatus::Contacted],
            LeadStatus::Qualified => &[LeadStatus::Contacted, LeadStatus::Qualified],
            LeadStatus::Won => &[
                LeadStatus::Contacted,
                LeadStatus::Qualified,
                LeadStatus::Won,
            ],
            LeadStatus::Lost => &[LeadStatus::Contacted, LeadStatus::Lost],
        };
        // The demo's salespeople and manager take the leads; the admin runs the account.
        let assigned = (status != LeadStatus::New || n % 3 == 1)
            .then(|| &staff[rng.gen_range(1..staff.len())]);
        let lost_reason = (status == LeadStatus::Lost)
            .then(|| (*LOST_REASONS.choose(rng).expect("reasons")).to_owned());
        let id = random_id(rng);
        let mut activities = vec![(
            LeadActivityType::Opened,
            created,
            Some(person.detail.clone()),
        )];
        let mut at = answered.unwrap_or(created);
        let mut from = LeadStatus::New;
        if let Some(member) = assigned {
            let detail = format!("Assigned to {}", member.name);
            let at = answered.unwrap_or(created);
            activities.push((LeadActivityType::Assigned, at, Some(detail)));
        }
        for (i, step) in steps.iter().enumerate() {
            if i > 0 {
                at = (at + rng.gen_range(HOUR_MS..5 * DAY_MS)).min(midnight - 1_000);
            }
            let mut detail = format!("{from} → {step}");
            if let (LeadStatus::Lost, Some(reason)) = (step, &lost_reason) {
                detail = format!("{detail}: {reason}");
            }
            activities.push((LeadActivityType::StatusChanged, at, Some(detail)));
            from = *step;
        }
        let last_activity = activities.iter().map(|a| a.1).max().unwrap_or(created);
        for (ordinal, (kind, when, detail)) in activities.into_iter().enumerate() {
            activity_rows.push(vec![
                Arg::Text(id.clone()),
                Arg::Int(ordinal as i64),
                Arg::Int(0),
                Arg::Text(kind.as_str().into()),
                Arg::Int(when),
                Arg::opt_text(detail),
            ]);
        }
        let message = (source == LeadSource::ContactForm).then(|| {
            person
                .detail
                .trim_start_matches("Contact form: ")
                .to_owned()
        });
        lead_rows.push(vec![
            Arg::Text(id.clone()),
            Arg::Text(org_id.into()),
            Arg::Text(env.as_str().into()),
            Arg::Text(source.as_str().into()),
            Arg::Text(status.as_str().into()),
            Arg::opt_text(person.name.clone()),
            Arg::opt_text(person.email.clone()),
            Arg::opt_text(person.phone.clone()),
            Arg::opt_text(message),
            Arg::opt_text(person.customer_id.clone()),
            Arg::opt_text(person.vehicle_id.clone()),
            Arg::opt_text(person.test_drive_id.clone()),
            Arg::opt_text(assigned.map(|s| s.id.clone())),
            Arg::opt_text(lost_reason),
            Arg::Int(1),
            Arg::Int(created),
            Arg::Int(last_activity),
            Arg::opt_int(answered),
            Arg::Int(last_activity),
        ]);
        made.push(MadeLead {
            id,
            status,
            name: person.name.unwrap_or_else(|| "the subscriber".into()),
            customer_id: person.customer_id,
            assigned_to: assigned.map(|s| s.id.clone()),
        });
    }
    let lead_columns = [
        "id",
        "organization_id",
        "environment",
        "source",
        "status",
        "name",
        "email",
        "phone",
        "message",
        "customer_id",
        "vehicle_id",
        "test_drive_id",
        "assigned_to",
        "lost_reason",
        "version",
        "created_at",
        "updated_at",
        "first_response_at",
        "last_activity_at",
        "change_seq",
    ];
    insert_rows(db, "leads", &lead_columns, lead_rows, true).await?;
    let activity_columns = ["lead_id", "seq", "ordinal", "kind", "at", "detail"];
    insert_rows(
        db,
        "lead_activities",
        &activity_columns,
        activity_rows,
        false,
    )
    .await?;
    Ok(made)
}

async fn tasks(
    db: &Db,
    org_id: &str,
    env: Environment,
    staff: &[Staff],
    leads: &[MadeLead],
    rng: &mut ChaCha8Rng,
) -> anyhow::Result<()> {
    let now = now_ms();
    let end_of_today = now - now.rem_euclid(DAY_MS) + DAY_MS;
    let open: Vec<&MadeLead> = leads.iter().filter(|l| l.status.is_open()).collect();
    let mut rows = Vec::new();
    for n in 0..24 {
        let lead = open[n % open.len().max(1)];
        // overdue, due later today, upcoming, done
        let (due, done_at) = match n % 4 {
            0 => (now - rng.gen_range(HOUR_MS..5 * DAY_MS), None),
            1 => (now + share_of(rng, end_of_today - now - 1), None),
            2 => (end_of_today + rng.gen_range(HOUR_MS..10 * DAY_MS), None),
            _ => {
                let due = now - rng.gen_range(DAY_MS..20 * DAY_MS);
                (due, Some((due + rng.gen_range(-DAY_MS..DAY_MS)).min(now)))
            }
        };
        let title = format!("{} {}", TASK_TITLES[n % TASK_TITLES.len()], lead.name);
        let assigned = lead
            .assigned_to
            .clone()
            .unwrap_or_else(|| staff[n % staff.len()].id.clone());
        let created = done_at.unwrap_or(now).min(due) - rng.gen_range(HOUR_MS..3 * DAY_MS);
        rows.push(vec![
            Arg::Text(random_id(rng)),
            Arg::Text(org_id.into()),
            Arg::Text(env.as_str().into()),
            Arg::Text(title),
            Arg::opt_text((n % 3 == 0).then(|| "Prefers a call after 5 pm.".to_owned())),
            Arg::Int(due),
            Arg::Int(done_at.is_some().into()),
            Arg::opt_int(done_at),
            Arg::opt_text(lead.customer_id.clone()),
            Arg::Text(lead.id.clone()),
            Arg::Text(assigned),
            Arg::Int(1),
            Arg::Int(created),
            Arg::Int(done_at.unwrap_or(created)),
        ]);
    }
    let columns = [
        "id",
        "organization_id",
        "environment",
        "title",
        "notes",
        "due_at",
        "done",
        "done_at",
        "customer_id",
        "lead_id",
        "assigned_to",
        "version",
        "created_at",
        "updated_at",
        "change_seq",
    ];
    insert_rows(db, "tasks", &columns, rows, true).await
}

/// A random part of a span that depends on the time of day, drawn so that the generator
/// takes the same steps whatever the span: everything drawn after it (ids, people,
/// dates) is then the same at every seeding, which the preview fixtures rely on.
fn share_of(rng: &mut ChaCha8Rng, span_ms: i64) -> i64 {
    (rng.gen::<f64>() * span_ms.max(0) as f64) as i64
}
