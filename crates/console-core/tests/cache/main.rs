//! The offline cache against the real CarStrel server (no mocks): each test starts the
//! server on 127.0.0.1:0 over a fresh in-memory database with demo data, fills a cache
//! from its changes feeds, and checks that the cache answers exactly as the server does.

mod customers;
mod helpers;
mod rules;
mod sync;
mod vehicles;
