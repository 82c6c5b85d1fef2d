//! What a clerk needs on the agenda: reports to follow, item numbers in the bookmarks and on
//! every paper, the date of publication, meeting workbooks kept as .ods, and every slip of a
//! meeting shown once at its cell.

mod support;

use std::path::Path;

use support::*;

const FOLDER: &str = "inputs/2026-03-04-cabinet";
const OUT: &str = "output/2026-03-04-cabinet";

/// A meeting workbook: extra Meeting fields, then agenda rows under `header`.
fn meeting(extra: &[(&str, V)], header: &[&str], agenda: &[&[&str]]) -> Book {
    let mut fields = vec![
        vec![t("Field"), t("Value")],
        vec![t("Committee"), t("Cabinet")],
        vec![t("Date"), V::D(2026, 3, 4)],
        vec![t("Time"), t("5.30pm")],
    ];
    // Published, unless the test gives its own (or "Published" as blank: a draft).
    if !extra.iter().any(|(f, _)| *f == "Published") {
        fields.push(vec![t("Published"), V::D(2026, 2, 20)]);
    }
    fields.extend(
        extra
            .iter()
            .filter(|(_, v)| !matches!(v, V::E))
            .map(|(f, v)| vec![t(f), v.clone()]),
    );
    let mut rows: Vec<&[&str]> = vec![header];
    rows.extend(agenda.iter().copied());
    Book::new()
        .sheet("Meeting", fields)
        .text_sheet("Agenda", &rows)
}

/// A report for the meeting, without an Item on its Cover.
fn paper(title: &str) -> Book {
    Book::new()
        .cover(&[
            ("Title", title),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Purpose", "To decide."),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "Some text."],
            ],
        )
}

/// A standalone action plan for the meeting.
fn action_plan(title: &str) -> Book {
    Book::new()
        .cover(&[
            ("Template", "action-plan"),
            ("Title", title),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
        ])
        .text_sheet(
            "Actions",
            &[
                &["Workstream", "Action", "Lead", "Deadline", "Status"],
                &[
                    "Income",
                    "Promote benefit take-up",
                    "Neighbourhoods",
                    "March 2027",
                    "On target",
                ],
            ],
        )
}

/// Today by the system clock, as "30 November 2026".
fn today() -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    // Days since 1970 to a civil date (H. Hinnant).
    let z = days + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{day} {} {year}", MONTHS[month as usize - 1])
}

fn path(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(FOLDER).join(name)
}

#[test]
fn reports_to_follow_are_listed_and_the_pack_is_still_built() {
    let dir = project();
    let d = dir.path();
    meeting(
        &[],
        &["Item", "Title", "Report", "Exempt", "To follow"],
        &[
            &["1", "Apologies", "", "", ""],
            &["7", "Budget monitoring", "to follow", "", ""],
            &[
                "8",
                "Reducing inequalities action plan",
                "plan.xlsx",
                "",
                "",
            ],
            &["9", "Staffing review", "staffing.xlsx", "", "Yes"],
        ],
    )
    .write(&path(d, "meeting.xlsx"));
    action_plan("Reducing inequalities action plan").write(&path(d, "plan.xlsx"));
    Book::new()
        .cover(&[("Title", "Staffing review"), ("Key decision", "Maybe")])
        .write(&path(d, "staffing.xlsx"));
    let run = papers(d, &["build"]);
    let err = stderr(&run);
    assert_eq!(
        run.status.code(),
        Some(1),
        "the staffing paper has an error: {err}"
    );
    assert!(
        err.contains("error[bad-value]") && err.contains("staffing.xlsx"),
        "{err}"
    );
    assert!(!err.contains("pack-not-built"), "{err}");
    let pack = d.join(OUT).join("agenda-pack.pdf");
    let text = squash(&pdf_text(&pack));
    assert!(
        text.contains(&squash("7 Budget monitoring Report to follow")),
        "{text}"
    );
    assert!(
        text.contains(&squash("9 Staffing review Report to follow")),
        "{text}"
    );
    assert!(
        !text.contains(&squash(
            "Reducing inequalities action plan Report to follow"
        )),
        "{text}"
    );

    // Bookmarks carry item numbers; the action plan shows its item like any paper.
    let marks: Vec<String> = pdf_bookmarks(&pack)
        .into_iter()
        .filter(|(depth, _)| *depth == 0)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(
        marks,
        ["Cabinet", "Agenda", "8. Reducing inequalities action plan"]
    );
    let plan = pdf_text(&d.join(OUT).join("plan.pdf"));
    assert!(
        squash(&plan).contains(&squash("Item 8 · Cabinet")),
        "{plan}"
    );
    // The number is in the bookmark, not printed before the title.
    assert!(
        !squash(&pdf_text(&pack)).contains(&squash("8. Reducing")),
        "{text}"
    );
}

