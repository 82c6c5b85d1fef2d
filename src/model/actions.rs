//! The `Actions` sheet (seed 004 Appendix 1, seed 003's action plan): actions grouped under
//! their workstreams, deadlines as British long dates or as written, and a status summary
//! counted from each action's status category or its RAG rating.

use serde::Serialize;

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, nearest};
use crate::model::fit::{self, ColumnFit};
use crate::workbook::{Cell, Sheet, Table, cell_ref, norm};

/// RAG ratings, and what each means in words.
pub const RAG: [(&str, &str); 3] = [
    ("Red", "at risk"),
    ("Amber", "some slippage"),
    ("Green", "on track"),
];

/// Status categories, in the order the summary lists them, with the phrases that put a
/// free-text status into each (the earliest phrase in the text wins).
const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "Complete",
        &[
            "complete",
            "completed",
            "delivered",
            "done",
            "achieved",
            "closed",
        ],
    ),
    ("On target", &["on target", "on track"]),
    (
        "Ongoing",
        &[
            "ongoing",
            "in progress",
            "work started",
            "started and",
            "underway",
            "under way",
        ],
    ),
    ("Due to start", &["due to start", "starting"]),
    (
        "Yet to start",
        &["yet to start", "not started", "not yet started"],
    ),
    ("Delayed", &["delayed", "behind", "slipped", "overdue"]),
    ("At risk", &["at risk", "risk of"]),
];

/// What a status that fits no category is counted as.
pub const OTHER: &str = "Other";

/// One action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// What will be done.
    pub action: String,
    /// Who leads it.
    pub lead: String,
    /// The deadline: a British long date, or the text as written ("March 2016", "Ongoing").
    pub deadline: String,
    /// The status as written.
    pub status: String,
    /// The status category it is counted under.
    pub category: String,
    /// Red, Amber or Green, when the sheet has a RAG column.
    pub rag: Option<String>,
    /// The expected outcome, when the sheet has the column.
    pub outcome: String,
}

/// A workstream heading and its actions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workstream {
    /// The workstream, as written.
    pub name: String,
    /// Its actions, in sheet order.
    pub actions: Vec<Action>,
}

/// One bar of the status summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusCount {
    /// The category (or RAG rating, with its meaning).
    pub category: String,
    /// How many actions.
    pub count: usize,
    /// The bar's length as a share of the longest bar, 0 to 1, for the chart.
    pub share: f64,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionPlan {
    /// "Status as at" date, British long form: the Cover's Status date, else the meeting date.
    pub status_date: Option<String>,
    /// The count per status category, largest first, ties in category order.
    pub summary: Vec<StatusCount>,
    /// How many actions in all.
    pub total: usize,
    /// Workstreams in order of first appearance.
    pub workstreams: Vec<Workstream>,
    /// Whether the sheet has a RAG column (the table shows it).
    pub has_rag: bool,
    /// Whether the sheet has an Expected outcome column (the table shows it).
    pub has_outcome: bool,
    /// What Typst measures to size each column of the action table from its content.
    pub fits: ActionFits,
    /// The fits of the columns an action plan shows, in order: Action, Lead, Deadline,
    /// Status, then RAG and Expected outcome when the sheet has them.
    pub shown_fits: Vec<ColumnFit>,
    /// Whether the plan is short enough to keep its table whole on one page.
    pub whole: bool,
}

/// The column fits of an action table, by column; a template shows the columns it needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActionFits {
    /// The Action column.
    pub action: ColumnFit,
    /// The Lead (or Officer) column.
    pub lead: ColumnFit,
    /// The Deadline (or Completion date) column.
    pub deadline: ColumnFit,
    /// The Status column.
    pub status: ColumnFit,
    /// The RAG column.
    pub rag: ColumnFit,
    /// The Expected outcome column.
    pub outcome: ColumnFit,
}

impl ActionFits {
    /// The fits of `actions`' columns.
    fn of<'a>(actions: &[&'a Action]) -> Self {
        let col = |head: &str, get: fn(&'a Action) -> &'a str| {
            fit::column(head, actions.iter().map(|a| get(a)))
        };
        ActionFits {
            action: col("Action", |a| &a.action),
            lead: col("Lead", |a| &a.lead),
            deadline: col("Deadline", |a| &a.deadline),
            status: col("Status", |a| &a.status),
            rag: col("RAG", |a| a.rag.as_deref().unwrap_or_default()),
            outcome: col("Expected outcome", |a| &a.outcome),
        }
    }
}

