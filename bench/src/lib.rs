//! The CarStrel benchmark harness. Every figure is a ratio against a baseline measured
//! side by side in the same run, because the machines it runs on are shared and noisy.
//!
//! Run it with `cargo run --release -p carstrel-bench` (or `scripts/bench.sh`, which also
//! installs `wrk` and `sqlite3` when missing); `--quick` for a smoke run.

pub mod app;
pub mod app_search;
pub mod cpu;
pub mod data;
pub mod load;
pub mod machine;
pub mod mixed;
pub mod offline;
pub mod photos;
pub mod postgres;
pub mod queries;
pub mod report;
pub mod run;
pub mod server_load;
pub mod servers;
pub mod sync;

#[cfg(test)]
mod tests {
    use super::*;
    use carstrel_server::demo::DemoOptions;

    /// The offline-query comparison at the smallest size, without wrk: seeds, serves,
    /// syncs into a cache in-process, and checks the cache answers as the API does.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn offline_comparison_runs_at_a_small_size() {
        let dir = tempfile::tempdir().unwrap();
        let demo = DemoOptions {
            vehicles: 2_000,
            customers: 100,
        };
        let prepared = data::prepare(dir.path(), &dir.path().join("run"), &demo)
            .await
            .unwrap();
        let servers = servers::Servers::start(prepared.db.clone()).await.unwrap();
        let base_url = format!("http://{}", servers.api);
        let cache_path = dir.path().join("cache.db");
        let full = sync::sync_child(&base_url, &prepared.key, &cache_path, false)
            .await
            .unwrap();
        assert!(full.full && full.vehicles as usize >= demo.vehicles);
        let raw = sync::raw_child(&base_url, &prepared.key).await.unwrap();
        assert_eq!(raw.vehicles, u64::from(full.vehicles));

        let catalog = queries::Catalog::load(&prepared.db, &prepared.org_id)
            .await
            .unwrap();
        let queries = run::offline_queries(&catalog, 60);
        let cache = console_core::Cache::open(&cache_path).await.unwrap();
        let client = console_core::console::client_for(
            &base_url,
            &console_core::secrets::Secret::new(prepared.key.as_str()),
        )
        .unwrap();
        let result = offline::compare(&cache, &client, Some(&cache_path), &queries, 1)
            .await
            .unwrap();
        assert_eq!(result.mismatches, 0);
        assert_eq!(result.queries, 60);
        assert!(result.cache.p50.is_finite() && result.api.p50.is_finite());
        assert_eq!(result.sql.is_some(), offline::sqlite3_available());
        // The photo figure's child, in-process: the console's sync keeps photos only
        // once the data is usable (none kept by then is not required, but the data is).
        for with_photos in [false, true] {
            let folder = dir.path().join(format!("usable-{with_photos}"));
            let usable = photos::usable_child(&base_url, &prepared.key, &folder, with_photos)
                .await
                .unwrap();
            assert!(usable.vehicles as usize >= demo.vehicles, "{usable:?}");
            assert!(usable.usable_secs >= usable.sync_secs && usable.sync_secs > 0.0);
            if !with_photos {
                assert_eq!(usable.photos_by_then + usable.photos_after, 0);
            }
        }
        assert!(run::load_paths(&catalog, 8)
            .iter()
            .all(|p| p.starts_with("/external/vehicles?")));
    }
}
