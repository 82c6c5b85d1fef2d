//! Failing closed, through the real binary: whenever Papers cannot be sure a paper is public,
//! nothing of it is published. Each case hides a marker in an exempt paper and searches every
//! byte Papers could publish (everything under output/, and what the run printed) for it.

mod support;

use std::path::Path;

use support::*;

const MARKER: &str = "MARKER-KESTREL-9931";
const FOLDER: &str = "inputs/2026-03-04-cabinet";

/// A meeting workbook with the given agenda (its first row is the header row as written).
fn meeting(header: &[&str], agenda: &[[&str; 4]]) -> Book {
    let mut rows: Vec<&[&str]> = vec![header];
    rows.extend(agenda.iter().map(|r| r.as_slice()));
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
                vec![t("Council"), t("Borough of Testham")],
                vec![t("Published"), V::D(2026, 2, 20)],
            ],
        )
        .text_sheet("Agenda", &rows)
}

const HEADER: [&str; 4] = ["Item", "Title", "Report", "Exempt"];

/// The meeting as a draft (no Published date): built into drafts/, afresh at every build.
fn draft(mut meeting: Book) -> Book {
    meeting.sheets[0]
        .1
        .retain(|row| !matches!(&row[0], V::T(f) if f == "Published"));
    meeting
}

/// A paper whose title and text carry the marker; `cover` adds Cover fields.
fn secret(cover: &[(&str, &str)]) -> Book {
    let title = format!("Land deal {MARKER}");
    let mut fields = vec![
        ("Title", title.as_str()),
        ("Committee", "Cabinet"),
        ("Meeting date", "date:2026-03-04"),
        ("Item", "4"),
    ];
    fields.extend_from_slice(cover);
    Book::new().cover(&fields).sheet(
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
}

fn public_paper() -> Book {
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
}

/// Asserts that the marker is in no public byte: no file under output/ (raw, and as PDF text),
/// and nothing the runs printed.
fn assert_nothing_public(dir: &Path, printed: &[String]) {
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
    for text in printed {
        assert!(
            !text.contains(MARKER),
            "the run printed the marker:\n{text}"
        );
    }
}

/// Runs check (JSON) and build (JSON and human) and returns everything they printed.
fn runs(dir: &Path) -> (Vec<String>, String) {
    let check = papers(
        dir,
        &["check", "--message-format", "json", "--today", "2026-01-01"],
    );
    let json = papers(dir, &["build", "--message-format", "json"]);
    let human = papers(dir, &["build", "--force"]);
    let printed = [&check, &json, &human]
        .iter()
        .flat_map(|o| [String::from_utf8_lossy(&o.stdout).into_owned(), stderr(o)])
        .collect();
    (printed, stderr(&human))
}

fn f(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(FOLDER).join(name)
}

#[test]
fn a_meeting_workbook_that_cannot_be_trusted_publishes_none_of_its_papers() {
    type Slip = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Slip)> = vec![
        (
            "unreadable",
            Box::new(|d: &Path| {
                std::fs::write(f(d, "meeting.xlsx"), b"PK\x03\x04 not really a workbook").unwrap()
            }),
        ),
        (
            "no Agenda sheet",
            Box::new(|d: &Path| {
                let mut m = meeting(&HEADER, &[["4", "Land", "land.xlsx", "3"]]);
                m.sheets[1].0 = "Agendas".into();
                m.write(&f(d, "meeting.xlsx"));
            }),
        ),
        (
            "Exempt?",
            Box::new(|d: &Path| {
                meeting(
                    &["Item", "Title", "Report", "Exempt?"],
                    &[["4", "Land", "land.xlsx", "3"]],
                )
                .write(&f(d, "meeting.xlsx"))
            }),
        ),
        (
            "Confidential",
            Box::new(|d: &Path| {
                meeting(
                    &["Item", "Title", "Report", "Confidential"],
                    &[["4", "Land", "land.xlsx", "3"]],
                )
                .write(&f(d, "meeting.xlsx"))
            }),
        ),
        (
            "zero-width",
            Box::new(|d: &Path| {
                meeting(
                    &["Item", "Title", "Report", "Ex\u{200B}empt"],
                    &[["4", "Land", "land.xlsx", "3"]],
                )
                .write(&f(d, "meeting.xlsx"))
            }),
        ),
        (
            "no Exempt column",
            Box::new(|d: &Path| {
                meeting(
                    &["Item", "Title", "Report", "Notes"],
                    &[["4", "Land", "land.xlsx", "3"]],
                )
                .write(&f(d, "meeting.xlsx"))
            }),
        ),
        (
            "Report misnamed",
            Box::new(|d: &Path| {
                meeting(
                    &["Item", "Title", "Paper", "Exempt"],
                    &[["4", "Land", "land.xlsx", "3"]],
                )
                .write(&f(d, "meeting.xlsx"))
            }),
        ),
        (
            "no header row",
            Box::new(|d: &Path| {
                let rows: Vec<&[&str]> = vec![
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
                        ],
                    )
                    .text_sheet("Agenda", &rows)
                    .write(&f(d, "meeting.xlsx"));
            }),
        ),
        (
            "misspelt Report",
            Box::new(|d: &Path| {
                meeting(
                    &HEADER,
                    &[
                        ["4", "Land", "land-deal.xlsx", "3"],
                        ["5", "Budget", "budget.xlsx", ""],
                    ],
                )
                .write(&f(d, "meeting.xlsx"))
            }),
        ),
    ];
    for (name, write_meeting) in cases {
        let dir = project();
        secret(&[]).write(&f(dir.path(), "land.xlsx"));
        public_paper().write(&f(dir.path(), "budget.xlsx"));
        write_meeting(dir.path());
        let (printed, human) = runs(dir.path());
        assert!(human.contains("error[exempt-unknown]"), "{name}: {human}");
        assert!(!f(dir.path(), "land.pdf").exists());
        assert!(
            !dir.path()
                .join("output/2026-03-04-cabinet/land.pdf")
                .exists(),
            "{name}: the paper was published"
        );
        assert!(
            !dir.path()
                .join("output/2026-03-04-cabinet/agenda-pack.pdf")
                .exists(),
            "{name}: a pack was published"
        );
        assert_nothing_public(dir.path(), &printed);
    }
}

