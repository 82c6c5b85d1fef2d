//! After the meeting: the Decisions sheet of a meeting workbook becomes a decision notice per
//! decision (PDF and web page) with its call-in period in working days, and the register of
//! decisions as open data; a decision on an exempt item stays out of every public byte.

mod support;

use std::path::Path;

use support::*;

const FOLDER: &str = "inputs/2026-05-20-cabinet";
const OUT: &str = "output/2026-05-20-cabinet";
const MARKER: &str = "MARKER-HERON-7731";

/// A Cabinet on Wednesday 20 May 2026, its agenda published on 12 May, with `extra` Meeting
/// fields and the Decisions sheet `decisions`.
fn meeting(extra: &[(&str, V)], decisions: Vec<Vec<V>>) -> Book {
    let mut fields = vec![
        vec![t("Field"), t("Value")],
        vec![t("Committee"), t("Cabinet")],
        vec![t("Date"), V::D(2026, 5, 20)],
        vec![t("Time"), t("5.30pm")],
        vec![t("Venue"), t("Council Chamber")],
        vec![t("Council"), t("Borough of Testham")],
        vec![t("Published"), V::D(2026, 5, 12)],
    ];
    for (f, v) in extra {
        fields.push(vec![t(f), v.clone()]);
    }
    Book::new()
        .sheet("Meeting", fields)
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["5", "Budget monitoring", "budget.xlsx", ""],
                &["6", "Disposal of the depot", "", "3"],
                &["7", "Urgent roof repairs", "", ""],
                &["8", "Staff restructure", "", "1"],
            ],
        )
        .sheet("Decisions", decisions)
}

fn header() -> Vec<V> {
    [
        "Item",
        "Decision",
        "Reasons",
        "Alternatives",
        "Decision maker",
        "Call-in",
        "Urgency reason",
        "For",
        "Against",
        "Abstained",
        "Public summary",
    ]
    .iter()
    .map(|h| t(h))
    .collect()
}

/// A row of the Decisions sheet: "" is a blank cell.
fn row(cells: &[&str]) -> Vec<V> {
    cells
        .iter()
        .map(|c| if c.is_empty() { V::E } else { t(c) })
        .collect()
}

fn decisions() -> Vec<Vec<V>> {
    vec![
        header(),
        row(&[
            "5",
            "Cabinet resolved to:\n1. note the forecast overspend\n2. approve the recovery plan",
            "The plan brings spending back within budget.",
            "Doing nothing, which would draw on reserves.",
            "Cabinet",
            "Yes",
            "",
            "6",
            "2",
            "1",
            "",
        ]),
        row(&[
            "6",
            &format!("Sell the depot to the bidder {MARKER}."),
            &format!("The offer of {MARKER} is the best."),
            &format!("Keeping it, {MARKER}."),
            "Cabinet",
            "Yes",
            "",
            "",
            "",
            "",
            "",
        ]),
        row(&[
            "7",
            "Repair the roof of the library now.",
            "The roof is unsafe.",
            "",
            "Leader of the Council",
            "No",
            "The roof may fall in before the call-in period ends",
            "",
            "",
            "",
            "",
        ]),
        row(&[
            "8",
            &format!("Restructure the team of {MARKER}."),
            &format!("Savings {MARKER}."),
            "",
            "Cabinet",
            "Yes",
            "",
            "",
            "",
            "",
            "Cabinet agreed a restructure of the facilities team.",
        ]),
    ]
}

fn budget() -> Book {
    Book::new()
        .cover(&[
            ("Title", "Budget monitoring report"),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-05-20"),
            ("Item", "5"),
            ("Key decision", "Yes"),
            ("Forward plan ref", "FP/2026/07"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "Spending is above budget."],
            ],
        )
}

fn write(dir: &Path, meeting: &Book) {
    meeting.write(&dir.join(FOLDER).join("meeting.xlsx"));
    budget().write(&dir.join(FOLDER).join("budget.xlsx"));
}

