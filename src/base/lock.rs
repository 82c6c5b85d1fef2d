//! One build of a project at a time: `output/.papers.lock` holds the pid, host and start
//! time of the build that owns the output folder. A second build says who holds it and
//! stops (exit status 2), or waits with `--wait` (ten minutes at most, or as long as
//! `--wait=SECONDS` says, then stops the same way). A lock left by a process that no longer
//! runs on this host, or whose pid is now another program's (pid 1 after a reboot), is taken
//! over. The shards of a sharded build each hold `output/.papers.shard-K-of-N.lock`, so that
//! they run at once; the project's lock and theirs exclude each other.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;

/// The lock file, relative to the project.
pub const LOCK: &str = "output/.papers.lock";

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// Whether it was taken over from a holder that is gone (killed, or its host rebooted).
    taken_over: bool,
}

impl Lock {
    /// Whether the lock was taken over from a holder that is gone: a process killed
    /// mid-run, which may have left the temporary files of writes it never finished.
    pub fn taken_over(&self) -> bool {
        self.taken_over
    }
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

/// How long `--wait` waits for another build by default.
pub const WAIT_LIMIT: Duration = Duration::from_secs(600);

/// Whether the holder recorded in a lock file is certainly gone: same host, and no such
/// process, or a process that is not Papers, or one started after the lock was (its pid
/// reused) (Linux /proc). On other systems a lock is never presumed stale. A lock file that
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
    let Ok(pid) = pid.parse::<u32>() else {
        return settled;
    };
    if holder != host() || !Path::new("/proc/self").exists() {
        return false;
    }
    let started = field("started=").and_then(|s| s.parse::<u64>().ok());
    !is_papers(pid, started)
}

/// Whether process `pid` of this host may be the Papers build that took a lock at `started`
/// (seconds since 1970): it runs, its program is Papers (by `/proc/PID/exe`, or its command
/// line where that cannot be read), and it did not start after the lock was taken. Where
/// something cannot be told it is presumed to be, so a live build's lock is never taken.
fn is_papers(pid: u32, started: Option<u64>) -> bool {
    // This process's own pid is no exception: a lock naming it that was taken before this
    // process started is another's of the same pid (a container's pid 1, run again under
    // the same host name, as a Kubernetes Indexed Job's retried worker is).
    let proc = Path::new("/proc").join(pid.to_string());
    if !proc.exists() {
        return false;
    }
    let own = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    let named_papers = |name: &str| {
        let name = name.trim_end_matches(" (deleted)");
        name.starts_with("papers") || own.as_deref() == Some(name)
    };
    let program = std::fs::read_link(proc.join("exe"))
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| {
            // Another user's process: its command line can still be read.
            let cmdline = std::fs::read(proc.join("cmdline")).ok()?;
            let first = cmdline.split(|b| *b == 0).next()?;
            let first = String::from_utf8_lossy(first).into_owned();
            Path::new(&first)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| !n.is_empty())
        })
        .or_else(|| {
            // A kernel thread has no command line: its name.
            std::fs::read_to_string(proc.join("comm"))
                .ok()
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
        });
    if program.is_some_and(|p| !named_papers(&p)) {
        return false;
    }
    // A process started well after the lock was taken has only been given the same pid.
    match (started, process_start(pid)) {
        (Some(lock), Some(process)) => process <= lock + 5,
        _ => true,
    }
}

/// When process `pid` started, in seconds since 1970 (Linux /proc).
fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')')?.1;
    let ticks: u64 = after.split_whitespace().nth(19)?.parse().ok()?;
    let boot: u64 = std::fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    #[cfg(unix)]
    // SAFETY: sysconf only reads a system constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    #[cfg(not(unix))]
    let hz: i64 = 100;
    let hz = u64::try_from(hz).ok().filter(|h| *h > 0)?;
    Some(boot + ticks / hz)
}

/// Takes the project's lock. Held by another build: an error naming the holder, or, with
/// `wait`, waits until it is free, for that long at most.
pub fn acquire(root: &Path, wait: Option<Duration>) -> anyhow::Result<Lock> {
    acquire_file(
        &root.join(LOCK),
        wait,
        "another build of this project",
        "try again later, or pass --wait",
    )
}

