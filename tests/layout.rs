//! Layout: tables that fit without overprinting, dates whole on one line, wide tables on
//! landscape pages, short tables kept whole, and the example project read back page by page.
//! Every build run through `support::papers` is also checked for overlapping words.

mod support;

use std::path::Path;

use support::*;

fn build(book: &Book) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = project();
    book.write(&dir.path().join("inputs/paper.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdf = out(dir.path(), "paper.pdf");
    (dir, pdf, stderr(&run))
}

/// Each page's (width, height) in points.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let b = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |i: usize| {
                b[i].as_float()
                    .map(f64::from)
                    .or_else(|_| b[i].as_i64().map(|v| v as f64))
                    .unwrap()
            };
            (n(2) - n(0), n(3) - n(1))
        })
        .collect()
}

/// The words of a PDF split at no-break spaces too, as a reader sees them.
fn words(pdf: &Path) -> Vec<Word> {
    let Some(all) = pdf_words(pdf) else {
        return Vec::new();
    };
    all.into_iter()
        .flat_map(|w| {
            let pieces: Vec<String> = w.text.split('\u{a0}').map(str::to_owned).collect();
            pieces
                .into_iter()
                .map(move |text| Word { text, ..w.clone() })
        })
        .collect()
}

/// Asserts that wherever `phrase`'s words follow one another, they are on one line.
#[track_caller]
fn on_one_line(words: &[Word], phrase: &str) -> usize {
    let want: Vec<&str> = phrase.split(' ').collect();
    let mut seen = 0;
    for run in words.windows(want.len()) {
        if run.iter().zip(&want).all(|(w, t)| w.text == *t) {
            seen += 1;
            let y = run[0].y1;
            assert!(
                run.iter()
                    .all(|w| (w.y1 - y).abs() < 1.0 && w.page == run[0].page),
                "{phrase:?} is broken across lines: {run:?}"
            );
        }
    }
    seen
}

fn fee_table() -> Vec<Vec<V>> {
    let mut rows = vec![
        vec![t("Fees and charges 2025/26")],
        [
            "Service",
            "Charge basis",
            "Fee 2024/25 (£)",
            "Fee 2025/26 (£)",
            "Change (£)",
            "Change (%)",
            "VAT status",
            "Concession fee (£)",
            "Income 2024/25 (£)",
            "Income 2025/26 (£)",
        ]
        .iter()
        .map(|h| t(h))
        .collect(),
    ];
    for i in 0..30 {
        let base = ((482.29 + f64::from(i) * 13.0) * 100.0).round() / 100.0;
        rows.push(vec![
            t(&format!("Bulky waste collection {i}")),
            t("Per collection of up to three items"),
            V::N(base),
            V::N(((base + 19.29) * 100.0).round() / 100.0),
            V::N(19.29),
            V::N(4.0),
            t("Outside the scope"),
            V::N((base * 50.0).round() / 100.0),
            V::N((base * 1000.0).round()),
            V::N((base * 1040.0).round()),
        ]);
    }
    rows
}

#[test]
fn a_ten_column_fee_table_goes_landscape_and_never_overprints() {
    let (_dir, pdf, _) = build(&report("Fees").sheet("Fees", fee_table()));
    // The figures print whole and apart (papers() has checked that no words overlap).
    let all = words(&pdf);
    assert!(!all.is_empty() || pdf_words(&pdf).is_none());
    let text = pdf_text(&pdf);
    assert!(text.contains("482.29") && text.contains("501.58"), "{text}");
    let pages = pdf_page_texts(&pdf);
    let sizes = page_sizes(&pdf);
    let fee_pages: Vec<usize> = (0..pages.len())
        .filter(|&i| squash(&pages[i]).contains("Bulkywaste"))
        .collect();
    assert!(!fee_pages.is_empty());
    for &i in &fee_pages {
        let (w, h) = sizes[i];
        assert!(
            w > h,
            "page {} with the fee table is portrait ({w} x {h})",
            i + 1
        );
        assert_eq!(
            squash(&pages[i]).matches("Chargebasis").count(),
            1,
            "the header row repeats on page {}",
            i + 1
        );
    }
    // The report before it stays portrait.
    assert!(sizes[0].0 < sizes[0].1);
}

#[test]
fn an_action_plan_with_rag_and_outcomes_keeps_its_dates_whole() {
    let mut actions = vec![vec![
        t("Workstream"),
        t("Action"),
        t("Lead"),
        t("Deadline"),
        t("Status"),
        t("RAG"),
        t("Expected outcome"),
    ]];
    for i in 0..14 {
        actions.push(vec![
            t(if i % 5 == 0 { "Welfare reform and financial inclusion" } else { "" }),
            t("Smooth the move to Universal Credit for tenants, with advice sessions in every neighbourhood"),
            t("Head of neighbourhood housing services"),
            if i % 2 == 0 { V::D(2026, 9, 1) } else { V::D(2026, 12, 9) },
            t("On target, with the first sessions held"),
            t(["Green", "Amber", "Red"][i % 3]),
            t("Fewer tenants fall into arrears when they move to Universal Credit; see https://www.norwich.gov.uk/universal-credit-advice-for-tenants"),
        ]);
    }
    let book = report("Plan").sheet("Actions", actions);
    let (_dir, pdf, _) = build(&book);
    let all = words(&pdf);
    if all.is_empty() {
        return;
    }
    assert_eq!(on_one_line(&all, "1 September 2026"), 7);
    assert_eq!(on_one_line(&all, "9 December 2026"), 7);
}

