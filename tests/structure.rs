//! The tag tree of every PDF Papers writes, walked as a screen reader reads it: fixture
//! projects covering every template, and the example project of this repository.

mod support;

use std::path::{Path, PathBuf};

use support::tags::{Kid, Run, Tagged};
use support::*;

/// A project with one document of every kind, a meeting with an exempt paper, Markdown line
/// breaks, bullets and lettered items.
fn fixtures(dir: &Path) {
    let inputs = dir.join("inputs");
    Book::new()
        .cover(&[
            ("Title", "Reducing inequalities"),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Item", "8"),
            ("Report of", "Head of strategy"),
            ("Wards", "All wards"),
            (
                "Purpose",
                "To agree the plan.\n- first bullet\n- second bullet",
            ),
            ("Recommendations", "Agree the plan\nNote the risks"),
            ("Actions title", "Action plan"),
            ("Alignment title", "How the plan aligns"),
            ("Status date", "date:2026-02-20"),
            ("Date assessed", "date:2026-02-10"),
        ])
        .text_sheet(
            "Contacts",
            &[
                &["Role", "Name", "Post", "Email", "Telephone"],
                &[
                    "Leader",
                    "Cllr Waters",
                    "Leader of the council\nShire Hall",
                    "",
                    "01603 212459",
                ],
            ],
        )
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &[
                    "Background",
                    "",
                    "The council agreed:\na) to act\nb) to report",
                ],
                &["", "", "Second paragraph."],
                &["Implications", "Climate change", "None."],
            ],
        )
        .text_sheet(
            "Impact assessment",
            &[
                &[
                    "Category", "Item", "Neutral", "Positive", "Negative", "Comments",
                ],
                &[
                    "Economic",
                    "Finance (value for money)",
                    "",
                    "x",
                    "",
                    "Saves money",
                ],
                &["Economic", "ICT services", "x", "", "", ""],
                &[
                    "Environmental",
                    "Natural and built environment",
                    "",
                    "",
                    "",
                    "",
                ],
            ],
        )
        .text_sheet(
            "Impact recommendations",
            &[
                &["Kind", "Text"],
                &["Positive", "Cheaper"],
                &["Negative", "Car use"],
            ],
        )
        .text_sheet(
            "Actions",
            &[
                &["Workstream", "Action", "Lead", "Deadline", "Status"],
                &[
                    "Welfare",
                    "Move to Universal Credit",
                    "Housing",
                    "September 2026",
                    "On target",
                ],
                &[
                    "",
                    "Promote take-up",
                    "Neighbourhoods",
                    "2026",
                    "Yet to start",
                ],
                &[
                    "Jobs",
                    "Jobs fair",
                    "City development",
                    "Ongoing",
                    "Complete",
                ],
            ],
        )
        .text_sheet(
            "Alignment",
            &[
                &["", "Healthy", "", "Safe"],
                &["Strategy", "Active", "Well", "Streets"],
                &["Local Area Agreement", "✓", "", "✓"],
                &["Vision", "", "✓", ""],
            ],
        )
        .text_sheet(
            "Pilot",
            &[&["Title", "Description"], &["Cycling", "With schools"]],
        )
        .write(&inputs.join("report.xlsx"));
    let mut eqia = Book::new().cover(&[
        ("Template", "equality-impact-assessment"),
        ("Title", "Library hours"),
        ("Reference", "EQIA-1"),
        ("Assessor name", "Dafydd Ŵyn"),
        ("Head of service", "Ffion Jones"),
        ("Status", "Approved"),
    ]);
    let mut groups = vec![vec![t("Group"), t("Impact"), t("Explanation")]];
    for g in [
        "Age",
        "Disability",
        "Gender reassignment",
        "Marriage/Civil Partnership",
        "Pregnancy and maternity",
        "Race",
        "Religion/Belief",
        "Sex",
        "Sexual orientation",
    ] {
        groups.push(vec![
            t(g),
            t(if g == "Age" { "Negative" } else { "Neutral" }),
            t("Explained"),
        ]);
    }
    eqia = eqia.sheet("Equality impact", groups).text_sheet(
        "Actions",
        &[
            &[
                "Workstream",
                "Action",
                "Lead",
                "Deadline",
                "Status",
                "Expected outcome",
            ],
            &[
                "Age",
                "Open later on Fridays",
                "Libraries",
                "2026",
                "Due to start",
                "Fewer complaints",
            ],
        ],
    );
    eqia.write(&inputs.join("eqia.xlsx"));
    Book::new()
        .cover(&[
            ("Template", "strategy"),
            ("Title", "Integrated plan"),
            ("Contents", "Yes"),
            ("Foreword", "We will."),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Introduction", "", "Text."],
            ],
        )
        .text_sheet(
            "Objectives",
            &[
                &["Objective", "What do we want?", "What will we do?"],
                &["Growth", "Jobs", "- train\n- hire"],
            ],
        )
        .write(&inputs.join("strategy.xlsx"));
    Book::new()
        .cover(&[
            ("Template", "action-plan"),
            ("Title", "Plan"),
            ("Status date", "date:2026-01-05"),
        ])
        .text_sheet(
            "Actions",
            &[
                &["Workstream", "Action", "Lead", "Deadline", "Status", "RAG"],
                &["One", "Do it", "Me", "2026", "Delayed", "Amber"],
            ],
        )
        .write(&inputs.join("plan.xlsx"));
    Book::new()
        .cover(&[
            ("Template", "impact-assessment"),
            ("Title", "Parking"),
            ("Head of service", "Siân"),
            ("Date assessed", "date:2026-02-10"),
        ])
        .text_sheet(
            "Impact assessment",
            &[
                &["Category", "Item", "Impact", "Comments"],
                &["Social", "Health", "Positive", "Cleaner air"],
            ],
        )
        .write(&inputs.join("parking.xlsx"));
    let meeting = inputs.join("2026-03-04-cabinet");
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
                vec![t("Venue"), t("Shire Hall\nCastle Hill")],
                vec![t("Members"), t("Waters (Leader)\nHarris")],
                vec![t("Council"), t("Borough of Testham")],
                vec![t("Published"), V::D(2026, 2, 20)],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["1", "Open paper", "open.xlsx", ""],
                &["2", "Land sale", "land.xlsx", "3"],
            ],
        )
        .write(&meeting.join("meeting.xlsx"));
    // Their Covers give no Item: each takes its agenda row's.
    for (title, file) in [("Open paper", "open.xlsx"), ("Land sale", "land.xlsx")] {
        let mut paper = report(title);
        paper.sheets[0]
            .1
            .retain(|row| !matches!(&row[0], V::T(f) if f == "Item"));
        paper.write(&meeting.join(file));
    }
}

