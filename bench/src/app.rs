//! The desktop app against a hello-world Tauri app built the same way (release, custom
//! protocol, same Tauri): memory of the whole process tree (the app and its WebKit web
//! and network processes) and time from launch to the first painted screen, plus the size
//! of the `.deb`. Run under a display (`scripts/bench-app.sh` uses Xvfb).

use crate::report::{median, mib, ms, Budget, Figure};
use anyhow::{bail, Context};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What the app benchmark compares.
pub struct AppOptions {
    pub console: PathBuf,
    pub hello: PathBuf,
    pub deb: Option<PathBuf>,
    /// Launches of each app (alternating); the medians are compared.
    pub runs: usize,
    /// How long after the first paint memory is sampled (start-up work settles).
    pub settle: Duration,
}

/// One launch: when the first screen was painted, when its charts were drawn (the
/// console's follow its numbers), and what the process tree holds then.
#[derive(Debug, Clone, Copy)]
pub struct Launch {
    pub painted: Duration,
    pub charts: Option<Duration>,
    pub memory: TreeMemory,
}

/// Resident memory of a process and all its descendants.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TreeMemory {
    /// Sum of RSS: shared libraries counted once per process.
    pub rss: u64,
    /// Sum of PSS: shared pages split between the processes sharing them.
    pub pss: u64,
    pub processes: usize,
}

/// The line each app writes to stderr once its first screen is on screen.
const CONSOLE_PAINTED: &str = "first dashboard painted";
const HELLO_PAINTED: &str = "first paint";
/// The console's line once the first dashboard's charts are drawn too.
const CONSOLE_CHARTS: &str = "first dashboard charts drawn";
const PAINT_TIMEOUT: Duration = Duration::from_secs(120);

pub fn run(options: &AppOptions) -> anyhow::Result<Vec<Figure>> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!("no display: run under xvfb-run (scripts/bench-app.sh does)");
    }
    let scratch = tempfile::tempdir()?;
    let home = scratch.path().join("home");
    let data = scratch.path().join("console-data");
    std::fs::create_dir_all(&home)?;
    let env = |extra: &[(&str, &Path)]| -> Vec<(String, PathBuf)> {
        let mut env = vec![
            ("HOME".to_owned(), home.clone()),
            ("XDG_CONFIG_HOME".to_owned(), home.join(".config")),
            ("XDG_DATA_HOME".to_owned(), home.join(".local/share")),
            ("XDG_CACHE_HOME".to_owned(), home.join(".cache")),
        ];
        env.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.to_path_buf())),
        );
        env
    };
    let console_env = env(&[("CARSTREL_DATA_DIR", &data)]);
    let hello_env = env(&[]);
    // The console paints on the CPU where there is no GPU (console_core::rendering); the
    // hello app keeps WebKit's default. It is also measured painting the same way, so that
    // the ratio is shown both ways.
    let cpu_painting = console_core::rendering::cpu_painting(
        |name| std::env::var_os(name),
        Path::new(console_core::rendering::DRI_DIR),
    );
    let one = Path::new("1");
    let hello_like_console_env = env(&[(console_core::rendering::CPU_PAINTING_VAR, one)]);
    if let Some(reason) = cpu_painting {
        println!(
            "the console paints on the CPU here ({reason:?}); the hello app is measured both ways"
        );
    }

    // The very first launch seeds the sandbox and syncs it; reported on its own.
    let first = launch(
        &options.console,
        &console_env,
        CONSOLE_PAINTED,
        options.settle,
    )
    .context("the console's first launch")?;
    println!(
        "app first launch (sandbox seeded, synced): dashboard after {}",
        ms(millis(first.painted))
    );

    let (mut console, mut hello, mut hello_cpu) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..options.runs {
        hello.push(launch(
            &options.hello,
            &hello_env,
            HELLO_PAINTED,
            options.settle,
        )?);
        console.push(launch(
            &options.console,
            &console_env,
            CONSOLE_PAINTED,
            options.settle,
        )?);
        if cpu_painting.is_some() {
            hello_cpu.push(launch(
                &options.hello,
                &hello_like_console_env,
                HELLO_PAINTED,
                options.settle,
            )?);
        }
        eprintln!(
            "run {}: hello {} / {}, console {} (charts {}) / {}",
            run + 1,
            ms(millis(hello[run].painted)),
            mib(hello[run].memory.pss),
            ms(millis(console[run].painted)),
            console[run]
                .charts
                .map_or_else(|| "not drawn".to_owned(), |c| ms(millis(c))),
            mib(console[run].memory.pss)
        );
    }
    let charts: Vec<f64> = console
        .iter()
        .filter_map(|l| l.charts)
        .map(millis)
        .collect();
    if !charts.is_empty() {
        let drawn = charts.len();
        println!(
            "app charts drawn (after the numbers): median {} in {drawn} of {} launches",
            ms(median(charts)),
            options.runs
        );
    }
    let mut figures = vec![start_up(
        "app time to first painted dashboard",
        &console,
        &hello,
    )];
    if !hello_cpu.is_empty() {
        figures.push(start_up(
            "app time to first painted dashboard, hello also on the CPU",
            &console,
            &hello_cpu,
        ));
    }
    let (console, hello) = (median_launch(&console), median_launch(&hello));
    figures.extend([
        Figure {
            name: "app memory (PSS, all processes)".into(),
            measured: format!(
                "{} in {}",
                mib(console.memory.pss),
                console.memory.processes
            ),
            baseline: format!("{} in {}", mib(hello.memory.pss), hello.memory.processes),
            ratio: console.memory.pss as f64 / hello.memory.pss as f64,
            unit: "×",
            budget: Budget::AtMost(1.5),
        },
        Figure {
            name: "app memory (RSS, all processes)".into(),
            measured: mib(console.memory.rss),
            baseline: mib(hello.memory.rss),
            ratio: console.memory.rss as f64 / hello.memory.rss as f64,
            unit: "×",
            budget: Budget::AtMost(1.5),
        },
    ]);
    if let Some(deb) = &options.deb {
        let size = std::fs::metadata(deb)
            .with_context(|| format!("cannot read {}", deb.display()))?
            .len();
        figures.push(Figure {
            name: ".deb size".into(),
            measured: format!("{:.1} MB ({size} bytes)", size as f64 / 1e6),
            baseline: "15 MB budget".into(),
            ratio: size as f64 / 1_000_000.0,
            unit: "MB",
            budget: Budget::AtMost(15.0),
        });
    }
    Ok(figures)
}

