//! The offline cache against the real CarStrel server (no mocks): each test starts the
//! server (from `carstrel-testkit`) over a fresh database with demo data, fills a cache
//! from its changes feeds, and checks that the cache answers exactly as the server does.

mod customers;
mod helpers;
mod rules;
mod sync;
mod vehicles;
