//! A meeting's life, as a clerk and the scheduled job work it: the folder changes between
//! builds (drafts, publication, slips, a revised paper, a late report, stray copies, a
//! renamed meeting workbook, a forced rebuild a month later), and after every step what the
//! public can see (everything under `output/`) is checked: what is published stays
//! published byte for byte, nothing exempt or stray is public, and supplements carry what
//! changed with their own date.

mod support;

use std::path::{Path, PathBuf};

use support::*;

const FOLDER: &str = "inputs/2027-01-14-cabinet";
const MARKER: &str = "MARKER-OSPREY-4417";

/// The Meeting sheet's rows: a Cabinet on Thursday 14 January 2027, with `extra` fields.
fn meeting(extra: &[(&str, V)], agenda: &[&[&str]]) -> Book {
    let mut fields = vec![
        vec![t("Field"), t("Value")],
        vec![t("Committee"), t("Cabinet")],
        vec![t("Date"), V::D(2027, 1, 14)],
        vec![t("Time"), t("5.30pm")],
        vec![t("End time"), t("7.30pm")],
        vec![t("Venue"), t("Council Chamber")],
        vec![t("Council"), t("Borough of Testham")],
    ];
    for (f, v) in extra {
        fields.push(vec![t(f), v.clone()]);
    }
    let mut rows: Vec<&[&str]> = vec![&[
        "Item",
        "Title",
        "Report",
        "Exempt",
        "To follow",
        "Withdrawn",
    ]];
    rows.extend_from_slice(agenda);
    Book::new()
        .sheet("Meeting", fields)
        .text_sheet("Agenda", &rows)
}

