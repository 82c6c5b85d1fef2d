//! The `Alignment` sheet (seed 000 Appendix C): a matrix with themes in row 1 (a merged cell
//! over their priorities, or written once with blanks after), priorities in row 2, strategies
//! in column A from row 3, and a tick where a strategy serves a priority.

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::workbook::{Cell, Sheet, cell_ref};

/// More priorities than this and the matrix gets a landscape page.
pub const PORTRAIT_MAX: usize = 5;

/// A theme over a run of priorities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    /// The theme as written (empty when the first priorities have none).
    pub name: String,
    /// How many priorities it spans.
    pub span: usize,
}

/// One strategy's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Strategy {
    /// The strategy as written.
    pub name: String,
    /// A tick per priority.
    pub ticks: Vec<bool>,
}

/// The matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// The heading of column A (row 2, else row 1, else "Strategy").
    pub corner: String,
    /// Themes, left to right; their spans add up to the number of priorities.
    pub themes: Vec<Theme>,
    /// Whether any theme has a name (else the themes row is left out).
    pub has_themes: bool,
    /// Priorities, left to right.
    pub priorities: Vec<String>,
    /// Strategies, top to bottom.
    pub strategies: Vec<Strategy>,
    /// How many strategies tick each priority.
    pub totals: Vec<usize>,
    /// Whether the matrix needs a landscape page.
    pub wide: bool,
}

/// Whether a cell is a tick (`Some(true)`), blank (`Some(false)`) or a slip (`None`). Ticks are
/// ✓ ✔ x X y yes 1 TRUE (text, number or boolean).
pub fn tick(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Empty => Some(false),
        Cell::Bool(b) => Some(*b),
        Cell::Number(n) | Cell::Formatted(n, _) if *n == 1.0 => Some(true),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Some(false);
            }
            matches!(
                t.to_lowercase().as_str(),
                "✓" | "✔" | "☑" | "☒" | "x" | "y" | "yes" | "1" | "true"
            )
            .then_some(true)
        }
        _ => None,
    }
}

impl Alignment {
    /// Reads the matrix, reporting every cell that is neither a tick nor blank.
    pub fn read(sheet: &Sheet, diags: &mut Diagnostics) -> Option<Alignment> {
        let width = sheet.rows.get(1).map_or(0, |r| {
            r.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)
        });
        if width < 2 {
            diags.error(
                &sheet.name,
                Some("B2".to_owned()),
                "missing-value",
                "row 2 should hold the priorities, from column B",
            );
            return None;
        }
        let priorities: Vec<String> = (1..width).map(|c| sheet.cell(1, c).display()).collect();
        for (i, p) in priorities.iter().enumerate() {
            if p.is_empty() {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(1, i + 1)),
                    "missing-value",
                    "a column with no priority in row 2",
                );
            }
        }
        let mut themes: Vec<Theme> = Vec::new();
        let mut c = 1;
        while c < width {
            let name = sheet.cell(0, c).display();
            let span = match sheet.merge_at(0, c) {
                Some(m) => (m.right + 1).min(width) - c,
                None if name.is_empty() && !themes.is_empty() => {
                    themes.last_mut().expect("checked").span += 1;
                    c += 1;
                    continue;
                }
                None => 1,
            };
            themes.push(Theme {
                name,
                span: span.max(1),
            });
            c += span.max(1);
        }
        let corner = [sheet.cell(1, 0).display(), sheet.cell(0, 0).display()]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| "Strategy".to_owned());
        let mut strategies = Vec::new();
        for r in 2..sheet.rows.len() {
            if sheet.row_is_empty(r) {
                continue;
            }
            let name = sheet.cell(r, 0).display();
            if name.is_empty() {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(r, 0)),
                    "missing-value",
                    "ticks with no strategy in column A",
                );
            }
            let mut ticks = Vec::with_capacity(priorities.len());
            for c in 1..width {
                let cell = sheet.cell(r, c);
                match tick(cell) {
                    Some(t) => ticks.push(t),
                    None => {
                        diags.error(
                            &sheet.name,
                            Some(cell_ref(r, c)),
                            "not-a-tick",
                            format!(
                                "\"{}\" is not a tick; use ✓ or leave it blank",
                                cell.display()
                            ),
                        );
                        ticks.push(false);
                    }
                }
            }
            // Anything right of the last priority has no column to go in.
            if let Some(extra) = sheet.rows[r].iter().skip(width).position(|c| !c.is_empty()) {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(r, width + extra)),
                    "not-a-tick",
                    "a value beyond the last priority column; give its column a priority in row 2",
                );
            }
            strategies.push(Strategy { name, ticks });
        }
        let totals = (0..priorities.len())
            .map(|i| strategies.iter().filter(|s| s.ticks[i]).count())
            .collect();
        Some(Alignment {
            corner,
            has_themes: themes.iter().any(|t| !t.name.is_empty()),
            themes,
            wide: priorities.len() > PORTRAIT_MAX,
            priorities,
            strategies,
            totals,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Cell::{Empty, Text};
    use crate::workbook::Merge;

    fn t(s: &str) -> Cell {
        Text(s.to_owned())
    }

    #[test]
    fn merged_and_blank_after_themes_span_their_priorities() {
        let sheet = Sheet {
            name: "Alignment".into(),
            rows: vec![
                vec![Empty, t("Well"), Empty, t("Safe"), Empty, Empty],
                vec![t("Strategy"), t("P1"), t("P2"), t("P3"), t("P4"), t("P5")],
                vec![
                    t("Plan A"),
                    t("✓"),
                    Empty,
                    t("x"),
                    Cell::Bool(true),
                    Cell::Number(1.0),
                ],
                vec![t("Plan B"), Empty, t("7"), Empty, t("yes"), Empty],
            ],
            merges: vec![Merge {
                top: 0,
                left: 1,
                bottom: 0,
                right: 2,
            }],
            bold: Vec::new(),
        };
        let mut diags = Diagnostics::new("x.xlsx");
        let a = Alignment::read(&sheet, &mut diags).unwrap();
        assert_eq!(
            a.themes,
            [
                Theme {
                    name: "Well".into(),
                    span: 2
                },
                Theme {
                    name: "Safe".into(),
                    span: 3
                }
            ]
        );
        assert_eq!(a.totals, [1, 0, 1, 2, 1]);
        assert_eq!(a.strategies[0].ticks, [true, false, true, true, true]);
        assert_eq!(diags.list.len(), 1);
        assert_eq!(diags.list[0].cell.as_deref(), Some("C4"));
        assert_eq!(
            diags.list[0].message,
            "\"7\" is not a tick; use ✓ or leave it blank"
        );
        assert!(!a.wide);
    }
}
