//! After the meeting, as a clerk records it: attendance with a substitute, declarations of
//! interest, minutes, and decisions (one urgent, one exempt) with a bank holiday in the
//! call-in period; the notices, the minutes (draft until approved), the register as open
//! data, the meeting page, and no exempt word in any public byte.

mod support;

use std::path::Path;

use support::*;

const FOLDER: &str = "inputs/2026-04-01-cabinet";
const OUT: &str = "output/2026-04-01-cabinet";
const MARKER: &str = "MARKER-OSPREY-4410";

/// A row of cells: "" is a blank cell.
fn row(cells: &[&str]) -> Vec<V> {
    cells
        .iter()
        .map(|c| if c.is_empty() { V::E } else { t(c) })
        .collect()
}

fn rows(cells: &[&[&str]]) -> Vec<Vec<V>> {
    cells.iter().map(|r| row(r)).collect()
}

/// The clerk's workbook for Cabinet on Wednesday 1 April 2026, its agenda published on 23
/// March and its decisions on Thursday 2 April (Good Friday and Easter Monday follow), with
/// `extra` Meeting fields.
fn cabinet(extra: &[(&str, V)]) -> Book {
    let mut fields = vec![
        row(&["Field", "Value"]),
        row(&["Committee", "Cabinet"]),
        vec![t("Date"), V::D(2026, 4, 1)],
        row(&["Time", "5.30pm"]),
        row(&["Venue", "Council Chamber"]),
        row(&["Council", "Borough of Testham"]),
        vec![t("Published"), V::D(2026, 3, 23)],
        vec![t("Decisions published"), V::D(2026, 4, 2)],
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
                &["1", "Apologies for absence", "", ""],
                &["2", "Declarations of interest", "", ""],
                &["3", "Minutes of the previous meeting", "", ""],
                &["4", "Budget monitoring", "budget.xlsx", ""],
                &["5", "Leisure centre fees", "", ""],
                &["6", "Urgent roof repairs", "", ""],
                &["7", "Disposal of the depot", "", "3"],
            ],
        )
        .sheet(
            "attendance",
            rows(&[
                &["Member", "Attendance", "Substitute for", "Notes"],
                &["Cllr Ann Lee", "Present", "", "Chair"],
                &["Cllr Bo Khan", "Present", "", "Vice-chair"],
                &["Cllr Cy Dee", "Present", "", ""],
                &["Cllr Di Ray", "Present", "", ""],
                &["Cllr Ed Fox", "Apologies", "", ""],
                &["Cllr Flo Gee", "Substitute", "Cllr Ed Fox", ""],
                &["Cllr Gus Hart", "Present", "", ""],
                &["Cllr Hal Ives", "Present", "", ""],
                &["Cllr Ivy Jones", "Present", "", ""],
                &["Cllr Jon King", "Absent", "", ""],
            ]),
        )
        .sheet(
            "DECLARATIONS",
            rows(&[
                &["Member", "Item", "Interest", "Nature", "Action"],
                &[
                    "Cllr Cy Dee",
                    "4",
                    "Other registrable",
                    "Trustee of the leisure trust",
                    "Took no part in the vote",
                ],
                &[
                    "Cllr Di Ray",
                    "7",
                    "Disclosable pecuniary",
                    &format!("Owns the land beside the depot {MARKER}"),
                    "Left the room",
                ],
            ]),
        )
        .sheet(
            "Decisions",
            rows(&[
                &[
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
                ],
                &[
                    "4",
                    "Cabinet resolved to:\n1. note the forecast overspend\n2. approve the recovery plan",
                    "The plan brings spending back within budget.",
                    "Doing nothing, which would draw on reserves.",
                    "Cabinet",
                    "Yes",
                    "",
                    "5",
                    "2",
                    "1",
                ],
                &[
                    "5",
                    "Agree the leisure centre fees for 2026/27.",
                    "Fees cover the rising cost of energy.",
                    "=HYPERLINK(\"http://evil.example\",\"Keep the fees\")",
                    "Cabinet",
                    "Yes",
                    "",
                    "",
                    "",
                    "",
                ],
                &[
                    "6",
                    "Repair the roof of the library now.",
                    "The roof is unsafe.",
                    "",
                    "Leader of the Council",
                    "No",
                    "The roof may fall in before the call-in period ends",
                    "",
                    "",
                    "",
                ],
                &[
                    "7",
                    &format!("Sell the depot to the bidder {MARKER}."),
                    &format!("The offer of {MARKER} is the best."),
                    "",
                    "Cabinet",
                    "Yes",
                    "",
                    "",
                    "",
                    "",
                ],
            ]),
        )
        .sheet(
            "Minutes",
            rows(&[
                &["Item", "Minute"],
                &["1", "Apologies were received from Cllr Ed Fox."],
                &["3", "The minutes of the meeting of 4 March 2026 were agreed."],
                &["4", "The Director of Finance presented the report."],
                &["6", "Members noted the state of the library roof."],
                &["7", &format!("Members discussed the bids, including {MARKER}.")],
            ]),
        )
}

