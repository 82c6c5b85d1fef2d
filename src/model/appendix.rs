//! Any other sheet: a titled table, printed as an appendix.

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::workbook::{Cell, Sheet, Table, cell_ref};

/// A plain table from a sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableData {
    /// The sheet name, or A1 when it is the only filled cell of row 1.
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Data rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
    /// Relative column widths (Typst `fr`), from the length of each column's text.
    pub widths: Vec<f64>,
}

/// Reads a sheet as a table. Formula error values are reported; empty columns are dropped.
pub fn read_table(sheet: &Sheet, diags: &mut Diagnostics) -> TableData {
    let table = Table::new(sheet);
    let data_rows: Vec<usize> = table.rows().collect();
    let width = std::iter::once(table.header_row)
        .chain(data_rows.iter().copied())
        .map(|r| sheet.rows.get(r).map_or(0, |row| row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)))
        .max()
        .unwrap_or(0);
    let keep: Vec<usize> = (0..width)
        .filter(|&c| !table.cell(table.header_row, c).is_empty() || data_rows.iter().any(|&r| !table.cell(r, c).is_empty()))
        .collect();
    let mut rows = Vec::with_capacity(data_rows.len());
    for &r in &data_rows {
        let mut out = Vec::with_capacity(keep.len());
        for &c in &keep {
            if let Cell::Error(e) = table.cell(r, c) {
                diags.error(&sheet.name, Some(cell_ref(r, c)), "formula-error", format!("the formula gives the error {e}; fix the formula or type the value"));
            }
            out.push(table.text(r, c));
        }
        rows.push(out);
    }
    let headers: Vec<String> = keep.iter().map(|&c| table.text(table.header_row, c)).collect();
    let widths = widths(&headers, &rows);
    TableData { title: table.title.clone().unwrap_or_else(|| sheet.name.trim().to_owned()), headers, rows, widths }
}

/// Relative column widths from the average length of each column's text, clamped so that
/// short columns stay readable and long ones do not squeeze the rest.
pub fn widths(headers: &[String], rows: &[Vec<String>]) -> Vec<f64> {
    let n = headers.len().max(1);
    (0..n)
        .map(|c| {
            let lens = rows.iter().map(|r| r.get(c).map_or(0, |t| t.chars().count()));
            let total: usize = lens.clone().sum();
            let avg = total as f64 / rows.len().max(1) as f64;
            let head = headers.get(c).map_or(0, |h| h.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0));
            let weight = avg.max(head as f64).clamp(4.0, 60.0).sqrt();
            (weight * 100.0).round() / 100.0
        })
        .collect()
}
