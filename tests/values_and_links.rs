//! Values read so that they fail closed, and links and calendar entries that are right,
//! through the real binary: an Exempt cell that shows nothing (a formula with no stored
//! value, an error, invisible characters) keeps its paper exempt; every address on a page or
//! in the calendar is percent-encoded; calendar UIDs are unique; a midnight meeting is timed;
//! a standalone exempt key decision is on the forward plan by "Exempt item" only; and the
//! messages for odd values say what they are.

mod support;

use std::io::{Read, Write};
use std::path::Path;

use support::*;

const MARKER: &str = "MARKER-OSPREY-5173";
const FOLDER: &str = "inputs/2026-03-04-cabinet";

/// Replaces the cell `cell` of the zip member `member` (a worksheet) with `xml`, as a program
/// that writes workbooks itself might have written it.
fn patch_cell(bytes: Vec<u8>, member: &str, cell: &str, xml: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut found = false;
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
            found = true;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(found, "no {member}");
    out.finish().unwrap().into_inner()
}

/// The ways an Exempt cell can show nothing, or an error, and not be blank: each is the XML of
/// cell `at`.
fn hidden_values(at: &str) -> Vec<(&'static str, String)> {
    vec![
        // openpyxl, and other writers that leave the calculation to the spreadsheet.
        (
            "a formula with no value",
            format!("<c r=\"{at}\"><f>\"3\"</f></c>"),
        ),
        (
            "a formula with an empty <v>",
            format!("<c r=\"{at}\"><f>\"3\"</f><v></v></c>"),
        ),
        // rust_xlsxwriter's write_formula with an empty default result.
        (
            "a formula with an empty string result",
            format!("<c r=\"{at}\" t=\"str\"><f>\"3\"</f><v></v></c>"),
        ),
        (
            "a formula error",
            format!("<c r=\"{at}\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"),
        ),
        (
            "a no-break space",
            format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>\u{00A0}</t></is></c>"),
        ),
        (
            "a zero-width space",
            format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>\u{200B}</t></is></c>"),
        ),
        (
            "a byte-order mark and a word joiner",
            format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>\u{FEFF}\u{2060}</t></is></c>"),
        ),
    ]
}

fn meeting(exempt: &str) -> Book {
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
                vec![t("Published"), V::D(2026, 2, 20)],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["4", "Land at Riverside", "secret.xlsx", exempt],
                &["5", "Budget monitoring", "public.xlsx", ""],
            ],
        )
}

fn secret(cover_exempt: Option<&str>) -> Book {
    let title = format!("Land deal {MARKER}");
    let mut fields = vec![
        ("Title", title.as_str()),
        ("Committee", "Cabinet"),
        ("Meeting date", "date:2026-03-04"),
        ("Item", "4"),
    ];
    if let Some(e) = cover_exempt {
        fields.push(("Exempt", e));
    }
    Book::new().cover(&fields).sheet(
        "Report",
        vec![
            vec![t("Heading"), t("Subheading"), t("Text")],
            vec![
                t("Background"),
                V::E,
                t(&format!("The price is {MARKER} pounds.")),
            ],
        ],
    )
}

fn public_paper() -> Book {
    Book::new()
        .cover(&[
            ("Title", "Budget monitoring"),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Item", "5"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "Public text."],
            ],
        )
}

/// Everything a run printed, stdout and stderr.
fn printed(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(out)
}

/// The marker is in no byte under output/ and in nothing printed.
fn assert_nothing_public(dir: &Path, printed: &str, case: &str) {
    for file in files_under(&dir.join("output")) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(MARKER),
            "{case}: {} holds the marker",
            file.display()
        );
        if file.extension().is_some_and(|e| e == "pdf") {
            assert!(
                !squash(&pdf_text(&file)).contains(&squash(MARKER)),
                "{case}: {} shows the marker",
                file.display()
            );
        }
    }
    assert!(!printed.contains(MARKER), "{case}: printed the marker");
}