fn budget() -> Book {
    Book::new()
        .cover(&[
            ("Title", "Budget monitoring report"),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-04-01"),
            ("Item", "4"),
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

/// Writes the meeting workbook, and the paper the first time (after the meeting, a paper's
/// workbook is never saved again).
fn write(dir: &Path, meeting: &Book) {
    meeting.write(&dir.join(FOLDER).join("meeting.xlsx"));
    let paper = dir.join(FOLDER).join("budget.xlsx");
    if !paper.exists() {
        budget().write(&paper);
    }
}

fn build(dir: &Path, today: &str) -> (std::process::Output, String) {
    let out = papers(dir, &["build", "--today", today]);
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    (out, printed)
}

fn build_with(dir: &Path, args: &[&str]) -> (std::process::Output, String) {
    let all: Vec<&str> = ["build"].iter().chain(args).copied().collect();
    let out = papers(dir, &all);
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    (out, printed)
}

/// The document title a PDF's metadata gives.
fn pdf_title(path: &Path) -> Option<String> {
    let out = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Title:").map(|t| t.trim().to_owned()))
}

/// No byte under output/ (raw or as PDF text) and nothing printed holds the marker.
fn assert_nothing_exempt_public(dir: &Path, printed: &str) {
    assert_marker_not_public(dir, MARKER, printed, "proceedings");
}

#[test]
fn a_cabinet_meeting_recorded_by_the_clerk_gives_its_notices_minutes_and_records() {
    let dir = project();
    let dir = dir.path();
    write(dir, &cabinet(&[]));
    let (out, printed) = build(dir, "2026-04-08");
    assert!(out.status.success(), "{printed}");

    // Published Thursday 2 April 2026: Good Friday and Easter Monday are not working days.
    let notice = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-4.pdf"))));
    for words in [
        "Borough of Testham",
        "Decision notice: Budget monitoring",
        "Key decision Yes",
        "FP/2026/07",
        "Published 2 April 2026",
        "Subject to call-in until the end of 13 April 2026; may be implemented from 14 April 2026",
        "Declarations of interest",
        "Cllr Cy Dee: other registrable interest (Trustee of the leisure trust). Took no part in the vote.",
        "For: 5. Against: 2. Abstained: 1.",
    ] {
        assert!(notice.contains(&squash(words)), "{words:?} in {notice}");
    }
    let page = std::fs::read_to_string(dir.join(format!("{OUT}/decisions/item-4.html"))).unwrap();
    assert!(page.contains("Took no part in the vote."), "{page}");
    let fees = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-5.pdf"))));
    assert!(fees.contains(&squash("None declared.")), "{fees}");
    let urgent = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-6.pdf"))));
    assert!(urgent.contains(&squash(
        "Not subject to call-in: urgent (The roof may fall in before the call-in period ends)"
    )));
    // The exempt item's public notice names who declared, never what.
    let exempt = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-7.pdf"))));
    assert!(
        exempt.contains(&squash("Decision on an exempt item (paragraph 3"))
            && exempt.contains(&squash(
                "Cllr Di Ray: disclosable pecuniary interest. Left the room."
            )),
        "{exempt}"
    );

    // The minutes: a draft on every page and in the title.
    let minutes = dir.join(format!("{OUT}/minutes.pdf"));
    let pages = pdf_page_texts(&minutes);
    assert!(!pages.is_empty());
    for page in &pages {
        assert!(
            squash(page).contains(&squash("DRAFT - subject to approval")),
            "{page}"
        );
    }
    if let Some(title) = pdf_title(&minutes) {
        assert_eq!(
            title,
            "Minutes: Cabinet, 1 April 2026 (DRAFT - subject to approval)"
        );
    }
    let text = squash(&pdf_text(&minutes));
    let mut at = 0;
    for words in [
        "Minutes: Cabinet, 1 April 2026",
        "Attendance",
        "Chair Cllr Ann Lee",
        "Vice-chair Cllr Bo Khan",
        "Cllr Flo Gee (substitute for Cllr Ed Fox)",
        "Apologies Cllr Ed Fox",
        "Absent Cllr Jon King",
        "Declarations of interest",
        "Item 4, Cllr Cy Dee: other registrable interest (Trustee of the leisure trust). Took no part in the vote.",
        "Item 7, Cllr Di Ray: disclosable pecuniary interest. Left the room.",
        "1. Apologies for absence",
        "Apologies were received from Cllr Ed Fox.",
        "2. Declarations of interest",
        "3. Minutes of the previous meeting",
        "4. Budget monitoring",
        "The Director of Finance presented the report.",
        "Resolved:",
        "Cabinet resolved to:",
        "2. approve the recovery plan",
        "For: 5. Against: 2. Abstained: 1.",
        "5. Leisure centre fees",
        "Agree the leisure centre fees for 2026/27.",
        "6. Urgent roof repairs",
        "7. Disposal of the depot",
        "paragraph 3 of Schedule 12A",
        "Minute of an exempt item (paragraph 3).",
        "Decision on an exempt item (paragraph 3).",
    ] {
        let found = text[at..].find(&squash(words));
        assert!(found.is_some(), "{words:?} after {at} in {text}");
        at += found.unwrap();
    }
    let html = std::fs::read_to_string(dir.join(format!("{OUT}/minutes.html"))).unwrap();
    assert!(html.contains("DRAFT - subject to approval"), "{html}");
    assert!(html.contains("Cllr Flo Gee (substitute for Cllr Ed Fox)"));
    // The full minutes go to the exempt tree only.
    let full = squash(&pdf_text(
        &dir.join("exempt/2026-04-01-cabinet/minutes.pdf"),
    ));
    assert!(
        full.contains(MARKER) && full.contains("NOTFORPUBLICATION"),
        "{full}"
    );

    // The meeting page: attendance, declarations, decisions and the minutes.
    let meeting = std::fs::read_to_string(dir.join(format!("{OUT}/index.html"))).unwrap();
    for words in [
        "Cllr Flo Gee (substitute for Cllr Ed Fox)",
        "Took no part in the vote.",
        "href=\"decisions/item-4.html\"",
        "href=\"minutes.html\"",
        "DRAFT - subject to approval",
        "\"@type\":\"Event\"",
    ] {
        assert!(meeting.contains(words), "{words:?} in {meeting}");
    }

    // The register as open data.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("output/decisions.json")).unwrap()).unwrap();
    let records = json.as_array().unwrap();
    assert_eq!(records.len(), 4);
    let four = records.iter().find(|r| r["item"] == "4").unwrap();
    assert_eq!(four["id"], "2026-04-01-cabinet/item-4");
    assert_eq!(four["call_in_ends"], "2026-04-13");
    assert_eq!(four["implementable_from"], "2026-04-14");
    assert_eq!(four["status"], "open to call-in until 2026-04-13");
    assert_eq!(four["key_decision"], "Yes");
    assert_eq!(four["report_pdf"], "2026-04-01-cabinet/budget.pdf");
    assert_eq!(four["report_html"], "2026-04-01-cabinet/budget.html");
    assert_eq!(
        four["notice_pdf"],
        "2026-04-01-cabinet/decisions/item-4.pdf"
    );
    let six = records.iter().find(|r| r["item"] == "6").unwrap();
    assert_eq!(six["status"], "not subject to call-in (urgent)");
    let seven = records.iter().find(|r| r["item"] == "7").unwrap();
    assert_eq!(seven["exempt"], true);
    assert_eq!(seven["report_pdf"], serde_json::Value::Null);
    // Open data is data: the JSON keeps the text as written, the CSV guards a cell a
    // spreadsheet would run as a formula.
    let five = records.iter().find(|r| r["item"] == "5").unwrap();
    assert!(
        five["alternatives"]
            .as_str()
            .unwrap()
            .starts_with("=HYPERLINK")
    );
    let csv = std::fs::read_to_string(dir.join("output/decisions.csv")).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\"") && !csv.contains(",\"=HYPERLINK"),
        "{csv}"
    );
    assert_nothing_exempt_public(dir, &printed);

    // A later meeting approves the minutes: no longer a draft.
    write(dir, &cabinet(&[("Minutes approved", V::D(2026, 4, 29))]));
    let (out, printed) = build(dir, "2026-04-30");
    assert!(out.status.success(), "{printed}");
    let text = squash(&pdf_text(&minutes));
    assert!(
        text.contains(&squash("Approved on 29 April 2026")),
        "{text}"
    );
    assert!(!text.contains("DRAFT"), "{text}");
    if let Some(title) = pdf_title(&minutes) {
        assert_eq!(
            title,
            "Minutes: Cabinet, 1 April 2026 (Approved on 29 April 2026)"
        );
    }
    let approved = std::fs::read(&minutes).unwrap();
    let meeting = std::fs::read_to_string(dir.join(format!("{OUT}/index.html"))).unwrap();
    assert!(meeting.contains("Approved on 29 April 2026"), "{meeting}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("output/decisions.json")).unwrap()).unwrap();
    let four = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item"] == "4")
        .unwrap()
        .clone();
    assert_eq!(four["status"], "call-in period ended; may be implemented");
    assert_nothing_exempt_public(dir, &printed);

    // Approved minutes are the record: an edit afterwards is refused, and they stay.
    let mut edited = cabinet(&[("Minutes approved", V::D(2026, 4, 29))]);
    let minutes_sheet = edited
        .sheets
        .iter_mut()
        .find(|(n, _)| n == "Minutes")
        .unwrap();
    minutes_sheet.1[2] = row(&["3", "The minutes were agreed, with a correction."]);
    write(dir, &edited);
    let (out, printed) = build(dir, "2026-05-06");
    assert!(!out.status.success(), "{printed}");
    assert!(printed.contains("minutes-changed"), "{printed}");
    assert_eq!(std::fs::read(&minutes).unwrap(), approved);
    assert!(dir.join("exempt/2026-04-01-cabinet/minutes.pdf").is_file());
    assert_nothing_exempt_public(dir, &printed);

    // Forced, or with the file gone, they are the same approved minutes.
    write(dir, &cabinet(&[("Minutes approved", V::D(2026, 4, 29))]));
    let (out, printed) = build_with(dir, &["--today", "2026-05-07", "--force"]);
    assert!(out.status.success(), "{printed}");
    assert_eq!(std::fs::read(&minutes).unwrap(), approved);
    std::fs::remove_file(&minutes).unwrap();
    let (out, printed) = build(dir, "2026-05-08");
    assert!(out.status.success(), "{printed}");
    assert_eq!(std::fs::read(&minutes).unwrap(), approved);
    assert!(dir.join("exempt/2026-04-01-cabinet/minutes.pdf").is_file());
}

#[test]
fn slips_after_the_meeting_are_named_at_their_cells() {
    let dir = project();
    let dir = dir.path();
    let mut book = cabinet(&[]);
    for (name, sheet) in &mut book.sheets {
        match name.as_str() {
            // A typo in the Attendance words.
            "attendance" => sheet[4][1] = t("Presnt"),
            "DECLARATIONS" => {
                // An item off the agenda; a member not in the attendance; an Interest typo.
                sheet.push(row(&["Cllr Ann Lee", "9", "Non-registrable", "", ""]));
                sheet.push(row(&["Cllr Zoe Quinn", "5", "Other registrable", "", ""]));
                sheet.push(row(&["Cllr Ann Lee", "5", "Disclosable pecunary", "", ""]));
                // Apologies sent: not present.
                sheet.push(row(&["Cllr Ed Fox", "5", "Non-registrable", "", ""]));
            }
            // More votes than the 8 members present.
            "Decisions" => sheet[1][7] = t("7"),
            "Minutes" => sheet.push(row(&["12", "Any other business."])),
            _ => {}
        }
    }
    // A sheet whose name is close to one of the contract's is named, not left out unseen.
    let book = book.text_sheet("Minuets", &[&["Item", "Minute"], &["4", "Noted."]]);
    write(dir, &book);
    let out = papers(dir, &["check", "--message-format", "json"]);
    assert!(!out.status.success());
    let found: Vec<(String, String, String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d.get("code").is_some())
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
            (s("code"), s("sheet"), s("cell"), s("suggestion"))
        })
        .collect();
    for want in [
        ("bad-value", "attendance", "B5", "Present"),
        ("declaration-off-agenda", "DECLARATIONS", "B4", ""),
        ("not-in-attendance", "DECLARATIONS", "A5", ""),
        ("bad-value", "DECLARATIONS", "C6", "Disclosable pecuniary"),
        ("not-in-attendance", "DECLARATIONS", "A7", ""),
        ("votes-over-present", "Decisions", "H2", ""),
        ("minute-off-agenda", "Minutes", "A7", ""),
        ("unknown-sheet", "Minuets", "", "Minutes"),
    ] {
        assert!(
            found
                .iter()
                .any(|(c, s, a, sug)| (c.as_str(), s.as_str(), a.as_str())
                    == (want.0, want.1, want.2)
                    && (want.3.is_empty() || sug == want.3)),
            "{want:?} in {found:?}"
        );
    }
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(!printed.contains(MARKER), "{printed}");
}

