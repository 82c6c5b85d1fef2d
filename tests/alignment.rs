//! Alignment matrices: merged or blank-after themes, ticks with a text alternative, totals, a
//! landscape page when wide, and the `7` that is not a tick.

mod support;

use rust_xlsxwriter::{Format, Workbook};
use support::*;

/// A report workbook whose Alignment sheet has `n` priorities under two themes (the first
/// merged, the second written once), three strategies, and `odd` written into C4.
fn workbook(n: u16, odd: &str) -> Vec<u8> {
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet().set_name("Cover").unwrap();
    for (r, (f, v)) in [
        ("Field", "Value"),
        ("Title", "Charter"),
        ("Alignment title", "How the Charter aligns"),
    ]
    .iter()
    .enumerate()
    {
        cover.write_string(r as u32, 0, *f).unwrap();
        cover.write_string(r as u32, 1, *v).unwrap();
    }
    let ws = wb.add_worksheet().set_name("Alignment").unwrap();
    let half = n / 2;
    ws.merge_range(0, 1, 0, half, "Active and well", &Format::new())
        .unwrap();
    ws.write_string(0, half + 1, "Safe and pleasant").unwrap();
    ws.write_string(1, 0, "Strategy").unwrap();
    for c in 1..=n {
        ws.write_string(1, c, format!("Priority {c}")).unwrap();
    }
    let plans = [
        ("Local Area Agreement", vec![1, 2]),
        ("Police plan", vec![n]),
        ("Older People's Strategy", vec![1, n]),
    ];
    for (r, (plan, ticks)) in plans.iter().enumerate() {
        let row = r as u32 + 2;
        ws.write_string(row, 0, *plan).unwrap();
        for &c in ticks {
            ws.write_string(row, c, if r == 2 { "x" } else { "✓" })
                .unwrap();
        }
    }
    if !odd.is_empty() {
        ws.write_string(3, 2, odd).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn page_sizes(path: &std::path::Path) -> Vec<(f32, f32)> {
    let doc = lopdf::Document::load(path).unwrap();
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_object(id).unwrap().as_dict().unwrap();
            let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let f = |o: &lopdf::Object| {
                o.as_float()
                    .or_else(|_| o.as_i64().map(|i| i as f32))
                    .unwrap()
            };
            (f(&mb[2]) - f(&mb[0]), f(&mb[3]) - f(&mb[1]))
        })
        .collect()
}

#[test]
fn a_wide_matrix_gets_a_landscape_page_with_themes_ticks_and_totals() {
    let dir = project();
    std::fs::write(dir.path().join("inputs/charter.xlsx"), workbook(10, "")).unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdf = out(dir.path(), "charter.pdf");
    let text = squash(&pdf_spoken_text(&pdf));
    for want in [
        "Appendix 1: How the Charter aligns",
        "Active and well",
        "Safe and pleasant",
        "Priority 10",
        "Local Area Agreement Yes Yes",
        "Number of strategies 2 1 0 0 0 0 0 0 0 2",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    let sizes = page_sizes(&pdf);
    assert!(
        sizes[0].0 < sizes[0].1,
        "the cover page is portrait: {sizes:?}"
    );
    assert!(
        sizes.last().unwrap().0 > sizes.last().unwrap().1,
        "the matrix page is landscape: {sizes:?}"
    );
    // Turning the page leaves no blank page behind: one holding only running lines (on every
    // page) and the "Page N of M" footer.
    let pages = pdf_page_texts(&pdf);
    let running = |l: &str| {
        l.trim().is_empty()
            || l.contains("Page ")
            || pages
                .iter()
                .all(|p| p.lines().any(|x| x.trim() == l.trim()))
    };
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.lines().any(|l| !running(l)),
            "page {} of {} is blank: {page:?}",
            i + 1,
            pages.len()
        );
    }
    // Every tick is text read "Yes" (its glyph maps to the word), in a cell of the table, not a figure.
    let tagged = support::tags::Tagged::read(&pdf);
    assert_eq!(
        tagged.runs.iter().filter(|r| r.text == "Yes").count(),
        5,
        "one \"Yes\" per tick"
    );
    assert!(
        tagged.elems.iter().all(|e| e.role != "Figure"),
        "no tick is a figure"
    );
}

#[test]
fn a_narrow_matrix_stays_portrait() {
    let dir = project();
    std::fs::write(dir.path().join("inputs/charter.xlsx"), workbook(4, "")).unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        page_sizes(&out(dir.path(), "charter.pdf"))
            .iter()
            .all(|(w, h)| w < h)
    );
}

#[test]
fn a_seven_where_a_tick_was_meant_is_an_error_naming_the_cell() {
    let dir = project();
    std::fs::write(dir.path().join("inputs/charter.xlsx"), workbook(10, "7")).unwrap();
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("inputs/charter.xlsx: sheet \"Alignment\", cell C4: \"7\" is not a tick; use ✓ or leave it blank"),
        "{err}"
    );
}
