//! Reading workbooks with calamine into plain grids of typed cells, and finding tables in them.
//!
//! This is the only module that knows about spreadsheet formats. Every text cell is cleaned
//! here (see [`clean`]), so the rest of Papers only ever sees safe text.

use std::io::Cursor;

use calamine::{Data, Reader, SheetVisible, Sheets};

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, Severity};
use crate::base::time::{Clock, Time};

pub mod clean;
mod convert;
pub mod numfmt;
mod ods;
mod properties;
mod xls;

use convert::{Look, convert};

/// The most characters a spreadsheet cell holds (Excel's limit).
pub const MAX_CELL_CHARS: usize = 32_767;

/// Limits that keep a hostile or broken file from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest workbook file, in bytes.
    pub max_file_bytes: u64,
    /// Most rows in one sheet.
    pub max_rows: usize,
    /// Most cells (rows × columns) in one sheet.
    pub max_cells: usize,
    /// Largest total expanded size of the archive's members (xlsx, ods), in bytes.
    pub max_expanded_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 << 20,
            max_rows: 50_000,
            max_cells: 2_000_000,
            max_expanded_bytes: 512 << 20,
        }
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text, already cleaned. Empty text is a cell that holds something that shows nothing:
    /// text of only characters the cleaning removed, a formula whose stored value is empty
    /// text, or (on a Cover or Agenda sheet) a formula with no stored value at all.
    Text(String),
    /// A number (integers included) in the General format.
    Number(f64),
    /// A number shown through its cell's number format: the value, and the text the
    /// spreadsheet displays ("£1,234.50", "(2,500)", "3.0%").
    Formatted(f64, String),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date cell.
    Date(Date),
    /// A time of day: a time cell, or a number formatted as a time.
    Time(Time),
    /// A date and a time of day, formatted to show both.
    DateTime(Date, Time),
    /// A formula error value such as `#REF!`.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing (or only spaces).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as it is shown in a document: numbers as the spreadsheet displays them
    /// (General without float noise), dates in British long form, times as councils write
    /// them ("5.30pm"). Error values show as written (they are reported separately).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) => numfmt::general(*n),
            Cell::Formatted(_, shown) => numfmt::unpadded(shown).trim().to_owned(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Date(d) => d.long(),
            Cell::Time(t) => t.to_string(),
            Cell::DateTime(d, t) => format!("{}, {t}", d.long()),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The value as a table cell shows it: as [`Cell::display`], with the spaces its number
    /// format leaves (`_)`, a fill) kept as [`numfmt::PAD`], [`numfmt::DIGIT_PAD`] and
    /// [`numfmt::FILL`], so that figures line up on their digits.
    pub fn shown(&self) -> String {
        match self {
            Cell::Formatted(_, shown) => shown.trim_matches(' ').to_owned(),
            other => other.display(),
        }
    }

    /// The value of a number cell, whatever its format.
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) | Cell::Formatted(n, _) => Some(*n),
            _ => None,
        }
    }

    /// The same cell with its time, if any, on `clock`.
    fn on(self, clock: Clock) -> Cell {
        match self {
            Cell::Time(t) => Cell::Time(t.on(clock)),
            Cell::DateTime(d, t) => Cell::DateTime(d, t.on(clock)),
            other => other,
        }
    }
}

/// A merged region, zero-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row.
    pub top: usize,
    /// First column.
    pub left: usize,
    /// Last row.
    pub bottom: usize,
    /// Last column.
    pub right: usize,
}

/// One visible sheet as a grid from A1.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name as the workbook spells it.
    pub name: String,
    /// Rows from row 1, each from column A.
    pub rows: Vec<Vec<Cell>>,
    /// Merged regions.
    pub merges: Vec<Merge>,
    /// The cells set in a bold font, zero-based (row, column), in order (read from .xlsx and
    /// .ods styles; empty for the other formats).
    pub bold: Vec<(usize, usize)>,
}

impl Sheet {
    /// The cell at zero-based row and column.
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    /// Whether no cell holds anything.
    pub fn is_empty(&self) -> bool {
        self.rows.iter().all(|r| r.iter().all(Cell::is_empty))
    }

