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
        diags.error(&sheet.name, Some(cell_ref(rows[i], 0)), "table-too-long", format!(
            "the table is longer than one paper can print (at most {MAX_TABLE_ROWS} rows and {MAX_TABLE_CHARS} characters); split it, or publish it as a spreadsheet beside the paper"
        ));
        rows.truncate(i);
    }
}

/// A table of up to this many rows is kept whole on one page, rather than split after a row
/// or two, unless its text is long.
pub const WHOLE_ROWS: usize = 12;

/// A table kept whole has at most this many characters in all.
const WHOLE_CHARS: usize = 2_400;

/// Reads a sheet as a table. Formula error values are reported; empty columns are dropped.
pub fn read_table(sheet: &Sheet, diags: &mut Diagnostics) -> TableData {
    let table = Table::new(sheet);
    let mut data_rows: Vec<usize> = table.rows().collect();
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
            out.push(table.text(r, c));
        }
        rows.push(out);
    }
    let headers: Vec<String> = keep
        .iter()
        .map(|&c| table.text(table.header_row, c))
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
    let fits = headers
        .iter()
        .enumerate()
        .map(|(c, h)| fit::column(h, rows.iter().map(|r| r[c].as_str())))
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
    let chars: usize = rows.iter().flatten().map(|t| t.chars().count()).sum();
    rows.len() <= WHOLE_ROWS && chars <= WHOLE_CHARS
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
                "Appendix A – Consultation questions\nThese questions focus on concepts.\n\nKey issues are:",
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
