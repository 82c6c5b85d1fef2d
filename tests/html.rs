//! The web pages through the real binary: a twin beside every public paper, a page per
//! meeting, the site index, the forward plan and the calendar; nothing exempt in any of
//! them; reproducible, incremental and in the manifest. Then hostile cell text, which must
//! print literally and make no element or attribute, and the example site in a real browser.

mod support;

use std::path::Path;

use proptest::prelude::*;
use support::*;

/// Words only exempt papers hold; no public file may.
const SECRET: &[&str] = &[
    "ZEBRA-QUARTZ-4417",
    "Secret cover title of the land deal",
    "Cover-exempt heading ORCHID",
];

const FOLDER: &str = "inputs/2026-03-04-cabinet";
const OUT: &str = "output/2026-03-04-cabinet";

/// A meeting with a public paper (a key decision), one exempt by the agenda, one exempt by
/// its own Cover, and items without papers; and a standalone strategy.
fn fixture(dir: &Path) {
    let f = |name: &str| dir.join(FOLDER).join(name);
    Book::new()
        .sheet(
            "Meeting",
            vec![
                vec![t("Field"), t("Value")],
                vec![t("Committee"), t("Cabinet")],
                vec![t("Date"), V::D(2026, 3, 4)],
                vec![t("Time"), t("5.30pm")],
                vec![t("Venue"), t("Mancroft room, City Hall")],
                vec![t("Members"), t("Waters (chair)\nHarris (vice chair)")],
                vec![t("Contact"), t("Jessica Hall, democratic services")],
                vec![t("Published"), V::D(2026, 2, 1)],
            ],
        )
        .text_sheet(
            "Agenda",
            &[
                &["Item", "Title", "Report", "Exempt"],
                &["1", "Apologies <script>alert(1)</script>", "", ""],
                &["2", "Reducing inequalities action plan", "plan.xlsx", ""],
                &["3", "Disposal of land at Riverside", "land.xlsx", "3"],
                &["4", "", "staffing.xlsx", ""],
            ],
        )
        .write(&f("meeting.xlsx"));
    let cover = |title: &str, extra: &[(&str, &str)]| {
        let mut fields = vec![
            ("Title", title),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Purpose", "To decide."),
        ];
        fields.extend_from_slice(extra);
        Book::new().cover(&fields)
    };
    cover(
        "Reducing inequalities action plan",
        &[
            ("Key decision", "Yes"),
            ("Forward plan ref", "FP-2026-014"),
            ("Recommendations", "Agree the plan\nNote the risks"),
        ],
    )
    .text_sheet(
        "Report",
        &[
            &["Heading", "Subheading", "Text"],
            &["Background", "", "Public plan text."],
        ],
    )
    .text_sheet("Costs", &[&["Line", "Cost"], &["Staff", "£10,000"]])
    .write(&f("plan.xlsx"));
    cover(
        SECRET[1],
        &[
            ("Key decision", "Yes"),
            ("Forward plan ref", "FP-SECRET-99"),
        ],
    )
    .text_sheet(
        "Report",
        &[
            &["Heading", "Subheading", "Text"],
            &["Background", "", SECRET[0]],
        ],
    )
    .write(&f("land.xlsx"));
    cover("Staffing matter", &[("Exempt", "1")])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &[SECRET[2], "", "Private."],
            ],
        )
        .write(&f("staffing.xlsx"));
    Book::new()
        .cover(&[
            ("Title", "Single equality strategy"),
            ("Template", "strategy"),
            ("Contents", "No"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Our aims", "", "- Fair\n- Open"],
            ],
        )
        .write(&dir.join("inputs/single-equality-strategy.xlsx"));
}

fn build(dir: &Path, args: &[&str]) -> String {
    let run = papers(dir, args);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(0), "{err}");
    err
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file under `dir`, relative to the project.
fn files(root: &Path, dir: &str) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
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
    walk(root, &root.join(dir), &mut out);
    out.sort();
    out
}