    /// Whether a row holds nothing.
    pub fn row_is_empty(&self, row: usize) -> bool {
        self.rows
            .get(row)
            .is_none_or(|r| r.iter().all(Cell::is_empty))
    }

    /// Whether the cell at zero-based row and column is set in a bold font.
    pub fn is_bold(&self, row: usize, col: usize) -> bool {
        self.bold.binary_search(&(row, col)).is_ok()
    }

    /// The merged region that starts at this cell, if any.
    pub fn merge_at(&self, row: usize, col: usize) -> Option<&Merge> {
        self.merges.iter().find(|m| m.top == row && m.left == col)
    }
}

/// A workbook's visible sheets, in workbook order.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The sheets the reader takes in (hidden sheets are left out, with a warning).
    pub sheets: Vec<Sheet>,
    /// The clock its times print on (see [`Workbook::set_clock`]).
    pub clock: Clock,
    /// When the workbook was last saved, from its document properties (not the file system's
    /// time, which a copy changes).
    pub modified: Option<Date>,
}

/// Reads an input file, but never more than one byte past the size limit: a file that large
/// is refused by [`Workbook::read`] without being held in memory whole.
pub fn read_file(path: &std::path::Path, limits: &Limits) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    // A pipe or device would block or never end.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    // Room for the whole file up front (within the limit): read in one go, not doubling.
    let limit = limits.max_file_bytes.saturating_add(1);
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// What a number that is no number is, for a message: "NaN (not a number)" or "an
/// infinite number". Files written by programs can hold them; no spreadsheet shows them.
pub fn not_a_number(n: f64) -> &'static str {
    if n.is_nan() {
        "NaN (not a number)"
    } else {
        "an infinite number"
    }
}

/// `C4` for zero-based row 3, column 2.
pub fn cell_ref(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).expect("ASCII letters"),
        row + 1
    )
}

/// Labels match case-insensitively, ignoring surrounding spaces and a trailing colon.
pub fn norm(label: &str) -> String {
    label.trim().trim_end_matches(':').trim().to_lowercase()
}