impl ActionPlan {
    /// Reads the sheet. `status_date` is the Cover's Status date or the meeting date.
    pub fn read(
        sheet: &Sheet,
        status_date: Option<Date>,
        diags: &mut Diagnostics,
    ) -> Option<ActionPlan> {
        let table = Table::new(sheet);
        let [ws_col, action_col, lead_col, deadline_col, status_col] = table.require_with(
            ["Workstream", "Action", "Lead", "Deadline", "Status"],
            &["RAG", "Expected outcome"],
            diags,
        )?;
        let rag_col = table.column("RAG");
        let outcome_col = table.column("Expected outcome");
        let mut workstreams: Vec<Workstream> = Vec::new();
        let mut current: Option<String> = None;
        for r in table.rows() {
            let ws = table.text(r, ws_col);
            if !ws.is_empty() {
                current = Some(ws.clone());
                if !workstreams.iter().any(|w| norm(&w.name) == norm(&ws)) {
                    workstreams.push(Workstream {
                        name: ws,
                        actions: Vec::new(),
                    });
                }
            }
            let action = table.text(r, action_col);
            if action.is_empty() {
                // A workstream heading row, as the seed writes them.
                continue;
            }
            let Some(ws) = current.clone() else {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(r, ws_col)),
                    "missing-value",
                    "the first action has no Workstream",
                );
                continue;
            };
            let status = table.text(r, status_col);
            let rag = rag_col.and_then(|c| read_rag(&table, r, c, diags));
            let category = match &rag {
                Some(rag) => rag_label(rag),
                None => categorise(&status).to_owned(),
            };
            // A Status close to a category is named whether or not a RAG column counts the
            // row: the paper prints the Status as typed.
            if categorise(&status) == OTHER
                && let Some(meant) = near_category(&status)
            {
                let counted = if rag.is_some() {
                    "the summary counts the row by its RAG rating, and the paper prints the Status \
                        as typed"
                        .to_owned()
                } else {
                    format!("so the summary counts it as {OTHER}")
                };
                diags.warn(&sheet.name, Some(cell_ref(r, status_col)), "near-category", format!(
                    "Status: \"{status}\" is close to the status \"{meant}\" but not it; {counted}"
                )).suggestion = Some(meant.to_owned());
            }
            let deadline = deadline(
                table.cell(r, deadline_col),
                &sheet.name,
                r,
                deadline_col,
                diags,
            );
            let action = Action {
                action,
                lead: table.text(r, lead_col),
                deadline,
                status,
                category,
                rag,
                outcome: outcome_col.map(|c| table.text(r, c)).unwrap_or_default(),
            };
            if let Some(w) = workstreams.iter_mut().find(|w| norm(&w.name) == norm(&ws)) {
                w.actions.push(action);
            }
        }
        let all: Vec<&Action> = workstreams.iter().flat_map(|w| &w.actions).collect();
        let order: Vec<String> = if rag_col.is_some() && all.iter().any(|a| a.rag.is_some()) {
            RAG.iter().map(|(r, _)| rag_label(r)).collect()
        } else {
            CATEGORIES.iter().map(|(c, _)| (*c).to_owned()).collect()
        };
        let mut summary: Vec<StatusCount> = order
            .iter()
            .chain(std::iter::once(&OTHER.to_owned()))
            .map(|c| StatusCount {
                category: c.clone(),
                count: all.iter().filter(|a| &a.category == c).count(),
                share: 0.0,
            })
            .filter(|s| s.count > 0)
            .collect();
        let max = summary.iter().map(|s| s.count).max().unwrap_or(1).max(1);
        for s in &mut summary {
            s.share = (s.count as f64 / max as f64 * 1000.0).round() / 1000.0;
        }
        summary.sort_by_key(|s| std::cmp::Reverse(s.count));
        let fits = ActionFits::of(&all);
        let mut shown_fits = vec![
            fits.action.clone(),
            fits.lead.clone(),
            fits.deadline.clone(),
            fits.status.clone(),
        ];
        shown_fits.extend(rag_col.map(|_| fits.rag.clone()));
        shown_fits.extend(outcome_col.map(|_| fits.outcome.clone()));
        let rows: Vec<Vec<String>> = all
            .iter()
            .map(|a| {
                vec![
                    a.action.clone(),
                    a.lead.clone(),
                    a.status.clone(),
                    a.outcome.clone(),
                ]
            })
            .collect();
        let whole = crate::model::appendix::keep_whole(&rows);
        Some(ActionPlan {
            fits,
            shown_fits,
            whole,
            status_date: status_date.map(Date::long),
            summary,
            total: all.len(),
            has_rag: rag_col.is_some(),
            has_outcome: outcome_col.is_some(),
            workstreams: workstreams
                .into_iter()
                .filter(|w| !w.actions.is_empty())
                .collect(),
        })
    }

    /// Every action with the workstream it is under.
    pub fn actions(&self) -> impl Iterator<Item = (&str, &Action)> {
        self.workstreams
            .iter()
            .flat_map(|w| w.actions.iter().map(move |a| (w.name.as_str(), a)))
    }
}