/// The lock of shard K of N of a build, relative to the project. Shards of one project take
/// their own locks, so that they run at once in one project folder (a volume every worker
/// mounts); none runs while the project's own lock ([`LOCK`]) is held, by an unsharded build,
/// `papers watch` or `papers archive`, and none of those while a shard's is.
pub fn shard_lock(k: u32, n: u32) -> String {
    format!("output/.papers.shard-{k}-of-{n}.lock")
}

/// Takes shard K of N's lock (see [`shard_lock`]); as [`acquire`] otherwise.
pub fn acquire_shard(root: &Path, k: u32, n: u32, wait: Option<Duration>) -> anyhow::Result<Lock> {
    acquire_file(
        &root.join(shard_lock(k, n)),
        wait,
        "another build of this project",
        "try again later, or pass --wait",
    )
}

/// The locks that exclude the lock file `path`, in its folder: every shard's for the
/// project's own lock, the project's own for a shard's; none for another lock (an
/// archive's).
fn excluding(path: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let project_lock = Path::new(LOCK).file_name().and_then(|n| n.to_str());
    if Some(name) == project_lock {
        let mut shards: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".papers.shard-") && n.ends_with(".lock"))
            .map(|n| dir.join(n))
            .collect();
        shards.sort();
        shards
    } else if name.starts_with(".papers.shard-") {
        project_lock.map(|p| vec![dir.join(p)]).unwrap_or_default()
    } else {
        Vec::new()
    }
}

/// What a lock file says of a holder that may still be running (`None`: no file, or a
/// holder that is certainly gone, whose file is then removed).
fn live_holder(path: &Path) -> Option<String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(_) => None,
    };
    if stale(text.as_deref(), path) {
        let _ = std::fs::remove_file(path);
        return None;
    }
    Some(text.unwrap_or_default())
}

