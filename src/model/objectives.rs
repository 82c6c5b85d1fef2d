//! The `Objectives` sheet of strategies and plans (seeds 001 and 002): an Objective column,
//! then one column per question ("What will we do?"), each cell that objective's answer. An
//! optional `Section` column groups the objectives (seed 001's organisational and service
//! objectives). The Cover's `Objectives layout` picks seed 002's sections or seed 001's table.

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::model::cover::Cover;
use crate::model::numbering::{self, Place};
use crate::workbook::{Sheet, Table, cell_ref, norm};

/// The two layouts: seed 002's sections, seed 001's two-column table.
pub const LAYOUTS: [&str; 2] = ["sections", "table"];

/// A table row whose longest answer is longer than this may break across pages; shorter
/// rows are kept whole, so that an objective never stands on one page and its answer on the
/// next.
const UNBREAKABLE_CHARS: usize = 1_200;

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The column header.
    pub question: String,
    /// The cell in the Markdown subset; a cell of several plain lines is a bullet per line.
    pub text: String,
}

/// One objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// "Strategic Objective 1" when the Cover gives an `Objective heading` for the sections
    /// layout; the heading reads "Strategic Objective 1: Enabling people ...".
    pub label: Option<String>,
    /// The objective as written.
    pub title: String,
    /// Its answers, in column order; unanswered questions are left out.
    pub answers: Vec<Answer>,
    /// One cell per question, in column order, empty when unanswered (the table layout).
    pub cells: Vec<String>,
    /// Whether the table row may break across pages (only a very long one does).
    pub breakable: bool,
    /// The Objective cell, for diagnostics.
    #[serde(skip)]
    pub at: String,
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
    /// The header of the objective column in the table layout (Cover `Objective heading`,
    /// else the sheet's own header).
    pub heading: String,
    /// The questions, in column order.
    pub questions: Vec<String>,
    /// The groups, in order of first appearance.
    pub groups: Vec<ObjectiveGroup>,
    /// The heading level of an objective in the sections layout: 2, or 3 under named groups.
    pub level: u8,
}

impl Objectives {
    /// Reads the sheet with the Cover's `Objectives layout` and `Objective heading`. A layout
    /// outside the vocabulary is reported with the nearest one (and sections are used).
    pub fn read(sheet: &Sheet, cover: &Cover, diags: &mut Diagnostics) -> Option<Objectives> {
        let sections = cover
            .choice("Objectives layout", &LAYOUTS, diags)
            .is_none_or(|l| l == LAYOUTS[0]);
        let cover_heading = cover.get("Objective heading");
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
        if questions.is_empty() {
            let next = table
                .headers
                .iter()
                .rposition(|h| !h.trim().is_empty())
                .map_or(1, |c| c + 1);
            diags.error(
                &sheet.name,
                Some(cell_ref(table.header_row, next)),
                "missing-column",
                "no question columns: after \"Objective\", give each question its own column \
                    headed by the question (\"What will we do?\")",
            );
            return None;
        }
        let mut groups: Vec<ObjectiveGroup> = Vec::new();
        for r in table.rows() {
            let width = sheet.rows.get(r).map_or(0, Vec::len);
            for c in
                (0..width).filter(|&c| table.headers.get(c).is_none_or(|h| h.trim().is_empty()))
            {
                if !table.cell(r, c).is_empty() {
                    diags.warn(&sheet.name, Some(cell_ref(r, c)), "missing-label", format!(
                        "this column has no question in the header row ({}), so its answers are \
                            left out",
                        cell_ref(table.header_row, c)
                    ));
                }
            }
            let title = table.text(r, objective_col);
            if title.is_empty() {
                let first = questions
                    .iter()
                    .find(|(c, _)| !table.cell(r, *c).is_empty())
                    .map_or(objective_col, |(c, _)| *c);
                diags.error(
                    &sheet.name,
                    Some(cell_ref(r, objective_col)),
                    "missing-value",
                    format!(
                        "the answer in {} has no Objective; write the objective in {}",
                        cell_ref(r, first),
                        cell_ref(r, objective_col)
                    ),
                );
                continue;
            }
            let cells: Vec<String> = questions
                .iter()
                .map(|(c, _)| bullets(&table.text(r, *c)))
                .collect();
            if cells.iter().all(String::is_empty) {
                diags.warn(&sheet.name, Some(cell_ref(r, objective_col)), "no-answers", format!(
                    "the objective \"{title}\" answers none of the questions; it is printed with \
                        its title only"
                ));
            }
            let answers = questions
                .iter()
                .zip(&cells)
                .filter(|(_, text)| !text.is_empty())
                .map(|((_, q), text)| Answer {
                    question: q.clone(),
                    text: text.clone(),
                })
                .collect();
            let objective = Objective {
                at: cell_ref(r, objective_col),
                label: None,
                breakable: cells.iter().map(|c| c.chars().count()).max().unwrap_or(0)
                    > UNBREAKABLE_CHARS,
                title,
                answers,
                cells,
            };
            let name = section_col
                .map(|c| table.text(r, c))
                .filter(|s| !s.is_empty());
            match groups
                .iter_mut()
                .find(|g| g.name.as_deref().map(norm) == name.as_deref().map(norm))
            {
                Some(g) => g.objectives.push(objective),
                None => groups.push(ObjectiveGroup {
                    name,
                    objectives: vec![objective],
                }),
            }
        }
        // Numbered in the order they print, which groups them by section.
        if let Some(h) = cover_heading.as_deref().filter(|_| sections) {
            let objectives = groups.iter_mut().flat_map(|g| g.objectives.iter_mut());
            for (n, objective) in objectives.enumerate() {
                let label = format!("{} {}", h.trim().trim_end_matches(':'), n + 1);
                // The author's own "1." or "Strategic Objective 1:" would print twice.
                let title = strip_label(&objective.title, &label)
                    .unwrap_or(&objective.title)
                    .to_owned();
                let at = Place {
                    sheet: &sheet.name,
                    cell: &objective.at,
                    what: "objective",
                };
                objective.title = numbering::drop_own(&title, &(n + 1).to_string(), at, diags);
                objective.label = Some(label);
            }
        }
        Some(Objectives {
            sections,
            heading: cover_heading
                .unwrap_or_else(|| table.headers[objective_col].trim().to_owned()),
            questions: questions.into_iter().map(|(_, q)| q).collect(),
            level: if groups.iter().any(|g| g.name.is_some()) {
                3
            } else {
                2
            },
            groups,
        })
    }
}

