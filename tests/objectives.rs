//! Objectives in both layouts, the strategy template, and long appendix tables.

mod support;

use support::*;

fn objectives() -> Vec<Vec<V>> {
    vec![
        vec![t("Objective"), t("What will we do?"), t("How will we know?"), t("Section")],
        vec![t("Tackle inequalities"), t("- Close gaps in achievement\n- Reach deprived areas"), t("Fewer gaps"), t("Service objectives")],
        vec![t("Show commitment"), t("- Champion equality"), V::E, t("Organisational objectives")],
        vec![t("Promote respect"), t("Work with schools"), t("Fewer incidents"), t("Service objectives")],
    ]
}

fn strategy(layout: &str) -> Book {
    Book::new()
        .cover(&[
            ("Template", "strategy"),
            ("Title", "Equality strategy"),
            ("Council", "Cambridgeshire County Council"),
            ("Objectives layout", layout),
            ("Objective heading", "What we have said we want to do:"),
            ("Objectives after", "Summary"),
            ("Foreword", "Welcome from the *Leader*."),
        ])
        .text_sheet("Report", &[
            &["Heading", "Subheading", "Text"],
            &["Introduction", "", "Why this matters."],
            &["Summary", "", "Two sections."],
            &["Are we getting it right?", "", "Tell us."],
        ])
        .sheet("Objectives", objectives())
}

#[test]
fn sections_layout_gives_each_objective_and_question_a_heading_in_the_outline() {
    let dir = project();
    strategy("sections").write(&dir.path().join("inputs/strategy.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdf = out(dir.path(), "strategy.pdf");
    let text = squash(&pdf_text(&pdf));
    for want in [
        "Contents", "Foreword Welcome from the Leader.",
        "Service objectives Tackle inequalities What will we do? • Close gaps in achievement • Reach deprived areas How will we know? Fewer gaps",
        "Organisational objectives Show commitment What will we do? • Champion equality",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    // The objectives sit after the Summary section, before the last one.
    let at = |s: &str| text.rfind(&squash(s)).unwrap();
    assert!(at("Two sections.") < at("Tackle inequalities") && at("Fewer incidents") < at("Tell us."));
    // Headings become PDF bookmarks.
    let doc = lopdf::Document::load(&pdf).unwrap();
    let outline = doc.catalog().unwrap().get(b"Outlines");
    assert!(outline.is_ok(), "the PDF has an outline");
}

#[test]
fn table_layout_puts_each_objective_beside_its_answers() {
    let dir = project();
    strategy("table").write(&dir.path().join("inputs/strategy.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "strategy.pdf")));
    for want in [
        "Service objectives What we have said we want to do: What will we do? How will we know?",
        "Tackle inequalities • Close gaps in achievement • Reach deprived areas Fewer gaps",
        "Promote respect Work with schools Fewer incidents",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
}

#[test]
fn a_misspelt_layout_and_an_unknown_section_are_named() {
    let dir = project();
    let book = strategy("tabel");
    let mut book = book;
    book.sheets[0].1.iter_mut().for_each(|r| {
        if matches!(&r[0], V::T(s) if s == "Objectives after") {
            r[1] = t("Sumary");
        }
    });
    book.write(&dir.path().join("inputs/strategy.xlsx"));
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("Objectives layout: \"tabel\" is not one of sections, table; did you mean \"table\"?"), "{err}");
    assert!(err.contains("did you mean \"Summary\"?"), "{err}");
}

#[test]
fn a_200_row_appendix_breaks_across_pages_repeating_its_header() {
    let dir = project();
    let mut rows: Vec<Vec<V>> = vec![vec![t("Outline pilot activity")], vec![t("Title"), t("Description"), t("Priority")]];
    for i in 1..=200 {
        rows.push(vec![t(&format!("Activity {i}")), t("Deliver a local awareness campaign with partners"), t("Maximising income")]);
    }
    report("Long appendix").sheet("Pilot", rows).write(&dir.path().join("inputs/long.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdf = out(dir.path(), "long.pdf");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(pages.len() >= 5, "200 rows need several pages, got {}", pages.len());
    let mut with_rows = 0;
    for &p in &pages {
        let text = squash(&doc.extract_text(&[p]).unwrap_or_default());
        if text.contains("Activity") {
            with_rows += 1;
            assert!(text.contains("TitleDescriptionPriority"), "page {p} lacks the repeated header: {text}");
        }
    }
    assert!(with_rows >= 4, "the table spans {with_rows} pages");
    let all = squash(&pdf_text(&pdf));
    assert!(all.contains("Appendix1:Outlinepilotactivity") && all.contains("Activity200Deliver"), "{all}");
}