#[test]
fn the_site_twins_every_public_paper_and_keeps_exempt_items_to_their_agenda_title() {
    let dir = project();
    fixture(dir.path());
    build(dir.path(), &["build", "--today", "2026-02-01"]);
    let d = dir.path();
    let pages: Vec<String> = files(d, "output")
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert_eq!(
        pages,
        [
            format!("{OUT}/agenda-pack.html"),
            format!("{OUT}/index.html"),
            format!("{OUT}/plan.html"),
            "output/decisions.html".to_owned(),
            "output/forward-plan.html".to_owned(),
            "output/index.html".to_owned(),
            "output/single-equality-strategy.html".to_owned(),
        ]
    );
    // Nothing exempt in any public file, and no twin of an exempt paper anywhere.
    for file in files(d, "output") {
        let bytes = std::fs::read(d.join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // A field of the model is printed as text, never as its data ({"number":1,...}).
        assert!(
            !text.contains("{&quot;") && !text.contains("&quot;:"),
            "{file} prints model data as text"
        );
        if file.ends_with("/plan.html") {
            assert!(
                text.contains("<li value=\"2\">Note the risks</li>"),
                "{file}: the recommendations are a numbered list"
            );
        }
        for secret in SECRET.iter().chain(&["FP-SECRET-99", "Staffing matter"]) {
            assert!(!text.contains(secret), "{file} holds {secret}");
        }
    }
    assert!(files(d, "exempt").iter().all(|f| !f.ends_with(".html")));

    let twin = read(d, &format!("{OUT}/plan.html"));
    assert!(twin.contains("<h1>Reducing inequalities action plan</h1>"));
    assert!(
        twin.contains("<a href=\"plan.pdf\">") && twin.contains("KB)"),
        "{twin}"
    );
    assert!(twin.contains("<a href=\"index.html\">Meeting: Cabinet, Wednesday 4 March 2026</a>"));
    assert!(
        twin.contains("<caption id=\"appendix-table-0\">Costs</caption>")
            && twin.contains("<th scope=\"row\">Staff</th>")
    );
    assert!(twin.contains("<section class=\"appendix\""));

    let meeting = read(d, &format!("{OUT}/index.html"));
    assert!(
        meeting.contains("<a href=\"plan.html\">Read item 2 online</a>")
            && meeting.contains("<a href=\"plan.pdf\">")
    );
    assert!(meeting.contains(
        "Disposal of land at Riverside<br><span class=\"note\">Exempt: paragraph 3 of Schedule 12A"
    ));
    assert!(meeting.contains("<th scope=\"row\" role=\"rowheader\">4</th><td role=\"cell\">Exempt item<br><span class=\"note\">Exempt: paragraph 1 of Schedule 12A"));
    assert!(
        !meeting.contains("land.") && !meeting.contains("staffing."),
        "an exempt paper is linked"
    );
    assert!(meeting.contains("FP-2026-014") && meeting.contains("agenda-pack.pdf"));
    assert!(
        meeting.contains("<td role=\"cell\">Apologies &lt;script&gt;alert(1)&lt;/script&gt;</td>"),
        "agenda text is escaped"
    );
    assert!(
        meeting.contains("<time datetime=\"2026-02-01\">1 February 2026</time>"),
        "publication date from --today"
    );
    assert!(
        meeting.contains("5.30pm")
            && meeting.contains("Mancroft room, City Hall")
            && meeting.contains("<li>Harris (vice chair)</li>")
    );

    let index = read(d, "output/index.html");
    let upcoming = index.find("Upcoming meetings").unwrap();
    let past = index.find("Past meetings").unwrap();
    let link = index.find("2026-03-04-cabinet/index.html").unwrap();
    assert!(
        upcoming < link && link < past,
        "the meeting is upcoming on 1 February"
    );
    assert!(
        index.contains("<a href=\"single-equality-strategy.html\">Single equality strategy</a>")
    );

    let plan = read(d, "output/forward-plan.html");
    assert!(plan.contains(
        "<a href=\"2026-03-04-cabinet/plan.html\">Reducing inequalities action plan</a>"
    ));
    assert!(
        plan.contains("<th scope=\"row\">Disposal of land at Riverside</th>")
            && plan.contains("Exempt (paragraph 3 of Schedule 12A)")
    );

    let ics = read(d, "output/meetings.ics");
    assert!(
        ics.contains("DTSTART;TZID=Europe/London:20260304T173000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("LOCATION:Mancroft room\\, City Hall\r\n")
            && ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London")
    );
    assert!(!ics.contains("URL:"), "no base_url, no URL");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);

    for page in &pages {
        let html = read(d, page);
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"),
            "{page}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{page}");
        assert_eq!(html.matches("<main").count(), 1, "{page}");
        // No JavaScript: the one script element a page may have is a meeting's JSON-LD data.
        assert!(
            html.contains("<title>")
                && html.contains("href=\"#content\"")
                && html.matches("<script").count()
                    == html
                        .matches("<script type=\"application/ld+json\">")
                        .count(),
            "{page}"
        );
        assert!(
            !html.contains("href=\"/") && !html.contains("file:"),
            "{page}: links must be relative"
        );
    }

    // Every page in the public manifest with its SHA-256, as template html.
    let manifest: serde_json::Value =
        serde_json::from_str(&read(d, "output/manifest.json")).unwrap();
    let html: Vec<&serde_json::Value> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["template"] == "html")
        .collect();
    assert_eq!(
        html.len(),
        pages.len() + 4,
        "pages, the calendar, the stylesheet and the register of decisions as data (JSON, CSV)"
    );
    for e in html {
        let path = e["path"].as_str().unwrap();
        assert_eq!(
            e["sha256"].as_str().unwrap(),
            papers::hash::sha256(&std::fs::read(d.join(path)).unwrap()),
            "{path}"
        );
    }
}

