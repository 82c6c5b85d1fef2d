//! The `Cover` sheet: Field / Value pairs, with the known fields typed and the rest kept.

use serde::Serialize;

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, nearest};
use crate::workbook::{Cell, Sheet, Table, cell_ref, norm};

/// Every Cover field the contract knows, as written on a blank workbook.
pub const KNOWN_FIELDS: &[&str] = &[
    "Template",
    "Title",
    "Council",
    "Committee",
    "Meeting date",
    "Item",
    "Report of",
    "Subject",
    "Electoral divisions",
    "Wards",
    "Forward plan ref",
    "Key decision",
    "Purpose",
    "Recommendations",
    "Corporate priorities",
    "Financial implications",
    "Background documents",
    "Exempt",
    "Status date",
    "Head of service",
    "Date assessed",
    "Description",
    "Reference",
    "Assessor name",
    "Assessor job title",
    "Directorate",
    "Service",
    "Team",
    "Proposal",
    "Policy type",
    "Supports committee paper",
    "Impact foreseeable",
    "Super-user engaged",
    "Head of service email",
    "Status",
    "Foreword",
    "Objectives layout",
    "Objective heading",
    "Actions title",
    "Cabinet member",
    "Committee date",
    "Report subject",
    "Business plan proposal number",
    "Positive and negative impacts explained",
    "Evidence and analysis",
    "Mitigating actions",
    "Action plan",
    "Alignment title",
    "Objectives after",
    "Foreword title",
    "Contents",
];

/// Yes / No answers.
pub const YES_NO: &[&str] = &["Yes", "No"];

/// One Field / Value row.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The label as the author wrote it.
    pub label: String,
    /// The value as shown in the document.
    pub value: String,
    #[serde(skip)]
    key: String,
    #[serde(skip)]
    cell: Cell,
    #[serde(skip)]
    at: String,
    #[serde(skip)]
    label_at: String,
}

/// The Cover sheet, read.
#[derive(Debug, Clone, Default)]
pub struct Cover {
    /// The sheet name as written (for diagnostics).
    pub sheet: String,
    fields: Vec<Field>,
}

