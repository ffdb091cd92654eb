// The contract between the router (main.ts) and each screen.

import type { Location } from "../router";

export interface View {
  el: HTMLElement;
  /** Same screen, new URL (e.g. a row opened, filters changed): update in place. */
  update?(loc: Location): void;
  /** Esc pressed: return true if the view handled it (closed a panel). */
  onEscape?(): boolean;
  /** "/" pressed: focus the screen's search box. Returns false if it has none. */
  focusSearch?(): boolean;
  dispose?(): void;
}

export type ViewFactory = (loc: Location) => View;
