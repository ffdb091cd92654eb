//! The server's fault suite: what clients see when the database goes away and comes
//! back, and when many write at once. Each test prints its measured figures (the README's
//! "Fault tolerance (measured)" quotes them).
//!
//! Run with `cargo test -p carstrel-server --test faults -- --nocapture`. The database
//! restart runs only where PostgreSQL can (`CARSTREL_TEST_POSTGRES_URL` set, as the test
//! script does); it starts a PostgreSQL of its own, since it stops it.

mod concurrent_writers;
mod database_restart;
mod disconnects;