impl Workbook {
    /// Reads a workbook from its bytes. A file that cannot be read at all gives one error
    /// about the whole file in `diags` and `None`; so does each sheet that cannot be read or
    /// is past the limits, after all sheets have been tried.
    pub fn read(bytes: &[u8], limits: &Limits, diags: &mut Diagnostics) -> Option<Workbook> {
        if bytes.len() as u64 > limits.max_file_bytes {
            diags.at(
                None,
                None,
                Severity::Error,
                "file-too-large",
                format!(
                    "the file is larger than {} MiB, the limit for a workbook",
                    limits.max_file_bytes >> 20
                ),
            );
            return None;
        }
        // The format readers are not hardened against every damaged file; a panic in one
        // means the file is unreadable, and its partial findings are dropped for that one.
        let before = diags.list.len();
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Self::read_sheets(bytes, limits, diags)
        }));
        read.unwrap_or_else(|_| {
            diags.list.truncate(before);
            diags.at(
                None,
                None,
                Severity::Error,
                "unreadable-workbook",
                "the file is not a readable workbook: its contents are damaged",
            );
            None
        })
    }

    /// Opens the workbook and reads its visible sheets.
    fn read_sheets(bytes: &[u8], limits: &Limits, diags: &mut Diagnostics) -> Option<Workbook> {
        let mut book = match open(bytes, limits) {
            Ok(book) => book,
            Err((code, sheet, message)) => {
                diags.at(sheet.as_deref(), None, Severity::Error, code, message);
                return None;
            }
        };
        let metas = book.sheets_metadata().to_vec();
        // What calamine does not read: .ods displayed text and merges, .xls format codes.
        let mut ods_extras = if matches!(book, Sheets::Ods(_)) {
            ods::extras(bytes, limits)
        } else {
            Default::default()
        };
        let mut xls_formats = if matches!(book, Sheets::Xls(_)) {
            xls::formats(bytes, limits)
        } else {
            Default::default()
        };
        let mut sheets = Vec::new();
        let mut refused = false;
        for meta in metas {
            if meta.visible != SheetVisible::Visible {
                diags.warn(&meta.name, None, "hidden-sheet", "hidden sheet ignored");
                continue;
            }
            let cells = match sheet_cells(&mut book, &meta.name, limits) {
                Ok((cells, unstored)) => {
                    unstored_formulas(&meta.name, &unstored, diags);
                    cells
                }
                Err(SheetError::TooLarge { row, col }) => {
                    diags.error(
                        &meta.name,
                        Some(cell_ref(row, col)),
                        "sheet-too-large",
                        format!(
                            "a value at {} is past the limits a sheet may span ({} rows, {} cells \
                            counted as rows × columns); delete the stray cells or split the sheet",
                            cell_ref(row, col),
                            limits.max_rows,
                            limits.max_cells
                        ),
                    );
                    refused = true;
                    continue;
                }
                Err(SheetError::Unreadable(e)) => {
                    diags.error(
                        &meta.name,
                        None,
                        "unreadable-sheet",
                        format!("the sheet cannot be read: {e}"),
                    );
                    refused = true;
                    continue;
                }
            };
            let extras = ods_extras.remove(&meta.name).unwrap_or_default();
            let codes = xls_formats.remove(&meta.name).unwrap_or_default();
            let height = cells.iter().map(|(r, _, _, _, _)| r + 1).max().unwrap_or(0);
            let mut rows = vec![Vec::new(); height];
            let mut bold: Vec<(usize, usize)> = cells
                .iter()
                .filter(|cell| cell.4)
                .map(|&(r, c, ..)| (r, c))
                .chain(extras.bold.iter().copied())
                .collect();
            bold.sort_unstable();
            bold.dedup();
            for (r, c, data, code, _) in &cells {
                let (r, c) = (*r, *c);
                let look = match (code, extras.shown.get(&(r, c)), codes.get(&(r, c))) {
                    (Some(code), _, _) | (None, None, Some(code)) => Look::Code(code),
                    (None, Some(shown), _) => Look::Shown(shown),
                    (None, None, None) => Look::Plain,
                };
                let cell = convert(data, look, &meta.name, r, c, diags);
                let row = &mut rows[r];
                if row.len() <= c {
                    row.resize(c + 1, Cell::Empty);
                }
                row[c] = cell;
            }
            // An .ods formula with no stored value, kept as on an .xlsx (see `sheet_cells`).
            unstored_formulas(&meta.name, &extras.formulas, diags);
            for &(r, c) in extras.formulas.iter().filter(|_| holds_exempt(&meta.name)) {
                if r >= limits.max_rows || c >= limits.max_cells / (r + 1) {
                    continue;
                }
                if rows.len() <= r {
                    rows.resize(r + 1, Vec::new());
                }
                let row = &mut rows[r];
                if row.len() <= c {
                    row.resize(c + 1, Cell::Empty);
                }
                if row[c] == Cell::Empty {
                    row[c] = Cell::Text(String::new());
                }
            }
            let mut merges = merges(&mut book, &meta.name);
            merges.extend(extras.merges);
            convert::gather_merges(&mut rows, &merges, limits.max_cells.saturating_mul(4));
            while rows
                .last()
                .is_some_and(|r| r.iter().all(|c| *c == Cell::Empty))
            {
                rows.pop();
            }
            sheets.push(Sheet {
                name: meta.name,
                rows,
                merges,
                bold,
            });
        }
        // A document missing a sheet it was given would be built wrong, and every check of
        // it would follow from the missing sheet: its one error per refused sheet is enough.
        (!refused).then_some(Workbook {
            sheets,
            clock: Clock::default(),
            modified: properties::modified(bytes),
        })
    }

    /// Prints every time of the workbook on `clock` (`papers.toml`'s `clock`).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        for cell in self
            .sheets
            .iter_mut()
            .flat_map(|s| s.rows.iter_mut())
            .flat_map(|r| r.iter_mut())
        {
            *cell = std::mem::replace(cell, Cell::Empty).on(clock);
        }
    }

    /// The first filled cell past a budget of `cells` filled cells and `chars` characters in
    /// all, as (sheet, zero-based row, column), in sheet, row and column order; `None` when the
    /// workbook is within it.
    pub fn past_budget(&self, cells: usize, chars: usize) -> Option<(&str, usize, usize)> {
        let (mut n, mut len) = (0_usize, 0_usize);
        for sheet in &self.sheets {
            for (r, row) in sheet.rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                    n += 1;
                    // Text is measured as it is; only the few other cells are formatted.
                    len += match cell {
                        Cell::Text(t) => t.len(),
                        other => other.display().len(),
                    };
                    if n > cells || len > chars {
                        return Some((&sheet.name, r, c));
                    }
                }
            }
        }
        None
    }

    /// The sheet with this name (matched as labels are), if present.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        let want = norm(name);
        self.sheets.iter().find(|s| norm(&s.name) == want)
    }
}

