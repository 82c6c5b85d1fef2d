//! Meeting folders through the real binary: the agenda pack as one document made of its
//! papers' own pages, exempt papers kept apart, archival and accessible PDFs, reproducible
//! bytes, and the archive.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use lopdf::{Document, Object, ObjectId};
use support::*;

/// Words that appear only inside exempt papers; no public file may hold them.
const MARKERS: &[&str] = &[
    "ZEBRA-QUARTZ-4417",
    "Secret cover title of the land deal",
    "Cover-exempt heading ORCHID",
];

const FOLDER: &str = "inputs/2026-03-04-cabinet";
const OUT: &str = "output/2026-03-04-cabinet";
/// The meeting's folder in the exempt tree, outside output/.
const EX: &str = "exempt/2026-03-04-cabinet";
/// The meeting's folder in the drafts tree, while its agenda is not published.
const DR: &str = "drafts/2026-03-04-cabinet";

/// A meeting workbook with the given agenda rows (Item, Title, Report, Exempt), its agenda
/// published on 20 February 2026.
fn meeting(agenda: &[[&str; 4]]) -> Book {
    meeting_with(agenda, true)
}

/// The same meeting as a draft: no Published date, so it is built into drafts/.
fn draft_meeting(agenda: &[[&str; 4]]) -> Book {
    meeting_with(agenda, false)
}

fn meeting_with(agenda: &[[&str; 4]], published: bool) -> Book {
    let mut rows: Vec<&[&str]> = vec![&["Item", "Title", "Report", "Exempt"]];
    rows.extend(agenda.iter().map(|r| r.as_slice()));
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
                vec![t("Time"), t("5.30pm")],
                vec![t("Venue"), t("Mancroft room, City Hall")],
                vec![
                    t("Members"),
                    t("Waters (chair)\nHarris (vice chair)\nDavis"),
                ],
                vec![
                    t("Contact"),
                    t("Jessica Hall, democratic services, 01603 212459"),
                ],
                vec![t("Council"), t("Borough of Testham")],
                vec![t("Published"), V::D(2026, 2, 20)],
            ]
            .into_iter()
            .filter(|row| published || !matches!(&row[0], V::T(f) if f == "Published"))
            .collect(),
        )
        .text_sheet("Agenda", &rows)
}

/// A committee report on item `item` with `paragraphs` numbered paragraphs of `text`.
fn paper(title: &str, item: &str, text: &str, paragraphs: usize, exempt: Option<&str>) -> Book {
    let mut cover = vec![
        ("Title", title),
        ("Committee", "Cabinet"),
        ("Meeting date", "date:2026-03-04"),
        ("Item", item),
        ("Report of", "Head of strategy"),
        ("Purpose", "To decide."),
    ];
    if let Some(p) = exempt {
        cover.push(("Exempt", p));
    }
    let para = format!(
        "{text} {}",
        "The council has considered the options set out below in some detail. ".repeat(4)
    );
    let mut rows: Vec<Vec<V>> = vec![
        vec![t("Heading"), t("Subheading"), t("Text")],
        vec![t("Background"), V::E, t(text)],
    ];
    rows.extend((0..paragraphs).map(|_| vec![V::E, V::E, t(&para)]));
    Book::new().cover(&cover).sheet("Report", rows)
}

/// The fixture meeting: two public papers, one paper the agenda calls exempt and one whose
/// Cover alone says so, around items with no paper.
fn fixture(dir: &Path) {
    fixture_with(dir, true);
}

/// The fixture meeting as a draft, which each build makes afresh.
fn fixture_draft(dir: &Path) {
    fixture_with(dir, false);
}

fn fixture_with(dir: &Path, published: bool) {
    let f = |name: &str| dir.join(FOLDER).join(name);
    meeting_with(
        &[
            ["1", "Apologies", "", ""],
            ["2", "Minutes of the last meeting", "", ""],
            ["3", "Reducing inequalities action plan", "plan.xlsx", ""],
            ["4", "Disposal of land at Riverside", "land", "3"],
            ["5", "Budget monitoring", "budget.xlsx", ""],
            ["6", "Staffing matter", "staffing.xlsx", ""],
        ],
        published,
    )
    .write(&f("meeting.xlsx"));
    paper(
        "Reducing inequalities action plan",
        "3",
        "Public plan text.",
        24,
        None,
    )
    .write(&f("plan.xlsx"));
    paper(
        MARKERS[1],
        "4",
        &format!("The price is {} pounds.", MARKERS[0]),
        8,
        None,
    )
    .write(&f("land.xlsx"));
    paper("Budget monitoring", "5", "Public budget text.", 3, None).write(&f("budget.xlsx"));
    let mut staffing = paper("Staffing matter", "6", MARKERS[0], 2, Some("1"));
    staffing.sheets[1].1.push(vec![t(MARKERS[2]), V::E, V::E]);
    staffing.write(&f("staffing.xlsx"));
}

fn build(dir: &Path, args: &[&str]) -> String {
    let run = papers(dir, args);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    err
}

/// Every PDF and JSON file under `dir`, relative to it.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn load(path: &Path) -> Document {
    Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj)
}

