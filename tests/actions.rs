//! Action plans: grouped, dated, counted, and slips named by cell.

mod support;

use support::*;

fn actions_sheet() -> Vec<Vec<V>> {
    vec![
        vec![
            t("Workstream"),
            t("Action"),
            t("Lead"),
            t("Deadline"),
            t("Status"),
        ],
        vec![t("Welfare changes"), V::E, V::E, V::E, V::E],
        vec![
            V::E,
            t("Smooth move to Universal Credit"),
            t("Housing"),
            V::D(2026, 9, 1),
            t("On target"),
        ],
        vec![
            V::E,
            t("Promote benefit take-up"),
            t("Neighbourhoods"),
            t("November 2026 onwards"),
            t("Yet to start"),
        ],
        vec![
            t("Jobs"),
            t("Jobs fair"),
            t("City development"),
            t("Ongoing"),
            t("Ongoing, first fair held"),
        ],
        vec![
            t("Welfare changes"),
            t("Review Go for Less"),
            t("Leisure"),
            V::D(2026, 12, 31),
            t("Complete"),
        ],
    ]
}

#[test]
fn an_action_plan_appendix_groups_dates_and_counts_its_actions() {
    let dir = project();
    let book = Book::new()
        .cover(&[
            ("Title", "Reducing inequalities"),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Actions title", "Action plan 2026-27"),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["", "", "The plan is attached."],
            ],
        )
        .sheet("Actions", actions_sheet())
        .text_sheet(
            "Pilot",
            &[&["Title", "Description"], &["Cycling", "With schools"]],
        );
    book.write(&dir.path().join("inputs/plan.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "plan.pdf")));
    for want in [
        "Appendix 1: Action plan 2026-27",
        "Status summary as at 4 March 2026 (4 actions)",
        "On target 1",
        "Yet to start 1",
        "Ongoing 1",
        "Complete 1",
        "Welfare changes Smooth move to Universal Credit Housing 1 September 2026 On target",
        "Promote benefit take-up Neighbourhoods November 2026 onwards Yet to start",
        "Review Go for Less Leisure 31 December 2026 Complete",
        "Jobs Jobs fair City development Ongoing",
        "Appendix 2: Pilot",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    // Workstreams in order of first appearance: the later Welfare row joins the first group.
    assert!(
        text.find(&squash("Review Go for Less")).unwrap()
            < text.find(&squash("Jobs fair")).unwrap()
    );
}

#[test]
fn status_date_wins_over_the_meeting_date_in_a_standalone_plan() {
    let dir = project();
    Book::new()
        .cover(&[
            ("Template", "action-plan"),
            ("Title", "Plan"),
            ("Meeting date", "date:2026-03-04"),
            ("Status date", "date:2026-02-20"),
        ])
        .sheet("Actions", actions_sheet())
        .write(&dir.path().join("inputs/plan.xlsx"));
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = squash(&pdf_text(&out(dir.path(), "plan.pdf")));
    assert!(
        text.contains(&squash("Status summary as at 20 February 2026")),
        "{text}"
    );
    assert!(!text.contains("Appendix"), "{text}");
}

#[test]
fn a_misspelt_rag_and_a_number_for_a_deadline_are_named() {
    let dir = project();
    Book::new()
        .cover(&[("Template", "action-plan"), ("Title", "Plan")])
        .sheet(
            "Actions",
            vec![
                vec![
                    t("Workstream"),
                    t("Action"),
                    t("Lead"),
                    t("Deadline"),
                    t("Status"),
                    t("RAG"),
                ],
                vec![t("W"), t("A"), t("L"), V::N(3.5), t("Late"), t("Ambre")],
            ],
        )
        .write(&dir.path().join("inputs/plan.xlsx"));
    let run = papers(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("sheet \"Actions\", cell F2: RAG: \"Ambre\" is not one of Red, Amber, Green; did you mean \"Amber\"?"), "{err}");
    assert!(
        err.contains("cell D2") && err.contains("date-expected"),
        "{err}"
    );
}
