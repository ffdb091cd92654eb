//! CPU time the serving side spends: this process (the bench's servers run in it, `wrk`
//! runs beside it) plus, on PostgreSQL, the database server's processes. Per request it
//! measures a layer's own work, which the throughput of two processes sharing two cores
//! (one `wrk`, one server) does only through the scheduler's noise.

use nix::sys::resource::{getrusage, UsageWho};
use std::collections::HashMap;
use std::time::Duration;

/// Counts CPU time of this process and of one other process's children (PostgreSQL's
/// backends are the postmaster's children).
#[derive(Debug, Clone, Copy)]
pub struct ServingCpu {
    /// The postmaster whose children serve the database, when the API runs on PostgreSQL.
    postmaster: Option<u32>,
}

/// One reading of [`ServingCpu`]; subtract two with [`CpuReading::since`].
#[derive(Debug, Clone)]
pub struct CpuReading {
    own: Duration,
    children: HashMap<u32, Duration>,
}

impl ServingCpu {
    /// This process only.
    pub fn own() -> ServingCpu {
        ServingCpu { postmaster: None }
    }

    /// This process and `postmaster`'s children.
    pub fn with_children_of(postmaster: u32) -> ServingCpu {
        ServingCpu {
            postmaster: Some(postmaster),
        }
    }

    pub fn read(&self) -> CpuReading {
        let usage = getrusage(UsageWho::RUSAGE_SELF).ok();
        let own = usage.map_or(Duration::ZERO, |u| {
            timeval(u.user_time()) + timeval(u.system_time())
        });
        let children = self.postmaster.map(children_cpu).unwrap_or_default();
        CpuReading { own, children }
    }
}

impl CpuReading {
    /// CPU time spent between `earlier` and this reading. A child that started in between
    /// counts in full; one that ended in between is lost (backends of a pool live on).
    pub fn since(&self, earlier: &CpuReading) -> Duration {
        let children: Duration = self
            .children
            .iter()
            .map(|(pid, now)| {
                now.saturating_sub(earlier.children.get(pid).copied().unwrap_or_default())
            })
            .sum();
        self.own.saturating_sub(earlier.own) + children
    }
}

/// CPU time of the calling thread (a syscall: the vDSO does not serve this clock).
pub fn thread_cpu() -> Duration {
    nix::time::clock_gettime(nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID)
        .map_or(Duration::ZERO, Duration::from)
}

fn timeval(t: nix::sys::time::TimeVal) -> Duration {
    Duration::from_secs(t.tv_sec().max(0) as u64) + Duration::from_micros(t.tv_usec().max(0) as u64)
}

/// CPU time of each child of `parent`, from `/proc/<pid>/stat` (clock ticks of 10 ms).
fn children_cpu(parent: u32) -> HashMap<u32, Duration> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return HashMap::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (ppid, cpu) = parse_stat(&stat)?;
            (ppid == parent).then_some((pid, cpu))
        })
        .collect()
}

/// The parent's pid and user + system time from a `/proc/<pid>/stat` line. The command
/// name (field 2) may hold spaces and parentheses, so fields are counted after its last `)`.
fn parse_stat(stat: &str) -> Option<(u32, Duration)> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // After the name: state (3), ppid (4), ..., utime (14), stime (15).
    let ppid = fields.get(1)?.parse().ok()?;
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some((ppid, Duration::from_millis(ticks * 1000 / TICKS_PER_SECOND)))
}

/// `getconf CLK_TCK` on Linux, fixed by its ABI for `/proc`.
const TICKS_PER_SECOND: u64 = 100;

/// The parent of `pid` (the postmaster, for a PostgreSQL backend's pid).
pub fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat(&stat).map(|(ppid, _)| ppid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_stat_line_whose_name_holds_spaces_and_parentheses() {
        let line = "4242 (postgres: bench (x) idle) S 4100 4100 4100 0 -1 4194560 \
                    300 0 0 0 125 37 0 0 20 0 1 0 900 0 0";
        assert_eq!(parse_stat(line), Some((4100, Duration::from_millis(1_620))));
    }

    #[test]
    fn own_cpu_time_grows_with_work() {
        let cpu = ServingCpu::own();
        let before = cpu.read();
        let started = std::time::Instant::now();
        let mut x = 0u64;
        while started.elapsed() < Duration::from_millis(50) {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        let spent = cpu.read().since(&before);
        assert!(spent >= Duration::from_millis(30), "{spent:?}");
        let thread = thread_cpu();
        assert!(thread >= Duration::from_millis(30), "{thread:?}");
    }
}
