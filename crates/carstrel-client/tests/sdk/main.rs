//! Integration tests of the SDK against the real CarStrel server, started per test on
//! `127.0.0.1:0` by `carstrel-testkit` over a fresh database with a small demo.

mod api_keys;
mod calendar;
mod capabilities;
mod customer_auth;
mod customers;
mod engagement;
mod errors;
mod helpers;
mod large_pages;
mod leads;
mod metadata;
mod pagination;
mod redirects;
mod resilience;
mod test_drives;
mod vehicles;
