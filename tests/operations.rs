//! Papers as a scheduled job and its operator see it: complete JSON (counts, the workbooks
//! each output came from, one JSON object for an error that stops a run), a sealed archive
//! whose tampering `--verify` catches, and shards numbered by a scheduler that add up to the
//! one-machine build.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::*;

const FOLDER: &str = "inputs/2027-01-14-cabinet";
const SECRET: &str = "depot-sale";

/// A Cabinet on 14 January 2027, published on 6 January, with a public and an exempt paper.
fn meeting_project(dir: &Path) {
    let fields = vec![
        vec![t("Field"), t("Value")],
        vec![t("Committee"), t("Cabinet")],
        vec![t("Date"), V::D(2027, 1, 14)],
        vec![t("Time"), t("5.30pm")],
        vec![t("Venue"), t("Council Chamber")],
        vec![t("Published"), V::D(2027, 1, 6)],
    ];
    Book::new()
        .sheet("Meeting", fields)
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["1", "Budget monitoring", "budget.xlsx", ""],
                &["2", "Disposal of land", &format!("{SECRET}.xlsx"), "3"],
            ],
        )
        .write(&dir.join(FOLDER).join("meeting.xlsx"));
    paper("Budget monitoring", "1").write(&dir.join(FOLDER).join("budget.xlsx"));
    paper("Disposal of the depot", "2").write(&dir.join(FOLDER).join(format!("{SECRET}.xlsx")));
}

fn paper(title: &str, item: &str) -> Book {
    Book::new()
        .cover(&[
            ("Title", title),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2027-01-14"),
            ("Item", item),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "Text."],
            ],
        )
}