#[test]
fn a_decision_edited_after_publication_is_revised_and_the_published_notice_kept() {
    let dir = project();
    let dir = dir.path();
    write(dir, &cabinet(&[]));
    let (out, printed) = build(dir, "2026-04-08");
    assert!(out.status.success(), "{printed}");
    let first = std::fs::read(dir.join(format!("{OUT}/decisions/item-5.pdf"))).unwrap();

    let mut book = cabinet(&[]);
    let decisions = book
        .sheets
        .iter_mut()
        .find(|(n, _)| n == "Decisions")
        .unwrap();
    decisions.1[2][1] = t("Agree the leisure centre fees for 2026/27, less 5% for residents.");
    write(dir, &book);
    let (out, printed) = build(dir, "2026-04-09");
    assert!(out.status.success(), "{printed}");
    // The notice as published stays, under its versioned name; the revision says so.
    assert_eq!(
        std::fs::read(dir.join(format!("{OUT}/decisions/item-5.v1.pdf"))).unwrap(),
        first
    );
    let revised = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-5.pdf"))));
    assert!(
        revised.contains(&squash("less 5% for residents")),
        "{revised}"
    );
    assert!(
        revised.contains(&squash("Revised on 9 April 2026")),
        "{revised}"
    );
    let manifest = std::fs::read_to_string(dir.join("output/manifest.json")).unwrap();
    assert!(manifest.contains("item-5.v1.pdf"), "{manifest}");
    // Both stay through later builds, even when the decision's row is gone.
    let mut book = cabinet(&[]);
    let decisions = book
        .sheets
        .iter_mut()
        .find(|(n, _)| n == "Decisions")
        .unwrap();
    decisions.1.remove(2);
    write(dir, &book);
    let (_, printed) = build(dir, "2026-04-10");
    assert!(
        dir.join(format!("{OUT}/decisions/item-5.v1.pdf")).is_file()
            && dir.join(format!("{OUT}/decisions/item-5.pdf")).is_file(),
        "{printed}"
    );
    let manifest = std::fs::read_to_string(dir.join("output/manifest.json")).unwrap();
    assert!(manifest.contains("item-5.v1.pdf"), "{manifest}");
    // Its record stays in the register.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("output/decisions.json")).unwrap()).unwrap();
    assert!(
        json.as_array().unwrap().iter().any(|r| r["item"] == "5"),
        "{json}"
    );
    assert_nothing_exempt_public(dir, &printed);
}

