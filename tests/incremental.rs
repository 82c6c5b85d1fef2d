//! Incremental builds, the lock, shards and merged manifests, --emit-typst.

mod support;

use std::path::Path;
use std::time::SystemTime;

use support::*;

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn manifest(dir: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

fn statuses(dir: &Path) -> Vec<(String, String)> {
    let m = manifest(dir, "output/manifest.json");
    let mut v: Vec<(String, String)> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

fn three(dir: &Path) {
    for name in ["a", "b", "c"] {
        report(&format!("Report {name}")).write(&dir.join(format!("inputs/{name}.xlsx")));
    }
}

fn build(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = papers(dir, &all);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    stderr(&run)
}

#[test]
fn a_second_build_rewrites_nothing_and_one_change_rebuilds_one_document() {
    let dir = project();
    three(dir.path());
    let first = build(dir.path(), &[]);
    assert!(first.contains("Built 3, unchanged 0, failed 0"), "{first}");
    let a = dir.path().join("output/a.pdf");
    let before = (mtime(&a), std::fs::read(&a).unwrap());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = build(dir.path(), &[]);
    assert!(
        second.contains("Built 0, unchanged 3, failed 0"),
        "{second}"
    );
    assert_eq!(mtime(&a), before.0, "an unchanged PDF is not rewritten");
    assert!(statuses(dir.path()).iter().all(|(_, s)| s == "unchanged"));
    // Touching a file without changing its bytes changes nothing; changing its bytes does.
    report("Report b, revised").write(&dir.path().join("inputs/b.xlsx"));
    let third = build(dir.path(), &[]);
    assert!(third.contains("Built 1, unchanged 2"), "{third}");
    assert!(
        third.contains("built     output/b.pdf"),
        "one plain line per output off a terminal: {third}"
    );
    assert_eq!(mtime(&a), before.0);
    assert!(squash(&pdf_text(&dir.path().join("output/b.pdf"))).contains("Reportb,revised"));
}

#[test]
fn papers_toml_a_template_a_deleted_or_altered_pdf_and_force_rebuild() {
    let dir = project();
    three(dir.path());
    build(dir.path(), &[]);
    std::fs::write(
        dir.path().join("papers.toml"),
        "council = \"Norwich City Council\"\n",
    )
    .unwrap();
    assert!(
        build(dir.path(), &[]).contains("Built 3, unchanged 0"),
        "papers.toml changes every document"
    );
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    let body = papers::templates::BUILTIN
        .iter()
        .find(|(n, _)| *n == "body.typ.hbs")
        .unwrap()
        .1;
    std::fs::write(
        dir.path().join("templates/body.typ.hbs"),
        format!("{body}\nOverridden.\n"),
    )
    .unwrap();
    assert!(
        build(dir.path(), &[]).contains("Built 3, unchanged 0"),
        "a template changes every document"
    );
    std::fs::remove_file(dir.path().join("output/a.pdf")).unwrap();
    std::fs::write(dir.path().join("output/b.pdf"), b"not the pdf Papers wrote").unwrap();
    let out = build(dir.path(), &[]);
    assert!(
        out.contains("Built 2, unchanged 1"),
        "a missing and an altered PDF are rebuilt: {out}"
    );
    assert!(
        std::fs::read(dir.path().join("output/b.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    assert!(build(dir.path(), &["--force"]).contains("Built 3, unchanged 0"));
}

#[test]
fn a_meeting_pack_is_rebuilt_only_when_a_paper_or_the_meeting_changes() {
    let dir = project();
    let folder = dir.path().join("inputs/2026-03-04-cabinet");
    Book::new()
        .text_sheet(
            "Meeting",
            &[
                &["Field", "Value"],
                &["Committee", "Cabinet"],
                &["Date", "4 March 2026"],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["1", "Apologies", "", ""],
                &["7", "Plan", "plan.xlsx", ""],
            ],
        )
        .write(&folder.join("meeting.xlsx"));
    report("Plan").write(&folder.join("plan.xlsx"));
    build(dir.path(), &[]);
    // No Published date: a draft pack, made afresh when what it holds changes (a published
    // one never is: tests/lifecycle.rs).
    let pack = dir.path().join("drafts/2026-03-04-cabinet/agenda-pack.pdf");
    let before = mtime(&pack);
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(build(dir.path(), &[]).contains("Built 0, unchanged 2"));
    assert_eq!(mtime(&pack), before);
    report("Plan, revised").write(&folder.join("plan.xlsx"));
    assert!(
        build(dir.path(), &[]).contains("Built 2, unchanged 0"),
        "the paper and its pack"
    );
    assert!(squash(&pdf_text(&pack)).contains("Plan,revised"));
}

#[test]
fn a_held_lock_stops_a_second_build_with_status_2_naming_the_holder() {
    let dir = project();
    three(dir.path());
    // A live Papers process on this host holds it.
    let live = LivePapers::start();
    live.lock(dir.path());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains(&format!("pid {} on {host}, started ", live.pid())),
        "{}",
        stderr(&run)
    );
    drop(live);
    assert!(!dir.path().join("output/a.pdf").exists());
    std::fs::remove_file(dir.path().join("output/.papers.lock")).unwrap();
    build(dir.path(), &[]);
    assert!(
        !dir.path().join("output/.papers.lock").exists(),
        "the lock is released"
    );
}

#[test]
fn shards_partition_the_work_and_their_manifests_merge() {
    let dir = project();
    for i in 0..12 {
        report(&format!("Report {i}")).write(&dir.path().join(format!("inputs/r{i:02}.xlsx")));
    }
    let mut seen = Vec::new();
    for k in 1..=3 {
        build(dir.path(), &["--shard", &format!("{k}/3")]);
        let m = manifest(dir.path(), &format!("output/manifest.shard-{k}-of-3.json"));
        // The PDFs; each shard's web pages are checked in tests/html.rs.
        seen.extend(
            m["outputs"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["template"] != "html")
                .map(|e| e["path"].as_str().unwrap().to_owned()),
        );
    }
    seen.sort();
    let all: Vec<String> = (0..12).map(|i| format!("output/r{i:02}.pdf")).collect();
    assert_eq!(seen, all, "every document in exactly one shard");
    let run = papers(
        dir.path(),
        &[
            "manifest",
            "merge",
            "output/manifest.shard-1-of-3.json",
            "output/manifest.shard-2-of-3.json",
            "output/manifest.shard-3-of-3.json",
            "-o",
            "output/manifest.json",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let merged: Vec<String> = manifest(dir.path(), "output/manifest.json")["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["template"] != "html")
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(merged, all);
    // A second run of a shard finds its documents unchanged.
    assert!(build(dir.path(), &["--shard", "2/3"]).contains("Built 0"));
    assert_eq!(
        papers(dir.path(), &["build", "--shard", "4/3"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn emitted_typst_is_self_contained_and_typesets_to_the_same_text() {
    let dir = project();
    report("Emitted").write(&dir.path().join("inputs/e.xlsx"));
    build(dir.path(), &["--emit-typst"]);
    let source = std::fs::read_to_string(dir.path().join("output/e.typ")).unwrap();
    assert!(source.starts_with("#import \"/papers.typ\": *"), "{source}");
    assert!(source.contains("document-setup.with(") && source.contains("Emitted"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("output/papers.typ")).unwrap(),
        papers::templates::BUILTIN[0].1
    );
    // Typeset the emitted file as the typst CLI would: the main file and the style module.
    let world = papers::world::PapersWorld::new(source, papers::date::Date::new(2026, 3, 4))
        .with_source("/papers.typ", papers::templates::BUILTIN[0].1.to_owned());
    let pdf = papers::typeset::typeset(
        &world,
        "output/e.pdf",
        papers::date::Date::new(2026, 3, 4),
        "inputs/e.xlsx",
    )
    .unwrap();
    assert_eq!(
        squash(&pdf_text_bytes(&pdf.bytes)),
        squash(&pdf_text(&dir.path().join("output/e.pdf")))
    );
}
