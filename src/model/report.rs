//! The `Report` sheet (numbered sections and paragraphs) and the `Contacts` sheet.

use serde::Serialize;

use crate::base::diag::Diagnostics;
use crate::model::appendix::TableData;
use crate::model::numbering::{self, Place};
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
    /// Whether the paragraph is an item of its section's list of numbered paragraphs (it has
    /// a number and no subheading), whether it starts that list and whether it ends it (an
    /// inserted sheet ends it: the table is not an item). A screen reader hears one list per
    /// run of numbered paragraphs, not one per paragraph.
    pub listed: bool,
    pub opens_list: bool,
    pub closes_list: bool,
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
    /// The heading's cell, for diagnostics.
    #[serde(skip)]
    pub at: Option<String>,
}

/// One row of the Report sheet: heading, subheading and text with their cells, and the sheet
/// its optional `Insert` cell names (with that cell).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The Heading cell's text.
    pub heading: String,
    /// The Subheading cell's text.
    pub subheading: String,
    /// The Text cell's text.
    pub text: String,
    /// The sheet the Insert cell names, and that cell.
    pub insert: Option<(String, String)>,
    /// The cells of heading, subheading and text, in A1 notation.
    pub cells: [String; 3],
}

/// Reads Heading / Subheading / Text rows and numbers them: sections 1, 2, 3; paragraphs
/// 1.1, 1.2 within them; or paragraphs 1, 2, 3 when the report has no headings. An optional
/// `Insert` column names a sheet to print at that row, inside the report. `numbered` says
/// whether the template prints the numbers: only then is a number the author typed Papers'
/// to drop (a strategy prints its sections unnumbered, so the author's numbers stay).
pub fn read_report(sheet: &Sheet, numbered: bool, diags: &mut Diagnostics) -> Vec<Section> {
    let table = Table::new(sheet);
    let Some([text_col]) =
        table.require_with(["Text"], &["Heading", "Subheading", "Insert"], diags)
    else {
        return Vec::new();
    };
    let heading_col = table.column("Heading");
    let sub_col = table.column("Subheading");
    let insert_col = table.column("Insert");
    let rows: Vec<Row> = table
        .rows()
        .map(|r| {
            let get = |c: Option<usize>| c.map(|c| table.text(r, c)).unwrap_or_default();
            let at = |c: Option<usize>| cell_ref(r, c.unwrap_or(text_col));
            let insert = insert_col
                .map(|c| (table.text(r, c), cell_ref(r, c)))
                .filter(|(name, _)| !name.is_empty());
            let (mut subheading, mut text) = (get(sub_col), table.text(r, text_col));
            // A paragraph typed into the Subheading and Text cells merged together is text:
            // the merge keeps it in the Subheading cell, with nothing under it.
            let merged_over_text = sub_col.is_some_and(|c| {
                table
                    .sheet
                    .merge_at(r, c)
                    .is_some_and(|m| m.right >= text_col && c < text_col)
            });
            if merged_over_text && text.is_empty() {
                text = std::mem::take(&mut subheading);
            }
            Row {
                heading: get(heading_col),
                subheading,
                text,
                insert,
                cells: [at(heading_col), at(sub_col), cell_ref(r, text_col)],
            }
        })
        .collect();
    number_rows(rows, &sheet.name, numbered, diags)
}

/// Numbers the rows; split out of [`read_report`] to test it alone. A row that only inserts
/// a sheet is an unnumbered paragraph. A number the author typed that matches Papers' own is
/// dropped (see [`numbering`]).
pub fn number(rows: Vec<Row>, sheet: &str, diags: &mut Diagnostics) -> Vec<Section> {
    number_rows(rows, sheet, true, diags)
}

/// [`number`], dropping the author's matching numbers only when `drop_own`.
fn number_rows(
    rows: Vec<Row>,
    sheet: &str,
    drop_own: bool,
    diags: &mut Diagnostics,
) -> Vec<Section> {
    let has_headings = rows.iter().any(|r| !r.heading.is_empty());
    let mut sections: Vec<Section> = Vec::new();
    if !has_headings || rows.first().is_some_and(|r| r.heading.is_empty()) {
        sections.push(Section {
            number: String::new(),
            heading: None,
            paragraphs: Vec::new(),
            objectives_after: false,
            at: None,
        });
    }
    let mut flat = 0;
    for Row {
        heading,
        subheading: sub,
        text,
        insert,
        cells: [heading_at, sub_at, text_at],
    } in rows
    {
        if !heading.is_empty() {
            let n = (sections.iter().filter(|s| s.heading.is_some()).count() + 1).to_string();
            let heading = if drop_own {
                numbering::drop_own(
                    &heading,
                    &n,
                    Place {
                        sheet,
                        cell: &heading_at,
                        what: "heading",
                    },
                    diags,
                )
            } else {
                heading
            };
            sections.push(Section {
                number: n,
                heading: Some(heading),
                paragraphs: Vec::new(),
                objectives_after: false,
                at: Some(heading_at),
            });
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
            let numbered = section
                .paragraphs
                .iter()
                .filter(|p| !p.number.is_empty())
                .count();
            format!("{}.{}", section.number, numbered + 1)
        };
        let (sub, text) = if number.is_empty() || !drop_own {
            (sub, text)
        } else {
            let own = |t: &str, cell: &str, what, diags: &mut Diagnostics| {
                numbering::drop_own(t, &number, Place { sheet, cell, what }, diags)
            };
            (
                own(&sub, &sub_at, "subheading", diags),
                own(&text, &text_at, "paragraph", diags),
            )
        };
        section.paragraphs.push(Paragraph {
            number,
            subheading: (!sub.is_empty()).then_some(sub),
            text,
            insert,
            table: None,
            listed: false,
            opens_list: false,
            closes_list: false,
        });
    }
    sections.retain(|s| s.heading.is_some() || !s.paragraphs.is_empty());
    for section in &mut sections {
        list_runs(&mut section.paragraphs);
    }
    sections
}

