//! Figures, times and merged cells read as the spreadsheet shows them: the same workbook as
//! written by rust_xlsxwriter and as saved by LibreOffice (.xlsx, .ods, .xls), against the
//! text LibreOffice itself displays (its CSV export, made once and committed), then through
//! the real binary into a report's appendix and a meeting's front sheet.

mod support;

use std::path::{Path, PathBuf};

use papers::diag::Diagnostics;
use papers::workbook::{Cell, Limits, Workbook};
use rust_xlsxwriter::{ExcelDateTime, Format};
use support::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// The fixture workbook as each writer saved it.
const SAVED: [&str; 4] = [
    "figures.xlsx",
    "figures-lo.xlsx",
    "figures.ods",
    "figures.xls",
];

fn read(name: &str) -> Workbook {
    let mut diags = Diagnostics::new(name);
    let wb = Workbook::read(
        &std::fs::read(fixture(name)).unwrap(),
        &Limits::default(),
        &mut diags,
    );
    wb.unwrap_or_else(|| panic!("{name}: {:?}", diags.list))
}

/// The first field of each line of a CSV file (LibreOffice's quoting: `"1,234"`).
fn first_fields(csv: &str) -> Vec<String> {
    csv.lines()
        .map(|line| match line.strip_prefix('"') {
            Some(rest) => rest
                .split_once("\",")
                .map_or(rest.trim_end_matches('"'), |(f, _)| f)
                .replace("\"\"", "\""),
            None => line.split(',').next().unwrap_or_default().to_owned(),
        })
        .collect()
}

#[test]
fn figures_print_as_libreoffice_displays_them() {
    let expected = first_fields(&std::fs::read_to_string(fixture("figures.csv")).unwrap());
    assert!(expected.len() > 40, "{} figures", expected.len());
    for name in SAVED {
        let wb = read(name);
        let sheet = wb.sheet("Figures").unwrap();
        let wrong: Vec<String> = expected
            .iter()
            .enumerate()
            .filter(|(r, want)| sheet.cell(*r, 0).display() != want.trim())
            .map(|(r, want)| {
                format!(
                    "row {}: {} gives {:?}, LibreOffice shows {want:?}",
                    r + 1,
                    sheet.cell(r, 1).display(),
                    sheet.cell(r, 0).display()
                )
            })
            .collect();
        assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
        assert!(
            (0..expected.len()).all(|r| sheet.cell(r, 0).number().is_some()),
            "{name}: every figure stays a number"
        );
    }
}

#[test]
fn times_and_dates_print_as_councils_write_them() {
    for name in SAVED {
        let wb = read(name);
        let sheet = wb.sheet("Moments").unwrap();
        for r in 0..sheet.rows.len() {
            assert_eq!(
                sheet.cell(r, 0).display(),
                sheet.cell(r, 1).display(),
                "{name}, row {}",
                r + 1
            );
        }
    }
}

#[test]
fn merged_values_belong_to_their_top_left_cell() {
    for name in SAVED {
        let wb = read(name);
        let sheet = wb.sheet("Merged").unwrap();
        assert_eq!(sheet.cell(1, 1).display(), "Budget monitoring", "{name}");
        assert_eq!(
            sheet.cell(3, 1).display(),
            "The council's spending is on budget.",
            "{name}"
        );
        let filled: Vec<(usize, usize)> = (0..8)
            .flat_map(|r| (0..4).map(move |c| (r, c)))
            .filter(|&(r, c)| !sheet.cell(r, c).is_empty())
            .collect();
        assert_eq!(
            filled,
            [(0, 0), (0, 1), (1, 0), (1, 1), (3, 0), (3, 1), (6, 0)],
            "{name}: nothing lost or repeated"
        );
        assert!(
            sheet.merge_at(1, 1).is_some() && sheet.merge_at(3, 1).is_some(),
            "{name}: {:?}",
            sheet.merges
        );
    }
}

#[test]
fn a_merge_whose_hidden_cells_kept_their_values_reads_once() {
    // LibreOffice can keep the contents of the cells a merge hides; they are not shown, so
    // they are not read.
    // figures.ods with the merges' hidden cells filled (C2, B3, C3, B5), as when the author
    // merged cells that held values and chose to keep them.
    let wb = read("kept-contents.ods");
    let sheet = wb.sheet("Merged").unwrap();
    assert_eq!(sheet.cell(1, 1).display(), "Budget monitoring");
    assert_eq!(
        sheet.cell(3, 1).display(),
        "The council's spending is on budget."
    );
    assert_eq!(
        [
            sheet.cell(1, 2),
            sheet.cell(2, 1),
            sheet.cell(2, 2),
            sheet.cell(4, 1)
        ],
        [&Cell::Empty; 4]
    );
}

