//! Cells read as a person sees them: the author's own numbering printed once, lettered
//! sub-items keeping their letters, and the slips a reader would notice named by cell.

mod support;

use serde_json::Value;
use support::*;

/// `papers check --message-format json`, as (exit status, diagnostics).
fn check(dir: &std::path::Path) -> (Option<i32>, Vec<Value>) {
    let run = papers(
        dir,
        &["check", "--message-format", "json", "--today", "2026-01-01"],
    );
    let diags = String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (run.status.code(), diags)
}

/// The diagnostics with this code, as (sheet, cell, suggestion).
fn coded(diags: &[Value], code: &str) -> Vec<(String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    diags
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| (s(&d["sheet"]), s(&d["cell"]), s(&d["suggestion"])))
        .collect()
}

fn numbered_by_hand() -> Book {
    Book::new()
        .cover(&[
            ("Title", "Reducing inequalities"),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Item", "Item 7"),
            ("Recommendations", "1. To approve the action plan:\na) its workstreams\nc) its leads\n2) To note the risks"),
        ])
        .text_sheet("Report", &[
            &["Heading", "Subheading", "Text"],
            &["1. Background", "", "1.1 The council adopted its strategy in 2014."],
            &["", "", "1.2. It asked for a plan with:\n(a) clear leads\n(b) dates\n(d) a budget"],
            &["", "", "1.7 Figures are in Appendix 2."],
            &["2. Implications", "2.1 Climate change", "None."],
        ])
}

#[test]
fn numbers_the_author_typed_print_once_and_letters_are_kept() {
    let dir = project();
    numbered_by_hand().write(&dir.path().join("inputs/paper.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "paper.pdf")));
    for want in [
        "1. To approve the action plan: a) its workstreams c) its leads 2. To note the risks",
        "1. Background 1.1 The council adopted its strategy in 2014.",
        "1.2 It asked for a plan with: (a) clear leads (b) dates (d) a budget",
        "1.3 1.7 Figures are in Appendix 2.",
        "2. Implications 2.1 Climate change None.",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    for twice in ["1.11.1", "1.21.2", "2.12.1", "1.1.To", "ItemItem", "1.2.It"] {
        assert!(!text.contains(twice), "{twice:?} printed in {text}");
    }
    let (_, diags) = check(dir.path());
    assert_eq!(
        coded(&diags, "own-number"),
        [("Report".to_owned(), "C4".to_owned(), String::new())]
    );
    assert_eq!(
        coded(&diags, "item-label"),
        [("Cover".to_owned(), "B5".to_owned(), "7".to_owned())]
    );
}

#[test]
fn slips_a_reader_would_notice_are_named_with_their_cells() {
    let dir = project();
    Book::new()
        .cover(&[
            ("Title", "Plan"),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "Text."],
                &["Risks", "", ""],
                &["Finance", "", "More."],
            ],
        )
        .text_sheet(
            "Contacts",
            &[
                &["Role", "Name", "Email"],
                &["Officer contact", "Jo Bloggs", "jo@norwich.gov.uk"],
                &["Member contact", "", "cllr@norwich.gov.uk"],
            ],
        )
        .text_sheet(
            "Actions",
            &[
                &["Workstream", "Action", "Lead", "Deadline", "Status"],
                &["Jobs", "Jobs fair", "HR", "May 2026", "On targt"],
            ],
        )
        .text_sheet("IIA", &[&["Category", "Item"], &["Economic", "Finance"]])
        .text_sheet("Contact", &[&["Name"], &["Ann"]])
        .text_sheet(
            "Impact Assesment",
            &[&["Category", "Item"], &["Social", "Health"]],
        )
        .write(&dir.path().join("inputs/paper.xlsx"));
    let (status, diags) = check(dir.path());
    assert_eq!(status, Some(0), "{diags:?}");
    let at = |sheet: &str, cell: &str, s: &str| (sheet.to_owned(), cell.to_owned(), s.to_owned());
    assert_eq!(coded(&diags, "empty-section"), [at("Report", "A3", "")]);
    assert_eq!(coded(&diags, "unnamed-contact"), [at("Contacts", "B3", "")]);
    assert_eq!(
        coded(&diags, "near-category"),
        [at("Actions", "E2", "On target")]
    );
    let sheets = coded(&diags, "unknown-sheet");
    assert_eq!(
        sheets,
        [
            at("IIA", "", "Impact assessment"),
            at("Contact", "", "Contacts"),
            at("Impact Assesment", "", "Impact assessment")
        ]
    );
    let message = diags
        .iter()
        .find(|d| d["code"] == "unnamed-contact")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("left out"), "{message}");
    // The contact with no name is left out of the paper.
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "paper.pdf")));
    assert!(
        text.contains("JoBloggs") && !text.contains("cllr@norwich"),
        "{text}"
    );
}

