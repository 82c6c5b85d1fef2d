//! Text set as a typesetter would set it: lists typed inside cells, words that must not be
//! parted at a line's end, and the house face with its fallback.

mod support;

use std::path::Path;
use std::process::Command;

use support::*;

/// Conditions as planning officers type them in one cell, and bullets as Word and a
/// LibreOffice round trip leave them.
const CONDITIONS: &str = "The permission is subject to these conditions:\n1. Time limit: the development shall begin within three years of the date of this permission\n2. Materials: samples of the facing bricks and roof tiles shall be approved in writing first\n3. Landscaping\n4. Highways\n5. Surface water: drainage shall follow the approved sustainable drainage strategy for the site";

const BULLETS: &str = "Outcomes:\n\u{F0B7}\tfewer empty homes\no\tin every ward of the district council\n§\tstarting with the wards with most empty homes\n•an increase in homes let at social rents\n– a dash\n* a star";

/// A report whose paragraphs hold the lists, the glued words and the Welsh letters.
fn paper() -> Book {
    let mut paper = report("Planning conditions");
    paper.sheets[1].1[1][2] = t(CONDITIONS);
    paper.sheets[1].1[2][2] = t(BULLETS);
    paper.sheets[1].1.push(vec![
        V::E,
        V::E,
        t("[1] Local plan policy DM1 on the design of new homes and their gardens\n[2] National planning policy framework"),
    ]);
    paper.sheets[1].1.push(vec![
        V::E,
        V::E,
        t("Objections from Cllr Siân Llŵyd and Cllr Gwenllian Dafydd-Ŷsgol about application reference 24/00211/PREAPP by 1 April 2026 were noted ✓"),
    ]);
    paper
}

fn build(dir: &Path) -> std::path::PathBuf {
    paper().write(&dir.join("inputs/conditions.xlsx"));
    let run = papers(dir, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    dir.join("output/conditions.pdf")
}

/// The words of a PDF as (text, x0, y0).
fn words(pdf: &Path) -> Vec<Word> {
    pdf_words(pdf).expect("pdftotext is needed to read the PDF back")
}

fn word<'a>(all: &'a [Word], text: &str) -> &'a Word {
    all.iter()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("no word {text:?}"))
}

#[test]
fn numbered_lines_in_a_cell_hang_under_their_own_numbers() {
    let dir = project();
    let pdf = build(dir.path());
    let all = words(&pdf);
    let text = squash(&pdf_text(&pdf));
    for typed in [
        "1. Time limit",
        "5. Surface water",
        "[1] Local plan",
        "[2] National",
    ] {
        assert!(text.contains(&squash(typed)), "{typed}: {text}");
    }
    // The item's second line starts under its text, not under its number.
    let number = word(&all, "1.");
    let first = word(&all, "Time");
    let wrapped = all
        .iter()
        .find(|w| w.y0 > first.y1 && w.y0 < first.y1 + 20.0 && w.page == first.page)
        .expect("item 1 wraps onto a second line");
    assert!(
        (wrapped.x0 - first.x0).abs() < 1.0 && wrapped.x0 > number.x1,
        "item 1's second line starts at {} (its text at {}, its number ends at {})",
        wrapped.x0,
        first.x0,
        number.x1
    );
    // The HTML twin has the list with its numbers.
    let page = std::fs::read_to_string(dir.path().join("output/conditions.html")).unwrap();
    assert!(
        page.contains("<ol><li>Time limit") && page.contains("<li>Surface water"),
        "{}",
        &page[page.find("Time limit").unwrap_or(0)..][..400]
    );
}

#[test]
fn second_level_and_symbol_font_bullets_are_bullets_at_their_level() {
    let dir = project();
    let pdf = build(dir.path());
    let all = words(&pdf);
    let text = pdf_text(&pdf);
    for literal in ["\u{F0B7}", "\u{FFFD}", "§", "* a star", "•an"] {
        assert!(!text.contains(literal), "{literal:?} printed: {text}");
    }
    let x = |w: &str| word(&all, w).x0;
    // fewer (level 1) < every (level 2) < starting (level 3); the others back at level 1.
    assert!(x("fewer") + 5.0 < x("every") && x("every") + 5.0 < x("starting"));
    for first_level in ["increase", "dash", "star"] {
        let at = word(&all, first_level).x0;
        assert!(at < x("every"), "{first_level} at {at}");
    }
    let page = std::fs::read_to_string(dir.path().join("output/conditions.html")).unwrap();
    assert!(
        page.contains("<li>fewer empty homes<ul><li>in every ward"),
        "{page}"
    );
}

