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
                &["Heading", "Subheading", "Text", "Insert"],
                &[
                    "Background",
                    "",
                    "The council agreed:\na) to act\nb) to report",
                    "",
                ],
                &["", "", "Second paragraph.", "Pilot"],
                &["", "", "Third paragraph.", ""],
                &["Implications", "Climate change", "None.", ""],
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
                vec![t("Contact"), t("Jo Hall, jo.hall@testham.gov.uk")],
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
            // A web address broken over three lines continues on its middle line too.
            let mut in_address = false;
            for pair in own.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let last = a.text.rsplit(' ').next().unwrap_or_default();
                in_address = last.contains("://")
                    || last.starts_with("www.")
                    || (in_address && !a.text.trim().contains(' '));
                let continues = a.text.ends_with(['-', '/', '\u{2010}', '\u{ad}']) || in_address;
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
    // Every data cell is heard with its column, its row's header and its group row.
    out.extend(
        t.unheard_cells()
            .into_iter()
            .map(|b| format!("{name}: {b}")),
    );
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
        // A document of no meeting: dated by its Date assessed, not by a meeting to come.
        ("report.pdf", "Head of strategy", "D:20260210"),
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

/// The header cells a data cell is read with: the text of each cell its /Headers name.
fn heard_with(t: &Tagged, cell_text: &str) -> Vec<String> {
    let cell = t
        .walk()
        .iter()
        .find(|&&(e, _)| t.elems[e].role == "TD" && t.text(e) == cell_text)
        .map(|&(e, _)| e)
        .unwrap_or_else(|| panic!("no data cell {cell_text:?}: {:?}", texts(t, "TD")));
    t.elems[cell]
        .headers
        .iter()
        .filter_map(|id| {
            t.elems
                .iter()
                .position(|e| e.id.as_deref() == Some(id.as_str()))
        })
        .map(|h| t.text(h))
        .collect()
}

#[test]
fn every_data_cell_is_heard_with_its_column_its_row_and_its_workstream() {
    let dir = project();
    fixtures(dir.path());
    build(dir.path());
    let report = Tagged::read(&out(dir.path(), "report.pdf"));
    // An action's deadline: its column, its workstream row and the action itself.
    let deadline = heard_with(&report, "September\u{a0}2026");
    for want in ["Deadline", "Welfare", "Move to Universal Credit"] {
        assert!(deadline.iter().any(|h| h == want), "{want}: {deadline:?}");
    }
    // The second action of a workstream is under the same workstream.
    let lead = heard_with(&report, "Neighbourhoods");
    for want in ["Lead", "Welfare", "Promote take-up"] {
        assert!(lead.iter().any(|h| h == want), "{want}: {lead:?}");
    }
    // An impact box: its item and its column.
    let comments = heard_with(&report, "Saves money");
    for want in ["Comments", "Finance (value for money)"] {
        assert!(comments.iter().any(|h| h == want), "{want}: {comments:?}");
    }
    // The EqIA's affected groups are row headers: "Age, Impact, Negative".
    let eqia = Tagged::read(&out(dir.path(), "eqia.pdf"));
    let impact = heard_with(&eqia, "Negative");
    for want in ["Impact", "Age"] {
        assert!(impact.iter().any(|h| h == want), "{want}: {impact:?}");
    }
    assert!(
        eqia.unheard_cells().is_empty(),
        "{:?}",
        eqia.unheard_cells()
    );
    // An inserted sheet's first column names its rows.
    assert!(heard_with(&report, "With schools").contains(&"Cycling".to_owned()));
}

/// The text of an element as a reader that ignores ActualText reads it: its glyphs' Unicode.
fn glyph_texts(t: &Tagged, role: &str) -> Vec<String> {
    t.walk()
        .iter()
        .filter(|&&(e, _)| t.elems[e].role == role)
        .map(|&(e, _)| t.runs_under(e).iter().map(|r| r.glyphs.as_str()).collect())
        .collect()
}

#[test]
fn marks_are_read_once_with_or_without_their_actual_text() {
    let dir = project();
    fixtures(dir.path());
    build(dir.path());
    let report = Tagged::read(&out(dir.path(), "report.pdf"));
    for rows in [texts(&report, "TR"), glyph_texts(&report, "TR")] {
        for want in [
            "Finance (value for money)not\u{a0}markedmarkednot\u{a0}markedPositiveSaves money",
            "ICT servicesmarkednot\u{a0}markednot\u{a0}markedNeutral",
            "Local Area AgreementYesYes",
            "VisionYes",
        ] {
            assert!(rows.iter().any(|r| r == want), "{want:?} in {rows:?}");
        }
    }
}

