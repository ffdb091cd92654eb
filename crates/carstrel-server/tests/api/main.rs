//! End-to-end tests of the CarStrel API: the real server on `127.0.0.1:0` (started by
//! `carstrel-testkit`), over a real SQLite file and (with `CARSTREL_TEST_POSTGRES_URL`) a
//! real PostgreSQL database; and handler-level tests without a socket.
//!
//! Run with `cargo test -p carstrel-server --test api`.

mod helpers;

mod aging;
mod auth;
mod bad_input;
mod calendar;
mod cli;
mod customers;
mod deploy;
mod docs_only;
mod engagement;
mod handlers;
mod large_pages;
mod leads;
mod limits;
mod logins;
mod media;
mod metadata;
mod openapi;
mod ops;
mod rate_limits;
mod staff;
mod sync;
mod tasks;
mod tenancy;
mod test_drives;
mod vehicles;