/// A public paper for item `item` whose text is `text`.
fn paper(title: &str, item: &str, text: &str) -> Book {
    Book::new()
        .cover(&[
            ("Title", title),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2027-01-14"),
            ("Item", item),
            ("Key decision", "No"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", text],
            ],
        )
}

/// The exempt paper: its title and text carry the marker; exempt on the agenda only.
fn secret() -> Book {
    paper(
        &format!("Disposal of the depot {MARKER}"),
        "2",
        &format!("The price offered is {MARKER} pounds."),
    )
}

fn path(dir: &Path, name: &str) -> PathBuf {
    dir.join(FOLDER).join(name)
}

fn build(dir: &Path, today: &str, extra: &[&str]) -> (std::process::Output, String) {
    let mut args = vec!["build", "--today", today];
    args.extend_from_slice(extra);
    let out = papers(dir, &args);
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    (out, printed)
}

/// No byte under output/ (raw or as PDF text) and nothing printed holds the marker.
fn assert_nothing_exempt_public(dir: &Path, printed: &str) {
    assert_marker_not_public(dir, MARKER, printed, "lifecycle");
}

fn public_pdfs(dir: &Path) -> Vec<String> {
    pdfs_under(&dir.join("output"))
        .iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn read(dir: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const PACK: &str = "output/2027-01-14-cabinet/agenda-pack.pdf";
const BUDGET: &str = "output/2027-01-14-cabinet/budget.pdf";

/// The agenda: the budget, the exempt depot, and a report to follow.
fn agenda_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["1", "Budget monitoring", "budget.xlsx", "", "", ""],
        vec!["2", "Disposal of land", "depot.xlsx", "3", "", ""],
        vec!["3", "Leisure contract", "to follow", "", "", ""],
    ]
}

fn write_meeting(dir: &Path, extra: &[(&str, V)], rows: &[Vec<&str>]) {
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    meeting(extra, &rows).write(&path(dir, "meeting.xlsx"));
}

#[test]
fn a_meeting_is_drafted_published_once_supplemented_and_never_taken_down() {
    let dir = project();
    let d = dir.path();
    let published = [("Published", V::D(2027, 1, 6))];
    write_meeting(d, &published, &agenda_rows());
    paper("Budget monitoring", "1", "The forecast is balanced.").write(&path(d, "budget.xlsx"));
    secret().write(&path(d, "depot.xlsx"));

    // 1. Drafts: before the date of publication nothing of the meeting is in output/.
    let (out, printed) = build(d, "2027-01-02", &[]);
    assert!(out.status.success(), "{printed}");
    assert!(public_pdfs(d).is_empty(), "{:?}", public_pdfs(d));
    assert!(d.join("drafts/2027-01-14-cabinet/budget.pdf").is_file());
    assert!(
        d.join("drafts/2027-01-14-cabinet/agenda-pack.pdf")
            .is_file()
    );
    let index = String::from_utf8(read(d, "output/index.html")).unwrap();
    assert!(index.contains("Agenda not yet published"), "{index}");
    assert!(!d.join("output/2027-01-14-cabinet/index.html").exists());
    assert_nothing_exempt_public(d, &printed);

    // 2. Publication: on the day, the pack and the public paper reach output/.
    let (out, printed) = build(d, "2027-01-06", &[]);
    assert!(out.status.success(), "{printed}");
    let pack = read(d, PACK);
    let budget = read(d, BUDGET);
    let text = squash(&pdf_text(&d.join(PACK)));
    assert!(
        text.contains(&squash("Date of publication 6 January 2027")),
        "{text}"
    );
    assert!(text.contains(&squash("Report to follow")), "{text}");
    assert!(
        !d.join("drafts/2027-01-14-cabinet/budget.pdf").exists(),
        "the draft is swept"
    );
    let page = String::from_utf8(read(d, "output/2027-01-14-cabinet/index.html")).unwrap();
    assert!(
        page.contains("Report to follow"),
        "the page says what the PDF says"
    );
    assert_nothing_exempt_public(d, &printed);

    // 3. A slip in the paper after publication: an error, and nothing published changes.
    let mut slip = paper("Budget monitoring", "1", "The forecast is balanced.");
    slip.sheets[0].1[5][1] = t("Yse");
    slip.write(&path(d, "budget.xlsx"));
    let (out, printed) = build(d, "2027-01-07", &[]);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("published-kept"), "{printed}");
    assert_eq!(read(d, PACK), pack, "the published pack is never rewritten");
    assert_eq!(read(d, BUDGET), budget, "the published paper is kept");
    assert!(d.join("output/2027-01-14-cabinet/index.html").is_file());
    assert!(d.join("output/2027-01-14-cabinet/budget.html").is_file());

    // 4. A revised paper before the meeting: the next supplement, with its own date.
    paper(
        "Budget monitoring",
        "1",
        "REVISED-FORECAST shows an overspend.",
    )
    .write(&path(d, "budget.xlsx"));
    let (out, printed) = build(d, "2027-01-08", &[]);
    assert!(out.status.success(), "{printed}");
    assert_eq!(read(d, PACK), pack);
    let supplement = d.join("output/2027-01-14-cabinet/supplement-1.pdf");
    assert!(
        supplement.is_file(),
        "{printed}\n{}\n{}",
        String::from_utf8_lossy(&read(d, "exempt/ledger.json")),
        String::from_utf8_lossy(&read(d, "output/manifest.json"))
    );
    let text = squash(&pdf_text(&supplement));
    for want in [
        "Supplement 1",
        "Date of publication 8 January 2027",
        "REVISED-FORECAST",
    ] {
        assert!(text.contains(&squash(want)), "{want}: {text}");
    }
    assert!(squash(&pdf_text(&d.join(BUDGET))).contains("REVISED-FORECAST"));
    assert!(squash(&pdf_text(&d.join(BUDGET))).contains(&squash("published in Supplement 1")));
    assert_eq!(
        read(d, "output/2027-01-14-cabinet/budget.v1.pdf"),
        budget,
        "the version it replaces stays available"
    );
    let page = String::from_utf8(read(d, "output/2027-01-14-cabinet/index.html")).unwrap();
    assert!(
        page.contains("Supplement 1") && page.contains("8 January 2027"),
        "{page}"
    );
    let supplement_bytes = std::fs::read(&supplement).unwrap();

    // 5. The report to follow arrives: Supplement 2.
    paper("Leisure contract", "3", "LATE-REPORT text.").write(&path(d, "leisure.xlsx"));
    let mut rows = agenda_rows();
    rows[2] = vec!["3", "Leisure contract", "leisure.xlsx", "", "Yes", ""];
    write_meeting(d, &published, &rows);
    let (out, printed) = build(d, "2027-01-09", &[]);
    assert!(out.status.success(), "{printed}");
    let second = d.join("output/2027-01-14-cabinet/supplement-2.pdf");
    let text = squash(&pdf_text(&second));
    assert!(
        text.contains("LATE-REPORT") && text.contains(&squash("9 January 2027")),
        "{text}"
    );
    assert!(
        !text.contains("REVISED-FORECAST"),
        "only what changed since Supplement 1"
    );
    assert_eq!(read(d, PACK), pack);
    assert_eq!(std::fs::read(&supplement).unwrap(), supplement_bytes);

    // 6. A stray, edited copy of the exempt paper: checked, never published, its words
    // withheld.
    let mut copy = secret();
    copy.sheets[1].1[1][2] = t(&format!("The price offered is now {MARKER}."));
    copy.write(&path(d, "depot (conflicted copy).xlsx"));
    let (out, printed) = build(d, "2027-01-10", &[]);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("not-on-agenda"), "{printed}");
    assert!(
        printed.contains("looks like a copy of depot.xlsx"),
        "{printed}"
    );
    assert_nothing_exempt_public(d, &printed);
    std::fs::remove_file(path(d, "depot (conflicted copy).xlsx")).unwrap();

    // 7. A month later, forced, with another house style: the record does not change.
    let before: Vec<(String, Vec<u8>)> = public_pdfs(d)
        .into_iter()
        .map(|p| (p.clone(), read(d, &p)))
        .collect();
    std::fs::write(d.join("papers.toml"), "accent = \"#6b2c91\"\n").unwrap();
    let (_, printed) = build(d, "2027-02-14", &["--force"]);
    for (p, bytes) in &before {
        assert_eq!(&read(d, p), bytes, "{p} changed");
    }
    assert_nothing_exempt_public(d, &printed);

    // 8. Changed after the meeting: refused, the record kept.
    paper("Budget monitoring", "1", "AFTER-THE-EVENT text.").write(&path(d, "budget.xlsx"));
    let (out, printed) = build(d, "2027-02-15", &[]);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("changed-after-meeting"), "{printed}");
    for (p, bytes) in &before {
        assert_eq!(&read(d, p), bytes, "{p} changed");
    }
}