/// The JSON lines a run printed on stdout, each parsed (a line that is not JSON fails).
fn json_lines(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

fn code(out: &std::process::Output) -> Option<i32> {
    out.status.code()
}

// 1. JSON complete.

#[test]
fn build_summary_counts_errors_and_warnings_and_each_output_names_its_workbooks() {
    let dir = project();
    meeting_project(dir.path());
    // A standalone report with a warning (a placeholder), and one with an error (no Title).
    report("Plan £XX").write(&dir.path().join("inputs/plan.xlsx"));
    Book::new()
        .cover(&[("Committee", "Cabinet")])
        .write(&dir.path().join("inputs/broken.xlsx"));
    let out = papers(
        dir.path(),
        &["build", "--message-format", "json", "--today", "2027-01-07"],
    );
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    let lines = json_lines(&out);
    let summary = lines.last().unwrap();
    assert_eq!(summary["event"], "summary");
    let count = |severity: &str| {
        lines
            .iter()
            .filter(|l| l.get("event").is_none() && l["severity"] == severity)
            .count()
    };
    assert!(count("error") >= 1 && count("warning") >= 1, "{lines:?}");
    assert_eq!(summary["errors"], count("error"));
    assert_eq!(summary["warnings"], count("warning"));
    for key in ["built", "unchanged", "failed", "seconds"] {
        assert!(summary.get(key).is_some(), "{key}: {summary}");
    }
    let output = |path: &str| {
        lines
            .iter()
            .find(|l| l["event"] == "output" && l["path"] == path)
            .unwrap_or_else(|| panic!("no output event for {path}: {lines:?}"))
    };
    assert_eq!(
        output("output/plan.pdf")["sources"],
        serde_json::json!(["inputs/plan.xlsx"])
    );
    assert_eq!(output("output/broken.pdf")["status"], "failed");
    assert_eq!(
        output("output/broken.pdf")["sources"],
        serde_json::json!(["inputs/broken.xlsx"])
    );
    let budget = output("output/2027-01-14-cabinet/budget.pdf");
    assert_eq!(
        budget["sources"],
        serde_json::json!([
            format!("{FOLDER}/budget.xlsx"),
            format!("{FOLDER}/meeting.xlsx")
        ])
    );
    // The exempt paper and its pack: its meeting workbook named, the paper folded.
    let exempt: Vec<&Value> = lines
        .iter()
        .filter(|l| l["event"] == "output" && l["path"].as_str().unwrap().starts_with("exempt/"))
        .collect();
    assert_eq!(exempt.len(), 2, "{lines:?}");
    for line in exempt {
        let sources: Vec<&str> = line["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert!(sources.contains(&"exempt papers"), "{line}");
        assert!(sources.iter().all(|s| !s.contains(SECRET)), "{line}");
    }
    // No source of any output, public page or pack names the exempt workbook.
    for line in lines.iter().filter(|l| l["event"] == "output") {
        assert!(!line["sources"].to_string().contains(SECRET), "{line}");
    }
}

#[test]
fn an_error_that_stops_the_run_is_one_json_object_on_stdout_with_exit_status_2() {
    let one = |dir: &Path, args: &[&str]| -> Value {
        let out = papers(dir, args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 1, "{args:?}: {lines:?}");
        assert_eq!(lines[0]["event"], "error");
        assert!(!lines[0]["message"].as_str().unwrap().is_empty());
        // And for people, on stderr.
        assert!(stderr(&out).contains("error"), "{}", stderr(&out));
        lines[0].clone()
    };
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/plan.xlsx"));
    std::fs::write(dir.path().join("papers.toml"), "acent = \"#1f4e79\"\n").unwrap();
    let config = one(dir.path(), &["build", "--message-format", "json"]);
    assert_eq!(
        (config["code"].as_str(), config["file"].as_str()),
        (Some("config"), Some("papers.toml"))
    );
    let check = one(dir.path(), &["check", "--message-format=json"]);
    assert_eq!(check["code"], "config");
    std::fs::remove_file(dir.path().join("papers.toml")).unwrap();

    let usage = one(
        dir.path(),
        &["build", "--message-format", "json", "--jobs", "many"],
    );
    assert_eq!(usage["code"], "usage");
    assert!(usage.get("file").is_none(), "{usage}");
    std::fs::write(dir.path().join("notes.txt"), "not a workbook").unwrap();
    let outside = one(
        dir.path(),
        &["check", "--message-format", "json", "notes.txt"],
    );
    assert_eq!(outside["code"], "usage");

    let empty = tempfile::tempdir().unwrap();
    let none = one(empty.path(), &["build", "--message-format", "json"]);
    assert_eq!(none["code"], "no-project");
    let archive = one(
        empty.path(),
        &["archive", "--verify", "nothing", "--message-format", "json"],
    );
    assert_eq!(archive["code"], "usage");

    // A build holding the lock: try again later.
    let live = LivePapers::start();
    live.lock(dir.path());
    let locked = one(dir.path(), &["build", "--message-format", "json"]);
    assert_eq!(locked["code"], "locked");
    assert!(
        locked["file"].as_str().unwrap().ends_with(".papers.lock"),
        "{locked}"
    );
    let archiving = one(dir.path(), &["archive", "../a", "--message-format", "json"]);
    assert_eq!(archiving["code"], "locked");

    // Without --message-format json nothing is printed on stdout.
    let human = papers(dir.path(), &["build"]);
    assert_eq!(code(&human), Some(2));
    assert!(human.stdout.is_empty());
}

// 2. A sealed archive.

/// A built project and its archive, with a second version of the budget paper archived.
fn archived() -> (tempfile::TempDir, PathBuf) {
    let dir = project();
    meeting_project(dir.path());
    report("Plan").write(&dir.path().join("inputs/plan.xlsx"));
    let out = papers(dir.path(), &["build", "--today", "2027-01-07"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let archive = dir.path().join("archive");
    let out = papers(
        dir.path(),
        &["archive", "archive", "--message-format", "json"],
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert!(
        lines
            .iter()
            .any(|l| l["event"] == "archived" && l["path"] == "plan.pdf"),
        "{lines:?}"
    );
    assert_eq!(lines.last().unwrap()["event"], "summary");
    assert!(lines.last().unwrap()["archived"].as_u64().unwrap() >= 4);
    report("Plan, revised").write(&dir.path().join("inputs/plan.xlsx"));
    assert_eq!(
        code(&papers(
            dir.path(),
            &["build", "--today", "2027-01-07", "--archive", "archive"]
        )),
        Some(0)
    );
    assert!(archive.join("plan.v2.pdf").is_file());
    (dir, archive)
}

fn verify(dir: &Path) -> (Option<i32>, Value, Vec<Value>) {
    let out = papers(
        dir,
        &["archive", "--verify", "archive", "--message-format", "json"],
    );
    let mut lines = json_lines(&out);
    let summary = lines.pop().unwrap();
    assert_eq!(summary["event"], "summary", "{summary}");
    (code(&out), summary, lines)
}

fn manifest(archive: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(archive.join("manifest.json")).unwrap()).unwrap()
}

fn write_manifest(archive: &Path, value: &Value) {
    std::fs::write(
        archive.join("manifest.json"),
        serde_json::to_vec_pretty(value).unwrap(),
    )
    .unwrap();
}

/// Writes over an archived file, as someone with the rights to would.
fn tamper(path: &Path, bytes: &[u8]) {
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(path, permissions).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    for file in files_under(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}

/// Runs `edit` on a fresh copy of the archive and returns what --verify says of it.
fn after(dir: &Path, archive: &Path, edit: impl FnOnce(&Path)) -> (Option<i32>, Value, Vec<Value>) {
    let scratch = tempfile::tempdir_in(dir).unwrap();
    let copy = scratch.path().join("archive");
    copy_tree(archive, &copy);
    edit(&copy);
    let result = verify(scratch.path());
    drop(scratch);
    result
}

#[test]
fn archived_files_are_read_only_and_each_record_is_linked_to_the_one_before() {
    let (dir, archive) = archived();
    for file in files_under(&archive)
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
    {
        assert!(
            std::fs::metadata(file).unwrap().permissions().readonly(),
            "{}",
            file.display()
        );
    }
    let m = manifest(&archive);
    let files = m["files"].as_array().unwrap();
    assert!(files.len() >= 5);
    assert_eq!(files[0]["prev"].as_str().unwrap(), "0".repeat(64));
    assert!(
        files
            .iter()
            .all(|f| f["prev"].as_str().is_some_and(|p| p.len() == 64))
    );
    let (status, summary, findings) = verify(dir.path());
    assert_eq!(status, Some(0), "{findings:?}");
    assert_eq!(summary["head"], m["head"]);
    assert_eq!(summary["legacy"], 0);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn verify_catches_an_edited_record_a_file_altered_with_its_record_and_unrecorded_files() {
    let (dir, archive) = archived();
    let dir = dir.path();
    let last = manifest(&archive)["files"].as_array().unwrap().len() - 1;
    let caught = |(status, summary, findings): (Option<i32>, Value, Vec<Value>), code: &str| {
        assert_eq!(status, Some(1), "{summary} {findings:?}");
        assert!(
            findings.iter().any(|f| f["code"] == code),
            "{code}: {findings:?}"
        );
        summary
    };
    // A record edited, in the middle: the next record's link breaks.
    caught(
        after(dir, &archive, |a| {
            let mut m = manifest(a);
            m["files"][1]["archived"] = "2020-01-01T00:00:00Z".into();
            write_manifest(a, &m);
        }),
        "archive-record-altered",
    );
    // A file altered together with its record, first and last: no file is "altered", but the
    // chain (or the head) gives it away.
    for index in [0, last] {
        let summary = caught(
            after(dir, &archive, |a| {
                let mut m = manifest(a);
                let path = m["files"][index]["path"].as_str().unwrap().to_owned();
                let forged = b"%PDF-1.7 forged";
                tamper(&a.join(&path), forged);
                m["files"][index]["sha256"] = sha256_hex(forged).into();
                write_manifest(a, &m);
            }),
            "archive-record-altered",
        );
        assert_eq!(summary["altered"], 0, "{summary}");
    }
    // The last record and its file removed.
    caught(
        after(dir, &archive, |a| {
            let mut m = manifest(a);
            let gone = m["files"].as_array_mut().unwrap().pop().unwrap();
            tamper(&a.join(gone["path"].as_str().unwrap()), b"");
            std::fs::remove_file(a.join(gone["path"].as_str().unwrap())).unwrap();
            write_manifest(a, &m);
        }),
        "archive-record-altered",
    );
    // A file no record names, and a plain alteration.
    let summary = caught(
        after(dir, &archive, |a| {
            std::fs::write(a.join("2027-01-14-cabinet/extra.pdf"), b"%PDF").unwrap();
        }),
        "archive-unrecorded",
    );
    assert_eq!(summary["unrecorded"], 1);
    caught(
        after(dir, &archive, |a| tamper(&a.join("plan.pdf"), b"x")),
        "archive-altered",
    );
    // The archive itself is untouched by all that.
    assert_eq!(verify(dir).0, Some(0));
}

#[test]
fn an_archive_without_links_verifies_as_legacy_and_is_sealed_by_the_next_archiving() {
    let (dir, archive) = archived();
    // As an earlier Papers wrote it: no prev, no head.
    let mut m = manifest(&archive);
    m.as_object_mut().unwrap().remove("head");
    for f in m["files"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("prev");
    }
    write_manifest(&archive, &m);
    let legacy = m["files"].as_array().unwrap().len();
    let (status, summary, findings) = verify(dir.path());
    assert_eq!(status, Some(0), "{findings:?}");
    assert_eq!(summary["legacy"], legacy);
    assert!(
        summary["message"]
            .as_str()
            .unwrap()
            .contains("before records were linked"),
        "{summary}"
    );
    let human = papers(dir.path(), &["archive", "--verify", "archive"]);
    assert!(
        stderr(&human).contains("before records were linked"),
        "{}",
        stderr(&human)
    );

    // The next archiving links on from all of them.
    report("Plan, revised again").write(&dir.path().join("inputs/plan.xlsx"));
    assert_eq!(
        code(&papers(
            dir.path(),
            &["build", "--today", "2027-01-07", "--archive", "archive"]
        )),
        Some(0)
    );
    let m = manifest(&archive);
    let files = m["files"].as_array().unwrap();
    assert_eq!(files.len(), legacy + 1);
    assert_eq!(files[legacy]["path"], "plan.v3.pdf");
    assert!(
        files[legacy]["prev"]
            .as_str()
            .is_some_and(|p| p.len() == 64 && p != "0".repeat(64))
    );
    let (status, summary, _) = verify(dir.path());
    assert_eq!(
        (status, summary["legacy"].as_u64()),
        (Some(0), Some(legacy as u64))
    );
    // Now a legacy record edited together with its file is caught.
    let (status, _, findings) = after(dir.path(), &archive, |a| {
        let mut m = manifest(a);
        let forged = b"%PDF-1.7 forged";
        tamper(&a.join(m["files"][0]["path"].as_str().unwrap()), forged);
        m["files"][0]["sha256"] = sha256_hex(forged).into();
        write_manifest(a, &m);
    });
    assert_eq!(status, Some(1));
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "archive-record-altered"),
        "{findings:?}"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    papers::base::hash::sha256(bytes)
}

// 3. Shards from the scheduler.

/// Which scheduler variables a shard test sets, and the number each gives its first worker.
const INDEXES: &[(&str, u32)] = &[
    ("JOB_COMPLETION_INDEX", 0),
    ("AWS_BATCH_JOB_ARRAY_INDEX", 0),
    ("CI_NODE_INDEX", 1),
];

/// `papers` in `dir` with only `vars` of the scheduler variables set.
fn papers_under(dir: &Path, vars: &[(&str, String)], args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_papers"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    for (name, _) in INDEXES {
        command.env_remove(name);
    }
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

/// Five standalone reports, a published meeting with an exempt paper, and a draft meeting.
fn shard_project(dir: &Path) {
    meeting_project(dir);
    for name in ["alpha", "bravo", "charlie", "delta", "echo"] {
        report(&format!("Plan {name}")).write(&dir.join(format!("inputs/{name}.xlsx")));
    }
    let folder = dir.join("inputs/2027-02-11-scrutiny");
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Scrutiny")],
                vec![t("Date"), V::D(2027, 2, 11)],
                vec![t("Time"), t("6pm")],
                vec![t("Venue"), t("Room 2")],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["1", "Leisure review", "leisure.xlsx", ""],
            ],
        )
        .write(&folder.join("meeting.xlsx"));
    Book::new()
        .cover(&[
            ("Title", "Leisure review"),
            ("Committee", "Scrutiny"),
            ("Meeting date", "date:2027-02-11"),
            ("Item", "1"),
        ])
        .text_sheet(
            "Report",
            &[&["Heading", "Subheading", "Text"], &["Review", "", "Text."]],
        )
        .write(&folder.join("leisure.xlsx"));
}

/// Every file of the trees a build writes, by path, but the run's own records (manifests and
/// ledgers, which keep file times and statuses), with their bytes.
fn built_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    for tree in ["output", "exempt", "drafts"] {
        for file in files_under(&dir.join(tree)) {
            let rel = file
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let name = rel.rsplit('/').next().unwrap();
            if name.starts_with("manifest") || name.starts_with("ledger") {
                continue;
            }
            files.insert(rel, std::fs::read(&file).unwrap());
        }
    }
    files
}

/// Each output a tree's manifest records, with its SHA-256.
fn recorded(dir: &Path, tree: &str) -> Vec<(String, Option<String>)> {
    let Ok(bytes) = std::fs::read(dir.join(tree).join("manifest.json")) else {
        return Vec::new();
    };
    let manifest: Value = serde_json::from_slice(&bytes).unwrap();
    let mut outputs: Vec<(String, Option<String>)> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["sha256"].as_str().map(str::to_owned),
            )
        })
        .collect();
    outputs.sort();
    outputs
}

