//! From a calamine value and what the file says about its look (a number format code, or
//! the text an .ods cell displays) to a [`Cell`] that shows what the author sees; and the
//! cells of a merged region gathered into its top-left cell.

use calamine::Data;
use chrono::Datelike;

use super::numfmt::{self, Shown};
use super::{Cell, MAX_CELL_CHARS, Merge, cell_ref};
use crate::base::date::Date;
use crate::base::diag::Diagnostics;
use crate::base::time::Time;

/// What the file says about how a value shows, beyond the value.
#[derive(Debug, Clone, Copy)]
pub enum Look<'a> {
    /// Nothing: General.
    Plain,
    /// A number format code (.xlsx, .xls).
    Code(&'a str),
    /// The text the cell displays (.ods writes it beside the value).
    Shown(&'a str),
}

/// Turns a calamine value into a [`Cell`], cleaning text and noting what was removed.
pub fn convert(
    data: &Data,
    look: Look<'_>,
    sheet: &str,
    row: usize,
    col: usize,
    diags: &mut Diagnostics,
) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        // Excel's own limit; anything longer was not typed into a spreadsheet.
        Data::String(s) if s.len() > MAX_CELL_CHARS && s.chars().count() > MAX_CELL_CHARS => {
            diags.error(sheet, Some(cell_ref(row, col)), "cell-too-long", format!(
                "the cell holds {} characters; a spreadsheet cell holds at most {MAX_CELL_CHARS}",
                s.chars().count()
            ));
            Cell::Empty
        }
        Data::String(s) => text(s, sheet, row, col, diags),
        Data::Int(i) => number(*i as f64, look),
        Data::Float(f) => number(*f, look),
        Data::Bool(b) => Cell::Bool(*b),
        // Outside the serials of 1900 to 9999 a date cell is a number that is no date (and
        // too large a one would overflow the conversion).
        Data::DateTime(dt) if !(0.0..2_958_466.0).contains(&dt.as_f64()) => {
            Cell::Number(dt.as_f64())
        }
        Data::DateTime(dt)
            if !dt.is_duration()
                && dt.as_f64().floor() == 60.0
                && dt.as_datetime().is_some_and(|d| {
                    d.date() == chrono::NaiveDate::from_ymd_opt(1900, 2, 28).expect("a date")
                }) =>
        {
            diags.warn(
                sheet,
                Some(cell_ref(row, col)),
                "no-such-date",
                "29 February 1900 never \
                was (spreadsheets count it, after Lotus 1-2-3); printed as written; give the date \
                meant",
            );
            Cell::Text("29 February 1900".to_owned())
        }
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(moment) => {
                // A day before 1900 is a time cell's day 0, not a date anyone meant.
                let date = Date::new(moment.year(), moment.month(), moment.day())
                    .filter(|d| d.year >= 1900);
                // The fraction of the day is the same in the 1900 and 1904 date systems.
                let time = Time::from_fraction(dt.as_f64());
                let serial = dt.as_f64();
                let parts = match look {
                    Look::Code(code) => match numfmt::format(serial, code) {
                        Shown::DateTime { date, time } => (date, time),
                        Shown::Text(t) => return Cell::Formatted(serial, t),
                    },
                    // A time typed alone is stored as a fraction of a day.
                    _ if serial < 1.0 => (false, true),
                    _ => (true, serial.fract() != 0.0),
                };
                moment_cell(parts, date, time, serial)
            }
            None => number(dt.as_f64(), look),
        },
        Data::DateTimeIso(s) => {
            let time = s
                .split_once('T')
                .and_then(|(_, t)| Time::parse(t.get(..5).unwrap_or(t)));
            // Day 0 of the spreadsheet's calendar (before any date Papers prints): a time
            // typed into a date cell.
            if s.starts_with("1899-12-3")
                && let Some(t) = time
            {
                return Cell::Time(t);
            }
            let Some(date) = Date::parse(s.get(..10).unwrap_or(s)) else {
                return Cell::Text(s.clone());
            };
            let shows_time = match look {
                Look::Shown(t) => {
                    t.contains(':')
                        || ["am", "pm"]
                            .iter()
                            .any(|half| t.to_lowercase().contains(half))
                }
                _ => true,
            };
            match time {
                Some(t) if shows_time && (t.hour, t.minute) != (0, 0) => Cell::DateTime(date, t),
                _ => Cell::Date(date),
            }
        }
        // A time of day, or an elapsed time of a day or more shown as the sheet shows it.
        Data::DurationIso(s) => match (Time::parse(s), crate::base::time::duration_days(s), look) {
            // Shown as a duration ("12:03" for twelve minutes three seconds, MM:SS): not the
            // time of day its value would be.
            (Some(t), Some(days), Look::Shown(shown)) if shows_duration(shown, t) => {
                Cell::Formatted(days, shown.trim().to_owned())
            }
            (Some(t), _, _) => Cell::Time(t),
            (None, Some(days), Look::Shown(t)) if !t.trim().is_empty() => {
                Cell::Formatted(days, t.trim().to_owned())
            }
            (None, Some(days), _) => Cell::Number(days),
            _ => Cell::Text(s.clone()),
        },
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Whether an .ods time cell's displayed text is a duration rather than its time of day:
/// figures and colons only (no am or pm) that, read as a time, are another time.
fn shows_duration(shown: &str, time: Time) -> bool {
    let shown = shown.trim();
    !shown.is_empty()
        && shown
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ','))
        && Time::parse(shown).is_none_or(|t| (t.hour, t.minute) != (time.hour, time.minute))
}