/// Builds a project and returns every PDF it wrote.
fn build(dir: &Path) -> Vec<PathBuf> {
    let run = papers(dir, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let mut found = Vec::new();
    let mut stack = vec![dir.join("output"), dir.join("exempt")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "pdf") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Whether two runs of one element sit apart on the page: on different lines, or with a gap
/// wider than a thin space between them.
fn apart(a: &Run, b: &Run) -> bool {
    a.page != b.page
        || (a.y - b.y).abs() > 0.3 * a.size.max(b.size)
        || b.x0 - a.x1 > 0.15 * a.size.max(b.size)
}

/// Every rule of the structure a screen reader relies on; returns each breach, named.
fn breaches(pdf: &Path) -> Vec<String> {
    let t = Tagged::read(pdf);
    let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
    let mut out = Vec::new();
    let walk = t.walk();
    let mut last_heading = 0;
    for &(e, parent) in &walk {
        let elem = &t.elems[e];
        let role = elem.role.as_str();
        let under = |want: &str| {
            walk.iter()
                .any(|&(d, _)| t.elems[d].role == want && descends(&t, d, e))
        };
        match role {
            "Table" if !under("TH") => out.push(format!(
                "{name}: a table without header cells: {:?}",
                t.text(e)
            )),
            "TH" if !elem.attrs.contains_key("Scope") => out.push(format!(
                "{name}: a header cell without a Scope: {:?}",
                t.text(e)
            )),
            "Figure" if elem.alt.as_deref().is_none_or(str::is_empty) => {
                out.push(format!("{name}: a figure without Alt"))
            }
            "L" => {
                // The numbering a list declares is the one its labels show.
                let label = walk
                    .iter()
                    .find(|&&(d, _)| t.elems[d].role == "Lbl" && descends(&t, d, e))
                    .map(|&(d, _)| t.text(d))
                    .unwrap_or_default();
                let first = label.trim().chars().next().unwrap_or(' ');
                let fits = match elem
                    .attrs
                    .get("ListNumbering")
                    .map(String::as_str)
                    .unwrap_or("None")
                {
                    "Disc" => first == '•',
                    "Decimal" => first.is_ascii_digit(),
                    "LowerAlpha" => first.is_ascii_lowercase(),
                    "UpperAlpha" => first.is_ascii_uppercase(),
                    _ => true,
                };
                if !fits {
                    out.push(format!(
                        "{name}: a list numbered {:?} whose first label is {label:?}",
                        elem.attrs.get("ListNumbering")
                    ));
                }
            }
            "TD" if t.runs_under(e).is_empty() && artifact_in_cell(&t, e, parent) => {
                out.push(format!(
                    "{name}: a data cell whose only content is an artifact, in row {:?}",
                    parent.map(|p| t.text(p))
                ))
            }
            _ => {}
        }
        if let Some(level) = role.strip_prefix('H').and_then(|l| l.parse::<usize>().ok()) {
            if level > last_heading + 1 {
                out.push(format!(
                    "{name}: heading {:?} at level {level} after level {last_heading}",
                    t.text(e)
                ));
            }
            last_heading = level;
        }
        // Runs of one element (with its inline elements) that the page shows apart must be
        // read apart. A line broken after a hyphen or a slash continues one word.
        if !INLINE.contains(&role) {
            let own: Vec<&Run> = inline_runs(&t, e)
                .into_iter()
                .filter(|r| !r.text.is_empty())
                .collect();
            for pair in own.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let last = a.text.rsplit(' ').next().unwrap_or_default();
                let continues = a.text.ends_with(['-', '/', '\u{2010}', '\u{ad}'])
                    || last.contains("://")
                    || last.starts_with("www.");
                if apart(a, b)
                    && !continues
                    && !a.text.ends_with(char::is_whitespace)
                    && !b.text.starts_with(char::is_whitespace)
                {
                    out.push(format!(
                        "{name}: {role} reads {:?} glued to {:?}",
                        a.text, b.text
                    ));
                }
            }
        }
    }
    let tagged: std::collections::HashSet<(usize, i64)> = walk
        .iter()
        .flat_map(|&(e, _)| {
            t.elems[e].kids.iter().filter_map(|k| match *k {
                Kid::Content { page, mcid } => Some((page, mcid)),
                Kid::Elem(_) => None,
            })
        })
        .collect();
    for run in t.runs.iter().filter(|r| !r.text.trim().is_empty()) {
        match (&run.artifact, run.mcid) {
            // Leader dots of a contents list are typographical decoration.
            (Some(kind), _)
                if kind == "Layout" && run.text.chars().all(|c| c == '.' || c == ' ') => {}
            (Some(kind), _) if kind != "Pagination" => out.push(format!(
                "{name}: text {:?} is a {kind} artifact: seen, never heard",
                run.text
            )),
            (Some(_), _) => {}
            (None, Some(mcid)) if tagged.contains(&(run.page, mcid)) => {}
            _ => out.push(format!(
                "{name}: text {:?} on page {} is neither in the tree nor an artifact",
                run.text,
                run.page + 1
            )),
        }
    }
    out
}

/// Elements read inline, as part of the text around them.
const INLINE: &[&str] = &["Span", "Strong", "Em", "Link", "Code", "Quote"];

/// The runs of an element and of its inline elements, in reading order.
fn inline_runs(t: &Tagged, e: usize) -> Vec<&Run> {
    t.elems[e]
        .kids
        .iter()
        .flat_map(|k| match *k {
            Kid::Content { page, mcid } => t.content(page, mcid).collect::<Vec<_>>(),
            Kid::Elem(c) if INLINE.contains(&t.elems[c].role.as_str()) => inline_runs(t, c),
            Kid::Elem(_) => Vec::new(),
        })
        .collect()
}

/// Whether `e` is `ancestor` or lies under it.
fn descends(t: &Tagged, e: usize, ancestor: usize) -> bool {
    e != ancestor && under(t, ancestor, e)
}

fn under(t: &Tagged, from: usize, target: usize) -> bool {
    t.elems[from]
        .kids
        .iter()
        .any(|k| matches!(*k, Kid::Elem(c) if c == target || under(t, c, target)))
}

/// Whether an empty data cell has artifact text where it stands: between its neighbours in
/// its row, on their line.
fn artifact_in_cell(t: &Tagged, cell: usize, row: Option<usize>) -> bool {
    let Some(row) = row else { return false };
    let cells: Vec<usize> = t.elems[row]
        .kids
        .iter()
        .filter_map(|k| if let Kid::Elem(c) = k { Some(*c) } else { None })
        .collect();
    let i = cells.iter().position(|&c| c == cell).unwrap();
    let runs: Vec<&Run> = cells.iter().flat_map(|&c| t.runs_under(c)).collect();
    let Some(first) = runs.first() else {
        return false;
    };
    let left = cells[..i]
        .iter()
        .flat_map(|&c| t.runs_under(c))
        .map(|r| r.x1)
        .fold(f32::MIN, f32::max);
    let right = cells[i + 1..]
        .iter()
        .flat_map(|&c| t.runs_under(c))
        .map(|r| r.x0)
        .fold(f32::MAX, f32::min);
    let (top, bottom) = runs.iter().fold((f32::MAX, f32::MIN), |(a, b), r| {
        (a.min(r.y - r.size), b.max(r.y + r.size))
    });
    t.runs.iter().any(|r| {
        r.page == first.page
            && r.artifact.is_some()
            && !r.text.trim().is_empty()
            && r.x0 >= left
            && r.x1 <= right
            && r.y >= top
            && r.y <= bottom
    })
}

#[test]
fn every_fixture_pdf_is_read_whole_and_in_order() {
    let dir = project();
    fixtures(dir.path());
    let pdfs = build(dir.path());
    assert_eq!(pdfs.len(), 9, "{pdfs:?}");
    let all: Vec<String> = pdfs.iter().flat_map(|p| breaches(p)).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn every_pdf_of_the_example_project_is_read_whole_and_in_order() {
    let dir = project();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy(&root.join("inputs"), &dir.path().join("inputs"));
    let pdfs = build(dir.path());
    assert!(pdfs.len() >= 6, "{pdfs:?}");
    let all: Vec<String> = pdfs.iter().flat_map(|p| breaches(p)).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy(&path, &target)
        } else {
            std::fs::copy(&path, &target).map(|_| ()).unwrap()
        }
    }
}

