//! Authoring: `papers new` workbooks (their sheets, headers, drop-downs and dates, then filled
//! in as a new author would and built), house style from papers.toml, and templates
//! overridden file by file or ejected.

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use support::*;

// ---------------------------------------------------------------------------------------
// An .xlsx opened as its XML parts, to read what calamine does not show (drop-downs, frozen
// panes) and to fill cells in as a spreadsheet program would: keeping every validation and
// format, and giving a new cell its column's format.

struct Xlsx {
    parts: BTreeMap<String, Vec<u8>>,
}

/// A value typed into a cell.
enum Fill<'a> {
    Text(&'a str),
    Date(i32, u32, u32),
}

impl Xlsx {
    fn open(path: &Path) -> Xlsx {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            parts.insert(file.name().unwrap().into_owned(), bytes);
        }
        Xlsx { parts }
    }

    fn save(&self, path: &Path) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for (name, bytes) in &self.parts {
            zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }

    fn text(&self, part: &str) -> String {
        String::from_utf8(self.parts[part].clone()).unwrap()
    }

    /// The part holding a sheet, through workbook.xml and its relationships.
    fn sheet_part(&self, sheet: &str) -> String {
        let wb = self.text("xl/workbook.xml");
        let at = wb
            .find(&format!("<sheet name=\"{sheet}\""))
            .unwrap_or_else(|| panic!("no sheet {sheet}"));
        let id = attr(&wb[at..], "r:id");
        let rels = self.text("xl/_rels/workbook.xml.rels");
        let at = rels.find(&format!("Id=\"{id}\"")).unwrap();
        let start = rels[..at].rfind('<').unwrap();
        format!("xl/{}", attr(&rels[start..], "Target"))
    }

    fn sheet_xml(&self, sheet: &str) -> String {
        self.text(&self.sheet_part(sheet))
    }

    /// Types `fill` into `cell` of `sheet`.
    fn set(&mut self, sheet: &str, cell: &str, fill: Fill) {
        let part = self.sheet_part(sheet);
        let xml = set_cell(&self.text(&part), cell, &fill);
        self.parts.insert(part, xml.into_bytes());
    }

    /// The list drop-downs of a sheet: (cells, comma-separated options).
    fn lists(&self, sheet: &str) -> Vec<(String, String)> {
        let xml = self.sheet_xml(sheet);
        xml.split("<dataValidation ")
            .skip(1)
            .filter(|v| v.starts_with("type=\"list\""))
            .map(|v| {
                (
                    attr(v, "sqref"),
                    between(v, "<formula1>\"", "\"</formula1>").to_owned(),
                )
            })
            .collect()
    }

    /// The cells of a sheet that only take dates.
    fn date_cells(&self, sheet: &str) -> Vec<String> {
        let xml = self.sheet_xml(sheet);
        xml.split("<dataValidation ")
            .skip(1)
            .filter(|v| v.starts_with("type=\"date\""))
            .map(|v| attr(v, "sqref"))
            .collect()
    }

    /// The text of every note in the workbook.
    fn notes(&self) -> String {
        self.parts
            .iter()
            .filter(|(n, _)| n.starts_with("xl/comments"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect()
    }
}

fn attr(xml: &str, name: &str) -> String {
    between(&format!(" {xml}"), &format!(" {name}=\""), "\"").to_owned()
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {}", &text[..text.len().min(300)]))
        + open.len();
    let end = text[start..].find(close).unwrap() + start;
    &text[start..end]
}

/// Zero-based column and one-based row of "B12".
fn split_ref(cell: &str) -> (usize, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .bytes()
        .fold(0, |n, b| n * 26 + usize::from(b - b'A') + 1)
        - 1;
    (col, cell[letters.len()..].parse().unwrap())
}

/// Excel's serial number of a date.
fn serial(y: i32, m: u32, d: u32) -> i64 {
    // Days from civil (Howard Hinnant), then from 30 December 1899.
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + 25_569
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The sheet XML with `cell` set to `fill`. An existing cell keeps its format; a new cell
/// takes its column's, as a spreadsheet program gives it.
fn set_cell(xml: &str, cell: &str, fill: &Fill) -> String {
    let (col, row) = split_ref(cell);
    let existing = xml.find(&format!("<c r=\"{cell}\"")).map(|start| {
        let open_end = xml[start..].find('>').unwrap() + start;
        let end = if xml.as_bytes()[open_end - 1] == b'/' {
            open_end + 1
        } else {
            xml[start..].find("</c>").unwrap() + start + 4
        };
        (
            start,
            end,
            xml[start..open_end]
                .split(" s=\"")
                .nth(1)
                .map(|s| s.split('"').next().unwrap().to_owned()),
        )
    });
    let style = match &existing {
        Some((_, _, s)) => s.clone(),
        None => column_style(xml, col),
    };
    let s = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
    let new = match fill {
        Fill::Text(t) => format!(
            "<c r=\"{cell}\"{s} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            xml_escape(t)
        ),
        Fill::Date(y, m, d) => format!("<c r=\"{cell}\"{s}><v>{}</v></c>", serial(*y, *m, *d)),
    };
    if let Some((start, end, _)) = existing {
        return format!("{}{new}{}", &xml[..start], &xml[end..]);
    }
    if let Some(start) = xml.find(&format!("<row r=\"{row}\"")) {
        let open_end = xml[start..].find('>').unwrap() + start;
        let row_end = xml[start..].find("</row>").unwrap() + start;
        let mut at = row_end;
        let mut i = open_end;
        while let Some(p) = xml[i..row_end].find("<c r=\"") {
            let p = p + i;
            let r = between(&xml[p..], "<c r=\"", "\"");
            if split_ref(r).0 > col {
                at = p;
                break;
            }
            i = p + 1;
        }
        return format!("{}{new}{}", &xml[..at], &xml[at..]);
    }
    let mut at = xml.find("</sheetData>").unwrap();
    let mut i = 0;
    while let Some(p) = xml[i..].find("<row r=\"") {
        let p = p + i;
        if between(&xml[p..], "<row r=\"", "\"")
            .parse::<u32>()
            .unwrap()
            > row
        {
            at = p;
            break;
        }
        i = p + 1;
    }
    format!("{}<row r=\"{row}\">{new}</row>{}", &xml[..at], &xml[at..])
}

/// The style of a column from the sheet's `<cols>`, if it has one.
fn column_style(xml: &str, col: usize) -> Option<String> {
    let cols = xml.split("<col ").skip(1);
    for c in cols {
        let (min, max): (usize, usize) = (
            attr(c, "min").parse().unwrap(),
            attr(c, "max").parse().unwrap(),
        );
        if (min..=max).contains(&(col + 1)) && c.contains(" style=\"") {
            return Some(attr(c, "style"));
        }
    }
    None
}

// ---------------------------------------------------------------------------------------

/// Runs `papers new` in `dir` and returns the path written.
fn new(dir: &Path, kind: &str, rel: &str) -> PathBuf {
    let run = papers(dir, &["new", kind, rel]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let path = dir.join(rel);
    if path.extension().is_some() {
        path
    } else {
        path.join("meeting.xlsx")
    }
}

/// Every sheet of a workbook with its rows, as calamine reads them.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|n| {
            (
                n.clone(),
                wb.worksheet_range(&n)
                    .unwrap()
                    .rows()
                    .map(<[Data]>::to_vec)
                    .collect(),
            )
        })
        .collect()
}