/// A date, a time or both, as the format shows them. A value with no date (less than a
/// day: a time typed into a cell formatted as a date) is a time; another value that is no
/// date is its serial number.
fn moment_cell(
    (show_date, show_time): (bool, bool),
    date: Option<Date>,
    time: Time,
    serial: f64,
) -> Cell {
    match (show_date, show_time, date) {
        (false, true, _) => Cell::Time(time),
        (true, true, Some(d)) => Cell::DateTime(d, time),
        (_, _, Some(d)) => Cell::Date(d),
        (_, _, None) if (0.0..1.0).contains(&serial) => Cell::Time(time),
        (_, _, None) => Cell::Number(serial),
    }
}

/// The text an .ods file shows for a number, trimmed, with the space a `_)` leaves after
/// the figure kept as [`numfmt::PAD`] (LibreOffice writes it as a space), so that figures
/// line up on their digits as they do from an .xlsx.
fn padded(shown: &str) -> String {
    let body = shown.trim();
    if shown.trim_start().len() > body.len()
        && body.ends_with(|c: char| c.is_ascii_digit() || c == '%')
    {
        format!("{body}{}", numfmt::PAD)
    } else {
        body.to_owned()
    }
}

/// A number through its look. NaN and infinity, which only programs write, show as
/// themselves ("NaN"), never through a format that would print them as 0.
fn number(value: f64, look: Look<'_>) -> Cell {
    match look {
        _ if !value.is_finite() => Cell::Number(value),
        Look::Shown(t) if !t.trim().is_empty() => Cell::Formatted(value, padded(t)),
        Look::Code(code) if !code.trim().eq_ignore_ascii_case("general") => {
            match numfmt::format(value, code) {
                Shown::Text(t) => Cell::Formatted(value, t),
                Shown::DateTime { date, time } => moment_cell(
                    (date, time),
                    Date::from_serial(value),
                    Time::from_fraction(value),
                    value,
                ),
            }
        }
        _ => Cell::Number(value),
    }
}

/// Text, cleaned, with a warning naming what was removed or replaced.
fn text(s: &str, sheet: &str, row: usize, col: usize, diags: &mut Diagnostics) -> Cell {
    let cleaned = super::clean::clean(s);
    if !cleaned.stripped.is_empty() {
        let list: Vec<String> = cleaned
            .stripped
            .iter()
            .map(|c| format!("U+{:04X}", *c as u32))
            .collect();
        diags.warn(
            sheet,
            Some(cell_ref(row, col)),
            "control-characters",
            format!(
                "removed control or bidi-override characters ({})",
                list.join(", ")
            ),
        );
    }
    if !cleaned.replaced.is_empty() {
        let list: Vec<String> = cleaned
            .replaced
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        diags.warn(
            sheet,
            Some(cell_ref(row, col)),
            "missing-glyph",
            format!(
                "no bundled font can print {}; shown as \u{FFFD}",
                list.join(", ")
            ),
        );
    }
    Cell::Text(cleaned.text)
}

