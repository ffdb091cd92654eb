// Tiny DOM builder. `h(tag, attrs, ...children)` creates elements with createElement,
// sets attributes with setAttribute and text with text nodes — it never parses HTML, so
// user data (customer names, notes, tags) can be passed as children safely.

export type Child = Node | string | number | null | undefined | false | Child[];

type Handler = (ev: Event) => void;
export type AttrValue = string | number | boolean | null | undefined | Handler;
export type Attrs = Record<string, AttrValue>;

/** Create an element. `on*` keys take functions (added as listeners); `class` and other keys become attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, ...children);
  return el;
}

/** Apply attributes/listeners to an existing element (same rules as `h`). */
export function setAttrs(el: Element, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith("on") && key.length > 2) {
      // Only real functions become listeners; a string here would be an inline handler.
      if (typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
      continue;
    }
    if (typeof value === "function") continue;
    if (value === null || value === undefined || value === false) {
      el.removeAttribute(key);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else if (key === "value" && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) {
      el.value = String(value);
    } else if (key === "checked" && el instanceof HTMLInputElement) {
      el.checked = Boolean(value);
    } else {
      el.setAttribute(key, String(value));
    }
  }
}

/** Append children: strings/numbers become text nodes, arrays are flattened, null/false skipped. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Remove every child of `el`. */
export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Replace the children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, ...children);
}

/** `<option>` list for a <select>. */
export function options(
  items: ReadonlyArray<{ value: string; label: string }>,
  selected: string | null | undefined,
): HTMLOptionElement[] {
  return items.map((it) => {
    const o = h("option", { value: it.value }, it.label);
    if (it.value === (selected ?? "")) o.selected = true;
    return o;
  });
}

/** Trailing-edge debounce. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wrapped = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  wrapped.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return wrapped;
}

/** A labelled form field: `<label class="field"><span>Label</span>control</label>`. */
export function field(label: string, control: HTMLElement, extraClass = ""): HTMLLabelElement {
  return h("label", { class: `field ${extraClass}`.trim() }, h("span", { class: "field-label" }, label), control);
}

/** True when keyboard focus is in a text-entry control (so global shortcuts should not fire). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "reset", "range"].includes(type);
  }
  return false;
}
