//! `papers watch` as a report author runs it: build on save, ignore the editor's scratch
//! files, print the saved workbook's slips, keep going after errors, stop cleanly on Ctrl-C.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use support::*;

/// The watcher and its stderr, line by line.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(dir: &Path) -> Watch {
        Watch::with(dir, &["--interval", "100"])
    }

    fn with(dir: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_papers"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `want`; returns the lines read up to it.
    fn until(&mut self, want: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut got = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                self.seen.push(line.clone());
                got.push(line.clone());
                if line.contains(want) {
                    return got;
                }
            }
        }
        panic!("no line with {want:?}; got:\n{}", self.seen.join("\n"));
    }

    /// The lines that arrive within `wait`.
    fn quiet_for(&mut self, wait: Duration) -> Vec<String> {
        let deadline = Instant::now() + wait;
        let mut got = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if let Ok(line) = self.lines.recv_timeout(left) {
                self.seen.push(line.clone());
                got.push(line);
            }
        }
        got
    }

    /// Sends Ctrl-C (SIGINT) and waits for the process to end.
    fn interrupt(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "watch did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Every file under `dir` whose name marks it as temporary.
fn temporary_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(temporary_files(&path));
        } else if path.to_string_lossy().ends_with(".tmp") {
            found.push(path.display().to_string());
        }
    }
    found
}

#[test]
#[cfg(unix)]
fn watch_rebuilds_on_save_ignores_scratch_files_and_stops_cleanly() {
    let dir = project();
    let d = dir.path();
    report("First draft").write(&d.join("inputs/plan.xlsx"));
    report("Other").write(&d.join("inputs/other.xlsx"));
    let mut watch = Watch::start(d);
    watch.until("Built 2, unchanged 0, failed 0");
    assert!(pdf_text(&out(d, "plan.pdf")).contains("First draft"));

    // The editor's lock and scratch files are no workbooks: nothing is built.
    std::fs::write(d.join("inputs/~$plan.xlsx"), b"owner file").unwrap();
    std::fs::write(d.join("inputs/.~lock.plan.ods#"), b"lock").unwrap();
    std::fs::write(d.join("inputs/.plan.xlsx.tmp"), b"half a save").unwrap();
    let quiet = watch.quiet_for(Duration::from_millis(1200));
    assert!(quiet.is_empty(), "scratch files set off a build: {quiet:?}");

    // A save with a slip: that workbook's slip is printed, and the watch goes on.
    Book::new()
        .cover(&[("Title", "Second draft"), ("Key decision", "Maybe")])
        .write(&d.join("inputs/plan.xlsx"));
    let lines = watch.until("Built 0, unchanged 0, failed 1");
    let text = lines.join("\n");
    assert!(
        text.contains("inputs/plan.xlsx: sheet \"Cover\", cell B3: Key decision"),
        "{text}"
    );
    assert!(
        !text.contains("other"),
        "only the saved workbook is built: {text}"
    );

    // Fixed: built again.
    report("Third draft").write(&d.join("inputs/plan.xlsx"));
    watch.until("Built 1, unchanged 0, failed 0");
    assert!(pdf_text(&out(d, "plan.pdf")).contains("Third draft"));

    // Ctrl-C during a rebuild still leaves no temporary file.
    report("Fourth draft").write(&d.join("inputs/plan.xlsx"));
    std::thread::sleep(Duration::from_millis(250));
    let status = watch.interrupt();
    assert!(status.success(), "{status:?}");
    assert_eq!(temporary_files(&d.join("output")), Vec::<String>::new());
    assert!(
        !d.join("output/.papers.lock").exists(),
        "the lock is released"
    );
}

/// With the system's notifications a save is built at once, however long the interval
/// between looks; `--poll` (for network drives) finds it by looking.
#[test]
#[cfg(any(target_os = "linux", target_os = "macos", windows))]
fn a_save_is_heard_of_at_once_and_polling_finds_it_too() {
    let dir = project();
    let d = dir.path();
    report("First draft").write(&d.join("inputs/plan.xlsx"));
    let mut watch = Watch::with(d, &["--interval", "600000"]);
    watch.until("Built 1, unchanged 0, failed 0");
    report("Told").write(&d.join("inputs/plan.xlsx"));
    watch.until("Built 1, unchanged 0, failed 0");
    assert!(pdf_text(&out(d, "plan.pdf")).contains("Told"));
    // A folder made after the watch began (a new meeting's) is heard of as well.
    std::fs::create_dir_all(d.join("inputs/late")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    report("Later").write(&d.join("inputs/late/paper.xlsx"));
    watch.until("Built 1, unchanged 0, failed 0");
    assert!(pdf_text(&out(d, "late/paper.pdf")).contains("Later"));
    assert!(watch.interrupt().success());

    let mut polling = Watch::with(d, &["--poll", "--interval", "100"]);
    polling.until("unchanged");
    report("Looked for").write(&d.join("inputs/plan.xlsx"));
    polling.until("Built 1, unchanged 0, failed 0");
    assert!(pdf_text(&out(d, "plan.pdf")).contains("Looked for"));
    assert!(polling.interrupt().success());
}
