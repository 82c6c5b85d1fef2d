//! What authors and reviewers noticed: a value the workbook never stored, a status typo beside
//! a RAG column, an appendix named by its author, a paragraph typed across merged cells, and
//! the web pages' figures and agenda.

mod support;

use std::io::{Read, Write};

use rust_xlsxwriter::{Format, Workbook};
use support::*;

/// `bytes` (an .xlsx) with the cell `cell` of `member` replaced by `xml`.
fn patch_cell(bytes: Vec<u8>, member: &str, cell: &str, xml: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == member {
            let text = String::from_utf8(data).unwrap();
            let start = text.find(&format!("<c r=\"{cell}\"")).expect("the cell");
            let end = start + text[start..].find("</c>").expect("its end") + 4;
            data = format!("{}{xml}{}", &text[..start], &text[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A report with a Budget appendix whose total is a formula; `total` is the XML of its cell.
fn budget(total: &str) -> Vec<u8> {
    let book = report("Budget monitoring").sheet(
        "Budget",
        vec![
            vec![t("Line"), t("Amount")],
            vec![t("Staff"), V::N(1200.0)],
            vec![t("Premises"), V::N(300.0)],
            vec![t("Total"), V::N(0.0)],
        ],
    );
    // Sheets: Cover, Report, Budget.
    patch_cell(book.bytes(), "xl/worksheets/sheet3.xml", "B4", total)
}

#[test]
fn a_formula_with_no_stored_value_is_named_by_its_cell() {
    let dir = project();
    let d = dir.path();
    // As openpyxl writes it: the formula, and no value.
    std::fs::write(
        d.join("inputs/budget.xlsx"),
        budget("<c r=\"B4\"><f>SUM(B2:B3)</f></c>"),
    )
    .unwrap();
    let run = papers(d, &["check"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[formula-not-stored]")
            && err.contains("sheet \"Budget\", cell B4")
            && err.contains("open and save the workbook in Excel or LibreOffice"),
        "{err}"
    );
    // A stored value, even an empty text one, is no slip.
    for stored in [
        "<c r=\"B4\"><f>SUM(B2:B3)</f><v>1500</v></c>",
        "<c r=\"B4\" t=\"str\"><f>IF(B2&gt;0,\"\",B2)</f><v></v></c>",
    ] {
        std::fs::write(d.join("inputs/budget.xlsx"), budget(stored)).unwrap();
        let err = stderr(&papers(d, &["check"]));
        assert!(!err.contains("formula-not-stored"), "{stored}: {err}");
    }
}

#[test]
fn a_status_typo_is_named_beside_a_rag_column() {
    let dir = project();
    let d = dir.path();
    report("Action plan")
        .text_sheet(
            "Actions",
            &[
                &["Workstream", "Action", "Lead", "Deadline", "Status", "RAG"],
                &["Jobs", "Fair pay", "HR", "May 2026", "On targt", "Green"],
                &[
                    "Jobs",
                    "Apprentices",
                    "HR",
                    "June 2026",
                    "Complete",
                    "Green",
                ],
            ],
        )
        .write(&d.join("inputs/plan.xlsx"));
    let err = stderr(&papers(d, &["check"]));
    assert!(
        err.contains("warning[near-category]")
            && err.contains("sheet \"Actions\", cell E2")
            && err.contains("\"On targt\""),
        "{err}"
    );
}

#[test]
fn an_appendix_is_an_ordinary_part_of_a_paper() {
    let dir = project();
    let d = dir.path();
    report("Pilot")
        .text_sheet(
            "Pilot activity",
            &[&["Ward", "Activity"], &["Lakenham", "Drop-in sessions"]],
        )
        .text_sheet("IIA", &[&["Category", "Item"], &["Economic", "Jobs"]])
        .write(&d.join("inputs/pilot.xlsx"));
    let err = stderr(&papers(d, &["check"]));
    assert!(!err.contains("sheet \"Pilot activity\""), "{err}");
    // A near miss of a contract sheet is still named, with the sheet meant.
    assert!(
        err.contains("warning[unknown-sheet]") && err.contains("Impact assessment"),
        "{err}"
    );
}

#[test]
fn a_paragraph_typed_across_merged_subheading_and_text_cells_is_text() {
    let dir = project();
    let d = dir.path();
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("Cover").unwrap();
    for (r, (f, v)) in [("Field", "Value"), ("Title", "Merged paragraph")]
        .iter()
        .enumerate()
    {
        cover.write_string(r as u32, 0, *f).unwrap();
        cover.write_string(r as u32, 1, *v).unwrap();
    }
    let report = wb.add_worksheet();
    report.set_name("Report").unwrap();
    for (c, h) in ["Heading", "Subheading", "Text"].iter().enumerate() {
        report.write_string(0, c as u16, *h).unwrap();
    }
    report.write_string(1, 0, "Background").unwrap();
    report
        .merge_range(
            1,
            1,
            1,
            2,
            "The council agreed the plan in March 2015.",
            &Format::new(),
        )
        .unwrap();
    wb.save(d.join("inputs/merged.xlsx")).unwrap();
    let run = papers(d, &["build"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(!err.contains("empty-section"), "{err}");
    let text = squash(&pdf_text(&d.join("output/merged.pdf")));
    assert!(
        text.contains(&squash("1.1 The council agreed the plan in March 2015.")),
        "{text}"
    );
    // Not a heading: the twin has it as the paragraph's text.
    let page = std::fs::read_to_string(d.join("output/merged.html")).unwrap();
    assert!(
        page.contains("<div class=\"text\"><p>The council agreed") && !page.contains("<h3>"),
        "{page}"
    );
}

#[test]
fn on_the_web_figures_are_right_aligned_and_the_agenda_stacks_on_a_narrow_screen() {
    let dir = project();
    let d = dir.path();
    std::fs::write(
        d.join("inputs/budget.xlsx"),
        budget("<c r=\"B4\"><f>SUM(B2:B3)</f><v>1500</v></c>"),
    )
    .unwrap();
    let run = papers(d, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let page = std::fs::read_to_string(d.join("output/budget.html")).unwrap();
    assert!(
        page.contains("<th scope=\"col\" class=\"right\">Amount</th>")
            && page.contains("<td class=\"right\">1500</td>")
            && page.contains("<th scope=\"row\">Staff</th>"),
        "{page}"
    );
    let css = std::fs::read_to_string(d.join("output/papers.css")).unwrap();
    assert!(css.contains("td.right { text-align: right;"), "{css}");
    // At 320 px the agenda's rows are blocks, each item's links under its title; its roles
    // keep it a table for screen readers.
    assert!(css.contains("table.agenda, table.agenda tbody, table.agenda tr"));
    let meeting = include_str!("../templates/html/meeting.html.hbs");
    assert!(
        meeting.contains("<table class=\"agenda\" role=\"table\">")
            && meeting.contains("role=\"rowheader\"")
            && meeting.matches("<td role=\"cell\">").count() == 3
    );
}