fn build(dir: &Path, today: &str) -> (std::process::Output, String) {
    let out = papers(dir, &["build", "--today", today]);
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    (out, printed)
}

#[test]
fn each_decision_gets_a_notice_with_its_call_in_period_and_a_record() {
    let dir = project();
    let dir = dir.path();
    write(
        dir,
        &meeting(&[("Decisions published", V::D(2026, 5, 21))], decisions()),
    );
    let (out, printed) = build(dir, "2026-05-27");
    assert!(out.status.success(), "{printed}");

    // Published Thursday 21 May 2026; Monday 25 May is the spring bank holiday.
    let notice = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-5.pdf"))));
    for words in [
        "Borough of Testham",
        "Decision notice: Budget monitoring",
        "Decision maker Cabinet",
        "Cabinet, 20 May 2026",
        "Key decision Yes",
        "FP/2026/07",
        "Published 21 May 2026",
        "Subject to call-in until the end of 29 May 2026; may be implemented from 1 June 2026",
        "Cabinet resolved to:",
        "1. note the forecast overspend",
        "2. approve the recovery plan",
        "The plan brings spending back within budget.",
        "Doing nothing, which would draw on reserves.",
        "For: 6. Against: 2. Abstained: 1.",
    ] {
        assert!(notice.contains(&squash(words)), "{words:?} in {notice}");
    }
    let urgent = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-7.pdf"))));
    assert!(
        urgent.contains(&squash(
            "Not subject to call-in: urgent (The roof may fall in before the call-in period ends)"
        )),
        "{urgent}"
    );
    let page = std::fs::read_to_string(dir.join(format!("{OUT}/decisions/item-5.html"))).unwrap();
    assert!(page.contains("Subject to call-in until the end of 29 May 2026"));
    assert!(page.contains("href=\"item-5.pdf\""), "{page}");
    // The meeting page links each published decision's notice beside its item.
    let meeting_page = std::fs::read_to_string(dir.join(format!("{OUT}/index.html"))).unwrap();
    assert!(
        meeting_page.contains("<a href=\"decisions/item-5.html\">Decision on item 5</a>"),
        "{meeting_page}"
    );
    // An item with no public paper has its notice's link alone in the cell, no break before.
    assert!(
        meeting_page.contains(
            "<td role=\"cell\"><a href=\"decisions/item-6.html\">Decision on item 6</a></td>"
        ),
        "{meeting_page}"
    );

    // The exempt item with no Public summary: said to be decided, and no more.
    let exempt = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-6.pdf"))));
    assert!(
        exempt.contains(&squash("Decision on an exempt item (paragraph 3")),
        "{exempt}"
    );
    let summary = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-8.pdf"))));
    assert!(
        summary.contains(&squash(
            "Cabinet agreed a restructure of the facilities team."
        )),
        "{summary}"
    );
    // The full notices go to the exempt tree only.
    let full = squash(&pdf_text(
        &dir.join("exempt/2026-05-20-cabinet/decisions/item-6.pdf"),
    ));
    assert!(
        full.contains(MARKER) && full.contains("NOTFORPUBLICATION"),
        "{full}"
    );
    assert!(
        dir.join("exempt/2026-05-20-cabinet/decisions/item-8.html")
            .is_file()
    );

    // The register: one record per decision, newest first, with its status today.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("output/decisions.json")).unwrap()).unwrap();
    let records = json.as_array().unwrap();
    assert_eq!(records.len(), 4);
    let five = records.iter().find(|r| r["item"] == "5").unwrap();
    assert_eq!(five["id"], "2026-05-20-cabinet/item-5");
    assert_eq!(five["meeting"], "2026-05-20-cabinet");
    assert_eq!(five["council"], "Borough of Testham");
    assert_eq!(five["published"], "2026-05-21");
    assert_eq!(five["date"], "2026-05-20");
    assert_eq!(five["call_in_ends"], "2026-05-29");
    assert_eq!(five["implementable_from"], "2026-06-01");
    assert_eq!(five["status"], "open to call-in until 2026-05-29");
    assert_eq!(five["forward_plan_ref"], "FP/2026/07");
    assert_eq!(
        five["notice_pdf"],
        "2026-05-20-cabinet/decisions/item-5.pdf"
    );
    assert_eq!(
        five["notice_html"],
        "2026-05-20-cabinet/decisions/item-5.html"
    );
    let seven = records.iter().find(|r| r["item"] == "7").unwrap();
    assert_eq!(seven["urgent"], true);
    assert_eq!(seven["call_in_ends"], serde_json::Value::Null);
    assert_eq!(seven["status"], "not subject to call-in (urgent)");
    let six = records.iter().find(|r| r["item"] == "6").unwrap();
    assert_eq!(six["exempt"], true);
    assert_eq!(six["reasons"], serde_json::Value::Null);
    let register = std::fs::read_to_string(dir.join("output/decisions.html")).unwrap();
    assert!(
        register.contains("href=\"2026-05-20-cabinet/decisions/item-5.html\"")
            && register.contains("Open to call-in until 29 May 2026"),
        "{register}"
    );
    let index = std::fs::read_to_string(dir.join("output/index.html")).unwrap();
    assert!(index.contains("href=\"decisions.html\""), "{index}");
    let csv = std::fs::read_to_string(dir.join("output/decisions.csv")).unwrap();
    // Rows end with CRLF; a multi-line decision keeps its own line breaks, quoted.
    assert_eq!(csv.matches("\r\n").count(), 5, "{csv}");
    assert!(csv.starts_with("id,council,committee,"), "{csv}");

    // Every notice is in its tree's manifest; the summary counts the PDFs: the paper, the
    // two packs, four public notices and two exempt ones.
    let manifest = std::fs::read_to_string(dir.join("output/manifest.json")).unwrap();
    assert!(manifest.contains(&format!("\"{OUT}/decisions/item-5.pdf\"")));
    assert!(manifest.contains("\"decision-notice\""));
    let exempt = std::fs::read_to_string(dir.join("exempt/manifest.json")).unwrap();
    assert!(exempt.contains("\"exempt/2026-05-20-cabinet/decisions/item-6.pdf\""));
    assert!(printed.contains("Built 9,"), "{printed}");
    assert_nothing_exempt_public(dir, &printed);

    // A week later the call-in period is over; nothing else changes.
    let (out, printed) = build(dir, "2026-06-03");
    assert!(out.status.success(), "{printed}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("output/decisions.json")).unwrap()).unwrap();
    let five = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item"] == "5")
        .unwrap()
        .clone();
    assert_eq!(five["status"], "call-in period ended; may be implemented");
    assert!(
        printed.contains("Built 0,"),
        "nothing typeset again: {printed}"
    );
    assert_nothing_exempt_public(dir, &printed);
}

#[test]
fn no_notice_before_the_agenda_or_the_decisions_are_published() {
    let dir = project();
    let dir = dir.path();
    // The agenda is not published on 10 May: the meeting is a draft.
    write(
        dir,
        &meeting(&[("Decisions published", V::D(2026, 5, 21))], decisions()),
    );
    let (out, printed) = build(dir, "2026-05-10");
    assert!(out.status.success(), "{printed}");
    assert!(!dir.join(format!("{OUT}/decisions")).exists());
    // Published agenda, decisions not yet published: no notice, an empty register.
    let (out, printed) = build(dir, "2026-05-20");
    assert!(out.status.success(), "{printed}");
    assert!(!dir.join(format!("{OUT}/decisions")).exists());
    let json = std::fs::read_to_string(dir.join("output/decisions.json")).unwrap();
    assert_eq!(json.trim(), "[]");
    assert_nothing_exempt_public(dir, &printed);
}

#[test]
fn slips_of_the_decisions_sheet_are_named_at_their_cells() {
    let dir = project();
    let dir = dir.path();
    let mut rows = decisions();
    // Item 9 is not on the agenda; item 7 is urgent with no reason.
    rows[1][0] = t("9");
    rows[3][6] = V::E;
    write(
        dir,
        &meeting(&[("Decisions published", V::D(2026, 5, 19))], rows),
    );
    let out = papers(dir, &["check", "--message-format", "json"]);
    assert!(!out.status.success());
    let found: Vec<(String, String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d.get("code").is_some())
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["sheet"].as_str().unwrap_or_default().to_owned(),
                d["cell"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for want in [
        ("decision-off-agenda", "Decisions", "A2"),
        ("no-urgency-reason", "Decisions", "G4"),
        ("decisions-before-meeting", "Meeting", "B8"),
    ] {
        assert!(
            found
                .iter()
                .any(|(c, s, a)| (c.as_str(), s.as_str(), a.as_str()) == want),
            "{want:?} in {found:?}"
        );
    }
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(MARKER) && !stderr(&out).contains(MARKER)
    );
}

/// No byte under output/ (raw or as PDF text) and nothing printed holds the marker.
fn assert_nothing_exempt_public(dir: &Path, printed: &str) {
    assert_marker_not_public(dir, MARKER, printed, "decisions");
}

#[test]
fn a_decision_on_a_paper_exempt_by_its_cover_is_withheld_too() {
    let dir = project();
    let dir = dir.path();
    let fields = vec![
        vec![t("Field"), t("Value")],
        vec![t("Committee"), t("Cabinet")],
        vec![t("Date"), V::D(2026, 5, 20)],
        vec![t("Published"), V::D(2026, 5, 12)],
        vec![t("Decisions published"), V::D(2026, 5, 21)],
    ];
    Book::new()
        .sheet("Meeting", fields)
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["9", "Land at the quay", "land.xlsx", ""],
            ],
        )
        .sheet(
            "Decisions",
            vec![
                row(&["Item", "Decision", "Reasons"]),
                row(&[
                    "9",
                    &format!("Sell the quay to {MARKER}."),
                    &format!("Because {MARKER}."),
                ]),
            ],
        )
        .write(&dir.join(FOLDER).join("meeting.xlsx"));
    Book::new()
        .cover(&[
            ("Title", &format!("Quay sale {MARKER}")),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-05-20"),
            ("Item", "9"),
            ("Exempt", "3"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", &format!("Price {MARKER}.")],
            ],
        )
        .write(&dir.join(FOLDER).join("land.xlsx"));
    let (out, printed) = build(dir, "2026-05-27");
    assert!(out.status.success(), "{printed}");
    let public = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-9.pdf"))));
    assert!(
        public.contains(&squash("Decision on an exempt item (paragraph 3")),
        "{public}"
    );
    let full = squash(&pdf_text(
        &dir.join("exempt/2026-05-20-cabinet/decisions/item-9.pdf"),
    ));
    assert!(full.contains(MARKER), "{full}");
    assert_nothing_exempt_public(dir, &printed);
}

