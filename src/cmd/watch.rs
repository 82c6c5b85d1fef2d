//! `papers watch`: build, then rebuild each workbook when it is saved and print its slips,
//! until Ctrl-C.
//!
//! The system tells it of saves (inotify, FSEvents, ReadDirectoryChangesW), so a saved
//! workbook is built a few tens of milliseconds after its editor lets go of it. On a network
//! drive, where another machine's saves raise no notification, `--poll` looks at file sizes
//! and modification times every `--interval` instead; with notifications it still looks at
//! that interval, so a missed one costs a moment, never a build. Excel and LibreOffice save
//! through temporary files, renames and lock files (`~$x.xlsx`, `.~lock.x.ods#`, `.x.tmp`):
//! those are ignored, and a change is built only once the files have settled (no event for
//! [`SETTLE`], or no change over one more look when polling), so one save is one build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify::Watcher as _;

use crate::cli::WatchArgs;
use crate::cmd::Exit;
use crate::run::pipeline::{self, Options, Project};

/// Set by Ctrl-C (SIGINT) or SIGTERM: stop after the build under way, which so finishes
/// its atomic writes and leaves no temporary file.
static STOP: AtomicBool = AtomicBool::new(false);

/// How long the watched folders must be free of events before a change is built: an
/// editor's save (write a temporary file, rename, unlock) takes a few milliseconds.
const SETTLE: Duration = Duration::from_millis(40);

/// How the watch hears of changes: from the system, or by looking.
enum Ears {
    /// Notifications, and the folders they are asked for (kept so that a folder made later,
    /// such as `templates/`, is added once it exists).
    Told {
        watcher: notify::RecommendedWatcher,
        events: Receiver<notify::Result<notify::Event>>,
        watched: Vec<PathBuf>,
    },
    /// Looking every interval.
    Polling,
}

impl Ears {
    /// Notifications for `root`, or polling when asked for or when the system gives none.
    fn new(root: &Path, poll: bool, quiet: bool) -> Ears {
        if poll {
            return Ears::Polling;
        }
        let (tx, events) = std::sync::mpsc::channel();
        match notify::recommended_watcher(tx) {
            Ok(watcher) => {
                let mut ears = Ears::Told {
                    watcher,
                    events,
                    watched: Vec::new(),
                };
                if let Err(e) = ears.cover(root) {
                    if !quiet {
                        eprintln!("note: looking every interval: {e}");
                    }
                    return Ears::Polling;
                }
                ears
            }
            Err(e) => {
                if !quiet {
                    eprintln!("note: looking every interval (no change notifications: {e})");
                }
                Ears::Polling
            }
        }
    }

    /// Asks for notifications on the project folder (for papers.toml and the folders made
    /// in it) and on `inputs/` and `templates/` with everything under them, where they exist.
    fn cover(&mut self, root: &Path) -> notify::Result<()> {
        let Ears::Told {
            watcher, watched, ..
        } = self
        else {
            return Ok(());
        };
        for (dir, mode) in [
            (root.to_path_buf(), notify::RecursiveMode::NonRecursive),
            (root.join("inputs"), notify::RecursiveMode::Recursive),
            (root.join("templates"), notify::RecursiveMode::Recursive),
        ] {
            if !watched.contains(&dir) && dir.is_dir() {
                watcher.watch(&dir, mode)?;
                watched.push(dir);
            }
        }
        Ok(())
    }

    /// Waits up to `limit` for a change; returns early when one is heard of. Polling, it
    /// just waits.
    fn wait(&self, limit: Duration) {
        match self {
            Ears::Polling => pause(limit),
            Ears::Told { events, .. } => {
                let until = Instant::now() + limit;
                while !STOP.load(Ordering::SeqCst) {
                    let left = until.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return;
                    }
                    match events.recv_timeout(left.min(Duration::from_millis(50))) {
                        Ok(_) => return,
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return pause(left),
                    }
                }
            }
        }
    }

    /// Waits until the folders have settled after a change: no event for [`SETTLE`], or
    /// (polling) one interval.
    fn settle(&self, interval: Duration) {
        match self {
            Ears::Polling => pause(interval),
            Ears::Told { events, .. } => {
                let give_up = Instant::now() + interval.max(SETTLE * 4);
                while !STOP.load(Ordering::SeqCst) && Instant::now() < give_up {
                    match events.recv_timeout(SETTLE) {
                        Ok(_) => {}
                        Err(_) => return,
                    }
                }
            }
        }
    }
}

