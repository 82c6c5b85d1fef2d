//! A legacy `.xls` (an OLE compound file) looked over before calamine reads it.
//!
//! Calamine reads every sheet of an .xls as it opens the file and sizes each grid from what
//! the records claim, so a file of a few hundred bytes that claims a sheet of four billion
//! rows would exhaust memory before any limit could be applied. This walk reads the same
//! records, keeps nothing, and refuses what is past the limits; it also tells an encrypted
//! workbook from a file that is not a workbook at all.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::{ENCRYPTED, Limits};

/// Why a compound file is refused: a diagnostic code, the sheet (when known) and a message.
pub type Refusal = (&'static str, Option<String>, String);

/// BIFF record types that carry a cell's row and column in their first four bytes.
const CELL_RECORDS: &[u16] = &[
    0x0006, // Formula
    0x00BD, // MulRk (first column; the last is at the end)
    0x00BE, // MulBlank
    0x00D6, // RString
    0x00FD, // LabelSst
    0x0201, // Blank
    0x0203, // Number
    0x0204, // Label
    0x0205, // BoolErr
    0x027E, // Rk
];

/// Checks an OLE compound file that claims to be a workbook.
pub fn screen(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let not_a_workbook = |why: String| {
        (
            "unreadable-workbook",
            None,
            format!("the file is not a readable workbook: {why}"),
        )
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| not_a_workbook(format!("a damaged OLE file ({e})")))?;
    if file.exists("/EncryptedPackage") || file.exists("/EncryptionInfo") {
        return Err(("encrypted-workbook", None, ENCRYPTED.to_owned()));
    }
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
    else {
        return Err(not_a_workbook(
            "an OLE file with no workbook in it (a Word or other Office document?)".to_owned(),
        ));
    };
    let mut stream = Vec::new();
    let opened = file
        .open_stream(name)
        .map_err(|e| not_a_workbook(format!("its workbook stream cannot be read ({e})")))?;
    opened
        .take(limits.max_expanded_bytes)
        .read_to_end(&mut stream)
        .map_err(|e| not_a_workbook(format!("its workbook stream cannot be read ({e})")))?;
    // FilePass: the records after it are encrypted (RC4 or XOR), so nothing more can be read.
    let globals = || records(&stream, 0).take_while(|&(typ, _)| typ != 0x000A);
    if globals().any(|(typ, data)| typ == 0x002F && data.get(..2).is_some_and(|d| d != [0, 0])) {
        return Err(("encrypted-workbook", None, ENCRYPTED.to_owned()));
    }
    // Each sheet from where the workbook says it starts (naming it), then every record.
    let sheets = records(&stream, 0)
        .filter(|&(typ, data)| typ == 0x0085 && data.len() >= 4)
        .map(|(_, data)| {
            (
                u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize,
                sheet_name(data),
            )
        });
    for (pos, name) in sheets {
        walk(&stream, pos, Some(&name), limits)?;
    }
    walk(&stream, 0, None, limits)
}

/// The number format code of each number cell, by sheet name and zero-based (row, column).
/// Calamine reads an .xls cell's value but not its format; the Format and XF records of the
/// workbook globals, and each cell record's XF index, give it. Called after [`screen`].
pub fn formats(bytes: &[u8], limits: &Limits) -> HashMap<String, HashMap<(usize, usize), String>> {
    let mut out = HashMap::new();
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return out;
    };
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
    else {
        return out;
    };
    let mut stream = Vec::new();
    let Ok(opened) = file.open_stream(name) else {
        return out;
    };
    if opened
        .take(limits.max_expanded_bytes)
        .read_to_end(&mut stream)
        .is_err()
    {
        return out;
    }
    // Only BIFF8 (Excel 97 and later) is read; older files print their numbers as General.
    if !records(&stream, 0)
        .next()
        .is_some_and(|(typ, data)| typ == 0x0809 && data.get(..2) == Some(&[0x00, 0x06]))
    {
        return out;
    }
    let globals = || records(&stream, 0).take_while(|&(typ, _)| typ != 0x000A);
    let codes: HashMap<u16, String> = globals()
        .filter(|&(typ, data)| typ == 0x041E && data.len() >= 5)
        .map(|(_, data)| (u16_at(data, 0), unicode_string(&data[2..])))
        .collect();
    let xf_formats: Vec<u16> = globals()
        .filter(|&(typ, data)| typ == 0x00E0 && data.len() >= 4)
        .map(|(_, data)| u16_at(data, 2))
        .collect();
    let code_of = |xf: u16| -> Option<String> {
        let id = *xf_formats.get(usize::from(xf))?;
        codes
            .get(&id)
            .cloned()
            .or_else(|| super::numfmt::builtin(u32::from(id)).map(str::to_owned))
    };
    let sheets: Vec<(usize, String)> = records(&stream, 0)
        .filter(|&(typ, data)| typ == 0x0085 && data.len() >= 4)
        .map(|(_, data)| {
            (
                u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize,
                sheet_name(data),
            )
        })
        .collect();
    for (pos, name) in sheets {
        let mut cells = HashMap::new();
        // The sheet's records from its BOF to its EOF.
        for (typ, data) in records(&stream, pos)
            .skip(1)
            .take_while(|&(typ, _)| typ != 0x000A)
        {
            let (row, col) = if data.len() >= 6 {
                (usize::from(u16_at(data, 0)), usize::from(u16_at(data, 2)))
            } else {
                continue;
            };
            match typ {
                0x0203 | 0x027E | 0x0006 => {
                    if let Some(code) = code_of(u16_at(data, 4)).filter(|c| c != "General") {
                        cells.insert((row, col), code);
                    }
                }
                // MulRk: (XF index, RK value) pairs from the first column, then the last column.
                0x00BD => {
                    for (i, pair) in data[4..data.len().saturating_sub(2).max(4)]
                        .chunks_exact(6)
                        .enumerate()
                    {
                        if let Some(code) = code_of(u16_at(pair, 0)).filter(|c| c != "General") {
                            cells.insert((row, col + i), code);
                        }
                    }
                }
                _ => {}
            }
        }
        out.insert(name, cells);
    }
    out
}

