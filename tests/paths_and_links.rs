//! Paths stay in the project, whatever the links, and every run gives an answer, through
//! the real binary: the exempt tree, an archive and a merged manifest of exempt papers are
//! never steered into output/; nothing outside the project is written, deleted, read or
//! hashed through a link; a lock held by something that is not a Papers build is taken over
//! and `--wait` gives up; pipes, sockets and names other platforms cannot hold are refused by
//! name; long names build. Where an exempt paper is involved, a marker hidden in it is
//! searched for in every byte under output/ and everything printed.

mod support;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::*;

const MARKER: &str = "MARKER-OSPREY-4417";
const FOLDER: &str = "inputs/2026-03-04-cabinet";
const MEETING: &str = "2026-03-04-cabinet";

/// A meeting with an exempt paper (item 4, land.xlsx, paragraph 3, carrying the marker) and
/// a public one (item 5, budget.xlsx).
fn meeting_project() -> tempfile::TempDir {
    let dir = project();
    let rows: Vec<&[&str]> = vec![
        &["Item", "Title", "Report", "Exempt"],
        &["4", "Land", "land.xlsx", "3"],
        &["5", "Budget", "budget.xlsx", ""],
    ];
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
                vec![t("Published"), V::D(2026, 2, 20)],
                vec![t("Council"), t("Borough of Testham")],
            ],
        )
        .text_sheet("Agenda", &rows)
        .write(&dir.path().join(FOLDER).join("meeting.xlsx"));
    let title = format!("Land deal {MARKER}");
    Book::new()
        .cover(&[
            ("Title", title.as_str()),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Item", "4"),
        ])
        .sheet(
            "Report",
            vec![
                vec![t("Heading"), t("Subheading"), t("Text")],
                vec![
                    t("Background"),
                    V::E,
                    t(&format!("The price is {MARKER} pounds.")),
                ],
            ],
        )
        .write(&dir.path().join(FOLDER).join("land.xlsx"));
    Book::new()
        .cover(&[
            ("Title", "Budget monitoring"),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Item", "5"),
        ])
        .sheet(
            "Report",
            vec![
                vec![t("Heading"), t("Subheading"), t("Text")],
                vec![t("Background"), V::E, t("Public text.")],
            ],
        )
        .write(&dir.path().join(FOLDER).join("budget.xlsx"));
    dir
}

/// Everything a run printed.
fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Asserts that the marker is in no byte under output/ (raw, and as PDF text) and in nothing
/// the runs printed.
fn assert_nothing_public(dir: &Path, runs: &[&Output]) {
    for file in files_under(&dir.join("output")) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MARKER),
            "{} holds the marker",
            file.display()
        );
        if file.extension().is_some_and(|e| e == "pdf") {
            assert!(
                !squash(&pdf_text(&file)).contains(&squash(MARKER)),
                "{} shows the marker",
                file.display()
            );
        }
    }
    for run in runs {
        assert!(
            !printed(run).contains(MARKER),
            "the run printed the marker:\n{}",
            printed(run)
        );
    }
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// Runs the binary, killing it (and failing the test) if it has not finished in `limit`:
/// for the cases that used to hang.
fn papers_bounded(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_papers"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let began = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if began.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "papers {} did not finish in {limit:?}:\n{}",
                args.join(" "),
                printed(&out)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_owned()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn write_lock(dir: &Path, pid: u32) {
    std::fs::create_dir_all(dir.join("output")).unwrap();
    std::fs::write(
        dir.join("output/.papers.lock"),
        format!("pid={pid}\nhost={}\nstarted={}\n", host(), now()),
    )
    .unwrap();
}

// 1. The trees are apart, whatever the links.

#[test]
fn an_exempt_tree_that_resolves_inside_output_or_holds_it_is_refused_before_anything_is_written() {
    // exempt/ a link into output/; exempt_dir naming a link into output/; exempt/ a link to
    // the project itself (which holds output/).
    type Setup = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Setup)> = vec![
        (
            "exempt linked into output",
            Box::new(|d: &Path| {
                std::fs::create_dir_all(d.join("output/private")).unwrap();
                symlink(d.join("output/private"), d.join("exempt")).unwrap();
            }),
        ),
        (
            "exempt_dir linked into output",
            Box::new(|d: &Path| {
                std::fs::write(d.join("papers.toml"), "exempt_dir = \"closed\"\n").unwrap();
                std::fs::create_dir_all(d.join("output/private")).unwrap();
                symlink("output/private", d.join("closed")).unwrap();
            }),
        ),
        (
            "exempt linked to the project",
            Box::new(|d: &Path| {
                std::fs::create_dir_all(d.join("output/private")).unwrap();
                symlink(".", d.join("exempt")).unwrap();
            }),
        ),
    ];
    for (name, setup) in cases {
        let dir = meeting_project();
        setup(dir.path());
        let build = papers(dir.path(), &["build"]);
        let err = stderr(&build);
        assert_eq!(code(&build), Some(2), "{name}: {err}");
        assert!(
            err.contains("the exempt tree") && err.contains("output/ is published"),
            "{name}: {err}"
        );
        assert!(
            files_under(&dir.path().join("output")).is_empty(),
            "{name}: written: {:?}",
            files_under(&dir.path().join("output"))
        );
        let check = papers(dir.path(), &["check", "--message-format", "json"]);
        assert_eq!(code(&check), Some(2), "{name}: {}", stderr(&check));
        assert_nothing_public(dir.path(), &[&build, &check]);
    }
}