/// Merged regions of a sheet, for the formats that record them.
fn merges<RS: std::io::Read + std::io::Seek>(book: &mut Sheets<RS>, name: &str) -> Vec<Merge> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).ok(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).ok(),
        _ => None,
    };
    dims.unwrap_or_default()
        .into_iter()
        .map(|d| Merge {
            top: d.start.0 as usize,
            left: d.start.1 as usize,
            bottom: d.end.0 as usize,
            right: d.end.1 as usize,
        })
        .collect()
}

/// Warns of formulas with no stored value (positions zero-based from A1): a workbook written
/// by a script and never opened in a spreadsheet has formulas but not their results, and
/// Papers prints what the spreadsheet stored. The first few cells are named, then a count.
fn unstored_formulas(sheet: &str, cells: &[(usize, usize)], diags: &mut Diagnostics) {
    const NAMED: usize = 5;
    for &(r, c) in cells.iter().take(NAMED) {
        diags.warn(sheet, Some(cell_ref(r, c)), "formula-not-stored", format!(
            "cell {} holds a formula with no stored value, so it prints blank: open and save the \
                workbook in Excel or LibreOffice so its value is stored",
            cell_ref(r, c)
        ));
    }
    if cells.len() > NAMED {
        diags.warn(sheet, Some(cell_ref(cells[NAMED].0, cells[NAMED].1)), "formula-not-stored", format!(
            "{} more cells hold formulas with no stored value; open and save the workbook in Excel \
                or LibreOffice so their values are stored",
            cells.len() - NAMED
        ));
    }
}

/// Whether a sheet is one that says what is exempt (a Cover, an Agenda), where a formula with
/// no stored value must not read as a blank cell. Other sheets are not read a second time.
fn holds_exempt(name: &str) -> bool {
    matches!(norm(name).as_str(), "cover" | "agenda")
}

/// Why a sheet's cells were not taken in.
enum SheetError {
    /// A value lies past the row or cell limit (zero-based row and column of the first one).
    TooLarge { row: usize, col: usize },
    /// The format reader failed.
    Unreadable(String),
}

/// A value with its zero-based position from A1 and, for .xlsx, its number format code when
/// that is not General and whether its font is bold.
type Placed = (usize, usize, Data, Option<String>, bool);

/// A cell's zero-based row and column from A1.
type Position = (usize, usize);