#[test]
fn adding_the_decisions_after_the_meeting_leaves_the_published_record_as_it_was() {
    let dir = project();
    let dir = dir.path();
    let mut agenda_only = meeting(&[], vec![header()]);
    agenda_only.sheets.retain(|(name, _)| name != "Decisions");
    write(dir, &agenda_only);
    let (out, printed) = build(dir, "2026-05-15");
    assert!(out.status.success(), "{printed}");
    let pack = std::fs::read(dir.join(format!("{OUT}/agenda-pack.pdf"))).unwrap();
    let paper = std::fs::read(dir.join(format!("{OUT}/budget.pdf"))).unwrap();

    // After the meeting the clerk adds the decisions and the day they were published (to
    // the meeting workbook only: the paper is as it was).
    meeting(&[("Decisions published", V::D(2026, 5, 21))], decisions())
        .write(&dir.join(FOLDER).join("meeting.xlsx"));
    let (out, printed) = build(dir, "2026-05-27");
    assert!(out.status.success(), "{printed}");
    assert!(!printed.contains("error"), "{printed}");
    assert_eq!(
        std::fs::read(dir.join(format!("{OUT}/agenda-pack.pdf"))).unwrap(),
        pack
    );
    assert_eq!(
        std::fs::read(dir.join(format!("{OUT}/budget.pdf"))).unwrap(),
        paper
    );
    assert!(dir.join(format!("{OUT}/decisions/item-5.pdf")).is_file());
    assert_nothing_exempt_public(dir, &printed);
}