/// Every string and every decompressed stream of a PDF, so that text Typst compresses or
/// puts in object streams (metadata, XMP, tags) can be searched.
fn decoded(doc: &Document) -> Vec<u8> {
    fn strings(obj: &Object, out: &mut Vec<u8>) {
        match obj {
            Object::String(s, _) | Object::Name(s) => {
                out.extend_from_slice(s);
                out.push(b'\n');
            }
            Object::Array(a) => a.iter().for_each(|o| strings(o, out)),
            Object::Dictionary(d) => d.iter().for_each(|(_, o)| strings(o, out)),
            Object::Stream(s) => {
                s.dict.iter().for_each(|(_, o)| strings(o, out));
                out.extend(
                    s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone()),
                );
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    doc.objects.values().for_each(|o| strings(o, &mut out));
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(u16::to_be_bytes).collect();
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
        || haystack.windows(utf16.len()).any(|w| w == utf16.as_slice())
}

/// Page number (1-based) of each page object.
fn page_numbers(doc: &Document) -> BTreeMap<ObjectId, u32> {
    doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect()
}

/// The text of each page.
fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|n| {
            // A no-break space (a date's, a title's) read as the space it shows.
            doc.extract_text(&[*n])
                .unwrap_or_default()
                .replace('\u{a0}', " ")
        })
        .collect()
}

/// The bookmarks as (depth, title, page).
fn bookmarks(doc: &Document) -> Vec<(usize, String, u32)> {
    fn walk(
        doc: &Document,
        first: Option<&Object>,
        depth: usize,
        pages: &BTreeMap<ObjectId, u32>,
        out: &mut Vec<(usize, String, u32)>,
    ) {
        let mut next = first.and_then(|o| o.as_reference().ok());
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = item
                .get(b"Title")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .unwrap_or_default();
            let dest = deref(doc, item.get(b"Dest").unwrap());
            let page = dest
                .as_array()
                .ok()
                .and_then(|a| a.first())
                .and_then(|p| p.as_reference().ok())
                .map_or(0, |p| pages[&p]);
            out.push((depth, title, page));
            walk(doc, item.get(b"First").ok(), depth + 1, pages, out);
            next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let pages = page_numbers(doc);
    let mut out = Vec::new();
    let outlines = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .ok()
        .map(|o| deref(doc, o).as_dict().unwrap().clone());
    if let Some(outlines) = outlines {
        walk(doc, outlines.get(b"First").ok(), 0, &pages, &mut out);
    }
    out
}

/// The first page (1-based) whose text holds `needle`.
fn first_page_with(texts: &[String], needle: &str) -> usize {
    texts
        .iter()
        .position(|t| squash(t).contains(&squash(needle)))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no page has {needle:?}"))
}

#[test]
fn the_agenda_pack_is_one_document_with_true_page_numbers_and_bookmarks() {
    let dir = project();
    fixture(dir.path());
    build(dir.path(), &["build"]);
    let pack = load(&dir.path().join(OUT).join("agenda-pack.pdf"));
    let texts = page_texts(&pack);

    // Front sheet.
    for want in [
        "Borough of Testham",
        "Cabinet",
        "Wednesday 4 March 2026",
        "5.30pm",
        "Mancroft room, City Hall",
        "Harris (vice chair)",
        "Jessica Hall",
    ] {
        assert!(
            texts[0].contains(want),
            "front sheet lacks {want:?}:\n{}",
            texts[0]
        );
    }
    // The agenda lists every item; each public paper's row gives the page it starts on.
    let agenda = squash(&texts[1]);
    let plan = first_page_with(&texts[2..], "Reducing inequalities action plan") + 2;
    let budget = first_page_with(&texts[2..], "Public budget text") + 2;
    assert_eq!(
        plan, 3,
        "the first paper follows the one-page front sheet and agenda"
    );
    assert!(budget > plan + 1, "the plan runs over several pages");
    for (item, title, page, next) in [
        ("3", "Reducing inequalities action plan", plan, "4 Disposal"),
        ("5", "Budget monitoring", budget, "6 Staffing"),
    ] {
        assert!(
            agenda.contains(&squash(&format!("{item}{title}{page}{next}"))),
            "agenda row {item} should give page {page}:\n{}",
            texts[1]
        );
    }
    for (item, title) in [("1", "Apologies"), ("2", "Minutes of the last meeting")] {
        assert!(
            agenda.contains(&squash(&format!("{item}{title}"))),
            "{}",
            texts[1]
        );
    }
    // Exempt items are listed, by their agenda title and paragraph only, with no page.
    assert!(agenda.contains(&squash("4Disposal of land at Riverside Exempt: not for publication under paragraph 3 of Schedule 12A")), "{}", texts[1]);
    assert!(
        agenda.contains(&squash(
            "6Staffing matter Exempt: not for publication under paragraph 1 of Schedule 12A"
        )),
        "{}",
        texts[1]
    );
    // Continuous page numbers, each paper keeping its own running header.
    let last = texts.len();
    assert!(
        texts[plan - 1].contains(&format!("Page {plan} of {last}")),
        "{}",
        texts[plan - 1]
    );
    assert!(texts[budget - 1].contains(&format!("Page {budget} of {last}")));
    assert!(
        texts[budget - 1].contains("Item 5"),
        "the paper keeps its header: {}",
        texts[budget - 1]
    );
    assert_eq!(last, budget, "only the two public papers follow the agenda");

    // One bookmark per paper at the page it starts on, its own headings nested under it.
    let marks = bookmarks(&pack);
    let top: Vec<(&str, u32)> = marks
        .iter()
        .filter(|m| m.0 == 0)
        .map(|m| (m.1.as_str(), m.2))
        .collect();
    assert_eq!(
        top,
        [
            ("Cabinet", 1),
            ("Agenda", 2),
            ("3. Reducing inequalities action plan", plan as u32),
            ("5. Budget monitoring", budget as u32)
        ]
    );
    let under_plan: Vec<&str> = marks
        .iter()
        .skip_while(|m| m.1 != "3. Reducing inequalities action plan")
        .skip(1)
        .take_while(|m| m.0 > 0)
        .map(|m| m.1.as_str())
        .collect();
    assert_eq!(under_plan, ["Purpose", "1. Background"]);

    // The papers' own PDFs are built too, in the public folder.
    for name in ["plan.pdf", "budget.pdf"] {
        assert!(dir.path().join(OUT).join(name).is_file(), "{name}");
    }
}

#[test]
fn exempt_papers_go_only_under_exempt_and_no_public_file_holds_their_content() {
    let dir = project();
    fixture(dir.path());
    let err = build(dir.path(), &["build"]);
    assert!(
        err.contains("warning[exempt-by-cover]") && err.contains("cell D7"),
        "{err}"
    );
    let all = files(&dir.path().join("output"));
    assert!(
        all.iter().all(|f| !f.contains("exempt")),
        "nothing exempt under output/: {all:?}"
    );
    assert_eq!(
        files(&dir.path().join("exempt")),
        [
            "2026-03-04-cabinet/exempt-pack.pdf",
            "2026-03-04-cabinet/land.pdf",
            "2026-03-04-cabinet/staffing.pdf",
            "ledger.json",
            "manifest.json",
        ]
    );
    for public in &all {
        let path = dir.path().join("output").join(public);
        let raw = std::fs::read(&path).unwrap();
        let mut searched = vec![raw];
        if public.ends_with(".pdf") {
            let doc = load(&path);
            searched.push(decoded(&doc));
            searched.push(pdf_text(&path).into_bytes());
        }
        for marker in MARKERS {
            for bytes in &searched {
                assert!(
                    !contains(bytes, marker),
                    "{public} holds exempt content {marker:?}"
                );
            }
        }
        assert!(
            !public.contains("land") && !public.contains("staffing"),
            "{public}"
        );
    }
    // The markers are really in the exempt files, so the search above can find them.
    let exempt_pack = dir.path().join(EX).join("exempt-pack.pdf");
    let text = pdf_text(&exempt_pack);
    for marker in MARKERS {
        assert!(
            squash(&text).contains(&squash(marker)),
            "{marker} missing from the exempt pack"
        );
    }
    assert!(
        contains(
            &decoded(&load(&dir.path().join(EX).join("land.pdf"))),
            MARKERS[1]
        ),
        "the title is in the metadata"
    );

    // The exempt pack: same layout, the banner on every page, its agenda pointing at its papers.
    let doc = load(&exempt_pack);
    let texts = page_texts(&doc);
    for (i, page) in texts.iter().enumerate() {
        assert!(
            squash(page).contains(&squash(
                "NOT FOR PUBLICATION: exempt information under paragraph"
            )),
            "page {} has no banner",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} of {}", i + 1, texts.len())),
            "{page}"
        );
    }
    assert!(
        squash(&texts[0]).contains("paragraphs1and3ofSchedule12A"),
        "{}",
        texts[0]
    );
    let land = first_page_with(&texts[2..], "The price is") + 2;
    let staffing = first_page_with(&texts[2..], MARKERS[2]) + 2;
    assert!(squash(&texts[1]).contains(&squash(&format!("Riverside Exempt: not for publication under paragraph 3 of Schedule 12A to the Local Government Act 1972.{land}"))), "{}", texts[1]);
    assert!(staffing > land);
    assert!(
        !squash(&texts[1]).contains("Reducinginequalities"),
        "public items stay out of the exempt pack"
    );

    // The paper the agenda alone calls exempt carries the banner in its own PDF too.
    assert!(
        pdf_text(&dir.path().join(EX).join("land.pdf")).contains("paragraph 3 of Schedule 12A")
    );

    // Manifests: the public one knows nothing of the exempt outputs; the exempt one lists them.
    let public: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("output/manifest.json")).unwrap())
            .unwrap();
    // The PDFs (the web pages made from them are checked in tests/html.rs).
    let paths: Vec<&str> = public["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["template"] != "html")
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            format!("{OUT}/budget.pdf"),
            format!("{OUT}/plan.pdf"),
            format!("{OUT}/agenda-pack.pdf")
        ]
    );
    let pack = &public["outputs"][2];
    assert_eq!(pack["template"], "agenda-pack");
    assert_eq!(pack["status"], "built");
    let sources: Vec<&str> = pack["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            format!("{FOLDER}/meeting.xlsx"),
            format!("{FOLDER}/plan.xlsx"),
            format!("{FOLDER}/budget.xlsx")
        ]
    );
    let sha = pack["sha256"].as_str().unwrap();
    assert_eq!(
        sha,
        papers::hash::sha256(&std::fs::read(dir.path().join(OUT).join("agenda-pack.pdf")).unwrap())
    );
    let exempt: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("exempt/manifest.json")).unwrap())
            .unwrap();
    let paths: Vec<&str> = exempt["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            format!("{EX}/land.pdf"),
            format!("{EX}/staffing.pdf"),
            format!("{EX}/exempt-pack.pdf")
        ]
    );
}

