//! Rebuilds the crate when a cache migration is added or edited, since `sqlx::migrate!`
//! embeds them at compile time.

fn main() {
    println!("cargo:rerun-if-changed=src/cache/migrations");
}