#[test]
fn a_reports_front_summary_is_set_apart_on_its_web_page_as_in_its_pdf() {
    let dir = project();
    let d = dir.path();
    fixture(d);
    // A report with no purpose, recommendations, priorities or implications has no panel.
    Book::new()
        .cover(&[("Title", "A bare report")])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "Text."],
            ],
        )
        .write(&d.join("inputs/bare.xlsx"));
    build(d, &["build", "--today", "2026-02-01"]);
    let twin = read(d, &format!("{OUT}/plan.html"));
    let open = twin
        .find("<div class=\"front-summary\">")
        .expect("a front summary");
    let close = open + twin[open..].find("</div>\n").unwrap();
    let summary = &twin[open..close];
    // Purpose and recommendations inside it, with their own headings; the report after it.
    for part in [
        "<h2 id=\"purpose\">Purpose</h2>",
        "<h2 id=\"recommendations\">Recommendations</h2>",
        "<li value=\"2\">Note the risks</li>",
    ] {
        assert!(summary.contains(part), "{part} is not in {summary}");
    }
    let body = twin.find("Public plan text.").unwrap();
    assert!(close < body, "the report follows the summary: {twin}");
    assert_eq!(twin.matches("class=\"front-summary\"").count(), 1);
    // Only a committee report has one, as only its PDF does; and only with parts in it.
    for page in ["output/single-equality-strategy.html", "output/bare.html"] {
        assert!(!read(d, page).contains("front-summary"), "{page}");
    }
    // On the tint with a rule at its left.
    let css = read(d, "output/papers.css");
    let rule = css
        .lines()
        .find(|l| l.starts_with(".front-summary {"))
        .expect("a front summary style");
    assert!(
        rule.contains("background: var(--shade)") && rule.contains("border-left: 4px solid"),
        "{rule}"
    );
    assert!(css.contains("--accent-on-shade: #1f4e79;"), "{css}");
}