/// Reads each merged region from its top-left cell: the other cells of the region are
/// empty, as the spreadsheet shows them, even when the file kept their old contents (as
/// LibreOffice may). A region whose top-left cell is empty takes the first value inside it,
/// so nothing the author sees is lost. Regions are clipped to the grid, and the work is
/// capped at a few passes over it, so a file claiming thousands of huge merges stays cheap.
pub fn gather_merges(rows: &mut [Vec<Cell>], merges: &[Merge], budget: usize) {
    let mut left = budget;
    for m in merges {
        let mut first: Option<Cell> = None;
        for r in m.top..=m.bottom.min(rows.len().saturating_sub(1)) {
            let row = &mut rows[r];
            for c in m.left..=m.right.min(row.len().saturating_sub(1)) {
                if left == 0 {
                    return;
                }
                left -= 1;
                if (r, c) != (m.top, m.left) {
                    let taken = std::mem::replace(&mut row[c], Cell::Empty);
                    if first.is_none() && !taken.is_empty() {
                        first = Some(taken);
                    }
                }
            }
        }
        if let Some(value) = first
            && let Some(row) = rows.get_mut(m.top)
        {
            if row.len() <= m.left {
                row.resize(m.left + 1, Cell::Empty);
            }
            if row[m.left].is_empty() {
                row[m.left] = value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn numbers_take_their_format() {
        let mut d = Diagnostics::new("x.xlsx");
        let cell = convert(
            &Data::Float(1234.5),
            Look::Code("\"£\"#,##0.00"),
            "S",
            0,
            0,
            &mut d,
        );
        assert_eq!(cell, Cell::Formatted(1234.5, "£1,234.50".into()));
        assert_eq!(cell.display(), "£1,234.50");
        assert_eq!(cell.number(), Some(1234.5));
        assert_eq!(
            convert(&Data::Float(0.3), Look::Code("General"), "S", 0, 0, &mut d),
            Cell::Number(0.3)
        );
        assert_eq!(
            convert(&Data::Float(0.75), Look::Code("hh:mm"), "S", 0, 0, &mut d).display(),
            "6pm"
        );
        assert_eq!(
            convert(
                &Data::Float(42312.0),
                Look::Code("dd/mm/yyyy"),
                "S",
                0,
                0,
                &mut d
            )
            .display(),
            "4 November 2015"
        );
        assert_eq!(
            convert(
                &Data::Float(0.0299),
                Look::Shown(" 3.0% "),
                "S",
                0,
                0,
                &mut d
            )
            .display(),
            "3.0%"
        );
    }

    #[test]
    fn ods_dates_and_times() {
        let mut d = Diagnostics::new("x.ods");
        assert_eq!(
            convert(
                &Data::DurationIso("PT18H00M00S".into()),
                Look::Shown("18:00"),
                "S",
                0,
                0,
                &mut d
            )
            .display(),
            "6pm"
        );
        // MM:SS: twelve minutes three seconds, not 12.12am.
        assert_eq!(
            convert(
                &Data::DurationIso("PT00H12M03S".into()),
                Look::Shown("12:03"),
                "S",
                0,
                0,
                &mut d
            )
            .display(),
            "12:03"
        );
        let moment = Data::DateTimeIso("2015-11-04T17:30:00".into());
        assert_eq!(
            convert(&moment, Look::Shown("04/11/2015 17:30"), "S", 0, 0, &mut d).display(),
            "4 November 2015, 5.30pm"
        );
        assert_eq!(
            convert(&moment, Look::Shown("04/11/2015"), "S", 0, 0, &mut d).display(),
            "4 November 2015"
        );
        assert_eq!(
            convert(
                &Data::DateTimeIso("2015-11-04".into()),
                Look::Plain,
                "S",
                0,
                0,
                &mut d
            )
            .display(),
            "4 November 2015"
        );
    }

    #[test]
    fn a_merge_reads_from_its_top_left_cell() {
        let mut rows = vec![
            vec![t("Field"), t("Value"), t("stale")],
            vec![Cell::Empty, t("stale"), t("stale")],
        ];
        gather_merges(
            &mut rows,
            &[Merge {
                top: 0,
                left: 1,
                bottom: 1,
                right: 2,
            }],
            100,
        );
        assert_eq!(
            rows,
            [
                vec![t("Field"), t("Value"), Cell::Empty],
                vec![Cell::Empty, Cell::Empty, Cell::Empty]
            ]
        );
        let mut rows = vec![
            vec![Cell::Empty, Cell::Empty],
            vec![Cell::Empty, t("moved")],
        ];
        gather_merges(
            &mut rows,
            &[Merge {
                top: 0,
                left: 0,
                bottom: 5,
                right: 9,
            }],
            100,
        );
        assert_eq!(
            rows,
            [
                vec![t("moved"), Cell::Empty],
                vec![Cell::Empty, Cell::Empty]
            ]
        );
    }
}