#[test]
fn a_cover_that_may_say_exempt_keeps_the_paper_out_of_public_files() {
    for (label, value) in [
        ("Exempt?", "3"),
        ("Exemption", "para 3"),
        ("Exempt para", "3"),
        ("Confidential", "Yes"),
        ("Exempt information", "3"),
        ("Ex\u{200B}empt", "3"),
    ] {
        let dir = project();
        meeting(
            &HEADER,
            &[
                ["4", "Land", "land.xlsx", ""],
                ["5", "Budget", "budget.xlsx", ""],
            ],
        )
        .write(&f(dir.path(), "meeting.xlsx"));
        secret(&[(label, value)]).write(&f(dir.path(), "land.xlsx"));
        public_paper().write(&f(dir.path(), "budget.xlsx"));
        let (printed, human) = runs(dir.path());
        assert!(human.contains("error[exempt-label]"), "{label:?}: {human}");
        assert!(
            !human.contains("unknown-field"),
            "{label:?}: a near miss is not an unknown field: {human}"
        );
        assert_nothing_public(dir.path(), &printed);
    }
}

#[test]
fn exempt_values_read_alike_on_the_cover_and_the_agenda() {
    for value in ["3", "para 3", "Paragraph 3", "Para. 3"] {
        let dir = project();
        meeting(
            &HEADER,
            &[
                ["4", "", "land.xlsx", ""],
                ["5", "Budget", "budget.xlsx", ""],
            ],
        )
        .write(&f(dir.path(), "meeting.xlsx"));
        secret(&[("Exempt", value)]).write(&f(dir.path(), "land.xlsx"));
        public_paper().write(&f(dir.path(), "budget.xlsx"));
        let (printed, human) = runs(dir.path());
        assert!(!human.contains("error["), "{value}: {human}");
        assert!(
            dir.path()
                .join("exempt/2026-03-04-cabinet/land.pdf")
                .is_file(),
            "{value}"
        );
        let pack = dir.path().join("output/2026-03-04-cabinet/agenda-pack.pdf");
        let text = pdf_text(&pack);
        // No agenda title: the public agenda says "Exempt item" and its paragraph, never the paper's title.
        assert!(text.contains("Exempt item"), "{value}: {text}");
        // Not even the exempt paper's workbook is named in a public manifest.
        let manifest = std::fs::read_to_string(dir.path().join("output/manifest.json")).unwrap();
        assert!(!manifest.contains("land.xlsx"), "{value}: {manifest}");
        assert_nothing_public(dir.path(), &printed);
    }
}