/// "Red (at risk)".
fn rag_label(rag: &str) -> String {
    let meaning = RAG.iter().find(|(r, _)| *r == rag).map_or("", |(_, m)| m);
    format!("{rag} ({meaning})")
}

/// The RAG cell: Red, Amber or Green (R, A, G too), blank, or an error with a suggestion.
fn read_rag(table: &Table<'_>, r: usize, c: usize, diags: &mut Diagnostics) -> Option<String> {
    let text = table.text(r, c);
    if text.is_empty() {
        return None;
    }
    let t = norm(&text);
    if let Some((rag, _)) = RAG
        .iter()
        .find(|(rag, _)| norm(rag) == t || rag[..1].eq_ignore_ascii_case(&t))
    {
        return Some((*rag).to_owned());
    }
    let d = diags.error(
        &table.sheet.name,
        Some(cell_ref(r, c)),
        "bad-value",
        format!("RAG: \"{text}\" is not one of Red, Amber, Green"),
    );
    d.suggestion = nearest(&text, RAG.iter().map(|(r, _)| *r)).map(str::to_owned);
    None
}

/// The category of a free-text status: the category whose phrase comes first in the text.
pub fn categorise(status: &str) -> &'static str {
    let s = status.to_lowercase();
    CATEGORIES
        .iter()
        .filter_map(|(cat, phrases)| {
            phrases
                .iter()
                .filter_map(|p| find_word(&s, p))
                .min()
                .map(|at| (at, *cat))
        })
        .min()
        .map_or(OTHER, |(_, cat)| cat)
}

/// The category whose phrase a status is a slip of ("On targt" for "On target"): one letter
/// off for a short phrase, two for a longer one.
fn near_category(status: &str) -> Option<&'static str> {
    let s = status.trim().to_lowercase();
    CATEGORIES
        .iter()
        .flat_map(|(cat, phrases)| {
            phrases
                .iter()
                .map(|p| (strsim::damerau_levenshtein(&s, p), *cat, p.len()))
        })
        .filter(|&(d, _, len)| d > 0 && d <= if len <= 6 { 1 } else { 2 })
        .min_by_key(|&(d, _, _)| d)
        .map(|(_, cat, _)| cat)
}