#[test]
fn pages_are_reproducible_incremental_and_never_stale() {
    let dir = project();
    let d = dir.path();
    fixture(d);
    std::fs::write(d.join("papers.toml"), "base_url = \"https://democracy.example.gov.uk/papers/\"\naccent = \"#005a30\"\n[logo]\npath = \"logo.svg\"\nalt = \"Borough of Testham\"\n").unwrap();
    std::fs::write(d.join("logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\"/></svg>").unwrap();
    build(d, &["build", "--today", "2026-02-01"]);
    let snapshot = |d: &Path| -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
        files(d, "output")
            .into_iter()
            .filter(|f| [".html", ".ics", ".css"].iter().any(|x| f.ends_with(x)))
            .map(|f| {
                let p = d.join(&f);
                (
                    f,
                    std::fs::read(&p).unwrap(),
                    std::fs::metadata(&p).unwrap().modified().unwrap(),
                )
            })
            .collect()
    };
    let first = snapshot(d);
    assert!(
        read(d, "output/meetings.ics").contains(
            "URL:https://democracy.example.gov.uk/papers/2026-03-04-cabinet/index.html\r\n"
        )
    );
    assert!(read(d, "output/papers.css").contains("--accent: #005a30;"));
    assert!(
        read(d, &format!("{OUT}/index.html"))
            .contains("<img class=\"logo\" src=\"../logo.svg\" alt=\"Borough of Testham\">")
    );
    assert_eq!(
        std::fs::read(d.join("output/logo.svg")).unwrap(),
        std::fs::read(d.join("logo.svg")).unwrap()
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let err = build(d, &["build", "--today", "2026-02-01", "--force"]);
    assert!(
        !err.contains("built     output/2026-03-04-cabinet/plan.html"),
        "{err}"
    );
    assert_eq!(snapshot(d), first, "a forced rebuild rewrites no page");
    // A later day moves the meeting to the past; the meeting page keeps its publication date.
    build(d, &["build", "--today", "2026-04-01"]);
    let index = read(d, "output/index.html");
    assert!(
        index.find("Past meetings").unwrap() < index.find("2026-03-04-cabinet/index.html").unwrap()
    );
    assert!(read(d, &format!("{OUT}/index.html")).contains("<time datetime=\"2026-02-01\">"));
    // A paper that becomes exempt loses its twin; one that is removed too.
    Book::new()
        .cover(&[
            ("Title", "Single equality strategy"),
            ("Template", "strategy"),
            ("Exempt", "2"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Our aims", "", "Fair."],
            ],
        )
        .write(&d.join("inputs/single-equality-strategy.xlsx"));
    std::fs::remove_file(d.join(FOLDER).join("plan.xlsx")).unwrap();
    let meeting = d.join(FOLDER).join("meeting.xlsx");
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
                &["1", "Apologies", "", ""],
            ],
        )
        .write(&meeting);
    std::fs::remove_file(d.join(FOLDER).join("land.xlsx")).unwrap();
    std::fs::remove_file(d.join(FOLDER).join("staffing.xlsx")).unwrap();
    let run = papers(d, &["build", "--today", "2026-04-01"]);
    // A published paper whose workbook is gone is an error that says what is kept.
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("published-kept"), "{}", stderr(&run));
    assert!(
        d.join(format!("{OUT}/plan.html")).is_file(),
        "a published paper's page stays"
    );
    assert!(!d.join("output/single-equality-strategy.html").exists());
    assert!(!read(d, "output/index.html").contains("Single equality strategy"));
    assert!(
        read(d, &format!("{OUT}/index.html"))
            .contains("Published <time datetime=\"2026-02-01\">1 February 2026</time>"),
        "the day the agenda was first published, not a later Published date"
    );
    assert!(read(d, "output/meetings.ics").contains("DTSTAMP:20260201T000000Z\r\n"));
}

#[test]
fn a_project_html_template_replaces_the_built_in_one() {
    let dir = project();
    let d = dir.path();
    report("Own template").write(&d.join("inputs/own.xlsx"));
    std::fs::create_dir_all(d.join("templates/html")).unwrap();
    std::fs::write(
        d.join("templates/html/paper.html.hbs"),
        "{{#> layout}}<h1>Ours: {{doc.title}}</h1>{{/layout}}",
    )
    .unwrap();
    build(d, &["build"]);
    assert!(read(d, "output/own.html").contains("<h1>Ours: Own template</h1>"));
}