fn row_text(row: &[Data]) -> Vec<String> {
    row.iter().map(ToString::to_string).collect()
}

fn column_a(rows: &[Vec<Data>]) -> Vec<String> {
    rows.iter().map(|r| r[0].to_string()).collect()
}

/// The row (one-based) of a Cover or Meeting field.
fn field_row(path: &Path, sheet: &str, label: &str) -> usize {
    let all = sheets(path);
    let rows = &all.iter().find(|(n, _)| n == sheet).unwrap().1;
    column_a(rows)
        .iter()
        .position(|l| l == label)
        .unwrap_or_else(|| panic!("no field {label}"))
        + 1
}

/// The contract's sheets and header rows for each kind (the Cover is Field, Value).
fn contract(kind: &str) -> Vec<(&'static str, Vec<&'static str>)> {
    let cover = ("Cover", vec!["Field", "Value"]);
    let about = ("About", vec![]);
    let actions = (
        "Actions",
        vec![
            "Workstream",
            "Action",
            "Lead",
            "Deadline",
            "Status",
            "RAG",
            "Expected outcome",
        ],
    );
    match kind {
        "report" => vec![
            cover,
            (
                "Contacts",
                vec!["Role", "Name", "Post", "Email", "Telephone"],
            ),
            ("Report", vec!["Heading", "Subheading", "Text"]),
            about,
        ],
        "impact-assessment" => vec![
            cover,
            (
                "Impact assessment",
                vec!["Category", "Item", "Impact", "Comments"],
            ),
            ("Impact recommendations", vec!["Kind", "Text"]),
            about,
        ],
        "eqia" => vec![
            cover,
            ("Equality impact", vec!["Group", "Impact", "Explanation"]),
            actions,
            about,
        ],
        "action-plan" => vec![cover, actions, about],
        "meeting" => vec![
            ("Meeting", vec!["Field", "Value"]),
            (
                "Agenda",
                vec![
                    "Item",
                    "Title",
                    "Report",
                    "Exempt",
                    "To follow",
                    "Withdrawn",
                ],
            ),
            (
                "Decisions",
                vec![
                    "Item",
                    "Decision",
                    "Reasons",
                    "Alternatives",
                    "Decision maker",
                    "Call-in",
                    "Urgency reason",
                    "For",
                    "Against",
                    "Abstained",
                    "Published",
                    "Public summary",
                ],
            ),
            (
                "Attendance",
                vec!["Member", "Attendance", "Substitute for", "Notes"],
            ),
            (
                "Declarations",
                vec!["Member", "Item", "Interest", "Nature", "Action"],
            ),
            ("Minutes", vec!["Item", "Minute", "Public summary"]),
            about,
        ],
        _ => unreachable!(),
    }
}