/// The elements of a role, with their text as read.
fn texts(t: &Tagged, role: &str) -> Vec<String> {
    t.walk()
        .iter()
        .filter(|&&(e, _)| t.elems[e].role == role)
        .map(|&(e, _)| t.text(e))
        .collect()
}

#[test]
fn the_fixture_report_is_heard_as_it_is_seen() {
    let dir = project();
    fixtures(dir.path());
    build(dir.path());
    let report = Tagged::read(&out(dir.path(), "report.pdf"));
    let rows = texts(&report, "TR");
    // An impact row reads fully, its item a row header; the boxes are words.
    assert!(
        rows.contains(
            &"Finance (value for money)not\u{a0}markedmarkednot\u{a0}markedPositiveSaves money"
                .to_owned()
        ),
        "{rows:?}"
    );
    let headers = texts(&report, "TH");
    for want in [
        "Finance (value for money)",
        "Report to",
        "Date",
        "Welfare",
        "Jobs",
        "On target",
        "Local Area Agreement",
        "Name:",
    ] {
        assert!(
            headers.iter().any(|h| h == want),
            "{want:?} is not a header cell: {headers:?}"
        );
    }
    let scope = |text: &str| {
        report
            .walk()
            .iter()
            .find(|&&(e, _)| report.elems[e].role == "TH" && report.text(e) == text)
            .map(|&(e, _)| report.elems[e].attrs["Scope"].clone())
    };
    assert_eq!(scope("Finance (value for money)").as_deref(), Some("Row"));
    assert_eq!(scope("On target").as_deref(), Some("Row"));
    assert_eq!(scope("Neutral").as_deref(), Some("Column"));
    // Ticks are text read "Yes", never figures; the item number reads "Item 8".
    assert!(
        rows.iter().any(|r| r == "Local Area AgreementYesYes"),
        "{rows:?}"
    );
    assert!(!report.elems.iter().any(|e| e.role == "Figure"));
    let paragraphs = texts(&report, "P");
    let item = paragraphs
        .iter()
        .position(|p| p == "Item")
        .expect("Item is a paragraph of its own");
    assert_eq!(paragraphs[item + 1], "8");
    // The recommendation kinds are headings below the recommendations' own (a kind with
    // nothing given is left out).
    let h4 = texts(&report, "H4");
    assert_eq!(h4, ["Positive", "Negative"]);
    // Paragraph numbers are list labels; bullets are discs, lettered items lower alpha.
    assert!(
        texts(&report, "Lbl").contains(&"1.1".to_owned()),
        "{:?}",
        texts(&report, "Lbl")
    );
    assert!(
        report.elems.iter().filter(|e| e.role == "L").all(|e| e
            .attrs
            .get("ListNumbering")
            .map(String::as_str)
            != Some("Circle"))
    );
    for numbering in ["Disc", "LowerAlpha", "Decimal"] {
        assert!(
            report.elems.iter().any(|e| e.role == "L"
                && e.attrs.get("ListNumbering").map(String::as_str) == Some(numbering)),
            "no {numbering} list"
        );
    }
    // An exempt paper and the exempt pack start with their marking, read as body text.
    for exempt in [
        "exempt/2026-03-04-cabinet/land.pdf",
        "exempt/2026-03-04-cabinet/exempt-pack.pdf",
    ] {
        let first = texts(&Tagged::read(&dir.path().join(exempt)), "P")
            .into_iter()
            .next()
            .unwrap_or_default();
        assert!(
            first.starts_with("NOT FOR PUBLICATION: exempt information under paragraph 3"),
            "{exempt}: {first}"
        );
    }
    // Honest metadata: the author is never the program, the date never a placeholder.
    for (pdf, author, date) in [
        ("report.pdf", "Head of strategy", "D:20260304"),
        ("plan.pdf", "", "D:20260105"),
        ("eqia.pdf", "Dafydd Ŵyn", ""),
    ] {
        let doc = lopdf::Document::load(out(dir.path(), pdf)).unwrap();
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(|r| doc.dereference(r))
            .unwrap()
            .1
            .as_dict()
            .unwrap()
            .clone();
        let field = |k: &[u8]| {
            info.get(k)
                .ok()
                .and_then(|v| lopdf::decode_text_string(v).ok())
                .unwrap_or_default()
        };
        assert_eq!(field(b"Author"), author, "{pdf}");
        let created = field(b"CreationDate");
        assert!(
            created.starts_with("D:20")
                && created.starts_with(date)
                && !created.starts_with("D:2000"),
            "{pdf}: {created}"
        );
    }
}