#[test]
fn an_appendix_numbered_by_its_own_title_that_clashes_is_an_error_naming_both_sheets() {
    let dir = project();
    report("Fees")
        .text_sheet(
            "Actions",
            &[
                &["Workstream", "Action", "Lead", "Deadline", "Status"],
                &["Jobs", "Jobs fair", "HR", "May 2026", "Ongoing"],
            ],
        )
        .text_sheet(
            "Fees",
            &[
                &["Appendix 1 - Fees and charges"],
                &["Service", "Fee"],
                &["Bulky waste", "25"],
            ],
        )
        .write(&dir.path().join("inputs/paper.xlsx"));
    let (status, diags) = check(dir.path());
    assert_eq!(status, Some(1));
    let found: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "appendix-number")
        .collect();
    assert_eq!(found.len(), 1, "{diags:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert_eq!(found[0]["sheet"], "Fees");
    assert!(
        message.contains("\"Fees\"")
            && message.contains("\"Actions\"")
            && message.contains("Appendix 1"),
        "{message}"
    );
    assert_eq!(found[0]["suggestion"], "Fees and charges");
    // In its own place, the same title is fine.
    let dir = project();
    report("Fees")
        .text_sheet(
            "Fees",
            &[
                &["Appendix 1 - Fees and charges"],
                &["Service", "Fee"],
                &["Bulky waste", "25"],
            ],
        )
        .write(&dir.path().join("inputs/paper.xlsx"));
    let (status, diags) = check(dir.path());
    assert_eq!(status, Some(0), "{diags:?}");
}

#[test]
fn an_agenda_item_typed_with_its_label_is_its_number() {
    let dir = project();
    let folder = dir.path().join("inputs/2026-03-04-cabinet");
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["Item 7", "Budget", "budget", ""],
            ],
        )
        .write(&folder.join("meeting.xlsx"));
    report("Budget").write(&folder.join("budget.xlsx"));
    let (status, diags) = check(dir.path());
    assert_eq!(status, Some(0), "{diags:?}");
    assert_eq!(
        coded(&diags, "item-label"),
        [("Agenda".to_owned(), "A2".to_owned(), "7".to_owned())]
    );
    assert!(coded(&diags, "item-mismatch").is_empty(), "{diags:?}");
}

#[test]
fn a_cover_sheet_named_nearly_so_is_suggested() {
    let dir = project();
    Book::new()
        .text_sheet("Covers", &[&["Field", "Value"], &["Title", "Plan"]])
        .write(&dir.path().join("inputs/paper.xlsx"));
    let (status, diags) = check(dir.path());
    assert_eq!(status, Some(1));
    assert_eq!(
        coded(&diags, "missing-sheet"),
        [(
            "Cover".to_owned(),
            String::new(),
            "rename sheet \"Covers\" to \"Cover\"".to_owned()
        )]
    );
}

#[test]
fn objectives_numbered_by_hand_print_their_number_once() {
    let dir = project();
    Book::new()
        .cover(&[
            ("Title", "Integrated plan"),
            ("Template", "strategy"),
            ("Objective heading", "Strategic Objective"),
        ])
        .text_sheet(
            "Objectives",
            &[
                &["Objective", "What do we want to achieve?"],
                &["1. Enabling people to thrive", "Healthy lives"],
                &[
                    "Strategic Objective 2: Supporting vulnerable people",
                    "Safe homes",
                ],
            ],
        )
        .write(&dir.path().join("inputs/plan.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "plan.pdf")));
    for want in [
        "Strategic Objective 1: Enabling people to thrive",
        "Strategic Objective 2: Supporting vulnerable people",
    ] {
        assert_eq!(
            text.matches(&squash(want)).count(),
            2,
            "{want:?} once in the contents, once as a heading: {text}"
        );
    }
    assert!(
        !text.contains("1:1.") && !text.contains("2:StrategicObjective"),
        "{text}"
    );
}