#[test]
fn an_archive_inside_output_or_holding_it_is_refused_before_anything_is_written() {
    let dir = meeting_project();
    let first = papers(dir.path(), &["build"]);
    assert_eq!(code(&first), Some(0), "{}", stderr(&first));
    assert!(dir.path().join("exempt").join(MEETING).is_dir());
    let before = files_under(&dir.path().join("output"));
    std::fs::create_dir_all(dir.path().join("output/site")).unwrap();
    symlink(dir.path().join("output/site"), dir.path().join("records")).unwrap();
    let mut runs = Vec::new();
    for args in [
        &["build", "--force", "--archive", "output/archive"][..],
        &["build", "--archive", "records"],
        &["archive", "output/archive"],
        &["archive", "records/archive"],
        &["archive", "."],
    ] {
        let out = papers(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(code(&out), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("the archive") && err.contains("output/ is published"),
            "{args:?}: {err}"
        );
        assert_eq!(
            files_under(&dir.path().join("output")),
            before,
            "{args:?} wrote into output/"
        );
        runs.push(out);
    }
    assert!(!dir.path().join("output/archive").exists());
    // An archive outside the project is fine.
    let elsewhere = tempfile::tempdir().unwrap();
    let ok = papers(
        dir.path(),
        &["archive", elsewhere.path().join("a").to_str().unwrap()],
    );
    assert_eq!(code(&ok), Some(0), "{}", stderr(&ok));
    let refs: Vec<&Output> = runs.iter().collect();
    assert_nothing_public(dir.path(), &refs);
}

#[test]
fn a_merged_manifest_of_exempt_papers_is_refused_through_a_link_into_output() {
    let dir = meeting_project();
    let build = papers(dir.path(), &["build"]);
    assert_eq!(code(&build), Some(0), "{}", stderr(&build));
    symlink(dir.path().join("output"), dir.path().join("public")).unwrap();
    let out = papers(
        dir.path(),
        &[
            "manifest",
            "merge",
            "exempt/manifest.json",
            "--include-exempt",
            "-o",
            "public/merged.json",
        ],
    );
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(
        err.contains("resolves to") && err.contains("output/ folder, which is published"),
        "{err}"
    );
    assert!(!dir.path().join("output/merged.json").exists());
    // Into the exempt tree it is merged.
    let ok = papers(
        dir.path(),
        &[
            "manifest",
            "merge",
            "exempt/manifest.json",
            "--include-exempt",
            "-o",
            "exempt/merged.json",
        ],
    );
    assert_eq!(code(&ok), Some(0), "{}", stderr(&ok));
    assert_nothing_public(dir.path(), &[&build, &out, &ok]);
}

/// A project with a standalone report in inputs/m/report.xlsx, built once.
fn built_folder_project() -> tempfile::TempDir {
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/m/report.xlsx"));
    let out = papers(dir.path(), &["build"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("output/m/report.pdf").is_file());
    dir
}

/// A folder outside the project holding files an output could be mistaken for.
fn outside_with_files() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    for name in ["report.pdf", "report.typ", "x.pdf", "keep.txt"] {
        std::fs::write(outside.path().join(name), b"not Papers's").unwrap();
    }
    outside
}

fn assert_untouched(outside: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(outside)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["keep.txt", "report.pdf", "report.typ", "x.pdf"]);
    for name in names {
        assert_eq!(
            std::fs::read(outside.join(&name)).unwrap(),
            b"not Papers's",
            "{name} was changed"
        );
    }
}

