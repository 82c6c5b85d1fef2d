//! The integrated impact assessment (seed 004): the `Impact assessment` sheet, in either of
//! its layouts, and the `Impact recommendations` sheet.
//!
//! Layout 1: Category, Item, Impact, Comments, with Impact one of Neutral, Positive, Negative.
//! Layout 2: Category, Item, Neutral, Positive, Negative, Comments, with a mark (`x`, a tick)
//! in one of the three. A blank rating is "Not assessed" (a warning); two marks are an error.

use serde::Serialize;

use crate::base::diag::{Diagnostics, nearest};
use crate::model::config::Config;
use crate::model::cover::Cover;
use crate::workbook::{Sheet, Table, cell_ref, norm};

/// The three ratings, in the order the seed's columns print them.
pub const RATINGS: [&str; 3] = ["Neutral", "Positive", "Negative"];

/// The kinds of the recommendations block, in the order the seed prints them.
pub const RECOMMENDATION_KINDS: [&str; 4] = ["Positive", "Negative", "Neutral", "Issues"];

/// What the rating of an unassessed row reads as.
pub const NOT_ASSESSED: &str = "Not assessed";

/// One assessed item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactRow {
    /// What is assessed ("Finance (value for money)").
    pub item: String,
    /// The rating as a word: Neutral, Positive, Negative or "Not assessed".
    pub rating: String,
    /// Whether each box is ticked, in the order Neutral, Positive, Negative.
    pub boxes: [bool; 3],
    /// Comments.
    pub comments: String,
}

/// The items of one category, as one table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactCategory {
    /// Economic, Social, Equality and diversity, Environmental, or the workbook's own.
    pub name: String,
    /// Its items, in sheet order.
    pub rows: Vec<ImpactRow>,
}

/// One paragraph of the recommendations block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// Positive, Negative, Neutral or Issues.
    pub kind: String,
    /// The texts given for it (may be none: the seed prints the heading anyway).
    pub texts: Vec<String>,
}

/// The header block the report author completes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImpactHeader {
    /// Committee.
    pub committee: Option<String>,
    /// Committee date, British long form.
    pub committee_date: Option<String>,
    /// Head of service.
    pub head_of_service: Option<String>,
    /// Report subject.
    pub report_subject: Option<String>,
    /// Date assessed, British long form.
    pub date_assessed: Option<String>,
    /// Description.
    pub description: Option<String>,
}

/// The whole assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactAssessment {
    /// The header block.
    pub header: ImpactHeader,
    /// One table per category: configured categories first, in their order, then the rest in
    /// order of first appearance.
    pub categories: Vec<ImpactCategory>,
    /// Positive, Negative, Neutral, Issues (only when the workbook has the sheet).
    pub recommendations: Vec<Recommendation>,
    /// How many items are rated each way and how many are not assessed, for a summary line.
    pub counts: Vec<(String, usize)>,
}