const KINDS: [&str; 5] = [
    "report",
    "impact-assessment",
    "eqia",
    "action-plan",
    "meeting",
];

#[test]
fn every_kind_has_the_contract_sheets_and_headers_frozen_and_wide_enough() {
    let dir = project();
    for kind in KINDS {
        let rel = if kind == "meeting" {
            "inputs/m".to_owned()
        } else {
            format!("inputs/{kind}.xlsx")
        };
        let path = new(dir.path(), kind, &rel);
        let book = sheets(&path);
        let want = contract(kind);
        let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            want.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            "{kind}"
        );
        let xlsx = Xlsx::open(&path);
        for ((name, rows), (_, headers)) in book.iter().zip(&want) {
            if name == "About" {
                assert!(rows[0][0].to_string().starts_with("About this"), "{kind}");
                continue;
            }
            assert_eq!(row_text(&rows[0]), *headers, "{kind}: {name}");
            let xml = xlsx.sheet_xml(name);
            assert!(
                xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
                "{kind}: {name} header row is not frozen"
            );
            // Every column is at least as wide as its header.
            for (c, header) in headers.iter().enumerate() {
                let col = xml.split("<col ").skip(1).find(|col| {
                    let (min, max): (usize, usize) = (
                        attr(col, "min").parse().unwrap(),
                        attr(col, "max").parse().unwrap(),
                    );
                    (min..=max).contains(&(c + 1))
                });
                let width: f64 = attr(
                    col.unwrap_or_else(|| panic!("{kind}: {name}: no width for {header}")),
                    "width",
                )
                .parse()
                .unwrap();
                assert!(
                    width >= header.len() as f64 + 2.0,
                    "{kind}: {name}: {header} is {width} wide"
                );
            }
        }
    }
}

#[test]
fn covers_list_every_field_of_their_kind_with_the_template() {
    let dir = project();
    let expect: [(&str, &[&str], &str); 4] = [
        (
            "report",
            &[
                "Title",
                "Committee",
                "Meeting date",
                "Item",
                "Report of",
                "Electoral divisions",
                "Forward plan ref",
                "Key decision",
                "Purpose",
                "Recommendations",
                "Corporate priorities",
                "Financial implications",
                "Background documents",
                "Exempt",
                "Council",
            ],
            "committee-report",
        ),
        (
            "impact-assessment",
            &[
                "Title",
                "Committee",
                "Meeting date",
                "Head of service",
                "Date assessed",
                "Description",
            ],
            "impact-assessment",
        ),
        (
            "eqia",
            &[
                "Title",
                "Reference",
                "Assessor name",
                "Assessor job title",
                "Directorate",
                "Service",
                "Team",
                "Proposal",
                "Policy type",
                "Supports committee paper",
                "Impact foreseeable",
                "Super-user engaged",
                "Head of service",
                "Head of service email",
                "Status",
            ],
            "equality-impact-assessment",
        ),
        (
            "action-plan",
            &["Title", "Committee", "Meeting date", "Status date"],
            "action-plan",
        ),
    ];
    for (kind, fields, template) in expect {
        let path = new(dir.path(), kind, &format!("inputs/{kind}.xlsx"));
        let book = sheets(&path);
        let cover = &book[0].1;
        assert_eq!(row_text(&cover[1]), ["Template", template], "{kind}");
        let labels = column_a(cover);
        for f in fields {
            assert!(
                labels.iter().any(|l| l == f),
                "{kind}: no {f} in {labels:?}"
            );
        }
        // Nothing but the Template is pre-filled: a value left in would be printed.
        assert!(
            cover[2..]
                .iter()
                .all(|r| r.get(1).is_none_or(|v| v.to_string().is_empty())),
            "{kind}: {cover:?}"
        );
    }
    let meeting = new(dir.path(), "meeting", "inputs/m");
    let labels = column_a(&sheets(&meeting)[0].1);
    assert_eq!(
        labels,
        [
            "Field",
            "Committee",
            "Date",
            "Time",
            "End time",
            "Venue",
            "Members",
            "Contact",
            "Published",
            "Status",
            "New date",
            "Decisions published",
            "Minutes approved"
        ]
    );
}