#[test]
fn a_failed_or_stale_output_in_a_folder_linked_outside_deletes_nothing_there() {
    // Run without the overlap check of `papers`, which would read the outside folder's files.
    const LIMIT: Duration = Duration::from_secs(120);
    // A document that fails.
    let dir = built_folder_project();
    let outside = outside_with_files();
    std::fs::remove_dir_all(dir.path().join("output/m")).unwrap();
    symlink(outside.path(), dir.path().join("output/m")).unwrap();
    std::fs::write(dir.path().join("inputs/m/report.xlsx"), b"not a workbook").unwrap();
    let failed = papers_bounded(dir.path(), &["build", "--emit-typst"], LIMIT);
    assert_untouched(outside.path());
    assert_ne!(code(&failed), Some(0), "{}", stderr(&failed));
    // A document whose workbook is gone: its output is stale.
    let dir = built_folder_project();
    let outside = outside_with_files();
    std::fs::remove_dir_all(dir.path().join("output/m")).unwrap();
    symlink(outside.path(), dir.path().join("output/m")).unwrap();
    std::fs::remove_file(dir.path().join("inputs/m/report.xlsx")).unwrap();
    let stale = papers_bounded(dir.path(), &["build"], LIMIT);
    assert_untouched(outside.path());
    assert!(
        stderr(&stale).contains("outside output/"),
        "{}",
        stderr(&stale)
    );
    // A first build with a folder of output/ linked outside writes nothing there.
    let dir = project();
    let outside = outside_with_files();
    report("Plan").write(&dir.path().join("inputs/m/report.xlsx"));
    report("Other").write(&dir.path().join("inputs/m/x.xlsx"));
    std::fs::create_dir_all(dir.path().join("output")).unwrap();
    symlink(outside.path(), dir.path().join("output/m")).unwrap();
    let first = papers_bounded(dir.path(), &["build", "--emit-typst"], LIMIT);
    assert_untouched(outside.path());
    let err = stderr(&first);
    assert_eq!(code(&first), Some(1), "{err}");
    assert!(
        err.contains("output/m") && err.contains("remove the link"),
        "{err}"
    );
}