#[test]
fn the_front_sheet_gives_the_date_of_publication_once() {
    let dir = project();
    let d = dir.path();
    let header = ["Item", "Title", "Report", "Exempt"];
    let rows: &[&[&str]] = &[&["1", "Budget", "budget.xlsx", ""]];
    paper("Budget").write(&path(d, "budget.xlsx"));
    // No Published date: a draft, outside output/.
    meeting(&[("Published", V::E)], &header, rows).write(&path(d, "meeting.xlsx"));
    let run = papers(d, &["build", "--today", "2026-02-18"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!d.join(OUT).join("agenda-pack.pdf").exists());
    assert!(
        d.join("drafts/2026-03-04-cabinet/agenda-pack.pdf")
            .is_file()
    );

    // Published on 20 February: a draft before it, published from it, dated by it.
    meeting(&[], &header, rows).write(&path(d, "meeting.xlsx"));
    papers(d, &["build", "--today", "2026-02-19"]);
    assert!(!d.join(OUT).join("agenda-pack.pdf").exists(), "not yet");
    let run = papers(d, &["build", "--today", "2026-02-24"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let front = &pdf_page_texts(&d.join(OUT).join("agenda-pack.pdf"))[0];
    assert!(
        squash(front).contains(&squash("Date of publication 20 February 2026")),
        "{front}"
    );
    let pack = std::fs::read(d.join(OUT).join("agenda-pack.pdf")).unwrap();

    // Never restamped: another day, --force, a later or a blank Published date.
    for extra in [
        vec![("Published", V::D(2026, 2, 27))],
        vec![("Published", V::E)],
    ] {
        meeting(&extra, &header, rows).write(&path(d, "meeting.xlsx"));
        papers(d, &["build", "--force", "--today", "2026-02-25"]);
        assert_eq!(
            std::fs::read(d.join(OUT).join("agenda-pack.pdf")).unwrap(),
            pack,
            "{extra:?}"
        );
    }
    assert!(!today().is_empty());
}

#[test]
fn a_meeting_kept_as_ods_or_xls_is_a_meeting() {
    // tests/fixtures/meeting.fods, saved by LibreOffice as meeting.ods and meeting.xls with
    // `soffice --headless --convert-to ods meeting.fods` (and `xls`): agenda items 1 and 2,
    // item 2's Report budget.xlsx.
    for name in ["meeting.ods", "meeting.xls"] {
        let dir = project();
        let d = dir.path();
        std::fs::create_dir_all(d.join(FOLDER)).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            path(d, name),
        )
        .unwrap();
        paper("Budget monitoring").write(&path(d, "budget.xlsx"));
        let run = papers(d, &["build"]);
        assert_eq!(run.status.code(), Some(0), "{name}: {}", stderr(&run));
        // The fixture gives no Published date: the meeting is read, and built as a draft.
        let drafts = d.join("drafts/2026-03-04-cabinet");
        let pack = drafts.join("agenda-pack.pdf");
        let pages = pdf_page_texts(&pack);
        assert!(
            squash(&pages[0]).contains("Councilchamber"),
            "{name}: {}",
            pages[0]
        );
        assert!(
            squash(&pages[1]).contains(&squash("2 Budget monitoring 3")),
            "{name}: {}",
            pages[1]
        );
        let stem = name.trim_end_matches(".ods").trim_end_matches(".xls");
        assert!(
            !drafts.join(format!("{stem}.pdf")).exists()
                && !d.join(OUT).join(format!("{stem}.pdf")).exists(),
            "{name}: the meeting is not built as a paper"
        );
    }
}

#[test]
fn a_meeting_error_hides_no_warning_and_each_slip_is_at_its_cell() {
    let dir = project();
    let d = dir.path();
    meeting(
        &[],
        &["Item", "Title", "Report", "Exempt"],
        &[
            &["3", "Budget", "budget.xlsx", "Yes"],
            &["4", "Plan", "plan.xlsx", ""],
            &["3", "Another", "", ""],
        ],
    )
    .write(&path(d, "meeting.xlsx"));
    let mut budget = paper("Budget");
    budget.sheets[0].1[2] = vec![t("Committee"), t("Council")];
    budget.write(&path(d, "budget.xlsx"));
    paper("Plan").write(&path(d, "plan.xlsx"));
    let run = papers(d, &["check", "--message-format", "json"]);
    assert_eq!(run.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let find = |code: &str| {
        lines
            .iter()
            .filter(|l| l["code"] == code)
            .cloned()
            .collect::<Vec<_>>()
    };
    let bad = find("bad-value");
    assert_eq!(bad.len(), 1, "{lines:?}");
    assert_eq!(bad[0]["cell"], "D2");
    assert_eq!(
        find("committee-mismatch").len(),
        1,
        "the meeting's error hides no warning: {lines:?}"
    );
    let dup = find("duplicate-item");
    assert_eq!(dup.len(), 1, "{lines:?}");
    assert_eq!(dup[0]["cell"], "A4");
    assert!(
        dup[0]["message"].as_str().unwrap().contains("A2 and A4"),
        "{dup:?}"
    );
}

#[test]
fn a_misspelt_report_is_one_error_not_also_a_paper_on_no_agenda_row() {
    let dir = project();
    let d = dir.path();
    meeting(
        &[],
        &["Item", "Title", "Report", "Exempt"],
        &[&["1", "Plan", "plna.xlsx", ""]],
    )
    .write(&path(d, "meeting.xlsx"));
    paper("Plan").write(&path(d, "plan.xlsx"));
    let run = papers(d, &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[missing-report]") && err.contains("did you mean \"plan.xlsx\"?"),
        "{err}"
    );
    assert!(!err.contains("not-on-agenda"), "{err}");
    assert!(
        err.contains("Checked 1 document: 1 error, 0 warnings"),
        "{err}"
    );
}

#[test]
fn building_one_paper_of_a_meeting_builds_its_pack_too() {
    let dir = project();
    let d = dir.path();
    meeting(
        &[],
        &["Item", "Title", "Report", "Exempt"],
        &[
            &["1", "Plan", "plan.xlsx", ""],
            &["2", "Budget", "budget.xlsx", ""],
        ],
    )
    .write(&path(d, "meeting.xlsx"));
    paper("Plan").write(&path(d, "plan.xlsx"));
    paper("Budget").write(&path(d, "budget.xlsx"));
    let run = papers(d, &["build", &format!("{FOLDER}/plan.xlsx")]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(d.join(OUT).join("plan.pdf").is_file());
    assert!(
        !d.join(OUT).join("budget.pdf").exists(),
        "only the named paper is built"
    );
    let pack = squash(&pdf_text(&d.join(OUT).join("agenda-pack.pdf")));
    assert!(pack.contains("Budget") && pack.contains("Plan"), "{pack}");
    // Naming the meeting workbook checks the meeting with all its papers.
    let run = papers(d, &["check", &format!("{FOLDER}/meeting.xlsx")]);
    assert!(
        stderr(&run).contains("Checked 2 documents"),
        "{}",
        stderr(&run)
    );
}
