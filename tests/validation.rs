//! Validation: every slip named by file, sheet and cell, all in one run; broken and hostile
//! files refused with one clear error each while the other documents still check and build.

mod support;

use std::io::Write as _;
use std::path::Path;

use papers::diag::Diagnostics;
use papers::pipeline::{Options, Project, process};
use proptest::prelude::*;
use serde_json::Value;
use support::*;

/// `papers check --message-format json` with a fixed "today", as (exit status, diagnostics).
fn check(dir: &Path, today: &str) -> (Option<i32>, Vec<Value>) {
    let run = papers(
        dir,
        &["check", "--message-format", "json", "--today", today],
    );
    // JSON goes to stdout; the summary line is no diagnostic.
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    let diags = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|d| d.get("code").is_some())
        .collect();
    (run.status.code(), diags)
}

/// The diagnostics with this code about this file.
fn with<'a>(diags: &'a [Value], file: &str, code: &str) -> Vec<&'a Value> {
    diags
        .iter()
        .filter(|d| d["file"] == file && d["code"] == code)
        .collect()
}

/// The one diagnostic with this code at this file, sheet and cell.
#[track_caller]
fn expect<'a>(
    diags: &'a [Value],
    file: &str,
    sheet: Option<&str>,
    cell: Option<&str>,
    code: &str,
) -> &'a Value {
    let found: Vec<&Value> = with(diags, file, code)
        .into_iter()
        .filter(|d| d["sheet"].as_str() == sheet && d["cell"].as_str() == cell)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "want one {code} at {file} {sheet:?} {cell:?}; all diagnostics:\n{}",
        pretty(diags)
    );
    found[0]
}

fn pretty(diags: &[Value]) -> String {
    diags.iter().map(|d| format!("{d}\n")).collect()
}

/// A report whose Cover holds these fields after its Title.
fn cover(title: &str, fields: &[(&str, &str)]) -> Book {
    let mut all = vec![("Title", title)];
    all.extend_from_slice(fields);
    Book::new().cover(&all)
}

/// A meeting workbook naming the given papers on its agenda.
fn meeting(date: (u16, u8, u8), papers: &[(&str, &str)]) -> Book {
    let mut agenda = vec![vec![t("Item"), t("Title"), t("Report"), t("Exempt")]];
    for (i, (title, file)) in papers.iter().enumerate() {
        agenda.push(vec![V::N(i as f64 + 1.0), t(title), t(file), V::E]);
    }
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(date.0, date.1, date.2)],
            ],
        )
        .sheet("Agenda", agenda)
}

// ---- errors ---------------------------------------------------------------------------

#[test]
fn formula_error_values_anywhere_are_one_error_per_cell() {
    let dir = project();
    let mut book = report("Paper");
    book.sheets[1]
        .1
        .push(vec![V::E, V::E, V::Err("#REF!".into())]);
    book = book.sheet(
        "Budget",
        vec![
            vec![t("Line"), t("Cost")],
            vec![t("Staff"), V::Err("#DIV/0!".into())],
            vec![t("Rent"), t("#VALUE!")],
        ],
    );
    // An error value where the Cover wants a date is reported once, as what it is.
    book.sheets[0]
        .1
        .push(vec![t("Status date"), V::Err("#N/A".into())]);
    book.sheets[0]
        .1
        .push(vec![t("Subject"), V::Err("#NAME?".into())]);
    book.write(&dir.path().join("inputs/paper.xlsx"));
    let (code, diags) = check(dir.path(), "2026-01-01");
    assert_eq!(code, Some(1));
    let f = "inputs/paper.xlsx";
    assert!(
        expect(&diags, f, Some("Report"), Some("C4"), "formula-error")["message"]
            .as_str()
            .unwrap()
            .contains("#REF!")
    );
    assert!(
        expect(&diags, f, Some("Budget"), Some("B2"), "formula-error")["message"]
            .as_str()
            .unwrap()
            .contains("#DIV/0!")
    );
    assert!(
        expect(&diags, f, Some("Budget"), Some("B3"), "formula-error")["message"]
            .as_str()
            .unwrap()
            .contains("#VALUE!")
    );
    expect(&diags, f, Some("Cover"), Some("B9"), "formula-error");
    expect(&diags, f, Some("Cover"), Some("B10"), "formula-error");
    let at_b9 = diags
        .iter()
        .filter(|d| d["cell"] == "B9" && d["sheet"] == "Cover")
        .count();
    assert_eq!(
        at_b9,
        1,
        "the #N/A date is one finding, not also a bad date:\n{}",
        pretty(&diags)
    );
    assert_eq!(
        diags.iter().filter(|d| d["severity"] == "error").count(),
        5,
        "{}",
        pretty(&diags)
    );
}

