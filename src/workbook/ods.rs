//! What an OpenDocument spreadsheet shows beyond calamine's values: the text each number
//! cell displays (its `<text:p>`, written through the cell's number style) and the merged
//! regions (cells spanning rows or columns).
//!
//! Calamine gives an .ods number as its bare value and reads the cells a merge covers as if
//! they were free; this walk over `content.xml` keeps, for each sheet, the displayed text of
//! every float, percentage, currency, date and time cell, and each merge's extent.

use std::collections::HashMap;
use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Limits, Merge};

/// One sheet's extras.
#[derive(Debug, Default)]
pub struct OdsSheet {
    /// Displayed text by zero-based (row, column), for value cells that are not text.
    pub shown: HashMap<(usize, usize), String>,
    /// Merged regions.
    pub merges: Vec<Merge>,
    /// Cells that hold a formula with no stored value (no `office:value-type`), as programs
    /// may write them; calamine reads them as empty.
    pub formulas: Vec<(usize, usize)>,
    /// Filled cells whose style sets a bold font, by zero-based (row, column).
    pub bold: Vec<(usize, usize)>,
}

/// The extras of every sheet, by sheet name; empty when `content.xml` cannot be read (the
/// values are then printed as General, and calamine reports a damaged file itself).
pub fn extras(bytes: &[u8], limits: &Limits) -> HashMap<String, OdsSheet> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return HashMap::new();
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return HashMap::new();
    };
    // The archive's declared sizes were checked before opening; the cap holds a member that
    // inflates past what it declared.
    walk(
        BufReader::new(content.take(limits.max_expanded_bytes)),
        limits,
    )
    .unwrap_or_default()
}

/// The cell being read.
struct Open {
    row: usize,
    col: usize,
    rows_repeated: usize,
    cols_repeated: usize,
    text: String,
    paragraphs: usize,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        quick_xml::escape::unescape(&a.value)
            .ok()
            .map(|v| v.into_owned())
    })
}