impl ImpactAssessment {
    /// Reads the assessment when the workbook has an `Impact assessment` sheet.
    pub fn read(
        sheet: &Sheet,
        recommendations: Option<&Sheet>,
        cover: &Cover,
        config: &Config,
        diags: &mut Diagnostics,
    ) -> Option<ImpactAssessment> {
        let table = Table::new(sheet);
        const COLUMNS: [&str; 7] = [
            "Category", "Item", "Impact", "Neutral", "Positive", "Negative", "Comments",
        ];
        let named = table.require_with(["Category", "Item"], &COLUMNS[2..], diags);
        let comments_col = table.column("Comments");
        let layout = match (
            table.column("Impact"),
            table.column("Neutral"),
            table.column("Positive"),
            table.column("Negative"),
        ) {
            (Some(c), _, _, _) => Layout::Word(c),
            (None, Some(n), Some(p), Some(g)) => Layout::Boxes([n, p, g]),
            _ => {
                // The one header that is no known column is the likeliest misnamed Impact.
                let strangers = table.unknown_columns(&COLUMNS);
                let guess = (strangers.len() == 1).then(|| strangers[0]);
                let found = table
                    .headers
                    .iter()
                    .map(|h| h.trim())
                    .filter(|h| !h.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                let at = guess.unwrap_or(table.headers.len());
                let d = diags.error(
                    &sheet.name,
                    Some(cell_ref(table.header_row, at)),
                    "missing-column",
                    match guess {
                        Some(c) => format!(
                            "no \"Impact\" column, nor the three columns Neutral, Positive and \
                            Negative: \"{}\" is not a column of this sheet (found: {found}); \
                            rename it \"Impact\"",
                            table.headers[c].trim()
                        ),
                        None => format!(
                            "no \"Impact\" column, nor the three columns Neutral, Positive \
                        and Negative (found: {found})"
                        ),
                    },
                );
                if let Some(c) = guess {
                    d.suggestion = Some(format!(
                        "rename \"{}\" to \"Impact\"",
                        table.headers[c].trim()
                    ));
                }
                return None;
            }
        };
        let [category_col, item_col] = named?;
        let mut categories: Vec<ImpactCategory> = config
            .iia_categories
            .iter()
            .map(|c| ImpactCategory {
                name: c.clone(),
                rows: Vec::new(),
            })
            .collect();
        let mut current: Option<String> = None;
        for r in table.rows() {
            let written = table.text(r, category_col);
            if !written.is_empty() {
                current = Some(written);
            }
            let item = table.text(r, item_col);
            let Some(category) = current.clone() else {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(r, category_col)),
                    "missing-value",
                    "the first item has no Category",
                );
                continue;
            };
            if item.is_empty() {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(r, item_col)),
                    "missing-value",
                    "a row with no Item: name what is assessed",
                );
                continue;
            }
            let boxes = match layout {
                Layout::Word(c) => rating_word(&table, r, c, diags),
                Layout::Boxes(cols) => rating_marks(&table, r, cols, &item, diags),
            };
            let rating = match boxes {
                Some(b) => b
                    .iter()
                    .position(|&x| x)
                    .map_or(NOT_ASSESSED, |i| RATINGS[i]),
                None => NOT_ASSESSED,
            };
            if rating == NOT_ASSESSED && boxes.is_some() {
                let cell = match layout {
                    Layout::Word(c) => cell_ref(r, c),
                    Layout::Boxes([n, _, _]) => cell_ref(r, n),
                };
                diags.warn(&sheet.name, Some(cell), "not-assessed", format!(
                    "\"{item}\" has no rating; it prints as \"{NOT_ASSESSED}\" (rate it Neutral, \
                        Positive or Negative)"
                ));
            }
            let row = ImpactRow {
                item,
                rating: rating.to_owned(),
                boxes: boxes.unwrap_or_default(),
                comments: comments_col.map(|c| table.text(r, c)).unwrap_or_default(),
            };
            match categories
                .iter_mut()
                .find(|c| norm(&c.name) == norm(&category) || same_category(&c.name, &category))
            {
                Some(c) => c.rows.push(row),
                None => categories.push(ImpactCategory {
                    name: category,
                    rows: vec![row],
                }),
            }
        }
        categories.retain(|c| !c.rows.is_empty());
        let recommendations = recommendations
            .map(|s| read_recommendations(s, diags))
            .unwrap_or_default();
        let mut counts: Vec<(String, usize)> = Vec::new();
        for word in RATINGS.iter().copied().chain([NOT_ASSESSED]) {
            let n = categories
                .iter()
                .flat_map(|c| &c.rows)
                .filter(|r| r.rating == word)
                .count();
            if n > 0 {
                counts.push((word.to_owned(), n));
            }
        }
        let header = ImpactHeader {
            committee: cover.get("Committee"),
            committee_date: cover
                .date("Committee date", diags)
                .or_else(|| cover.date("Meeting date", &mut Diagnostics::default()))
                .map(|d| d.long()),
            head_of_service: cover.get("Head of service"),
            report_subject: cover
                .get("Report subject")
                .or_else(|| cover.get("Subject"))
                .or_else(|| cover.get("Title")),
            date_assessed: cover
                .date("Date assessed", &mut Diagnostics::default())
                .map(|d| d.long()),
            description: cover.get("Description"),
        };
        Some(ImpactAssessment {
            header,
            categories,
            recommendations,
            counts,
        })
    }
}