#[test]
fn a_paper_in_a_meeting_needs_committee_and_meeting_date() {
    let dir = project();
    let folder = dir.path().join("inputs/2026-03-09-cabinet");
    meeting(
        (2026, 3, 9),
        &[("Budget", "budget.xlsx"), ("Plan", "plan.xlsx")],
    )
    .write(&folder.join("meeting.xlsx"));
    cover("Budget", &[("Item", "1")]).write(&folder.join("budget.xlsx"));
    cover(
        "Plan",
        &[("Committee", ""), ("Meeting date", "date:2026-03-09")],
    )
    .write(&folder.join("plan.xlsx"));
    // Outside a meeting folder neither is needed.
    cover("Loose paper", &[]).write(&dir.path().join("inputs/loose.xlsx"));
    let (code, diags) = check(dir.path(), "2026-01-01");
    assert_eq!(code, Some(1));
    let budget = with(
        &diags,
        "inputs/2026-03-09-cabinet/budget.xlsx",
        "missing-field",
    );
    assert_eq!(budget.len(), 2, "{}", pretty(&diags));
    assert!(
        budget
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("Committee"))
    );
    assert!(
        budget
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("Meeting date"))
    );
    let plan = expect(
        &diags,
        "inputs/2026-03-09-cabinet/plan.xlsx",
        Some("Cover"),
        Some("B3"),
        "missing-field",
    );
    assert!(plan["message"].as_str().unwrap().contains("Committee"));
    assert!(
        with(&diags, "inputs/loose.xlsx", "missing-field").is_empty(),
        "{}",
        pretty(&diags)
    );
}

#[test]
fn missing_cover_and_title_and_misspelt_words_with_suggestions() {
    let dir = project();
    Book::new()
        .text_sheet(
            "Report",
            &[&["Heading", "Subheading", "Text"], &["", "", "Text."]],
        )
        .write(&dir.path().join("inputs/no-cover.xlsx"));
    cover("", &[("Committee", "Cabinet")]).write(&dir.path().join("inputs/no-title.xlsx"));
    cover(
        "Words",
        &[
            ("Key decision", "Yse"),
            ("Template", "comittee-report"),
            ("Meeting date", "next Tuesday"),
        ],
    )
    .write(&dir.path().join("inputs/words.xlsx"));
    cover(
        "Twice",
        &[("Committee", "Cabinet"), ("committee:", "Council")],
    )
    .text_sheet("Report", &[&["Heading", "Txt"], &["Background", "Words."]])
    .write(&dir.path().join("inputs/layout.xlsx"));
    let (code, diags) = check(dir.path(), "2026-01-01");
    assert_eq!(code, Some(1));
    expect(
        &diags,
        "inputs/no-cover.xlsx",
        Some("Cover"),
        None,
        "missing-sheet",
    );
    expect(
        &diags,
        "inputs/no-title.xlsx",
        Some("Cover"),
        Some("B2"),
        "missing-field",
    );
    assert_eq!(
        expect(
            &diags,
            "inputs/words.xlsx",
            Some("Cover"),
            Some("B3"),
            "bad-value"
        )["suggestion"],
        "Yes"
    );
    assert_eq!(
        expect(
            &diags,
            "inputs/words.xlsx",
            Some("Cover"),
            Some("B4"),
            "unknown-template"
        )["suggestion"],
        "committee-report"
    );
    expect(
        &diags,
        "inputs/words.xlsx",
        Some("Cover"),
        Some("B5"),
        "date-expected",
    );
    assert!(
        expect(
            &diags,
            "inputs/layout.xlsx",
            Some("Cover"),
            Some("A4"),
            "duplicate-field"
        )["message"]
            .as_str()
            .unwrap()
            .contains("B3")
    );
    // At the misnamed header itself, not the free cell after the headers.
    assert_eq!(
        expect(
            &diags,
            "inputs/layout.xlsx",
            Some("Report"),
            Some("B1"),
            "missing-column"
        )["suggestion"],
        "rename \"Txt\" to \"Text\""
    );
}