/// Takes the lock file `path` (creating its folder); `what` names a holder in messages
/// ("another build of this project") and `advice` what to do ("try again later"). With
/// `wait`, waits that long at most for the holder to finish, then gives up. The project's
/// lock and the shards' exclude each other (see [`shard_lock`]): taken, each looks for the
/// other and gives way to a live holder.
pub fn acquire_file(
    path: &Path,
    wait: Option<Duration>,
    what: &str,
    advice: &str,
) -> anyhow::Result<Lock> {
    let path = path.to_owned();
    let dir = path.parent().context("a lock file has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut announced = false;
    let mut taken_over = false;
    let began = std::time::Instant::now();
    loop {
        let (holder_path, text) = match std::fs::OpenOptions::new()
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
                let other = excluding(&path).into_iter().find_map(|p| {
                    let exists = p.exists();
                    match live_holder(&p) {
                        Some(text) => Some((p, text)),
                        None => {
                            // One left by a killed build: its work is taken over too.
                            taken_over |= exists;
                            None
                        }
                    }
                });
                match other {
                    None => return Ok(Lock { path, taken_over }),
                    // Given back, and the other holder waited for.
                    Some(held) => {
                        let _ = std::fs::remove_file(&path);
                        held
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).ok();
                if stale(text.as_deref(), &path) {
                    let _ = std::fs::remove_file(&path);
                    taken_over = true;
                    continue;
                }
                (path.clone(), text.unwrap_or_default())
            }
            Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
        };
        let holder = describe(&text);
        let held = |message: String| {
            use crate::base::fault::{Fault, code};
            anyhow::Error::new(Fault::new(
                code::LOCKED,
                Some(holder_path.display().to_string()),
                message,
            ))
        };
        let Some(limit) = wait else {
            return Err(held(format!(
                "{what} is running ({holder}; lock file {}); {advice}",
                holder_path.display()
            )));
        };
        if began.elapsed() >= limit {
            return Err(held(format!(
                "{what} is still running after waiting {} ({holder}; lock file {}); gave up. If no \
                    build is running, remove the lock file",
                seconds(limit),
                holder_path.display()
            )));
        }
        if !announced {
            eprintln!(
                "waiting for {what} to finish ({holder}); giving up after {}",
                seconds(limit)
            );
            announced = true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A wait, for people: "10 minutes", "90 seconds".
fn seconds(d: Duration) -> String {
    let s = d.as_secs();
    if d.subsec_millis() != 0 {
        return format!("{:.1} seconds", d.as_secs_f64());
    }
    if s >= 60 && s.is_multiple_of(60) {
        let m = s / 60;
        format!("{m} minute{}", if m == 1 { "" } else { "s" })
    } else {
        format!("{s} second{}", if s == 1 { "" } else { "s" })
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
        let lock = acquire(dir.path(), None).unwrap();
        let err = acquire(dir.path(), None).unwrap_err().to_string();
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
        drop(acquire(dir.path(), None).unwrap());
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
            drop(acquire(dir.path(), None).unwrap_or_else(|e| panic!("{text:?}: {e}")));
        }
    }

    #[test]
    fn shards_hold_locks_of_their_own_and_exclude_a_whole_build() {
        let dir = tempfile::tempdir().unwrap();
        let one = acquire_shard(dir.path(), 1, 2, None).unwrap();
        let two = acquire_shard(dir.path(), 2, 2, None).unwrap();
        assert!(!one.taken_over() && !two.taken_over());
        let err = format!("{:#}", acquire(dir.path(), None).unwrap_err());
        assert!(err.contains(".papers.shard-1-of-2.lock"), "{err}");
        assert!(!dir.path().join(LOCK).exists(), "given back");
        drop((one, two));
        let whole = acquire(dir.path(), None).unwrap();
        let err = format!("{:#}", acquire_shard(dir.path(), 1, 2, None).unwrap_err());
        assert!(err.contains(".papers.lock"), "{err}");
        assert!(!dir.path().join(shard_lock(1, 2)).exists(), "given back");
        drop(whole);
        // A shard killed on this host: the whole build after it takes over its work.
        std::fs::write(
            dir.path().join(shard_lock(2, 2)),
            format!("pid=4294967\nhost={}\nstarted=0\n", host()),
        )
        .unwrap();
        let whole = acquire(dir.path(), None).unwrap();
        assert!(whole.taken_over());
        assert!(!dir.path().join(shard_lock(2, 2)).exists());
        drop(whole);
        // A worker run again in a new container under the same host name, with the same
        // pid as the killed one: the lock was taken before it started, so not by it.
        std::fs::write(
            dir.path().join(shard_lock(1, 2)),
            format!(
                "pid={}\nhost={}\nstarted=1000\n",
                std::process::id(),
                host()
            ),
        )
        .unwrap();
        assert!(acquire_shard(dir.path(), 1, 2, None).unwrap().taken_over());
    }

    #[test]
    fn a_lock_naming_a_live_process_that_is_not_papers_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("output")).unwrap();
        // pid 1 is never a Papers build.
        std::fs::write(
            dir.path().join(LOCK),
            format!("pid=1\nhost={}\nstarted=0\n", host()),
        )
        .unwrap();
        drop(acquire(dir.path(), None).unwrap());
        // On another host nothing can be told: held.
        std::fs::write(dir.path().join(LOCK), "pid=1\nhost=elsewhere\nstarted=0\n").unwrap();
        assert!(acquire(dir.path(), None).is_err());
        // Waiting gives up after its time, saying so.
        let began = std::time::Instant::now();
        let err = acquire(dir.path(), Some(Duration::from_millis(300)))
            .unwrap_err()
            .to_string();
        assert!(began.elapsed() >= Duration::from_millis(300));
        assert!(
            err.contains("after waiting 0.3 seconds") && err.contains("gave up"),
            "{err}"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_process_is_told_by_its_program_and_start() {
        assert!(is_papers(std::process::id(), None));
        assert!(!is_papers(1, None));
        assert!(!is_papers(4_294_967, None));
        // This process, named in a lock taken long before it started: its pid was reused.
        let me = process_start(std::process::id()).unwrap();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(me <= now + 1 && me + 3600 > now, "{me} {now}");
        assert_eq!(seconds(WAIT_LIMIT), "10 minutes");
        assert_eq!(seconds(Duration::from_secs(2)), "2 seconds");
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