#[test]
fn every_pdf_is_pdf_a2a_and_ua1_with_title_language_author_keywords_and_meeting_date() {
    let dir = project();
    fixture(dir.path());
    build(dir.path(), &["build"]);
    let pdfs: Vec<String> = ["output", "exempt"]
        .iter()
        .flat_map(|tree| {
            files(&dir.path().join(tree))
                .into_iter()
                .filter(|f| f.ends_with(".pdf"))
                .map(move |f| format!("{tree}/{f}"))
        })
        .collect();
    assert_eq!(pdfs.len(), 6);
    for name in &pdfs {
        let doc = load(&dir.path().join(name));
        let catalog = doc.catalog().unwrap();
        assert!(
            catalog.get(b"StructTreeRoot").is_ok(),
            "{name}: no structure tree"
        );
        assert_eq!(
            catalog.get(b"Lang").unwrap().as_str().unwrap(),
            b"en-GB",
            "{name}"
        );
        let prefs = deref(&doc, catalog.get(b"ViewerPreferences").unwrap())
            .as_dict()
            .unwrap();
        assert!(
            prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap(),
            "{name}: the viewer shows the title"
        );
        let xmp = deref(&doc, catalog.get(b"Metadata").unwrap())
            .as_stream()
            .unwrap();
        let xmp = String::from_utf8_lossy(
            &xmp.decompressed_content()
                .unwrap_or_else(|_| xmp.content.clone()),
        )
        .into_owned();
        for want in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>A</pdfaid:conformance>",
            "<pdfuaid:part>1</pdfuaid:part>",
            // Dated by the agenda's publication, never by the meeting that comes after it.
            "2026-02-20",
        ] {
            assert!(xmp.contains(want), "{name}: XMP lacks {want}");
        }
        let info = deref(&doc, doc.trailer.get(b"Info").unwrap())
            .as_dict()
            .unwrap();
        let field = |k: &[u8]| {
            info.get(k)
                .ok()
                .and_then(|v| lopdf::decode_text_string(v).ok())
                .unwrap_or_default()
        };
        assert!(!field(b"Title").is_empty(), "{name}: no title");
        assert!(
            field(b"Keywords").contains("Cabinet") && field(b"Keywords").contains("4 March 2026"),
            "{name}: {}",
            field(b"Keywords")
        );
        assert!(
            field(b"CreationDate").starts_with("D:20260220"),
            "{name}: {}",
            field(b"CreationDate")
        );
        let doc_id = doc.trailer.get(b"ID").ok();
        assert!(doc_id.is_some(), "{name}: no document ID");
        if name.ends_with("agenda-pack.pdf") {
            assert_eq!(field(b"Title"), "Cabinet, 4 March 2026: agenda pack");
            assert_eq!(field(b"Author"), "Borough of Testham");
            assert!(field(b"Keywords").contains("Item 3") && field(b"Keywords").contains("Item 5"));
        }
    }
}