/// The clerk's workbook with item 5's decision edited after its notice was published.
fn cabinet_with_item_5_revised() -> Book {
    let mut book = cabinet(&[]);
    let decisions = book
        .sheets
        .iter_mut()
        .find(|(n, _)| n == "Decisions")
        .unwrap();
    decisions.1[2][1] = t("Agree the leisure centre fees for 2026/27, less 5% for residents.");
    book
}

#[test]
fn a_revision_that_cannot_be_typeset_leaves_the_published_notice_where_it_was() {
    let dir = project();
    let dir = dir.path();
    write(dir, &cabinet(&[]));
    let (out, printed) = build(dir, "2026-04-08");
    assert!(out.status.success(), "{printed}");
    let pdf = dir.join(format!("{OUT}/decisions/item-5.pdf"));
    let page = dir.join(format!("{OUT}/decisions/item-5.html"));
    let (first, first_page) = (std::fs::read(&pdf).unwrap(), std::fs::read(&page).unwrap());

    // The decision is edited, and the notice's template (a project's own) fails to typeset.
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("decision-notice.typ.hbs"),
        "#panic(\"this notice cannot be typeset\")\n",
    )
    .unwrap();
    write(dir, &cabinet_with_item_5_revised());
    let (out, printed) = build(dir, "2026-04-09");
    assert!(!out.status.success(), "{printed}");
    assert!(printed.contains("typeset-error"), "{printed}");
    assert!(printed.contains("item-5.pdf"), "{printed}");
    // The published notice and its page are where they were, byte for byte; no version of
    // them was made.
    assert_eq!(std::fs::read(&pdf).unwrap(), first);
    assert_eq!(std::fs::read(&page).unwrap(), first_page);
    assert!(!dir.join(format!("{OUT}/decisions/item-5.v1.pdf")).exists());
    assert!(!dir.join(format!("{OUT}/decisions/item-5.v1.html")).exists());
    let manifest = std::fs::read_to_string(dir.join("output/manifest.json")).unwrap();
    assert!(manifest.contains("decisions/item-5.pdf"), "{manifest}");
    assert!(!manifest.contains("item-5.v1.pdf"), "{manifest}");

    // With the template mended, the revision goes out, and the published notice is kept.
    std::fs::remove_file(templates.join("decision-notice.typ.hbs")).unwrap();
    let (out, printed) = build(dir, "2026-04-10");
    assert!(out.status.success(), "{printed}");
    assert_eq!(
        std::fs::read(dir.join(format!("{OUT}/decisions/item-5.v1.pdf"))).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read(dir.join(format!("{OUT}/decisions/item-5.v1.html"))).unwrap(),
        first_page
    );
    let revised = squash(&pdf_text(&pdf));
    assert!(
        revised.contains(&squash("Revised on 10 April 2026"))
            && revised.contains(&squash("less 5% for residents")),
        "{revised}"
    );
    assert_nothing_exempt_public(dir, &printed);
}