/// Where `phrase` occurs in `text` as whole words.
fn find_word(text: &str, phrase: &str) -> Option<usize> {
    text.match_indices(phrase).map(|(i, _)| i).find(|&i| {
        let before = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + phrase.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// A deadline: a date cell (or a date serial) as a long date; text as written; a plain year
/// as written; any other number is a slip.
fn deadline(cell: &Cell, sheet: &str, r: usize, c: usize, diags: &mut Diagnostics) -> String {
    match cell {
        Cell::Date(d) => d.long(),
        Cell::Number(n) | Cell::Formatted(n, _) if (20_000.0..80_000.0).contains(n) => {
            Date::from_serial(*n).map(Date::long).unwrap_or_default()
        }
        Cell::Number(n) if n.fract() == 0.0 && (1900.0..2200.0).contains(n) => cell.display(),
        Cell::Number(n) | Cell::Formatted(n, _) if !n.is_finite() => {
            diags.error(sheet, Some(cell_ref(r, c)), "date-expected", format!(
                "Deadline: a date was expected, but the cell holds {}, which is no date or number \
                    a spreadsheet can show (the workbook was written by a program); type the date, \
                    or text such as \"March 2016\"",
                crate::workbook::not_a_number(*n)
            ));
            String::new()
        }
        Cell::Number(_) | Cell::Formatted(..) | Cell::Bool(_) => {
            diags.error(
                sheet,
                Some(cell_ref(r, c)),
                "date-expected",
                format!(
                    "Deadline: a date was expected, found \"{}\"; use a date cell, or text such as \
                    \"March 2016\" or \"Ongoing\"",
                    cell.display()
                ),
            );
            cell.display()
        }
        other => other.display(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Cell::{Empty, Text};

    fn t(s: &str) -> Cell {
        Text(s.to_owned())
    }

    #[test]
    fn free_text_statuses_fall_into_categories() {
        assert_eq!(categorise("On Target"), "On target");
        assert_eq!(
            categorise("Ongoing, Jobs Fair delivered and planning for next year"),
            "Ongoing"
        );
        assert_eq!(
            categorise("Yet to start but links to e.g. community assets work"),
            "Yet to start"
        );
        assert_eq!(categorise("Initial proposals complete"), "Complete");
        assert_eq!(
            categorise("Work started and will extend beyond March 2016"),
            "Ongoing"
        );
        assert_eq!(categorise("Due to start"), "Due to start");
        assert_eq!(categorise("Incomplete paperwork"), OTHER);
        assert_eq!(categorise("Review of policies"), OTHER);
    }

    #[test]
    fn a_status_close_to_a_category_is_named() {
        assert_eq!(near_category("On targt"), Some("On target"));
        assert_eq!(near_category("Ongiong"), Some("Ongoing"));
        assert_eq!(near_category("Compelte"), Some("Complete"));
        assert_eq!(near_category("late"), None);
        assert_eq!(near_category("Review of policies"), None);
        let sheet = Sheet {
            name: "Actions".into(),
            rows: vec![
                vec![
                    t("Workstream"),
                    t("Action"),
                    t("Lead"),
                    t("Deadline"),
                    t("Status"),
                ],
                vec![t("Jobs"), t("Fair"), t("HR"), t("May 2016"), t("On targt")],
            ],
            merges: vec![],
            bold: Vec::new(),
        };
        let mut diags = Diagnostics::new("x.xlsx");
        ActionPlan::read(&sheet, None, &mut diags).unwrap();
        assert_eq!(
            (diags.list[0].code, diags.list[0].cell.as_deref()),
            ("near-category", Some("E2"))
        );
        assert_eq!(diags.list[0].suggestion.as_deref(), Some("On target"));
        // With a RAG column that counts the row, the typo is still named.
        let mut with_rag = sheet.clone();
        with_rag.rows[0].push(t("RAG"));
        with_rag.rows[1].push(t("Green"));
        let mut diags = Diagnostics::new("x.xlsx");
        ActionPlan::read(&with_rag, None, &mut diags).unwrap();
        assert_eq!(
            (diags.list[0].code, diags.list[0].cell.as_deref()),
            ("near-category", Some("E2"))
        );
    }

    #[test]
    fn grouped_with_long_dates_and_counted() {
        let sheet = Sheet {
            name: "Actions".into(),
            rows: vec![
                vec![
                    t("Workstream"),
                    t("Action"),
                    t("Lead"),
                    t("Deadline"),
                    t("Status"),
                ],
                vec![t("Welfare"), Empty, Empty, Empty, Empty],
                vec![
                    Empty,
                    t("Universal Credit"),
                    t("Housing"),
                    Cell::Date(Date::new(2026, 9, 1).unwrap()),
                    t("On target"),
                ],
                vec![
                    t("Jobs"),
                    t("Apprenticeships"),
                    t("HR"),
                    t("March 2016"),
                    t("Ongoing"),
                ],
                vec![
                    t("Welfare"),
                    t("Benefits"),
                    t("LNS"),
                    Cell::Number(3.5),
                    t("Yet to start"),
                ],
            ],
            merges: vec![],
            bold: Vec::new(),
        };
        let mut diags = Diagnostics::new("x.xlsx");
        let plan = ActionPlan::read(&sheet, Date::new(2015, 11, 4), &mut diags).unwrap();
        assert_eq!(
            plan.workstreams
                .iter()
                .map(|w| w.name.as_str())
                .collect::<Vec<_>>(),
            ["Welfare", "Jobs"]
        );
        assert_eq!(plan.workstreams[0].actions[0].deadline, "1 September 2026");
        assert_eq!(plan.workstreams[1].actions[0].deadline, "March 2016");
        assert_eq!(plan.total, 3);
        assert_eq!(plan.status_date.as_deref(), Some("4 November 2015"));
        assert_eq!(diags.list.len(), 1);
        assert_eq!(
            (diags.list[0].code, diags.list[0].cell.as_deref()),
            ("date-expected", Some("D5"))
        );
    }

    #[test]
    fn rag_drives_the_summary_and_misspellings_are_suggested() {
        let sheet = Sheet {
            name: "Actions".into(),
            rows: vec![
                vec![
                    t("Workstream"),
                    t("Action"),
                    t("Lead"),
                    t("Deadline"),
                    t("Status"),
                    t("RAG"),
                ],
                vec![t("W"), t("A"), t("L"), t("Ongoing"), t("fine"), t("green")],
                vec![t("W"), t("B"), t("L"), t("Ongoing"), t("fine"), t("G")],
                vec![t("W"), t("C"), t("L"), t("Ongoing"), t("late"), t("Ambre")],
            ],
            merges: vec![],
            bold: Vec::new(),
        };
        let mut diags = Diagnostics::new("x.xlsx");
        let plan = ActionPlan::read(&sheet, None, &mut diags).unwrap();
        assert_eq!(plan.summary[0].category, "Green (on track)");
        assert_eq!(plan.summary[0].count, 2);
        assert_eq!(diags.list[0].suggestion.as_deref(), Some("Amber"));
        assert_eq!(diags.list[0].cell.as_deref(), Some("F4"));
    }
}