/// Where the rating is.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// One Impact column holding the word.
    Word(usize),
    /// Neutral, Positive and Negative columns with a mark in one.
    Boxes([usize; 3]),
}

/// A category heading as the seed writes it, "Economic (please add an 'x' as appropriate)",
/// matches the configured "Economic".
fn same_category(configured: &str, written: &str) -> bool {
    let w = norm(written);
    let base = w.split(" (").next().unwrap_or(&w).trim().to_owned();
    base == norm(configured)
}

/// Layout 1: the word in the Impact column. `None` when the cell is wrong (reported).
fn rating_word(
    table: &Table<'_>,
    r: usize,
    c: usize,
    diags: &mut Diagnostics,
) -> Option<[bool; 3]> {
    let text = table.text(r, c);
    if text.is_empty() {
        return Some([false; 3]);
    }
    if let Some(i) = RATINGS.iter().position(|w| norm(w) == norm(&text)) {
        let mut b = [false; 3];
        b[i] = true;
        return Some(b);
    }
    let d = diags.error(
        &table.sheet.name,
        Some(cell_ref(r, c)),
        "bad-value",
        format!("Impact: \"{text}\" is not one of Neutral, Positive, Negative"),
    );
    d.suggestion = nearest(&text, RATINGS).map(str::to_owned);
    None
}

/// Layout 2: a mark in one of three columns. `None` when a cell is wrong (reported).
fn rating_marks(
    table: &Table<'_>,
    r: usize,
    cols: [usize; 3],
    item: &str,
    diags: &mut Diagnostics,
) -> Option<[bool; 3]> {
    let mut boxes = [false; 3];
    let mut ok = true;
    for (i, &c) in cols.iter().enumerate() {
        match crate::model::alignment::tick(table.cell(r, c)) {
            Some(m) => boxes[i] = m,
            None => {
                ok = false;
                diags.error(&table.sheet.name, Some(cell_ref(r, c)), "not-a-tick", format!(
                    "{}: \"{}\" is not a mark; put an x in one of Neutral, Positive or Negative, \
                        or leave it blank",
                    RATINGS[i],
                    table.text(r, c)
                ));
            }
        }
    }
    if boxes.iter().filter(|&&b| b).count() > 1 {
        let marked: Vec<&str> = (0..3).filter(|&i| boxes[i]).map(|i| RATINGS[i]).collect();
        diags.error(
            &table.sheet.name,
            Some(cell_ref(r, cols[0])),
            "two-marks",
            format!(
                "\"{item}\" is marked {}; mark one of Neutral, Positive or Negative",
                marked.join(" and ")
            ),
        );
        return None;
    }
    ok.then_some(boxes)
}

