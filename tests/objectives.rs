//! Objectives in both layouts, the strategy template, and sheets inserted in the report.

mod support;

use support::*;

fn objectives() -> Vec<Vec<V>> {
    vec![
        vec![
            t("Objective"),
            t("What will we do?"),
            t("How will we know?"),
            t("Section"),
        ],
        vec![
            t("Tackle inequalities"),
            t("- Close gaps in achievement\n- Reach deprived areas"),
            t("Fewer gaps"),
            t("Service objectives"),
        ],
        vec![
            t("Show commitment"),
            t("Champion equality\nTrain every manager"),
            V::E,
            t("Organisational objectives"),
        ],
        vec![
            t("Promote respect"),
            t("Work with schools"),
            V::D(2027, 3, 31),
            t("Service objectives"),
        ],
    ]
}

fn strategy(layout: &str) -> Book {
    strategy_with(layout, &[], objectives())
}

/// A strategy workbook: its Cover (with `more` fields after the usual ones), a Report sheet
/// of three sections and the `objectives` sheet.
fn strategy_with(layout: &str, more: &[(&str, &str)], objectives: Vec<Vec<V>>) -> Book {
    let mut cover = vec![
        ("Template", "strategy"),
        ("Title", "Equality strategy"),
        ("Council", "Cambridgeshire County Council"),
        ("Objectives layout", layout),
        ("Objective heading", "What we have said we want to do:"),
        ("Objectives after", "Summary"),
        ("Foreword", "Welcome from the *Leader*."),
        (
            "Foreword title",
            "Introduction from the Leader of the Council",
        ),
    ];
    cover.extend_from_slice(more);
    Book::new()
        .cover(&cover)
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Introduction", "", "Why this matters."],
                &["Summary", "", "Two sections."],
                &["Are we getting it right?", "", "Tell us."],
            ],
        )
        .sheet("Objectives", objectives)
}

/// A committee report's Cover, for a paper with the given `more` fields.
fn paper(more: &[(&str, &str)]) -> Book {
    let mut cover = vec![
        ("Title", "Plan for equality"),
        ("Committee", "Cabinet"),
        ("Meeting date", "date:2026-03-04"),
    ];
    cover.extend_from_slice(more);
    Book::new().cover(&cover)
}

