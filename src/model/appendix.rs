//! Any other sheet: a titled table, printed as an appendix.

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::model::fit::{self, ColumnFit};
use crate::workbook::{Cell, Sheet, Table, cell_ref};

/// A plain table from a sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableData {
    /// The sheet name, or the first line of A1 when A1 is the only filled cell of row 1.
    pub title: String,
    /// Introductory text printed above the table: the lines of that A1 cell after its
    /// first, in the Markdown subset.
    pub intro: Option<String>,
    /// Column headers.
    pub headers: Vec<String>,
    /// Data rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
    /// For each row, whether it may break across pages: only a row with a very long cell
    /// does; any other is kept whole on one page.
    pub breakable: Vec<bool>,
    /// What Typst measures to size each column from its content.
    pub fits: Vec<ColumnFit>,
    /// Whether the table is short enough to be kept whole on one page rather than split.
    pub whole: bool,
    /// Each column's alignment, `left` or `right`: a column of figures is right-aligned,
    /// its header too, so that units, tens and decimal points line up.
    pub align: Vec<&'static str>,
    /// The upper row of a two-level header (a header of two rows whose first has cells merged
    /// across columns): each cell with its text and the columns it spans; a cell with
    /// `rows: 2` is a column's whole header (merged down, or with nothing under it). Empty for
    /// a header of one row.
    pub groups: Vec<HeadCell>,
    /// How each data row prints, as the author formatted it.
    pub kinds: Vec<RowKind>,
    /// For each column, whether its header is in the lower row of a two-level header (under
    /// a group); false for a column whose header spans both rows, and for a one-row header.
    pub lower: Vec<bool>,
}

/// A cell of the upper header row of a two-level header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadCell {
    /// Its text.
    pub text: String,
    /// How many columns it spans.
    pub span: usize,
    /// How many header rows it spans: 2 when it is its column's whole header.
    pub rows: usize,
}

/// How a data row prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// An ordinary row.
    Plain,
    /// Every filled cell bold in the workbook: printed bold.
    Bold,
    /// A subtotal or total ("Total ...", "Subtotal ...", or bold with figures): bold as
    /// written, with a rule above it.
    Total,
    /// A total row not set bold in the workbook: a rule above it only.
    Ruled,
    /// A label with the rest of the row empty (a directorate's name): a sub-heading that
    /// spans the row, as an action plan's workstreams do.
    Heading,
}

/// A row whose longest cell is longer than this may break across pages.
const UNBREAKABLE_CHARS: usize = 1_200;

/// The most data rows one table may print: some 200 pages.
pub const MAX_TABLE_ROWS: usize = 5_000;
/// The most text one table may print, in characters: some 400 pages of small print.
pub const MAX_TABLE_CHARS: usize = 1_500_000;

/// Refuses a table past the rows or the text one appendix may print, naming the first cell
/// past the limit, before anything is laid out; only the rows within it are kept (the
/// document is not built, but its other findings are still reported).
fn limit(sheet: &Sheet, rows: &mut Vec<usize>, diags: &mut Diagnostics) {
    let mut chars = 0_usize;
    let over = rows.iter().enumerate().find_map(|(i, &r)| {
        chars += sheet
            .rows
            .get(r)
            .map_or(0, |row| row.iter().map(|c| c.display().len()).sum());
        (i >= MAX_TABLE_ROWS || chars > MAX_TABLE_CHARS).then_some(i)
    });
    if let Some(i) = over {
        diags.error(
            &sheet.name,
            Some(cell_ref(rows[i], 0)),
            "table-too-long",
            format!(
                "the table is longer than one paper can print (at most {MAX_TABLE_ROWS} rows and \
                {MAX_TABLE_CHARS} characters); split it, or publish it as a spreadsheet beside the \
                paper"
            ),
        );
        rows.truncate(i);
    }
}

/// A table of up to this many rows is kept whole on one page, rather than split after a row
/// or two (unless it is taller than a page).
pub const WHOLE_ROWS: usize = 12;