#[test]
fn a_short_table_is_kept_whole_and_a_long_word_wraps_inside_its_column() {
    // Enough text to bring the inserted table near the foot of a page.
    let mut rows = vec![
        vec![t("Heading"), t("Subheading"), t("Text"), t("Insert")],
        vec![t("Background"), V::E, V::E, V::E],
    ];
    for i in 0..9 {
        let text = format!(
            "Paragraph {i}. {}",
            "The council has worked with its partners on the plan for the city. ".repeat(4)
        );
        rows.push(vec![V::E, V::E, t(&text), V::E]);
    }
    rows.push(vec![V::E, V::E, V::E, t("Partners")]);
    let mut partners = vec![vec![t("Partner"), t("Web site"), t("Role")]];
    for i in 1..=10 {
        partners.push(vec![
            t(&format!("Partner {i}")),
            t("https://www.example-partnership.org.uk/communities/neighbourhoods/reducing-inequalities-programme"),
            t("Delivers advice sessions"),
        ]);
    }
    let mut book = report("Partners");
    book.sheets.retain(|(n, _)| n != "Report");
    let (_dir, pdf, _) = build(&book.sheet("Report", rows).sheet("Partners", partners));
    let pages = pdf_page_texts(&pdf);
    let with_partner: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].contains("Partner "))
        .collect();
    assert_eq!(
        with_partner.len(),
        1,
        "the ten-row table is on one page: {with_partner:?}"
    );
}

#[test]
fn the_example_project_builds_without_overlapping_words_or_a_stranded_last_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("inputs"), &dir.path().join("inputs"));
    for extra in ["papers.toml", "templates", "logo.svg", "logo.png", "fonts"] {
        let from = root.join(extra);
        if from.is_file() {
            std::fs::copy(&from, dir.path().join(extra)).unwrap();
        } else if from.is_dir() && extra != "templates" && extra != "fonts" {
            copy_dir(&from, &dir.path().join(extra));
        }
    }
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let mut pdfs = pdfs_under(&dir.path().join("output"));
    pdfs.extend(pdfs_under(&dir.path().join("exempt")));
    assert!(pdfs.len() >= 8, "{pdfs:?}");
    let norwich = dir
        .path()
        .join("output/2015-11-04-norwich-cabinet/reducing-inequalities.pdf");
    let pages = pdf_page_texts(&norwich);
    for (i, page) in pages.iter().enumerate() {
        let body: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert!(
            body.len() > 6,
            "page {} of the Norwich report holds only {body:?}",
            i + 1
        );
        assert!(!page.contains("None given"), "page {}: {page}", i + 1);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn the_overlap_check_finds_figures_printed_on_top_of_each_other() {
    // A project template that overprints two figures, as the fee table once did; built
    // without support::papers, which would refuse it.
    let dir = project();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/committee-report.typ.hbs"),
        "#import \"/papers.typ\": *\n#place(dx: 2cm, dy: 2cm)[482.29]\n#place(dx: 2.5cm, dy: 2cm)[501.58]\n#place(dx: 2cm, dy: 4cm)[Apart]\n",
    )
    .unwrap();
    report("Overprinted").write(&dir.path().join("inputs/paper.xlsx"));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_papers"))
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let Some(found) = overlapping_words(&out(dir.path(), "paper.pdf")) else {
        return;
    };
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("482.29") && found[0].contains("501.58"),
        "{found:?}"
    );
}

#[test]
fn a_table_too_wide_even_for_landscape_at_8_pt_still_never_overprints() {
    let heads: Vec<V> = (1..=18).map(|i| t(&format!("Neighbourhood {i}"))).collect();
    let mut rows = vec![heads];
    for r in 0..6 {
        rows.push(
            (1..=18)
                .map(|i| {
                    if i % 3 == 0 {
                        V::N(1234.5 + f64::from(r))
                    } else {
                        t("Communities partnerships")
                    }
                })
                .collect(),
        );
    }
    let (_dir, pdf, _) = build(&report("Wide").sheet("Wards", rows));
    // papers() has found no overlapping words; the table is on a landscape page.
    let sizes = page_sizes(&pdf);
    let pages = pdf_page_texts(&pdf);
    let at = pages.iter().position(|p| p.contains("Wards")).unwrap();
    assert!(sizes[at].0 > sizes[at].1, "{:?}", sizes[at]);
}

#[test]
fn a_long_unbroken_word_breaks_wherever_it_stands_and_never_overprints() {
    let dir = project();
    let word = "Supercalifragilisticexpialidocious".repeat(3);
    Book::new()
        .cover(&[
            ("Title", &word),
            ("Committee", "Cabinet"),
            ("Forward plan ref", &word),
            ("Report of", &word),
        ])
        .text_sheet(
            "Contacts",
            &[
                &["Role", "Name", "Post", "Email", "Telephone"],
                &["Officer", &word, &word, "someone@example.gov.uk", ""],
            ],
        )
        .text_sheet(
            "Report",
            &[&["Heading", "Subheading", "Text"], &[&word, "", &word]],
        )
        .text_sheet(
            "Data",
            &[&["Column", "Other", "Third"], &["Row", &word, &word]],
        )
        .write(&dir.path().join("inputs/long.xlsx"));
    // The build checks every page for overlapping words (tests/support).
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    // The word breaks on the page at invisible zero-width spaces; its letters are all there.
    assert!(
        squash(&pdf_text(&dir.path().join("output/long.pdf")))
            .replace('\u{200b}', "")
            .contains(&word[..40])
    );
}