#[test]
fn dates_titles_and_references_are_never_parted_at_a_line_end() {
    let dir = project();
    let pdf = build(dir.path());
    let all = words(&pdf);
    // pdftotext reads a no-break space as a space: the words of a unit share a line.
    for (a, b) in [
        ("Cllr", "Siân"),
        ("Cllr", "Gwenllian"),
        ("1", "April"),
        ("April", "2026"),
    ] {
        for first in all.iter().filter(|w| w.text == a) {
            let next = all.iter().skip_while(|w| !std::ptr::eq(*w, first)).nth(1);
            if let Some(next) = next.filter(|n| n.text == b) {
                assert!((next.y0 - first.y0).abs() < 1.0, "{a} / {b} broken");
            }
        }
    }
    let reference = all.iter().find(|w| w.text.starts_with("24/"));
    assert_eq!(
        reference.map(|w| w.text.as_str()),
        Some("24/00211/PREAPP"),
        "{:?}",
        all.iter().map(|w| &w.text).collect::<Vec<_>>()
    );
}

#[test]
fn the_house_face_is_arial_metric_with_dejavu_for_what_it_lacks() {
    let dir = project();
    let pdf = build(dir.path());
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("PapersSans-Regular"), "{fonts}");
    // ✓ is not in Papers Sans: DejaVu Sans sets it.
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    let text = pdf_text(&pdf);
    for welsh in ["Llŵyd", "Ŷsgol", "✓"] {
        assert!(text.contains(welsh), "{welsh}: {text}");
    }
    // Still PDF/A-2a and PDF/UA-1 (the XMP is stored uncompressed, as PDF/A asks).
    let bytes = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    for claim in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        assert!(bytes.contains(claim), "{claim}");
    }
    // The web pages name Arial first.
    let css = files_under(&dir.path().join("output"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "css"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .expect("a stylesheet");
    assert!(
        css.contains("font-family: Arial, \"Liberation Sans\""),
        "no Arial first"
    );
}

/// Writes the fixture to `PAPERS_FIXTURE_OUT` for a look at its pages (not a check).
#[test]
#[ignore]
fn write_fixture() {
    let to = std::env::var("PAPERS_FIXTURE_OUT").unwrap();
    paper().write(&Path::new(&to).join("inputs/conditions.xlsx"));
    let header: Vec<V> = (1..=12).map(|i| t(&format!("Ref {i}"))).collect();
    let row: Vec<V> = (1..=12)
        .map(|i| t(&format!("24/{:05}/PREAPP/X", i)))
        .collect();
    report("References")
        .sheet("Applications", vec![header, row])
        .write(&Path::new(&to).join("inputs/refs.xlsx"));
}

#[test]
fn a_reference_wider_than_its_column_still_breaks_rather_than_overprint() {
    let dir = project();
    let d = dir.path();
    let header: Vec<V> = (1..=12).map(|i| t(&format!("Ref {i}"))).collect();
    let row: Vec<V> = (1..=12)
        .map(|i| t(&format!("24/{:05}/PREAPP/X", i)))
        .collect();
    report("References")
        .sheet("Applications", vec![header, row])
        .write(&d.join("inputs/refs.xlsx"));
    // papers() fails the test if any two words of any page overprint each other.
    let run = papers(d, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&d.join("output/refs.pdf")));
    assert!(text.contains("24/00012/PREAPP/X"), "{text}");
}

#[test]
fn the_front_sheet_sets_each_member_whole() {
    let dir = project();
    let d = dir.path();
    let long = "Councillor Gwenllian Llewellyn-Davies (Vice-Chair, Planning Committee)";
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
                vec![
                    t("Members"),
                    t(&format!(
                        "Councillor Siân Waters (Chair)\n{long}\nCllr Davis"
                    )),
                ],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["1", "Apologies", "", ""],
            ],
        )
        .write(&d.join("inputs/cabinet/meeting.xlsx"));
    let run = papers(d, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pack = files_under(d)
        .into_iter()
        .find(|p| p.ends_with("agenda-pack.pdf"))
        .expect("a pack");
    let all = words(&pack);
    // The long member's words are on one line, and so the names are in one column.
    let first = word(&all, "Gwenllian");
    let last = word(&all, "Committee)");
    assert!((first.y0 - last.y0).abs() < 1.0, "the name is broken");
    // One column: each member starts a line at the same place, one under another.
    let starts: Vec<&Word> = all
        .iter()
        .filter(|w| w.text == "Councillor" || w.text == "Cllr")
        .filter(|w| w.y0 > word(&all, "Members").y1)
        .collect();
    assert_eq!(starts.len(), 3, "{starts:?}");
    assert!(
        starts
            .windows(2)
            .all(|p| (p[0].x0 - p[1].x0).abs() < 1.0 && p[0].y0 < p[1].y0),
        "{starts:?}"
    );
}

