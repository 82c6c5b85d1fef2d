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
        .or_else(|| std::env::var("HOSTNAME").ok().or_else(|| std::env::var("COMPUTERNAME").ok()))
        .unwrap_or_else(|| "unknown host".to_owned())
}

/// Whether the holder recorded in a lock file is certainly gone: same host, and no such
/// process (Linux /proc). On other systems a lock is never presumed stale.
fn stale(text: &str) -> bool {
    let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).map(str::trim);
    let (Some(pid), Some(holder)) = (field("pid="), field("host=")) else { return false };
    holder == host() && Path::new("/proc/self").exists() && !Path::new("/proc").join(pid).exists()
}

/// Takes the project's lock. Held by another build: an error naming the holder, or, with
/// `wait`, waits until it is free.
pub fn acquire(root: &Path, wait: bool) -> anyhow::Result<Lock> {
    let path = root.join(LOCK);
    std::fs::create_dir_all(path.parent().expect("the lock is in output/")).with_context(|| format!("creating {}", root.join("output").display()))?;
    let mut announced = false;
    loop {
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                let started = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
                writeln!(f, "pid={}\nhost={}\nstarted={started}", std::process::id(), host())
                    .with_context(|| format!("writing {}", path.display()))?;
                return Ok(Lock { path });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if stale(&text) {
                    let _ = std::fs::remove_file(&path);
                    continue;
                }
                let holder = text.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", ");
                if !wait {
                    bail!("another build of this project is running ({holder}; lock file {}); try again later, or pass --wait", path.display());
                }
                if !announced {
                    eprintln!("waiting for another build of this project to finish ({holder})");
                    announced = true;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_names_its_holder_and_a_dead_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let lock = acquire(dir.path(), false).unwrap();
        let err = acquire(dir.path(), false).unwrap_err().to_string();
        assert!(err.contains(&format!("pid={}", std::process::id())), "{err}");
        drop(lock);
        assert!(!dir.path().join(LOCK).exists());
        // A lock from a process that is gone (pid beyond any real one) is stale.
        std::fs::write(dir.path().join(LOCK), format!("pid=4294967\nhost={}\nstarted=0\n", host())).unwrap();
        let _again = acquire(dir.path(), false).unwrap();
    }
}