#[test]
fn fixed_vocabularies_are_drop_downs_and_dates_take_dates() {
    let dir = project();
    let report = Xlsx::open(&new(dir.path(), "report", "inputs/r.xlsx"));
    let path = dir.path().join("inputs/r.xlsx");
    let row = |label| field_row(&path, "Cover", label);
    let lists = report.lists("Cover");
    assert!(
        lists.contains(&(format!("B{}", row("Key decision")), "Yes,No".into())),
        "{lists:?}"
    );
    assert!(
        lists.contains(&(format!("B{}", row("Exempt")), "1,2,3,4,5,6,7".into())),
        "{lists:?}"
    );
    assert_eq!(
        report.date_cells("Cover"),
        [format!("B{}", row("Meeting date"))]
    );
    assert!(
        report
            .lists("Contacts")
            .iter()
            .any(|(at, l)| at == "A2:A501" && l.contains("Officer contact"))
    );

    let iia = Xlsx::open(&new(dir.path(), "impact-assessment", "inputs/i.xlsx"));
    assert!(
        iia.lists("Impact assessment")
            .contains(&("C2:C501".into(), "Neutral,Positive,Negative".into()))
    );
    assert!(
        iia.lists("Impact recommendations")
            .contains(&("A2:A501".into(), "Positive,Negative,Neutral,Issues".into()))
    );
    let ipath = dir.path().join("inputs/i.xlsx");
    let mut dates = iia.date_cells("Cover");
    dates.sort();
    let mut want = [
        field_row(&ipath, "Cover", "Meeting date"),
        field_row(&ipath, "Cover", "Date assessed"),
    ]
    .map(|r| format!("B{r}"));
    want.sort();
    assert_eq!(dates, want);

    let eqia = Xlsx::open(&new(dir.path(), "eqia", "inputs/e.xlsx"));
    assert!(
        eqia.lists("Equality impact")
            .contains(&("B2:B501".into(), "Neutral,Positive,Negative".into()))
    );
    assert!(
        eqia.lists("Actions")
            .contains(&("F2:F501".into(), "Red,Amber,Green".into()))
    );
    let epath = dir.path().join("inputs/e.xlsx");
    for label in [
        "Supports committee paper",
        "Impact foreseeable",
        "Super-user engaged",
    ] {
        assert!(
            eqia.lists("Cover").contains(&(
                format!("B{}", field_row(&epath, "Cover", label)),
                "Yes,No".into()
            )),
            "{label}"
        );
    }

    let plan = Xlsx::open(&new(dir.path(), "action-plan", "inputs/a.xlsx"));
    assert!(
        plan.lists("Actions")
            .contains(&("F2:F501".into(), "Red,Amber,Green".into()))
    );
    let apath = dir.path().join("inputs/a.xlsx");
    assert!(
        plan.date_cells("Cover")
            .contains(&format!("B{}", field_row(&apath, "Cover", "Status date")))
    );

    let meeting = Xlsx::open(&new(dir.path(), "meeting", "inputs/m"));
    assert!(
        meeting
            .lists("Agenda")
            .contains(&("D2:D501".into(), "1,2,3,4,5,6,7".into()))
    );
    // Date, Published, New date, Decisions published and Minutes approved take dates; Status and the agenda's
    // ticks are drop-downs.
    assert_eq!(
        meeting.date_cells("Meeting"),
        ["B11", "B12", "B13", "B3", "B9"]
    );
    assert!(meeting.lists("Attendance").contains(&(
        "B2:B501".into(),
        "Present,Apologies,Absent,Substitute".into()
    )));
    assert!(meeting.lists("Declarations").contains(&(
        "C2:C501".into(),
        "Disclosable pecuniary,Other registrable,Non-registrable".into()
    )));
    assert!(
        meeting
            .lists("Decisions")
            .contains(&("F2:F501".into(), "Yes,No".into()))
    );
    assert!(
        meeting
            .lists("Agenda")
            .contains(&("E2:E501".into(), "Yes,No".into()))
    );

    // Each column says what it is for.
    let notes = eqia.notes();
    assert!(notes.contains("mitigating action"), "{notes}");
}

