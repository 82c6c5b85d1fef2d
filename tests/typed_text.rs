//! Text as officers type it: recommendations under a lead-in line, bare web and email
//! addresses.

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

/// Every link target of a PDF's pages (the URIs of its link annotations).
fn uris(path: &std::path::Path) -> Vec<String> {
    let doc = lopdf::Document::load(path).unwrap();
    let mut found = Vec::new();
    for (_, page) in doc.get_pages() {
        let Ok(page) = doc.get_dictionary(page) else {
            continue;
        };
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
            other => other.as_array().unwrap().clone(),
        };
        for a in annots {
            let a = match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(r).unwrap().clone(),
                other => other.as_dict().unwrap().clone(),
            };
            if let Ok(action) = a.get(b"A") {
                let action = match action {
                    lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap().clone(),
                    other => other.as_dict().unwrap().clone(),
                };
                if let Ok(lopdf::Object::String(uri, _)) = action.get(b"URI") {
                    found.push(String::from_utf8_lossy(uri).into_owned());
                }
            }
        }
    }
    found
}

#[test]
fn bare_web_and_email_addresses_are_links_in_the_pdf_and_the_page() {
    let dir = project();
    let d = dir.path();
    let mut paper = report("Parking charges");
    paper.sheets[1].1[1][2] = t(
        "The consultation is at https://www.example.gov.uk/parking. Write to parking@example.gov.uk.",
    );
    paper.write(&d.join("inputs/parking.xlsx"));
    let run = papers(d, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let links = uris(&d.join("output/parking.pdf"));
    assert!(
        links.contains(&"https://www.example.gov.uk/parking".to_owned())
            && links.contains(&"mailto:parking@example.gov.uk".to_owned()),
        "{links:?}"
    );
    let page = std::fs::read_to_string(d.join("output/parking.html")).unwrap();
    assert!(
        page.contains(
            "<a href=\"https://www.example.gov.uk/parking\">https://www.example.gov.uk/parking</a>."
        ) && page.contains("<a href=\"mailto:parking@example.gov.uk\">parking@example.gov.uk</a>."),
        "{page}"
    );
}

#[test]
fn cover_fields_papers_does_not_know_print_in_the_cover_table() {
    let dir = project();
    let d = dir.path();
    let mut paper = report("Land at Mill Lane");
    for (field, value) in [
        ("Application number", "24/00211/PREAPP"),
        ("Applicant", "Mill Lane Homes Ltd"),
        ("Case officer", "Sam Patel"),
    ] {
        paper.sheets[0].1.push(vec![t(field), t(value)]);
    }
    paper.write(&d.join("inputs/mill-lane.xlsx"));
    let run = papers(d, &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let first = squash(&pdf_page_texts(&d.join("output/mill-lane.pdf"))[0]);
    for want in [
        "Application number 24/00211/PREAPP",
        "Applicant Mill Lane Homes Ltd",
        "Case officer Sam Patel",
        "1. Background",
    ] {
        assert!(first.contains(&squash(want)), "{want}: {first}");
    }
    let page = std::fs::read_to_string(d.join("output/mill-lane.html")).unwrap();
    assert!(
        page.contains("<div><dt>Applicant</dt><dd>Mill Lane Homes Ltd</dd></div>")
            && !page.contains("<h2 id=\"extra-"),
        "{page}"
    );
}
