//! Recommendations as officers type them: a lead-in line, then the numbered items.

mod support;

use support::*;

#[test]
fn a_lead_in_is_printed_unnumbered_and_the_recommendations_are_numbered_from_1() {
    let dir = project();
    let d = dir.path();
    let mut paper = report("Parking charges");
    for row in &mut paper.sheets[0].1 {
        if matches!(&row[0], V::T(f) if f == "Recommendations") {
            row[1] =
                t("Cabinet is recommended to:\n1. note the consultation\n2. approve the charges");
        }
    }
    paper.write(&d.join("inputs/parking.xlsx"));
    let run = papers(d, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&d.join("output/parking.pdf")));
    assert!(
        text.contains(&squash(
            "Cabinet is recommended to: 1. note the consultation 2. approve the charges"
        )),
        "{text}"
    );
    assert!(!text.contains("2.1."), "{text}");
    let page = std::fs::read_to_string(d.join("output/parking.html")).unwrap();
    assert!(
        page.contains("<p>Cabinet is recommended to:</p>")
            && page.contains("<li value=\"1\">note the consultation</li>"),
        "{page}"
    );
}