/// Watches the project and rebuilds what is saved.
pub fn run(args: &WatchArgs) -> anyhow::Result<Exit> {
    let (project, only) = crate::cmd::open(&args.common)?;
    let root = project.root.clone();
    drop(project);
    stop_on_interrupt();
    let interval = Duration::from_millis(args.interval.max(50));
    let mut ears = Ears::new(&root, args.poll, args.common.quiet);
    let mut seen = snapshot(&root);
    if !args.common.quiet {
        eprintln!(
            "Watching {} for saved workbooks (Ctrl-C to stop)",
            root.join("inputs").display()
        );
    }
    build(args, &root, only.clone());
    while !STOP.load(Ordering::SeqCst) {
        ears.wait(interval);
        let mut now = snapshot(&root);
        if now == seen {
            continue;
        }
        // Wait for the save to settle: the editor may still be renaming and unlocking.
        loop {
            ears.settle(interval);
            if STOP.load(Ordering::SeqCst) {
                break;
            }
            let again = snapshot(&root);
            if again == now {
                break;
            }
            now = again;
        }
        // A folder that is new (being copied in, file by file) is built only once it has
        // been quiet for a while: until its meeting workbook arrives, its papers would
        // otherwise look like documents of no meeting.
        if arriving_folder(&seen, &now) {
            let mut quiet_since = Instant::now();
            while !STOP.load(Ordering::SeqCst) && quiet_since.elapsed() < NEW_FOLDER_QUIET {
                pause(interval.min(Duration::from_millis(200)));
                let again = snapshot(&root);
                if again != now {
                    now = again;
                    quiet_since = Instant::now();
                }
            }
        }
        if STOP.load(Ordering::SeqCst) {
            break;
        }
        if let Err(e) = ears.cover(&root) {
            if !args.common.quiet {
                eprintln!("note: looking every interval: {e}");
            }
            ears = Ears::Polling;
        }
        let selection = what_to_build(&seen, &now, only.as_deref());
        seen = now;
        build(args, &root, selection);
    }
    // Nothing is being written now; a temporary file here is left from a run that was killed.
    if let Ok(_lock) = crate::base::lock::acquire(&root, None) {
        crate::base::paths::sweep_temporary(&root.join("output"));
    }
    if !args.common.quiet {
        eprintln!("Stopped watching");
    }
    Ok(Exit::Clean)
}

/// How long a new folder under `inputs/` must be still before it is built.
const NEW_FOLDER_QUIET: Duration = Duration::from_secs(3);

/// Whether a file changed in a folder that held no watched file before.
fn arriving_folder(before: &Snapshot, after: &Snapshot) -> bool {
    let folder = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
    after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .any(|p| !before.keys().any(|b| folder(b) == folder(p)))
}

/// One build of `only` (`None`: everything that changed in the project). Errors are
/// printed and the watch goes on: the next save may fix them.
fn build(args: &WatchArgs, root: &Path, only: Option<Vec<String>>) {
    let start = Instant::now();
    let result = Project::open(root).and_then(|project| {
        let _lock = crate::base::lock::acquire(&project.root, Some(crate::base::lock::WAIT_LIMIT))?;
        crate::base::paths::sweep_temporary(&project.root.join("output"));
        let options = Options {
            jobs: args.jobs.unwrap_or_else(pipeline::default_jobs).max(1),
            today: args.common.today,
            only,
            ..Options::default()
        };
        crate::cmd::build::build(&args.common, &project, options, start)
    });
    if let Err(e) = result {
        eprintln!("error: {e:#}");
    }
}

/// What a change calls for: the workbooks saved (with the packs of their meetings), or the
/// whole selection when anything else changed (papers.toml, a template, a removed file).
fn what_to_build(
    before: &Snapshot,
    after: &Snapshot,
    only: Option<&[String]>,
) -> Option<Vec<String>> {
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, s)| before.get(*p) != Some(s))
        .map(|(p, _)| p)
        .collect();
    let removed = before.keys().any(|p| !after.contains_key(p));
    // A meeting workbook stands for its whole folder: its papers carry its item numbers.
    let workbooks: Option<Vec<String>> = changed
        .iter()
        .map(|p| {
            let rel = p
                .to_str()
                .filter(|s| s.starts_with("inputs/") && crate::base::paths::is_workbook(p))?;
            match rel
                .rsplit_once('/')
                .filter(|_| crate::base::paths::is_meeting_workbook(p))
            {
                Some((folder, _)) => Some(folder.to_owned()),
                None => Some(rel.to_owned()),
            }
        })
        .collect();
    match workbooks {
        Some(named) if !removed && !named.is_empty() => {
            // A saved workbook outside the selection is no business of this watch.
            let named: Vec<String> = named
                .into_iter()
                .filter(|n| only.is_none_or(|o| crate::cmd::project::selects(o, n)))
                .collect();
            if named.is_empty() {
                only.map(<[String]>::to_vec)
            } else {
                Some(named)
            }
        }
        _ => only.map(<[String]>::to_vec),
    }
}

/// Each watched file (relative to the project, with forward slashes) with its size and
/// modification time.
type Snapshot = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// The workbooks under inputs/, papers.toml and the project's templates, as they are now.
fn snapshot(root: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    for dir in ["inputs", "templates"] {
        collect(root, &root.join(dir), &mut files);
    }
    let toml = root.join("papers.toml");
    if let Ok(meta) = std::fs::metadata(&toml) {
        files.insert(
            PathBuf::from("papers.toml"),
            (meta.len(), meta.modified().ok()),
        );
    }
    files
}

