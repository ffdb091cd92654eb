// What the whole-app tests share: the app mounted in jsdom for the file's tests, and the
// lookups and navigation they do. Each file mocks ../generated/bindings itself (vi.mock is
// hoisted per file) and sets the fake backend's query before importing this.
import { afterAll, beforeAll } from "vitest";

export const $ = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
export const all = (id: string) => document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`);
export const go = (hash: string) => {
  location.hash = hash;
  window.dispatchEvent(new HashChangeEvent("hashchange"));
};

/** Mounts the app before the file's tests and unmounts it after them. */
export async function mountAppForTests(): Promise<void> {
  const { mountApp } = await import("../src/main");
  let unmount: () => void = () => {};
  beforeAll(() => {
    const root = document.createElement("div");
    document.body.append(root);
    unmount = mountApp(root);
  });
  afterAll(() => unmount());
}