/// The non-empty values of a sheet with their zero-based positions from A1. Xlsx and xlsb
/// sheets are streamed cell by cell and refused at the first value past the limits, before
/// any grid is allocated: a file of a few kilobytes can claim a cell at XFD1048576, and a
/// grid that spans it would not fit in memory.
fn sheet_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    limits: &Limits,
) -> Result<(Vec<Placed>, Vec<Position>), SheetError> {
    let mut cells = Vec::new();
    // Formulas with no stored value, which read as empty (found in .xlsx only here; .ods
    // extras find their own).
    let mut unstored = Vec::new();
    let (mut height, mut width) = (0_usize, 0_usize);
    let mut take = |r: u32,
                    c: u32,
                    data: Data,
                    (code, bold): (Option<String>, bool),
                    cells: &mut Vec<Placed>| {
        let (r, c) = (r as usize, c as usize);
        height = height.max(r + 1);
        width = width.max(c + 1);
        if height > limits.max_rows || height.saturating_mul(width) > limits.max_cells {
            return Err(SheetError::TooLarge { row: r, col: c });
        }
        cells.push((r, c, data, code, bold));
        Ok(())
    };
    let unreadable = |e: &dyn std::fmt::Display| SheetError::Unreadable(e.to_string());
    match book {
        Sheets::Xlsx(x) => {
            let mut reader = match x.worksheet_cells_reader(name) {
                Ok(reader) => reader,
                // A chart sheet: no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok((cells, unstored)),
                Err(e) => return Err(unreadable(&e)),
            };
            let styles = reader.styles().to_vec();
            // Whether a cell element held no value: a formula with none stored is one.
            let mut valueless = false;
            while let Some((cell, style)) = reader
                .next_cell_with_style_id()
                .map_err(|e| unreadable(&e))?
            {
                let value = cell.get_value();
                valueless |= matches!(value, calamine::DataRef::Empty);
                if !matches!(value, calamine::DataRef::Empty) {
                    let (r, c) = cell.get_position();
                    // Only numbers and dates show through a format; text prints as typed.
                    let numeric = matches!(
                        value,
                        calamine::DataRef::Int(_)
                            | calamine::DataRef::Float(_)
                            | calamine::DataRef::DateTime(_)
                    );
                    let code = styles
                        .get(style)
                        .filter(|_| numeric)
                        .and_then(|s| s.number_format.as_ref())
                        .map(|f| match f.format_id {
                            // Calamine leaves the locale's currency formats as General.
                            Some(id @ 5..=8) if f.format_code == "General" => {
                                numfmt::builtin(id).unwrap_or_default().to_owned()
                            }
                            _ => f.format_code.clone(),
                        });
                    let bold = styles
                        .get(style)
                        .and_then(|s| s.font.as_ref())
                        .is_some_and(|f| f.is_bold());
                    take(r, c, Data::from(value.clone()), (code, bold), &mut cells)?;
                }
            }
            drop(reader);
            // A formula with no stored value reads as empty, and is named (a second read of
            // the sheet's cells, without their styles, only of a sheet where a cell held no
            // value). On the sheets that say what is exempt it is kept as empty text, which is
            // not blank (see [`Cell::Text`]).
            if !valueless {
                return Ok((cells, unstored));
            }
            let exempt = holds_exempt(name);
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| unreadable(&e))?;
            while let Some(record) = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| unreadable(&e))?
            {
                if record.formula.is_some() && matches!(record.value, calamine::DataRef::Empty) {
                    let (r, c) = record.pos;
                    if unstored.len() < limits.max_rows {
                        unstored.push((r as usize, c as usize));
                    }
                    if exempt {
                        take(r, c, Data::String(String::new()), (None, false), &mut cells)?;
                    }
                }
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| unreadable(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                    let (r, c) = cell.get_position();
                    take(
                        r,
                        c,
                        Data::from(cell.get_value().clone()),
                        (None, false),
                        &mut cells,
                    )?;
                }
            }
        }
        // The xls reader has read every sheet when the file was opened, and the ods reader
        // caps repeated rows and columns itself: take their ranges as they are.
        _ => {
            let range = book.worksheet_range(name).map_err(|e| unreadable(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                take(
                    top + r as u32,
                    left + c as u32,
                    data.clone(),
                    (None, false),
                    &mut cells,
                )?;
            }
        }
    }
    Ok((cells, unstored))
}

/// The start of every OLE compound file: legacy .xls, and the container Office wraps around
/// an encrypted workbook.
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The workbook formats a zip archive may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zipped {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary (.xlsb).
    Xlsb,
    /// OpenDocument (.ods).
    Ods,
}