/// Time to the first painted screen, the console's median against a hello app's over
/// the same alternating rounds (budget 1.3×), each with its spread (fastest–slowest
/// launch) and the spread of the ratios of the rounds (each round launches both).
fn start_up(name: &str, console: &[Launch], hello: &[Launch]) -> Figure {
    let times =
        |launches: &[Launch]| -> Vec<f64> { launches.iter().map(|l| millis(l.painted)).collect() };
    let (console_ms, hello_ms) = (times(console), times(hello));
    let rounds: Vec<f64> = console_ms
        .iter()
        .zip(&hello_ms)
        .map(|(c, h)| c / h)
        .collect();
    let (c, h) = (median(console_ms.clone()), median(hello_ms.clone()));
    Figure {
        name: format!("{name} (median of {} alternating launches)", console.len()),
        measured: format!("{} ({})", ms(c), spread(&console_ms, ms)),
        baseline: format!(
            "{} hello world ({}); ratio per round {}",
            ms(h),
            spread(&hello_ms, ms),
            spread(&rounds, |r| format!("{r:.2}×"))
        ),
        ratio: c / h,
        unit: "×",
        budget: Budget::AtMost(1.3),
    }
}

/// `range a–b, IQR c–d` of some samples, each shown by `show`.
fn spread(samples: &[f64], show: impl Fn(f64) -> String) -> String {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |p| crate::report::percentile(&sorted, p);
    format!(
        "range {}–{}, IQR {}–{}",
        show(at(0.0)),
        show(at(100.0)),
        show(at(25.0)),
        show(at(75.0))
    )
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Medians of time and memory, taken separately.
fn median_launch(launches: &[Launch]) -> Launch {
    let mut painted: Vec<Duration> = launches.iter().map(|l| l.painted).collect();
    painted.sort();
    let mut by_pss = launches.to_vec();
    by_pss.sort_by_key(|l| l.memory.pss);
    Launch {
        painted: painted[painted.len() / 2],
        charts: None,
        memory: by_pss[by_pss.len() / 2].memory,
    }
}

/// Starts `binary`, waits for `marker` on its stderr, lets it settle, samples the process
/// tree's memory and stops it.
fn launch(
    binary: &Path,
    env: &[(String, PathBuf)],
    marker: &str,
    settle: Duration,
) -> anyhow::Result<Launch> {
    use std::os::unix::process::CommandExt;
    let started = Instant::now();
    let mut child = Command::new(binary)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // Its own process group, so the WebKit children are stopped with it.
        .process_group(0)
        .spawn()
        .with_context(|| format!("cannot start {}", binary.display()))?;
    let stderr = child.stderr.take().context("stderr is piped")?;
    let (tx, rx) = mpsc::channel();
    let marker = marker.to_owned();
    let (charts_tx, charts_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains(&marker) {
                let _ = tx.send(Ok(Instant::now()));
            }
            if line.contains(CONSOLE_CHARTS) {
                let _ = charts_tx.send(Instant::now());
            }
            lines.push(line);
        }
        // The app ended: whatever it said explains why no paint came.
        let _ = tx.send(Err(lines.join("\n")));
    });
    let painted = match rx.recv_timeout(PAINT_TIMEOUT) {
        Ok(Ok(at)) => at - started,
        Ok(Err(output)) => {
            stop(&mut child);
            bail!("{} exited before painting:\n{output}", binary.display());
        }
        Err(_) => {
            stop(&mut child);
            bail!(
                "{} painted nothing within {PAINT_TIMEOUT:?}",
                binary.display()
            );
        }
    };
    std::thread::sleep(settle);
    let memory = tree_memory(child.id());
    let charts = charts_rx.try_recv().ok().map(|at| at - started);
    stop(&mut child);
    Ok(Launch {
        painted,
        charts,
        memory,
    })
}

