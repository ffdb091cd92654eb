// Connections: the profiles (the built-in sandbox plus remote APIs), switching and removing
// them, adding a remote API (name, base URL, API key — validated by the backend and kept in
// the OS keychain; the key is never shown again), and the sandbox server switch used to
// demo offline mode. The active profile's server capabilities (which additions to the
// published CarStrel API it offers, and what the console does without the others).

import { field, h, options, replaceChildren } from "../dom";
import { setCurrency, settings } from "../format";
import { api, friendlyMessage } from "../backend";
import type { ProfileInfo } from "../backend";
import { appState, applyStatus, bumpData, refreshStatus } from "../state";
import { badge, emptyState, errorState, loadingBlock, pageHeader } from "../components/ui";
import { toast, toastError } from "../components/toast";
import type { View } from "./view";
import { FEATURES, INSTEAD } from "../capabilities";

export function connectionsView(): View {
  const listHost = h("div", { class: "profiles" }, loadingBlock("Loading profiles…"));
  let armedRemove: string | null = null;

  function envBadge(p: ProfileInfo): HTMLElement {
    return p.environment === "live" ? badge("LIVE", "success", { class: "badge env-live" }) : badge("TEST", "warning", { class: "badge env-test" });
  }

  function renderProfiles(profiles: ProfileInfo[]): void {
    if (profiles.length === 0) {
      replaceChildren(listHost, emptyState("No profiles", "Add a remote API below."));
      return;
    }
    replaceChildren(
      listHost,
      h(
        "ul",
        { class: "profile-list" },
        profiles.map((p) => {
          const use = h("button", { type: "button", class: "btn btn-small", "data-testid": "profile-use", disabled: p.active }, p.active ? "In use" : "Use");
          use.addEventListener("click", async () => {
            use.disabled = true;
            try {
              applyStatus(await api.useProfile(p.name));
              bumpData();
              toast(`Now using ${p.displayName} (${p.environment === "live" ? "LIVE" : "TEST"} data).`, "success");
              await load();
            } catch (e) {
              use.disabled = false;
              toastError(e, `Couldn't switch to ${p.displayName}`);
            }
          });
          const canRemove = p.kind !== "sandbox" && !p.active;
          const remove = h(
            "button",
            { type: "button", class: `btn btn-small ${armedRemove === p.name ? "btn-danger" : "btn-ghost"}`, "data-testid": "profile-remove", disabled: !canRemove, title: canRemove ? "" : p.kind === "sandbox" ? "The sandbox is built in" : "Switch to another profile first" },
            armedRemove === p.name ? "Confirm remove" : "Remove",
          );
          remove.addEventListener("click", async () => {
            if (armedRemove !== p.name) {
              armedRemove = p.name;
              renderProfiles(profiles);
              listHost.querySelector<HTMLElement>(`[data-name="${p.name.replace(/"/g, "")}"] [data-testid="profile-remove"]`)?.focus();
              return;
            }
            armedRemove = null;
            try {
              await api.removeProfile(p.name);
              toast(`Removed ${p.displayName} and its stored key.`, "success");
              await load();
            } catch (e) {
              toastError(e);
            }
          });
          return h(
            "li",
            { class: `profile-row${p.active ? " is-active" : ""}`, "data-testid": "profile-row", "data-name": p.name },
            h(
              "div",
              { class: "profile-info" },
              h("div", { class: "profile-title" }, h("strong", null, p.displayName), envBadge(p), p.kind === "sandbox" ? badge("Built-in sandbox", "neutral") : null, p.active ? badge("Active", "info") : null),
              h("span", { class: "muted mono" }, p.baseUrl),
            ),
            h("div", { class: "profile-actions" }, use, remove),
          );
        }),
      ),
    );
  }

  async function load(): Promise<void> {
    try {
      renderProfiles(await api.listProfiles());
    } catch (e) {
      replaceChildren(listHost, errorState(e, () => void load()));
    }
  }

  // ---- add a remote API ----
  const name = h("input", { type: "text", "data-testid": "profile-name-input", required: true, autocomplete: "off", maxlength: 60, placeholder: "e.g. Main showroom" });
  const baseUrl = h("input", { type: "url", "data-testid": "profile-url-input", required: true, autocomplete: "off", placeholder: "https://api.example.com" });
  const apiKey = h("input", { type: "password", "data-testid": "profile-key-input", required: true, autocomplete: "off", spellcheck: "false", placeholder: "sk_live_… or sk_test_…" });
  const problems = h("p", { class: "form-problems", role: "alert", hidden: true });
  const add = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "profile-add" }, "Add and check");
  const form = h(
    "form",
    { class: "card add-profile", "aria-labelledby": "add-profile-title", novalidate: true },
    h("h2", { id: "add-profile-title", class: "section-title" }, "Add a remote API"),
    h("p", { class: "muted" }, "The key is checked with the server, stored in this computer's keychain, and never shown again."),
    h("div", { class: "form-grid" }, field("Name", name), field("Base URL", baseUrl), field("API key", apiKey)),
    problems,
    h("div", { class: "form-actions" }, add),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const errs: string[] = [];
    if (!name.value.trim()) errs.push("Give the connection a name.");
    let url: URL | null = null;
    try {
      url = new URL(baseUrl.value.trim());
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol)) errs.push("Enter the API's address, starting with https://.");
    if (!apiKey.value.trim()) errs.push("Paste the API key.");
    problems.hidden = errs.length === 0;
    problems.textContent = errs.join(" ");
    if (errs.length) return;
    add.disabled = true;
    add.textContent = "Checking…";
    try {
      const p = await api.addProfile(name.value.trim(), baseUrl.value.trim(), apiKey.value.trim());
      toast(`Added ${p.displayName} (${p.environment === "live" ? "LIVE" : "TEST"}). Press Use to switch to it.`, "success");
      name.value = "";
      baseUrl.value = "";
      apiKey.value = ""; // the form succeeded: the key now lives in the keychain only
      await load();
    } catch (e) {
      problems.hidden = false;
      problems.textContent = friendlyMessage(e);
    } finally {
      // A refused form keeps the key, so fixing the name or the address does not mean
      // pasting it again; it is cleared once the form succeeds.
      add.disabled = false;
      add.textContent = "Add and check";
    }
  });

  // ---- what the active server offers ----
  const capsHost = h("div", { class: "capabilities", "data-testid": "capabilities" });
  let capsShown = "";
  const renderCaps = () => {
    const caps = appState.get().status?.capabilities ?? null;
    const key = JSON.stringify(caps);
    if (key === capsShown) return;
    capsShown = key;
    if (!caps) {
      replaceChildren(capsHost, h("p", { class: "muted" }, "Not known yet: the next sync asks the server."));
      return;
    }
    const missing = FEATURES.filter(([f]) => !caps[f]).length;
    replaceChildren(
      capsHost,
      h(
        "p",
        { class: "muted", "data-testid": "capabilities-summary" },
        missing === FEATURES.length
          ? "This server offers the published CarStrel API only. Inventory, customers, stats and booking test drives work; what needs an addition is done another way or left out, as listed."
          : missing === 0
          ? "This server offers every addition the console uses."
          : `This server lacks ${missing} of the additions the console can use; it does without them, as listed.`,
        caps.source === "probing" ? " (Learned by asking the server, which publishes no OpenAPI document.)" : " (Learned from the server's OpenAPI document.)",
      ),
      h(
        "ul",
        { class: "capability-list" },
        FEATURES.map(([f, text]) =>
          h(
            "li",
            { class: "capability-row", "data-testid": `capability-${f}`, "data-available": String(caps[f]) },
            caps[f] ? badge("Offered", "success") : badge("Not offered", "neutral"),
            h("span", null, text),
            !caps[f] && INSTEAD[f] ? h("span", { class: "muted" }, ` — ${INSTEAD[f]}`) : null,
          ),
        ),
      ),
    );
  };
  const unsubCaps = appState.subscribe(renderCaps);
  renderCaps();

  // ---- sandbox switch ----
  const sandbox = h(
    "button",
    { type: "button", class: "switch", role: "switch", "data-testid": "sandbox-switch", "aria-checked": "true", "aria-describedby": "sandbox-help" },
    h("span", { class: "switch-track", "aria-hidden": "true" }, h("span", { class: "switch-thumb" })),
    h("span", { class: "switch-label" }, "Sandbox server"),
  );
  const sandboxState = h("span", { class: "muted" });
  const renderSandbox = () => {
    const on = appState.get().sandboxRunning;
    sandbox.setAttribute("aria-checked", String(on));
    sandbox.classList.toggle("is-on", on);
    sandboxState.textContent = on ? "Running" : "Stopped — the console works from its offline copy";
  };
  sandbox.addEventListener("click", async () => {
    const next = !appState.get().sandboxRunning;
    sandbox.disabled = true;
    try {
      const status = await api.setSandboxRunning(next);
      applyStatus(status);
      appState.set((prev) => ({ ...prev, sandboxRunning: next }));
      toast(next ? "Sandbox server started." : "Sandbox server stopped — you are now offline on the sandbox.", "info", { topic: "sandbox" });
    } catch (e) {
      toastError(e);
    } finally {
      sandbox.disabled = false;
      renderSandbox();
      void refreshStatus();
    }
  });
  const unsub = appState.subscribe(renderSandbox);
  renderSandbox();

  // ---- display currency (one setting for every price in the app) ----
  const currencies = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY", "AED", "ZAR", "NZD"];
  if (!currencies.includes(settings.currency)) currencies.unshift(settings.currency);
  const currency = h("select", { "data-testid": "currency-select" }, options(currencies.map((c) => ({ value: c, label: c })), settings.currency));
  currency.addEventListener("change", () => {
    setCurrency(currency.value);
    bumpData();
    toast(`Prices are now shown in ${currency.value}.`, "info");
  });

  // ---- desktop notifications (kept in this profile's offline copy; on by default) ----
  const notify = h(
    "button",
    { type: "button", class: "switch", role: "switch", "data-testid": "notifications-switch", "aria-checked": "true", disabled: true },
    h("span", { class: "switch-track", "aria-hidden": "true" }, h("span", { class: "switch-thumb" })),
    h("span", { class: "switch-label" }, "Desktop notifications"),
  );
  const renderNotify = (on: boolean) => {
    notify.setAttribute("aria-checked", String(on));
    notify.classList.toggle("is-on", on);
  };
  void api
    .notificationsEnabled()
    .then((on) => {
      renderNotify(on);
      notify.disabled = false;
    })
    .catch(() => undefined);
  notify.addEventListener("click", async () => {
    const next = notify.getAttribute("aria-checked") !== "true";
    notify.disabled = true;
    try {
      await api.setNotificationsEnabled(next);
      renderNotify(next);
      toast(next ? "Desktop notifications are on." : "Desktop notifications are off.", "info");
    } catch (e) {
      toastError(e);
    } finally {
      notify.disabled = false;
    }
  });

  const el = h(
    "section",
    { class: "view view-connections" },
    pageHeader("Connections"),
    h("section", { class: "card", "aria-labelledby": "profiles-title" }, h("h2", { id: "profiles-title", class: "section-title" }, "Profiles"), listHost),
    h("section", { class: "card", "aria-labelledby": "capabilities-title" }, h("h2", { id: "capabilities-title", class: "section-title" }, "What this server offers"), capsHost),
    form,
    h(
      "section",
      { class: "card sandbox-card", "aria-labelledby": "sandbox-title" },
      h("h2", { id: "sandbox-title", class: "section-title" }, "Sandbox server"),
      h("div", { class: "sandbox-row" }, sandbox, sandboxState),
      h("p", { id: "sandbox-help", class: "muted" }, "The built-in demo API with sample data. Stop it to see how the console keeps working offline; edits wait in the outbox until you start it again."),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "display-title" },
      h("h2", { id: "display-title", class: "section-title" }, "Display"),
      h("div", { class: "display-row" }, field("Currency for prices", currency), h("p", { class: "muted" }, "Amounts are shown as the API sends them; this only picks the currency symbol and format.")),
      h("div", { class: "display-row" }, notify, h("p", { class: "muted" }, "After a sync: new leads, new test-drive requests and tasks that fell due.")),
    ),
  );
  void load();

  return {
    el,
    dispose: () => {
      unsub();
      unsubCaps();
    },
  };
}