#[test]
fn date_cells_hold_dates_and_the_deadline_column_is_formatted_as_dates() {
    let dir = project();
    let path = new(dir.path(), "action-plan", "inputs/plan.xlsx");
    let mut xlsx = Xlsx::open(&path);
    xlsx.set(
        "Cover",
        &format!("B{}", field_row(&path, "Cover", "Status date")),
        Fill::Date(2026, 2, 27),
    );
    xlsx.set("Actions", "D2", Fill::Date(2026, 9, 1));
    xlsx.set("Actions", "D3", Fill::Text("Ongoing"));
    xlsx.save(&path);
    let book = sheets(&path);
    let status = &book[0].1[field_row(&path, "Cover", "Status date") - 1][1];
    assert!(matches!(status, Data::DateTime(_)), "{status:?}");
    let actions = &book[1].1;
    assert!(
        matches!(actions[1][3], Data::DateTime(_)),
        "{:?}",
        actions[1][3]
    );
    assert_eq!(actions[2][3], Data::String("Ongoing".into()));
}

#[test]
fn eqia_lists_the_nine_characteristics_then_the_councils_groups() {
    let dir = project();
    std::fs::write(dir.path().join("papers.toml"), "eqia_groups = [\"Care experience\", \"Socio-economic inequality\", \"Rurality\", \"Armed forces\"]\n").unwrap();
    let path = new(dir.path(), "eqia", "inputs/eqia.xlsx");
    let groups = column_a(&sheets(&path)[1].1);
    assert_eq!(
        groups,
        [
            "Group",
            "Age",
            "Disability",
            "Gender reassignment",
            "Marriage and civil partnership",
            "Pregnancy and maternity",
            "Race",
            "Religion or belief",
            "Sex",
            "Sexual orientation",
            "Care experience",
            "Socio-economic inequality",
            "Rurality",
            "Armed forces",
        ]
    );
}

