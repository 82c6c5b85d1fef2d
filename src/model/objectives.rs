//! The `Objectives` sheet of strategies and plans (seeds 001 and 002): an Objective column,
//! then one column per question ("What will we do?"), each cell that objective's answer. An
//! optional `Section` column groups the objectives (seed 001's organisational and service
//! objectives).

use serde::Serialize;

use crate::diag::{Diagnostics, nearest};
use crate::workbook::{Sheet, Table, cell_ref, norm};

/// The two layouts: seed 002's sections, seed 001's two-column table.
pub const LAYOUTS: [&str; 2] = ["sections", "table"];

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The column header.
    pub question: String,
    /// The cell (Markdown subset: `- ` lines are bullets).
    pub text: String,
}

/// One objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// The objective as written.
    pub title: String,
    /// Its answers, in column order; unanswered questions are left out.
    pub answers: Vec<Answer>,
    /// One cell per question, in column order, empty when unanswered (the table layout).
    pub cells: Vec<String>,
}

/// Objectives under one Section value (or all of them, unnamed, when there is no Section
/// column).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectiveGroup {
    /// The section, if the sheet has a Section column.
    pub name: Option<String>,
    /// Its objectives, in sheet order.
    pub objectives: Vec<Objective>,
}

/// The sheet, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objectives {
    /// Whether each objective is a section of its own (`sections`) or a table row (`table`).
    pub sections: bool,
    /// The header of the objective column in the table layout (Cover `Objective heading`).
    pub heading: String,
    /// The questions, in column order.
    pub questions: Vec<String>,
    /// The groups, in order of first appearance.
    pub groups: Vec<ObjectiveGroup>,
    /// The heading level of an objective in the sections layout: 2, or 3 under named groups.
    pub level: u8,
}

impl Objectives {
    /// Reads the sheet. `layout` and `heading` are the Cover's `Objectives layout` and
    /// `Objective heading`, with the cell of the layout for diagnostics.
    pub fn read(
        sheet: &Sheet,
        layout: Option<(String, Option<String>)>,
        heading: Option<String>,
        cover_sheet: &str,
        diags: &mut Diagnostics,
    ) -> Option<Objectives> {
        let sections = match &layout {
            None => true,
            Some((l, at)) => match LAYOUTS.iter().position(|x| norm(x) == norm(l)) {
                Some(i) => i == 0,
                None => {
                    let d = diags.error(cover_sheet, at.clone(), "bad-value", format!("Objectives layout: \"{l}\" is not one of sections, table"));
                    d.suggestion = nearest(l, LAYOUTS).map(str::to_owned);
                    true
                }
            },
        };
        let table = Table::new(sheet);
        let [objective_col] = table.require(["Objective"], diags)?;
        let section_col = table.column("Section");
        let questions: Vec<(usize, String)> = table
            .headers
            .iter()
            .enumerate()
            .filter(|(c, h)| *c != objective_col && Some(*c) != section_col && !h.trim().is_empty())
            .map(|(c, h)| (c, h.trim().to_owned()))
            .collect();
        let mut groups: Vec<ObjectiveGroup> = Vec::new();
        for r in table.rows() {
            let title = table.text(r, objective_col);
            if title.is_empty() {
                diags.error(&sheet.name, Some(cell_ref(r, objective_col)), "missing-value", "answers with no Objective");
                continue;
            }
            let cells: Vec<String> = questions.iter().map(|(c, _)| table.text(r, *c)).collect();
            let answers = questions
                .iter()
                .zip(&cells)
                .filter(|(_, text)| !text.is_empty())
                .map(|((_, q), text)| Answer { question: q.clone(), text: text.clone() })
                .collect();
            let name = section_col.map(|c| table.text(r, c)).filter(|s| !s.is_empty());
            let objective = Objective { title, answers, cells };
            match groups.iter_mut().find(|g| g.name.as_deref().map(norm) == name.as_deref().map(norm)) {
                Some(g) => g.objectives.push(objective),
                None => groups.push(ObjectiveGroup { name, objectives: vec![objective] }),
            }
        }
        Some(Objectives {
            sections,
            heading: heading.unwrap_or_else(|| table.headers.get(objective_col).map_or("Objective".to_owned(), |h| h.trim().to_owned())),
            questions: questions.into_iter().map(|(_, q)| q).collect(),
            level: if groups.iter().any(|g| g.name.is_some()) { 3 } else { 2 },
            groups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Cell;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn questions_are_the_other_columns_and_sections_group() {
        let sheet = Sheet {
            name: "Objectives".into(),
            rows: vec![
                vec![t("Objective"), t("What will we do?"), t("Section"), t("How will we know?")],
                vec![t("Tackle inequalities"), t("- Close gaps"), t("Service"), Cell::Empty],
                vec![t("Show commitment"), t("- Champion"), t("Organisational"), t("Surveys")],
                vec![t("Respect"), t("- Challenge"), t("service"), t("Fewer incidents")],
            ],
            merges: vec![],
        };
        let mut diags = Diagnostics::new("x.xlsx");
        let o = Objectives::read(&sheet, Some(("Table".into(), None)), None, "Cover", &mut diags).unwrap();
        assert!(!o.sections);
        assert_eq!(o.questions, ["What will we do?", "How will we know?"]);
        assert_eq!(o.groups.len(), 2);
        assert_eq!(o.groups[0].objectives.len(), 2);
        assert_eq!(o.groups[0].objectives[0].answers.len(), 1);
        let o = Objectives::read(&sheet, Some(("sectoins".into(), Some("B3".into()))), None, "Cover", &mut diags).unwrap();
        assert!(o.sections);
        assert_eq!(diags.list[0].suggestion.as_deref(), Some("sections"));
    }
}