impl Cover {
    /// Reads the Field / Value rows. A sheet without a `Field` / `Value` header is read as
    /// label and value in columns A and B from row 1.
    pub fn read(sheet: &Sheet, diags: &mut Diagnostics) -> Cover {
        let table = Table::new(sheet);
        let (first, label_col, value_col) = match (table.column("Field"), table.column("Value")) {
            (Some(f), Some(v)) => (table.header_row + 1, f, v),
            _ => (0, 0, 1),
        };
        let mut fields: Vec<Field> = Vec::new();
        for row in first..sheet.rows.len() {
            let label = sheet.cell(row, label_col).display();
            if label.is_empty() {
                if !sheet.cell(row, value_col).is_empty() {
                    diags.warn(
                        &sheet.name,
                        Some(cell_ref(row, label_col)),
                        "missing-label",
                        "a value with no field label is ignored",
                    );
                }
                continue;
            }
            let key = norm(&label);
            if let Some(prev) = fields.iter().find(|f| f.key == key) {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(row, label_col)),
                    "duplicate-field",
                    format!("\"{label}\" is given twice (first at {})", prev.at),
                );
                continue;
            }
            let cell = sheet.cell(row, value_col).clone();
            // A label that may mean Exempt is the document's error (see `exempt_paragraph`).
            let exempt_like =
                crate::model::exempt::label(&label) == crate::model::exempt::Label::NearMiss;
            if !exempt_like && !KNOWN_FIELDS.iter().any(|k| norm(k) == key) {
                let d = diags.warn(
                    &sheet.name,
                    Some(cell_ref(row, label_col)),
                    "unknown-field",
                    format!(
                        "\"{label}\" is not a known Cover field; it is shown under its own label"
                    ),
                );
                if let Some(s) = nearest(&label, KNOWN_FIELDS.iter().copied()) {
                    d.suggestion = Some(s.to_owned());
                }
            }
            fields.push(Field {
                value: cell.display(),
                label,
                key,
                at: cell_ref(row, value_col),
                label_at: cell_ref(row, label_col),
                cell,
            });
        }
        Cover {
            sheet: sheet.name.clone(),
            fields,
        }
    }

    fn field(&self, label: &str) -> Option<&Field> {
        let key = norm(label);
        self.fields.iter().find(|f| f.key == key)
    }

    /// The value of a field, or `None` when absent or blank.
    pub fn get(&self, label: &str) -> Option<String> {
        self.field(label)
            .map(|f| f.value.clone())
            .filter(|v| !v.is_empty())
    }

    /// Every field as (label, value, the label's cell).
    pub fn labels(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.fields
            .iter()
            .map(|f| (f.label.as_str(), f.value.as_str(), f.label_at.as_str()))
    }

    /// The cell of a field's value, or `None` when the field is absent.
    pub fn cell(&self, label: &str) -> Option<&Cell> {
        self.field(label).map(|f| &f.cell)
    }

    /// The cell reference of a field's value (for diagnostics).
    pub fn at(&self, label: &str) -> Option<String> {
        self.field(label).map(|f| f.at.clone())
    }

    /// A date field: a date cell, or text that reads as a date. Anything else is an error.
    pub fn date(&self, label: &str, diags: &mut Diagnostics) -> Option<Date> {
        let f = self.field(label)?;
        match &f.cell {
            Cell::Date(d) | Cell::DateTime(d, _) => Some(*d),
            Cell::Empty => None,
            Cell::Text(t) if t.trim().is_empty() => None,
            Cell::Number(n) | Cell::Formatted(n, _) if (20_000.0..80_000.0).contains(n) => {
                Date::from_serial(*n)
            }
            Cell::Number(n) | Cell::Formatted(n, _) if !n.is_finite() => {
                diags.error(&self.sheet, Some(f.at.clone()), "date-expected", format!(
                    "{}: a date was expected, but the cell holds {}, which is no date or number a \
                        spreadsheet can show (the workbook was written by a program); type the \
                        date, in a date cell or as \"4 November 2015\"",
                    f.label,
                    crate::workbook::not_a_number(*n)
                ));
                None
            }
            other => {
                match Date::parse(&other.display()) {
                    Some(d) => Some(d),
                    // Excel's 29 February 1900: one finding for the cell, this one.
                    None if no_such_date(&self.sheet, &f.at, diags) => {
                        diags.error(&self.sheet, Some(f.at.clone()), "date-expected", format!(
                        "{}: 29 February 1900 never was (spreadsheets count it, after Lotus \
                            1-2-3); give the date meant",
                        f.label
                    ));
                        None
                    }
                    None => {
                        diags.error(&self.sheet, Some(f.at.clone()), "date-expected", format!(
                        "{}: a date was expected, found \"{}\"; use a date cell or write it as \"4 \
                            November 2015\"",
                        f.label,
                        other.display()
                    ));
                        None
                    }
                }
            }
        }
    }

    /// A field whose value must be one of `options` (matched loosely); reports anything else
    /// with the nearest option. Returns the canonical spelling.
    pub fn choice(&self, label: &str, options: &[&str], diags: &mut Diagnostics) -> Option<String> {
        let f = self.field(label)?;
        if f.value.is_empty() {
            return None;
        }
        match options.iter().find(|o| norm(o) == norm(&f.value)) {
            Some(o) => Some((*o).to_owned()),
            None => {
                let d = diags.error(
                    &self.sheet,
                    Some(f.at.clone()),
                    "bad-value",
                    format!(
                        "{}: \"{}\" is not one of {}",
                        f.label,
                        f.value,
                        options.join(", ")
                    ),
                );
                d.suggestion = nearest(&f.value, options.iter().copied()).map(str::to_owned);
                None
            }
        }
    }

    /// Fields that are not among `shown`, in workbook order, for "any other field under its
    /// own label".
    pub fn others(&self, shown: &[&str]) -> Vec<Field> {
        self.fields
            .iter()
            .filter(|f| !f.value.is_empty() && !shown.iter().any(|s| norm(s) == f.key))
            .cloned()
            .collect()
    }

    /// Every field with a label (for diagnostics over all values).
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.fields
            .iter()
            .map(|f| (f.label.as_str(), f.value.as_str(), f.at.as_str()))
    }
}

/// Takes back the `no-such-date` warning the reader gave a cell holding Excel's 29 February
/// 1900, when a date field is to report it; whether there was one.
fn no_such_date(sheet: &str, at: &str, diags: &mut Diagnostics) -> bool {
    let before = diags.list.len();
    diags.list.retain(|d| {
        !(d.code == "no-such-date"
            && d.sheet.as_deref() == Some(sheet)
            && d.cell.as_deref() == Some(at))
    });
    diags.list.len() < before
}