#[test]
fn two_builds_from_scratch_give_byte_identical_pdfs() {
    let (a, b) = (project(), project());
    fixture(a.path());
    fixture(b.path());
    build(a.path(), &["build"]);
    build(b.path(), &["build", "--jobs", "1"]);
    let pdfs = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        ["output", "exempt"]
            .iter()
            .flat_map(|tree| {
                files(&dir.join(tree))
                    .into_iter()
                    .filter(|f| f.ends_with(".pdf"))
                    .map(move |f| format!("{tree}/{f}"))
            })
            .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap()))
            .collect()
    };
    let first = pdfs(a.path());
    assert_eq!(first.len(), 6);
    assert_eq!(
        first,
        pdfs(b.path()),
        "two projects built from the same inputs differ"
    );
    std::fs::remove_dir_all(a.path().join("output")).unwrap();
    std::fs::remove_dir_all(a.path().join("exempt")).unwrap();
    build(a.path(), &["build"]);
    assert_eq!(first, pdfs(a.path()), "a rebuild from scratch differs");
    // Rebuilding over the outputs leaves the packs' bytes alone and says so.
    build(a.path(), &["build"]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("output/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        manifest["outputs"][2]["status"], "unchanged",
        "{manifest:#}"
    );
}

#[test]
fn agenda_slips_are_reported_with_sheet_and_cell_and_the_packs_are_not_built() {
    let dir = project();
    fixture_draft(dir.path());
    build(dir.path(), &["build"]);
    let pack = dir.path().join(DR).join("agenda-pack.pdf");
    let exempt_pack = dir.path().join(EX).join("exempt-pack.pdf");
    assert!(pack.is_file() && exempt_pack.is_file());

    let mut broken = draft_meeting(&[
        ["1", "Apologies", "", ""],
        ["3", "Reducing inequalities action plan", "plam.xlsx", ""],
        ["4", "Disposal of land", "land.xlsx", "Yes"],
        ["5", "Budget monitoring", "budget.xlsx", ""],
        ["6", "Budget again", "budget", ""],
        ["", "", "", ""],
        ["", "", "staffing.xlsx", ""],
    ]);
    broken.sheets[0]
        .1
        .retain(|row| !matches!(&row[0], V::T(f) if f == "Committee"));
    broken.sheets[0].1[1][1] = t("next Tuesday");
    broken.write(&dir.path().join(FOLDER).join("meeting.xlsx"));
    let run = papers(dir.path(), &["build"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    let file = format!("{FOLDER}/meeting.xlsx");
    for want in [
        format!("{file}: sheet \"Meeting\", cell A8: the meeting has no Committee"),
        format!(
            "{file}: sheet \"Meeting\", cell B2: Date: a date was expected, found \"next Tuesday\""
        ),
        format!(
            "{file}: sheet \"Agenda\", cell C3: Report: there is no workbook \"plam.xlsx\" in {FOLDER}"
        ),
        "did you mean \"plan.xlsx\"?".to_owned(),
        format!(
            "{file}: sheet \"Agenda\", cell D4: Exempt: \"Yes\" is not a paragraph of Schedule 12A"
        ),
        format!(
            "{file}: sheet \"Agenda\", cell C6: Report: budget.xlsx is already the paper of the agenda row at C5"
        ),
        format!("{file}: sheet \"Agenda\", cell A8: the agenda row has no Item number"),
    ] {
        assert!(err.contains(&want), "missing {want:?} in:\n{err}");
    }
    // One slip each: the misspelt Report is not also plan.xlsx on no agenda row, and the
    // meeting's missing Committee, bad Date and missing Item number are not also its papers'
    // disagreements with it.
    for cascade in [
        "not-on-agenda",
        "date-mismatch",
        "committee-mismatch",
        "item-mismatch",
    ] {
        assert!(!err.contains(cascade), "{cascade} in:\n{err}");
    }
    assert!(
        !pack.exists() && !exempt_pack.exists(),
        "a stale pack was left behind"
    );
    // Fail closed: the paper whose Exempt names no paragraph is built nowhere; the papers the
    // agenda clearly calls public still are.
    assert!(
        err.contains(&format!("{FOLDER}/land.xlsx")) && err.contains("error[exempt-unknown]"),
        "{err}"
    );
    assert!(
        !dir.path().join(DR).join("land.pdf").exists()
            && !dir.path().join(EX).join("land.pdf").exists()
    );
    assert!(
        dir.path().join(DR).join("budget.pdf").is_file(),
        "the public papers themselves are still built"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("drafts/manifest.json")).unwrap())
            .unwrap();
    let pack_entry = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == format!("{DR}/agenda-pack.pdf"))
        .unwrap();
    assert_eq!(pack_entry["status"], "failed");
}