/// SIGTERM to the app's process group, then waits until the whole group is gone: the
/// next launch must not share the two cores with this one's WebKit processes exiting.
fn stop(child: &mut Child) {
    use nix::sys::signal::{killpg, Signal};
    // Not `kill -TERM -<pid>`: procps' kill 4.0 read that as kill(-1) and signalled every
    // process it could, this benchmark and its shell included.
    let group = i32::try_from(child.id())
        .ok()
        .map(nix::unistd::Pid::from_raw);
    if let Some(group) = group {
        let _ = killpg(group, Signal::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut exited = false;
    while Instant::now() < deadline {
        exited = exited || matches!(child.try_wait(), Ok(Some(_)));
        // Signal 0 to a group with no process left fails (ESRCH).
        let group_left = group.is_some_and(|g| killpg(g, None).is_ok());
        if exited && !group_left {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if let Some(group) = group {
        let _ = killpg(group, Signal::SIGKILL);
    }
    let _ = child.wait();
}

/// RSS and PSS summed over `root` and every process descending from it.
pub fn tree_memory(root: u32) -> TreeMemory {
    let mut parents = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            if let Some(ppid) = std::fs::read_to_string(entry.path().join("stat"))
                .ok()
                .and_then(|stat| parent_pid(&stat))
            {
                parents.push((pid, ppid));
            }
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    let mut memory = TreeMemory::default();
    for pid in tree {
        if let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) {
            memory.rss += crate::machine::status_kb(&rollup, "Rss:").unwrap_or(0) * 1024;
            memory.pss += crate::machine::status_kb(&rollup, "Pss:").unwrap_or(0) * 1024;
            memory.processes += 1;
        }
    }
    memory
}

/// The parent pid from `/proc/<pid>/stat` (the command name may hold spaces and parens).
fn parent_pid(stat: &str) -> Option<u32> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_pid_survives_odd_command_names() {
        assert_eq!(parent_pid("42 (Web Content (x)) S 7 42 42 0"), Some(7));
        assert_eq!(parent_pid("garbage"), None);
    }

    #[test]
    fn tree_memory_counts_this_process_and_its_children() {
        let mut child = Command::new("sleep").arg("5").spawn().unwrap();
        let alone = tree_memory(child.id());
        let with_child = tree_memory(std::process::id());
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(alone.processes, 1);
        assert!(with_child.processes >= 2, "{with_child:?}");
        assert!(with_child.rss > alone.rss && with_child.pss > 0);
    }
}
