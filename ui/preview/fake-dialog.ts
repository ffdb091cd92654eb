// Stand-in for @tauri-apps/plugin-dialog in the browser preview: "saves" to a fixed path.
import type { SaveDialogOptions } from "@tauri-apps/plugin-dialog";

export async function save(options?: SaveDialogOptions): Promise<string | null> {
  return `/home/dealer/Documents/${options?.defaultPath ?? "export.csv"}`;
}