#[test]
fn every_pdf_says_what_it_is_once_in_its_title_and_its_title_block() {
    let dir = project();
    fixtures(dir.path());
    build(dir.path());
    for (pdf, title, heard) in [
        (
            "eqia.pdf",
            "Equality impact assessment EQIA-1: Library hours",
            Some("Equality impact assessment EQIA-1"),
        ),
        (
            "parking.pdf",
            "Integrated impact assessment: Parking",
            Some("Integrated impact assessment"),
        ),
        ("plan.pdf", "Action plan: Plan", Some("Action plan")),
        (
            "report.pdf",
            "Report to Cabinet, item 8: Reducing inequalities",
            None,
        ),
        ("strategy.pdf", "Integrated plan", None),
    ] {
        let path = out(dir.path(), pdf);
        let doc = lopdf::Document::load(&path).unwrap();
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(|r| doc.dereference(r))
            .unwrap()
            .1
            .as_dict()
            .unwrap()
            .clone();
        let got = info
            .get(b"Title")
            .ok()
            .and_then(|v| lopdf::decode_text_string(v).ok())
            .unwrap_or_default();
        assert_eq!(got, title, "{pdf}");
        let t = Tagged::read(&path);
        let h1 = texts(&t, "H1");
        let kind = title.split(": ").next().unwrap();
        if let Some(heard) = heard {
            // Read once, as the paragraph just before the title; the title is the title alone.
            let paragraphs = texts(&t, "P");
            assert_eq!(
                paragraphs.iter().filter(|p| p.contains(kind)).count(),
                1,
                "{pdf}: {paragraphs:?}"
            );
            assert!(
                paragraphs.contains(&heard.to_owned()),
                "{pdf}: {paragraphs:?}"
            );
            assert!(h1.iter().all(|h| !h.contains(kind)), "{pdf}: {h1:?}");
        }
        // The running header that also says it is never heard.
        assert!(
            t.runs
                .iter()
                .filter(|r| r.artifact.is_none() && r.text.contains(kind))
                .count()
                <= 1,
            "{pdf}"
        );
    }
}

#[test]
fn a_sections_numbered_paragraphs_are_one_list_and_an_inserted_tables_title_is_its_caption() {
    let dir = project();
    fixtures(dir.path());
    build(dir.path());
    let report = Tagged::read(&out(dir.path(), "report.pdf"));
    let walk = report.walk();
    let labels_of = |list: usize| -> Vec<String> {
        walk.iter()
            .filter(|&&(e, _)| report.elems[e].role == "Lbl" && descends(&report, e, list))
            .map(|&(e, _)| report.text(e).trim().to_owned())
            .collect()
    };
    let lists: Vec<Vec<String>> = walk
        .iter()
        .filter(|&&(e, _)| report.elems[e].role == "L")
        .map(|&(e, _)| labels_of(e))
        .collect();
    // 1.1 and 1.2 are one list; the inserted table after 1.2 ends it, and 1.3 starts another.
    assert!(
        lists.iter().any(|l| l.starts_with(&["1.1".to_owned()])
            && l.contains(&"1.2".to_owned())
            && !l.contains(&"1.3".to_owned())),
        "{lists:?}"
    );
    assert!(
        lists
            .iter()
            .any(|l| l.first().map(String::as_str) == Some("1.3")),
        "{lists:?}"
    );
    // The inserted sheet's title is the caption of its table, inside the Table.
    let caption = walk
        .iter()
        .find(|&&(e, _)| report.elems[e].role == "Caption")
        .map(|&(e, p)| (report.text(e), p.map(|p| report.elems[p].role.clone())));
    assert_eq!(
        caption,
        Some(("Pilot".to_owned(), Some("Table".to_owned()))),
        "{:?}",
        texts(&report, "P")
    );
    assert!(!texts(&report, "P").contains(&"Pilot".to_owned()));
}

/// Every bookmark title of a PDF, depth first.
fn bookmark_titles(doc: &lopdf::Document) -> Vec<String> {
    fn walk(doc: &lopdf::Document, first: Option<&lopdf::Object>, out: &mut Vec<String>) {
        let mut next = first.and_then(|o| o.as_reference().ok());
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            out.push(
                item.get(b"Title")
                    .ok()
                    .and_then(|t| lopdf::decode_text_string(t).ok())
                    .unwrap_or_default(),
            );
            walk(doc, item.get(b"First").ok(), out);
            next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let mut out = Vec::new();
    let outlines = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok().cloned());
    if let Some(outlines) = outlines {
        walk(doc, outlines.get(b"First").ok(), &mut out);
    }
    out
}