#[test]
fn a_slip_after_publication_keeps_the_published_notices_and_records() {
    let dir = project();
    let dir = dir.path();
    write(
        dir,
        &meeting(&[("Decisions published", V::D(2026, 5, 21))], decisions()),
    );
    let (out, printed) = build(dir, "2026-05-27");
    assert!(out.status.success(), "{printed}");
    let notice = std::fs::read(dir.join(format!("{OUT}/decisions/item-5.pdf"))).unwrap();

    // A slip in the Decisions sheet: an item not on the agenda.
    let mut rows = decisions();
    rows.push(row(&["12", "Agreed.", "", "", "Cabinet", "Yes"]));
    meeting(&[("Decisions published", V::D(2026, 5, 21))], rows)
        .write(&dir.join(FOLDER).join("meeting.xlsx"));
    let (out, printed) = build(dir, "2026-06-03");
    assert!(!out.status.success(), "{printed}");
    assert!(printed.contains("decision-off-agenda"), "{printed}");
    assert_eq!(
        std::fs::read(dir.join(format!("{OUT}/decisions/item-5.pdf"))).unwrap(),
        notice
    );
    assert!(
        dir.join("exempt/2026-05-20-cabinet/decisions/item-6.pdf")
            .is_file()
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("output/decisions.json")).unwrap()).unwrap();
    let records = json.as_array().unwrap();
    assert_eq!(records.len(), 4);
    let five = records.iter().find(|r| r["item"] == "5").unwrap();
    assert_eq!(five["status"], "call-in period ended; may be implemented");
    let manifest = std::fs::read_to_string(dir.join("output/manifest.json")).unwrap();
    assert!(manifest.contains(&format!("\"{OUT}/decisions/item-5.pdf\"")));
    assert_nothing_exempt_public(dir, &printed);
}

#[test]
fn a_build_of_named_workbooks_keeps_every_notice_and_the_register() {
    let dir = project();
    let dir = dir.path();
    write(
        dir,
        &meeting(&[("Decisions published", V::D(2026, 5, 21))], decisions()),
    );
    let (out, printed) = build(dir, "2026-05-27");
    assert!(out.status.success(), "{printed}");
    let listed = |dir: &Path| {
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("output/manifest.json")).unwrap())
                .unwrap();
        let mut paths: Vec<String> = manifest["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].as_str().unwrap().to_owned())
            .filter(|p| p.contains("decisions"))
            .collect();
        paths.sort();
        paths
    };
    let before = listed(dir);
    assert_eq!(before.len(), 11, "{before:?}");
    let out = papers(
        dir,
        &[
            "build",
            "--today",
            "2026-05-27",
            "inputs/2026-05-20-cabinet/budget.xlsx",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(listed(dir), before);
    for path in &before {
        assert!(dir.join(path).is_file(), "{path}");
    }
    let exempt = std::fs::read_to_string(dir.join("exempt/manifest.json")).unwrap();
    assert!(exempt.contains("exempt/2026-05-20-cabinet/decisions/item-6.pdf"));
}
