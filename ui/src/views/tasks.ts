// Follow-up tasks (#/tasks): overdue, today and upcoming, soonest due first, each checked
// off in one click. Works offline: a task checked off shows at once, marked "pending sync".

import { h, replaceChildren } from "../dom";
import { api } from "../backend";
import type { TaskDue, TaskRow } from "../backend";
import { dateTime, label } from "../format";
import { formatHash, navigate } from "../router";
import type { Location } from "../router";
import { emptyState, errorState, loadingBlock, pageHeader, pendingBadge } from "../components/ui";
import { toast, toastError } from "../components/toast";
import type { View } from "./view";

export const TASK_TABS: readonly TaskDue[] = ["overdue", "today", "upcoming"];

export function tasksView(loc: Location): View {
  const pick = (l: Location): TaskDue => ((TASK_TABS as readonly string[]).includes(l.params.get("due") ?? "") ? (l.params.get("due") as TaskDue) : "overdue");
  let due = pick(loc);
  let seq = 0;
  const tabButtons = new Map<TaskDue, HTMLButtonElement>();
  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": "When due" });
  for (const t of TASK_TABS) {
    const b = h("button", { type: "button", role: "tab", class: "tab", "data-testid": `task-tab-${t}`, onclick: () => navigate({ name: "tasks" }, { due: t }) }, label(t));
    tabButtons.set(t, b);
    tabs.appendChild(b);
  }
  const panel = h("div", { class: "tab-panel", role: "tabpanel" }, loadingBlock("Loading tasks…"));
  const el = h("section", { class: "view view-tasks", "data-testid": "view-tasks" }, pageHeader("Tasks"), tabs, panel);

  const row = (r: TaskRow): HTMLElement => {
    const t = r.task;
    return h(
      "li",
      { class: "work-row", "data-testid": "task-row", "data-id": t.id },
      h(
        "div",
        { class: "work-main" },
        h("strong", null, t.title),
        " ",
        h("span", { class: "muted" }, `due ${dateTime(t.dueAt)}`),
        t.leadId ? [" · ", h("a", { href: formatHash({ name: "leads", id: t.leadId }) }, "lead")] : null,
        t.customerId ? [" · ", h("a", { href: formatHash({ name: "customers", id: t.customerId }) }, "customer")] : null,
        r.pending ? pendingBadge() : null,
      ),
      h("button", { type: "button", class: "btn", "data-testid": "task-done", onclick: () => void done(t.id) }, "Done"),
    );
  };

  async function done(id: string): Promise<void> {
    try {
      await api.updateTask(id, { done: true });
      toast("Task done");
      await load();
    } catch (e) {
      toastError(e);
    }
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    for (const [t, b] of tabButtons) b.setAttribute("aria-selected", String(t === due));
    try {
      const page = await api.listTasks({ due, limit: 100 });
      if (mine !== seq) return;
      replaceChildren(
        panel,
        page.items.length
          ? h("ul", { class: "td-list", "aria-label": "Tasks" }, page.items.map(row))
          : emptyState(due === "overdue" ? "Nothing overdue" : "No tasks here", "Follow-up tasks are added from a lead's page."),
      );
    } catch (e) {
      if (mine === seq) replaceChildren(panel, errorState(e, () => void load()));
    }
  }
  void load();

  return {
    el,
    update(l: Location) {
      const next = pick(l);
      if (next !== due) {
        due = next;
        replaceChildren(panel, loadingBlock("Loading tasks…"));
        void load();
      }
    },
  };
}