#[test]
fn an_exemption_once_known_survives_a_deleted_row_a_renamed_meeting_and_a_copy() {
    let dir = project();
    let d = dir.path();
    let published = [("Published", V::D(2027, 1, 6))];
    write_meeting(d, &published, &agenda_rows()[..2]);
    paper("Budget monitoring", "1", "The forecast is balanced.").write(&path(d, "budget.xlsx"));
    secret().write(&path(d, "depot.xlsx"));
    let (out, printed) = build(d, "2027-01-06", &[]);
    assert!(out.status.success(), "{printed}");
    assert!(d.join("exempt/2027-01-14-cabinet/depot.pdf").is_file());

    // The item is deferred: its row deleted.
    write_meeting(d, &published, &agenda_rows()[..1]);
    let (_, printed) = build(d, "2027-01-07", &[]);
    assert_nothing_exempt_public(d, &printed);

    // The meeting workbook renamed by a browser download.
    write_meeting(d, &published, &agenda_rows()[..2]);
    std::fs::rename(path(d, "meeting.xlsx"), path(d, "meeting (1).xlsx")).unwrap();
    let (out, printed) = build(d, "2027-01-07", &[]);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("exempt-unknown"), "{printed}");
    assert_nothing_exempt_public(d, &printed);
    assert!(d.join(PACK).is_file(), "the published pack stays");
    assert!(d.join(BUDGET).is_file(), "the published paper stays");
    std::fs::rename(path(d, "meeting (1).xlsx"), path(d, "meeting.xlsx")).unwrap();

    // A copy under another name, in another folder, as a standalone document.
    std::fs::copy(
        path(d, "depot.xlsx"),
        d.join("inputs/notes-for-members.xlsx"),
    )
    .unwrap();
    let (_, printed) = build(d, "2027-01-08", &[]);
    // Held (remembered), or routed to the exempt tree as the same bytes as an exempt paper.
    assert!(
        printed.contains("exempt-remembered") || printed.contains("exempt-elsewhere"),
        "{printed}"
    );
    assert_nothing_exempt_public(d, &printed);
    std::fs::remove_file(d.join("inputs/notes-for-members.xlsx")).unwrap();

    // The same text saved again under another name and title? Its title is remembered.
    let mut retitled = secret();
    retitled.sheets[1].1[1][2] = t("Nothing secret here.");
    retitled.write(&d.join("inputs/depot-summary-final.xlsx"));
    let (_, printed) = build(d, "2027-01-08", &[]);
    assert_nothing_exempt_public(d, &printed);
    std::fs::remove_file(d.join("inputs/depot-summary-final.xlsx")).unwrap();

    // The exempt workbook renamed: its agenda row names no workbook now, so no paper of the
    // meeting can be known to be public; what was published stays, and nothing exempt is.
    std::fs::rename(path(d, "depot.xlsx"), path(d, "depot-final.xlsx")).unwrap();
    let (out, printed) = build(d, "2027-01-08", &[]);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert_nothing_exempt_public(d, &printed);
    for p in [
        PACK,
        BUDGET,
        "output/2027-01-14-cabinet/index.html",
        "output/index.html",
    ] {
        assert!(d.join(p).is_file(), "{p} was taken down");
    }
    std::fs::rename(path(d, "depot-final.xlsx"), path(d, "depot.xlsx")).unwrap();

    // The clerk releases it: its own agenda row, Exempt blank. Only then is it public.
    let mut rows = agenda_rows();
    rows[1][3] = "";
    write_meeting(d, &published, &rows[..2]);
    let (out, printed) = build(d, "2027-01-09", &[]);
    assert!(out.status.success(), "{printed}");
    assert!(d.join("output/2027-01-14-cabinet/depot.pdf").is_file());
}

