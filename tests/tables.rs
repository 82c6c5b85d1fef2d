//! Tables set as a typesetter would (issue 24): columns sized from their content, no short
//! word broken, figures aligned on the digit, the author's bold and totals kept, sub-heading
//! rows, two-level headers, short tables whole and no last row alone on a page.
//!
//! `PAPERS_TABLE_FIXTURES=DIR` also writes the fixture workbooks to DIR, for building them by
//! hand with another binary.

mod support;
#[path = "support/tables.rs"]
mod wide;

use std::path::{Path, PathBuf};

use support::*;

/// The three wide tables of the issue, built in one project.
fn built() -> (tempfile::TempDir, [PathBuf; 3]) {
    let dir = project();
    let books = [
        ("risk-register", wide::risk_register()),
        ("budget", wide::budget()),
        ("action-plan", wide::action_plan()),
    ];
    let keep = std::env::var_os("PAPERS_TABLE_FIXTURES").map(PathBuf::from);
    for (name, bytes) in &books {
        std::fs::write(dir.path().join(format!("inputs/{name}.xlsx")), bytes).unwrap();
        if let Some(keep) = &keep {
            std::fs::create_dir_all(keep.join("inputs")).unwrap();
            std::fs::write(keep.join(format!("inputs/{name}.xlsx")), bytes).unwrap();
        }
    }
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdfs = books.map(|(name, _)| out(dir.path(), &format!("{name}.pdf")));
    (dir, pdfs)
}

/// How many pages a PDF has.
fn pages(pdf: &Path) -> usize {
    pdf_page_texts(pdf).len()
}

#[test]
fn the_wide_tables_of_the_issue_take_fewer_pages() {
    let (_dir, [risks, budget, actions]) = built();
    let counts = [pages(&risks), pages(&budget), pages(&actions)];
    eprintln!("pages: risk register, budget, action plan: {counts:?}");
}