#[test]
fn shards_numbered_by_each_scheduler_one_killed_and_run_again_add_up_to_the_one_machine_build() {
    const N: u32 = 3;
    const TODAY: &str = "2027-01-07";
    let one = project();
    shard_project(one.path());
    let out = papers(one.path(), &["build", "--today", TODAY]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let expected = built_files(one.path());
    assert!(
        expected.keys().any(|p| p.starts_with("exempt/")),
        "{:?}",
        expected.keys()
    );
    assert!(
        expected.keys().any(|p| p.starts_with("drafts/")),
        "{:?}",
        expected.keys()
    );
    assert!(expected.contains_key("output/index.html"));

    for (round, &(variable, first)) in INDEXES.iter().enumerate() {
        let dir = project();
        copy_tree(&one.path().join("inputs"), &dir.path().join("inputs"));
        let shard_args = ["build", "--shard", "auto/3", "--today", TODAY];
        let vars = |k: u32| [(variable, (first + k).to_string())];
        // All N at once in one project folder, as workers sharing a volume run; one is
        // killed part-way (a pre-empted pod), at a different moment each round, and run
        // again: its lock is taken over and its work done again.
        let victim = round as u32 % N;
        let workers: Vec<std::process::Child> = (0..N)
            .map(|k| {
                papers_under(dir.path(), &vars(k), &shard_args)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(60 + 150 * round as u64));
        for (k, mut worker) in (0..N).zip(workers) {
            if k == victim {
                let _ = worker.kill();
                let _ = worker.wait();
                continue;
            }
            let out = worker.wait_with_output().unwrap();
            assert_eq!(
                code(&out),
                Some(0),
                "{variable}={}: {}",
                first + k,
                stderr(&out)
            );
            assert!(
                stderr(&out).contains(&format!("Shard {} of {N}", k + 1)),
                "{}",
                stderr(&out)
            );
        }
        let out = papers_under(dir.path(), &vars(victim), &shard_args)
            .output()
            .unwrap();
        assert_eq!(
            code(&out),
            Some(0),
            "{variable}={}: {}",
            first + victim,
            stderr(&out)
        );
        let mut merge = vec!["manifest".to_owned(), "merge".to_owned()];
        for k in 1..=N {
            let name = format!("output/manifest.shard-{k}-of-{N}.json");
            assert!(dir.path().join(&name).is_file(), "{variable}: no {name}");
            merge.push(name);
        }
        merge.extend(["-o".to_owned(), "output/manifest.json".to_owned()]);
        let merge: Vec<&str> = merge.iter().map(String::as_str).collect();
        let out = papers(dir.path(), &merge);
        assert_eq!(code(&out), Some(0), "{}", stderr(&out));
        let out = papers(dir.path(), &["build", "--today", TODAY]);
        assert_eq!(code(&out), Some(0), "{}", stderr(&out));

        let got = built_files(dir.path());
        let names =
            |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&got),
            names(&expected),
            "{variable}: the files differ"
        );
        for (path, bytes) in &expected {
            assert!(
                &got[path] == bytes,
                "{variable}: {path} differs from the one-machine build"
            );
        }
        for tree in ["output", "exempt", "drafts"] {
            assert_eq!(
                recorded(dir.path(), tree),
                recorded(one.path(), tree),
                "{variable}: {tree}/manifest.json"
            );
            let left: Vec<_> = std::fs::read_dir(dir.path().join(tree))
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".shard-") || n.ends_with(".lock"))
                .collect();
            assert!(left.is_empty(), "{variable}: {tree}/ keeps {left:?}");
        }
    }
}