/// Pieces of hostile text: HTML, attributes, script URLs, Typst and Handlebars syntax.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "[click](javascript:alert(1))",
    "[data](data:text/html,<b>x</b>)",
    "#set text(red) #read(\"/etc/passwd\")",
    "{{title}} {{{raw}}} {{> layout}}",
    "&amp; &lt; &#x3C;",
    "</td></tr></table><h1>",
    "<!-- -->",
];

/// The tags and attribute names of a page, in order, without the attributes' values (text
/// is escaped, so every `<` starts markup).
fn markup(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|s| {
            let tag = &s[..s.find('>').unwrap_or(s.len())];
            let (mut names, mut word, mut quoted) = (Vec::new(), String::new(), false);
            for c in tag.chars() {
                match c {
                    '"' => quoted = !quoted,
                    _ if quoted => {}
                    c if c.is_whitespace() => {
                        names.extend((!word.is_empty()).then(|| std::mem::take(&mut word)))
                    }
                    c => word.push(c),
                }
            }
            names.extend((!word.is_empty()).then_some(word));
            names
                .iter()
                .map(|w| w.split('=').next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// A committee report whose every text cell is `text`, rendered as its twin.
fn twin_of(text: &str) -> String {
    use papers::render::html::pages::{Chrome, PaperPage, PdfLink};
    let book = Book::new()
        .cover(&[
            ("Title", text),
            ("Committee", text),
            ("Purpose", text),
            ("Recommendations", text),
            ("Subject", text),
        ])
        .text_sheet(
            "Contacts",
            &[
                &["Role", "Name", "Post", "Email", "Telephone"],
                &[text, text, text, text, text],
            ],
        )
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &[text, "", text],
                &["", text, text],
            ],
        )
        .text_sheet("Data", &[&["Column", "Other"], &[text, text]]);
    let mut diags = papers::diag::Diagnostics::new("x.xlsx");
    let wb = papers::workbook::Workbook::read(
        &book.bytes(),
        &papers::workbook::Limits::default(),
        &mut diags,
    )
    .unwrap();
    let doc = papers::model::document::Document::from_workbook(
        &wb,
        &papers::config::Config::default(),
        &mut diags,
    )
    .unwrap();
    let templates =
        papers::render::html::templates::HtmlTemplates::load(Path::new("/nonexistent")).unwrap();
    let page = PaperPage {
        page: Chrome {
            root: String::new(),
            title: doc.title.clone(),
            council: None,
            logo: None,
            trail: Vec::new(),
        },
        doc: &doc,
        kind: "Committee report",
        pdf: PdfLink {
            href: "x.pdf".into(),
            pages: Some(1),
            kb: 1,
        },
        meeting: None,
        revised: None,
    };
    templates.render("paper", &page).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_prints_literally_and_makes_no_markup(picks in proptest::collection::vec(0..HOSTILE.len(), 1..4), glue in "[a-z ]{0,6}") {
        let text: String = picks.iter().map(|&i| HOSTILE[i]).collect::<Vec<_>>().join(&glue);
        let hostile = twin_of(&text);
        let benign = twin_of("plain words");
        prop_assert_eq!(markup(&hostile), markup(&benign));
        let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;");
        prop_assert!(hostile.contains(&format!("<h1>{escaped}</h1>")), "{}", hostile);
        prop_assert!(hostile.matches(escaped.as_str()).count() >= 8);
    }
}

/// The example site (this repository's inputs/) in Chromium with axe-core: WCAG 2.2 AA at
/// 1280 and 320 CSS pixels, and no sideways scrolling at 320. Skipped, saying so, where
/// node, Chromium or the test's npm packages are missing.
#[test]
fn the_example_site_passes_axe_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser = repo.join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!node).then_some("node"),
        (!Path::new(&chromium).exists()).then_some("chromium"),
        (!browser.join("node_modules/axe-core").is_dir())
            .then_some("tests/browser/node_modules (npm ci in tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        eprintln!(
            "SKIPPED the_example_site_passes_axe_in_chromium: missing {}",
            missing.join(", ")
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = std::process::Command::new("cp")
        .arg("-a")
        .arg(repo.join("inputs"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(copy.success());
    if repo.join("papers.toml").exists() {
        std::fs::copy(repo.join("papers.toml"), dir.path().join("papers.toml")).unwrap();
    }
    // After the Norwich meeting's minutes were approved: every paper, the decision notices,
    // the register and the minutes are on the site.
    build(dir.path(), &["build", "--today", "2015-12-10"]);
    let norwich = dir.path().join("output/2015-11-04-norwich-cabinet");
    for page in [
        "index.html",
        "reducing-inequalities.html",
        "minutes.html",
        "decisions/item-8.html",
        "decisions/item-10.html",
    ] {
        assert!(norwich.join(page).is_file(), "{page} was not built");
    }
    assert!(dir.path().join("output/decisions.html").is_file());
    let run = std::process::Command::new("node")
        .arg(browser.join("check.mjs"))
        .arg(dir.path().join("output"))
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{report}");
    assert!(report.contains(" 0 violations"), "{report}");
    eprintln!("{}", report.lines().last().unwrap_or_default());
}

/// Long unbroken words (a URL, a reference) in a title, a cover field, a paragraph, a contact
/// and a table still reflow at 320 CSS pixels: checked in Chromium with the site audit.
#[test]
fn long_words_reflow_in_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser = repo.join("tests/browser");
    if !(Path::new("/usr/bin/chromium").exists() && browser.join("node_modules/axe-core").is_dir())
    {
        eprintln!(
            "SKIPPED long_words_reflow_in_chromium: missing chromium or tests/browser/node_modules"
        );
        return;
    }
    let dir = project();
    let d = dir.path();
    let long = "https://www.example.gov.uk/council-and-democracy/committees/cabinet/papers/2026/reducing-inequalities-action-plan-appendix";
    let word = "Supercalifragilisticexpialidocious".repeat(3);
    Book::new()
        .cover(&[
            ("Title", &word),
            ("Committee", "Cabinet"),
            ("Purpose", long),
            ("Forward plan ref", &word),
        ])
        .text_sheet(
            "Contacts",
            &[
                &["Role", "Name", "Post", "Email", "Telephone"],
                &[
                    "Officer",
                    &word,
                    &word,
                    "someone.with.a.very.long.name@example.gov.uk",
                    "",
                ],
            ],
        )
        .text_sheet(
            "Report",
            &[&["Heading", "Subheading", "Text"], &[&word, "", long]],
        )
        .text_sheet("Data", &[&["Column", "Other"], &["Row", long]])
        .write(&d.join("inputs/long.xlsx"));
    build(d, &["build"]);
    let run = std::process::Command::new("node")
        .arg(browser.join("check.mjs"))
        .arg(d.join("output"))
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success() && report.contains(" 0 violations"),
        "{report}"
    );
}

