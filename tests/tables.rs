//! Tables set as a typesetter would (issue 24): columns sized from their content, no short
//! word broken, figures aligned on the digit, the author's bold and totals kept, sub-heading
//! rows, two-level headers, short tables whole and no last row alone on a page.
//!
//! `PAPERS_TABLE_FIXTURES=DIR` also writes the fixture workbooks to DIR, for building them by
//! hand with another binary.

mod support;
#[path = "support/tables.rs"]
mod wide;

use std::path::{Path, PathBuf};

use support::*;

/// The three wide tables of the issue, built in one project.
fn built() -> (tempfile::TempDir, [PathBuf; 3]) {
    let dir = project();
    let books = [
        ("risk-register", wide::risk_register()),
        ("budget", wide::budget()),
        ("action-plan", wide::action_plan()),
    ];
    let keep = std::env::var_os("PAPERS_TABLE_FIXTURES").map(PathBuf::from);
    for (name, bytes) in &books {
        std::fs::write(dir.path().join(format!("inputs/{name}.xlsx")), bytes).unwrap();
        if let Some(keep) = &keep {
            std::fs::create_dir_all(keep.join("inputs")).unwrap();
            std::fs::write(keep.join(format!("inputs/{name}.xlsx")), bytes).unwrap();
        }
    }
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdfs = books.map(|(name, _)| out(dir.path(), &format!("{name}.pdf")));
    (dir, pdfs)
}

/// How many pages a PDF has.
fn pages(pdf: &Path) -> usize {
    pdf_page_texts(pdf).len()
}

/// Words a line break split with a hyphen, joined again: (the word, its page), for every
/// fragment ending in a hyphen with the rest of its word on the next line of its column.
fn hyphenated(pdf: &Path) -> Vec<(String, usize)> {
    let Some(words) = pdf_words(pdf) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(stem) = w.text.strip_suffix(['-', '\u{ad}']) else {
            continue;
        };
        if !stem.ends_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        // The rest: the next word as the page is written (a cell's text is written in order),
        // on the next line; else the first word on a later line that starts where the
        // fragment does.
        let rest = words
            .get(i + 1)
            .filter(|r| r.page == w.page && r.y0 > w.y1 - 1.0)
            .or_else(|| {
                words[i + 1..]
                    .iter()
                    .take_while(|r| r.page == w.page)
                    .find(|r| r.y0 > w.y1 - 1.0 && (r.x0 - w.x0).abs() < 2.0)
            });
        let word = format!("{stem}{}", rest.map_or("", |r| r.text.as_str()));
        found.push((word, w.page));
    }
    found
}

fn letters(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

#[test]
fn the_wide_tables_take_fewer_pages_and_break_no_word() {
    let (_dir, pdfs) = built();
    let [risks, budget, actions] = &pdfs;
    // Before this change: 6, 4 and 8 pages (the tables 5, 3 and 7).
    let counts = [pages(risks), pages(budget), pages(actions)];
    assert!(counts[0] <= 3, "risk register: {counts:?}");
    assert!(counts[1] <= 3, "budget: {counts:?}");
    assert!(counts[2] <= 7, "action plan: {counts:?}");
    for pdf in &pdfs {
        let broken = hyphenated(pdf);
        assert!(broken.is_empty(), "{}: {broken:?}", pdf.display());
    }
}

#[test]
fn figures_align_on_the_digit_and_totals_print_bold() {
    let (_dir, [_, budget, _]) = built();
    let Some(words) = pdf_words(&budget) else {
        return;
    };
    let find = |text: &str| {
        words
            .iter()
            .find(|w| w.text == text)
            .unwrap_or_else(|| panic!("no {text} in {}", budget.display()))
    };
    // `#,##0_);(#,##0)`: 2,700 ends a bracket's width left of where (201,200) ends, under
    // its last digit; the hidden bracket is neither copied nor read.
    let (positive, negative) = (find("2,700"), find("(201,200)"));
    let gap = negative.x1 - positive.x1;
    assert!(
        (2.0..5.0).contains(&gap),
        "2,700 ends {gap} pt before (201,200)"
    );
    assert!(!pdf_text(&budget).contains("2,700)"));
    // A bold total's figures are set in the bold face, a plain row's in the regular one (the
    // house face's digits are as wide in both, so the face is read, not the width).
    let Some(faces) = faces(&budget) else {
        return;
    };
    let face = |text: &str| {
        faces
            .iter()
            .find(|(t, _)| t.contains(text))
            .map(|(_, f)| f.as_str())
            .unwrap_or_else(|| panic!("no {text} in {faces:?}"))
    };
    for bold in ["(370,000)", "1,696,995"] {
        assert!(face(bold).contains("Bold"), "{bold}: {}", face(bold));
    }
    for plain in ["(201,200)", "100,000"] {
        assert!(!face(plain).contains("Bold"), "{plain}: {}", face(plain));
    }
}

/// Each run of text of a PDF with the font it is set in ("... Bold" for a bold face), as
/// `pdftohtml -xml` reads them (none without poppler).
fn faces(pdf: &Path) -> Option<Vec<(String, String)>> {
    let out = std::process::Command::new("pdftohtml")
        .args(["-xml", "-stdout", "-i", "-q"])
        .arg(pdf)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let xml = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..at + tag[at..].find('"')?].to_owned())
    };
    let mut fonts = std::collections::HashMap::new();
    let mut runs = Vec::new();
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<fontspec ") {
            fonts.insert(attr(line, "id")?, attr(line, "family")?);
        } else if line.starts_with("<text ") {
            // poppler names the family, and marks a bold face's text `<b>`.
            let mut font = fonts.get(&attr(line, "font")?)?.clone();
            if line.contains("<b>") {
                font.push_str(" Bold");
            }
            let text = &line[line.find('>')? + 1..];
            let text: String = text
                .split('<')
                .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
                .collect();
            runs.push((text, font));
        }
    }
    Some(runs)
}