/// A JSON finding line of `code` at `cell` (of any file).
fn finding<'a>(printed: &'a str, code: &str, cell: &str) -> Vec<&'a str> {
    printed
        .lines()
        .filter(|l| {
            l.contains(&format!("\"code\":\"{code}\""))
                && l.contains(&format!("\"cell\":\"{cell}\""))
        })
        .collect()
}

#[test]
fn an_agenda_exempt_cell_that_shows_nothing_keeps_its_paper_exempt() {
    for (case, xml) in hidden_values("D2") {
        let dir = project();
        let d = dir.path();
        let f = |name: &str| d.join(FOLDER).join(name);
        std::fs::create_dir_all(d.join(FOLDER)).unwrap();
        // The Agenda is the second sheet; D2 is item 4's Exempt.
        let bytes = patch_cell(
            meeting("PLACEHOLDER").bytes(),
            "xl/worksheets/sheet2.xml",
            "D2",
            &xml,
        );
        std::fs::write(f("meeting.xlsx"), bytes).unwrap();
        secret(None).write(&f("secret.xlsx"));
        public_paper().write(&f("public.xlsx"));
        let check = papers(
            d,
            &["check", "--message-format", "json", "--today", "2026-01-01"],
        );
        let build = papers(d, &["build", "--message-format", "json"]);
        let all = printed(&check) + &printed(&build);
        assert_eq!(build.status.code(), Some(1), "{case}: {all}");
        let checked = printed(&check);
        let found = finding(&checked, "bad-value", "D2");
        assert_eq!(found.len(), 1, "{case}: one finding at the cell\n{all}");
        assert!(
            found[0].contains("\"sheet\":\"Agenda\"") && found[0].contains("Exempt:"),
            "{case}: {}",
            found[0]
        );
        assert!(
            !d.join("output/2026-03-04-cabinet/secret.pdf").exists()
                && !d.join("output/2026-03-04-cabinet/secret.html").exists(),
            "{case}: published"
        );
        assert_nothing_public(d, &all, case);
    }
}

#[test]
fn a_cover_exempt_cell_that_shows_nothing_keeps_its_paper_exempt() {
    for (case, xml) in hidden_values("B6") {
        let dir = project();
        let d = dir.path();
        // Standalone: no agenda to say anything; the Cover's Exempt (B6) alone decides.
        let bytes = patch_cell(
            secret(Some("PLACEHOLDER")).bytes(),
            "xl/worksheets/sheet1.xml",
            "B6",
            &xml,
        );
        std::fs::write(d.join("inputs/secret.xlsx"), bytes).unwrap();
        let check = papers(
            d,
            &["check", "--message-format", "json", "--today", "2026-01-01"],
        );
        let build = papers(d, &["build", "--message-format", "json"]);
        let all = printed(&check) + &printed(&build);
        assert_eq!(build.status.code(), Some(1), "{case}: {all}");
        let checked = printed(&check);
        let found = finding(&checked, "bad-value", "B6");
        assert_eq!(found.len(), 1, "{case}: one finding at the cell\n{all}");
        assert!(
            found[0].contains("\"sheet\":\"Cover\""),
            "{case}: {}",
            found[0]
        );
        assert!(
            finding(&checked, "formula-error", "B6").is_empty(),
            "{case}: {all}"
        );
        assert!(
            !d.join("output/secret.pdf").exists() && !d.join("output/secret.html").exists(),
            "{case}: published"
        );
        assert_nothing_public(d, &all, case);
    }
}