#[test]
fn decision_notices_are_read_whole_and_in_order() {
    let dir = project();
    let folder = dir.path().join("inputs/2026-05-20-cabinet");
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 5, 20)],
                vec![t("Published"), V::D(2026, 5, 12)],
                vec![t("Decisions published"), V::D(2026, 5, 21)],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["5", "Budget monitoring", "", ""],
                &["6", "Disposal of the depot", "", "3"],
            ],
        )
        .text_sheet(
            "Decisions",
            &[
                &[
                    "Item",
                    "Decision",
                    "Reasons",
                    "Alternatives",
                    "Decision maker",
                    "For",
                    "Against",
                ],
                &[
                    "5",
                    "Cabinet resolved to:\n1. note the overspend\n2. approve the plan",
                    "Spending is above budget.\n- first reason\n- second reason",
                    "Doing nothing.",
                    "Cabinet",
                    "6",
                    "2",
                ],
                &[
                    "6",
                    "Sell the depot.",
                    "The best offer.",
                    "",
                    "Cabinet",
                    "",
                    "",
                ],
            ],
        )
        .write(&folder.join("meeting.xlsx"));
    let run = papers(dir.path(), &["build", "--today", "2026-05-27"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdfs: Vec<PathBuf> = build(dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("/decisions/"))
        .collect();
    assert_eq!(pdfs.len(), 3, "{pdfs:?}");
    let all: Vec<String> = pdfs.iter().flat_map(|p| breaches(p)).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
}