#[test]
fn two_workbooks_that_would_write_one_pdf_are_both_errors_and_neither_is_built() {
    let dir = project();
    report("Spreadsheet").write(&dir.path().join("inputs/plan.xlsx"));
    // Papers reads a workbook by its contents, so these bytes serve as the .ods too.
    report("Calc").write(&dir.path().join("inputs/plan.ods"));
    report("Other").write(&dir.path().join("inputs/other.xlsx"));
    let (code, diags) = check(dir.path(), "2026-01-01");
    assert_eq!(code, Some(1));
    assert!(
        expect(&diags, "inputs/plan.xlsx", None, None, "same-output")["message"]
            .as_str()
            .unwrap()
            .contains("inputs/plan.ods")
    );
    assert!(
        expect(&diags, "inputs/plan.ods", None, None, "same-output")["message"]
            .as_str()
            .unwrap()
            .contains("inputs/plan.xlsx")
    );
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        !out(dir.path(), "plan.pdf").exists(),
        "neither clashing workbook is built"
    );
    assert!(
        out(dir.path(), "other.pdf").exists(),
        "the others still are"
    );
}

// ---- warnings -------------------------------------------------------------------------

#[test]
fn placeholders_are_warnings_with_their_cells() {
    let dir = project();
    let mut book = cover(
        "Draft integrated plan",
        &[
            ("Purpose", "We have made £XX in efficiency savings."),
            ("Report of", "TBC"),
        ],
    );
    book = book.text_sheet(
        "Report",
        &[
            &["Heading", "Subheading", "Text"],
            &["Background", "", "Contact [insert name] for details."],
            &["", "", "Will this work???"],
            &[
                "",
                "",
                "Costs of XXXX are expected, and nothing here is a placeholder: XXI, Xbox, £2m.",
            ],
        ],
    );
    book.write(&dir.path().join("inputs/draft.xlsx"));
    let (code, diags) = check(dir.path(), "2026-01-01");
    assert_eq!(
        code,
        Some(0),
        "placeholders are warnings:\n{}",
        pretty(&diags)
    );
    let f = "inputs/draft.xlsx";
    assert!(
        expect(&diags, f, Some("Cover"), Some("B3"), "placeholder")["message"]
            .as_str()
            .unwrap()
            .contains("\"£XX\"")
    );
    assert!(
        expect(&diags, f, Some("Cover"), Some("B4"), "placeholder")["message"]
            .as_str()
            .unwrap()
            .contains("\"TBC\"")
    );
    assert!(
        expect(&diags, f, Some("Report"), Some("C2"), "placeholder")["message"]
            .as_str()
            .unwrap()
            .contains("[insert name]")
    );
    assert!(
        expect(&diags, f, Some("Report"), Some("C3"), "placeholder")["message"]
            .as_str()
            .unwrap()
            .contains("???")
    );
    let c4 = expect(&diags, f, Some("Report"), Some("C4"), "placeholder")["message"]
        .as_str()
        .unwrap();
    assert!(
        c4.contains("\"XXXX\"") && !c4.contains("XXI") && !c4.contains("£2m"),
        "{c4}"
    );
    assert_eq!(with(&diags, f, "placeholder").len(), 5);
}

#[test]
fn a_key_decision_without_a_forward_plan_ref_is_a_warning() {
    let dir = project();
    cover("Key", &[("Key decision", "Yes")]).write(&dir.path().join("inputs/key.xlsx"));
    cover(
        "Planned",
        &[("Key decision", "yes"), ("Forward plan ref", "2010/072")],
    )
    .write(&dir.path().join("inputs/planned.xlsx"));
    cover("Not key", &[("Key decision", "No")]).write(&dir.path().join("inputs/not-key.xlsx"));
    let (code, diags) = check(dir.path(), "2026-01-01");
    assert_eq!(code, Some(0), "{}", pretty(&diags));
    expect(
        &diags,
        "inputs/key.xlsx",
        Some("Cover"),
        Some("B3"),
        "no-forward-plan-ref",
    );
    assert_eq!(diags.len(), 1, "{}", pretty(&diags));
}