/// What LibreOffice keeps of an Exempt formula with no stored value when it saves the
/// workbook again (as a clerk opening a script's workbook would): it calculates the formula,
/// so the paragraph is then read. Skipped without soffice.
#[test]
fn a_libreoffice_round_trip_stores_the_value() {
    let Ok(soffice) = which("soffice") else {
        eprintln!("SKIPPED: soffice is not installed");
        return;
    };
    let dir = project();
    let d = dir.path();
    let f = |name: &str| d.join(FOLDER).join(name);
    std::fs::create_dir_all(d.join(FOLDER)).unwrap();
    let bytes = patch_cell(
        meeting("PLACEHOLDER").bytes(),
        "xl/worksheets/sheet2.xml",
        "D2",
        "<c r=\"D2\"><f>\"3\"</f></c>",
    );
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(scratch.path().join("meeting.xlsx"), bytes).unwrap();
    for ext in ["ods", "xlsx"] {
        let out = std::process::Command::new(&soffice)
            .args(["--headless", "--convert-to", ext, "--outdir"])
            .arg(scratch.path().join(ext))
            .arg(scratch.path().join("meeting.xlsx"))
            .env("HOME", scratch.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    secret(None).write(&f("secret.xlsx"));
    public_paper().write(&f("public.xlsx"));
    for ext in ["ods", "xlsx"] {
        let _ = std::fs::remove_file(f("meeting.ods"));
        std::fs::copy(
            scratch.path().join(ext).join(format!("meeting.{ext}")),
            f(&format!("meeting.{ext}")),
        )
        .unwrap();
        let build = papers(d, &["build", "--message-format", "json"]);
        let all = printed(&build);
        // Calculated on saving: "3", a paragraph, so the paper is exempt and built as such.
        assert!(
            d.join("exempt/2026-03-04-cabinet/secret.pdf").exists(),
            "{ext}: {all}"
        );
        assert_nothing_public(d, &all, ext);
    }
    // A no-break space survives the round trip as it is: still not blank.
    let _ = std::fs::remove_file(f("meeting.ods"));
    let bytes = patch_cell(
        meeting("PLACEHOLDER").bytes(),
        "xl/worksheets/sheet2.xml",
        "D2",
        "<c r=\"D2\" t=\"inlineStr\"><is><t>\u{00A0}</t></is></c>",
    );
    std::fs::write(scratch.path().join("meeting.xlsx"), bytes).unwrap();
    let out = std::process::Command::new(&soffice)
        .args(["--headless", "--convert-to", "ods", "--outdir"])
        .arg(scratch.path().join("nbsp"))
        .arg(scratch.path().join("meeting.xlsx"))
        .env("HOME", scratch.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_file(f("meeting.xlsx")).unwrap();
    std::fs::copy(scratch.path().join("nbsp/meeting.ods"), f("meeting.ods")).unwrap();
    let build = papers(d, &["build", "--message-format", "json"]);
    let all = printed(&build);
    assert_eq!(build.status.code(), Some(1), "{all}");
    assert_eq!(finding(&all, "bad-value", "D2").len(), 1, "{all}");
    assert_nothing_public(d, &all, "nbsp through LibreOffice");
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|p| p.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn links_and_calendar_addresses_are_percent_encoded() {
    let dir = project();
    let d = dir.path();
    std::fs::write(
        d.join("papers.toml"),
        "base_url = \"https://democracy.example.gov.uk/papers/\"\n",
    )
    .unwrap();
    let folder = d.join("inputs/Cabinet #2 & more");
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
                vec![t("Time"), t("5.30pm")],
                vec![t("Published"), V::D(2025, 12, 20)],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["5", "Budget monitoring", "report#1.xlsx", ""],
            ],
        )
        .write(&folder.join("meeting.xlsx"));
    public_paper().write(&folder.join("report#1.xlsx"));
    public_paper().write(&d.join("inputs/plan 50% done?.xlsx"));
    let build = papers(d, &["build", "--today", "2026-01-01"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let out = d.join("output/Cabinet #2 & more");
    assert!(out.join("report#1.pdf").is_file() && out.join("index.html").is_file());
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let hrefs = |html: &str| -> Vec<String> {
        html.split("href=\"")
            .skip(1)
            .map(|h| h[..h.find('"').unwrap()].to_owned())
            .collect()
    };
    let meeting_page = read(&out.join("index.html"));
    let twin = read(&out.join("report#1.html"));
    let index = read(&d.join("output/index.html"));
    assert!(
        hrefs(&meeting_page).contains(&"report%231.pdf".to_owned()),
        "{:?}",
        hrefs(&meeting_page)
    );
    assert!(hrefs(&twin).contains(&"report%231.pdf".to_owned()));
    assert!(
        hrefs(&index).contains(&"Cabinet%20%232%20%26%20more/index.html".to_owned()),
        "{:?}",
        hrefs(&index)
    );
    assert!(
        hrefs(&index).contains(&"plan%2050%25%20done%3F.html".to_owned()),
        "{:?}",
        hrefs(&index)
    );
    // Every link of every page leads to a file that is there, once decoded.
    for page in files_under(&d.join("output"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        for href in hrefs(&read(&page)) {
            if href.starts_with('#') || href.contains(':') {
                continue;
            }
            assert!(
                !href.contains([' ', '?', '#']),
                "{}: {href}",
                page.display()
            );
            let target = page.parent().unwrap().join(decode(&href));
            assert!(target.exists(), "{}: {href} leads nowhere", page.display());
        }
    }
    let ics = read(&d.join("output/meetings.ics")).replace("\r\n ", "");
    assert!(
        ics.contains(
            "URL:https://democracy.example.gov.uk/papers/Cabinet%20%232%20%26%20more/index.html\r\n"
        ),
        "{ics}"
    );
}

/// Percent-decoding, and `&amp;` as HTML writes `&`.
fn decode(href: &str) -> String {
    let href = href.replace("&amp;", "&");
    let bytes = href.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&href[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A meeting workbook of `time`.
fn timed_meeting(time: &str) -> Book {
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2030, 1, 10)],
                vec![t("Time"), t(time)],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["1", "Apologies", "", ""],
            ],
        )
}

#[test]
fn calendar_uids_are_unique_and_midnight_is_a_time() {
    let dir = project();
    let d = dir.path();
    timed_meeting("12am").write(&d.join("inputs/a/2030-cab/meeting.xlsx"));
    timed_meeting("6pm").write(&d.join("inputs/a-2030-cab/meeting.xlsx"));
    let build = papers(d, &["build", "--today", "2026-01-01"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let ics = std::fs::read_to_string(d.join("output/meetings.ics"))
        .unwrap()
        .replace("\r\n ", "");
    let uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), 2, "{ics}");
    assert_ne!(uids[0], uids[1], "{ics}");
    assert!(
        ics.contains("DTSTART;TZID=Europe/London:20300110T000000\r\n"),
        "midnight is timed: {ics}"
    );
    assert!(ics.contains("DTSTART;TZID=Europe/London:20300110T180000\r\n"));
    assert!(!ics.contains("VALUE=DATE"), "{ics}");
}

#[test]
fn a_standalone_exempt_key_decision_is_on_the_forward_plan_by_exempt_item_only() {
    let dir = project();
    let d = dir.path();
    let title = format!("Sale of the depot {MARKER}");
    let committee = format!("Committee {MARKER}");
    Book::new()
        .cover(&[
            ("Title", &title),
            ("Committee", &committee),
            ("Meeting date", "date:2026-05-06"),
            ("Key decision", "Yes"),
            ("Forward plan ref", &format!("FP-{MARKER}")),
            ("Exempt", "Paragraph 3"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "Private."],
            ],
        )
        .write(&d.join("inputs/depot.xlsx"));
    public_paper().write(&d.join("inputs/budget.xlsx"));
    let build = papers(d, &["build", "--today", "2026-01-01"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(d.join("exempt/depot.pdf").is_file());
    let plan = std::fs::read_to_string(d.join("output/forward-plan.html")).unwrap();
    assert!(
        plan.contains("<th scope=\"row\">Exempt item</th>")
            && plan.contains("Exempt (paragraph 3 of Schedule 12A)"),
        "{plan}"
    );
    assert_nothing_public(d, &printed(&build), "forward plan");
    // Incremental: the unchanged paper is still listed, from what the last build kept.
    let again = papers(d, &["build", "--today", "2026-01-01"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let plan = std::fs::read_to_string(d.join("output/forward-plan.html")).unwrap();
    assert!(
        plan.contains("<th scope=\"row\">Exempt item</th>"),
        "{plan}"
    );
}

#[test]
fn a_stray_papers_toml_in_a_meeting_folder_is_named() {
    let dir = project();
    let d = dir.path();
    timed_meeting("6pm").write(&d.join(FOLDER).join("meeting.xlsx"));
    std::fs::write(
        d.join(FOLDER).join("papers.toml"),
        "council = \"Elsewhere\"\n",
    )
    .unwrap();
    let check = papers(d, &["check", "--today", "2026-01-01"]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[stray-config]")
            && err.contains("inputs/2026-03-04-cabinet/papers.toml")
            && err.contains("ignored"),
        "{err}"
    );
    // From inside the meeting folder, the project is still the one that holds inputs/.
    let inside = papers(&d.join(FOLDER), &["check", "--today", "2026-01-01"]);
    let err = stderr(&inside);
    assert_eq!(inside.status.code(), Some(0), "{err}");
    assert!(err.contains("warning[stray-config]"), "{err}");
}

/// A Cover whose dates are stored as the given serials, in a date format.
fn serials(fields: &[(&str, f64)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("d mmmm yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Cover").unwrap();
    ws.write_string(0, 0, "Field").unwrap();
    ws.write_string(0, 1, "Value").unwrap();
    ws.write_string(1, 0, "Title").unwrap();
    ws.write_string(1, 1, "Odd dates").unwrap();
    for (i, (k, v)) in fields.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string(r, 0, *k).unwrap();
        ws.write_number_with_format(r, 1, *v, &date).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn odd_dates_get_one_clear_finding() {
    let dir = project();
    let d = dir.path();
    std::fs::write(
        d.join("inputs/leap.xlsx"),
        serials(&[("Meeting date", 60.0), ("Status date", 45000.0)]),
    )
    .unwrap();
    // NaN and infinity as a program might write them (no spreadsheet can).
    let odd = serials(&[("Meeting date", 1111.0), ("Status date", 2222.0)]);
    let odd = patch_cell(
        odd,
        "xl/worksheets/sheet1.xml",
        "B3",
        "<c r=\"B3\" s=\"1\"><v>NaN</v></c>",
    );
    let odd = patch_cell(
        odd,
        "xl/worksheets/sheet1.xml",
        "B4",
        "<c r=\"B4\" s=\"1\"><v>inf</v></c>",
    );
    std::fs::write(d.join("inputs/odd.xlsx"), odd).unwrap();
    let check = papers(
        d,
        &["check", "--message-format", "json", "--today", "2026-01-01"],
    );
    let text = printed(&check);
    let at = |file: &str, cell: &str| -> Vec<&str> {
        text.lines()
            .filter(|l| {
                l.contains(&format!("\"file\":\"inputs/{file}\""))
                    && l.contains(&format!("\"cell\":\"{cell}\""))
            })
            .collect()
    };
    let leap = at("leap.xlsx", "B3");
    assert_eq!(leap.len(), 1, "one finding for 29 February 1900: {text}");
    assert!(
        leap[0].contains("date-expected") && leap[0].contains("29 February 1900"),
        "{}",
        leap[0]
    );
    for (cell, words) in [("B3", "NaN (not a number)"), ("B4", "an infinite number")] {
        let found = at("odd.xlsx", cell);
        assert_eq!(found.len(), 1, "{cell}: {text}");
        assert!(
            found[0].contains("date-expected") && found[0].contains(words),
            "{}",
            found[0]
        );
        assert!(!found[0].contains("found \\\"0\\\""), "{}", found[0]);
    }
}

#[test]
fn a_lying_shared_strings_count_says_its_number() {
    let dir = project();
    let d = dir.path();
    for (name, count) in [("huge.xlsx", "4000000000"), ("word.xlsx", "lots")] {
        let book = public_paper().bytes();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let member = file.name().unwrap().into_owned();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            if member == "xl/sharedStrings.xml" {
                let s = String::from_utf8(data).unwrap();
                let at = s.find("uniqueCount=\"").unwrap() + 13;
                let end = at + s[at..].find('"').unwrap();
                data = format!("{}{count}{}", &s[..at], &s[end..]).into_bytes();
            }
            out.start_file(member, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&data).unwrap();
        }
        std::fs::write(
            d.join("inputs").join(name),
            out.finish().unwrap().into_inner(),
        )
        .unwrap();
    }
    let check = papers(d, &["check", "--today", "2026-01-01"]);
    let err = stderr(&check);
    assert!(err.contains("says it holds 4000000000 strings"), "{err}");
    assert!(
        err.contains("as \"lots\", which is not a whole number"),
        "{err}"
    );
    assert!(!err.contains("holds  strings"), "{err}");
}

#[test]
fn durations_print_as_durations_and_general_keeps_to_ten_digits() {
    let dir = project();
    let d = dir.path();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("Cover").unwrap();
    for (r, (k, v)) in [("Field", "Value"), ("Title", "Timings")]
        .iter()
        .enumerate()
    {
        cover.write_string(r as u32, 0, *k).unwrap();
        cover.write_string(r as u32, 1, *v).unwrap();
    }
    let sheet = wb.add_worksheet();
    sheet.set_name("Timings").unwrap();
    sheet.write_string(0, 0, "Format").unwrap();
    sheet.write_string(0, 1, "Value").unwrap();
    let twelve_minutes_three = (12.0 * 60.0 + 3.0) / 86_400.0;
    for (r, (code, value)) in [
        ("mm:ss", twelve_minutes_three),
        ("[h]:mm", 1.5),
        ("[mm]:ss", 0.0625),
        ("[ss]", 0.0625),
        ("General", 123_456_789_012.0),
        ("General", 12_345.678_901_234_5),
    ]
    .iter()
    .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, format!("{code} #{r}")).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format(*code);
        sheet
            .write_number_with_format(r, 1, *value, &format)
            .unwrap();
    }
    wb.save(d.join("inputs/timings.xlsx")).unwrap();
    let build = papers(d, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let page = std::fs::read_to_string(d.join("output/timings.html")).unwrap();
    for shown in [
        "12:03",
        "36:00",
        "90:00",
        "5400",
        "1.23457E+11",
        "12345.6789",
    ] {
        assert!(
            page.contains(&format!(">{shown}<")),
            "{shown} missing:\n{page}"
        );
    }
    assert!(
        !page.contains("12.12am") && !page.contains("123456789012"),
        "{page}"
    );
}

#[test]
fn an_exempt_number_is_read_by_its_value_not_by_what_its_format_shows() {
    // (format, number, exempt?) on item 4's Exempt: ";;;" shows nothing, "No" shows No.
    for (code, value) in [(";;;", 3.0), ("\"No\"", 3.0), (";;;", 0.0)] {
        let dir = project();
        let d = dir.path();
        let f = |name: &str| d.join(FOLDER).join(name);
        std::fs::create_dir_all(d.join(FOLDER)).unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        let meeting = wb.add_worksheet();
        meeting.set_name("Meeting").unwrap();
        for (r, (k, v)) in [
            ("Field", "Value"),
            ("Committee", "Cabinet"),
            ("Date", "4 March 2026"),
        ]
        .iter()
        .enumerate()
        {
            meeting.write_string(r as u32, 0, *k).unwrap();
            meeting.write_string(r as u32, 1, *v).unwrap();
        }
        let agenda = wb.add_worksheet();
        agenda.set_name("Agenda").unwrap();
        for (r, row) in [
            ["Item", "Title", "Report", "Exempt"],
            ["4", "Land at Riverside", "secret.xlsx", ""],
            ["5", "Budget monitoring", "public.xlsx", ""],
        ]
        .iter()
        .enumerate()
        {
            for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                agenda.write_string(r as u32, c as u16, *v).unwrap();
            }
        }
        let hidden = rust_xlsxwriter::Format::new().set_num_format(code);
        agenda
            .write_number_with_format(1, 3, value, &hidden)
            .unwrap();
        wb.save(f("meeting.xlsx")).unwrap();
        secret(None).write(&f("secret.xlsx"));
        public_paper().write(&f("public.xlsx"));
        let build = papers(d, &["build", "--message-format", "json"]);
        let all = printed(&build);
        let case = format!("{value} as {code}");
        if value == 3.0 {
            assert_eq!(build.status.code(), Some(0), "{case}: {all}");
            assert!(
                f("secret.xlsx").exists()
                    && d.join("exempt/2026-03-04-cabinet/secret.pdf").is_file(),
                "{case}: {all}"
            );
        } else {
            assert_eq!(build.status.code(), Some(1), "{case}: {all}");
            assert_eq!(finding(&all, "bad-value", "D2").len(), 1, "{case}: {all}");
        }
        assert_nothing_public(d, &all, &case);
    }
}

#[test]
fn an_exempt_row_whose_report_shows_nothing_publishes_no_paper_of_its_meeting() {
    for (case, xml) in [
        (
            "a formula with no value",
            "<c r=\"C2\"><f>\"secret.xlsx\"</f></c>",
        ),
        (
            "a zero-width space",
            "<c r=\"C2\" t=\"inlineStr\"><is><t>\u{200B}</t></is></c>",
        ),
    ] {
        let dir = project();
        let d = dir.path();
        let f = |name: &str| d.join(FOLDER).join(name);
        std::fs::create_dir_all(d.join(FOLDER)).unwrap();
        // C2 is item 4's Report; the item is exempt (paragraph 3).
        let bytes = patch_cell(meeting("3").bytes(), "xl/worksheets/sheet2.xml", "C2", xml);
        std::fs::write(f("meeting.xlsx"), bytes).unwrap();
        secret(None).write(&f("secret.xlsx"));
        public_paper().write(&f("public.xlsx"));
        let build = papers(d, &["build", "--message-format", "json"]);
        let all = printed(&build);
        assert_eq!(build.status.code(), Some(1), "{case}: {all}");
        assert_eq!(
            finding(&all, "missing-report", "C2").len(),
            1,
            "{case}: {all}"
        );
        assert!(all.contains("exempt-unknown"), "{case}: {all}");
        assert!(!f("secret.xlsx").with_extension("pdf").exists());
        assert_nothing_public(d, &all, case);
    }
}

/// A minimal OpenDocument spreadsheet from text rows, as a program writes one; a cell
/// "FORMULA" is a formula with no stored value (no value type), as odfpy leaves it.
fn ods(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut body = String::new();
    for (name, rows) in sheets {
        body.push_str(&format!("<table:table table:name=\"{name}\">"));
        for row in rows.iter() {
            body.push_str("<table:table-row>");
            for cell in row.iter() {
                match *cell {
                    "" => body.push_str("<table:table-cell/>"),
                    "FORMULA" => body.push_str(
                        "<table:table-cell table:formula=\"of:=&quot;3&quot;\"><text:p/></table:table-cell>",
                    ),
                    text => body.push_str(&format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
                    )),
                }
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_ods_exempt_formula_with_no_stored_value_keeps_its_paper_exempt() {
    let dir = project();
    let d = dir.path();
    let f = |name: &str| d.join(FOLDER).join(name);
    std::fs::create_dir_all(d.join(FOLDER)).unwrap();
    let meeting = ods(&[
        (
            "Meeting",
            &[
                &["Field", "Value"],
                &["Committee", "Cabinet"],
                &["Date", "4 March 2026"],
                &["Published", "20 February 2026"],
            ],
        ),
        (
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["4", "Land at Riverside", "secret.xlsx", "FORMULA"],
                &["5", "Budget monitoring", "public.xlsx", ""],
            ],
        ),
    ]);
    std::fs::write(f("meeting.ods"), meeting).unwrap();
    secret(None).write(&f("secret.xlsx"));
    public_paper().write(&f("public.xlsx"));
    let build = papers(d, &["build", "--message-format", "json"]);
    let all = printed(&build);
    assert_eq!(build.status.code(), Some(1), "{all}");
    assert_eq!(finding(&all, "bad-value", "D2").len(), 1, "{all}");
    assert!(
        d.join("output/2026-03-04-cabinet/public.pdf").is_file(),
        "{all}"
    );
    assert_nothing_public(d, &all, "ods");
}