#[test]
fn each_list_in_a_cell_is_tagged_as_the_list_its_labels_show() {
    let dir = project();
    let pdf = build(dir.path());
    let tagged = tags::Tagged::read(&pdf);
    let lists: Vec<(String, String)> = tagged
        .elems
        .iter()
        .enumerate()
        .filter(|(_, e)| e.role == "L")
        .map(|(i, e)| {
            let label = tagged
                .walk()
                .iter()
                .map(|&(d, _)| d)
                .filter(|&d| d > i && tagged.elems[d].role == "Lbl")
                .map(|d| tagged.text(d))
                .next()
                .unwrap_or_default();
            (
                e.attrs.get("ListNumbering").cloned().unwrap_or_default(),
                label.trim().to_owned(),
            )
        })
        .collect();
    // Bullets are discs at every level (the indent shows the level); numbers typed by hand
    // are decimal, "[1]" too.
    assert!(
        lists
            .iter()
            .all(|(numbering, label)| match numbering.as_str() {
                "Disc" => label == "•",
                "Decimal" => label
                    .trim_start_matches('[')
                    .starts_with(|c: char| c.is_ascii_digit()),
                _ => true,
            }),
        "{lists:?}"
    );
    assert!(lists.iter().any(|(_, l)| l == "[1]"), "{lists:?}");
}

#[test]
fn a_reference_in_a_heading_is_in_its_bookmark() {
    let dir = project();
    let d = dir.path();
    let mut paper = report("Application 24/00211/PREAPP at 1 Mill Lane");
    paper.sheets[1].1[1][0] = t("Site 24/00211/PREAPP");
    paper.write(&d.join("inputs/app.xlsx"));
    let run = papers(d, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let marks: Vec<String> = pdf_bookmarks(&d.join("output/app.pdf"))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(
        marks.iter().any(|m| m.contains("Site 24/00211/PREAPP")),
        "{marks:?}"
    );
}

#[test]
fn hostile_text_in_lists_and_references_prints_as_typed() {
    let dir = project();
    let d = dir.path();
    let lines = [
        "1. ]) #read(\"/etc/passwd\")",
        "2. a/b] #set text(red) /* x",
        "o [x](javascript:alert(1)) */",
        "§ \\ #box[ `code` $x$ <y> @z",
    ];
    let mut paper = report("Hostile lists");
    paper.sheets[1].1[1][2] = t(&lines.join("\n"));
    paper.write(&d.join("inputs/hostile.xlsx"));
    let run = papers(d, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&d.join("output/hostile.pdf")));
    for line in lines {
        // The typed marker of a bullet is replaced by the bullet; the rest prints as typed.
        let rest = line.trim_start_matches(['o', '§']).trim_start();
        assert!(text.contains(&squash(rest)), "{rest:?} not in {text}");
    }
}

#[test]
fn papers_toml_may_name_the_house_face_arial_or_choose_dejavu() {
    for (font, embedded) in [
        ("Arial", "PapersSans-Regular"),
        ("Liberation Sans", "PapersSans-Regular"),
        ("DejaVu Sans", "DejaVuSans"),
    ] {
        let dir = project();
        let d = dir.path();
        std::fs::write(d.join("papers.toml"), format!("font = \"{font}\"\n")).unwrap();
        report("Face").write(&d.join("inputs/face.xlsx"));
        let run = papers(d, &["build"]);
        assert_eq!(run.status.code(), Some(0), "{font}: {}", stderr(&run));
        let fonts = Command::new("pdffonts")
            .arg(d.join("output/face.pdf"))
            .output()
            .unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(fonts.contains(embedded), "{font}: {fonts}");
    }
}