#[test]
fn the_agenda_is_authoritative_and_a_withdrawn_item_is_said_so_not_removed() {
    let dir = project();
    let d = dir.path();
    let published = [("Published", V::D(2027, 1, 6))];
    let rows = vec![
        vec!["1", "Budget monitoring", "budget.xlsx", "", "", ""],
        vec!["3", "Parking charges", "parking.xlsx", "", "", ""],
    ];
    write_meeting(d, &published, &rows);
    paper("Budget monitoring", "1", "The forecast is balanced.").write(&path(d, "budget.xlsx"));
    // Its Cover says item 7 and a meeting in 2026.
    let mut wrong = paper("Parking charges", "7", "Charges rise.");
    wrong.sheets[0].1[3][1] = V::D(2026, 1, 14);
    wrong.write(&path(d, "parking.xlsx"));
    let (out, printed) = build(d, "2027-01-06", &[]);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("item-mismatch") && printed.contains("date-mismatch"),
        "{printed}"
    );
    assert!(!d.join("output/2027-01-14-cabinet/parking.pdf").exists());

    // Fixed: it goes out; then withdrawn: said so, kept.
    paper("Parking charges", "3", "Charges rise.").write(&path(d, "parking.xlsx"));
    let (out, printed) = build(d, "2027-01-06", &[]);
    assert!(out.status.success(), "{printed}");
    let pack = read(d, PACK);
    let parking = read(d, "output/2027-01-14-cabinet/parking.pdf");
    let mut rows = rows.clone();
    rows[1][5] = "Yes";
    write_meeting(d, &published, &rows);
    let (out, printed) = build(d, "2027-01-08", &[]);
    assert!(out.status.success(), "{printed}");
    assert_eq!(read(d, PACK), pack);
    assert_eq!(read(d, "output/2027-01-14-cabinet/parking.pdf"), parking);
    let supplement = squash(&pdf_text(
        &d.join("output/2027-01-14-cabinet/supplement-1.pdf"),
    ));
    assert!(supplement.contains("Withdrawn"), "{supplement}");
    let page = String::from_utf8(read(d, "output/2027-01-14-cabinet/index.html")).unwrap();
    assert!(page.contains("Withdrawn."), "{page}");
}