/// Opens a workbook, choosing the reader by the file's contents rather than its name, so a
/// failure is reported with the real reason (an encrypted file, a damaged archive) and not
/// as "unknown format". The error is a diagnostic code, the sheet if known, and a message.
fn open<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Sheets<Cursor<&'a [u8]>>, xls::Refusal> {
    use calamine::{Ods, Xls, Xlsb, Xlsx};
    let rs = Cursor::new(bytes);
    let opened: Result<Sheets<_>, calamine::Error> = if bytes.starts_with(CFB_MAGIC) {
        xls::screen(bytes, limits)?;
        Xls::new(rs).map(Sheets::Xls).map_err(Into::into)
    } else if bytes.starts_with(b"PK") {
        match check_archive(bytes, limits).map_err(|m| ("unreadable-workbook", None, m))? {
            Zipped::Xlsx => Xlsx::new(rs).map(Sheets::Xlsx).map_err(Into::into),
            Zipped::Xlsb => Xlsb::new(rs).map(Sheets::Xlsb).map_err(Into::into),
            Zipped::Ods => Ods::new(rs).map(Sheets::Ods).map_err(Into::into),
        }
    } else {
        return Err((
            "unreadable-workbook",
            None,
            "the file is not a readable workbook: its \
            contents are not those of an .xlsx, .xlsm, .xls or .ods file (is it a CSV file or \
            another document, renamed?)"
                .to_owned(),
        ));
    };
    opened.map_err(|e| describe_open_error(&e))
}

/// What an encrypted workbook is told.
pub(crate) const ENCRYPTED: &str = "the workbook is encrypted or password protected; Papers cannot \
    read it. Save an unprotected copy (File > Info > Protect Workbook > Encrypt with Password, and \
    clear the password)";

/// Refuses zip archives that are truncated or would expand past the limit, before calamine
/// inflates anything, and says which workbook format the archive holds.
fn check_archive(bytes: &[u8], limits: &Limits) -> Result<Zipped, String> {
    let damaged = |e: zip::result::ZipError| {
        format!("the file is not a readable workbook (a damaged or truncated archive: {e})")
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut total: u64 = 0;
    let (mut kind, mut office, mut shared) = (None, false, None);
    for i in 0..archive.len() {
        let member = archive.by_index_raw(i).map_err(damaged)?;
        total = total.saturating_add(member.size());
        let name = member
            .name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        kind = kind.or(match name.as_str() {
            "xl/workbook.xml" => Some(Zipped::Xlsx),
            "xl/workbook.bin" => Some(Zipped::Xlsb),
            "content.xml" => Some(Zipped::Ods),
            _ => None,
        });
        // An Office file whose workbook part has another name; its relationships say where.
        office |= name == "[content_types].xml";
        if name.ends_with("sharedstrings.xml") {
            shared = Some((i, member.size()));
        }
    }
    let kind = kind.or(office.then_some(Zipped::Xlsx));
    if total > limits.max_expanded_bytes {
        return Err(format!(
            "the archive would expand to {} MiB; the limit is {} MiB",
            total >> 20,
            limits.max_expanded_bytes >> 20
        ));
    }
    if let Some((index, size)) = shared {
        check_shared_strings(&mut archive, index, size)?;
    }
    kind.ok_or_else(|| {
        "the file is a zip archive but not a workbook (it has no xl/workbook.xml or \
        content.xml); save it as .xlsx or .ods"
            .to_owned()
    })
}

/// The shared strings table declares how many strings it holds, and readers set memory aside
/// for that many before reading one. A count that the part's size cannot hold (each string
/// takes at least `<si/>`, five bytes) is a lie, and is refused before any reader sees it.
fn check_shared_strings(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    size: u64,
) -> Result<(), String> {
    use std::io::Read as _;
    let mut head = Vec::new();
    let member = archive.by_index(index).map_err(|e| {
        format!("the file is not a readable workbook (a damaged shared strings table: {e})")
    })?;
    let _ = member.take(4096).read_to_end(&mut head);
    let head = String::from_utf8_lossy(&head);
    let Some(start) = head.find("<sst") else {
        return Ok(());
    };
    let tag = &head[start..head[start..].find('>').map_or(head.len(), |e| start + e)];
    for attr in ["uniqueCount=\"", "count=\""] {
        let Some(at) = tag.find(attr) else { continue };
        let rest = &tag[at + attr.len()..];
        let value = &rest[..rest.find('"').unwrap_or(rest.len())];
        let mut shown: String = value.chars().take(40).collect();
        if shown.len() < value.len() {
            shown.push('…');
        }
        let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
        // Too many digits for a u128 is a count no file can hold.
        let Some(declared) = digits.then(|| value.parse::<u128>().unwrap_or(u128::MAX)) else {
            return Err(format!(
                "the file is not a readable workbook: its shared strings table gives its count of \
                    strings as \"{}\", which is not a whole number (a damaged or crafted file)",
                shown.escape_debug()
            ));
        };
        if declared > u128::from(size / 5 + 1) {
            return Err(format!(
                "the file is not a readable workbook: its shared strings table says it holds \
                    {shown} strings, more than its {size} bytes can hold (a damaged or crafted \
                    file)"
            ));
        }
    }
    Ok(())
}

fn describe_open_error(e: &calamine::Error) -> xls::Refusal {
    let text = e.to_string();
    if text.contains("password") || text.contains("Password") || text.contains("ncrypt") {
        ("encrypted-workbook", None, ENCRYPTED.to_owned())
    } else {
        (
            "unreadable-workbook",
            None,
            format!("the file is not a readable workbook (.xlsx, .xlsm, .xls or .ods): {text}"),
        )
    }
}

/// A table on a sheet: a header row, then data rows.
#[derive(Debug)]
pub struct Table<'a> {
    /// The sheet the table is on.
    pub sheet: &'a Sheet,
    /// Zero-based header row.
    pub header_row: usize,
    /// The title in A1, when A1 is the only filled cell of row 1.
    pub title: Option<String>,
    /// Column headers as written.
    pub headers: Vec<String>,
}

