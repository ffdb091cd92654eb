// Search-as-you-type picker (ARIA combobox + listbox) used by the test-drive form to pick a
// vehicle or a customer. ↓/↑ move, Enter picks, Esc closes the list; typing again clears
// the pick.

import { debounce, h, replaceChildren } from "../dom";
import { friendlyMessage } from "../backend";

export interface PickerItem {
  id: string;
  label: string;
  sub?: string;
}

export interface SearchPicker {
  el: HTMLElement;
  input: HTMLInputElement;
  value(): PickerItem | null;
  setValue(item: PickerItem | null): void;
}

let uid = 0;

export function createSearchPicker(opts: {
  testId: string;
  placeholder: string;
  ariaLabel: string;
  search(q: string): Promise<PickerItem[]>;
  onPick(item: PickerItem | null): void;
  required?: boolean;
}): SearchPicker {
  const id = `picker${++uid}`;
  let items: PickerItem[] = [];
  let active = -1;
  let picked: PickerItem | null = null;
  let seq = 0;

  const input = h("input", {
    type: "text",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": `${id}-list`,
    "aria-label": opts.ariaLabel,
    "data-testid": opts.testId,
    placeholder: opts.placeholder,
    autocomplete: "off",
    required: opts.required === true,
  });
  const list = h("ul", { class: "picker-list", role: "listbox", id: `${id}-list`, hidden: true });
  const el = h("div", { class: "picker" }, input, list);

  function close(): void {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function renderList(message?: string): void {
    if (message) {
      replaceChildren(list, h("li", { class: "picker-empty", role: "option", "aria-disabled": "true" }, message));
    } else {
      replaceChildren(
        list,
        items.map((it, i) =>
          h(
            "li",
            { class: `picker-option${i === active ? " is-active" : ""}`, role: "option", id: `${id}-o${i}`, "aria-selected": String(i === active), "data-testid": `${opts.testId}-option` },
            h("span", { class: "picker-label" }, it.label),
            it.sub ? h("span", { class: "picker-sub" }, it.sub) : null,
          ),
        ),
      );
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (active >= 0) input.setAttribute("aria-activedescendant", `${id}-o${active}`);
    else input.removeAttribute("aria-activedescendant");
  }

  function pick(item: PickerItem | null): void {
    picked = item;
    input.value = item ? item.label : input.value;
    el.classList.toggle("has-value", item !== null);
    close();
    opts.onPick(item);
  }

  const run = debounce(async (q: string) => {
    const mine = ++seq;
    try {
      const found = await opts.search(q);
      if (mine !== seq) return;
      items = found;
      active = found.length ? 0 : -1;
      renderList(found.length ? undefined : "No matches");
    } catch (e) {
      if (mine !== seq) return;
      items = [];
      renderList(friendlyMessage(e));
    }
  }, 200);

  input.addEventListener("input", () => {
    if (picked) {
      picked = null;
      el.classList.remove("has-value");
      opts.onPick(null);
    }
    const q = input.value.trim();
    if (q.length === 0) {
      run.cancel();
      close();
      return;
    }
    run(q);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (list.hidden) {
        if (input.value.trim()) run(input.value.trim());
        ev.preventDefault();
        return;
      }
      if (items.length === 0) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      renderList();
      document.getElementById(`${id}-o${active}`)?.scrollIntoView?.({ block: "nearest" });
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (!list.hidden && active >= 0 && items[active]) {
        ev.preventDefault();
        pick(items[active] ?? null);
      }
    } else if (ev.key === "Escape") {
      if (!list.hidden) {
        ev.preventDefault();
        ev.stopPropagation();
        close();
      }
    }
  });
  list.addEventListener("mousedown", (ev) => ev.preventDefault()); // keep focus in the input
  list.addEventListener("click", (ev) => {
    const li = (ev.target as Element).closest("li[id]");
    const i = li ? Number(li.id.slice(`${id}-o`.length)) : -1;
    if (i >= 0 && items[i]) pick(items[i] ?? null);
  });
  input.addEventListener("blur", () => setTimeout(close, 100));

  return {
    el,
    input,
    value: () => picked,
    setValue(item) {
      picked = item;
      input.value = item ? item.label : "";
      el.classList.toggle("has-value", item !== null);
    },
  };
}