#[test]
fn fewer_than_five_clear_days_is_a_warning_that_never_changes_the_pdf() {
    let dir = project();
    // Monday 9 March 2026.
    cover(
        "Late paper",
        &[
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-09"),
        ],
    )
    .write(&dir.path().join("inputs/late.xlsx"));
    // Published on Monday 2 March: Tuesday to Friday are four clear days.
    let (code, diags) = check(dir.path(), "2026-03-02");
    assert_eq!(code, Some(0), "{}", pretty(&diags));
    let d = expect(
        &diags,
        "inputs/late.xlsx",
        Some("Cover"),
        Some("B4"),
        "short-notice",
    );
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("9 March 2026")
            && message.contains("4 clear working days")
            && message.contains("s100B"),
        "{message}"
    );
    // Published on Friday 27 February: five clear days; and a meeting already held is no slip.
    for today in ["2026-02-27", "27 February 2026", "2026-03-10"] {
        let (code, diags) = check(dir.path(), today);
        assert_eq!(
            (code, diags.len()),
            (Some(0), 0),
            "{today}: {}",
            pretty(&diags)
        );
    }
    let run = papers(dir.path(), &["build", "--today", "2026-03-06"]);
    assert!(stderr(&run).contains("short-notice"), "{}", stderr(&run));
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("output/manifest.json")).unwrap())
            .unwrap();
    let warnings = manifest["outputs"][0]["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("clear working day")),
        "warnings are listed in the manifest: {manifest}"
    );
    let late = std::fs::read(out(dir.path(), "late.pdf")).unwrap();
    std::fs::remove_file(out(dir.path(), "late.pdf")).unwrap();
    let run = papers(dir.path(), &["build", "--today", "2026-01-01"]);
    assert!(!stderr(&run).contains("short-notice"), "{}", stderr(&run));
    assert_eq!(
        std::fs::read(out(dir.path(), "late.pdf")).unwrap(),
        late,
        "the date judged from never reaches the PDF"
    );
    let bad = papers(dir.path(), &["check", "--today", "next week"]);
    assert_eq!(bad.status.code(), Some(2), "a bad --today is a usage error");
}

#[test]
fn sheet_level_warnings_name_their_sheets() {
    let dir = project();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let cover = wb.add_worksheet().set_name("Cover").unwrap();
    let fields = [
        ("Field", "Value"),
        ("Title", "Sheets"),
        ("Meting date", "4 March 2026"),
        ("Subject", "Left\u{202E}right"),
        ("", "a value with no label"),
        ("Report of", "Head of 名"),
    ];
    for (r, (f, v)) in fields.iter().enumerate() {
        cover.write_string(r as u32, 0, *f).unwrap();
        cover.write_string(r as u32, 1, *v).unwrap();
    }
    wb.add_worksheet()
        .set_name("Workings")
        .unwrap()
        .set_hidden(true)
        .write_string(0, 0, "secret sums")
        .unwrap();
    wb.add_worksheet().set_name("Notes").unwrap();
    let actions = wb.add_worksheet().set_name("Actons").unwrap();
    actions.write_string(0, 0, "Workstream").unwrap();
    actions.write_string(1, 0, "Housing").unwrap();
    // The Actions sheet of a report is a numbered appendix in its place, not a slip.
    let plan = wb.add_worksheet().set_name("Actions").unwrap();
    for (c, h) in ["Workstream", "Action", "Lead", "Deadline", "Status"]
        .iter()
        .enumerate()
    {
        plan.write_string(0, c as u16, *h).unwrap();
        plan.write_string(1, c as u16, format!("{h} 1")).unwrap();
    }
    let titled = wb.add_worksheet().set_name("Appendix 2").unwrap();
    titled.write_string(0, 0, "Ward").unwrap();
    titled.write_string(1, 0, "Thorpe Hamlet").unwrap();
    let pilot = wb.add_worksheet().set_name("Pilot activity").unwrap();
    pilot.write_string(0, 0, "Ward").unwrap();
    pilot.write_string(1, 0, "Mancroft").unwrap();
    std::fs::write(
        dir.path().join("inputs/sheets.xlsx"),
        wb.save_to_buffer().unwrap(),
    )
    .unwrap();
    let (code, diags) = check(dir.path(), "2026-01-01");
    assert_eq!(code, Some(0), "{}", pretty(&diags));
    let f = "inputs/sheets.xlsx";
    assert_eq!(
        expect(&diags, f, Some("Cover"), Some("A3"), "unknown-field")["suggestion"],
        "Meeting date"
    );
    expect(&diags, f, Some("Cover"), Some("B4"), "control-characters");
    expect(&diags, f, Some("Cover"), Some("A5"), "missing-label");
    expect(&diags, f, Some("Cover"), Some("B6"), "missing-glyph");
    expect(&diags, f, Some("Workings"), None, "hidden-sheet");
    expect(&diags, f, Some("Notes"), None, "empty-sheet");
    let actons = expect(&diags, f, Some("Actons"), None, "unknown-sheet");
    assert_eq!(actons["suggestion"], "Actions");
    assert!(
        actons["message"].as_str().unwrap().contains("Appendix 1"),
        "{actons}"
    );
    // An appendix with a name of its own is an ordinary part of a paper: no word.
    assert!(
        with(&diags, f, "unknown-sheet")
            .iter()
            .all(|d| d["sheet"] == "Actons"),
        "{}",
        pretty(&diags)
    );
    assert_eq!(diags.len(), 7, "{}", pretty(&diags));
}