fn build(book: &Book) -> (tempfile::TempDir, String) {
    let dir = project();
    book.write(&dir.path().join("inputs/strategy.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    (dir, stderr(&run))
}

#[test]
fn sections_layout_gives_each_objective_and_question_a_heading_in_the_outline() {
    let (dir, err) = build(&strategy("sections"));
    assert!(
        !err.contains("unknown-field"),
        "the strategy knows its Cover fields: {err}"
    );
    let pdf = out(dir.path(), "strategy.pdf");
    let text = squash(&pdf_text(&pdf));
    for want in [
        "Contents",
        "Introduction from the Leader of the Council Welcome from the Leader.",
        "Service objectives What we have said we want to do 1: Tackle inequalities What will we do? • Close gaps in achievement • Reach deprived areas How will we know? Fewer gaps",
        "What we have said we want to do 2: Promote respect What will we do? Work with schools How will we know? 31 March 2027",
        // A cell of plain lines is a bullet per line.
        "Organisational objectives What we have said we want to do 3: Show commitment What will we do? • Champion equality • Train every manager",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    // The objectives sit after the Summary section, before the last one.
    let at = |s: &str| text.rfind(&squash(s)).unwrap();
    assert!(
        at("Two sections.") < at("Tackle inequalities")
            && at("Train every manager") < at("Tell us.")
    );
    // Headings become PDF bookmarks: title, then parts, objectives under their group, and
    // each question under its objective.
    let marks = pdf_bookmarks(&pdf);
    let depth = |title: &str| {
        marks
            .iter()
            .find(|(_, t)| t == title)
            .map(|(d, _)| *d)
            .unwrap_or_else(|| panic!("no bookmark {title:?} in {marks:?}"))
    };
    assert_eq!(depth("Equality strategy"), 0);
    assert_eq!(depth("Introduction from the Leader of the Council"), 1);
    assert_eq!(depth("Summary"), 1);
    assert_eq!(depth("Service objectives"), 1);
    assert_eq!(
        depth("What we have said we want to do 1: Tackle inequalities"),
        2
    );
    assert_eq!(depth("How will we know?"), 3);
    assert!(
        !marks.iter().any(|(_, t)| t == "Contents"),
        "the contents list is not a bookmark of itself: {marks:?}"
    );
}

#[test]
fn table_layout_puts_each_objective_beside_its_answers() {
    let (dir, _) = build(&strategy("table"));
    let text = squash(&pdf_text(&out(dir.path(), "strategy.pdf")));
    for want in [
        "Service objectives What we have said we want to do: What will we do? How will we know?",
        "Tackle inequalities • Close gaps in achievement • Reach deprived areas Fewer gaps",
        "Promote respect Work with schools 31 March 2027",
        "Organisational objectives What we have said we want to do: What will we do? How will we know?",
        "Show commitment • Champion equality • Train every manager",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
}

#[test]
fn a_strategy_without_contents_or_foreword_and_the_objectives_last() {
    let book = Book::new()
        .cover(&[
            ("Template", "strategy"),
            ("Title", "Short plan"),
            ("Contents", "No"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Why", "", "Because."],
                &["How", "Climate", "Greener."],
            ],
        )
        .text_sheet(
            "Objectives",
            &[
                &["Objective", "What will we do?"],
                &["Cut carbon", "Insulate schools"],
            ],
        );
    let (dir, _) = build(&book);
    let pdf = out(dir.path(), "strategy.pdf");
    let text = squash(&pdf_text(&pdf));
    assert!(
        !text.contains("Contents") && !text.contains("Foreword"),
        "{text}"
    );
    assert!(
        text.contains(&squash(
            "Why Because. How Climate Greener. Cut carbon What will we do? Insulate schools"
        )),
        "{text}"
    );
    let marks: Vec<(usize, String)> = pdf_bookmarks(&pdf);
    assert_eq!(
        marks,
        [
            (0, "Short plan".to_owned()),
            (1, "Why".to_owned()),
            (1, "How".to_owned()),
            (2, "Climate".to_owned()),
            (1, "Cut carbon".to_owned()),
            (2, "What will we do?".to_owned()),
        ]
    );
}

#[test]
fn a_committee_report_prints_its_objectives_after_the_report() {
    let book = paper(&[("Objectives layout", "table")])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "First paragraph."],
                &["", "", "Second paragraph."],
            ],
        )
        .sheet("Objectives", objectives());
    let (dir, err) = build(&book);
    assert!(!err.contains("unknown-field"), "{err}");
    let text = squash(&pdf_text(&out(dir.path(), "strategy.pdf")));
    let at = |s: &str| {
        text.find(&squash(s))
            .unwrap_or_else(|| panic!("missing {s:?} in {text}"))
    };
    assert!(
        at("1.2 Second paragraph.")
            < at("Service objectives Objective What will we do? How will we know?")
    );
    assert!(at("Tackle inequalities") < at("Show commitment • Champion equality"));
}

#[test]
fn a_misspelt_layout_and_an_unknown_section_are_named() {
    let mut book = strategy_with("tabel", &[("Contents", "Nope")], objectives());
    for row in book.sheets[0].1.iter_mut() {
        if matches!(&row[0], V::T(s) if s == "Objectives after") {
            row[1] = t("Sumary");
        }
    }
    let dir = project();
    book.write(&dir.path().join("inputs/strategy.xlsx"));
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    for want in [
        "sheet \"Cover\", cell B5: Objectives layout: \"tabel\" is not one of sections, table; did you mean \"table\"?",
        "sheet \"Cover\", cell B7: Objectives after: \"Sumary\" is not a heading of the Report sheet; did you mean \"Summary\"?",
        "sheet \"Cover\", cell B10: Contents: \"Nope\" is not one of Yes, No",
    ] {
        assert!(err.contains(want), "missing {want:?} in {err}");
    }
}

#[test]
fn objective_slips_are_named_by_cell() {
    let book = strategy_with(
        "sections",
        &[],
        vec![
            vec![t("Objective"), t("What will we do?"), V::E],
            vec![V::E, t("An answer with no objective"), V::E],
            vec![t("Nothing answered"), V::E, t("stray note")],
        ],
    );
    let dir = project();
    book.write(&dir.path().join("inputs/strategy.xlsx"));
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    for want in [
        "error[missing-value]",
        "sheet \"Objectives\", cell A2: the answer in B2 has no Objective; write the objective in A2",
        "warning[missing-label]",
        "sheet \"Objectives\", cell C3: this column has no question in the header row (C1), so its answers are left out",
        "warning[no-answers]",
        "sheet \"Objectives\", cell A3: the objective \"Nothing answered\" answers none of the questions",
    ] {
        assert!(err.contains(want), "missing {want:?} in {err}");
    }
}

#[test]
fn a_report_row_inserts_a_sheet_where_it_stands_instead_of_as_an_appendix() {
    let book = |more: &[(&str, &str)]| {
        paper(more)
            .text_sheet(
                "Report",
                &[
                    &["Heading", "Subheading", "Text", "Insert"],
                    &["Background", "", "The table shows the themes.", ""],
                    &["", "", "", "Vision"],
                    &["", "", "After the table.", ""],
                ],
            )
            .text_sheet(
                "Vision",
                &[
                    &["Vision and our objectives"],
                    &["Theme", "Objective"],
                    &["Growth", "Manage growth"],
                ],
            )
            .text_sheet("Pilot", &[&["Title", "Description"], &["Jobs", "Clubs"]])
    };
    let dir = project();
    book(&[]).write(&dir.path().join("inputs/plan.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        !stderr(&run).contains("Vision"),
        "an inserted sheet is not an unknown appendix: {}",
        stderr(&run)
    );
    let text = squash(&pdf_text(&out(dir.path(), "plan.pdf")));
    // The inserted row is not numbered: the next paragraph is 1.2.
    assert!(
        text.contains(&squash("1.1 The table shows the themes. Vision and our objectives Theme Objective Growth Manage growth 1.2 After the table.")),
        "{text}"
    );
    assert!(
        text.contains(&squash("Appendix 1: Pilot")) && !text.contains("Appendix2"),
        "{text}"
    );

    // A strategy inserts the same way.
    let dir = project();
    book(&[("Template", "strategy")]).write(&dir.path().join("inputs/plan.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "plan.pdf")));
    assert!(text.contains(&squash("The table shows the themes. Vision and our objectives Theme Objective Growth Manage growth After the table.")), "{text}");
}

#[test]
fn an_insert_naming_no_table_sheet_is_named_with_the_nearest_sheet() {
    let book = paper(&[])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text", "Insert"],
                &["Background", "", "Text.", "Visoin"],
                &["", "", "More.", "Contacts"],
                &["", "", "Again.", "Vision"],
                &["", "", "Twice.", "vision"],
            ],
        )
        .text_sheet(
            "Contacts",
            &[&["Role", "Name"], &["Officer contact", "Jo Little"]],
        )
        .text_sheet(
            "Vision",
            &[&["Theme", "Objective"], &["Growth", "Manage growth"]],
        );
    let dir = project();
    book.write(&dir.path().join("inputs/plan.xlsx"));
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    for want in [
        "sheet \"Report\", cell D2: Insert: the workbook has no sheet \"Visoin\"; did you mean \"Vision\"?",
        "sheet \"Report\", cell D3: Insert: \"Contacts\" has a layout of its own and cannot be printed inside the report",
        "sheet \"Report\", cell D5: Insert: \"Vision\" is already inserted at D4",
    ] {
        assert!(err.contains(want), "missing {want:?} in {err}");
    }
}
