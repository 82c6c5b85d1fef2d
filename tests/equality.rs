//! Equality impact assessments: every protected characteristic, impacts in words, negative
//! impacts mitigated, the same result from .xlsx and .ods.

mod support;

use std::io::Write;

use support::*;

const NINE: [&str; 9] = [
    "Age",
    "Disability",
    "Gender reassignment",
    "Marriage/Civil Partnership",
    "Pregnancy and maternity",
    "Race",
    "Religion/Belief",
    "Sex",
    "Sexual orientation",
];

fn cover() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Template", "equality-impact-assessment"),
        ("Title", "Library opening hours"),
        ("Council", "Gwynedd Council"),
        ("Reference", "EQIA-00042"),
        ("Assessor name", "Dafydd Ŵyn"),
        ("Description", "Shorter hours on Mondays."),
        ("Policy type", "Minor change"),
        ("Head of service", "Ffion Jones"),
        ("Head of service email", "ffion.jones@example.gov.uk"),
        ("Status", "Approved"),
        ("Date assessed", "date:2026-02-03"),
    ]
}

fn groups(impact_of: impl Fn(&str) -> &'static str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "Group".to_owned(),
        "Impact".to_owned(),
        "Explanation".to_owned(),
    ]];
    for g in NINE.iter().chain(&["Care experience"]) {
        rows.push(vec![
            (*g).to_owned(),
            impact_of(g).to_owned(),
            format!("Explained for {g}"),
        ]);
    }
    rows
}

fn sheet(rows: &[Vec<String>]) -> Vec<Vec<V>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| if c.is_empty() { V::E } else { t(c) })
                .collect()
        })
        .collect()
}

#[test]
fn every_group_prints_with_its_impact_in_words_and_the_action_plan_follows() {
    let dir = project();
    let rows = groups(|g| match g {
        "Age" => "Positive impact",
        "Disability" => "Negative",
        _ => "Neutral",
    });
    Book::new()
        .cover(&cover())
        .sheet("Equality impact", sheet(&rows))
        .text_sheet(
            "Actions",
            &[
                &[
                    "Workstream",
                    "Action",
                    "Lead",
                    "Deadline",
                    "Status",
                    "Expected outcome",
                ],
                &[
                    "Disability",
                    "Home library service on Mondays",
                    "Library manager",
                    "Ongoing",
                    "Due to start",
                    "No loss of access",
                ],
            ],
        )
        .write(&dir.path().join("inputs/eqia.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "eqia.pdf")));
    for want in [
        "Equality impact assessment EQIA-00042 Library opening hours",
        "Name Dafydd Ŵyn",
        "Age Positive Explained for Age",
        "Disability Negative Explained for Disability",
        "Marriage/Civil Partnership Neutral",
        "Care experience Neutral",
        "Home library service on Mondays Library manager Ongoing Due to start No loss of access",
        "Head of service Ffion Jones",
        "Status Approved",
        "Date assessed 3 February 2026",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    // A blank Business plan proposal number prints nothing, not a placeholder.
    assert!(!text.contains("None"), "{text}");
}

#[test]
fn a_missing_characteristic_and_an_unmitigated_negative_are_named() {
    let dir = project();
    let mut rows = groups(|g| if g == "Race" { "Negative" } else { "Neutral" });
    rows.retain(|r| r[0] != "Sexual orientation");
    Book::new()
        .cover(&cover())
        .sheet("Equality impact", sheet(&rows))
        .write(&dir.path().join("inputs/eqia.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("missing-group") && err.contains("\"Sexual orientation\""),
        "{err}"
    );
    assert!(
        err.contains("unmitigated-negative") && err.contains("cell B7"),
        "{err}"
    );
    assert!(!dir.path().join("output/eqia.pdf").exists());
}

/// A minimal OpenDocument spreadsheet, as LibreOffice writes one, from text rows.
fn ods(sheets: &[(&str, Vec<Vec<String>>)]) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    for (name, rows) in sheets {
        body.push_str(&format!("<table:table table:name=\"{}\">", esc(name)));
        for row in rows {
            body.push_str("<table:table-row>");
            for cell in row {
                if cell.is_empty() {
                    body.push_str("<table:table-cell/>");
                } else {
                    body.push_str(&format!("<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>", esc(cell)));
                }
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_eqia_saved_as_ods_reads_as_the_xlsx_does() {
    let dir = project();
    let rows = groups(|g| if g == "Age" { "Positive" } else { "Neutral" });
    let mut cover_rows = vec![vec!["Field".to_owned(), "Value".to_owned()]];
    // A date typed as text, as the xlsx's date cell shows it.
    cover_rows.extend(cover().iter().map(|(f, v)| {
        let v = if *v == "date:2026-02-03" {
            "3 February 2026"
        } else {
            v
        };
        vec![(*f).to_owned(), v.to_owned()]
    }));
    std::fs::write(
        dir.path().join("inputs/eqia-ods.ods"),
        ods(&[("Cover", cover_rows), ("Equality impact", rows.clone())]),
    )
    .unwrap();
    Book::new()
        .cover(&cover())
        .sheet("Equality impact", sheet(&rows))
        .write(&dir.path().join("inputs/eqia-xlsx.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let from_ods = pdf_text(&out(dir.path(), "eqia-ods.pdf"));
    let from_xlsx = pdf_text(&out(dir.path(), "eqia-xlsx.pdf"));
    assert!(squash(&from_ods).contains("AgePositive"), "{from_ods}");
    assert_eq!(squash(&from_ods), squash(&from_xlsx));
}
