//! Just enough W3C WebDriver to drive the app through tauri-driver: find, click, type,
//! read, run a script, take a screenshot. Every wait polls with a deadline. The e2e walk
//! and the app bench's keystroke figure drive the app through it.

use base64::Engine;
use serde_json::{json, Value};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// WebDriver's codes for the keys the keyboard-only walk uses.
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";
pub const ARROW_DOWN: &str = "\u{E015}";
const SHIFT: &str = "\u{E008}";

/// A `tauri-driver` on loopback ports of its own, stopped when dropped. The app it starts
/// inherits `env` (its data folder, its XDG directories, a key), so every launch is
/// isolated from the machine's own profile.
pub struct TauriDriver {
    child: Child,
    url: String,
}

impl TauriDriver {
    pub fn start(env: &[(&str, &OsStr)]) -> std::io::Result<TauriDriver> {
        let (port, native) = (crate::unused_port(), crate::unused_port());
        let child = Command::new(tauri_driver_binary())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        Ok(TauriDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        })
    }

    /// Launches `application` through this driver.
    pub async fn session(&self, application: &str) -> Session {
        Session::start(&self.url, application).await
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where `cargo install tauri-driver` puts it, else whichever the PATH finds.
fn tauri_driver_binary() -> PathBuf {
    std::env::var_os("HOME")
        .map(|home| Path::new(&home).join(".cargo/bin/tauri-driver"))
        .filter(|path| path.exists())
        .unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

pub struct Session {
    http: reqwest::Client,
    url: String,
}

impl Session {
    /// Starts the app at `application` through the driver at `driver_url`.
    pub async fn start(driver_url: &str, application: &str) -> Session {
        let http = reqwest::Client::new();
        let capabilities = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": application}}}});
        let deadline = Instant::now() + Duration::from_secs(30);
        let created: Value = loop {
            match http
                .post(format!("{driver_url}/session"))
                .json(&capabilities)
                .send()
                .await
            {
                Ok(response) => break response.json().await.expect("a session reply"),
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(200)).await
                }
                Err(error) => panic!("tauri-driver does not answer: {error}"),
            }
        };
        let id = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"));
        Session {
            http,
            url: format!("{driver_url}/session/{id}"),
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let reply: Value = request
            .send()
            .await
            .expect("the driver answers")
            .json()
            .await
            .expect("JSON");
        reply["value"].clone()
    }

    /// The first element matching `css`, if any.
    pub async fn find(&self, css: &str) -> Option<String> {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found[ELEMENT].as_str().map(str::to_owned)
    }

    pub async fn find_all(&self, css: &str) -> Vec<String> {
        let found = self
            .call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits up to `secs` for a displayed element matching `css` (views may keep hidden
    /// copies of what they show, so the first match is not always the one on screen).
    pub async fn wait(&self, css: &str, secs: u64) -> String {
        self.wait_until(&format!("{css} to show"), secs, || async {
            for el in self.find_all(css).await {
                if self.displayed(&el).await {
                    return Some(el);
                }
            }
            None
        })
        .await
    }

    /// Waits until `check` gives a value.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, secs: u64, mut check: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(value) = check().await {
                return value;
            }
            if Instant::now() >= deadline {
                // The workspace's target, where the e2e keeps its screenshots.
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../target/e2e-screenshots/timed-out.png");
                self.capture(&path).await;
                panic!(
                    "timed out after {secs} s waiting for {what} (see {})",
                    path.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Whether `el` has a box on screen. Computed in the page: WebKitWebDriver's own
    /// displayedness check says "hidden" for content inside nested grids that is plainly
    /// visible.
    pub async fn displayed(&self, el: &str) -> bool {
        let script = "const e = arguments[0]; const r = e.getBoundingClientRect(); \
                      return e.isConnected && r.width > 0 && r.height > 0 && \
                      getComputedStyle(e).visibility !== 'hidden' && !e.closest('[hidden]');";
        self.execute(script, json!([{ ELEMENT: el }])).await == json!(true)
    }

    /// Clicks `el` as a user would: scrolled to the middle of its scrolling panel first.
    /// WebKitWebDriver clicks at the element's centre without scrolling when any part of
    /// it shows, so a button half under the window's bottom edge (the booking form's, on a
    /// day with all its slots free) took the click on whatever covered its centre.
    pub async fn click(&self, el: &str) {
        self.execute(
            "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
            json!([{ ELEMENT: el }]),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// Clicks `target` until `expected` shows: a button found just before its panel redraws
    /// is clicked into the void on a slow machine, so it is found and clicked again.
    pub async fn click_until(&self, target: &str, expected: &str) -> String {
        for _ in 0..4 {
            self.click(&self.wait(target, 20).await).await;
            for _ in 0..20 {
                for el in self.find_all(expected).await {
                    if self.displayed(&el).await {
                        return el;
                    }
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
        self.wait(expected, 1).await
    }

    /// Opens a screen from the navigation, clicking again when a click lands while the
    /// window redraws (the link is then current: `aria-current=page`).
    pub async fn open_nav(&self, name: &str) {
        let current = format!("[data-testid=nav-{name}][aria-current=page]");
        for _ in 0..4 {
            self.click(&self.wait(&format!("[data-testid=nav-{name}]"), 10).await)
                .await;
            for _ in 0..20 {
                if !self.find_all(&current).await.is_empty() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
        self.wait(&current, 1).await;
    }

    /// The rendered text of `el` (`innerText`, for the same reason as [`Self::displayed`]).
    pub async fn text(&self, el: &str) -> String {
        let text = self
            .execute("return arguments[0].innerText;", json!([{ ELEMENT: el }]))
            .await;
        text.as_str().unwrap_or_default().trim().to_owned()
    }

    /// The first element matching `css` read as a whole number ("100,000" is 100000), if
    /// there is one and it reads as one. Finds it afresh: views re-render as data lands.
    pub async fn number(&self, css: &str) -> Option<u64> {
        let el = self.find_all(css).await.into_iter().next()?;
        let text = self.text(&el).await.replace([',', '\u{a0}', ' '], "");
        text.parse().ok()
    }

    pub async fn attribute(&self, el: &str, name: &str) -> Option<String> {
        self.element_string(el, "attribute", name).await
    }

    /// A DOM property (an input's current `value`, unlike its `value` attribute).
    pub async fn property(&self, el: &str, name: &str) -> String {
        self.element_string(el, "property", name)
            .await
            .unwrap_or_default()
    }

    /// `GET /element/{el}/{kind}/{name}` as a string, `None` when it is null.
    async fn element_string(&self, el: &str, kind: &str, name: &str) -> Option<String> {
        self.call(
            reqwest::Method::GET,
            &format!("/element/{el}/{kind}/{name}"),
            None,
        )
        .await
        .as_str()
        .map(str::to_owned)
    }

    pub async fn clear(&self, el: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/clear"),
            Some(json!({})),
        )
        .await;
    }

    pub async fn type_text(&self, el: &str, text: &str) {
        self.call(
            reqwest::Method::POST,
            &format!("/element/{el}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    /// Runs `script` in the page (a returned promise is awaited) with `args`.
    pub async fn execute(&self, script: &str, args: Value) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Picks `value` in the `<select>` matching `css`, as a user choosing from it would.
    pub async fn select(&self, css: &str, value: &str) {
        let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                      el.dispatchEvent(new Event('change', {bubbles: true})); return el.value;";
        let chosen = self.execute(script, json!([css, value])).await;
        assert_eq!(chosen, json!(value), "{css} has no option {value}");
    }

    /// Saves a PNG of the window once it has content: nothing on screen still says it is
    /// loading (a spinner block, `aria-busy`, or a count reading "Loading…"). A capture of
    /// a half-drawn screen proves nothing about the screen.
    pub async fn screenshot(&self, path: &std::path::Path) {
        let settled = "return !document.querySelector('[aria-busy=true], .loading-block') && \
                       ![...document.querySelectorAll('[data-testid=result-count]')] \
                       .some(e => e.textContent.trim() === 'Loading…');";
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.execute(settled, json!([])).await != json!(true) {
            assert!(
                Instant::now() < deadline,
                "{} would show a screen still loading after 20 s",
                path.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.assert_accessible(&path.display().to_string()).await;
        self.capture(path).await;
    }

    /// Runs axe-core (the copy `npm ci` put in `ui/node_modules`) on the screen as it is
    /// and fails on any serious or critical finding: every screen the walk photographs is
    /// also checked for what a keyboard or screen-reader user would trip on.
    pub async fn assert_accessible(&self, screen: &str) {
        let loaded = self
            .execute("return typeof window.axe === 'object';", json!([]))
            .await;
        if loaded != json!(true) {
            let source = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../ui/node_modules/axe-core/axe.min.js"),
            )
            .expect("axe-core is installed (npm ci --prefix ui)");
            self.execute(&format!("{source}\nreturn true;"), json!([]))
                .await;
        }
        let findings = self
            .execute(
                // A toast fading out (`.is-leaving`) is mid-animation, its colours half
                // transparent: it is gone a moment later, so it is not judged.
                "return axe.run({exclude: [['.is-leaving']]}, \
                   {resultTypes: ['violations']}).then(r => r.violations \
                   .filter(v => v.impact === 'serious' || v.impact === 'critical') \
                   .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + \
                        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')));",
                json!([]),
            )
            .await;
        let findings = findings.as_array().expect("axe answers with a list");
        assert!(
            findings.is_empty(),
            "{screen}: accessibility findings:\n{}",
            findings
                .iter()
                .map(|f| f.as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// Presses `key` (a WebDriver key such as [`TAB`] or [`ENTER`], or plain text) on
    /// whatever has the focus, as a keyboard does: no element is clicked or focused.
    pub async fn press(&self, key: &str) {
        let strokes: Vec<Value> = key
            .chars()
            .flat_map(|c| {
                [
                    json!({"type": "keyDown", "value": c.to_string()}),
                    json!({"type": "keyUp", "value": c.to_string()}),
                ]
            })
            .collect();
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": strokes}]});
        self.call(reqwest::Method::POST, "/actions", Some(actions))
            .await;
    }

    /// Gives the window the keyboard focus, as a user's click on its title bar would
    /// (WebDriver's "switch to window"): key presses go to the focused window, clicks do not
    /// need it. Answers whether the page then has the focus.
    pub async fn focus_window(&self) -> bool {
        let handle = self.call(reqwest::Method::GET, "/window", None).await;
        self.call(
            reqwest::Method::POST,
            "/window",
            Some(json!({"handle": handle})),
        )
        .await;
        self.execute("return document.hasFocus();", json!([])).await == json!(true)
    }

    /// Presses Shift+Tab, which moves the focus back.
    pub async fn press_shift_tab(&self) {
        let strokes = json!([
            {"type": "keyDown", "value": SHIFT},
            {"type": "keyDown", "value": TAB},
            {"type": "keyUp", "value": TAB},
            {"type": "keyUp", "value": SHIFT},
        ]);
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": strokes}]});
        self.call(reqwest::Method::POST, "/actions", Some(actions))
            .await;
    }

    /// Presses Tab until the focus is on an element matching `css`, as a keyboard user
    /// would; fails if `presses` Tabs never get there (a trap or a missing tab stop).
    pub async fn tab_to(&self, css: &str, presses: u32) {
        self.move_focus_to(css, presses, false).await;
    }

    /// Presses Shift+Tab until the focus is on an element matching `css` (the way back
    /// from a page's content to the navigation).
    pub async fn shift_tab_to(&self, css: &str, presses: u32) {
        self.move_focus_to(css, presses, true).await;
    }

    async fn move_focus_to(&self, css: &str, presses: u32, back: bool) {
        let focused = "const e = document.activeElement; return !!e && e.matches(arguments[0]);";
        let here =
            "const e = document.activeElement; return e ? e.outerHTML.slice(0, 100) : 'nothing';";
        let mut visited = Vec::new();
        for _ in 0..presses {
            if self.execute(focused, json!([css])).await == json!(true) {
                return;
            }
            if visited.len() < 12 {
                visited.push(self.execute(here, json!([])).await.to_string());
            }
            if back {
                self.press_shift_tab().await;
            } else {
                self.press(TAB).await;
            }
        }
        let at = self
            .execute(
                "const e = document.activeElement; return e ? e.outerHTML.slice(0, 160) : 'nothing';",
                json!([]),
            )
            .await;
        let has_focus = self.execute("return document.hasFocus();", json!([])).await;
        panic!(
            "{presses} Tabs never reached {css}; the focus is on {at} (page focused: {has_focus}); \
             it went through:\n{}",
            visited.join("\n")
        );
    }

    /// Saves a PNG of the window as it is now (for a test that timed out).
    async fn capture(&self, path: &std::path::Path) {
        let data = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().expect("base64"))
            .expect("a PNG");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("the screenshots' folder is made");
        }
        std::fs::write(path, png).expect("the screenshot is written");
    }

    pub async fn end(&self) {
        let _ = self.http.delete(&self.url).send().await;
    }
}
