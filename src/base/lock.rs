//! One build of a project at a time: `output/.papers.lock` holds the pid, host and start
//! time of the build that owns the output folder. A second build says who holds it and
//! stops (exit status 2), or waits with `--wait`. A lock left by a process that no longer
//! runs on this host is taken over.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};

/// The lock file, relative to the project.
pub const LOCK: &str = "output/.papers.lock";

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// This machine's name, as well as it can be told.
fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_owned())
        .ok()
        .or_else(|| {
            std::env::var("HOSTNAME")
                .ok()
                .or_else(|| std::env::var("COMPUTERNAME").ok())
        })
        .unwrap_or_else(|| "unknown host".to_owned())
}

/// How long a lock file may stay empty or unreadable while its holder writes it.
const BEING_WRITTEN: Duration = Duration::from_secs(2);

/// Whether the holder recorded in a lock file is certainly gone: same host, and no such
/// process (Linux /proc). On other systems a lock is never presumed stale. A lock file that
/// is empty or unreadable, and not just being written, is stale: no build could be holding
/// it (a crash between creating and writing it, or a full disk, leaves one behind).
fn stale(text: Option<&str>, path: &Path) -> bool {
    let age = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    let settled = age.is_none_or(|a| a >= BEING_WRITTEN);
    let field = |name: &str| {
        text.and_then(|t| t.lines().find_map(|l| l.strip_prefix(name)).map(str::trim))
            .filter(|v| !v.is_empty())
    };
    let (Some(pid), Some(holder)) = (field("pid="), field("host=")) else {
        return settled;
    };
    if pid.parse::<u32>().is_err() {
        return settled;
    }
    holder == host() && Path::new("/proc/self").exists() && !Path::new("/proc").join(pid).exists()
}

/// Takes the project's lock. Held by another build: an error naming the holder, or, with
/// `wait`, waits until it is free.
pub fn acquire(root: &Path, wait: bool) -> anyhow::Result<Lock> {
    acquire_file(&root.join(LOCK), wait, "another build of this project")
}

/// Takes the lock file `path` (creating its folder); `what` names a holder in messages
/// ("another build of this project").
pub fn acquire_file(path: &Path, wait: bool, what: &str) -> anyhow::Result<Lock> {
    let path = path.to_owned();
    let dir = path.parent().context("a lock file has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut announced = false;
    loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let started = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                writeln!(
                    f,
                    "pid={}\nhost={}\nstarted={started}",
                    std::process::id(),
                    host()
                )
                .with_context(|| format!("writing {}", path.display()))?;
                return Ok(Lock { path });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).ok();
                if stale(text.as_deref(), &path) {
                    let _ = std::fs::remove_file(&path);
                    continue;
                }
                let holder = describe(text.as_deref().unwrap_or_default());
                if !wait {
                    bail!(
                        "{what} is running ({holder}; lock file {}); try again later, or pass --wait",
                        path.display()
                    );
                }
                if !announced {
                    eprintln!("waiting for {what} to finish ({holder})");
                    announced = true;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
        }
    }
}

/// The holder of a lock, for people: "pid 4242 on build-1, started 30 November 2026 at
/// 00:31:02 UTC".
fn describe(text: &str) -> String {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
    };
    let mut parts = Vec::new();
    if let Some(pid) = field("pid=") {
        parts.push(format!("pid {pid}"));
    }
    if let Some(host) = field("host=") {
        parts.push(format!("on {host}"));
    }
    let mut holder = parts.join(" ");
    if let Some(started) = field("started=").and_then(|s| s.parse::<i64>().ok()) {
        holder.push_str(&format!(", started {}", readable(started)));
    }
    if holder.is_empty() {
        "holder unknown".to_owned()
    } else {
        holder
    }
}

/// Seconds since 1970 as "30 November 2026 at 00:31:02 UTC".
fn readable(secs: i64) -> String {
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let date = crate::base::date::Date::from_days(days).long();
    format!(
        "{date} at {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_names_its_holder_and_a_dead_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let lock = acquire(dir.path(), false).unwrap();
        let err = acquire(dir.path(), false).unwrap_err().to_string();
        assert!(
            err.contains(&format!(
                "pid {} on {}, started ",
                std::process::id(),
                host()
            )),
            "{err}"
        );
        assert!(err.contains(" UTC"), "{err}");
        drop(lock);
        assert!(!dir.path().join(LOCK).exists());
        // A lock from a process that is gone (pid beyond any real one) is stale.
        std::fs::write(
            dir.path().join(LOCK),
            format!("pid=4294967\nhost={}\nstarted=0\n", host()),
        )
        .unwrap();
        drop(acquire(dir.path(), false).unwrap());
        // An empty or garbled lock left by a crash is stale once it has settled.
        for text in ["", "pid=\nhost=", "\u{0}\u{0}garbage"] {
            std::fs::write(dir.path().join(LOCK), text).unwrap();
            let old = SystemTime::now() - Duration::from_secs(60);
            std::fs::File::options()
                .write(true)
                .open(dir.path().join(LOCK))
                .unwrap()
                .set_modified(old)
                .unwrap();
            drop(acquire(dir.path(), false).unwrap_or_else(|e| panic!("{text:?}: {e}")));
        }
    }

    #[test]
    fn the_start_time_reads_as_a_date_and_time() {
        assert_eq!(readable(1_764_462_662), "30 November 2025 at 00:31:02 UTC");
        assert_eq!(
            describe("pid=7\nhost=h\nstarted=0\n"),
            "pid 7 on h, started 1 January 1970 at 00:00:00 UTC"
        );
    }
}