#[test]
fn a_failed_paper_stops_only_the_pack_it_is_in_and_removes_its_stale_copy() {
    let dir = project();
    fixture_draft(dir.path());
    build(dir.path(), &["build"]);
    Book::new()
        .cover(&[("Title", "Budget monitoring"), ("Key decision", "Perhaps")])
        .write(&dir.path().join(FOLDER).join("budget.xlsx"));
    let run = papers(dir.path(), &["build"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{FOLDER}/meeting.xlsx: sheet \"Agenda\", cell C6: the paper of item 5 (budget.xlsx) has errors, so the agenda pack is not built")), "{err}");
    assert!(
        !dir.path().join(DR).join("agenda-pack.pdf").exists(),
        "the stale agenda pack was left"
    );
    assert!(!dir.path().join(DR).join("budget.pdf").exists());
    assert!(
        dir.path().join(EX).join("exempt-pack.pdf").is_file(),
        "the exempt pack does not hold the failed paper"
    );
}

#[test]
fn a_paper_that_becomes_exempt_leaves_no_public_pdf_behind() {
    let dir = project();
    let f = |name: &str| dir.path().join(FOLDER).join(name);
    draft_meeting(&[
        ["3", "Plan", "plan.xlsx", ""],
        ["5", "Budget", "budget.xlsx", ""],
    ])
    .write(&f("meeting.xlsx"));
    paper("Plan", "3", "Plan text.", 1, None).write(&f("plan.xlsx"));
    paper("Budget", "5", MARKERS[0], 1, None).write(&f("budget.xlsx"));
    build(dir.path(), &["build"]);
    assert!(dir.path().join(DR).join("budget.pdf").is_file());
    assert!(
        !dir.path().join(EX).exists(),
        "no exempt folder without exempt papers"
    );
    assert!(pdf_text(&dir.path().join(DR).join("agenda-pack.pdf")).contains(MARKERS[0]));

    paper("Budget", "5", MARKERS[0], 1, Some("paragraph 3")).write(&f("budget.xlsx"));
    build(dir.path(), &["build"]);
    assert!(
        !dir.path().join(DR).join("budget.pdf").exists(),
        "the old public PDF of an exempt paper was left"
    );
    assert!(dir.path().join(EX).join("budget.pdf").is_file());
    assert!(!pdf_text(&dir.path().join(DR).join("agenda-pack.pdf")).contains(MARKERS[0]));

    // And back: the exempt copies and their manifest go; nothing exempt is left.
    paper("Budget", "5", "Public again.", 1, None).write(&f("budget.xlsx"));
    build(dir.path(), &["build"]);
    assert!(dir.path().join(DR).join("budget.pdf").is_file());
    for gone in [
        format!("{EX}/budget.pdf"),
        format!("{EX}/exempt-pack.pdf"),
        "exempt/manifest.json".to_owned(),
        EX.to_owned(),
    ] {
        assert!(!dir.path().join(&gone).exists(), "{gone} was left");
    }
}