// ---- broken and hostile files ---------------------------------------------------------

/// An Office file saved with a password to open: an OLE container with the encryption
/// header and the encrypted package.
fn encrypted_workbook() -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    let package: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    file.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&package)
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// A legacy .xls whose sheet "Budget" claims four billion rows: calamine would size its grid
/// from that claim as it opens the file.
fn giant_xls() -> Vec<u8> {
    let record = |typ: u16, data: &[u8]| {
        [
            &typ.to_le_bytes()[..],
            &(data.len() as u16).to_le_bytes(),
            data,
        ]
        .concat()
    };
    let bound_sheet = |pos: u32| [&pos.to_le_bytes()[..], &[0, 0, 6, 0], b"Budget"].concat();
    let globals = [record(0x0085, &bound_sheet(0)), record(0x000A, &[])].concat();
    let dims = [
        &0u32.to_le_bytes()[..],
        &u32::MAX.to_le_bytes(),
        &[0, 0, 10, 0, 0, 0],
    ]
    .concat();
    let stream = [
        record(0x0085, &bound_sheet(globals.len() as u32)),
        record(0x000A, &[]),
        record(0x0200, &dims),
    ]
    .concat();
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// Workbook bytes whose zip directory says the first member expands to 3.75 GiB.
fn expands_too_far() -> Vec<u8> {
    let mut bytes = report("Bomb").bytes();
    let cd = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    let local = u32::from_le_bytes(bytes[cd + 42..cd + 46].try_into().unwrap()) as usize;
    bytes[cd + 24..cd + 28].copy_from_slice(&0xF000_0000u32.to_le_bytes());
    if bytes[local + 22..local + 26] != [0; 4] {
        bytes[local + 22..local + 26].copy_from_slice(&0xF000_0000u32.to_le_bytes());
    }
    bytes
}

/// A workbook whose second sheet's XML is cut off mid-element.
fn damaged_sheet() -> Vec<u8> {
    let whole = report("Damaged sheet").bytes();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(whole)).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).unwrap();
        let name = member.name().unwrap().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut member, &mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            data = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Heading</t></is></c></row><row r="2"><c r="A2" t="s"><v>999999"#.to_vec();
        }
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A workbook with a value at `row`, `col` of its Cover.
fn far_cell(row: u32, col: u16) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Cover").unwrap();
    ws.write_string(0, 0, "Title").unwrap();
    ws.write_string(0, 1, "Far").unwrap();
    ws.write_string(row, col, "stray").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn broken_files_get_one_clear_error_each_and_the_others_still_build() {
    let dir = project();
    let inputs = dir.path().join("inputs");
    report("Good paper").write(&inputs.join("good.xlsx"));
    std::fs::write(
        inputs.join("notes.xlsx"),
        "Dear colleague, these are my notes, not a workbook.\n",
    )
    .unwrap();
    let whole = report("Cut short").bytes();
    std::fs::write(inputs.join("truncated.xlsx"), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(inputs.join("locked.xlsx"), encrypted_workbook()).unwrap();
    std::fs::write(inputs.join("bomb.xlsx"), expands_too_far()).unwrap();
    std::fs::write(inputs.join("far.xlsx"), far_cell(1_048_575, 16_383)).unwrap();
    std::fs::write(inputs.join("long.xlsx"), far_cell(60_000, 0)).unwrap();
    std::fs::write(inputs.join("giant.xls"), giant_xls()).unwrap();
    std::fs::write(inputs.join("damaged.xlsx"), damaged_sheet()).unwrap();
    std::fs::File::create(inputs.join("huge.xlsx"))
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(b"<w:document/>").unwrap();
    std::fs::write(
        inputs.join("letter.xlsx"),
        zip.finish().unwrap().into_inner(),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("gone.xlsx"), inputs.join("moved.xlsx")).unwrap();

    let (code, diags) = check(dir.path(), "2026-01-01");
    assert_eq!(code, Some(1));
    let one = |file: &str, code: &str, words: &[&str]| {
        let of_file: Vec<&Value> = diags
            .iter()
            .filter(|d| d["file"] == format!("inputs/{file}"))
            .collect();
        assert_eq!(
            of_file.len(),
            1,
            "{file}: want one error:\n{}",
            pretty(&diags)
        );
        let d = of_file[0];
        assert_eq!(
            (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()),
            (code, "error"),
            "{d}"
        );
        let message = d["message"].as_str().unwrap().to_lowercase();
        for w in words {
            assert!(message.contains(w), "{file}: {message:?} lacks {w:?}");
        }
        d
    };
    one(
        "notes.xlsx",
        "unreadable-workbook",
        &["not a readable workbook"],
    );
    one("truncated.xlsx", "unreadable-workbook", &["truncated"]);
    one(
        "locked.xlsx",
        "encrypted-workbook",
        &["encrypted", "password"],
    );
    one("bomb.xlsx", "unreadable-workbook", &["expand", "512 mib"]);
    assert_eq!(
        one(
            "far.xlsx",
            "sheet-too-large",
            &["xfd1048576", "2000000 cells"]
        )["cell"],
        "XFD1048576"
    );
    assert_eq!(
        one("long.xlsx", "sheet-too-large", &["50000 rows"])["sheet"],
        "Cover"
    );
    assert_eq!(
        one("giant.xls", "sheet-too-large", &["4294967295 rows"])["sheet"],
        "Budget"
    );
    one("huge.xlsx", "file-too-large", &["64 mib"]);
    assert_eq!(
        one("damaged.xlsx", "unreadable-sheet", &["cannot be read"])["sheet"],
        "Report"
    );
    one("letter.xlsx", "unreadable-workbook", &["not a workbook"]);
    #[cfg(unix)]
    one("moved.xlsx", "refused-path", &["broken link"]);
    assert!(
        with(&diags, "inputs/good.xlsx", "").is_empty()
            && diags.iter().all(|d| d["file"] != "inputs/good.xlsx")
    );

    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(pdf_text(&out(dir.path(), "good.pdf")).contains("Good paper"));
    assert!(!stderr(&run).contains("panicked"), "{}", stderr(&run));
}

// ---- one run, every slip --------------------------------------------------------------

#[test]
fn many_slips_in_many_files_are_all_reported_in_one_run() {
    let dir = project();
    let inputs = dir.path().join("inputs");
    let mut plan = cover(
        "Plan",
        &[
            ("Key decision", "Yse"),
            ("Meeting date", "next Tuesday"),
            ("Purpose", "To save £XX."),
        ],
    );
    plan = plan.sheet(
        "Report",
        vec![
            vec![t("Heading"), t("Subheading"), t("Text")],
            vec![t("Background"), V::E, V::Err("#REF!".into())],
        ],
    );
    plan.write(&inputs.join("cabinet/plan.xlsx"));
    cover("Strategy", &[("Meting date", "4 March 2026")])
        .text_sheet("Actons", &[&["Workstream", "Action"], &["Housing", "TBC"]])
        .write(&inputs.join("strategy.xlsx"));
    std::fs::write(inputs.join("broken.xlsx"), b"PK\x03\x04 not really").unwrap();
    let folder = inputs.join("2026-03-09-cabinet");
    meeting((2026, 3, 9), &[("Item", "item.xlsx")]).write(&folder.join("meeting.xlsx"));
    cover(
        "Item",
        &[("Meeting date", "date:2026-03-09"), ("Key decision", "Yes")],
    )
    .write(&folder.join("item.xlsx"));
    report("Good").write(&inputs.join("good.xlsx"));

    let (code, diags) = check(dir.path(), "2026-03-05");
    assert_eq!(code, Some(1));
    assert_eq!(
        expect(
            &diags,
            "inputs/cabinet/plan.xlsx",
            Some("Cover"),
            Some("B3"),
            "bad-value"
        )["suggestion"],
        "Yes"
    );
    expect(
        &diags,
        "inputs/cabinet/plan.xlsx",
        Some("Cover"),
        Some("B4"),
        "date-expected",
    );
    expect(
        &diags,
        "inputs/cabinet/plan.xlsx",
        Some("Cover"),
        Some("B5"),
        "placeholder",
    );
    expect(
        &diags,
        "inputs/cabinet/plan.xlsx",
        Some("Report"),
        Some("C2"),
        "formula-error",
    );
    assert_eq!(
        expect(
            &diags,
            "inputs/strategy.xlsx",
            Some("Cover"),
            Some("A3"),
            "unknown-field"
        )["suggestion"],
        "Meeting date"
    );
    assert_eq!(
        expect(
            &diags,
            "inputs/strategy.xlsx",
            Some("Actons"),
            None,
            "unknown-sheet"
        )["suggestion"],
        "Actions"
    );
    expect(
        &diags,
        "inputs/strategy.xlsx",
        Some("Actons"),
        Some("B2"),
        "placeholder",
    );
    expect(
        &diags,
        "inputs/broken.xlsx",
        None,
        None,
        "unreadable-workbook",
    );
    let item = "inputs/2026-03-09-cabinet/item.xlsx";
    assert!(
        expect(&diags, item, Some("Cover"), None, "missing-field")["message"]
            .as_str()
            .unwrap()
            .contains("Committee")
    );
    expect(&diags, item, Some("Cover"), Some("B3"), "short-notice");
    expect(
        &diags,
        item,
        Some("Cover"),
        Some("B4"),
        "no-forward-plan-ref",
    );
    assert!(
        diags.iter().all(|d| d["file"] != "inputs/good.xlsx"),
        "{}",
        pretty(&diags)
    );

    // The same in human form: grouped by file, each line naming file, sheet and cell.
    let run = papers(dir.path(), &["check", "--today", "2026-03-05"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1));
    assert!(err.contains("inputs/cabinet/plan.xlsx\n  error[bad-value]: inputs/cabinet/plan.xlsx: sheet \"Cover\", cell B3: Key decision: \"Yse\" is not one of Yes, No; did you mean \"Yes\"?"), "{err}");
    assert!(err.contains("error[formula-error]: inputs/cabinet/plan.xlsx: sheet \"Report\", cell C2: the cell holds the error value #REF!"), "{err}");
    for file in [
        "inputs/broken.xlsx",
        "inputs/strategy.xlsx",
        "inputs/cabinet/plan.xlsx",
        item,
    ] {
        assert_eq!(
            err.lines().filter(|l| *l == file).count(),
            1,
            "one heading for {file}:\n{err}"
        );
    }
    assert!(err.contains("Checked 5 documents"), "{err}");
}

#[test]
fn a_clean_project_checks_with_exit_status_0_and_no_findings() {
    let dir = project();
    let folder = dir.path().join("inputs/2026-03-09-cabinet");
    meeting((2026, 3, 9), &[("Plan", "plan.xlsx")]).write(&folder.join("meeting.xlsx"));
    let mut plan = report("Reducing inequalities action plan");
    plan.sheets[0] = cover(
        "Reducing inequalities action plan",
        &[
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-09"),
            ("Key decision", "Yes"),
            ("Forward plan ref", "2026/014"),
            ("Purpose", "To agree the action plan, which costs £25,000."),
        ],
    )
    .sheets
    .remove(0);
    plan.write(&folder.join("plan.xlsx"));
    report("Another").write(&dir.path().join("inputs/another.xlsx"));
    let run = papers(dir.path(), &["check", "--today", "2026-02-20"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&run)
    );
}

// ---- nothing panics ---------------------------------------------------------------------

/// Cell values of every kind, leaning on the words and shapes the readers look for.
fn cell() -> impl Strategy<Value = V> {
    let words = prop::sample::select(vec![
        "Neutral",
        "Positive",
        "Negative",
        "Postive",
        "x",
        "X",
        "✓",
        "7",
        "yes",
        "TRUE",
        "Yes",
        "No",
        "Maybe",
        "Green",
        "Amber",
        "Red",
        "On target",
        "Complete",
        "Delayed",
        "March 2016",
        "Ongoing",
        "4 November 2015",
        "31/02/2016",
        "£XX",
        "TBC",
        "[insert]",
        "???",
        "Age",
        "Disability",
        "Race",
        "Sex",
        "Housing",
        "Background",
        "Field",
        "Value",
        "Title",
        "Template",
        "Committee",
        "Meeting date",
        "Key decision",
        "Exempt",
        "3",
        "Workstream",
        "Action",
        "Lead",
        "Deadline",
        "Status",
        "RAG",
        "Category",
        "Item",
        "Impact",
        "Comments",
        "Group",
        "Explanation",
        "Kind",
        "Text",
        "Heading",
        "Subheading",
        "Objective",
        "strategy",
        "action-plan",
        "impact-assessment",
        "equality-impact-assessment",
        "#REF!",
        "= x $y$ #set [a](b) *b* _i_ \\ // @r <l>",
        "- a\n- b",
        "a) one\nb) two",
        "",
    ]);
    prop_oneof![
        4 => words.prop_map(t),
        2 => "\\PC{0,30}".prop_map(V::T),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(V::N),
        1 => (-5i32..100).prop_map(|n| V::N(f64::from(n))),
        1 => (1900u16..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| V::D(y, m, d)),
        1 => any::<bool>().prop_map(V::B),
        1 => prop::sample::select(vec!["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?"]).prop_map(|e| V::Err(e.into())),
        2 => Just(V::E),
    ]
}

/// Sheets with contract names (and a few others) holding random grids.
fn book() -> impl Strategy<Value = Book> {
    let name = prop::sample::select(vec![
        "Cover",
        "Report",
        "Contacts",
        "Impact assessment",
        "Impact recommendations",
        "Alignment",
        "Actions",
        "Equality impact",
        "Objectives",
        "Appendix 1",
        "Notes",
        "cover",
    ]);
    let grid = prop::collection::vec(prop::collection::vec(cell(), 0..7), 0..10);
    let cover = prop::collection::vec((cell(), cell()), 0..8);
    (cover, prop::collection::vec((name, grid), 0..6)).prop_map(|(fields, sheets)| {
        let mut rows = vec![vec![t("Field"), t("Value")], vec![t("Title"), t("Random")]];
        rows.extend(fields.into_iter().map(|(f, v)| vec![f, v]));
        let mut book = Book::new().sheet("Cover", rows);
        for (name, grid) in sheets {
            if book
                .sheets
                .iter()
                .all(|(n, _)| !n.eq_ignore_ascii_case(name))
            {
                book = book.sheet(name, grid);
            }
        }
        book
    })
}

fn run_bytes(bytes: &[u8]) {
    let dir = project();
    let project = Project::open(dir.path()).unwrap();
    let mut diags = Diagnostics::new("inputs/p.xlsx");
    let built = process(
        &project,
        &Options {
            write: false,
            jobs: 1,
            ..Options::default()
        },
        bytes,
        None,
        "output/p.pdf",
        &mut diags,
    );
    // Every finding names the file; a document with an error is never built.
    assert!(diags.list.iter().all(|d| d.file == "inputs/p.xlsx"));
    assert!(built.is_none() || !diags.has_errors(), "{:?}", diags.list);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, .. ProptestConfig::default() })]

    #[test]
    fn random_grids_never_panic(book in book()) {
        run_bytes(&book.bytes());
    }

    #[test]
    fn random_bytes_never_panic(
        prefix in prop::sample::select(vec![&b""[..], b"PK\x03\x04", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]),
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        run_bytes(&[prefix, &body[..]].concat());
    }

    #[test]
    fn random_xls_records_never_panic(records in prop::collection::vec((
        prop_oneof![
            3 => prop::sample::select(vec![
                0x0809u16, 0x0085, 0x000A, 0x0200, 0x0201, 0x0203, 0x0204, 0x0205, 0x0006, 0x0207, 0x027E, 0x00FD,
                0x00BD, 0x00BE, 0x00D6, 0x00E5, 0x00FC, 0x003C, 0x0042, 0x00E0, 0x041E, 0x0018, 0x0017, 0x002F,
            ]),
            1 => any::<u16>(),
        ],
        prop::collection::vec(any::<u8>(), 0..48),
    ), 0..24)) {
        let stream: Vec<u8> = records
            .iter()
            .flat_map(|(typ, data)| [&typ.to_le_bytes()[..], &(data.len() as u16).to_le_bytes(), data].concat())
            .collect();
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        file.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
        file.flush().unwrap();
        run_bytes(&file.into_inner().into_inner());
    }

    #[test]
    fn damaged_workbooks_never_panic(book in book(), cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut bytes = book.bytes();
        for (at, byte) in cuts {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        run_bytes(&bytes);
    }
}