#[test]
fn templates_eject_never_writes_through_a_link() {
    // templates/ linked to a folder outside the project.
    let dir = project();
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), dir.path().join("templates")).unwrap();
    let out = papers(dir.path(), &["templates", "eject"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(
        err.contains("outside the project") && err.contains("remove the link"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A dangling link where a template goes.
    let dir = project();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    symlink(
        outside.path().join("planted.typ"),
        dir.path().join("templates/papers.typ"),
    )
    .unwrap();
    let out = papers(dir.path(), &["templates", "eject"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(err.contains("is a link"), "{err}");
    assert!(!outside.path().join("planted.typ").exists());
    assert_eq!(
        std::fs::read_dir(dir.path().join("templates"))
            .unwrap()
            .count(),
        1,
        "eject wrote some files before refusing"
    );
    // A build does not read templates from a templates/ linked outside.
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/report.xlsx"));
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("papers.typ"), "#let x = 1").unwrap();
    symlink(outside.path(), dir.path().join("templates")).unwrap();
    let out = papers(dir.path(), &["build"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("templates/"), "{}", stderr(&out));
}

#[test]
fn a_papers_toml_that_links_outside_the_project_is_refused_unread() {
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/report.xlsx"));
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("papers.toml"),
        format!("council = \"{MARKER}\"\nnonsense_key = 1\n"),
    )
    .unwrap();
    symlink(
        outside.path().join("papers.toml"),
        dir.path().join("papers.toml"),
    )
    .unwrap();
    for args in [&["build"][..], &["check"]] {
        let out = papers(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(code(&out), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("papers.toml") && err.contains("outside the project"),
            "{args:?}: {err}"
        );
        // Unread: neither its words nor its unknown key are reported.
        assert!(
            !err.contains("nonsense_key") && !printed(&out).contains(MARKER),
            "{err}"
        );
    }
    assert!(files_under(&dir.path().join("output")).is_empty());
}

#[test]
fn an_archive_meeting_folder_linked_outside_receives_nothing() {
    let dir = meeting_project();
    let build = papers(dir.path(), &["build"]);
    assert_eq!(code(&build), Some(0), "{}", stderr(&build));
    let outside = tempfile::tempdir().unwrap();
    let records = tempfile::tempdir().unwrap();
    let archive = records.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    symlink(outside.path(), archive.join(MEETING)).unwrap();
    let out = papers(dir.path(), &["archive", archive.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(1), "{err}");
    assert!(
        err.contains("outside the archive") && err.contains(MEETING),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "the folder outside received files"
    );
    assert_nothing_public(dir.path(), &[&build, &out]);
}

#[test]
fn archive_verify_refuses_paths_outside_the_archive_and_never_hashes_them() {
    let dir = built_folder_project();
    let archive = dir.path().join("archive");
    let out = papers(dir.path(), &["archive", "archive"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let ok = papers(dir.path(), &["archive", "--verify", "archive"]);
    assert_eq!(code(&ok), Some(0), "{}", stderr(&ok));
    // A file outside, linked in, whose hash the edited manifest gives rightly: hashing it
    // would pass it.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.pdf"), b"secret").unwrap();
    symlink(
        outside.path().join("secret.pdf"),
        archive.join("m/linked.pdf"),
    )
    .unwrap();
    let secret_hash = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";
    let manifest_path = archive.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let first = manifest["files"][0].clone();
    for (path, sha) in [
        ("/etc/shadow", secret_hash),
        ("../../outside.pdf", secret_hash),
        ("m/linked.pdf", secret_hash),
    ] {
        let mut record = first.clone();
        record["path"] = path.into();
        record["sha256"] = sha.into();
        manifest["files"].as_array_mut().unwrap().push(record);
    }
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let out = papers(dir.path(), &["archive", "--verify", "archive"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(1), "{err}");
    for path in ["/etc/shadow", "../../outside.pdf", "m/linked.pdf"] {
        assert!(
            err.lines()
                .any(|l| l.contains("refused") && l.contains(path) && l.contains("not read")),
            "{path} not refused: {err}"
        );
    }
    assert!(err.contains("3 refused"), "{err}");
}

// 2. Always an answer.

#[test]
fn a_lock_naming_a_live_process_that_is_not_papers_is_taken_over() {
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/report.xlsx"));
    // pid 1 (init after a reboot), and a live process that is not Papers.
    let mut sleeper = Command::new("sleep").arg("60").spawn().unwrap();
    for pid in [1, sleeper.id()] {
        write_lock(dir.path(), pid);
        let out = papers_bounded(dir.path(), &["build"], Duration::from_secs(120));
        assert_eq!(code(&out), Some(0), "pid {pid}: {}", stderr(&out));
        assert!(!dir.path().join("output/.papers.lock").exists());
    }
    let _ = sleeper.kill();
    let _ = sleeper.wait();
}

#[test]
fn a_lock_held_by_a_live_papers_process_stops_a_build_and_wait_gives_up_after_its_time() {
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/report.xlsx"));
    let live = LivePapers::start();
    let pid = live.pid();
    live.lock(dir.path());
    let out = papers(dir.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(
        err.contains(&format!("pid {pid}")) && err.contains("--wait"),
        "{err}"
    );
    let began = Instant::now();
    let out = papers_bounded(dir.path(), &["build", "--wait=2"], Duration::from_secs(60));
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(began.elapsed() >= Duration::from_secs(2));
    assert!(
        err.contains("after waiting 2 seconds") && err.contains(&format!("pid {pid}")),
        "{err}"
    );
    // `papers archive` says a build is running, and who holds it.
    let records = tempfile::tempdir().unwrap();
    let archive = records.path().join("archive");
    let out = papers(dir.path(), &["archive", archive.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(2), "{err}");
    assert!(
        err.contains("a build of this project is running")
            && err.contains(&format!("pid {pid}"))
            && err.contains("started"),
        "{err}"
    );
    assert!(!archive.exists());
    drop(live);
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn pipes_and_sockets_under_inputs_are_refused_by_name_without_being_opened() {
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/report.xlsx"));
    std::fs::create_dir_all(dir.path().join("inputs/m")).unwrap();
    mkfifo(&dir.path().join("inputs/m/pipe.xlsx"));
    mkfifo(&dir.path().join("inputs/m/meeting.xlsx"));
    let _socket =
        std::os::unix::net::UnixListener::bind(dir.path().join("inputs/socket.xlsx")).unwrap();
    symlink("m/pipe.xlsx", dir.path().join("inputs/linked-pipe.xlsx")).unwrap();
    for args in [&["check"][..], &["build"]] {
        let out = papers_bounded(dir.path(), args, Duration::from_secs(120));
        let err = stderr(&out);
        assert_eq!(code(&out), Some(1), "{args:?}: {err}");
        for (name, kind) in [
            ("inputs/m/pipe.xlsx", "named pipe"),
            ("inputs/m/meeting.xlsx", "named pipe"),
            ("inputs/socket.xlsx", "socket"),
            ("inputs/linked-pipe.xlsx", "named pipe"),
        ] {
            assert!(
                err.lines()
                    .any(|l| l.contains("refused-path") && l.contains(name) && l.contains(kind)),
                "{args:?}: {name} not refused: {err}"
            );
        }
    }
    assert!(dir.path().join("output/report.pdf").is_file());
}

#[test]
fn a_papers_toml_that_is_a_pipe_is_a_configuration_error_not_a_hang() {
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/report.xlsx"));
    mkfifo(&dir.path().join("papers.toml"));
    for args in [&["check"][..], &["build"]] {
        let out = papers_bounded(dir.path(), args, Duration::from_secs(60));
        let err = stderr(&out);
        assert_eq!(code(&out), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("papers.toml is a named pipe (FIFO)"),
            "{args:?}: {err}"
        );
    }
}

// 3. Names.

#[test]
fn names_windows_cannot_hold_and_bidirectional_controls_are_refused_with_a_name_to_use() {
    let dir = project();
    report("Fine").write(&dir.path().join("inputs/fine.xlsx"));
    let cases = [
        ("con.xlsx", "con-1.xlsx"),
        ("NUL.xlsx", "NUL-1.xlsx"),
        ("Com1.final.xlsx", "Com1-1.final.xlsx"),
        ("lpt9.xlsx", "lpt9-1.xlsx"),
        ("aux .xlsx", "aux-1.xlsx"),
        ("report.xlsx ", "report.xlsx"),
        ("plan.xlsx.", "plan.xlsx"),
        ("invoice\u{202E}xslx.xlsx", "invoicexslx.xlsx"),
        ("memo\u{2067}x.xlsx", "memox.xlsx"),
        ("note\u{200F}.xlsx", "note.xlsx"),
        ("arabic\u{061C}.xlsx", "arabic.xlsx"),
    ];
    for (name, _) in cases {
        report(&format!("Paper {MARKER}")).write(&dir.path().join("inputs").join(name));
    }
    // A folder whose name ends in a space.
    report("In folder").write(&dir.path().join("inputs/Cabinet /a.xlsx"));
    let out = papers(dir.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(1), "{err}");
    for (name, instead) in cases {
        let shown = name
            .replace('\u{202E}', "\\u{202e}")
            .replace('\u{2067}', "\\u{2067}")
            .replace('\u{200F}', "\\u{200f}")
            .replace('\u{061C}', "\\u{61c}");
        assert!(
            err.lines().any(|l| l.contains("refused-path")
                && l.contains(&shown)
                && l.contains(&format!("rename it \"{instead}\""))),
            "{name:?} not refused with {instead:?}: {err}"
        );
    }
    assert!(
        err.contains("\"Cabinet \" ends in a space"),
        "the folder is not refused: {err}"
    );
    assert!(
        !err.contains('\u{202E}') && !err.contains('\u{2067}'),
        "a message carries a bidirectional control: {err}"
    );
    // Only the plain one is built.
    let pdfs: Vec<PathBuf> = pdfs_under(&dir.path().join("output"));
    assert_eq!(pdfs, [dir.path().join("output/fine.pdf")], "{err}");
    assert_nothing_public(dir.path(), &[&out]);
}

#[test]
fn an_agenda_report_windows_cannot_hold_is_refused_with_a_name_to_use() {
    let dir = project();
    let rows: Vec<&[&str]> = vec![
        &["Item", "Title", "Report", "Exempt"],
        &["4", "Budget", "budget.xlsx", ""],
        &["5", "Land", "PRN.xlsx", ""],
        &["6", "Plan", "plan.xlsx.", ""],
        &["7", "Trick", "fake\u{202E}xslx.xlsx", ""],
    ];
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
            ],
        )
        .text_sheet("Agenda", &rows)
        .write(&dir.path().join(FOLDER).join("meeting.xlsx"));
    report("Budget").write(&dir.path().join(FOLDER).join("budget.xlsx"));
    let out = papers(dir.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(1), "{err}");
    for (cell, instead) in [("C3", "PRN-1.xlsx"), ("C4", "plan.xlsx")] {
        assert!(
            err.lines().any(|l| l.contains("refused-path")
                && l.contains(cell)
                && l.contains(&format!("rename it \"{instead}\""))),
            "{cell}: {err}"
        );
    }
    // A bidirectional control in a cell is taken out as the cell is read, and said.
    assert!(
        err.lines()
            .any(|l| l.contains("control-characters") && l.contains("C5")),
        "{err}"
    );
}

#[test]
fn a_workbook_name_of_250_characters_builds() {
    let dir = project();
    let name = format!("{}.xlsx", "a".repeat(245));
    assert_eq!(name.len(), 250);
    report("Long name").write(&dir.path().join("inputs").join(&name));
    let out = papers(dir.path(), &["build", "--emit-typst"]);
    let err = stderr(&out);
    assert_eq!(code(&out), Some(0), "{err}");
    let stem = "a".repeat(245);
    assert!(dir.path().join(format!("output/{stem}.pdf")).is_file());
    assert!(dir.path().join(format!("output/{stem}.typ")).is_file());
    // No temporary file is left.
    let left: Vec<PathBuf> = files_under(&dir.path().join("output"))
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // And it archives.
    let out = papers(dir.path(), &["archive", "archive"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(dir.path().join(format!("archive/{stem}.pdf")).is_file());
}

#[test]
fn a_meeting_workbook_refused_by_name_or_as_a_pipe_publishes_none_of_its_papers() {
    for case in ["pipe", "trailing space", "trailing dot"] {
        let dir = meeting_project();
        let meeting = dir.path().join(FOLDER).join("meeting.xlsx");
        match case {
            "pipe" => {
                std::fs::remove_file(&meeting).unwrap();
                mkfifo(&meeting);
            }
            "trailing space" => {
                std::fs::rename(&meeting, dir.path().join(FOLDER).join("meeting.xlsx ")).unwrap()
            }
            _ => std::fs::rename(&meeting, dir.path().join(FOLDER).join("Meeting.xlsx.")).unwrap(),
        }
        let check = papers_bounded(
            dir.path(),
            &["check", "--message-format", "json"],
            Duration::from_secs(60),
        );
        let build = papers_bounded(dir.path(), &["build"], Duration::from_secs(120));
        let err = stderr(&build);
        assert_eq!(code(&build), Some(1), "{case}: {err}");
        assert!(
            err.contains("refused-path") && err.contains("exempt-unknown"),
            "{case}: {err}"
        );
        assert!(
            pdfs_under(&dir.path().join("output")).is_empty(),
            "{case}: {:?}",
            pdfs_under(&dir.path().join("output"))
        );
        assert_nothing_public(dir.path(), &[&check, &build]);
    }
}

#[test]
fn a_pipe_as_a_template_a_logo_or_a_font_is_a_configuration_error_not_a_hang() {
    type Setup = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Setup)> = vec![
        (
            "templates/papers.typ",
            Box::new(|d: &Path| {
                std::fs::create_dir_all(d.join("templates")).unwrap();
                mkfifo(&d.join("templates/papers.typ"));
            }),
        ),
        (
            "logo",
            Box::new(|d: &Path| {
                std::fs::write(
                    d.join("papers.toml"),
                    "[logo]\npath = \"logo.png\"\nalt = \"Council\"\n",
                )
                .unwrap();
                mkfifo(&d.join("logo.png"));
            }),
        ),
        (
            "font",
            Box::new(|d: &Path| {
                std::fs::write(d.join("papers.toml"), "fonts = \"fonts\"\n").unwrap();
                std::fs::create_dir_all(d.join("fonts")).unwrap();
                mkfifo(&d.join("fonts/house.ttf"));
            }),
        ),
    ];
    for (name, setup) in cases {
        let dir = project();
        report("Plan").write(&dir.path().join("inputs/report.xlsx"));
        setup(dir.path());
        let out = papers_bounded(dir.path(), &["build"], Duration::from_secs(60));
        let err = stderr(&out);
        assert_eq!(code(&out), Some(2), "{name}: {err}");
        // A pipe in the fonts folder is passed over like any other file that is not a font.
        assert!(
            err.contains("named pipe") || (name == "font" && err.contains("holds no")),
            "{name}: {err}"
        );
    }
}