fn u16_at(data: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([data[i], data[i + 1]])
}

/// An XLUnicodeString: a 16-bit length, a flags byte, then Latin-1 or UTF-16LE characters.
fn unicode_string(data: &[u8]) -> String {
    let len = usize::from(u16_at(data, 0));
    let chars = data.get(3..).unwrap_or_default();
    if data[2] & 1 == 1 {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|&b| char::from(b)).collect()
    }
}

/// The records from `start` to the end of the stream, as (type, data).
fn records(stream: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = start;
    std::iter::from_fn(move || {
        let header = stream.get(at..at + 4)?;
        let typ = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// Walks the records from `start` to the end of the stream, refusing a Dimensions record or
/// a cell position past the limits.
fn walk(stream: &[u8], start: usize, sheet: Option<&str>, limits: &Limits) -> Result<(), Refusal> {
    let (mut height, mut width) = (0_u64, 0_u64);
    let too_large = |rows: u64, cols: u64| {
        let claimed = format!("{rows} rows and {cols} columns");
        let name = sheet.map_or_else(|| "a sheet".to_owned(), |s| format!("the sheet \"{s}\""));
        (
            "sheet-too-large",
            sheet.map(str::to_owned),
            format!(
                "{name} spans {claimed}, past the limits a sheet may span ({} rows, {} cells \
                    counted as rows × columns); delete the stray cells or split the sheet",
                limits.max_rows, limits.max_cells
            ),
        )
    };
    let past = |rows: u64, cols: u64| {
        rows > limits.max_rows as u64 || rows.saturating_mul(cols) > limits.max_cells as u64
    };
    for (typ, data) in records(stream, start) {
        if typ == 0x0200 {
            let (rows, cols) = dimensions(data);
            if past(rows, cols) {
                return Err(too_large(rows, cols));
            }
        }
        if CELL_RECORDS.contains(&typ) && data.len() >= 4 {
            let row = u64::from(u16::from_le_bytes([data[0], data[1]]));
            let mut col = u64::from(u16::from_le_bytes([data[2], data[3]]));
            if matches!(typ, 0x00BD | 0x00BE) && data.len() >= 6 {
                let n = data.len();
                col = col.max(u64::from(u16::from_le_bytes([data[n - 2], data[n - 1]])));
            }
            height = height.max(row + 1);
            width = width.max(col + 1);
            if past(height, width) {
                return Err(too_large(height, width));
            }
        }
    }
    Ok(())
}

/// The rows and columns a Dimensions record claims (BIFF8 and the older 10-byte form).
fn dimensions(data: &[u8]) -> (u64, u64) {
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            data[i],
            data[i + 1],
            data[i + 2],
            data[i + 3],
        ]))
    };
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return (0, 0),
    };
    // Calamine takes a first column past 255 as 0, and sizes the grid from there; a last
    // row before the first wraps around to four billion rows.
    let first_col = if first_col > 0xFF || last_col < first_col {
        0
    } else {
        first_col
    };
    let rows = if last_row >= 1 && last_row - 1 < first_row {
        u64::from(u32::MAX)
    } else {
        last_row.saturating_sub(first_row)
    };
    (rows, last_col.saturating_sub(first_col))
}