#[test]
fn new_refuses_to_overwrite_and_to_misname_a_meeting() {
    let dir = project();
    let path = new(dir.path(), "report", "inputs/mine.xlsx");
    std::fs::write(&path, b"my work").unwrap();
    let run = papers(dir.path(), &["new", "eqia", "inputs/mine.xlsx"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("inputs/mine.xlsx already exists"),
        "{}",
        stderr(&run)
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"my work");

    let run = papers(dir.path(), &["new", "meeting", "inputs/m/agenda.xlsx"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("meeting.xlsx"), "{}", stderr(&run));
    assert!(!dir.path().join("inputs/m/agenda.xlsx").exists());

    let run = papers(dir.path(), &["new", "strategy", "inputs/s.xlsx"]);
    assert_eq!(
        run.status.code(),
        Some(2),
        "an unknown kind is a usage error"
    );
}

/// A new workbook of `kind` filled in as a new author would: the few fields that matter and
/// one line of content.
fn fill_minimally(dir: &Path, kind: &str, rel: &str) -> PathBuf {
    let path = new(dir, kind, rel);
    let mut x = Xlsx::open(&path);
    let at = |label| format!("B{}", field_row(&path, "Cover", label));
    if kind != "meeting" {
        x.set(
            "Cover",
            &at("Title"),
            Fill::Text(&format!("New {kind} paper")),
        );
    }
    match kind {
        "report" => {
            x.set("Cover", &at("Committee"), Fill::Text("Cabinet"));
            x.set("Cover", &at("Meeting date"), Fill::Date(2026, 3, 4));
            x.set(
                "Report",
                "C2",
                Fill::Text("The council is asked to agree the plan."),
            );
        }
        "impact-assessment" => {
            x.set("Cover", &at("Committee"), Fill::Text("Cabinet"));
            x.set("Cover", &at("Meeting date"), Fill::Date(2026, 3, 4));
            x.set(
                "Cover",
                &at("Description"),
                Fill::Text("The recommendation to agree the plan."),
            );
            x.set("Impact assessment", "C2", Fill::Text("Positive"));
            x.set(
                "Impact assessment",
                "D2",
                Fill::Text("Better value for money."),
            );
        }
        "eqia" => {
            x.set(
                "Cover",
                &at("Description"),
                Fill::Text("Bringing services closer to communities."),
            );
            x.set("Cover", &at("Date assessed"), Fill::Date(2026, 2, 20));
            for r in 2..=10 {
                x.set("Equality impact", &format!("B{r}"), Fill::Text("Neutral"));
            }
            x.set("Equality impact", "B2", Fill::Text("Positive"));
            x.set(
                "Equality impact",
                "C2",
                Fill::Text("Youth services reach more young people."),
            );
        }
        "action-plan" => {
            x.set("Cover", &at("Committee"), Fill::Text("Cabinet"));
            x.set("Cover", &at("Meeting date"), Fill::Date(2026, 3, 4));
            for (c, v) in ["A", "B", "C", "E"].iter().zip([
                "Advice and support",
                "Promote benefit take-up",
                "Local Neighbourhood Services",
                "On target",
            ]) {
                x.set("Actions", &format!("{c}2"), Fill::Text(v));
            }
            x.set("Actions", "D2", Fill::Date(2026, 9, 1));
        }
        "meeting" => {
            let at = |label| format!("B{}", field_row(&path, "Meeting", label));
            x.set("Meeting", &at("Committee"), Fill::Text("Cabinet"));
            x.set("Meeting", &at("Date"), Fill::Date(2026, 3, 4));
            x.set("Meeting", &at("Time"), Fill::Text("5.30pm"));
            x.set("Meeting", &at("Published"), Fill::Date(2026, 1, 2));
            x.set("Agenda", "A2", Fill::Text("1"));
            x.set("Agenda", "B2", Fill::Text("Apologies for absence"));
            x.set("Agenda", "A3", Fill::Text("2"));
            x.set("Agenda", "C3", Fill::Text("report.xlsx"));
        }
        _ => unreachable!(),
    }
    x.save(&path);
    path
}

/// Checks and builds a project of new workbooks: clean, with none of the warnings a blank
/// workbook could trip, and no About sheet printed. Returns the PDF text of each document.
fn check_and_build(dir: &Path, documents: &[&str]) -> Vec<String> {
    let check = papers(dir, &["check", "--today", "2026-01-05"]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{err}");
    for code in [
        "placeholder",
        "unknown-field",
        "unknown-sheet",
        "empty-sheet",
        "hidden-sheet",
    ] {
        assert!(
            !err.contains(&format!("[{code}]")),
            "a new workbook should not trip {code}:\n{err}"
        );
    }
    let build = papers(dir, &["build", "--today", "2026-01-05"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    documents
        .iter()
        .map(|doc| {
            let text = pdf_text(&out(dir, &format!("{doc}.pdf")));
            assert!(
                !text.contains("About this"),
                "{doc}: the About sheet was printed:\n{text}"
            );
            text
        })
        .collect()
}

#[test]
fn a_new_report_and_meeting_filled_in_minimally_check_and_build() {
    let dir = project();
    fill_minimally(dir.path(), "report", "inputs/report.xlsx");
    fill_minimally(dir.path(), "meeting", "inputs/m");
    fill_minimally(dir.path(), "report", "inputs/m/report.xlsx");
    let texts = check_and_build(dir.path(), &["report", "m/report"]);
    for want in [
        "New report paper",
        "Report to",
        "Cabinet",
        "4 March 2026",
        "The council is asked to agree the plan.",
    ] {
        assert!(texts[0].contains(want), "missing {want:?}:\n{}", texts[0]);
    }
    let pack = pdf_text(&out(dir.path(), "m/agenda-pack.pdf"));
    for want in [
        "Cabinet",
        "Apologies for absence",
        "New report paper",
        "5.30pm",
    ] {
        assert!(pack.contains(want), "missing {want:?} in the pack:\n{pack}");
    }
}

#[test]
fn new_assessments_and_action_plans_filled_in_minimally_check_and_build() {
    let dir = project();
    let kinds = ["impact-assessment", "eqia", "action-plan"];
    for kind in kinds {
        fill_minimally(dir.path(), kind, &format!("inputs/{kind}.xlsx"));
    }
    let texts = check_and_build(dir.path(), &kinds);
    for (kind, text) in kinds.iter().zip(&texts) {
        assert!(
            text.contains(&format!("New {kind} paper")),
            "{kind}:\n{text}"
        );
    }
}

#[test]
fn a_blank_workbook_says_what_is_missing() {
    let dir = project();
    new(dir.path(), "report", "inputs/blank.xlsx");
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run)
            .contains("inputs/blank.xlsx: sheet \"Cover\", cell B3: the Cover has no Title"),
        "{}",
        stderr(&run)
    );
}

// ---------------------------------------------------------------------------------------
// House style and templates.

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#8a1538"/></svg>"##;

/// A report with an appendix sheet, for the numbering.
fn report_with_appendix(title: &str) -> Book {
    report(title).cover(&[]).text_sheet(
        "Consultation questions",
        &[&["Question", "Answer"], &["Do you agree?", "Yes"]],
    )
}

#[test]
fn a_council_papers_toml_and_one_overridden_template_give_the_councils_style() {
    let dir = project();
    std::fs::write(dir.path().join("crest.svg"), LOGO).unwrap();
    std::fs::write(
        dir.path().join("papers.toml"),
        r##"council = "Borsetshire County Council"
accent = "#8a1538"
appendix_numbering = "A"
eqia_groups = ["Care experience", "Rurality"]

[logo]
path = "crest.svg"
alt = "Borsetshire County Council crest"

[labels]
report_to = "To"
report_of = "From"
divisions = "Electoral division(s)"
recommendations = "Recommendation"
"##,
    )
    .unwrap();
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/cover.typ.hbs"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/cover.typ.hbs"),
        format!("#align(right, strong[OFFICIAL])\n{builtin}"),
    )
    .unwrap();
    let mut book = report_with_appendix("Inequalities charter");
    book.sheets.retain(|(n, _)| n != "Cover");
    book.sheets.insert(
        0,
        (
            "Cover".into(),
            Book::new()
                .cover(&[
                    ("Title", "Inequalities charter"),
                    ("Committee", "Cabinet"),
                    ("Meeting date", "date:2010-12-14"),
                    ("Report of", "Executive Director"),
                    ("Electoral divisions", "All"),
                    ("Recommendations", "Endorse the charter"),
                ])
                .sheets[0]
                .1
                .clone(),
        ),
    );
    book.write(&dir.path().join("inputs/charter.xlsx"));

    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = pdf_text(&out(dir.path(), "charter.pdf"));
    for want in [
        "OFFICIAL",
        "Borsetshire County Council",
        "To",
        "From",
        "Electoral division(s)",
        "Recommendation",
        "Appendix A",
        "Consultation questions",
    ] {
        assert!(text.contains(want), "missing {want:?}:\n{text}");
    }
    for gone in ["Report to", "Report of", "Recommendations", "Appendix 1"] {
        assert!(
            !text.contains(gone),
            "{gone:?} should have given way to the council's label:\n{text}"
        );
    }
    let manifest = std::fs::read_to_string(dir.path().join("output/manifest.json")).unwrap();
    assert!(manifest.contains("charter.pdf"));

    // papers new follows the same papers.toml.
    let eqia = new(dir.path(), "eqia", "drafts/eqia.xlsx");
    let groups = column_a(&sheets(&eqia)[1].1);
    assert_eq!(groups[10..], ["Care experience", "Rurality"]);
}

#[test]
fn papers_toml_slips_are_configuration_errors_naming_the_key() {
    let dir = project();
    report("Paper").write(&dir.path().join("inputs/p.xlsx"));
    let cases = [
        (
            "council = \"Borsetshire\"\naccentt = \"#8a1538\"\n",
            "papers.toml:2:1: unknown key \"accentt\"; did you mean \"accent\"?",
        ),
        (
            "[labels]\nreport_of = \"From\"\nwardz = \"Wards\"\n",
            "unknown key \"wardz\" in [labels]",
        ),
        ("accent = \"#ffcc00\"\n", "at least 4.5:1"),
        (
            "appendix_numbering = \"i\"\n",
            "\"1\" (Appendix 1, 2, 3) or \"A\"",
        ),
        ("paper = \"A4 \"\n", "not a paper size"),
        (
            "font = \"Comic Sans\"\n",
            "fonts available: Papers Sans, DejaVu Sans",
        ),
        (
            "[logo]\npath = \"crest.svg\"\nalt = \"Crest\"\n",
            "crest.svg does not exist",
        ),
    ];
    for (toml, want) in cases {
        std::fs::write(dir.path().join("papers.toml"), toml).unwrap();
        for args in [&["check"][..], &["new", "report", "inputs/x.xlsx"]] {
            let run = papers(dir.path(), args);
            assert_eq!(run.status.code(), Some(2), "{toml}");
            assert!(stderr(&run).contains(want), "{toml}: {}", stderr(&run));
        }
        assert!(!dir.path().join("inputs/x.xlsx").exists());
    }
}

#[test]
fn a_fonts_folder_is_loaded_and_sets_the_body_font() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    std::fs::write(
        dir.path().join("fonts/notes.txt"),
        "not a font, and not read",
    )
    .unwrap();
    std::fs::write(dir.path().join("fonts/broken.ttf"), "not a font either").unwrap();
    std::fs::write(dir.path().join("papers.toml"), "fonts = \"fonts\"\n").unwrap();
    report("Paper").write(&dir.path().join("inputs/p.xlsx"));
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("broken.ttf in the fonts folder is not a font"),
        "{}",
        stderr(&run)
    );
    std::fs::remove_file(dir.path().join("fonts/broken.ttf")).unwrap();

    // A second family: DejaVu Serif, where the system has it; the bundled font otherwise,
    // which at least proves the folder is read and its family known.
    let serif = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
    let (file, family, base) = if serif.exists() {
        (serif.to_owned(), "DejaVu Serif", "DejaVuSerif")
    } else {
        (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/DejaVuSans.ttf"),
            "DejaVu Sans",
            "DejaVuSans",
        )
    };
    std::fs::copy(
        &file,
        dir.path().join("fonts").join(file.file_name().unwrap()),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("papers.toml"),
        format!("fonts = \"fonts\"\nfont = \"{family}\"\n"),
    )
    .unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let doc = lopdf::Document::load(out(dir.path(), "p.pdf")).unwrap();
    let fonts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"BaseFont").ok())
        .filter_map(|n| n.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    assert!(
        fonts
            .iter()
            .any(|f| f.ends_with(base) || f.contains(&format!("+{base}"))),
        "{fonts:?}"
    );
}