#[test]
fn the_archive_is_append_only_versions_changed_papers_and_skips_unchanged_ones() {
    let dir = project();
    let f = |name: &str| dir.path().join(FOLDER).join(name);
    meeting(&[
        ["3", "Plan", "plan.xlsx", ""],
        ["4", "Land", "land.xlsx", "3"],
    ])
    .write(&f("meeting.xlsx"));
    paper("Plan", "3", "First version.", 1, None).write(&f("plan.xlsx"));
    paper("Land", "4", "Land text.", 1, None).write(&f("land.xlsx"));
    let archive = dir.path().join("archive");
    let err = build(
        dir.path(),
        &["build", "--today", "2026-02-25", "--archive", "archive"],
    );
    assert!(err.contains("Archived 4, unchanged 0"), "{err}");
    let meeting_dir = "2026-03-04-cabinet";
    assert_eq!(
        files(&archive),
        [
            format!("{meeting_dir}/agenda-pack.pdf"),
            format!("{meeting_dir}/plan.pdf"),
            format!("exempt/{meeting_dir}/exempt-pack.pdf"),
            format!("exempt/{meeting_dir}/land.pdf"),
            "manifest.json".to_owned(),
        ]
    );
    let first_plan = std::fs::read(archive.join(meeting_dir).join("plan.pdf")).unwrap();

    let err = build(
        dir.path(),
        &["build", "--today", "2026-02-25", "--archive", "archive"],
    );
    assert!(err.contains("Archived 0, unchanged 4"), "{err}");

    paper("Plan", "3", "Second version.", 1, None).write(&f("plan.xlsx"));
    let err = build(
        dir.path(),
        &["build", "--today", "2026-02-25", "--archive", "archive"],
    );
    // Before the meeting a changed paper is a revision: its new version and the supplement
    // that publishes it are archived; the agenda pack as published is unchanged.
    assert!(err.contains("Archived 2, unchanged 3"), "{err}");
    assert_eq!(
        std::fs::read(archive.join(meeting_dir).join("plan.pdf")).unwrap(),
        first_plan,
        "an archived file was overwritten"
    );
    let second = std::fs::read(archive.join(meeting_dir).join("plan.v2.pdf")).unwrap();
    assert!(pdf_text_bytes(&second).contains("Second version."));
    assert!(archive.join(meeting_dir).join("supplement-1.pdf").is_file());
    assert!(
        !archive
            .join(meeting_dir)
            .join("agenda-pack.v2.pdf")
            .exists()
    );

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(archive.join("manifest.json")).unwrap()).unwrap();
    let entries = manifest["files"].as_array().unwrap();
    assert_eq!(entries.len(), 6);
    for e in entries {
        let bytes = std::fs::read(archive.join(e["path"].as_str().unwrap())).unwrap();
        assert_eq!(
            e["sha256"].as_str().unwrap(),
            papers::hash::sha256(&bytes),
            "{e}"
        );
    }
    let plans: Vec<(&str, u64)> = entries
        .iter()
        .filter(|e| e["name"] == format!("{meeting_dir}/plan.pdf"))
        .map(|e| (e["path"].as_str().unwrap(), e["version"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        plans,
        [
            (format!("{meeting_dir}/plan.pdf").as_str(), 1),
            (format!("{meeting_dir}/plan.v2.pdf").as_str(), 2)
        ]
    );

    // `papers archive` archives the last build the same way, into another archive too.
    let run = papers(dir.path(), &["archive", "archive"]);
    assert!(
        stderr(&run).contains("Archived 0, unchanged 5"),
        "{}",
        stderr(&run)
    );
    let run = papers(dir.path(), &["archive", "second-archive"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(files(&dir.path().join("second-archive")).len(), 6);
}

/// The text of each page with its "Page N of M" taken out: the one thing a paper's page
/// shows differently in its pack.
fn without_page_numbers(texts: &[String]) -> Vec<String> {
    texts
        .iter()
        .map(|t| {
            let at = t
                .rfind("Page ")
                .unwrap_or_else(|| panic!("no page number on {t:?}"));
            let rest = &t[at..];
            let end = rest
                .find(" of ")
                .map(|i| {
                    i + 4
                        + rest[i + 4..]
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .count()
                })
                .unwrap_or(rest.len());
            squash(&format!("{}{}", &t[..at], &rest[end..]))
        })
        .collect()
}

/// What a screen reader hears of a PDF: its tagged text (not its artifacts), in order.
fn heard(path: &Path) -> String {
    squash(
        &tags::Tagged::read(path)
            .runs
            .iter()
            .filter(|r| r.artifact.is_none())
            .map(|r| r.text.as_str())
            .collect::<String>(),
    )
}

#[test]
fn a_paper_is_typeset_once_and_its_pack_shows_its_very_pages() {
    let dir = project();
    fixture(dir.path());
    build(dir.path(), &["build"]);
    let pack_path = dir.path().join(OUT).join("agenda-pack.pdf");
    let pack = without_page_numbers(&page_texts(&load(&pack_path)));
    // Page for page, each public paper's PDF is what the pack shows from the page the agenda
    // gives for it, but for the pack's page numbers.
    let mut at = 2;
    for name in ["plan.pdf", "budget.pdf"] {
        let own = without_page_numbers(&page_texts(&load(&dir.path().join(OUT).join(name))));
        assert_eq!(pack[at..at + own.len()], own[..], "{name} in the pack");
        at += own.len();
    }
    assert_eq!(at, pack.len());
    // Its tag tree too: all a screen reader hears of each paper is heard in the pack, in order.
    let whole = heard(&pack_path);
    let plan = heard(&dir.path().join(OUT).join("plan.pdf"));
    let budget = heard(&dir.path().join(OUT).join("budget.pdf"));
    assert!(
        whole.contains(&format!("{plan}{budget}")),
        "the pack's tagged text is not its papers':\n{whole}\n---\n{plan}{budget}"
    );
    let tree = tags::Tagged::read(&pack_path);
    let count = |path: &Path, role: &str| {
        tags::Tagged::read(path)
            .elems
            .iter()
            .filter(|e| e.role == role)
            .count()
    };
    for role in ["P", "L", "LI", "Table", "TD"] {
        let papers = count(&dir.path().join(OUT).join("plan.pdf"), role)
            + count(&dir.path().join(OUT).join("budget.pdf"), role);
        assert!(
            tree.elems.iter().filter(|e| e.role == role).count() >= papers,
            "the pack has fewer {role} than its papers"
        );
    }
    // The exempt pack takes the exempt papers' pages, banner and all.
    let exempt = page_texts(&load(&dir.path().join(EX).join("exempt-pack.pdf")));
    assert!(
        exempt
            .iter()
            .skip(1)
            .all(|t| t.contains("NOT FOR PUBLICATION")),
        "{exempt:?}"
    );
}

#[test]
fn a_pack_is_the_same_bytes_whether_its_papers_were_typeset_in_this_build_or_an_earlier_one() {
    let dir = project();
    fixture_draft(dir.path());
    build(dir.path(), &["build"]);
    // Only the budget paper changes: the plan is unchanged, so the pack reads the plan's PDF
    // as the earlier build wrote it, and takes the budget paper's fresh one.
    paper(
        "Budget monitoring",
        "5",
        "Public budget text, revised.",
        3,
        None,
    )
    .write(&dir.path().join(FOLDER).join("budget.xlsx"));
    let err = build(dir.path(), &["build", "-v"]);
    assert!(
        err.contains("unchanged") && err.contains("plan.pdf"),
        "{err}"
    );
    let incremental = std::fs::read(dir.path().join(DR).join("agenda-pack.pdf")).unwrap();
    assert!(
        squash(&pdf_text_bytes(&incremental)).contains(&squash("Public budget text, revised."))
    );
    build(dir.path(), &["build", "--force"]);
    let forced = std::fs::read(dir.path().join(DR).join("agenda-pack.pdf")).unwrap();
    assert!(
        incremental == forced,
        "the pack differs with the route its papers' pages took"
    );
    // Building one paper by name reads its meeting's other papers without building them: the
    // pack typesets their PDFs again in memory, to the same pack.
    build(
        dir.path(),
        &["build", "--force", &format!("{FOLDER}/budget.xlsx")],
    );
    let named = std::fs::read(dir.path().join(DR).join("agenda-pack.pdf")).unwrap();
    assert!(named == forced, "the pack differs when one paper is named");
}

#[test]
fn a_pack_template_without_paper_stand_ins_is_an_error_naming_it_and_leaves_no_pack() {
    let dir = project();
    fixture_draft(dir.path());
    build(dir.path(), &["build"]);
    // An agenda pack template that leaves the papers out (as an old one that included each
    // paper's source would, now that papers are not sources of the pack).
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/agenda-pack.typ.hbs"),
    )
    .unwrap();
    let cut = builtin.find("{{#each parts}}").unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/agenda-pack.typ.hbs"),
        &builtin[..cut],
    )
    .unwrap();
    let run = papers(dir.path(), &["build"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("paper-start") || err.contains("stand-in"),
        "{err}"
    );
    assert!(
        !dir.path().join(DR).join("agenda-pack.pdf").exists(),
        "a pack without its papers was left"
    );
    assert!(
        dir.path().join(DR).join("plan.pdf").is_file(),
        "the papers themselves still build"
    );
}

/// The structure elements under `id` (itself included), depth first, each with its parent.
fn struct_elems(
    doc: &Document,
    id: ObjectId,
    parent: ObjectId,
    out: &mut Vec<(ObjectId, ObjectId)>,
) {
    out.push((id, parent));
    let elem = doc.get_dictionary(id).unwrap();
    let kids = match elem.get(b"K").map(|k| deref(doc, k)) {
        Ok(Object::Array(a)) => a.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    for kid in kids {
        if let Ok(kid) = kid.as_reference()
            && doc
                .get_dictionary(kid)
                .is_ok_and(|d| d.has(b"S") && !d.has_type(b"OBJR") && !d.has_type(b"MCR"))
        {
            struct_elems(doc, kid, id, out);
        }
    }
}

/// A PDF's structure elements below its Document element, depth first, with their parents;
/// and the Document element.
fn structure(doc: &Document) -> (ObjectId, Vec<(ObjectId, ObjectId)>) {
    let root_id = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let root = doc.get_dictionary(root_id).unwrap();
    let document = match deref(doc, root.get(b"K").unwrap()) {
        Object::Array(a) => {
            assert_eq!(a.len(), 1, "one Document element");
            a[0].as_reference().unwrap()
        }
        other => other.as_reference().unwrap(),
    };
    let mut out = Vec::new();
    struct_elems(doc, document, root_id, &mut out);
    out.remove(0);
    (document, out)
}

/// The entries of a number tree (`Nums`) or name tree (`Names`).
fn tree(doc: &Document, node: &Object, key: &[u8], out: &mut Vec<(Object, Object)>) {
    let node = deref(doc, node).as_dict().unwrap();
    if let Ok(pairs) = node.get(key) {
        for pair in deref(doc, pairs).as_array().unwrap().chunks(2) {
            out.push((pair[0].clone(), pair[1].clone()));
        }
    }
    if let Ok(kids) = node.get(b"Kids") {
        for kid in deref(doc, kids).as_array().unwrap() {
            tree(doc, kid, key, out);
        }
    }
}

fn role(doc: &Document, id: ObjectId) -> String {
    String::from_utf8_lossy(
        doc.get_dictionary(id)
            .unwrap()
            .get(b"S")
            .unwrap()
            .as_name()
            .unwrap(),
    )
    .into_owned()
}

#[test]
fn a_pack_holds_each_papers_structure_once_with_its_own_ids_and_one_parent_tree() {
    let dir = project();
    fixture(dir.path());
    build(dir.path(), &["build"]);
    let pack = load(&dir.path().join(OUT).join("agenda-pack.pdf"));
    let (document, elems) = structure(&pack);

    // Each element once, under the element that names it as its parent.
    let mut seen = std::collections::HashSet::new();
    for &(id, parent) in &elems {
        assert!(seen.insert(id), "element {id:?} is in the tree twice");
        let p = pack.get_dictionary(id).unwrap().get(b"P").unwrap();
        assert_eq!(p.as_reference().unwrap(), parent, "the parent of {id:?}");
    }
    // The pack's structure ends with each paper's whole structure, in order, once.
    let roles: Vec<String> = elems.iter().map(|&(id, _)| role(&pack, id)).collect();
    let mut papers = Vec::new();
    let mut paper_ids = 0;
    for name in ["plan.pdf", "budget.pdf"] {
        let own = load(&dir.path().join(OUT).join(name));
        let (_, own_elems) = structure(&own);
        papers.extend(own_elems.iter().map(|&(id, _)| role(&own, id)));
        let root = own.catalog().unwrap().get(b"StructTreeRoot").unwrap();
        let root = deref(&own, root).as_dict().unwrap();
        if let Ok(ids) = root.get(b"IDTree") {
            let mut names = Vec::new();
            tree(&own, ids, b"Names", &mut names);
            assert!(!names.is_empty());
            paper_ids += names.len();
        }
    }
    assert!(
        roles.len() > papers.len(),
        "the front's own structure comes first"
    );
    assert_eq!(roles[roles.len() - papers.len()..], papers[..]);
    let front = roles.len() - papers.len();
    assert!(
        elems[front..]
            .iter()
            .all(|&(id, parent)| parent != document || pack.get_dictionary(id).is_ok()),
    );

    // IDs: unique, all in the ID tree, and every /Headers entry names one.
    let root_id = pack
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let root = pack.get_dictionary(root_id).unwrap();
    let mut names = Vec::new();
    tree(&pack, root.get(b"IDTree").unwrap(), b"Names", &mut names);
    let id_tree: BTreeMap<Vec<u8>, ObjectId> = names
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_vec(), v.as_reference().unwrap()))
        .collect();
    assert_eq!(id_tree.len(), names.len(), "an ID is in the ID tree twice");
    assert!(
        id_tree.len() >= paper_ids,
        "every paper's IDs are in the pack's ID tree"
    );
    let mut ids = BTreeMap::new();
    let mut headers = Vec::new();
    for &(id, _) in &elems {
        let elem = pack.get_dictionary(id).unwrap();
        if let Ok(own) = elem.get(b"ID") {
            let own = own.as_str().unwrap().to_vec();
            assert!(
                ids.insert(own.clone(), id).is_none(),
                "ID {own:?} is not unique"
            );
            assert_eq!(id_tree.get(&own), Some(&id), "ID {own:?} in the ID tree");
        }
        let attributes = match elem.get(b"A").map(|a| deref(&pack, a)) {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        for a in attributes {
            if let Ok(Object::Array(h)) = deref(&pack, &a)
                .as_dict()
                .map(|d| d.get(b"Headers").map(|h| deref(&pack, h)))
                .unwrap_or(Ok(&Object::Null))
            {
                headers.extend(h.iter().map(|n| n.as_str().unwrap().to_vec()));
            }
        }
    }
    assert_eq!(
        ids.len(),
        id_tree.len(),
        "every ID tree entry is an element's"
    );
    assert!(!headers.is_empty());
    for h in &headers {
        assert!(
            ids.contains_key(h),
            "/Headers names {h:?}, which no element has"
        );
    }

    // The parent tree: every page's key resolves to an array naming, for each marked
    // content on the page, the element that holds it; every annotation's key to the
    // element that holds it.
    let mut entries = Vec::new();
    tree(
        &pack,
        root.get(b"ParentTree").unwrap(),
        b"Nums",
        &mut entries,
    );
    let parent_tree: BTreeMap<i64, Object> = entries
        .into_iter()
        .map(|(k, v)| (k.as_i64().unwrap(), v))
        .collect();
    let next = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    assert!(parent_tree.keys().all(|&k| k < next));
    let mcid_pattern = b"/MCID ";
    let mut referenced = 0;
    for (n, page_id) in pack.get_pages() {
        let page = pack.get_dictionary(page_id).unwrap();
        let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
        let marks = deref(&pack, &parent_tree[&key]).as_array().unwrap();
        let content = pack.get_page_content(page_id);
        let mut mcids = Vec::new();
        let mut at = 0;
        while let Some(i) = content[at..]
            .windows(mcid_pattern.len())
            .position(|w| w == mcid_pattern)
        {
            let start = at + i + mcid_pattern.len();
            let digits: String = content[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .map(|&b| b as char)
                .collect();
            mcids.push(digits.parse::<usize>().unwrap());
            at = start;
        }
        for &mcid in &mcids {
            let holder = marks
                .get(mcid)
                .and_then(|m| m.as_reference().ok())
                .unwrap_or_else(|| panic!("page {n}: MCID {mcid} is not in the parent tree"));
            assert!(
                seen.contains(&holder),
                "page {n}: MCID {mcid}'s element is not in the tree"
            );
            let elem = pack.get_dictionary(holder).unwrap();
            let kids = match elem.get(b"K").map(|k| deref(&pack, k)) {
                Ok(Object::Array(a)) => a.clone(),
                Ok(other) => vec![other.clone()],
                Err(_) => Vec::new(),
            };
            let elem_page = elem.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
            let holds = kids.iter().any(|k| match deref(&pack, k) {
                Object::Integer(m) => *m as usize == mcid && elem_page == Some(page_id),
                Object::Dictionary(mcr) => {
                    mcr.get(b"MCID")
                        .is_ok_and(|m| m.as_i64().unwrap() as usize == mcid)
                        && mcr
                            .get(b"Pg")
                            .ok()
                            .and_then(|p| p.as_reference().ok())
                            .or(elem_page)
                            == Some(page_id)
                }
                _ => false,
            });
            assert!(holds, "page {n}: MCID {mcid}'s element does not hold it");
            referenced += 1;
        }
        assert_eq!(
            marks.iter().filter(|m| !matches!(m, Object::Null)).count(),
            mcids.len(),
            "page {n}: the parent tree names the page's marked content, no more"
        );
        if let Ok(annots) = page.get(b"Annots") {
            for annot in deref(&pack, annots).as_array().unwrap() {
                let annot_id = annot.as_reference().unwrap();
                let a = pack.get_dictionary(annot_id).unwrap();
                let Ok(key) = a.get(b"StructParent") else {
                    continue;
                };
                let holder = parent_tree[&key.as_i64().unwrap()].as_reference().unwrap();
                let elem = pack.get_dictionary(holder).unwrap();
                let kids = match elem.get(b"K").map(|k| deref(&pack, k)) {
                    Ok(Object::Array(a)) => a.clone(),
                    Ok(other) => vec![other.clone()],
                    Err(_) => Vec::new(),
                };
                assert!(
                    kids.iter()
                        .any(|k| deref(&pack, k).as_dict().is_ok_and(|o| o
                            .get(b"Obj")
                            .is_ok_and(|r| r.as_reference().ok() == Some(annot_id)))),
                    "page {n}: a link's element does not hold it"
                );
            }
        }
    }
    assert!(referenced > 0);
}
