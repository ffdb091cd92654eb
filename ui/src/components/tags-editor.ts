// Tags editor: chips with a × button, an input that adds a tag on Enter (or comma) and
// removes the last one on Backspace when empty. Tags are trimmed, inner spaces collapsed,
// and deduplicated case-insensitively. Every change is reported with the full new list.

import { h, replaceChildren } from "../dom";

export const MAX_TAG_LENGTH = 40;

/** Clean a typed tag: trim, collapse whitespace, cap the length. Empty → "". */
export function normalizeTag(raw: string): string {
  return raw.replace(/\s+/g, " ").trim().slice(0, MAX_TAG_LENGTH).trim();
}

/** Add a tag unless it is empty or already there (case-insensitive). Returns the same array when unchanged. */
export function addTag(tags: readonly string[], raw: string): readonly string[] {
  const tag = normalizeTag(raw);
  if (!tag) return tags;
  if (tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return tags;
  return [...tags, tag];
}

/** Remove a tag (exact match). Returns the same array when it was not there. */
export function removeTag(tags: readonly string[], tag: string): readonly string[] {
  const i = tags.indexOf(tag);
  return i < 0 ? tags : [...tags.slice(0, i), ...tags.slice(i + 1)];
}

export interface TagsEditor {
  el: HTMLElement;
  input: HTMLInputElement;
  setTags(tags: readonly string[]): void;
  getTags(): readonly string[];
}

export function createTagsEditor(opts: {
  tags: readonly string[];
  onChange(tags: string[]): void;
  label?: string;
  disabled?: boolean;
}): TagsEditor {
  let tags: readonly string[] = opts.tags;
  const list = h("ul", { class: "tag-list", "aria-label": opts.label ?? "Tags" });
  const input = h("input", {
    class: "tag-input",
    type: "text",
    "data-testid": "tag-input",
    placeholder: "Add a tag and press Enter",
    "aria-label": "Add a tag",
    maxlength: MAX_TAG_LENGTH * 2,
    autocomplete: "off",
    disabled: opts.disabled === true,
  });
  const el = h("div", { class: "tags-editor" }, list, input);

  function commit(next: readonly string[]): void {
    if (next === tags) return;
    tags = next;
    render();
    opts.onChange([...tags]);
  }

  function render(): void {
    replaceChildren(
      list,
      tags.map((t) =>
        h(
          "li",
          { class: "tag-chip", "data-testid": "tag-chip", "data-tag": t },
          h("span", { class: "tag-text" }, t),
          h(
            "button",
            {
              class: "tag-remove",
              type: "button",
              "aria-label": `Remove tag ${t}`,
              disabled: opts.disabled === true,
              onclick: () => {
                commit(removeTag(tags, t));
                input.focus();
              },
            },
            "×",
          ),
        ),
      ),
    );
  }

  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === ",") {
      ev.preventDefault();
      const next = addTag(tags, input.value);
      input.value = "";
      commit(next);
    } else if (ev.key === "Backspace" && input.value === "" && tags.length > 0) {
      ev.preventDefault();
      commit(tags.slice(0, -1));
    }
  });

  render();
  return {
    el,
    input,
    setTags(next) {
      tags = next;
      render();
    },
    getTags: () => tags,
  };
}
