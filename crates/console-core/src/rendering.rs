//! How the desktop window should paint on Linux.
//!
//! WebKitGTK paints web pages with Skia on the GPU by default. On a machine without a GPU
//! (a virtual machine, a remote desktop, a thin client, a server under Xvfb) that "GPU" is
//! Mesa's software rasterizer, llvmpipe, which compiles every new shader with LLVM on the
//! spot: measured here, the console's first dashboard frame spent ~90 ms of CPU compiling
//! shaders and painted ~150 ms later than when WebKit paints on the CPU, which is what
//! WebKit's CPU mode (`WEBKIT_SKIA_ENABLE_CPU_RENDERING`) is for. With a real GPU the
//! default stays.

use std::ffi::OsString;
use std::path::Path;

/// The WebKitGTK variable that makes it paint with Skia on the CPU.
pub const CPU_PAINTING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Where Linux lists the GPUs a program may render on (`renderD128`, …).
pub const DRI_DIR: &str = "/dev/dri";

/// Why the window paints on the CPU, when it should.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CpuPainting {
    /// No GPU render node: GL would be the software rasterizer.
    NoGpu,
    /// `LIBGL_ALWAYS_SOFTWARE` forces GL to the software rasterizer.
    SoftwareGlForced,
}

/// Whether to ask WebKit to paint on the CPU, given the environment (`env`) and the
/// directory of render nodes. `None` when WebKit's default should stay: a GPU is there, or
/// the user already set [`CPU_PAINTING_VAR`] either way.
pub fn cpu_painting(env: impl Fn(&str) -> Option<OsString>, dri_dir: &Path) -> Option<CpuPainting> {
    if env(CPU_PAINTING_VAR).is_some() {
        return None;
    }
    let forced = env("LIBGL_ALWAYS_SOFTWARE").is_some_and(|v| !v.is_empty() && v != "0");
    if forced {
        return Some(CpuPainting::SoftwareGlForced);
    }
    (!has_render_node(dri_dir)).then_some(CpuPainting::NoGpu)
}

/// Whether `dri_dir` holds a render node, i.e. the kernel offers a GPU to render on.
pub fn has_render_node(dri_dir: &Path) -> bool {
    std::fs::read_dir(dri_dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        move |name| vars.get(name).cloned()
    }

    fn dri_with(nodes: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for node in nodes {
            std::fs::write(dir.path().join(node), b"").unwrap();
        }
        dir
    }

    #[test]
    fn a_machine_without_a_render_node_paints_on_the_cpu() {
        let empty = dri_with(&[]);
        assert_eq!(
            cpu_painting(env_of(&[]), empty.path()),
            Some(CpuPainting::NoGpu)
        );
        // A card node alone (display only, no rendering) is no GPU to render on either.
        let card_only = dri_with(&["card0"]);
        assert_eq!(
            cpu_painting(env_of(&[]), card_only.path()),
            Some(CpuPainting::NoGpu)
        );
        let missing = empty.path().join("no-such-dir");
        assert_eq!(
            cpu_painting(env_of(&[]), &missing),
            Some(CpuPainting::NoGpu)
        );
    }

    #[test]
    fn a_gpu_keeps_webkits_default() {
        let gpu = dri_with(&["card0", "renderD128"]);
        assert!(has_render_node(gpu.path()));
        assert_eq!(cpu_painting(env_of(&[]), gpu.path()), None);
        assert_eq!(
            cpu_painting(env_of(&[("LIBGL_ALWAYS_SOFTWARE", "0")]), gpu.path()),
            None
        );
    }

    #[test]
    fn software_gl_forced_paints_on_the_cpu_even_with_a_gpu() {
        let gpu = dri_with(&["renderD128"]);
        assert_eq!(
            cpu_painting(env_of(&[("LIBGL_ALWAYS_SOFTWARE", "1")]), gpu.path()),
            Some(CpuPainting::SoftwareGlForced)
        );
    }

    #[test]
    fn the_users_own_choice_wins() {
        let empty = dri_with(&[]);
        for choice in ["0", "1"] {
            let env = env_of(&[(CPU_PAINTING_VAR, choice), ("LIBGL_ALWAYS_SOFTWARE", "1")]);
            assert_eq!(cpu_painting(env, empty.path()), None, "{choice}");
        }
    }
}
