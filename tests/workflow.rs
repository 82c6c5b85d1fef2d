//! The command line as people and scripts use it: JSON on stdout, one workbook at a time,
//! the project found from inside it, colour and verbosity, the lock message.

mod support;

use std::process::Command;

use support::*;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every stdout line as JSON; panics on a line that is not.
fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// A project with a good paper and one with a misspelt Key decision.
fn two_papers() -> tempfile::TempDir {
    let dir = project();
    report("Good paper").write(&dir.path().join("inputs/good.xlsx"));
    Book::new()
        .cover(&[("Title", "Bad paper"), ("Key decision", "Yse")])
        .write(&dir.path().join("inputs/bad.xlsx"));
    dir
}

#[test]
fn json_goes_to_stdout_and_people_messages_to_stderr() {
    let dir = two_papers();
    let run = papers(dir.path(), &["check", "--message-format", "json"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let lines = json_lines(&run);
    let slip = lines
        .iter()
        .find(|l| l["code"] == "bad-value")
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(slip["file"], "inputs/bad.xlsx");
    assert_eq!(slip["cell"], "B3");
    assert_eq!(slip["suggestion"], "Yes");
    let summary = lines.last().unwrap();
    assert_eq!(summary["event"], "summary");
    assert_eq!(summary["documents"], 2);
    assert_eq!(summary["errors"], 1);
    assert!(
        stderr(&run).trim().is_empty(),
        "nothing for people in JSON mode: {}",
        stderr(&run)
    );

    let run = papers(dir.path(), &["build", "--message-format", "json"]);
    let lines = json_lines(&run);
    let outputs: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["event"] == "output")
        .map(|l| (l["path"].as_str().unwrap(), l["status"].as_str().unwrap()))
        .collect();
    assert!(
        outputs.contains(&("output/good.pdf", "built"))
            && outputs.contains(&("output/bad.pdf", "failed")),
        "{outputs:?}"
    );
    assert_eq!(lines.last().unwrap()["event"], "summary");
    assert_eq!(lines.last().unwrap()["built"], 1);

    // Human messages stay on stderr; stdout is left clean.
    let run = papers(dir.path(), &["check"]);
    assert!(stdout(&run).is_empty(), "{}", stdout(&run));
    assert!(
        stderr(&run).contains("error[bad-value]"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn named_workbooks_are_checked_and_built_on_their_own() {
    let dir = two_papers();
    let run = papers(dir.path(), &["check", "inputs/good.xlsx"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("Checked 1 document: 0 errors, 0 warnings"),
        "{}",
        stderr(&run)
    );
    let run = papers(dir.path(), &["check", "inputs/bad.xlsx"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("Checked 1 document: 1 error, 0 warnings"),
        "{}",
        stderr(&run)
    );

    let run = papers(dir.path(), &["build", "inputs/good.xlsx"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(out(dir.path(), "good.pdf").is_file());
    assert!(!out(dir.path(), "bad.pdf").exists());
    assert!(
        stderr(&run).contains("Built 1, unchanged 0, failed 0"),
        "{}",
        stderr(&run)
    );
    // Building another one keeps the first in the manifest.
    report("Second").write(&dir.path().join("inputs/second.xlsx"));
    assert_eq!(
        papers(dir.path(), &["build", "inputs/second.xlsx"])
            .status
            .code(),
        Some(0)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("output/manifest.json")).unwrap())
            .unwrap();
    let mut paths: Vec<&str> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    paths.sort();
    // Each named build writes its paper's web page too, and keeps the other's.
    assert_eq!(
        paths,
        [
            "output/good.html",
            "output/good.pdf",
            "output/papers.css",
            "output/second.html",
            "output/second.pdf"
        ]
    );

    let run = papers(dir.path(), &["check", "inputs/missing.xlsx"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("inputs/missing.xlsx: no such file"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn the_project_is_found_from_inside_it_and_an_error_names_the_folders_searched() {
    let dir = two_papers();
    std::fs::create_dir_all(dir.path().join("inputs/sub")).unwrap();
    let run = papers(
        &dir.path().join("inputs"),
        &["check", "good.xlsx", "--message-format", "json"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(json_lines(&run).last().unwrap()["documents"], 1);
    let run = papers(&dir.path().join("inputs/sub"), &["check"]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "the whole project is checked: {}",
        stderr(&run)
    );
    assert!(
        stderr(&run).contains("Checked 2 documents: 1 error, 0 warnings"),
        "{}",
        stderr(&run)
    );
    let run = papers(&dir.path().join("inputs"), &["build"]);
    assert!(stderr(&run).contains("-> ../output"), "{}", stderr(&run));
    assert!(out(dir.path(), "good.pdf").is_file());

    let lost = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(lost.path().join("a/b")).unwrap();
    let run = papers(&lost.path().join("a/b"), &["check"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    let canonical = std::fs::canonicalize(lost.path()).unwrap();
    for searched in [
        canonical.join("a/b"),
        canonical.join("a"),
        canonical.clone(),
    ] {
        assert!(
            err.contains(&format!("{},", searched.display()))
                || err.contains(&format!("{}\n", searched.display())),
            "{} not named: {err}",
            searched.display()
        );
    }
    assert!(
        err.contains("inputs/") && err.contains("papers.toml"),
        "{err}"
    );
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let dir = two_papers();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_papers"));
        cmd.args(args)
            .current_dir(dir.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        stderr(&cmd.output().unwrap())
    };
    let escape = "\x1b[";
    assert!(!run(&["check"], &[]).contains(escape), "piped: no colour");
    assert!(run(&["check", "--color", "always"], &[]).contains(escape));
    assert!(run(&["check"], &[("CLICOLOR_FORCE", "1")]).contains(escape));
    assert!(!run(&["check"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains(escape));
    assert!(!run(&["check", "--color", "never"], &[("CLICOLOR_FORCE", "1")]).contains(escape));
    assert!(
        run(&["check", "--color", "always"], &[("NO_COLOR", "1")]).contains(escape),
        "the flag wins"
    );
}

#[test]
fn a_piped_no_op_rebuild_prints_one_line_and_verbose_lists_the_unchanged() {
    let dir = project();
    report("One").write(&dir.path().join("inputs/one.xlsx"));
    report("Two").write(&dir.path().join("inputs/two.xlsx"));
    let first = stderr(&papers(dir.path(), &["build"]));
    assert!(first.contains("built     output/one.pdf"), "{first}");
    let again = stderr(&papers(dir.path(), &["build"]));
    assert_eq!(again.lines().count(), 1, "{again}");
    assert!(
        again.starts_with("Built 0, unchanged 2, failed 0 in "),
        "{again}"
    );
    let verbose = stderr(&papers(dir.path(), &["build", "-v"]));
    for path in ["output/one.pdf", "output/two.pdf"] {
        assert!(verbose.contains(&format!("unchanged {path}")), "{verbose}");
    }
}

#[test]
fn the_lock_message_gives_the_holders_start_as_a_time() {
    let dir = project();
    report("One").write(&dir.path().join("inputs/one.xlsx"));
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "elsewhere".into());
    // A live Papers process, started before its lock: not taken over.
    let live = LivePapers::start();
    let started = live.lock(dir.path());
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    let s = started % 86_400;
    assert!(
        err.contains(&format!("pid {} on {host}, started ", live.pid()))
            && err.contains(&format!(
                " at {:02}:{:02}:{:02} UTC",
                s / 3600,
                s / 60 % 60,
                s % 60
            )),
        "{err}"
    );
    assert!(!err.contains(&format!("started={started}")), "{err}");
    drop(live);
}

#[test]
fn papers_new_meeting_says_ods_and_xls_are_meeting_workbooks_too() {
    let dir = project();
    let run = papers(dir.path(), &["new", "meeting", "inputs/2026-03-04-cabinet"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("meeting.ods (LibreOffice) or meeting.xls (older Excel)"),
        "{}",
        stderr(&run)
    );
    let run = papers(
        dir.path(),
        &["new", "meeting", "inputs/2026-04-01-cabinet/meeting.ods"],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("meeting.ods and meeting.xls are meeting workbooks too"),
        "{}",
        stderr(&run)
    );
}
