//! The real binary over small fixture projects.

mod support;

use support::*;

#[test]
fn builds_a_report_with_cover_numbering_and_page_footer() {
    let dir = project();
    report("Reducing inequalities action plan").write(&dir.path().join("inputs/cabinet/plan.xlsx"));
    let run = papers(dir.path(), &["build", "."]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = pdf_text(&out(dir.path(), "cabinet/plan.pdf"));
    for want in [
        "Reducing inequalities action plan",
        "Report to",
        "Cabinet",
        "4 March 2026",
        "Head of strategy",
        "Purpose",
        "1. Background",
        "1.1",
        "First paragraph.",
        "1.2",
        "Second paragraph.",
        "Agree the plan",
        "Page 1 of 1",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    assert!(
        stderr(&run).contains("Built 1, unchanged 0, failed 0"),
        "{}",
        stderr(&run)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("output/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["outputs"][0]["status"], "built");
    assert_eq!(manifest["outputs"][0]["template"], "committee-report");
    assert_eq!(manifest["outputs"][0]["pages"], 1);
}

#[test]
fn hostile_cell_text_prints_literally() {
    let dir = project();
    let hostile = [
        "#read(\"/etc/passwd\")",
        "= Heading? $x^2$ *bold* _em_ @ref <label> \\ [a] ~ \" ' : `raw`",
        "// not a comment /* nor this",
        "- not a list + nor 1. this",
        "Ŵyn Ó Ceallaigh, Łukasz Świątek, Siân ap Hâf",
        "#set page(width: 1cm) #{ panic() }",
    ];
    let mut book = report(hostile[0]).cover(&[]);
    book.sheets.retain(|(n, _)| n != "Cover" && n != "Report");
    let mut rows = vec![
        vec![t("Field"), t("Value")],
        vec![t("Title"), t(hostile[0])],
    ];
    rows.push(vec![t("Subject"), t(hostile[1])]);
    rows.push(vec![t("Report of"), t(hostile[2])]);
    rows.push(vec![t("Electoral divisions"), t(hostile[3])]);
    rows.push(vec![t("Forward plan ref"), t(hostile[4])]);
    rows.push(vec![t("Item"), t(hostile[5])]);
    book = book.sheet("Cover", rows);
    book.write(&dir.path().join("inputs/hostile.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "hostile.pdf")));
    for h in hostile {
        assert!(text.contains(&squash(h)), "missing {h:?} in:\n{text}");
    }
}

#[test]
fn a_bad_document_does_not_stop_the_others_and_leaves_no_stale_pdf() {
    let dir = project();
    report("Good paper").write(&dir.path().join("inputs/good.xlsx"));
    report("Bad paper").write(&dir.path().join("inputs/bad.xlsx"));
    assert_eq!(papers(dir.path(), &["build"]).status.code(), Some(0));
    assert!(out(dir.path(), "bad.pdf").exists());

    Book::new()
        .cover(&[
            ("Title", "Bad paper"),
            ("Key decision", "Maybe"),
            ("Meeting date", "next Tuesday"),
        ])
        .write(&dir.path().join("inputs/bad.xlsx"));
    let run = papers(dir.path(), &["build"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("inputs/bad.xlsx: sheet \"Cover\", cell B3: Key decision: \"Maybe\" is not one of Yes, No"), "{err}");
    assert!(
        err.contains("cell B4: Meeting date: a date was expected"),
        "{err}"
    );
    assert!(out(dir.path(), "good.pdf").exists());
    assert!(
        !out(dir.path(), "bad.pdf").exists(),
        "a stale PDF was left for a failed document"
    );
}

#[test]
fn check_is_clean_on_a_good_project_and_writes_nothing() {
    let dir = project();
    report("Paper").write(&dir.path().join("inputs/paper.xlsx"));
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!dir.path().join("output").exists());
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        papers(dir.path(), &["build"]).status.code(),
        Some(2),
        "no inputs/ folder"
    );
    assert_eq!(papers(dir.path(), &["frobnicate"]).status.code(), Some(2));
    let dir = project();
    std::fs::write(dir.path().join("papers.toml"), "councill = \"Norwich\"\n").unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("councill"), "{}", stderr(&run));
}

#[test]
fn json_diagnostics_are_one_object_per_line() {
    let dir = project();
    Book::new()
        .cover(&[("Title", "X"), ("Key decision", "Yse")])
        .write(&dir.path().join("inputs/x.xlsx"));
    let run = papers(dir.path(), &["check", "--message-format", "json"]);
    assert_eq!(run.status.code(), Some(1));
    // On stdout, as cargo writes its JSON messages; stderr is for people.
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["file"], "inputs/x.xlsx");
    assert_eq!(first["sheet"], "Cover");
    assert_eq!(first["cell"], "B3");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["suggestion"], "Yes");
}

#[test]
fn council_and_logo_come_from_papers_toml_and_the_cover_overrides_the_name() {
    let dir = project();
    std::fs::write(
        dir.path().join("logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1f4e79"/></svg>"##,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("papers.toml"),
        "council = \"Borough of Ynys Môn\"\n[logo]\npath = \"logo.svg\"\nalt = \"Crest of the borough\"\n",
    )
    .unwrap();
    report("From the toml").write(&dir.path().join("inputs/a.xlsx"));
    Book::new()
        .cover(&[("Title", "Own council"), ("Council", "Cyngor Sir Ddinbych")])
        .write(&dir.path().join("inputs/b.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(pdf_text(&out(dir.path(), "a.pdf")).contains("Borough of Ynys Môn"));
    let b = pdf_text(&out(dir.path(), "b.pdf"));
    assert!(
        b.contains("Cyngor Sir Ddinbych") && !b.contains("Ynys Môn"),
        "{b}"
    );
    // The logo is a figure of the tag tree with its alternative text (dictionaries sit in
    // compressed object streams, so look at the parsed objects).
    let doc = lopdf::Document::load(out(dir.path(), "a.pdf")).unwrap();
    let alt =
        |o: &lopdf::Object| lopdf::decode_text_string(o.as_dict().ok()?.get(b"Alt").ok()?).ok();
    assert!(
        doc.objects
            .values()
            .filter_map(alt)
            .any(|t| t == "Crest of the borough"),
        "the logo is embedded"
    );
}
