//! Writes `tests/fixtures/formats/figures.xlsx`: numbers under a range of number formats,
//! times and dates, and merged cells, for the tests that read them as the spreadsheet shows
//! them. The expected figures come from LibreOffice, once, and are committed beside it:
//!
//! ```sh
//! cargo run --example make_format_fixtures
//! cd tests/fixtures/formats
//! soffice --headless --convert-to csv figures.xlsx          # figures.csv: the displayed text
//! soffice --headless --convert-to ods figures.xlsx          # figures.ods
//! soffice --headless --convert-to xls figures.xlsx          # figures.xls
//! mkdir lo && soffice --headless --convert-to xlsx --outdir lo figures.xlsx && mv lo/figures.xlsx figures-lo.xlsx
//! soffice --headless --convert-to ods meeting.xlsx && rm meeting.xlsx  # a meeting at 6pm, as .ods
//! ```
//!
//! `kept-contents.ods` is `figures.ods` with the hidden cells of the Merged sheet's merges
//! given values in `content.xml` (C2, B3, C3, B5), as LibreOffice writes them when an author
//! merges cells and keeps their contents.
//!
//! The CSV is written with LibreOffice's "save cell contents as shown" and UTF-8:
//! `--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,2057,false,true,true'`.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Numbers and their format codes; the first sheet, so that LibreOffice's CSV export (which
/// writes the first sheet as displayed) gives the expected text of each.
const FIGURES: &[(f64, &str)] = &[
    (1_234_567.0, "#,##0"),
    (1234.5, "\"£\"#,##0.00"),
    (0.0299, "0.0%"),
    (-2500.0, "#,##0;(#,##0)"),
    (2500.0, "#,##0;(#,##0)"),
    (-1234.5, "\"£\"#,##0.00"),
    (-1234.5, "\"£\"#,##0.00;[Red]-\"£\"#,##0.00"),
    (0.1 + 0.2, "General"),
    (2.5, "General"),
    (1_234_567.0, "General"),
    (0.000_123, "General"),
    (-42.0, "General"),
    (2.675, "0.00"),
    (0.5, "0%"),
    (1.0, "0.00%"),
    (12_345.678, "0.00E+00"),
    (7.0, "000"),
    (2_500_000.0, "\"£\"#,##0.0,,\"m\""),
    (1500.0, "#,##0,\"k\""),
    (0.0, "0;-0;\"nil\""),
    (3.0, "0 \"days\""),
    (50.0, "[<100]\"small\";\"big\""),
    (500.0, "[<100]\"small\";\"big\""),
    (
        1234.5,
        "_-\"£\"* #,##0.00_-;-\"£\"* #,##0.00_-;_-\"£\"* \"-\"??_-;_-@_-",
    ),
    (
        -1234.5,
        "_-\"£\"* #,##0.00_-;-\"£\"* #,##0.00_-;_-\"£\"* \"-\"??_-;_-@_-",
    ),
    (
        0.0,
        "_-\"£\"* #,##0.00_-;-\"£\"* #,##0.00_-;_-\"£\"* \"-\"??_-;_-@_-",
    ),
    (1234.0, "[$€-1809]#,##0"),
    (12.0, "@"),
    (0.125, "0.0#"),
    (0.1, "0.0#"),
    (-0.5, "0"),
    (1234.5, "#,##0.00 \"GBP\""),
    (-15.0, "0;[Red]0"),
    (5.0, "[Blue]#,##0;[Red]-#,##0"),
    (-5.0, "[Blue]#,##0;[Red]-#,##0"),
    (99.5, "#,##0"),
    (123_456.789, "#,##0.0"),
    (-0.004, "0.00"),
    (0.25, "# ?/?"),
    (1_000_000.0, "#,##0.00"),
    (-1_234_567.891, "#,##0.00;(#,##0.00)"),
    (0.0, "#,##0.00;(#,##0.00);\"-\""),
    (1.5, "[h]:mm"),
];