/// Reads a sheet as a table. Formula error values are reported; empty columns are dropped.
pub fn read_table(sheet: &Sheet, diags: &mut Diagnostics) -> TableData {
    let table = Table::new(sheet);
    let two_level = two_level(&table);
    let mut data_rows: Vec<usize> = table
        .rows()
        .filter(|&r| !(two_level && r == table.header_row + 1))
        .collect();
    limit(sheet, &mut data_rows, diags);
    let width = std::iter::once(table.header_row)
        .chain(data_rows.iter().copied())
        .map(|r| {
            sheet.rows.get(r).map_or(0, |row| {
                row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)
            })
        })
        .max()
        .unwrap_or(0);
    let keep: Vec<usize> = (0..width)
        .filter(|&c| {
            !table.cell(table.header_row, c).is_empty()
                || data_rows.iter().any(|&r| !table.cell(r, c).is_empty())
        })
        .collect();
    let mut rows = Vec::with_capacity(data_rows.len());
    for &r in &data_rows {
        let mut out = Vec::with_capacity(keep.len());
        for &c in &keep {
            if let Cell::Error(e) = table.cell(r, c) {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(r, c)),
                    "formula-error",
                    format!("the formula gives the error {e}; fix the formula or type the value"),
                );
            }
            out.push(table.shown(r, c));
        }
        rows.push(out);
    }
    let under = table.header_row + 1;
    let headers: Vec<String> = keep
        .iter()
        .map(|&c| {
            let lower = table.text(under, c);
            if two_level && !lower.is_empty() {
                lower
            } else {
                table.text(table.header_row, c)
            }
        })
        .collect();
    let groups = if two_level {
        head_groups(&table, &keep)
    } else {
        Vec::new()
    };
    let kinds: Vec<RowKind> = data_rows
        .iter()
        .map(|&r| row_kind(&table, r, &keep))
        .collect();
    let align = keep
        .iter()
        .map(|&c| {
            if is_numeric(&table, &data_rows, c) {
                "right"
            } else {
                "left"
            }
        })
        .collect();
    // A sub-heading spans the row: it does not size the first column.
    let fits = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            // A bold row's cells are measured bold.
            let cells: Vec<String> = rows
                .iter()
                .zip(&kinds)
                .filter(|(_, k)| **k != RowKind::Heading)
                .map(|(r, k)| match k {
                    RowKind::Bold | RowKind::Total if !r[c].is_empty() => format!("**{}**", r[c]),
                    _ => r[c].clone(),
                })
                .collect();
            fit::column(h, cells.iter().map(String::as_str))
        })
        .collect();
    let whole = keep_whole(&rows);
    let (title, intro) = match &table.title {
        Some(a1) => split_title(a1),
        None => (sheet.name.trim().to_owned(), None),
    };
    let breakable = rows
        .iter()
        .map(|r| r.iter().map(|t| t.chars().count()).max().unwrap_or(0) > UNBREAKABLE_CHARS)
        .collect();
    TableData {
        title,
        intro,
        headers,
        rows,
        breakable,
        fits,
        whole,
        align,
        lower: groups
            .iter()
            .flat_map(|g| std::iter::repeat_n(g.rows == 1, g.span))
            .collect(),
        groups,
        kinds,
    }
}

/// Whether the table's header is two rows: the header row has cells merged across columns,
/// and the row under it holds headers (text, not figures).
fn two_level(table: &Table<'_>) -> bool {
    let sheet = table.sheet;
    let top = table.header_row;
    let across = sheet
        .merges
        .iter()
        .any(|m| m.top == top && m.bottom == top && m.right > m.left);
    let under = sheet.rows.get(top + 1);
    across
        && under.is_some_and(|row| {
            row.iter().any(|c| !c.is_empty())
                && row.iter().all(|c| matches!(c, Cell::Empty | Cell::Text(_)))
        })
}

/// The upper header row of a two-level header over the columns `keep`: a merged cell spans
/// the kept columns it covers; a cell with nothing under it (or merged down) spans both rows.
fn head_groups(table: &Table<'_>, keep: &[usize]) -> Vec<HeadCell> {
    let (top, sheet) = (table.header_row, table.sheet);
    let mut out = Vec::new();
    let mut i = 0;
    while i < keep.len() {
        let c = keep[i];
        let merge = sheet
            .merges
            .iter()
            .find(|m| m.top == top && m.left <= c && c <= m.right);
        let text = table.text(top, merge.map_or(c, |m| m.left));
        let span = match merge {
            Some(m) if m.bottom == top => keep[i..].iter().take_while(|&&k| k <= m.right).count(),
            _ => 1,
        };
        let whole = span == 1 && table.text(top + 1, c).is_empty();
        out.push(HeadCell {
            text,
            span,
            rows: if whole { 2 } else { 1 },
        });
        i += span;
    }
    out
}

