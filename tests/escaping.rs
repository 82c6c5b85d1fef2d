//! Property test: any text in a workbook cell prints exactly as typed.

mod support;

use papers::diag::Diagnostics;
use papers::pipeline::{Options, Project, process};
use proptest::prelude::*;
use support::*;

fn text() -> impl Strategy<Value = String> {
    // Typst's markup characters, ASCII, and letters of Welsh, Irish and Polish names.
    let chars = prop::char::ranges(vec![' '..='~', 'À'..='ž', '‘'..='”'].into());
    prop::collection::vec(chars, 1..40)
        .prop_map(|v| v.into_iter().collect::<String>())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn any_cell_text_prints_literally(title in text(), subject in text()) {
        let dir = project();
        let project = Project::open(dir.path()).unwrap();
        let bytes = Book::new().cover(&[("Title", &title), ("Subject", &subject)]).bytes();
        let mut diags = Diagnostics::new("inputs/p.xlsx");
        let built = process(&project, &Options::default(), &bytes, None, "output/p.pdf", &mut diags);
        let built = built.unwrap_or_else(|| panic!("{:?}", diags.list));
        // A long run of letters may carry an invisible zero-width space where it can break.
        let text = squash(&pdf_text_bytes(&built.pdf.unwrap().bytes)).replace('\u{200b}', "");
        prop_assert!(text.contains(&squash(&title)), "title {:?} not in {:?}", title, text);
        prop_assert!(text.contains(&squash(&subject)), "subject {:?} not in {:?}", subject, text);
    }
}