/// The text of the element whose `id` is `id` (tags stripped), as its name is read.
fn text_of_id(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!(" id=\"{id}\""))?;
    let open = html[..at].rfind('<')?;
    let tag: String = html[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let start = at + html[at..].find('>')? + 1;
    let end = start + html[start..].find(&format!("</{tag}>"))?;
    let mut text = String::new();
    let mut inside = false;
    for c in html[start..end].chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// An attribute's value in an opening tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// Every way a page's landmarks fail a screen-reader user, named: a section named as a region
/// (only a scrolling table is one), a region not named by its table's caption, two landmarks
/// of one kind with one name, and an impact box or tick glyph that is not hidden (its word is
/// read instead).
fn landmark_breaches(page: &str, html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    while let Some(open) = html[at..].find('<').map(|p| p + at) {
        let close = open + html[open..].find('>').unwrap_or(0);
        let tag = &html[open..=close];
        at = close + 1;
        let name = if tag.starts_with("<main") {
            "main"
        } else if tag.starts_with("<nav") {
            "navigation"
        } else if tag.starts_with("<section") || tag.contains(" role=\"region\"") {
            "region"
        } else if tag.starts_with("<aside") {
            "complementary"
        } else {
            continue;
        };
        let label = attr(tag, "aria-label").map(str::to_owned).or_else(|| {
            attr(tag, "aria-labelledby").map(|id| text_of_id(html, id).unwrap_or_default())
        });
        if name == "region" {
            match (tag.starts_with("<section"), attr(tag, "aria-labelledby")) {
                (true, Some(_)) | (true, None) if label.is_some() => {
                    out.push(format!("{page}: a section is a named region: {tag}"))
                }
                (false, Some(id)) if !html.contains(&format!("<caption id=\"{id}\"")) => out.push(
                    format!("{page}: a region not named by its table's caption: {tag}"),
                ),
                (false, None) => out.push(format!("{page}: a region with no name: {tag}")),
                _ => {}
            }
            if label.is_none() {
                continue;
            }
        }
        let key = (name.to_owned(), label.unwrap_or_default());
        if seen.contains(&key) {
            out.push(format!("{page}: two {} landmarks named {:?}", key.0, key.1));
        }
        seen.push(key);
    }
    for glyph in ['☒', '☐', '✓'] {
        let shown = html.matches(glyph).count();
        let hidden = html
            .matches(&format!("<span aria-hidden=\"true\">{glyph}</span>"))
            .count();
        if shown != hidden {
            out.push(format!(
                "{page}: {} of {shown} {glyph} are read aloud",
                shown - hidden
            ));
        }
    }
    out
}

/// The `<title>` of a page.
fn title_of(html: &str) -> String {
    let start = html.find("<title>").map_or(0, |p| p + 7);
    html[start..start + html[start..].find("</title>").unwrap_or(0)].to_owned()
}

#[test]
fn landmarks_are_named_once_and_titles_are_unique_and_name_the_council() {
    let dir = project();
    let d = dir.path();
    fixture(d);
    std::fs::write(d.join("papers.toml"), "council = \"Borough of Testham\"\n").unwrap();
    build(d, &["build", "--today", "2026-02-01"]);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = project();
    let copy = std::process::Command::new("cp")
        .arg("-a")
        .arg(repo.join("inputs"))
        .arg(example.path())
        .status()
        .unwrap();
    assert!(copy.success());
    build(example.path(), &["build", "--today", "2015-12-10"]);
    assert!(
        example
            .path()
            .join("output/2015-11-04-norwich-cabinet/minutes.html")
            .is_file()
    );
    let mut breaches = Vec::new();
    for root in [d, example.path()] {
        let mut titles: Vec<(String, String)> = Vec::new();
        for page in files(root, "output")
            .into_iter()
            .filter(|f| f.ends_with(".html"))
        {
            let html = read(root, &page);
            breaches.extend(landmark_breaches(&page, &html));
            let title = title_of(&html);
            if let Some((other, _)) = titles.iter().find(|(_, t)| *t == title) {
                breaches.push(format!("{page} and {other} share the title {title:?}"));
            }
            titles.push((page, title));
        }
        if root == d {
            for (page, title) in &titles {
                assert!(title.ends_with(" - Borough of Testham"), "{page}: {title}");
            }
        }
    }
    assert!(breaches.is_empty(), "{}", breaches.join("\n"));
    let agenda = title_of(&read(d, &format!("{OUT}/agenda-pack.html")));
    assert_eq!(
        agenda,
        "Agenda pack: Cabinet, Wednesday 4 March 2026 - Borough of Testham"
    );
    let twin = title_of(&read(d, &format!("{OUT}/plan.html")));
    assert_eq!(
        twin,
        "Report to Cabinet, item 2: Reducing inequalities action plan - Borough of Testham"
    );
}