/// Built-in format ids (written as an id, with no code in the file) and values.
const BUILT_IN: &[(u8, f64)] = &[
    (1, 42.4),
    (2, 42.456),
    (3, 1_234_567.0),
    (4, 1234.5),
    (9, 0.256),
    (10, 0.256),
    (37, -2500.0),
    (39, -1234.5),
];

/// Times and dates with what Papers prints for them.
const MOMENTS: &[(f64, &str, &str)] = &[
    (0.75, "hh:mm", "6pm"),
    (0.729_166_666_666_666_6, "h:mm AM/PM", "5.30pm"),
    (0.5, "hh:mm", "12 noon"),
    (0.4375, "h:mm", "10.30am"),
    (0.75, "d mmmm yyyy", "6pm"),
    (
        42_312.729_166_666_664,
        "dd/mm/yyyy hh:mm",
        "4 November 2015, 5.30pm",
    ),
    (42_312.0, "d mmmm yyyy", "4 November 2015"),
    (42_312.0, "dd/mm/yyyy", "4 November 2015"),
];

fn main() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Figures")?;
    for (r, (value, code)) in FIGURES.iter().enumerate() {
        let r = r as u32;
        ws.write_number_with_format(r, 0, *value, &Format::new().set_num_format(*code))?;
        ws.write_string(r, 1, *code)?;
    }
    for (i, (id, value)) in BUILT_IN.iter().enumerate() {
        let r = (FIGURES.len() + i) as u32;
        ws.write_number_with_format(r, 0, *value, &Format::new().set_num_format_index(*id))?;
        ws.write_string(r, 1, format!("built-in {id}"))?;
    }
    let ws = wb.add_worksheet().set_name("Moments")?;
    for (r, (value, code, shown)) in MOMENTS.iter().enumerate() {
        let r = r as u32;
        ws.write_number_with_format(r, 0, *value, &Format::new().set_num_format(*code))?;
        ws.write_string(r, 1, *shown)?;
    }
    // A Cover whose Title value is merged across B2:C3, and a Report whose Text is merged
    // over three rows: each value belongs to its top-left cell.
    let ws = wb.add_worksheet().set_name("Merged")?;
    ws.write_string(0, 0, "Field")?;
    ws.write_string(0, 1, "Value")?;
    ws.write_string(1, 0, "Title")?;
    ws.merge_range(1, 1, 2, 2, "Budget monitoring", &Format::new())?;
    ws.write_string(3, 0, "Text")?;
    ws.merge_range(
        3,
        1,
        5,
        1,
        "The council's spending is on budget.",
        &Format::new(),
    )?;
    ws.write_string(6, 0, "After")?;
    std::fs::create_dir_all("tests/fixtures/formats").map_err(XlsxError::IoError)?;
    wb.save("tests/fixtures/formats/figures.xlsx")?;
    meeting()?.save("tests/fixtures/formats/meeting.xlsx")
}

/// A meeting whose Time is a time cell (18:00), with one agenda item and no papers.
fn meeting() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Meeting")?;
    for (r, field) in ["Field", "Committee", "Date", "Time", "Venue"]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32, 0, *field)?;
    }
    ws.write_string(0, 1, "Value")?;
    ws.write_string(1, 1, "Cabinet")?;
    ws.write_number_with_format(2, 1, 46_085.0, &Format::new().set_num_format("d mmmm yyyy"))?;
    ws.write_number_with_format(3, 1, 0.75, &Format::new().set_num_format("HH:MM"))?;
    ws.write_string(4, 1, "City Hall")?;
    let ws = wb.add_worksheet().set_name("Agenda")?;
    for (c, (head, value)) in [
        ("Item", "1"),
        ("Title", "Apologies"),
        ("Report", ""),
        ("Exempt", ""),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *head)?;
        ws.write_string(1, c as u16, *value)?;
    }
    Ok(wb)
}