/// A title without the label Papers prints before it ("Strategic Objective 1: ..."), when
/// the author typed it too.
fn strip_label<'a>(title: &'a str, label: &str) -> Option<&'a str> {
    let head = title
        .get(..label.len())
        .filter(|h| h.eq_ignore_ascii_case(label))?;
    let rest = &title[head.len()..];
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '.')
    }))
}

/// An answer as the layouts print it: a cell of several plain lines (no blank line between
/// them, no `- ` or `a) ` of its own) is a list, a bullet per line; anything else is the
/// Markdown subset as written (paragraphs stay paragraphs, `- ` lines are bullets).
pub fn bullets(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let marked = lines.iter().any(|l| {
        l.starts_with("- ") || l.starts_with("• ") || numbering::sub_item(l, None).is_some()
    });
    if lines.len() < 2 || lines.iter().any(|l| l.is_empty()) || marked {
        return text.to_owned();
    }
    lines
        .iter()
        .map(|l| format!("- {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Cell;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn sheet(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: name.into(),
            rows,
            merges: vec![],
            bold: Vec::new(),
        }
    }

    fn cover(fields: &[(&str, &str)]) -> Cover {
        let mut rows = vec![vec![t("Field"), t("Value")]];
        rows.extend(fields.iter().map(|(f, v)| vec![t(f), t(v)]));
        Cover::read(&sheet("Cover", rows), &mut Diagnostics::new("x.xlsx"))
    }

    fn objectives() -> Sheet {
        sheet(
            "Objectives",
            vec![
                vec![
                    t("Objective"),
                    t("What will we do?"),
                    t("Section"),
                    t("How will we know?"),
                ],
                vec![
                    t("Tackle inequalities"),
                    t("- Close gaps"),
                    t("Service"),
                    Cell::Empty,
                ],
                vec![
                    t("Show commitment"),
                    t("- Champion"),
                    t("Organisational"),
                    t("Surveys"),
                ],
                vec![
                    t("Respect"),
                    t("- Challenge"),
                    t("service"),
                    Cell::Number(3.0),
                ],
            ],
        )
    }

    #[test]
    fn a_label_the_author_typed_is_not_printed_twice() {
        assert_eq!(
            strip_label(
                "Strategic Objective 1: Enabling people",
                "Strategic Objective 1"
            ),
            Some("Enabling people")
        );
        assert_eq!(
            strip_label("strategic objective 1 - Enabling", "Strategic Objective 1"),
            Some("Enabling")
        );
        assert_eq!(
            strip_label("Strategic Objective 10: Later", "Strategic Objective 1"),
            None
        );
        assert_eq!(
            strip_label("Enabling people", "Strategic Objective 1"),
            None
        );
    }

    #[test]
    fn questions_are_the_other_columns_and_sections_group() {
        let mut diags = Diagnostics::new("x.xlsx");
        let o = Objectives::read(
            &objectives(),
            &cover(&[("Objectives layout", "Table")]),
            &mut diags,
        )
        .unwrap();
        assert!(!o.sections);
        assert_eq!(o.heading, "Objective");
        assert_eq!(o.questions, ["What will we do?", "How will we know?"]);
        assert_eq!(o.groups.len(), 2);
        assert_eq!(o.groups[0].objectives.len(), 2);
        assert_eq!(o.groups[0].objectives[0].answers.len(), 1);
        assert_eq!(o.groups[0].objectives[1].cells, ["- Challenge", "3"]);
        assert_eq!(o.level, 3);
        assert!(diags.list.is_empty(), "{:?}", diags.list);
    }

    #[test]
    fn a_misspelt_layout_is_named_with_the_nearest() {
        let mut diags = Diagnostics::new("x.xlsx");
        let o = Objectives::read(
            &objectives(),
            &cover(&[("Objectives layout", "sectoins")]),
            &mut diags,
        )
        .unwrap();
        assert!(o.sections);
        assert_eq!(diags.list[0].code, "bad-value");
        assert_eq!(diags.list[0].cell.as_deref(), Some("B2"));
        assert_eq!(diags.list[0].suggestion.as_deref(), Some("sections"));
    }

    #[test]
    fn the_objective_heading_labels_each_objective_in_the_sections_layout() {
        let mut diags = Diagnostics::new("x.xlsx");
        let c = cover(&[("Objective heading", "Strategic Objective")]);
        let o = Objectives::read(&objectives(), &c, &mut diags).unwrap();
        let labels: Vec<_> = o
            .groups
            .iter()
            .flat_map(|g| &g.objectives)
            .map(|o| o.label.clone().unwrap())
            .collect();
        assert_eq!(
            labels,
            [
                "Strategic Objective 1",
                "Strategic Objective 2",
                "Strategic Objective 3"
            ]
        );
        assert_eq!(o.groups[1].objectives[0].title, "Show commitment");
        let c = cover(&[
            ("Objective heading", "What we want to do:"),
            ("Objectives layout", "table"),
        ]);
        let o = Objectives::read(&objectives(), &c, &mut diags).unwrap();
        assert_eq!(o.heading, "What we want to do:");
        assert!(o.groups[0].objectives[0].label.is_none());
    }

    #[test]
    fn slips_are_named_by_cell() {
        let mut diags = Diagnostics::new("x.xlsx");
        let s = sheet(
            "Objectives",
            vec![
                vec![t("Objective"), t("What will we do?"), Cell::Empty],
                vec![Cell::Empty, t("Something"), Cell::Empty],
                vec![t("Lonely"), Cell::Empty, t("stray")],
            ],
        );
        let o = Objectives::read(&s, &cover(&[]), &mut diags).unwrap();
        assert_eq!(o.groups[0].objectives.len(), 1);
        let found: Vec<_> = diags
            .list
            .iter()
            .map(|d| (d.code, d.cell.clone().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                ("missing-value", "A2".to_owned()),
                ("missing-label", "C3".to_owned()),
                ("no-answers", "A3".to_owned())
            ]
        );
        let mut diags = Diagnostics::new("x.xlsx");
        let s = sheet(
            "Objectives",
            vec![
                vec![t("Our objectives")],
                vec![t("Objective")],
                vec![t("Alone")],
            ],
        );
        assert!(Objectives::read(&s, &cover(&[]), &mut diags).is_none());
        assert_eq!(
            (diags.list[0].code, diags.list[0].cell.as_deref()),
            ("missing-column", Some("B2"))
        );
    }

    #[test]
    fn plain_lines_become_bullets_and_paragraphs_stay() {
        assert_eq!(bullets("One\nTwo"), "- One\n- Two");
        assert_eq!(bullets("Only one line"), "Only one line");
        assert_eq!(
            bullets("A paragraph.\n\nAnother."),
            "A paragraph.\n\nAnother."
        );
        assert_eq!(bullets("Intro:\n- a\n- b"), "Intro:\n- a\n- b");
        assert_eq!(bullets("a) first\nb) second"), "a) first\nb) second");
        assert_eq!(bullets(""), "");
    }
}
