// The lead inbox (#/leads): new leads first, then the ones being worked, each row opening
// the lead's page (#/leads/:id) beside the list: contact details, source and message, the
// linked customer, vehicle and test drive, the activity timeline, one-click work
// (contacted, qualified, won, lost with a reason), assignment, and a follow-up task.
// Everything works offline: the work shows at once, marked "pending sync".

import { h, replaceChildren } from "../dom";
import { api } from "../backend";
import type { LeadDetailRow, LeadRow, LeadStatus, LeadUpdate, StaffMember } from "../backend";
import { dateTime, label, relativeTime } from "../format";
import { formatHash, navigate } from "../router";
import type { Location } from "../router";
import { badge, createDrawer, emptyState, errorState, facts, loadingBlock, pageHeader, pendingBadge } from "../components/ui";
import type { BadgeKind } from "../components/ui";
import { toast, toastError } from "../components/toast";
import { refreshLeadBadge } from "./lead-badge";
import type { View } from "./view";

export type InboxTab = LeadStatus | "all";
export const INBOX_TABS: readonly InboxTab[] = ["new", "contacted", "qualified", "won", "lost", "all"];

const STATUS_KIND: Record<LeadStatus, BadgeKind> = { new: "warning", contacted: "info", qualified: "info", won: "success", lost: "neutral" };

/** The one-click moves a lead in `status` offers (the rule book: never back to new, won and lost final). */
export function leadMoves(status: LeadStatus): LeadStatus[] {
  if (status === "won" || status === "lost") return [];
  return (["contacted", "qualified", "won", "lost"] as LeadStatus[]).filter((s) => s !== status);
}