#[test]
fn a_revised_notice_whose_file_is_lost_comes_back_as_the_ledger_records_it() {
    let dir = project();
    let dir = dir.path();
    write(dir, &cabinet(&[]));
    let (out, printed) = build(dir, "2026-04-08");
    assert!(out.status.success(), "{printed}");
    write(dir, &cabinet_with_item_5_revised());
    let (out, printed) = build(dir, "2026-04-09");
    assert!(out.status.success(), "{printed}");
    let pdf = dir.join(format!("{OUT}/decisions/item-5.pdf"));
    let page = dir.join(format!("{OUT}/decisions/item-5.html"));
    let (revised, revised_page) = (std::fs::read(&pdf).unwrap(), std::fs::read(&page).unwrap());
    assert!(
        squash(&pdf_text(&pdf)).contains(&squash("Revised on 9 April 2026")),
        "{}",
        pdf_text(&pdf)
    );

    // The revised notice and its page are lost; a later build makes them again as the
    // ledger records them: with the note of the revision and its day, byte for byte.
    std::fs::remove_file(&pdf).unwrap();
    std::fs::remove_file(&page).unwrap();
    let (out, printed) = build(dir, "2026-04-14");
    assert!(out.status.success(), "{printed}");
    let text = squash(&pdf_text(&pdf));
    assert!(
        text.contains(&squash(
            "Revised on 9 April 2026. This notice replaces the one published earlier, which remains available as item-5.v1.pdf."
        )),
        "{text}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), revised);
    assert_eq!(std::fs::read(&page).unwrap(), revised_page);
    // The first version is untouched, and no third version is recorded.
    assert!(dir.join(format!("{OUT}/decisions/item-5.v1.pdf")).is_file());
    assert!(!dir.join(format!("{OUT}/decisions/item-5.v2.pdf")).exists());
    let ledger = std::fs::read_to_string(dir.join("exempt/ledger.json")).unwrap();
    assert!(!ledger.contains("item-5.v2.pdf"), "{ledger}");

    // So is a lost notice that was never revised: without a note.
    let four = dir.join(format!("{OUT}/decisions/item-4.pdf"));
    let before = std::fs::read(&four).unwrap();
    std::fs::remove_file(&four).unwrap();
    let (out, printed) = build(dir, "2026-04-15");
    assert!(out.status.success(), "{printed}");
    assert_eq!(std::fs::read(&four).unwrap(), before);
    assert!(!squash(&pdf_text(&four)).contains(&squash("Revised")));
}

#[test]
fn a_slip_after_the_meeting_keeps_the_draft_minutes_and_publishes_nothing_new() {
    let dir = project();
    let dir = dir.path();
    write(dir, &cabinet(&[]));
    let (out, printed) = build(dir, "2026-04-08");
    assert!(out.status.success(), "{printed}");
    let minutes = dir.join(format!("{OUT}/minutes.pdf"));
    let draft = std::fs::read(&minutes).unwrap();

    // A minute on an item not on the agenda: nothing new, the draft stays.
    let mut book = cabinet(&[]);
    let sheet = book
        .sheets
        .iter_mut()
        .find(|(n, _)| n == "Minutes")
        .unwrap();
    sheet.1.push(row(&["12", "Any other business."]));
    sheet.1[4] = row(&["4", "A new minute that is not yet published."]);
    write(dir, &book);
    let (out, printed) = build(dir, "2026-04-09");
    assert!(!out.status.success(), "{printed}");
    assert!(printed.contains("minute-off-agenda"), "{printed}");
    assert_eq!(std::fs::read(&minutes).unwrap(), draft);
    assert!(dir.join(format!("{OUT}/minutes.html")).is_file());
    assert!(dir.join("exempt/2026-04-01-cabinet/minutes.pdf").is_file());
    assert_nothing_exempt_public(dir, &printed);
}

#[test]
fn cell_text_in_the_minutes_is_data_never_code() {
    let dir = project();
    let dir = dir.path();
    let hostile = "#read(\"/etc/passwd\") <script>alert(1)</script> $x$ = @ref /* [";
    let mut book = cabinet(&[]);
    for (name, sheet) in &mut book.sheets {
        match name.as_str() {
            "attendance" => {
                sheet[3][0] = t(&format!("Cllr {hostile}"));
                sheet[1][3] = t(hostile);
            }
            "DECLARATIONS" => {
                sheet[1][0] = t(&format!("Cllr {hostile}"));
                sheet[1][3] = t(hostile);
                sheet[1][4] = t(hostile);
            }
            "Minutes" => sheet[3][1] = t(&format!("{hostile}\n- {hostile}")),
            _ => {}
        }
    }
    write(dir, &book);
    let (out, printed) = build(dir, "2026-04-08");
    assert!(out.status.success(), "{printed}");
    let text = squash(&pdf_text(&dir.join(format!("{OUT}/minutes.pdf"))));
    assert!(text.matches(&squash(hostile)).count() >= 4, "{text}");
    let notice = squash(&pdf_text(&dir.join(format!("{OUT}/decisions/item-4.pdf"))));
    assert!(notice.contains(&squash(hostile)), "{notice}");
    for page in [format!("{OUT}/minutes.html"), format!("{OUT}/index.html")] {
        let html = std::fs::read_to_string(dir.join(&page)).unwrap();
        assert!(!html.contains("<script>alert"), "{page}: {html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
    }
}