fn collect(root: &Path, dir: &Path, files: &mut Snapshot) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_scratch(&name) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(PathBuf::from(rel), (meta.len(), meta.modified().ok()));
        }
    }
}

/// Files that editors make while saving, never a workbook of the project: Office owner
/// files (`~$x.xlsx`), LibreOffice locks (`.~lock.x.ods#`), hidden and temporary files
/// (`.x.tmp`, `x.tmp`, `x~`).
pub fn is_scratch(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('#')
        || name.ends_with('~')
        || lower.ends_with(".tmp")
}

/// Sleeps for `interval`, waking early on Ctrl-C.
fn pause(interval: Duration) {
    let step = Duration::from_millis(50);
    let until = Instant::now() + interval;
    while Instant::now() < until && !STOP.load(Ordering::SeqCst) {
        std::thread::sleep(step.min(until.saturating_duration_since(Instant::now())));
    }
}

/// Routes Ctrl-C and SIGTERM to [`STOP`] instead of ending the process at once, which could
/// cut a PDF's write short and leave its temporary file behind.
#[cfg(unix)]
fn stop_on_interrupt() {
    extern "C" fn on_signal(_: libc::c_int) {
        STOP.store(true, Ordering::SeqCst);
    }
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// Elsewhere Ctrl-C ends the process as usual.
#[cfg(not(unix))]
fn stop_on_interrupt() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_of_killed_writes_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("m/exempt")).unwrap();
        for name in [
            "m/.a.pdf.tmp",
            "m/exempt/.b.pdf.tmp",
            "m/a.pdf",
            "m/notes.tmp",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        crate::base::paths::sweep_temporary(dir.path());
        assert!(
            !dir.path().join("m/.a.pdf.tmp").exists()
                && !dir.path().join("m/exempt/.b.pdf.tmp").exists()
        );
        assert!(
            dir.path().join("m/a.pdf").exists() && dir.path().join("m/notes.tmp").exists(),
            "only Papers' own temporary files"
        );
    }

    #[test]
    fn a_folder_being_copied_in_is_told_from_a_saved_workbook() {
        let snap = |paths: &[&str]| -> Snapshot {
            paths
                .iter()
                .map(|p| (PathBuf::from(p), (1, None)))
                .collect()
        };
        let before = snap(&["inputs/m/meeting.xlsx", "inputs/m/a.xlsx"]);
        assert!(!arriving_folder(
            &before,
            &snap(&[
                "inputs/m/meeting.xlsx",
                "inputs/m/a.xlsx",
                "inputs/m/b.xlsx"
            ])
        ));
        assert!(arriving_folder(
            &before,
            &snap(&[
                "inputs/m/meeting.xlsx",
                "inputs/m/a.xlsx",
                "inputs/n/land.xlsx"
            ])
        ));
    }

    #[test]
    fn editor_scratch_files_are_ignored() {
        for name in [
            "~$plan.xlsx",
            ".~lock.plan.ods#",
            ".plan.xlsx.tmp",
            "plan.TMP",
            "plan.xlsx~",
            ".hidden.xlsx",
        ] {
            assert!(is_scratch(name), "{name}");
        }
        for name in ["plan.xlsx", "meeting.ods", "old.xls"] {
            assert!(!is_scratch(name), "{name}");
        }
    }

    #[test]
    fn a_saved_workbook_is_built_on_its_own_and_anything_else_builds_all() {
        let at = |secs| Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        let before: Snapshot = [
            (PathBuf::from("inputs/a.xlsx"), (1, at(1))),
            (PathBuf::from("inputs/b.xlsx"), (1, at(1))),
        ]
        .into();
        let mut after = before.clone();
        after.insert(PathBuf::from("inputs/a.xlsx"), (2, at(2)));
        assert_eq!(
            what_to_build(&before, &after, None),
            Some(vec!["inputs/a.xlsx".to_owned()])
        );
        let mut agenda = before.clone();
        agenda.insert(PathBuf::from("inputs/m/meeting.ods"), (1, at(2)));
        assert_eq!(
            what_to_build(&before, &agenda, None),
            Some(vec!["inputs/m".to_owned()])
        );
        after.insert(PathBuf::from("papers.toml"), (1, at(3)));
        assert_eq!(what_to_build(&before, &after, None), None);
        let mut gone = before.clone();
        gone.remove(&PathBuf::from("inputs/b.xlsx"));
        assert_eq!(what_to_build(&before, &gone, None), None);
        let only = vec!["inputs/b.xlsx".to_owned()];
        let mut saved_a = before.clone();
        saved_a.insert(PathBuf::from("inputs/a.xlsx"), (3, at(4)));
        assert_eq!(
            what_to_build(&before, &saved_a, Some(&only)),
            Some(only.clone())
        );
    }
}