#[test]
fn bookmarks_are_clean_and_shown_when_a_pdf_opens() {
    let dir = project();
    fixtures(dir.path());
    let pdfs = build(dir.path());
    let mut seen = 0;
    for pdf in &pdfs {
        let doc = lopdf::Document::load(pdf).unwrap();
        let titles = bookmark_titles(&doc);
        for title in &titles {
            assert!(
                !title.contains("  ") && title.trim() == title && !title.is_empty(),
                "{}: bookmark {title:?}",
                pdf.display()
            );
        }
        if !titles.is_empty() {
            seen += 1;
            let mode = doc
                .catalog()
                .unwrap()
                .get(b"PageMode")
                .ok()
                .and_then(|m| m.as_name().ok())
                .map(|m| String::from_utf8_lossy(m).into_owned());
            assert_eq!(mode.as_deref(), Some("UseOutlines"), "{}", pdf.display());
        }
    }
    assert!(seen >= 5, "{seen}");
    let report = lopdf::Document::load(out(dir.path(), "report.pdf")).unwrap();
    let titles = bookmark_titles(&report);
    assert!(
        titles.iter().any(|t| t == "2.1 Climate change"),
        "{titles:?}"
    );
}

#[test]
fn each_agenda_row_links_its_paper_by_its_title() {
    let dir = project();
    fixtures(dir.path());
    build(dir.path());
    let pack = Tagged::read(&dir.path().join("output/2026-03-04-cabinet/agenda-pack.pdf"));
    let links = texts(&pack, "Link");
    assert!(links.iter().any(|l| l == "Open paper"), "{links:?}");
    // The front sheet's contact email is a link.
    assert!(
        links.iter().any(|l| l == "jo.hall@testham.gov.uk"),
        "{links:?}"
    );
    // The page number stays a link too.
    assert!(
        links.iter().any(|l| l.chars().all(|c| c.is_ascii_digit())),
        "{links:?}"
    );
    let exempt = Tagged::read(&dir.path().join("exempt/2026-03-04-cabinet/exempt-pack.pdf"));
    assert!(
        texts(&exempt, "Link").iter().any(|l| l == "Land sale"),
        "{:?}",
        texts(&exempt, "Link")
    );
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

#[test]
fn minutes_are_read_whole_and_in_order() {
    let dir = project();
    let folder = dir.path().join("inputs/2026-05-20-cabinet");
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 5, 20)],
                vec![t("Venue"), t("Council Chamber")],
                vec![t("Published"), V::D(2026, 5, 12)],
                vec![t("Decisions published"), V::D(2026, 5, 21)],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["1", "Apologies", "", ""],
                &["5", "Budget monitoring", "", ""],
                &["6", "Disposal of the depot", "", "3"],
            ],
        )
        .text_sheet(
            "Attendance",
            &[
                &["Member", "Attendance", "Substitute for", "Notes"],
                &["Cllr Ann Lee", "Present", "", "Chair"],
                &["Cllr Bo Khan", "Apologies", "", ""],
                &["Cllr Cy Dee", "Substitute", "Cllr Bo Khan", ""],
            ],
        )
        .text_sheet(
            "Declarations",
            &[
                &["Member", "Item", "Interest", "Nature", "Action"],
                &[
                    "Cllr Cy Dee",
                    "6",
                    "Disclosable pecuniary",
                    "Owns land",
                    "Left the room",
                ],
            ],
        )
        .text_sheet(
            "Decisions",
            &[
                &["Item", "Decision", "For", "Against"],
                &[
                    "5",
                    "Cabinet resolved to:\n1. note the overspend\n2. approve the plan",
                    "1",
                    "1",
                ],
                &["6", "Sell the depot.", "", ""],
            ],
        )
        .text_sheet(
            "Minutes",
            &[
                &["Item", "Minute"],
                &[
                    "5",
                    "The report was presented.\n- first point\n- second point",
                ],
                &["6", "Bids were discussed."],
            ],
        )
        .write(&folder.join("meeting.xlsx"));
    let pdfs: Vec<PathBuf> = build(dir.path())
        .into_iter()
        .filter(|p| p.ends_with("minutes.pdf"))
        .collect();
    assert_eq!(pdfs.len(), 2, "{pdfs:?}");
    let all: Vec<String> = pdfs.iter().flat_map(|p| breaches(p)).collect();
    assert!(all.is_empty(), "{}", all.join("\n"));
}
