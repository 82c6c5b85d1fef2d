//! Every slip once, at the cell at fault: no cascades, and a missing column named at the
//! header that was meant for it.

mod support;

use support::*;

const NINE: [&str; 9] = [
    "Age",
    "Disability",
    "Gender reassignment",
    "Marriage and civil partnership",
    "Pregnancy and maternity",
    "Race",
    "Religion or belief",
    "Sex",
    "Sexual orientation",
];

/// An EqIA whose Equality impact sheet has `header` and each group's impact from `impact`.
fn eqia(header: [&str; 3], impact: impl Fn(&str) -> &'static str) -> Book {
    let mut rows = vec![header.iter().map(|h| t(h)).collect::<Vec<_>>()];
    rows.extend(
        NINE.iter()
            .map(|g| vec![t(g), t(impact(g)), t("Explained.")]),
    );
    Book::new()
        .cover(&[
            ("Template", "equality-impact-assessment"),
            ("Title", "Library hours"),
        ])
        .sheet("Equality impact", rows)
}

fn check(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let run = papers(dir, &["check", "--message-format", "json"]);
    String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v.get("code").is_some())
        .collect()
}

#[test]
fn a_misspelt_impact_is_one_error_not_also_a_missing_group() {
    let dir = project();
    eqia(["Group", "Impact", "Explanation"], |g| {
        if g == "Age" { "Postive" } else { "Neutral" }
    })
    .write(&dir.path().join("inputs/eqia.xlsx"));
    let diags = check(dir.path());
    let errors: Vec<&serde_json::Value> =
        diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "bad-value");
    assert_eq!(errors[0]["cell"], "B2");
    assert_eq!(errors[0]["suggestion"], "Positive");
}

#[test]
fn a_missing_column_is_named_at_the_misnamed_header() {
    let dir = project();
    eqia(["Group", "Rating", "Explanation"], |_| "Neutral")
        .write(&dir.path().join("inputs/eqia.xlsx"));
    Book::new()
        .cover(&[("Template", "impact-assessment"), ("Title", "Budget")])
        .text_sheet(
            "Impact assessment",
            &[
                &["Category", "Item", "Rating", "Comments"],
                &["Economic", "Jobs", "Positive", ""],
            ],
        )
        .write(&dir.path().join("inputs/iia.xlsx"));
    let diags = check(dir.path());
    for file in ["inputs/eqia.xlsx", "inputs/iia.xlsx"] {
        let missing: Vec<&serde_json::Value> = diags
            .iter()
            .filter(|d| d["file"] == file && d["code"] == "missing-column")
            .collect();
        assert_eq!(missing.len(), 1, "{file}: {diags:?}");
        let want = if file == "inputs/eqia.xlsx" {
            "B1"
        } else {
            "C1"
        };
        assert_eq!(missing[0]["cell"], want, "{file}: {missing:?}");
        let message = missing[0]["message"].as_str().unwrap();
        assert!(
            message.contains("\"Rating\"") && message.contains("Impact"),
            "{message}"
        );
        assert_eq!(missing[0]["suggestion"], "rename \"Rating\" to \"Impact\"");
    }
}

#[test]
fn a_status_typo_is_named_with_its_suggestion() {
    let dir = project();
    Book::new()
        .cover(&[("Template", "action-plan"), ("Title", "Plan")])
        .text_sheet(
            "Actions",
            &[
                &["Workstream", "Action", "Lead", "Deadline", "Status"],
                &[
                    "Income",
                    "Promote benefit take-up",
                    "Neighbourhoods",
                    "March 2027",
                    "Compelte",
                ],
                &[
                    "",
                    "Advice sessions",
                    "Housing",
                    "Ongoing",
                    "Review of policies",
                ],
            ],
        )
        .write(&dir.path().join("inputs/plan.xlsx"));
    let diags = check(dir.path());
    let status: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "near-category")
        .collect();
    assert_eq!(status.len(), 1, "{diags:?}");
    assert_eq!(status[0]["cell"], "E2");
    assert_eq!(status[0]["severity"], "warning");
    assert_eq!(status[0]["suggestion"], "Complete");
}