/// The `Impact recommendations` sheet: Kind, Text. The four kinds always print, in order.
fn read_recommendations(sheet: &Sheet, diags: &mut Diagnostics) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = RECOMMENDATION_KINDS
        .iter()
        .map(|k| Recommendation {
            kind: (*k).to_owned(),
            texts: Vec::new(),
        })
        .collect();
    let table = Table::new(sheet);
    let Some([kind_col, text_col]) = table.require_with(["Kind", "Text"], &[], diags) else {
        return out;
    };
    for r in table.rows() {
        let kind = table.text(r, kind_col);
        let text = table.text(r, text_col);
        match out.iter_mut().find(|k| norm(&k.kind) == norm(&kind)) {
            Some(k) => {
                if !text.is_empty() {
                    k.texts.push(text);
                }
            }
            None => {
                let d = diags.error(
                    &sheet.name,
                    Some(cell_ref(r, kind_col)),
                    "bad-value",
                    format!(
                        "Kind: \"{kind}\" is not one of {}",
                        RECOMMENDATION_KINDS.join(", ")
                    ),
                );
                d.suggestion = nearest(&kind, RECOMMENDATION_KINDS).map(str::to_owned);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Cell;
    use crate::workbook::Cell::{Empty, Text};

    fn sheet(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: name.to_owned(),
            rows,
            merges: Vec::new(),
            bold: Vec::new(),
        }
    }

    fn t(s: &str) -> Cell {
        Text(s.to_owned())
    }

    fn read(rows: Vec<Vec<Cell>>) -> (Option<ImpactAssessment>, Diagnostics) {
        let mut diags = Diagnostics::new("x.xlsx");
        let s = sheet("Impact assessment", rows);
        let ia =
            ImpactAssessment::read(&s, None, &Cover::default(), &Config::default(), &mut diags);
        (ia, diags)
    }

    #[test]
    fn three_column_layout_gives_words_and_categories_in_configured_order() {
        let (ia, diags) = read(vec![
            vec![
                t("Category"),
                t("Item"),
                t("Neutral"),
                t("Positive"),
                t("Negative"),
                t("Comments"),
            ],
            vec![
                t("Social (please add an 'x' as appropriate)"),
                t("Health"),
                Empty,
                t("x"),
                Empty,
                t("Better"),
            ],
            vec![t("Economic"), t("Finance"), t("X"), Empty, Empty, Empty],
            vec![Empty, t("ICT"), Empty, Empty, Cell::Bool(true), Empty],
            vec![t("Risk management"), t("Risk"), Empty, Empty, Empty, Empty],
        ]);
        let ia = ia.unwrap();
        let names: Vec<&str> = ia.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Economic", "Social", "Risk management"]);
        assert_eq!(ia.categories[0].rows[1].rating, "Negative");
        assert_eq!(ia.categories[1].rows[0].rating, "Positive");
        assert_eq!(ia.categories[2].rows[0].rating, NOT_ASSESSED);
        assert_eq!(diags.list.len(), 1);
        assert_eq!(
            (diags.list[0].code, diags.list[0].cell.as_deref()),
            ("not-assessed", Some("C5"))
        );
    }

    #[test]
    fn misspelt_rating_is_suggested_and_two_marks_refused() {
        let (_, diags) = read(vec![
            vec![t("Category"), t("Item"), t("Impact"), t("Comments")],
            vec![t("Economic"), t("Finance"), t("Postive"), Empty],
        ]);
        assert_eq!(diags.list[0].code, "bad-value");
        assert_eq!(diags.list[0].cell.as_deref(), Some("C2"));
        assert_eq!(diags.list[0].suggestion.as_deref(), Some("Positive"));
        let (_, diags) = read(vec![
            vec![
                t("Category"),
                t("Item"),
                t("Neutral"),
                t("Positive"),
                t("Negative"),
            ],
            vec![t("Economic"), t("Finance"), t("x"), t("x"), Empty],
            vec![t("Economic"), t("ICT"), Empty, t("7"), Empty],
        ]);
        let codes: Vec<_> = diags
            .list
            .iter()
            .map(|d| (d.code, d.cell.clone().unwrap()))
            .collect();
        assert_eq!(
            codes,
            [
                ("two-marks", "C2".to_owned()),
                ("not-a-tick", "D3".to_owned())
            ]
        );
    }

    #[test]
    fn recommendations_keep_all_four_kinds_in_order() {
        let mut diags = Diagnostics::new("x.xlsx");
        let s = sheet(
            "Impact recommendations",
            vec![
                vec![t("Kind"), t("Text")],
                vec![t("Negative"), t("Car use")],
                vec![t("positive"), t("Cohesion")],
                vec![t("Isues"), t("?")],
            ],
        );
        let recs = read_recommendations(&s, &mut diags);
        assert_eq!(
            recs.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
            RECOMMENDATION_KINDS
        );
        assert_eq!(recs[0].texts, ["Cohesion"]);
        assert_eq!(diags.list[0].suggestion.as_deref(), Some("Issues"));
    }
}