export function leadsView(loc: Location): View {
  let tab: InboxTab = (INBOX_TABS as readonly string[]).includes(loc.params.get("status") ?? "") ? (loc.params.get("status") as InboxTab) : "new";
  let staff: StaffMember[] = [];
  let openId: string | null = null;
  let seq = 0;

  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": "Lead status" });
  const tabButtons = new Map<InboxTab, HTMLButtonElement>();
  for (const t of INBOX_TABS) {
    const b = h("button", { type: "button", role: "tab", class: "tab", "data-testid": `lead-tab-${t}`, onclick: () => navigate({ name: "leads", id: null }, { status: t }) }, t === "all" ? "All" : label(t));
    tabButtons.set(t, b);
    tabs.appendChild(b);
  }
  const list = h("ul", { class: "td-list", "aria-label": "Leads", "data-testid": "lead-list" });
  const panel = h("div", { class: "tab-panel", role: "tabpanel" }, loadingBlock("Loading leads…"));
  const drawer = createDrawer({ label: "Lead", testId: "lead-drawer", wide: true, onClose: () => navigate({ name: "leads", id: null }, { status: tab }) });
  const el = h("section", { class: "view view-leads", "data-testid": "view-leads" }, pageHeader("Inbox"), tabs, panel, drawer.el);

  const row = (r: LeadRow): HTMLElement => {
    const l = r.lead;
    return h(
      "li",
      { class: "work-row" },
      h(
        "a",
        { href: formatHash({ name: "leads", id: l.id }, { status: tab }), class: "work-main", "data-testid": "lead-row", "data-id": l.id },
        h("strong", null, l.name ?? l.email ?? l.phone ?? "Unknown"),
        " ",
        badge(label(l.status), STATUS_KIND[l.status]),
        " ",
        h("span", { class: "muted" }, `${label(l.source)} · ${relativeTime(l.createdDate)}`),
        r.pending ? pendingBadge() : null,
      ),
    );
  };

  async function loadList(): Promise<void> {
    const mine = ++seq;
    for (const [t, b] of tabButtons) b.setAttribute("aria-selected", String(t === tab));
    try {
      const page = await api.listLeads({ status: tab === "all" ? null : tab, limit: 100 });
      if (mine !== seq) return;
      if (page.items.length === 0) {
        replaceChildren(panel, emptyState(tab === "new" ? "No new leads" : "No leads here", "Leads from the website, walk-ins and calls show here."));
        return;
      }
      replaceChildren(list, page.items.map(row));
      replaceChildren(panel, list);
    } catch (e) {
      if (mine === seq) replaceChildren(panel, errorState(e, () => void loadList()));
    }
  }

  async function work(id: string, change: LeadUpdate, done: string): Promise<void> {
    try {
      await api.updateLead(id, change);
      toast(done);
      refreshLeadBadge();
      await Promise.all([loadList(), loadLead(id)]);
    } catch (e) {
      toastError(e);
    }
  }

  function actions(d: LeadDetailRow): HTMLElement {
    const id = d.lead.id;
    const reason = h("input", { type: "text", class: "input", placeholder: "Why was it lost?", "aria-label": "Lost reason", "data-testid": "lead-lost-reason", hidden: true });
    const buttons = leadMoves(d.lead.status).map((s) =>
      h(
        "button",
        {
          type: "button",
          class: s === "lost" ? "btn" : "btn btn-primary",
          "data-testid": `lead-move-${s}`,
          onclick: () => {
            if (s !== "lost") return void work(id, { status: s }, `Marked ${label(s).toLowerCase()}`);
            if (reason.hidden) {
              reason.hidden = false;
              reason.focus();
              return;
            }
            if (!reason.value.trim()) return toastError("Say why the lead was lost");
            void work(id, { status: "lost", lostReason: reason.value }, "Marked lost");
          },
        },
        label(s),
      ),
    );
    const assign = h(
      "select",
      { class: "input", "aria-label": "Assign to", "data-testid": "lead-assign" },
      h("option", { value: "" }, staff.length ? "Assign to…" : "No staff list on this server"),
      staff.map((m) => h("option", { value: m.id, selected: m.id === d.lead.assignedTo }, `${m.name} (${label(m.role)})`)),
    );
    assign.addEventListener("change", () => {
      const who = staff.find((m) => m.id === assign.value);
      if (who) void work(id, { assignedTo: who.id }, `Assigned to ${who.name}`);
    });
    const title = h("input", { type: "text", class: "input", placeholder: "Follow-up, e.g. Call back", "aria-label": "Task title", "data-testid": "lead-task-title" });
    const due = h("input", { type: "date", class: "input", "aria-label": "Due", "data-testid": "lead-task-due", value: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) });
    const addTask = h(
      "form",
      {
        class: "lead-task-form",
        onsubmit: (ev: Event) => {
          ev.preventDefault();
          void (async () => {
            try {
              await api.createTask({ title: title.value, dueAt: due.value, leadId: id, customerId: d.lead.customerId, assignedTo: d.lead.assignedTo });
              title.value = "";
              toast("Follow-up task added");
            } catch (e) {
              toastError(e);
            }
          })();
        },
      },
      title,
      due,
      h("button", { type: "submit", class: "btn", "data-testid": "lead-task-add" }, "Add task"),
    );
    return h("div", { class: "lead-actions" }, h("div", { class: "btn-row" }, buttons, reason), assign, addTask);
  }

  function page(d: LeadDetailRow): HTMLElement {
    const l = d.lead;
    const who = staff.find((m) => m.id === l.assignedTo);
    return h(
      "article",
      { class: "lead-page", "data-testid": "lead-page" },
      h("h2", null, l.name ?? l.email ?? "Unknown", " ", badge(label(l.status), STATUS_KIND[l.status]), d.pending ? pendingBadge() : null),
      facts([
        ["Email", l.email],
        ["Phone", l.phone],
        ["Source", label(l.source)],
        ["Received", dateTime(l.createdDate)],
        ["First response", l.firstResponseDate ? dateTime(l.firstResponseDate) : "Not yet"],
        ["Assigned to", who?.name ?? l.assignedTo ?? "Nobody"],
        ["Customer", l.customerId ? h("a", { href: formatHash({ name: "customers", id: l.customerId }) }, "Open customer") : null],
        ["Vehicle", l.vehicleId ? h("a", { href: formatHash({ name: "inventory", id: l.vehicleId }) }, "Open vehicle") : null],
        ["Test drive", l.testDriveId ? h("a", { href: formatHash({ name: "test-drives" }) }, "Requested") : null],
        ["Lost because", l.lostReason],
      ]),
      l.message ? h("blockquote", { class: "lead-message" }, l.message) : null,
      actions(d),
      h("h3", null, "Activity"),
      d.activities.length
        ? h("ol", { class: "lead-timeline", "data-testid": "lead-timeline" }, d.activities.map((a) => h("li", null, h("time", { datetime: a.at }, dateTime(a.at)), " ", label(a.type), a.detail ? ` — ${a.detail}` : "")))
        : h("p", { class: "muted" }, "The history shows once the lead has been opened online."),
    );
  }

  async function loadLead(id: string): Promise<void> {
    openId = id;
    drawer.open();
    try {
      const d = await api.getLead(id);
      if (openId === id) replaceChildren(drawer.body, page(d));
    } catch (e) {
      if (openId === id) replaceChildren(drawer.body, errorState(e, () => void loadLead(id)));
    }
  }

  const apply = (l: Location) => {
    const route = l.route;
    const nextTab = (INBOX_TABS as readonly string[]).includes(l.params.get("status") ?? "") ? (l.params.get("status") as InboxTab) : "new";
    if (nextTab !== tab) {
      tab = nextTab;
      replaceChildren(panel, loadingBlock("Loading leads…"));
      void loadList();
    }
    if (route.name === "leads" && route.id) {
      replaceChildren(drawer.body, loadingBlock("Loading the lead…"));
      void loadLead(route.id);
    } else {
      openId = null;
      drawer.close();
    }
  };

  void api
    .listStaff()
    .then((s) => (staff = s))
    .catch(() => undefined)
    .finally(() => {
      void loadList();
      apply(loc);
    });

  return {
    el,
    update: apply,
    onEscape() {
      if (!drawer.isOpen) return false;
      navigate({ name: "leads", id: null }, { status: tab });
      return true;
    },
  };
}