#[test]
fn eject_writes_every_built_in_template_and_never_overwrites() {
    let dir = project();
    report("Paper").write(&dir.path().join("inputs/p.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let before = std::fs::read(out(dir.path(), "p.pdf")).unwrap();

    let run = papers(dir.path(), &["templates", "eject"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for (name, text) in papers::templates::BUILTIN {
        assert_eq!(
            std::fs::read_to_string(dir.path().join("templates").join(name)).unwrap(),
            *text,
            "{name}"
        );
    }
    // The ejected templates are the built-in ones: the same PDF, byte for byte.
    std::fs::remove_dir_all(dir.path().join("output")).unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(std::fs::read(out(dir.path(), "p.pdf")).unwrap(), before);

    std::fs::write(dir.path().join("templates/body.typ.hbs"), "edited").unwrap();
    let run = papers(dir.path(), &["templates", "eject"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("already exists"), "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("templates/body.typ.hbs")).unwrap(),
        "edited"
    );

    let run = papers(dir.path(), &["templates", "eject", "elsewhere/tpl"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(dir.path().join("elsewhere/tpl/papers.typ").is_file());
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let dir = project();
    report("Paper").write(&dir.path().join("inputs/p.xlsx"));
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let builtin = |name: &str| {
        papers::templates::BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1
            .to_owned()
    };

    // A field the context does not have (strict mode), on line 3 of a partial.
    let mut lines: Vec<String> = builtin("cover.typ.hbs")
        .lines()
        .map(str::to_owned)
        .collect();
    lines.insert(2, "{{cover.no_such_field}}".into());
    std::fs::write(templates.join("cover.typ.hbs"), lines.join("\n")).unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("templates/cover.typ.hbs:3: "),
        "{}",
        stderr(&run)
    );
    std::fs::remove_file(templates.join("cover.typ.hbs")).unwrap();

    // Handlebars that does not parse: a configuration error.
    std::fs::write(
        templates.join("body.typ.hbs"),
        "{{#each sections}}\n{{/if}}\n",
    )
    .unwrap();
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("templates/body.typ.hbs:2:"),
        "{}",
        stderr(&run)
    );
    std::fs::remove_file(templates.join("body.typ.hbs")).unwrap();

    // Typst that fails in the project's own style module.
    let style = builtin("papers.typ");
    let style = style.trim_end();
    let line = style.lines().count() + 1;
    std::fs::write(
        templates.join("papers.typ"),
        format!("{style}\n#let house = no-such-function()\n"),
    )
    .unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains(&format!("templates/papers.typ:{line}:")),
        "line {line}: {}",
        stderr(&run)
    );
    std::fs::remove_file(templates.join("papers.typ")).unwrap();

    // Typst that a template generates: named as the document's generated source.
    std::fs::write(templates.join("body.typ.hbs"), "#no-such-function()\n").unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("generated source of inputs/p.xlsx:"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn the_paper_size_comes_from_papers_toml() {
    let dir = project();
    std::fs::write(dir.path().join("papers.toml"), "paper = \"us-letter\"\n").unwrap();
    report("Paper").write(&dir.path().join("inputs/p.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let doc = lopdf::Document::load(out(dir.path(), "p.pdf")).unwrap();
    let page = doc.get_pages().values().next().copied().unwrap();
    let media = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let size: Vec<f32> = media.iter().map(|v| v.as_float().unwrap()).collect();
    assert_eq!(size[2..], [612.0, 792.0], "US Letter is 8.5 x 11 inches");
}