#[test]
fn directorates_are_sub_headings_and_the_header_has_two_levels() {
    let (_dir, [_, budget, _]) = built();
    let tags = support::tags::Tagged::read(&budget);
    let table = (0..tags.elems.len())
        .filter(|&e| tags.elems[e].role == "Table")
        .find(|&e| {
            tags.table_cells(e)
                .iter()
                .any(|c| tags.text(c.elem).trim() == "Service")
        })
        .expect("the budget table");
    let cells = tags.table_cells(table);
    let cell = |text: &str| {
        cells
            .iter()
            .find(|c| support::squash(&tags.text(c.elem)) == support::squash(text))
            .unwrap_or_else(|| {
                let all: Vec<String> = cells.iter().map(|c| tags.text(c.elem)).take(20).collect();
                panic!("no cell {text} in {all:?}")
            })
    };
    let group = cell("2026/27 budget £000");
    assert_eq!(group.columns, 1..4, "{group:?}");
    assert_eq!(tags.elems[group.elem].role, "TH");
    let service = cell("Service");
    assert_eq!(service.columns, 0..1);
    assert_eq!(tags.elems[service.elem].role, "TH");
    let directorate = cell("Adult social care and health");
    assert_eq!(directorate.columns, 0..12, "the label spans the row");
    assert_eq!(tags.elems[directorate.elem].role, "TH");
    // Every figure is heard with its column, its group, its service and its directorate.
    let unheard = tags.unheard_cells();
    assert!(unheard.is_empty(), "{unheard:#?}");
}

#[test]
fn a_short_table_is_never_split_whatever_its_length() {
    // A three-row approval table of long text, after more and more paragraphs: wherever it
    // falls, its rows are on one page.
    let dir = project();
    let long = "The proposal was considered by the programme board, which agreed it subject to the conditions set out in the report and to a review of the equality impact assessment before implementation. ".repeat(5);
    for n in 0..6 {
        let mut report = vec![vec![t("Heading"), t("Subheading"), t("Text"), t("Insert")]];
        report.push(vec![t("Background"), V::E, t("Opening."), V::E]);
        for _ in 0..(3 + n * 2) {
            report.push(vec![V::E, V::E, t(&long[..600]), V::E]);
        }
        report.push(vec![V::E, V::E, V::E, t("Approval")]);
        report.push(vec![V::E, V::E, t("Closing."), V::E]);
        let approval = vec![
            vec![t("Stage"), t("Decision")],
            vec![t("Programme board"), t(&long[..900])],
            vec![t("Director"), t(&long[..900])],
            vec![t("Cabinet member"), t(&long[..900])],
        ];
        let mut book = report_book(&format!("Approval {n}"));
        book.sheets.retain(|(name, _)| name != "Report");
        book = book.sheet("Report", report).sheet("Approval", approval);
        book.write(&dir.path().join(format!("inputs/paper-{n}.xlsx")));
    }
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for n in 0..6 {
        let pages = pdf_page_texts(&out(dir.path(), &format!("paper-{n}.pdf")));
        let on: Vec<usize> = ["Programme board", "Director", "Cabinet member"]
            .iter()
            .map(|label| {
                pages
                    .iter()
                    .position(|p| squash(p).contains(&squash(label)))
                    .unwrap_or_else(|| panic!("paper {n}: no {label}"))
            })
            .collect();
        assert!(
            on.iter().all(|&p| p == on[0]),
            "paper {n}: rows on pages {on:?}"
        );
    }
}