#[test]
fn auto_shards_are_refused_without_exactly_one_scheduler_index_in_range() {
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/plan.xlsx"));
    let args = ["build", "--shard", "auto/3", "--message-format", "json"];
    let cases: Vec<(Vec<(&str, String)>, &str)> = vec![
        (vec![], "none of JOB_COMPLETION_INDEX"),
        (
            vec![
                ("JOB_COMPLETION_INDEX", "0".into()),
                ("CI_NODE_INDEX", "1".into()),
            ],
            "JOB_COMPLETION_INDEX=0 and CI_NODE_INDEX=1",
        ),
        (
            vec![("JOB_COMPLETION_INDEX", "3".into())],
            "JOB_COMPLETION_INDEX=3",
        ),
        (
            vec![("AWS_BATCH_JOB_ARRAY_INDEX", "x".into())],
            "AWS_BATCH_JOB_ARRAY_INDEX",
        ),
        (vec![("CI_NODE_INDEX", "0".into())], "CI_NODE_INDEX=0"),
    ];
    for (vars, says) in cases {
        let out = papers_under(dir.path(), &vars, &args).output().unwrap();
        assert_eq!(code(&out), Some(2), "{vars:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{vars:?}: {}", stderr(&out));
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0]["code"], "usage");
        assert!(lines[0]["message"].as_str().unwrap().contains(says));
        // Nothing was built.
        assert!(!dir.path().join("output").exists());
    }
}

