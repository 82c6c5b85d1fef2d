//! The `Report` sheet (numbered sections and paragraphs) and the `Contacts` sheet.

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::model::appendix::TableData;
use crate::workbook::{Sheet, Table, cell_ref};

/// A numbered paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// "1.2", or "3" in a report without headings; empty for text before the first heading.
    pub number: String,
    /// The heading of a sub-headed paragraph ("Climate change").
    pub subheading: Option<String>,
    /// The text, in the Markdown subset.
    pub text: String,
    /// The sheet the row's `Insert` cell names, and that cell, to be printed here.
    #[serde(skip)]
    pub insert: Option<(String, String)>,
    /// The inserted sheet as a table, once the document has found it.
    pub table: Option<TableData>,
}

/// A numbered section: a heading and its paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// "1", or empty for paragraphs before the first heading.
    pub number: String,
    /// The heading, if the section has one.
    pub heading: Option<String>,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Whether the workbook's objectives print after this section.
    pub objectives_after: bool,
}

/// One row of the Report sheet: heading, subheading, text, and the sheet its optional
/// `Insert` cell names (with that cell).
pub type Row = (String, String, String, Option<(String, String)>);

/// Reads Heading / Subheading / Text rows and numbers them: sections 1, 2, 3; paragraphs
/// 1.1, 1.2 within them; or paragraphs 1, 2, 3 when the report has no headings. An optional
/// `Insert` column names a sheet to print at that row, inside the report.
pub fn read_report(sheet: &Sheet, diags: &mut Diagnostics) -> Vec<Section> {
    let table = Table::new(sheet);
    let Some([text_col]) = table.require_with(["Text"], &["Heading", "Subheading", "Insert"], diags) else { return Vec::new() };
    let heading_col = table.column("Heading");
    let sub_col = table.column("Subheading");
    let insert_col = table.column("Insert");
    let rows: Vec<Row> = table
        .rows()
        .map(|r| {
            let get = |c: Option<usize>| c.map(|c| table.text(r, c)).unwrap_or_default();
            let insert = insert_col.map(|c| (table.text(r, c), cell_ref(r, c))).filter(|(name, _)| !name.is_empty());
            (get(heading_col), get(sub_col), table.text(r, text_col), insert)
        })
        .collect();
    number(rows)
}

/// Numbers the rows; split out of [`read_report`] to test it alone. A row that only inserts
/// a sheet is an unnumbered paragraph.
pub fn number(rows: Vec<Row>) -> Vec<Section> {
    let has_headings = rows.iter().any(|(h, _, _, _)| !h.is_empty());
    let mut sections: Vec<Section> = Vec::new();
    if !has_headings || rows.first().is_some_and(|(h, _, _, _)| h.is_empty()) {
        sections.push(Section { number: String::new(), heading: None, paragraphs: Vec::new(), objectives_after: false });
    }
    let mut flat = 0;
    for (heading, sub, text, insert) in rows {
        if !heading.is_empty() {
            let n = sections.iter().filter(|s| s.heading.is_some()).count() + 1;
            sections.push(Section { number: n.to_string(), heading: Some(heading), paragraphs: Vec::new(), objectives_after: false });
        }
        if sub.is_empty() && text.is_empty() && insert.is_none() {
            continue;
        }
        let section = sections.last_mut().expect("a section exists");
        let number = if sub.is_empty() && text.is_empty() {
            String::new()
        } else if !has_headings {
            flat += 1;
            flat.to_string()
        } else if section.heading.is_none() {
            String::new()
        } else {
            let numbered = section.paragraphs.iter().filter(|p| !p.number.is_empty()).count();
            format!("{}.{}", section.number, numbered + 1)
        };
        section.paragraphs.push(Paragraph { number, subheading: (!sub.is_empty()).then_some(sub), text, insert, table: None });
    }
    sections.retain(|s| s.heading.is_some() || !s.paragraphs.is_empty());
    sections
}

/// A person to contact about the paper.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    /// Officer contact, Member contact, Cabinet member ...
    pub role: String,
    /// Name.
    pub name: String,
    /// Post, portfolio or address.
    pub post: String,
    /// Email address.
    pub email: String,
    /// Telephone number.
    pub telephone: String,
}

/// Reads Role / Name / Post / Email / Telephone rows.
pub fn read_contacts(sheet: &Sheet, diags: &mut Diagnostics) -> Vec<Contact> {
    let table = Table::new(sheet);
    let Some([name]) = table.require_with(["Name"], &["Role", "Post", "Email", "Telephone"], diags) else { return Vec::new() };
    let col = |label| table.column(label);
    let (role, post, email, tel) = (col("Role"), col("Post"), col("Email"), col("Telephone"));
    let get = |r, c: Option<usize>| c.map(|c| table.text(r, c)).unwrap_or_default();
    table
        .rows()
        .map(|r| Contact {
            role: get(r, role),
            name: table.text(r, name),
            post: get(r, post),
            email: get(r, email),
            telephone: get(r, tel),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(h: &str, s: &str, t: &str) -> Row {
        (h.into(), s.into(), t.into(), None)
    }

    #[test]
    fn numbers_sections_and_paragraphs() {
        let s = number(vec![
            row("Background", "", ""),
            row("", "", "a"),
            row("", "", "b"),
            row("Implications", "Climate change", "c"),
            row("", "Access", "d"),
        ]);
        let numbers: Vec<&str> = s.iter().flat_map(|s| s.paragraphs.iter().map(|p| p.number.as_str())).collect();
        assert_eq!(numbers, ["1.1", "1.2", "2.1", "2.2"]);
        assert_eq!(s[1].paragraphs[0].subheading.as_deref(), Some("Climate change"));
        assert_eq!(s[1].number, "2");
    }

    #[test]
    fn flat_numbering_without_headings() {
        let s = number(vec![row("", "", "a"), row("", "", "b"), row("", "", "c")]);
        assert_eq!(s.len(), 1);
        let numbers: Vec<&str> = s[0].paragraphs.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, ["1", "2", "3"]);
    }

    #[test]
    fn a_row_that_only_inserts_a_sheet_is_not_numbered() {
        let insert = (String::new(), String::new(), String::new(), Some(("Vision".to_owned(), "D3".to_owned())));
        let s = number(vec![row("Future", "", "a"), insert, row("", "", "b")]);
        let numbers: Vec<&str> = s[0].paragraphs.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, ["1.1", "", "1.2"]);
        assert_eq!(s[0].paragraphs[1].insert, Some(("Vision".to_owned(), "D3".to_owned())));
    }

    #[test]
    fn text_before_first_heading_is_unnumbered() {
        let s = number(vec![row("", "", "intro"), row("One", "", "x")]);
        assert_eq!(s[0].paragraphs[0].number, "");
        assert_eq!(s[1].paragraphs[0].number, "1.1");
    }
}