#[test]
fn a_cancelled_meeting_says_so_on_its_page_the_index_and_the_calendar() {
    let dir = project();
    let d = dir.path();
    let rows = vec![vec!["1", "Budget monitoring", "budget.xlsx", "", "", ""]];
    write_meeting(d, &[("Published", V::D(2027, 1, 6))], &rows);
    paper("Budget monitoring", "1", "The forecast is balanced.").write(&path(d, "budget.xlsx"));
    let (out, printed) = build(d, "2027-01-06", &[]);
    assert!(out.status.success(), "{printed}");
    write_meeting(
        d,
        &[("Published", V::D(2027, 1, 6)), ("Status", t("Cancelled"))],
        &rows,
    );
    let (out, printed) = build(d, "2027-01-08", &[]);
    assert!(out.status.success(), "{printed}");
    let page = String::from_utf8(read(d, "output/2027-01-14-cabinet/index.html")).unwrap();
    assert!(page.contains("Cancelled."), "{page}");
    // The page carries the meeting as schema.org Event JSON-LD, with its status.
    let ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .unwrap_or_else(|| panic!("no JSON-LD in {page}"));
    let event: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["startDate"], "2027-01-14T17:30");
    assert_eq!(event["eventStatus"], "https://schema.org/EventCancelled");
    assert_eq!(event["location"]["name"], "Council Chamber");
    let index = String::from_utf8(read(d, "output/index.html")).unwrap();
    assert!(index.contains("Cancelled"), "{index}");
    let ics = String::from_utf8(read(d, "output/meetings.ics")).unwrap();
    assert!(
        ics.contains("STATUS:CANCELLED") && ics.contains("SEQUENCE:1"),
        "{ics}"
    );
    // A status outside the vocabulary is named at its cell.
    write_meeting(
        d,
        &[("Published", V::D(2027, 1, 6)), ("Status", t("Canceled!"))],
        &rows,
    );
    let (out, printed) = build(d, "2027-01-08", &[]);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("Status") && printed.contains("Cancelled"),
        "{printed}"
    );
    assert!(d.join(PACK).is_file());
}

#[test]
fn a_build_of_one_workbook_keeps_the_site_and_the_published_record() {
    let dir = project();
    let d = dir.path();
    let rows = vec![vec!["1", "Budget monitoring", "budget.xlsx", "", "", ""]];
    write_meeting(d, &[("Published", V::D(2027, 1, 6))], &rows);
    paper("Budget monitoring", "1", "The forecast is balanced.").write(&path(d, "budget.xlsx"));
    paper("Parks strategy", "", "Trees.").write(&d.join("inputs/parks.xlsx"));
    let (out, printed) = build(d, "2027-01-06", &[]);
    assert!(out.status.success(), "{printed}");
    let site = [
        "output/index.html",
        "output/forward-plan.html",
        "output/meetings.ics",
    ];
    let before: Vec<Vec<u8>> = site.iter().map(|p| read(d, p)).collect();
    paper("Parks strategy", "", "More trees.").write(&d.join("inputs/parks.xlsx"));
    let (out, printed) = build(d, "2027-01-07", &["inputs/parks.xlsx"]);
    assert!(out.status.success(), "{printed}");
    assert!(!printed.contains("published-kept"), "{printed}");
    for (p, bytes) in site.iter().zip(&before) {
        assert_eq!(&read(d, p), bytes, "{p} was not kept as it was");
    }
    for p in [PACK, BUDGET, "output/2027-01-14-cabinet/index.html"] {
        assert!(d.join(p).is_file(), "{p}");
    }
}

#[test]
fn the_record_holds_when_the_exempt_tree_and_its_ledger_are_lost() {
    let dir = project();
    let d = dir.path();
    let rows = vec![vec!["1", "Budget monitoring", "budget.xlsx", "", "", ""]];
    write_meeting(d, &[("Published", V::D(2027, 1, 6))], &rows);
    paper("Budget monitoring", "1", "The forecast is balanced.").write(&path(d, "budget.xlsx"));
    let (out, printed) = build(d, "2027-01-06", &[]);
    assert!(out.status.success(), "{printed}");
    let (pack, budget) = (read(d, PACK), read(d, BUDGET));
    std::fs::remove_dir_all(d.join("exempt")).unwrap();
    // A slip, and a forced build: the public manifest still says what was published.
    let mut slip = paper("Budget monitoring", "1", "The forecast is balanced.");
    slip.sheets[0].1[5][1] = t("Yse");
    slip.write(&path(d, "budget.xlsx"));
    let (out, printed) = build(d, "2027-01-07", &["--force"]);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert_eq!(read(d, PACK), pack);
    assert_eq!(read(d, BUDGET), budget);
}