/// The name in a BoundSheet8 record (BIFF8: a length byte, a flags byte, then Latin-1 or
/// UTF-16LE characters), for naming the sheet in a message.
fn sheet_name(data: &[u8]) -> String {
    let Some(&len) = data.get(6) else {
        return String::new();
    };
    let len = usize::from(len);
    match data.get(7) {
        Some(flags) if flags & 1 == 1 => {
            let units: Vec<u16> = data
                .get(8..)
                .unwrap_or_default()
                .chunks_exact(2)
                .take(len)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Some(_) => data
            .get(8..)
            .unwrap_or_default()
            .iter()
            .take(len)
            .map(|&b| char::from(b))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// A compound file with a Workbook stream of these records.
    fn xls(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        let mut stream = file.create_stream("/Workbook").unwrap();
        for (typ, data) in records {
            stream.write_all(&typ.to_le_bytes()).unwrap();
            stream
                .write_all(&(data.len() as u16).to_le_bytes())
                .unwrap();
            stream.write_all(data).unwrap();
        }
        drop(stream);
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    fn bound_sheet(pos: u32, name: &str) -> Vec<u8> {
        let mut data = pos.to_le_bytes().to_vec();
        data.extend([0, 0, name.len() as u8, 0]);
        data.extend(name.bytes());
        data
    }

    #[test]
    fn a_sheet_claiming_four_billion_rows_is_refused_by_name() {
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 10, 0, 0, 0]);
        let globals_len = 4 + bound_sheet(0, "Budget").len() + 4;
        let bytes = xls(&[
            (0x0085, bound_sheet(globals_len as u32, "Budget")),
            (0x000A, vec![]),
            (0x0200, dims),
        ]);
        let (code, sheet, message) = screen(&bytes, &Limits::default()).unwrap_err();
        assert_eq!(
            (code, sheet.as_deref()),
            ("sheet-too-large", Some("Budget"))
        );
        assert!(message.contains("4294967295 rows"), "{message}");
    }

    #[test]
    fn a_cell_far_out_is_refused() {
        let far = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0].to_vec();
        let (code, _, _) = screen(&xls(&[(0x0201, far)]), &Limits::default()).unwrap_err();
        assert_eq!(code, "sheet-too-large");
        let near = [3, 0, 2, 0, 0, 0].to_vec();
        assert!(screen(&xls(&[(0x0201, near)]), &Limits::default()).is_ok());
    }

    #[test]
    fn number_formats_by_cell() {
        let bof = |version: u8| (0x0809, vec![0x00, version, 0x05, 0x00]);
        let mut format = 164u16.to_le_bytes().to_vec();
        format.extend([6, 0, 0]);
        format.extend(b"0.0\"k\"");
        let xf = |ifmt: u16| {
            (
                0x00E0,
                [vec![0, 0], ifmt.to_le_bytes().to_vec(), vec![0; 16]].concat(),
            )
        };
        let globals = |version| {
            vec![
                bof(version),
                (0x041E, format.clone()),
                xf(0),
                xf(164),
                xf(3),
            ]
        };
        let globals_len: usize = globals(6).iter().map(|(_, d)| 4 + d.len()).sum::<usize>()
            + 4
            + bound_sheet(0, "Fees").len()
            + 4;
        let number = |row: u8, xf: u8| (0x0203, vec![row, 0, 1, 0, xf, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let book = |version| {
            let mut all = globals(version);
            all.extend([
                (0x0085, bound_sheet(globals_len as u32, "Fees")),
                (0x000A, vec![]),
                bof(version),
                number(0, 0),
                number(1, 1),
                number(2, 2),
                (0x000A, vec![]),
            ]);
            xls(&all)
        };
        let read = formats(&book(6), &Limits::default());
        let fees = &read["Fees"];
        assert_eq!(fees.get(&(1, 1)).map(String::as_str), Some("0.0\"k\""));
        assert_eq!(
            fees.get(&(2, 1)).map(String::as_str),
            Some("#,##0"),
            "a built-in id"
        );
        assert_eq!(fees.get(&(0, 1)), None, "General");
        assert!(
            formats(&book(5), &Limits::default()).is_empty(),
            "BIFF5 is left as General"
        );
    }

    #[test]
    fn encrypted_and_foreign_compound_files() {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/EncryptedPackage")
            .unwrap()
            .write_all(&[0; 64])
            .unwrap();
        file.flush().unwrap();
        assert_eq!(
            screen(&file.into_inner().into_inner(), &Limits::default())
                .unwrap_err()
                .0,
            "encrypted-workbook"
        );
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/WordDocument")
            .unwrap()
            .write_all(&[0; 64])
            .unwrap();
        file.flush().unwrap();
        let (code, _, message) =
            screen(&file.into_inner().into_inner(), &Limits::default()).unwrap_err();
        assert_eq!(code, "unreadable-workbook");
        assert!(message.contains("no workbook"), "{message}");
    }
}
