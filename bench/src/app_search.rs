//! What a dealer feels when typing in the inventory search: from a key pressed in the real
//! app (through tauri-driver and WebKitWebDriver, as in the e2e) to the table repainted
//! with the new rows, at the run's size; against the same key pressed in a scratch box
//! whose handler makes one empty IPC round trip (`ping`) and changes one line of text,
//! in the same run, keys of the two kinds taking turns.
//!
//! The app runs on a sandbox seeded at that size (the bench's cached database), synced in
//! full at its first launch, then switched off (the dealer works offline): searches read
//! the offline cache either way, and without a server the photo cache's thumbnail
//! downloads fail at once instead of competing with the keys for the two cores.

use crate::data;
use crate::report::{median, ms, percentile, Budget, Figure};
use anyhow::Context;
use carstrel_server::demo::DemoOptions;
use carstrel_testkit::webdriver::{Session, TauriDriver};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

/// What the keystroke figure needs.
pub struct SearchOptions {
    /// The console binary (as shipped: release, custom protocol).
    pub console: PathBuf,
    /// Where the bench's seeded databases are cached.
    pub data_dir: PathBuf,
    pub demo: DemoOptions,
}

/// Words a dealer types, each key measured: brands, a model family and a drive, so that
/// the first letters match tens of thousands of vehicles and the last a few thousand.
const WORDS: [&str; 5] = ["toyota", "hybrid", "volvo", "mazda", "kia"];

/// Arms one measurement: resolves `window.__benchKey` with the milliseconds from the next
/// keydown on the search box (`search`) or the scratch box (`ping`) to two animation
/// frames after its answer is in the DOM. The search box's table is answered once its
/// grid, busy with the new query since the key (`switchQuery`), is no longer busy: its
/// rows are filled just before that.
const ARM: &str = r#"
const kind = arguments[0];
const input = kind === 'search'
  ? document.querySelector('.view-inventory [data-testid=search-input]')
  : document.getElementById('bench-ping');
const grid = document.querySelector('.view-inventory [role=grid]');
input.focus();
window.__benchKey = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no repaint within 30 s')), 30000);
  // [key to repaint, key to the handler, handler to the answer in the DOM] in ms.
  const painted = (start, seen) => {
    const answered = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve([performance.now() - start, seen - start, answered - seen]);
    }));
  };
  input.addEventListener('keydown', (ev) => {
    const now = performance.now();
    // The event's own time, when it is on the page's clock (it is in WebKit).
    const start = ev.timeStamp > 0 && ev.timeStamp <= now && now - ev.timeStamp < 1000 ? ev.timeStamp : now;
    if (kind === 'search') {
      const busy = new MutationObserver((records) => {
        if (records.some((r) => r.oldValue === 'true') && grid.getAttribute('aria-busy') === 'false') {
          busy.disconnect();
          painted(start, now);
        }
      });
      busy.observe(grid, { attributes: true, attributeFilter: ['aria-busy'], attributeOldValue: true });
    } else {
      window.__TAURI_INTERNALS__.invoke('ping').then(() => {
        document.getElementById('bench-ping-out').textContent = input.value.length + ' keys';
        painted(start, now);
      }, reject);
    }
  }, { once: true, capture: true });
});
return true;
"#;

/// The scratch box the baseline's keys go to, in a corner above the app.
const SCRATCH: &str = r#"
if (!document.getElementById('bench-ping')) {
  const box = document.createElement('div');
  box.style.cssText = 'position:fixed;right:8px;bottom:8px;z-index:99999;background:#fff;color:#000;padding:4px';
  const input = document.createElement('input');
  input.id = 'bench-ping';
  input.setAttribute('aria-label', 'bench ping');
  const out = document.createElement('span');
  out.id = 'bench-ping-out';
  box.append(input, out);
  document.body.append(box);
}
return true;
"#;

/// Empties the search box as a dealer selecting it and deleting would (not measured).
const CLEAR_SEARCH: &str = r#"
const el = document.querySelector('.view-inventory [data-testid=search-input]');
el.value = '';
el.dispatchEvent(new Event('input', { bubbles: true }));
return true;
"#;

/// The page's frame rate as it is: the gaps between 30 animation frames, in ms.
const FRAME_GAPS: &str = r#"
return new Promise((resolve) => {
  const at = [];
  const frame = (t) => { at.push(t); if (at.length < 31) requestAnimationFrame(frame); else resolve(at.slice(1).map((t, i) => t - at[i])); };
  requestAnimationFrame(frame);
});
"#;

/// The inventory's count and whether its grid waits for a query.
const TABLE_STATE: &str = r#"
const grid = document.querySelector('.view-inventory [role=grid]');
const count = document.querySelector('.view-inventory [data-testid=result-count]');
return grid && count ? [grid.getAttribute('aria-busy'), count.textContent] : null;
"#;