impl<'a> Table<'a> {
    /// Finds the header row: row 1, or row 2 when A1 is the only filled cell of row 1.
    pub fn new(sheet: &'a Sheet) -> Self {
        let first = sheet.rows.first().map(Vec::as_slice).unwrap_or_default();
        let title_only = first.first().is_some_and(|c| !c.is_empty())
            && first.iter().skip(1).all(Cell::is_empty)
            && !sheet.row_is_empty(1);
        let header_row = usize::from(title_only);
        let headers = sheet
            .rows
            .get(header_row)
            .map_or_else(Vec::new, |r| r.iter().map(Cell::display).collect());
        Self {
            sheet,
            header_row,
            title: title_only.then(|| first[0].display()),
            headers,
        }
    }

    /// The zero-based column whose header matches `label`.
    pub fn column(&self, label: &str) -> Option<usize> {
        let want = norm(label);
        self.headers.iter().position(|h| norm(h) == want)
    }

    /// Looks up required columns; reports each missing one (naming the header row) and
    /// returns `None` if any is missing.
    pub fn require<const N: usize>(
        &self,
        labels: [&str; N],
        diags: &mut Diagnostics,
    ) -> Option<[usize; N]> {
        self.require_with(labels, &[], diags)
    }

    /// [`Table::require`] for a sheet whose other known columns are `optional`: a missing
    /// column is reported at the header cell that most likely meant it (a near spelling,
    /// or a header that is no known column, such as "Rating" where Impact belongs), else
    /// at the first free header cell.
    pub fn require_with<const N: usize>(
        &self,
        labels: [&str; N],
        optional: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<[usize; N]> {
        let mut out = [0; N];
        let missing: Vec<usize> = (0..N)
            .filter(|&i| self.column(labels[i]).is_none())
            .collect();
        let known: Vec<&str> = labels.iter().chain(optional).copied().collect();
        let strangers = self.unknown_columns(&known);
        for (slot, label) in out.iter_mut().zip(labels) {
            if let Some(c) = self.column(label) {
                *slot = c;
            }
        }
        for (k, &i) in missing.iter().enumerate() {
            let label = labels[i];
            let found: Vec<&str> = self
                .headers
                .iter()
                .map(|h| h.trim())
                .filter(|h| !h.is_empty())
                .collect();
            let near = crate::base::diag::nearest(
                label,
                strangers.iter().map(|&c| self.headers[c].as_str()),
            )
            .and_then(|s| strangers.iter().copied().find(|&c| self.headers[c] == s));
            // Paired in order when as many headers are unknown as columns are missing.
            let guess = near.or_else(|| (strangers.len() == missing.len()).then(|| strangers[k]));
            let at = guess.unwrap_or_else(|| {
                self.headers
                    .iter()
                    .position(|h| h.trim().is_empty())
                    .unwrap_or(self.headers.len())
            });
            let message = match guess {
                Some(c) => format!(
                    "no \"{label}\" column in the header row: \"{}\" is not a column of this sheet \
                        (found: {}); rename it \"{label}\"",
                    self.headers[c].trim(),
                    found.join(", ")
                ),
                None => format!(
                    "no \"{label}\" column in the header row (found: {})",
                    if found.is_empty() {
                        "nothing".to_owned()
                    } else {
                        found.join(", ")
                    }
                ),
            };
            let d = diags.error(
                &self.sheet.name,
                Some(cell_ref(self.header_row, at)),
                "missing-column",
                message,
            );
            if let Some(c) = guess {
                d.suggestion = Some(format!(
                    "rename \"{}\" to \"{label}\"",
                    self.headers[c].trim()
                ));
            }
        }
        missing.is_empty().then_some(out)
    }

    /// The columns whose header is filled in but none of `known`.
    pub fn unknown_columns(&self, known: &[&str]) -> Vec<usize> {
        let known: Vec<String> = known.iter().map(|k| norm(k)).collect();
        (0..self.headers.len())
            .filter(|&c| {
                !self.headers[c].trim().is_empty() && !known.contains(&norm(&self.headers[c]))
            })
            .collect()
    }

    /// Zero-based indices of the data rows that hold something.
    pub fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (self.header_row + 1..self.sheet.rows.len()).filter(|&r| !self.sheet.row_is_empty(r))
    }

