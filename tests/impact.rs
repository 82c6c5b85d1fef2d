//! Integrated impact assessments: both layouts, ratings in words, slips named by cell.

mod support;

use support::*;

fn json_check(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let run = papers(dir, &["check", "--message-format", "json"]);
    String::from_utf8_lossy(&run.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&run.stderr).lines())
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| v.get("code").is_some())
        .collect()
}

fn iia_cover() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Template", "impact-assessment"),
        ("Title", "Impact of the parking review"),
        ("Council", "Norwich City Council"),
        ("Committee", "Cabinet"),
        ("Committee date", "date:2026-03-04"),
        ("Head of service", "Siân Ó Briain"),
        ("Date assessed", "date:2026-02-10"),
        ("Description", "Changes to **parking** charges."),
    ]
}

#[test]
fn three_column_layout_prints_every_row_with_its_rating_in_words() {
    let dir = project();
    let mut rows = vec![vec![
        t("Category"),
        t("Item"),
        t("Neutral"),
        t("Positive"),
        t("Negative"),
        t("Comments"),
    ]];
    rows.push(vec![
        t("Economic (please add an 'x' as appropriate)"),
        t("Finance (value for money)"),
        V::E,
        t("x"),
        V::E,
        t("Saves money"),
    ]);
    rows.push(vec![V::E, t("ICT services"), t("X"), V::E, V::E, V::E]);
    rows.push(vec![
        t("Environmental"),
        t("Pollution"),
        V::E,
        V::E,
        t("✓"),
        t("More cars"),
    ]);
    rows.push(vec![
        V::E,
        t("Natural and built environment"),
        V::E,
        V::E,
        V::E,
        V::E,
    ]);
    rows.push(vec![
        t("Risk management"),
        t("Risk management"),
        V::B(true),
        V::E,
        V::E,
        V::E,
    ]);
    Book::new()
        .cover(&iia_cover())
        .sheet("Impact assessment", rows)
        .text_sheet(
            "Impact recommendations",
            &[
                &["Kind", "Text"],
                &["Positive", "Cheaper for residents"],
                &["Negative", "Car use may rise"],
            ],
        )
        .write(&dir.path().join("inputs/parking-iia.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(stderr(&run).contains("not-assessed"), "{}", stderr(&run));
    let text = squash(&pdf_spoken_text(&out(dir.path(), "parking-iia.pdf")));
    // Each box is read: "marked" or "not marked", under its Neutral, Positive, Negative column.
    for want in [
        "Finance (value for money) not marked marked not marked Positive Saves money",
        "ICT services marked not marked not marked Neutral",
        "Pollution not marked not marked marked Negative More cars",
        "Natural and built environment not marked not marked not marked Not assessed",
        "Risk management marked not marked not marked Neutral",
        "Head of service Siân Ó Briain",
        "Date assessed 10 February 2026",
        "Committee date 4 March 2026",
        "Recommendations from impact assessment Positive Cheaper for residents Negative Car use may rise Page",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    // A kind with nothing given prints nothing.
    assert!(
        !text.contains("Neutral None") && !text.contains("Issues") && !text.contains("None given"),
        "{text}"
    );
    // Configured categories print in their order, then the workbook's own.
    assert!(text.find("Economic").unwrap() < text.find("Environmental").unwrap());
    assert!(text.find("Environmental").unwrap() < text.find("Riskmanagement").unwrap());
}

#[test]
fn one_column_layout_inside_a_committee_report() {
    let dir = project();
    report("Parking review")
        .text_sheet(
            "Impact assessment",
            &[
                &["Category", "Item", "Impact", "Comments"],
                &["Social", "Health and well being", "Positive", "Cleaner air"],
                &["Social", "Human Rights Act 1998", "neutral", ""],
            ],
        )
        .write(&dir.path().join("inputs/parking.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_spoken_text(&out(dir.path(), "parking.pdf")));
    assert!(text.contains("Integratedimpactassessment"), "{text}");
    assert!(
        text.contains("Healthandwellbeingnotmarkedmarkednotmarked")
            && text.contains("notmarkedPositiveCleanerair"),
        "{text}"
    );
    assert!(
        text.contains("HumanRightsAct1998markednotmarkednotmarkedNeutral"),
        "{text}"
    );
    assert!(
        text.find("Secondparagraph.").unwrap() < text.find("Integratedimpactassessment").unwrap()
    );
}

#[test]
fn misspelt_ratings_and_two_marks_are_errors_with_their_cells() {
    let dir = project();
    report("Words")
        .text_sheet(
            "Impact assessment",
            &[
                &["Category", "Item", "Impact", "Comments"],
                &["Social", "Health", "Postive", ""],
            ],
        )
        .write(&dir.path().join("inputs/words.xlsx"));
    report("Marks")
        .text_sheet(
            "Impact assessment",
            &[
                &[
                    "Category", "Item", "Neutral", "Positive", "Negative", "Comments",
                ],
                &["Social", "Health", "x", "x", "", ""],
                &["Social", "Safety", "", "7", "", ""],
            ],
        )
        .write(&dir.path().join("inputs/marks.xlsx"));
    let diags = json_check(dir.path());
    let find = |file: &str, code: &str| {
        diags
            .iter()
            .find(|d| d["file"].as_str().unwrap().ends_with(file) && d["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {file}: {diags:?}"))
            .clone()
    };
    let d = find("words.xlsx", "bad-value");
    assert_eq!(
        (
            d["sheet"].as_str(),
            d["cell"].as_str(),
            d["suggestion"].as_str()
        ),
        (Some("Impact assessment"), Some("C2"), Some("Positive"))
    );
    assert_eq!(find("marks.xlsx", "two-marks")["cell"], "C2");
    assert_eq!(find("marks.xlsx", "not-a-tick")["cell"], "D3");
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!dir.path().join("output/words.pdf").exists());
}