fn count(e: &BytesStart<'_>, name: &str) -> usize {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn walk<R: std::io::BufRead>(
    input: R,
    limits: &Limits,
) -> Result<HashMap<String, OdsSheet>, quick_xml::Error> {
    let mut xml = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut sheets: HashMap<String, OdsSheet> = HashMap::new();
    let mut sheet: Option<String> = None;
    let (mut row, mut col, mut rows_repeated) = (0_usize, 0_usize, 1_usize);
    let mut open: Option<Open> = None;
    // Depth inside an annotation (a comment), whose paragraphs are not the cell's text.
    let mut annotation = 0_usize;
    // The cell styles that set a bold font, and the one being read.
    let mut bold_styles: std::collections::HashSet<String> = Default::default();
    let mut style: Option<String> = None;
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf)?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "style:style" if !empty => {
                    style = attr(&e, "style:name")
                        .filter(|_| attr(&e, "style:family").as_deref() == Some("table-cell"));
                }
                "style:text-properties" => {
                    if let Some(name) = &style
                        && attr(&e, "fo:font-weight").as_deref() == Some("bold")
                    {
                        bold_styles.insert(name.clone());
                    }
                }
                "table:table" if !empty => {
                    let name = attr(&e, "table:name").unwrap_or_default();
                    sheets.entry(name.clone()).or_default();
                    sheet = Some(name);
                    row = 0;
                }
                "table:table-row" => {
                    rows_repeated = count(&e, "table:number-rows-repeated");
                    col = 0;
                    if empty {
                        row = row.saturating_add(rows_repeated);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let cols_repeated = count(&e, "table:number-columns-repeated");
                    if let Some(name) = &sheet
                        && row < limits.max_rows
                        && let Some(entry) = sheets.get_mut(name)
                    {
                        let (across, down) = (
                            attr(&e, "table:number-columns-spanned"),
                            attr(&e, "table:number-rows-spanned"),
                        );
                        if across.is_some() || down.is_some() {
                            let across: usize =
                                across.and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
                            let down: usize = down.and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
                            if across > 1 || down > 1 {
                                entry.merges.push(Merge {
                                    top: row,
                                    left: col,
                                    bottom: row + down - 1,
                                    right: col + across - 1,
                                });
                            }
                        }
                        let bold = attr(&e, "table:style-name")
                            .is_some_and(|name| bold_styles.contains(&name));
                        if bold && !empty && entry.bold.len() < limits.max_rows {
                            let cols = cols_repeated.min(64);
                            entry.bold.extend((col..col + cols).map(|c| (row, c)));
                        }
                        if attr(&e, "table:formula").is_some()
                            && attr(&e, "office:value-type").is_none()
                            && entry.formulas.len() < limits.max_rows
                        {
                            entry.formulas.push((row, col));
                        }
                        let shows = matches!(
                            attr(&e, "office:value-type").as_deref(),
                            Some("float" | "percentage" | "currency" | "date" | "time")
                        );
                        if shows && !empty {
                            open = Some(Open {
                                row,
                                col,
                                rows_repeated,
                                cols_repeated,
                                text: String::new(),
                                paragraphs: 0,
                            });
                        }
                    }
                    if empty {
                        col = col.saturating_add(cols_repeated);
                    } else if open.is_none() {
                        // Skip the cell's content, but count its columns when it ends.
                        let end = e.name().as_ref().to_owned();
                        xml.read_to_end_into(quick_xml::name::QName(&end), &mut Vec::new())?;
                        col = col.saturating_add(cols_repeated);
                    }
                }
                "office:annotation" if !empty => annotation += 1,
                "text:p" if annotation == 0 => {
                    if let Some(cell) = &mut open {
                        if cell.paragraphs > 0 {
                            cell.text.push('\n');
                        }
                        cell.paragraphs += 1;
                    }
                }
                "text:s" if annotation == 0 => {
                    if let Some(cell) = &mut open {
                        cell.text.push_str(&" ".repeat(count(&e, "text:c").min(64)));
                    }
                }
                _ => {}
            },
            Event::Text(t) if annotation == 0 => {
                if let Some(cell) = &mut open {
                    cell.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if annotation == 0 => {
                if let Some(cell) = &mut open {
                    let name = r.xml10_content();
                    match quick_xml::escape::resolve_xml_entity(&name) {
                        Some(s) => cell.text.push_str(s),
                        None => cell.text.extend(r.resolve_char_ref().ok().flatten()),
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "office:annotation" => annotation = annotation.saturating_sub(1),
                "style:style" => style = None,
                "table:table-cell" | "table:covered-table-cell" => {
                    if let (Some(cell), Some(name)) = (open.take(), &sheet)
                        && let Some(entry) = sheets.get_mut(name)
                    {
                        // A repeated cell or row shows the same text at each place, as
                        // calamine repeats its value; past the limits nothing is kept.
                        // Past the limits calamine refuses the sheet: keep no more than
                        // that many texts.
                        let rows = cell
                            .rows_repeated
                            .min(limits.max_rows.saturating_sub(cell.row));
                        let cols = cell.cols_repeated.min(limits.max_cells / rows.max(1));
                        let room = limits.max_cells.saturating_sub(entry.shown.len());
                        let places = (cell.row..cell.row + rows)
                            .flat_map(|r| (cell.col..cell.col + cols).map(move |c| (r, c)));
                        for place in places.take(room) {
                            entry.shown.insert(place, cell.text.clone());
                        }
                        col = col.saturating_add(cell.cols_repeated);
                    }
                }
                "table:table-row" => row = row.saturating_add(rows_repeated),
                "table:table" => sheet = None,
                _ => {}
            },
            _ => {}
        }
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(content: &str) -> HashMap<String, OdsSheet> {
        walk(content.as_bytes(), &Limits::default()).unwrap()
    }

    #[test]
    fn cells_of_a_bold_style_are_bold() {
        let xml = r#"<office:document-content><office:automatic-styles>
            <style:style style:name="ce1" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>
            <style:style style:name="ce2" style:family="table-cell"><style:text-properties fo:font-style="italic"/></style:style>
            </office:automatic-styles><office:body><office:spreadsheet>
            <table:table table:name="Budget">
              <table:table-row><table:table-cell table:style-name="ce2" office:value-type="string"><text:p>Service</text:p></table:table-cell></table:table-row>
              <table:table-row>
                <table:table-cell table:style-name="ce1" office:value-type="string"><text:p>Total</text:p></table:table-cell>
                <table:table-cell table:style-name="ce1" table:number-columns-repeated="2" office:value-type="float" office:value="5"><text:p>5 </text:p></table:table-cell>
                <table:table-cell table:style-name="ce1"/>
              </table:table-row>
            </table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        assert_eq!(read(xml)["Budget"].bold, [(1, 0), (1, 1), (1, 2)]);
    }

    #[test]
    fn displayed_text_and_merges_by_position() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="Budget">
              <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
              <table:table-row>
                <table:table-cell office:value-type="string"><text:p>Fees</text:p></table:table-cell>
                <table:table-cell office:value-type="currency" office:value="1234.5"><office:annotation><text:p>note</text:p></office:annotation><text:p>£1,234.50</text:p></table:table-cell>
                <table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" office:value-type="percentage" office:value="0.0299"><text:p>3.0%</text:p></table:table-cell>
                <table:covered-table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:covered-table-cell>
              </table:table-row>
              <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="time" office:time-value="PT18H00M00S"><text:p>18:00</text:p></table:table-cell></table:table-row>
            </table:table>
            <table:table table:name="Other"><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1 &amp; 2</text:p></table:table-cell></table:table-row></table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        let sheets = read(xml);
        let budget = &sheets["Budget"];
        assert_eq!(budget.shown[&(2, 1)], "£1,234.50");
        assert_eq!(budget.shown[&(2, 2)], "3.0%");
        assert_eq!(budget.shown[&(2, 3)], "7");
        assert_eq!(budget.shown[&(3, 4)], "18:00");
        assert!(
            !budget.shown.contains_key(&(2, 0)),
            "text cells keep calamine's text"
        );
        assert_eq!(
            budget.merges,
            [Merge {
                top: 2,
                left: 2,
                bottom: 3,
                right: 3
            }]
        );
        assert_eq!(sheets["Other"].shown[&(0, 0)], "1 & 2");
    }

    #[test]
    fn formulas_with_no_stored_value() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="Agenda">
              <table:table-row><table:table-cell office:value-type="string"><text:p>Exempt</text:p></table:table-cell><table:table-cell table:formula="of:=[.A1]"/></table:table-row>
              <table:table-row><table:table-cell table:formula="of:=1" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>
            </table:table>
        </office:spreadsheet></office:body></office:document-content>"#;
        assert_eq!(read(xml)["Agenda"].formulas, [(0, 1)]);
    }
}