    /// The cell at a data row and column.
    pub fn cell(&self, row: usize, col: usize) -> &'a Cell {
        self.sheet.cell(row, col)
    }

    /// The text shown for a cell (trimmed; empty for an empty cell).
    pub fn text(&self, row: usize, col: usize) -> String {
        self.sheet.cell(row, col).display()
    }

    /// The text of `row` under the column headed `label`, if the table has that column and
    /// the cell is not empty.
    pub fn text_under(&self, row: usize, label: &str) -> Option<String> {
        let text = self.text(row, self.column(label)?);
        (!text.is_empty()).then_some(text)
    }

    /// The text shown for a cell in a printed table, with its format's padding (see
    /// [`Cell::shown`]).
    pub fn shown(&self, row: usize, col: usize) -> String {
        self.sheet.cell(row, col).shown()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_with_no_stored_value_are_named_then_counted() {
        let mut diags = Diagnostics::new("x.xlsx");
        let cells: Vec<(usize, usize)> = (1..=8).map(|r| (r, 2)).collect();
        unstored_formulas("Budget", &cells, &mut diags);
        let named: Vec<Option<&str>> = diags.list.iter().map(|d| d.cell.as_deref()).collect();
        assert_eq!(
            named,
            [
                Some("C2"),
                Some("C3"),
                Some("C4"),
                Some("C5"),
                Some("C6"),
                Some("C7")
            ]
        );
        assert!(
            diags.list[0]
                .message
                .contains("cell C2 holds a formula with no stored value")
        );
        assert!(diags.list[5].message.starts_with("3 more cells"));
        assert!(diags.list.iter().all(|d| d.code == "formula-not-stored"));
    }

    #[test]
    fn cell_refs() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(3, 2), "C4");
        assert_eq!(cell_ref(9, 26), "AA10");
    }

    #[test]
    fn labels_match_loosely() {
        assert_eq!(norm("  Meeting Date: "), "meeting date");
    }

    #[test]
    fn numbers_display_plainly() {
        assert_eq!(Cell::Number(8.0).display(), "8");
        assert_eq!(Cell::Number(2.5).display(), "2.5");
    }

    #[test]
    fn garbage_is_one_clear_error() {
        let mut diags = Diagnostics::new("x.xlsx");
        assert!(Workbook::read(b"not a workbook at all", &Limits::default(), &mut diags).is_none());
        assert_eq!(diags.list.len(), 1);
        assert!(
            diags.list[0].message.contains("not a readable workbook"),
            "{}",
            diags.list[0].message
        );
        let mut diags = Diagnostics::new("x.xlsx");
        assert!(Workbook::read(b"PK\x03\x04truncated", &Limits::default(), &mut diags).is_none());
        assert!(diags.list[0].message.contains("truncated"));
    }
}