/// How a data row prints: a label alone is a sub-heading; a row that says it is a total, or
/// is bold with figures, has a rule above it; a row bold in the workbook prints bold.
fn row_kind(table: &Table<'_>, r: usize, keep: &[usize]) -> RowKind {
    let filled: Vec<usize> = keep
        .iter()
        .copied()
        .filter(|&c| !table.cell(r, c).is_empty())
        .collect();
    let first = keep.first().copied().unwrap_or(0);
    let label = matches!(table.cell(r, first), Cell::Text(_));
    if keep.len() > 2 && label && filled == [first] {
        return RowKind::Heading;
    }
    let bold = !filled.is_empty() && filled.iter().all(|&c| table.sheet.is_bold(r, c));
    let figures = filled.iter().any(|&c| table.cell(r, c).number().is_some());
    let word = table.text(r, first).to_lowercase();
    let total = label && (word.starts_with("total") || word.starts_with("subtotal"));
    match (bold, total || figures) {
        (true, true) => RowKind::Total,
        (true, false) => RowKind::Bold,
        (false, _) if total => RowKind::Ruled,
        _ => RowKind::Plain,
    }
}

/// Whether a column holds figures: every filled data cell is a number, and one at least.
fn is_numeric(table: &Table<'_>, rows: &[usize], col: usize) -> bool {
    let mut filled = rows
        .iter()
        .map(|&r| table.cell(r, col))
        .filter(|c| !c.is_empty())
        .peekable();
    filled.peek().is_some() && filled.all(|c| c.number().is_some())
}

/// Splits a title cell into its first line, the title, and the lines after it, an
/// introduction (seed 000's appendices open with a paragraph or two before their table).
pub fn split_title(cell: &str) -> (String, Option<String>) {
    let cell = cell.trim();
    match cell.split_once('\n') {
        Some((title, rest)) => (
            title.trim().to_owned(),
            Some(rest.trim().to_owned()).filter(|r| !r.is_empty()),
        ),
        None => (cell.to_owned(), None),
    }
}

/// Whether a table is short enough to keep on one page: a few rows of short text read
/// better whole than split after their first row.
pub fn keep_whole(rows: &[Vec<String>]) -> bool {
    rows.len() <= WHOLE_ROWS
}

/// The number an appendix's own title gives it: "Appendix 2 - Fees" is 2, "Appendix B" is 2.
pub fn own_number(title: &str) -> Option<usize> {
    let lower = title.trim().to_lowercase();
    let rest = lower.strip_prefix("appendix")?.trim_start();
    let token: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if let Ok(n) = token.parse::<usize>() {
        return Some(n);
    }
    let mut letters = token.chars();
    match (letters.next(), letters.next()) {
        (Some(c), None) if c.is_ascii_lowercase() => Some((c as u8 - b'a') as usize + 1),
        _ => None,
    }
}