#[test]
fn a_paper_on_two_agendas_exempt_on_one_is_exempt_on_both() {
    let dir = project();
    let other = dir.path().join("inputs/2026-04-01-cabinet");
    meeting(&HEADER, &[["4", "Land", "land.xlsx", "3"]]).write(&f(dir.path(), "meeting.xlsx"));
    meeting(&HEADER, &[["7", "Land again", "land.xlsx", ""]]).write(&other.join("meeting.xlsx"));
    secret(&[]).write(&f(dir.path(), "land.xlsx"));
    // The same workbook, copied into the second meeting's folder.
    std::fs::create_dir_all(&other).unwrap();
    std::fs::copy(f(dir.path(), "land.xlsx"), other.join("land.xlsx")).unwrap();
    let (printed, human) = runs(dir.path());
    assert!(human.contains("warning[exempt-elsewhere]"), "{human}");
    // Its Cover gives the first meeting's item and date, so in the second meeting it is also
    // an agenda mismatch: held, and in no case public.
    assert!(
        !dir.path()
            .join("output/2026-04-01-cabinet/land.pdf")
            .exists()
    );
    assert_nothing_public(dir.path(), &printed);
}

#[test]
fn exempt_findings_are_withheld_from_logs_and_merging_exempt_manifests_is_refused() {
    let dir = project();
    meeting(&HEADER, &[["4", "Land", "land.xlsx", "3"]]).write(&f(dir.path(), "meeting.xlsx"));
    let mut land = secret(&[("Key decision", &format!("Maybe {MARKER}"))]);
    land.sheets[0]
        .1
        .push(vec![t("Purpose"), t(&format!("£XX {MARKER}"))]);
    land.write(&f(dir.path(), "land.xlsx"));
    let (printed, human) = runs(dir.path());
    assert!(human.contains("details withheld"), "{human}");
    assert_nothing_public(dir.path(), &printed);
    // The author can still see them, on purpose.
    let shown = papers(dir.path(), &["check", "--show-exempt"]);
    assert!(stderr(&shown).contains(MARKER), "{}", stderr(&shown));
    // A merged manifest never takes exempt entries into a public file by default.
    let merge = papers(
        dir.path(),
        &[
            "manifest",
            "merge",
            "exempt/manifest.json",
            "-o",
            "output/merged.json",
        ],
    );
    assert_eq!(merge.status.code(), Some(2), "{}", stderr(&merge));
    assert!(stderr(&merge).contains("--include-exempt"));
    assert!(!dir.path().join("output/merged.json").exists());
}

#[test]
fn a_paper_saved_as_exempt_is_moved_at_the_next_build_whatever_its_file_time() {
    let dir = project();
    // A draft: once published, a paper stays published (tests/lifecycle.rs).
    draft(meeting(&HEADER, &[["4", "Land", "land.xlsx", ""]]))
        .write(&f(dir.path(), "meeting.xlsx"));
    let public = secret(&[]);
    public.write(&f(dir.path(), "land.xlsx"));
    let first = papers(dir.path(), &["build"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let path = f(dir.path(), "land.xlsx");
    let time = std::fs::metadata(&path).unwrap().modified().unwrap();
    secret(&[("Exempt", "3")]).write(&path);
    // The same modification time as before: only the bytes say it changed.
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(time)
        .unwrap();
    let (printed, _) = runs(dir.path());
    assert!(
        dir.path()
            .join("exempt/2026-03-04-cabinet/land.pdf")
            .is_file()
    );
    assert!(
        !dir.path()
            .join("drafts/2026-03-04-cabinet/land.pdf")
            .exists()
    );
    assert_nothing_public(dir.path(), &printed);
}

#[test]
fn a_paper_named_like_a_pack_is_refused() {
    let dir = project();
    meeting(&HEADER, &[["5", "Budget", "agenda-pack.xlsx", ""]])
        .write(&f(dir.path(), "meeting.xlsx"));
    public_paper().write(&f(dir.path(), "agenda-pack.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("error[same-output]"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_paper_exempt_by_its_cover_that_fails_keeps_its_findings_out_of_public_files() {
    let dir = project();
    // Standalone, exempt by its Cover alone, and failing on a value that quotes the marker.
    secret(&[
        ("Exempt", "3"),
        ("Key decision", &format!("Maybe {MARKER}")),
    ])
    .write(&dir.path().join("inputs/land.xlsx"));
    public_paper().write(&dir.path().join("inputs/budget.xlsx"));
    let (printed, human) = runs(dir.path());
    assert!(
        human.contains("error[bad-value]: inputs/land.xlsx"),
        "{human}"
    );
    assert!(!dir.path().join("output/land.pdf").exists());
    assert_nothing_public(dir.path(), &printed);
    let exempt: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("exempt/manifest.json")).unwrap())
            .unwrap();
    assert!(
        exempt.to_string().contains(MARKER),
        "the exempt manifest keeps the finding for its author"
    );
}