#[test]
fn a_build_of_named_workbooks_does_not_miss_the_papers_of_meetings_it_did_not_take() {
    let dir = project();
    meeting_project(dir.path());
    report("Plan").write(&dir.path().join("inputs/plan.xlsx"));
    let out = papers(dir.path(), &["build", "--today", "2027-01-07"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    for named in ["inputs/plan.xlsx", "inputs"] {
        let out = papers(dir.path(), &["build", "--today", "2027-01-07", named]);
        assert_eq!(code(&out), Some(0), "{named}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("published-kept"),
            "{named}: {}",
            stderr(&out)
        );
    }
    // A paper of the meeting gone is still missed by a build that takes the meeting.
    std::fs::remove_file(dir.path().join(FOLDER).join("budget.xlsx")).unwrap();
    let out = papers(
        dir.path(),
        &[
            "build",
            "--today",
            "2027-01-07",
            &format!("{FOLDER}/meeting.xlsx"),
        ],
    );
    assert!(stderr(&out).contains("published-kept"), "{}", stderr(&out));
}

#[test]
fn the_readme_lists_every_code_of_an_error_that_stops_a_run() {
    use papers::base::fault::code;
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for c in [
        code::USAGE,
        code::NO_PROJECT,
        code::CONFIG,
        code::LOCKED,
        code::IO,
        code::FAILED,
    ] {
        assert!(
            readme.contains(&format!("| `{c}` |")),
            "README.md lacks {c}"
        );
    }
    for c in [
        "archive-altered",
        "archive-missing",
        "archive-refused",
        "archive-unrecorded",
        "archive-record-altered",
    ] {
        assert!(readme.contains(&format!("`{c}`")), "README.md lacks {c}");
    }
}

// A lock's holder is told gone from /proc.
#[cfg(target_os = "linux")]
#[test]
fn an_archiving_after_a_killed_one_removes_its_temporary_file() {
    let (dir, archive) = archived();
    // As a killed archiving leaves them: its lock (a pid that is gone) and a part-copied file.
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    std::fs::write(
        archive.join(".papers-archive.lock"),
        format!("pid=4294967\nhost={}\nstarted=0\n", host.trim()),
    )
    .unwrap();
    let partial = archive.join("2027-01-14-cabinet/.papers-tmp-4294967-0a1b2c3d-0.tmp");
    std::fs::write(&partial, b"%PDF-1.7 half").unwrap();
    assert_eq!(verify(dir.path()).1["unrecorded"], 1);
    let out = papers(dir.path(), &["archive", "archive"]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(!partial.exists());
    assert_eq!(verify(dir.path()).0, Some(0));
}