/// An appendix title without its "Appendix N" and the dash or colon after it.
pub fn without_number(title: &str) -> &str {
    let t = title.trim();
    let after = t["appendix".len().min(t.len())..].trim_start();
    let after = after.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    let rest = after.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '.')
    });
    if rest.is_empty() { t } else { rest }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: " Pilot ".into(),
            rows,
            merges: vec![],
            bold: Vec::new(),
        }
    }

    #[test]
    fn titled_by_the_sheet_name_without_a_title_row() {
        let s = sheet(vec![
            vec![t("Title"), t("Description")],
            vec![t("Jobs"), t("Clubs")],
        ]);
        let table = read_table(&s, &mut Diagnostics::new("x.xlsx"));
        assert_eq!(table.title, "Pilot");
        assert_eq!(table.intro, None);
        assert_eq!(table.headers, ["Title", "Description"]);
        assert_eq!(table.rows, [["Jobs", "Clubs"]]);
        assert_eq!(table.breakable, [false]);
        assert_eq!(table.align, ["left", "left"]);
    }

    #[test]
    fn a1_alone_titles_the_table_and_its_further_lines_introduce_it() {
        let s = sheet(vec![
            vec![t(
                "Appendix A – Consultation questions\nThese questions focus on concepts.\n\nKey \
                    issues are:",
            )],
            vec![t("No."), t("Question"), Cell::Empty],
            vec![Cell::Number(1.0), t("Are the approaches right?")],
            vec![],
            vec![Cell::Number(2.0), t("Is anything missing?")],
        ]);
        let table = read_table(&s, &mut Diagnostics::new("x.xlsx"));
        assert_eq!(table.title, "Appendix A – Consultation questions");
        assert_eq!(
            table.intro.as_deref(),
            Some("These questions focus on concepts.\n\nKey issues are:")
        );
        assert_eq!(table.headers, ["No.", "Question"]);
        assert_eq!(
            table.rows,
            [
                ["1", "Are the approaches right?"],
                ["2", "Is anything missing?"]
            ]
        );
        assert_eq!(table.align, ["right", "left"]);
    }

    #[test]
    fn a_title_cell_of_one_line_has_no_introduction() {
        assert_eq!(
            split_title("  Outline pilot activity \n \n"),
            ("Outline pilot activity".to_owned(), None)
        );
    }

    #[test]
    fn a_merged_header_row_is_two_levels_and_rows_print_as_formatted() {
        let n = Cell::Number;
        let mut s = sheet(vec![
            vec![t("Service"), t("Budget"), Cell::Empty, t("Notes")],
            vec![Cell::Empty, t("Original"), t("Revised"), Cell::Empty],
            vec![t("Adults")],
            vec![t("Home care"), n(5.0), n(6.0), t("On track")],
            vec![t("Subtotal adults"), n(5.0), n(6.0)],
            vec![t("Carers"), n(1.0), n(2.0), t("Bold note")],
            vec![t("Grand"), n(6.0), n(8.0)],
        ]);
        s.merges = vec![
            crate::workbook::Merge {
                top: 0,
                left: 1,
                bottom: 0,
                right: 2,
            },
            crate::workbook::Merge {
                top: 0,
                left: 3,
                bottom: 1,
                right: 3,
            },
        ];
        s.bold = vec![(5, 0), (5, 1), (5, 2), (5, 3), (6, 0), (6, 1), (6, 2)];
        let table = read_table(&s, &mut Diagnostics::new("x.xlsx"));
        assert_eq!(table.headers, ["Service", "Original", "Revised", "Notes"]);
        let cells: Vec<(&str, usize, usize)> = table
            .groups
            .iter()
            .map(|g| (g.text.as_str(), g.span, g.rows))
            .collect();
        assert_eq!(
            cells,
            [("Service", 1, 2), ("Budget", 2, 1), ("Notes", 1, 2)]
        );
        assert_eq!(table.lower, [false, true, true, false]);
        use RowKind::*;
        assert_eq!(table.kinds, [Heading, Plain, Ruled, Total, Total]);
        assert_eq!(table.rows.len(), 5, "the lower header row is no data row");
        assert_eq!(table.align, ["left", "right", "right", "left"]);
        assert!(
            table.fits[1].strong.iter().any(|w| w == "6"),
            "a bold row's figures are measured bold: {:?}",
            table.fits[1]
        );
        assert!(
            !table.fits[0].words.iter().any(|w| w == "Adults"),
            "a sub-heading does not size the first column"
        );
    }

    #[test]
    fn appendix_titles_give_their_own_numbers() {
        assert_eq!(own_number("Appendix 1 - Fees"), Some(1));
        assert_eq!(own_number("Appendix B: Charter"), Some(2));
        assert_eq!(own_number("appendix 12"), Some(12));
        assert_eq!(own_number("Appendices"), None);
        assert_eq!(own_number("Fees"), None);
        assert_eq!(
            without_number("Appendix 1 - Fees and charges"),
            "Fees and charges"
        );
        assert_eq!(without_number("Appendix A – Consultation"), "Consultation");
    }
}