/// Marks the runs of numbered paragraphs (see [`Paragraph::listed`]).
fn list_runs(paragraphs: &mut [Paragraph]) {
    let listed: Vec<bool> = paragraphs
        .iter()
        .map(|p| !p.number.is_empty() && p.subheading.is_none())
        .collect();
    for i in 0..paragraphs.len() {
        let inserts = |j: usize| paragraphs[j].insert.is_some();
        let opens = listed[i] && (i == 0 || !listed[i - 1] || inserts(i - 1));
        let closes = listed[i] && (i + 1 == paragraphs.len() || !listed[i + 1] || inserts(i));
        let p = &mut paragraphs[i];
        (p.listed, p.opens_list, p.closes_list) = (listed[i], opens, closes);
    }
}

/// A warning for each section heading with nothing under it: no paragraph, no inserted table
/// and no objectives. Run once the objectives have been placed.
pub fn empty_sections(sections: &[Section], sheet: &str, diags: &mut Diagnostics) {
    for s in sections
        .iter()
        .filter(|s| s.paragraphs.is_empty() && !s.objectives_after)
    {
        let (Some(heading), Some(at)) = (&s.heading, &s.at) else {
            continue;
        };
        diags.warn(sheet, Some(at.clone()), "empty-section", format!(
            "the heading \"{heading}\" has nothing under it; it prints as {}. {heading} with no \
                text: put its text in the Text column of this row or the rows below, or remove the \
                heading",
            s.number
        ));
    }
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

/// Reads Role / Name / Post / Email / Telephone rows. A row with no Name is left out, with a
/// warning: a contact nobody can be asked for is no contact.
pub fn read_contacts(sheet: &Sheet, diags: &mut Diagnostics) -> Vec<Contact> {
    let table = Table::new(sheet);
    let Some([name]) = table.require_with(["Name"], &["Role", "Post", "Email", "Telephone"], diags)
    else {
        return Vec::new();
    };
    let col = |label| table.column(label);
    let (role, post, email, tel) = (col("Role"), col("Post"), col("Email"), col("Telephone"));
    let get = |r, c: Option<usize>| c.map(|c| table.text(r, c)).unwrap_or_default();
    let mut out = Vec::new();
    for r in table.rows() {
        let contact = Contact {
            role: get(r, role),
            name: table.text(r, name),
            post: get(r, post),
            email: get(r, email),
            telephone: get(r, tel),
        };
        if contact.name.is_empty() {
            let what = [
                &contact.role,
                &contact.post,
                &contact.email,
                &contact.telephone,
            ]
            .into_iter()
            .find(|t| !t.is_empty())
            .cloned()
            .unwrap_or_default();
            diags.warn(
                &sheet.name,
                Some(cell_ref(r, name)),
                "unnamed-contact",
                format!(
                    "the contact on row {} (\"{what}\") has no Name, so it is left out; type the \
                    person's name, or delete the row",
                    r + 1
                ),
            );
            continue;
        }
        out.push(contact);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Cell;

    fn row(h: &str, s: &str, t: &str) -> Row {
        Row {
            heading: h.into(),
            subheading: s.into(),
            text: t.into(),
            insert: None,
            cells: ["A2".into(), "B2".into(), "C2".into()],
        }
    }

    fn numbered(rows: Vec<Row>) -> Vec<Section> {
        number(rows, "Report", &mut Diagnostics::new("x.xlsx"))
    }

    #[test]
    fn numbers_sections_and_paragraphs() {
        let s = numbered(vec![
            row("Background", "", ""),
            row("", "", "a"),
            row("", "", "b"),
            row("Implications", "Climate change", "c"),
            row("", "Access", "d"),
        ]);
        let numbers: Vec<&str> = s
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(|p| p.number.as_str()))
            .collect();
        assert_eq!(numbers, ["1.1", "1.2", "2.1", "2.2"]);
        assert_eq!(
            s[1].paragraphs[0].subheading.as_deref(),
            Some("Climate change")
        );
        assert_eq!(s[1].number, "2");
    }

    #[test]
    fn a_heading_and_text_on_one_row_are_the_heading_then_its_first_paragraph() {
        let s = numbered(vec![
            row("Background", "", "The council agreed."),
            row("", "", "Then"),
        ]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].heading.as_deref(), Some("Background"));
        let texts: Vec<(&str, &str)> = s[0]
            .paragraphs
            .iter()
            .map(|p| (p.number.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(texts, [("1.1", "The council agreed."), ("1.2", "Then")]);
    }

    #[test]
    fn flat_numbering_without_headings() {
        let s = numbered(vec![row("", "", "a"), row("", "", "b"), row("", "", "c")]);
        assert_eq!(s.len(), 1);
        let numbers: Vec<&str> = s[0].paragraphs.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, ["1", "2", "3"]);
    }

    #[test]
    fn the_authors_matching_numbers_are_dropped_and_others_kept_with_a_warning() {
        let mut diags = Diagnostics::new("x.xlsx");
        let s = number(
            vec![
                row("1. Background", "", "1.1 The council"),
                row("", "", "1.2. Then"),
                row("", "", "1.5 Out of step"),
                row("3. Implications", "2.1 Climate change", "Text"),
            ],
            "Report",
            &mut diags,
        );
        assert_eq!(s[0].heading.as_deref(), Some("Background"));
        let texts: Vec<&str> = s[0].paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["The council", "Then", "1.5 Out of step"]);
        assert_eq!(s[1].heading.as_deref(), Some("3. Implications"));
        assert_eq!(
            s[1].paragraphs[0].subheading.as_deref(),
            Some("Climate change")
        );
        let warned: Vec<(&str, &str)> = diags
            .list
            .iter()
            .map(|d| (d.code, d.cell.as_deref().unwrap()))
            .collect();
        assert_eq!(warned, [("own-number", "C2"), ("own-number", "A2")]);
        let flat = number(
            vec![row("", "", "1. One"), row("", "", "2) Two")],
            "Report",
            &mut diags,
        );
        assert_eq!(
            flat[0]
                .paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>(),
            ["One", "Two"]
        );
    }

    #[test]
    fn an_unnumbered_template_keeps_the_authors_numbers() {
        let mut diags = Diagnostics::new("x.xlsx");
        let s = number_rows(
            vec![
                row("1. Background", "", "1.1 Text"),
                row("", "", "1.5 More"),
            ],
            "Report",
            false,
            &mut diags,
        );
        assert_eq!(s[0].heading.as_deref(), Some("1. Background"));
        assert_eq!(s[0].paragraphs[0].text, "1.1 Text");
        assert!(diags.list.is_empty());
    }

    #[test]
    fn a_row_that_only_inserts_a_sheet_is_not_numbered() {
        let insert = Row {
            insert: Some(("Vision".to_owned(), "D3".to_owned())),
            ..Row::default()
        };
        let s = numbered(vec![row("Future", "", "a"), insert, row("", "", "b")]);
        let numbers: Vec<&str> = s[0].paragraphs.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, ["1.1", "", "1.2"]);
        assert_eq!(
            s[0].paragraphs[1].insert,
            Some(("Vision".to_owned(), "D3".to_owned()))
        );
    }

    #[test]
    fn text_before_first_heading_is_unnumbered() {
        let s = numbered(vec![row("", "", "intro"), row("One", "", "x")]);
        assert_eq!(s[0].paragraphs[0].number, "");
        assert_eq!(s[1].paragraphs[0].number, "1.1");
    }

    #[test]
    fn a_heading_with_nothing_under_it_is_named() {
        let mut diags = Diagnostics::new("x.xlsx");
        let mut rows = vec![
            row("Background", "", "a"),
            row("Risks", "", ""),
            row("Finance", "", "b"),
        ];
        rows[1].cells[0] = "A3".into();
        let s = number(rows, "Report", &mut diags);
        empty_sections(&s, "Report", &mut diags);
        assert_eq!(diags.list.len(), 1);
        assert_eq!(
            (diags.list[0].code, diags.list[0].cell.as_deref()),
            ("empty-section", Some("A3"))
        );
        assert!(
            diags.list[0].message.contains("\"Risks\""),
            "{}",
            diags.list[0].message
        );
    }

    #[test]
    fn a_contact_with_no_name_is_left_out_and_named() {
        let t = |s: &str| Cell::Text(s.into());
        let sheet = Sheet {
            name: "Contacts".into(),
            rows: vec![
                vec![t("Role"), t("Name"), t("Email")],
                vec![t("Officer contact"), t("Jo Bloggs"), t("jo@x.gov.uk")],
                vec![t("Member contact"), Cell::Empty, t("cllr@x.gov.uk")],
            ],
            merges: vec![],
            bold: Vec::new(),
        };
        let mut diags = Diagnostics::new("x.xlsx");
        let contacts = read_contacts(&sheet, &mut diags);
        assert_eq!(
            contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Jo Bloggs"]
        );
        assert_eq!(
            (diags.list[0].code, diags.list[0].cell.as_deref()),
            ("unnamed-contact", Some("B3"))
        );
    }
}