pub async fn run(options: &SearchOptions) -> anyhow::Result<Figure> {
    let vehicles = options.demo.vehicles;
    let seeded = data::seed(&options.data_dir, &options.demo).await?;
    let scratch = tempfile::tempdir()?;
    let console_data = scratch.path().join("console-data");
    let sandbox = console_data.join("sandbox");
    std::fs::create_dir_all(&sandbox)?;
    std::fs::copy(&seeded.path, sandbox.join("carstrel.db"))
        .with_context(|| format!("cannot copy {}", seeded.path.display()))?;
    let home = scratch.path().join("home");
    std::fs::create_dir_all(&home)?;
    let driver = TauriDriver::start(&[
        ("CARSTREL_DATA_DIR", console_data.as_os_str()),
        ("HOME", home.as_os_str()),
        ("XDG_CONFIG_HOME", home.join(".config").as_os_str()),
        ("XDG_DATA_HOME", home.join(".local/share").as_os_str()),
        ("XDG_CACHE_HOME", home.join(".cache").as_os_str()),
    ])
    .context("tauri-driver (cargo install tauri-driver) and WebKitWebDriver")?;
    let app = driver.session(&options.console.display().to_string()).await;
    let started = std::time::Instant::now();
    app.wait_until("the first sync's vehicle count", 1_800, || async {
        let count = app.number("[data-testid=kpi-total-vehicles]").await?;
        (count == vehicles as u64).then_some(())
    })
    .await;
    println!(
        "app search: the sandbox's {vehicles} vehicles synced at first launch in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    // Offline, as a dealer on the road: see the module's note.
    app.click(&app.wait("[data-testid=nav-connections]", 10).await)
        .await;
    app.click(&app.wait("[data-testid=sandbox-switch]", 10).await)
        .await;
    app.wait("[data-testid=offline-banner]", 30).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    app.click(&app.wait("[data-testid=nav-inventory]", 10).await)
        .await;
    let full = settled(&app, None).await;
    app.execute(SCRATCH, json!([])).await;
    let search_box = app
        .wait(".view-inventory [data-testid=search-input]", 10)
        .await;
    let ping_box = app.wait("#bench-ping", 10).await;

    let (mut searches, mut pings) = (Vec::new(), Vec::new());
    for word in WORDS {
        for (typed, key) in word.char_indices() {
            let key = key.to_string();
            let search = measure(&app, "search", &search_box, &key).await?;
            let ping = measure(&app, "ping", &ping_box, &key).await?;
            let (_, count) = table_state(&app).await.unwrap_or_default();
            eprintln!(
                "  {:<7} search {:>7}, ping {:>7}  ({count})",
                &word[..=typed],
                ms(search.total),
                ms(ping.total),
            );
            searches.push(search);
            pings.push(ping);
        }
        app.execute(CLEAR_SEARCH, json!([])).await;
        settled(&app, Some(&full)).await;
    }

    println!("app search keys: {}", parts(&searches));
    println!("app ping keys:   {}", parts(&pings));
    let sorted = |keys: &[Key]| {
        let mut totals: Vec<f64> = keys.iter().map(|k| k.total).collect();
        totals.sort_by(f64::total_cmp);
        totals
    };
    let gaps: Vec<f64> = app
        .execute(FRAME_GAPS, json!([]))
        .await
        .as_array()
        .map(|gaps| gaps.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    if !gaps.is_empty() {
        println!(
            "app search: the page's frames {} apart (median of {} gaps)",
            ms(median(gaps.clone())),
            gaps.len()
        );
    }
    app.end().await;
    let (searches, pings) = (sorted(&searches), sorted(&pings));
    let (search, ping) = (median(searches.clone()), median(pings.clone()));
    let spread = |sorted: &[f64]| {
        format!(
            "p95 {}, range {}–{}",
            ms(percentile(sorted, 95.0)),
            ms(sorted[0]),
            ms(sorted[sorted.len() - 1])
        )
    };
    Ok(Figure {
        name: format!("app search keystroke to table repainted ({vehicles} vehicles, offline)"),
        measured: format!(
            "{} ({}) over {} keys",
            ms(search),
            spread(&searches),
            searches.len()
        ),
        baseline: format!("{} empty IPC + repaint ({})", ms(ping), spread(&pings)),
        ratio: search / ping,
        unit: "×",
        budget: Budget::AtMost(2.0),
    })
}

/// One key: milliseconds from the key to the repaint, and the parts of it.
#[derive(Debug, Clone, Copy)]
struct Key {
    total: f64,
    /// Until the page's handler ran (the driver's key reaching the page).
    to_handler: f64,
    /// From the handler to the answer in the DOM (the query, or the empty round trip).
    to_answer: f64,
}

/// Arms, presses `key` in `element`, and returns the times to the repaint.
async fn measure(app: &Session, kind: &str, element: &str, key: &str) -> anyhow::Result<Key> {
    app.execute(ARM, json!([kind])).await;
    app.type_text(element, key).await;
    let took = app.execute("return window.__benchKey;", json!([])).await;
    let part = |i: usize| took.get(i).and_then(Value::as_f64);
    match (part(0), part(1), part(2)) {
        (Some(total), Some(to_handler), Some(to_answer)) => Ok(Key {
            total,
            to_handler,
            to_answer,
        }),
        _ => anyhow::bail!("the {kind} key measured nothing: {took}"),
    }
}

/// The medians of a kind's keys, part by part.
fn parts(keys: &[Key]) -> String {
    let of = |f: fn(&Key) -> f64| ms(median(keys.iter().map(f).collect()));
    format!(
        "key to handler {}, handler to answer {}, answer to painted {}",
        of(|k| k.to_handler),
        of(|k| k.to_answer),
        of(|k| k.total - k.to_handler - k.to_answer)
    )
}

async fn table_state(app: &Session) -> Option<(String, String)> {
    match app.execute(TABLE_STATE, json!([])).await {
        Value::Array(state) => Some((
            state.first()?.as_str()?.to_owned(),
            state.get(1)?.as_str()?.to_owned(),
        )),
        _ => None,
    }
}

/// Waits until the inventory's table is not busy and counts vehicles (`expected`, when
/// given); returns its count text.
async fn settled(app: &Session, expected: Option<&str>) -> String {
    app.wait_until("the inventory to settle", 120, || async {
        let (busy, count) = table_state(app).await?;
        (busy == "false"
            && count.ends_with("vehicles")
            && expected.is_none_or(|want| count == want))
        .then_some(count)
    })
    .await
}