fn report_book(title: &str) -> Book {
    report(title)
}

#[test]
fn only_words_longer_than_twelve_letters_break_in_a_table_too_wide_for_8_pt() {
    let text = "Telecommunications for accommodation and residential safeguarding";
    let mut rows = vec![
        (1..=12)
            .map(|i| t(&format!("Area {i}")))
            .collect::<Vec<_>>(),
    ];
    for _ in 0..4 {
        rows.push((1..=12).map(|_| t(text)).collect());
    }
    let dir = project();
    if let Some(keep) = std::env::var_os("PAPERS_TABLE_FIXTURES") {
        report("Wide")
            .sheet("Areas", rows.clone())
            .write(&PathBuf::from(keep).join("inputs/areas.xlsx"));
    }
    report("Wide")
        .sheet("Areas", rows)
        .write(&dir.path().join("inputs/paper.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let broken = hyphenated(&out(dir.path(), "paper.pdf"));
    if pdf_words(&out(dir.path(), "paper.pdf")).is_none() {
        return;
    }
    assert!(!broken.is_empty(), "the long words had to break");
    let short: Vec<_> = broken.iter().filter(|(w, _)| letters(w) <= 12).collect();
    assert!(short.is_empty(), "short words broken: {short:?}");
}

/// The pages of `pdf` each row label of `labels` is on, the first it appears on.
fn pages_of(pages: &[String], labels: &[String]) -> Vec<usize> {
    labels
        .iter()
        .map(|label| {
            pages
                .iter()
                .position(|p| p.contains(label.as_str()))
                .unwrap_or_else(|| panic!("no row {label}"))
        })
        .collect()
}

/// Asserts that neither the first nor the last row of a table is alone on its page.
fn assert_no_row_alone(what: &str, on: &[usize]) {
    for (row, page) in [("first", on[0]), ("last", *on.last().unwrap())] {
        assert!(
            on.iter().filter(|&&p| p == page).count() >= 2,
            "{what}: its {row} row is alone on page {} (rows on pages {on:?})",
            page + 1
        );
    }
}

#[test]
fn no_table_ends_with_one_row_alone_on_a_page() {
    // Tables of one more row each, from a page's worth to a little over, each after a
    // paragraph of its own: wherever the page breaks, the first and the last row have
    // company.
    let dir = project();
    let (lengths, actions) = (34..=48, 28..=42);
    // In the report, tables of 15 rows one after another, each after a paragraph: they start
    // at every height of a page.
    let inserted = 1..=14;
    let mut report = vec![vec![t("Heading"), t("Subheading"), t("Text"), t("Insert")]];
    report.push(vec![
        t("Risks"),
        V::E,
        t("The risks of each programme."),
        V::E,
    ]);
    let mut book = report_book("Risks");
    for k in inserted.clone() {
        report.push(vec![
            V::E,
            V::E,
            t(&"The programme board reviews these risks monthly. ".repeat(k % 5 + 1)),
            V::E,
        ]);
        report.push(vec![V::E, V::E, V::E, t(&format!("Programme {k}"))]);
        let mut rows = vec![vec![t("Ref"), t("Risk"), t("Owner"), t("Score")]];
        for i in 1..=15 {
            rows.push(vec![
                t(&format!("P{k}r{i:02}z")),
                t("Supplier failure delays the programme"),
                t("Head of finance"),
                V::N(f64::from(i)),
            ]);
        }
        book = book.sheet(&format!("Programme {k}"), rows);
    }
    book.sheets.retain(|(name, _)| name != "Report");
    book = book.sheet("Report", report);
    for n in lengths.clone() {
        let mut rows = vec![vec![t("Ref"), t("Risk"), t("Owner"), t("Score")]];
        for i in 1..=n {
            rows.push(vec![
                t(&format!("Q{n}r{i:02}z")),
                t("Supplier failure delays the programme"),
                t("Head of finance"),
                V::N(f64::from(i % 25)),
            ]);
        }
        book = book.sheet(&format!("Appendix {n}"), rows);
    }
    book.write(&dir.path().join("inputs/risks.xlsx"));
    for n in actions.clone() {
        let mut rows = vec![vec![
            t("Workstream"),
            t("Action"),
            t("Lead"),
            t("Deadline"),
            t("Status"),
        ]];
        for i in 1..=n {
            rows.push(vec![
                t(if i <= n / 2 { "Homes" } else { "Health" }),
                t(&format!("A{n}r{i:02}z review the allocations policy")),
                t("Head of housing"),
                t("1 September 2026"),
                t("On target"),
            ]);
        }
        report_book(&format!("Plan {n}"))
            .sheet("Actions", rows)
            .write(&dir.path().join(format!("inputs/plan-{n}.xlsx")));
    }
    if let Some(keep) = std::env::var_os("PAPERS_TABLE_FIXTURES").map(PathBuf::from) {
        let inputs = keep.join("inputs");
        std::fs::create_dir_all(&inputs).unwrap();
        for entry in std::fs::read_dir(dir.path().join("inputs")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, inputs.join(path.file_name().unwrap())).unwrap();
        }
    }
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pages: Vec<String> = pdf_page_texts(&out(dir.path(), "risks.pdf"))
        .iter()
        .map(|p| squash(p))
        .collect();
    let mut spread = 0;
    for n in lengths {
        let labels: Vec<String> = (1..=n).map(|i| format!("Q{n}r{i:02}z")).collect();
        let on = pages_of(&pages, &labels);
        spread += usize::from(on.first() != on.last());
        assert_no_row_alone(&format!("appendix of {n} rows"), &on);
    }
    for k in inserted {
        let labels: Vec<String> = (1..=15).map(|i| format!("P{k}r{i:02}z")).collect();
        let on = pages_of(&pages, &labels);
        spread += usize::from(on.first() != on.last());
        assert_no_row_alone(&format!("table of programme {k}"), &on);
    }
    for n in actions {
        let pages: Vec<String> = pdf_page_texts(&out(dir.path(), &format!("plan-{n}.pdf")))
            .iter()
            .map(|p| squash(p))
            .collect();
        let labels: Vec<String> = (1..=n).map(|i| format!("A{n}r{i:02}z")).collect();
        let on = pages_of(&pages, &labels);
        spread += usize::from(on.first() != on.last());
        assert_no_row_alone(&format!("action plan of {n} actions"), &on);
    }
    // The rows kept together are read as any other: no footer row group, each table the
    // header and its rows, every cell heard with its column and its row.
    let tags = support::tags::Tagged::read(&out(dir.path(), "risks.pdf"));
    assert!(!tags.elems.iter().any(|e| e.role == "TFoot"));
    let rows: Vec<usize> = (0..tags.elems.len())
        .filter(|&e| tags.elems[e].role == "Table")
        .map(|e| tags.table_cells(e))
        .filter(|cells| cells.iter().any(|c| tags.text(c.elem).trim() == "Ref"))
        .map(|cells| {
            assert!(cells.iter().all(|c| !c.head || c.row == 0), "{cells:?}");
            cells.iter().map(|c| c.row).max().unwrap()
        })
        .collect();
    let mut expected = vec![15; 14];
    expected.extend(34..=48);
    assert_eq!(rows, expected);
    let unheard = tags.unheard_cells();
    assert!(unheard.is_empty(), "{unheard:#?}");
    // The lengths are such that tables do break across pages: the check has cases to bite.
    assert!(spread >= 15, "only {spread} tables break across pages");
}

#[test]
fn tall_last_rows_are_not_kept_together_past_the_page() {
    // Two rows of long text at the end of tables whose short rows put them at different
    // heights of a page: kept together only where they fit, they always print whole, inside
    // the page, and over nothing else.
    let dir = project();
    let long = "The mitigation plan sets out how the directorate will respond if the supplier fails, which contracts can be varied, and what the programme board must agree before work is moved. ".repeat(7);
    let mut book = report_book("Tall rows");
    for n in [18, 24, 30] {
        let mut rows = vec![vec![t("Ref"), t("Detail")]];
        for i in 1..=n {
            rows.push(vec![t(&format!("S{n}r{i:02}")), t("A short row.")]);
        }
        for end in ["a", "b"] {
            rows.push(vec![
                t(&format!("S{n}{end}")),
                t(&format!("Start{n}{end} {} End{n}{end}", &long[..1100])),
            ]);
        }
        book = book.sheet(&format!("Appendix {n}"), rows);
    }
    book.write(&dir.path().join("inputs/tall.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdf = out(dir.path(), "tall.pdf");
    let text = squash(&pdf_text(&pdf));
    for n in [18, 24, 30] {
        for end in ["a", "b"] {
            for word in [format!("Start{n}{end}"), format!("End{n}{end}")] {
                assert!(text.contains(&word), "{word} is not printed");
            }
        }
    }
    assert_no_overlaps(dir.path());
    if let Some(words) = pdf_words(&pdf) {
        // A4 is 842 pt high: every word sits above the running footer's line.
        let low: Vec<&Word> = words
            .iter()
            .filter(|w| w.y1 > 842.0 - 40.0 && !w.text.starts_with("Page") && w.text != "of")
            .filter(|w| w.text.parse::<u32>().is_err())
            .collect();
        assert!(low.is_empty(), "printed in the bottom margin: {low:?}");
    }
}
