//! Appendices: any other sheet as a titled table, long tables across pages with their header
//! row repeated, and the A1 title with its introduction.

mod support;

use support::*;

/// A committee report with the given extra sheets.
fn paper(sheets: &[(&str, Vec<Vec<V>>)]) -> Book {
    let mut book = report("Reducing inequalities");
    for (name, rows) in sheets {
        book = book.sheet(name, rows.clone());
    }
    book
}

fn rows(rows: &[&[&str]]) -> Vec<Vec<V>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| if c.is_empty() { V::E } else { t(c) })
                .collect()
        })
        .collect()
}

fn build(book: &Book) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = project();
    book.write(&dir.path().join("inputs/paper.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdf = out(dir.path(), "paper.pdf");
    (dir, pdf, stderr(&run))
}

#[test]
fn a_200_row_table_breaks_across_pages_with_its_header_once_on_every_page() {
    let mut sheet = vec![
        vec![t("Outline pilot activity")],
        vec![t("Title"), t("Description"), t("Priority")],
    ];
    for i in 1..=200 {
        sheet.push(vec![
            t(&format!("Activity {i}")),
            t("Deliver a local awareness campaign with partners"),
            t("Maximising income"),
        ]);
    }
    let (_dir, pdf, _) = build(&paper(&[("Pilot", sheet)]));
    let pages = pdf_page_texts(&pdf);
    let table_pages: Vec<(usize, String)> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (i + 1, squash(p)))
        .filter(|(_, p)| p.contains("Activity"))
        .collect();
    assert!(
        table_pages.len() >= 4,
        "200 rows span several pages, got {}",
        table_pages.len()
    );
    for (page, text) in &table_pages {
        assert_eq!(
            text.matches("TitleDescriptionPriority").count(),
            1,
            "page {page} should repeat the header row once: {text}"
        );
    }
    let all = squash(&pages.concat());
    for i in 1..=200 {
        assert_eq!(
            all.matches(&format!("Activity{i}Deliver")).count(),
            1,
            "row {i} printed once"
        );
    }
    assert_eq!(all.matches("Appendix1:Outlinepilotactivity").count(), 1);
    // The rows run in order from page to page.
    assert!(
        table_pages[0].1.contains("Activity1Deliver")
            && table_pages.last().unwrap().1.contains("Activity200Deliver")
    );
}

#[test]
fn titled_by_a1_alone_with_its_further_lines_as_an_introduction_or_by_the_sheet_name() {
    let (_dir, pdf, err) = build(&paper(&[
        (
            "Appendix A",
            rows(&[
                &[
                    "Appendix A – Consultation questions\nThese questions focus on *concepts*.\n\nKey issues to address are:",
                ],
                &["No.", "Question"],
                &["1", "Are the approaches right?"],
                &["2", "Is anything missing?"],
            ]),
        ),
        (
            "Pilot",
            rows(&[
                &["Title", "Description", "", "Notes"],
                &["Jobs", "Clubs", "", ""],
                &["", "", "", ""],
                &["Cycling", "", "", "With schools"],
            ]),
        ),
        (
            "Lakenham",
            rows(&[
                &["Outline pilot activity within Lakenham"],
                &["Title", "Partners"],
                &["Digital inclusion", "Sheltered housing"],
            ]),
        ),
    ]));
    let text = squash(&pdf_text(&pdf));
    for want in [
        // A title that says it is an appendix gets no second label; the lines after the
        // title's first introduce the table.
        "Appendix A – Consultation questions These questions focus on concepts. Key issues to address are: No. Question 1 Are the approaches right? 2 Is anything missing?",
        // Titled by the sheet name; the empty column is dropped, the blank row skipped.
        "Appendix 2: Pilot Title Description Notes Jobs Clubs Cycling With schools",
        "Appendix 3: Outline pilot activity within Lakenham Title Partners Digital inclusion Sheltered housing",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    assert!(!text.contains(&squash("Appendix 1: Appendix A")), "{text}");
    // Each appendix starts on a page of its own, under a bookmark.
    let pages = pdf_page_texts(&pdf);
    let page_of = |s: &str| {
        pages
            .iter()
            .position(|p| squash(p).contains(&squash(s)))
            .unwrap_or_else(|| panic!("no page has {s:?}"))
    };
    let starts: Vec<usize> = [
        "1.2 Second paragraph.",
        "Appendix A – Consultation questions",
        "Appendix 2: Pilot",
        "Appendix 3: Outline pilot activity",
    ]
    .map(page_of)
    .to_vec();
    assert!(
        starts.windows(2).all(|w| w[0] < w[1]),
        "each appendix starts a page of its own: {starts:?}"
    );
    let marks: Vec<String> = pdf_bookmarks(&pdf).into_iter().map(|(_, t)| t).collect();
    assert!(
        marks.contains(&"Appendix 2: Pilot".to_owned())
            && marks.contains(&"Appendix A – Consultation questions".to_owned()),
        "{marks:?}"
    );
    // Pilot and Lakenham are not contract sheets, nor close to one: appendices, with no word.
    assert_eq!(err.matches("warning[unknown-sheet]").count(), 0, "{err}");
}

#[test]
fn a_long_cell_still_breaks_but_short_rows_are_kept_whole() {
    let long = format!(
        "{}The end of the long description.",
        "A very long description of the pilot. ".repeat(120)
    );
    let steps = |i: usize| {
        (1..=6)
            .map(|j| format!("Step {j} of row {i}."))
            .collect::<Vec<_>>()
    };
    let mut sheet = vec![vec![t("Title"), t("Description")]];
    for i in 1..=30 {
        let bullets: Vec<String> = steps(i).iter().map(|s| format!("- {s}")).collect();
        sheet.push(vec![t(&format!("Row {i}")), t(&bullets.join("\n"))]);
    }
    sheet.push(vec![t("Long"), t(&long)]);
    let (_dir, pdf, _) = build(&paper(&[("Pilot", sheet)]));
    let pages: Vec<String> = pdf_page_texts(&pdf).iter().map(|p| squash(p)).collect();
    // No short row is split: all six steps of each row are on one page (breakable rows of
    // six bullets would split at page ends).
    for i in 1..=30 {
        let whole = |page: &String| steps(i).iter().all(|s| page.contains(&squash(s)));
        assert!(pages.iter().any(whole), "row {i} is split across pages");
    }
    // The long cell runs over a page break rather than off the page.
    let with_long = pages
        .iter()
        .filter(|p| p.contains("Averylongdescription"))
        .count();
    assert!(
        with_long >= 2,
        "the long row breaks across pages, on {with_long}"
    );
    assert!(
        pages
            .last()
            .unwrap()
            .contains("Theendofthelongdescription."),
        "the long cell is printed to its end"
    );
}

#[test]
fn an_empty_sheet_is_left_out_with_a_warning() {
    let (_dir, pdf, err) = build(&paper(&[
        ("Notes", vec![vec![V::E]]),
        ("Pilot", rows(&[&["Title", "Lead"], &["Jobs", "Housing"]])),
    ]));
    assert!(
        err.contains("sheet \"Notes\": the sheet is empty and is left out"),
        "{err}"
    );
    let text = squash(&pdf_text(&pdf));
    assert!(
        text.contains("Appendix1:PilotTitleLeadJobsHousing") && !text.contains("Notes"),
        "{text}"
    );
}