/// A committee report with an appendix of fees, and a meeting at 6pm whose Time is a time
/// cell, written as Excel would write them.
fn project_with_figures(dir: &Path, toml: Option<&str>) {
    let folder = dir.join("inputs/2026-03-04-cabinet");
    std::fs::create_dir_all(&folder).unwrap();
    let date = Format::new().set_num_format("d mmmm yyyy");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Meeting").unwrap();
    for (r, field) in ["Field", "Committee", "Date", "Time", "Venue", "Published"]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *field).unwrap();
    }
    ws.write_string(0, 1, "Value").unwrap();
    ws.write_string(1, 1, "Cabinet").unwrap();
    ws.write_datetime_with_format(2, 1, ExcelDateTime::from_ymd(2026, 3, 4).unwrap(), &date)
        .unwrap();
    ws.write_number_with_format(3, 1, 0.75, &Format::new().set_num_format("HH:MM"))
        .unwrap();
    ws.write_string(4, 1, "City Hall").unwrap();
    ws.write_datetime_with_format(5, 1, ExcelDateTime::from_ymd(2026, 2, 20).unwrap(), &date)
        .unwrap();
    let ws = wb.add_worksheet().set_name("Agenda").unwrap();
    for (c, h) in ["Item", "Title", "Report", "Exempt"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["1", "Fees and charges", "fees.xlsx"].iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(folder.join("meeting.xlsx")).unwrap();

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Cover").unwrap();
    let cover = [
        ("Field", "Value"),
        ("Title", "Fees and charges"),
        ("Committee", "Cabinet"),
        ("Report of", "Head of finance"),
        ("Purpose", "To set the fees."),
    ];
    for (r, (f, v)) in cover.iter().enumerate() {
        ws.write_string(r as u32, 0, *f).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    ws.write_string(5, 0, "Meeting date").unwrap();
    ws.write_datetime_with_format(5, 1, ExcelDateTime::from_ymd(2026, 3, 4).unwrap(), &date)
        .unwrap();
    let ws = wb.add_worksheet().set_name("Report").unwrap();
    for (c, h) in ["Heading", "Subheading", "Text"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Background").unwrap();
    ws.write_string(1, 2, "The fees are in the appendix.")
        .unwrap();
    let ws = wb.add_worksheet().set_name("Fees").unwrap();
    for (c, h) in ["Service", "Fee", "Change", "Variance"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, f64, f64, f64); 2] = [
        ("Parking permit", 1234.5, 0.0299, -2500.0),
        ("Pest control", 1_234_567.0, -0.015, 2500.0),
    ];
    for (r, (service, fee, change, variance)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *service).unwrap();
        ws.write_number_with_format(r, 1, *fee, &Format::new().set_num_format("\"£\"#,##0.00"))
            .unwrap();
        ws.write_number_with_format(r, 2, *change, &Format::new().set_num_format("0.0%"))
            .unwrap();
        ws.write_number_with_format(
            r,
            3,
            *variance,
            &Format::new().set_num_format("#,##0;(#,##0)"),
        )
        .unwrap();
    }
    wb.save(folder.join("fees.xlsx")).unwrap();
    if let Some(toml) = toml {
        std::fs::write(dir.join("papers.toml"), toml).unwrap();
    }
}

#[test]
fn figures_and_the_meeting_time_reach_the_pdfs_as_shown() {
    let dir = project();
    project_with_figures(dir.path(), None);
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let fees = squash(&pdf_text(&out(dir.path(), "2026-03-04-cabinet/fees.pdf")));
    for figure in [
        "£1,234.50",
        "£1,234,567.00",
        "3.0%",
        "-1.5%",
        "(2,500)",
        "2,500",
    ] {
        assert!(fees.contains(figure), "{figure} missing from {fees}");
    }
    assert!(
        !fees.contains("1234.5") && !fees.contains("0.0299"),
        "{fees}"
    );
    let pack = pdf_text(&out(dir.path(), "2026-03-04-cabinet/agenda-pack.pdf"));
    assert!(pack.contains("6pm"), "{pack}");
    assert!(!pack.contains("1899"), "{pack}");
    let source = typst_source(dir.path());
    assert!(
        source.contains("aligns: (left, right, right, right, )"),
        "figures are right-aligned:\n{source}"
    );
}

#[test]
fn the_24_hour_clock_is_a_house_style() {
    let dir = project();
    project_with_figures(dir.path(), Some("clock = \"24-hour\"\n"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pack = pdf_text(&out(dir.path(), "2026-03-04-cabinet/agenda-pack.pdf"));
    assert!(pack.contains("18:00") && !pack.contains("6pm"), "{pack}");
}

/// The generated Typst source of the fees report.
fn typst_source(dir: &Path) -> String {
    let run = papers(dir, &["build", "--emit-typst", "--force"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    std::fs::read_to_string(out(dir, "2026-03-04-cabinet/fees.typ")).unwrap()
}

#[test]
fn an_ods_meeting_time_prints_as_a_time() {
    // meeting.ods: LibreOffice's save of a meeting whose Time is 18:00 in a time cell, which
    // OpenDocument stores as PT18H00M00S.
    let dir = project();
    let folder = dir.path().join("inputs/2026-03-04-cabinet");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(fixture("meeting.ods"), folder.join("meeting.ods")).unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    // The fixture gives no Published date: its pack is a draft.
    let pack = pdf_text(&dir.path().join("drafts/2026-03-04-cabinet/agenda-pack.pdf"));
    assert!(
        pack.contains("6pm") && pack.contains("Wednesday 4 March 2026"),
        "{pack}"
    );
    assert!(!pack.contains("PT18H"), "{pack}");
}
