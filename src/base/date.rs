//! Calendar dates as councils write them: "4 November 2015".

use std::fmt;

use serde::{Serialize, Serializer};

/// A calendar date (proleptic Gregorian), with no time or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2015.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// A checked date, in the years a spreadsheet can hold (1900 to 9999).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let ok = (1900..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Self {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The date of a spreadsheet serial number (days since 30 December 1899, the 1900 system).
    pub fn from_serial(serial: f64) -> Option<Self> {
        // Serials before 61 are a day out (Excel counts a 29 February 1900 that never was).
        if !(61.0..2_958_466.0).contains(&serial) {
            return None;
        }
        Some(Self::from_days(serial.floor() as i64 - 25_569))
    }

    /// Days since 1 January 1970.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1 January 1970.
    pub fn from_days(days: i64) -> Self {
        // Far past any calendar a paper uses; keeps the arithmetic from overflowing.
        let z = days.clamp(-1_000_000_000, 1_000_000_000) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// British long form: "4 November 2015".
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month) - 1],
            self.year
        )
    }

    /// ISO 8601: "2015-11-04".
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Reads a date written as text: "4 November 2015", "4 Nov 2015", "04/11/2015" (day
    /// first, as in Britain) or "2015-11-04".
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(parts) = split_nums(text, '-')
            && let [y, m, d] = parts[..]
        {
            return Self::new(i32::try_from(y).ok()?, m, d);
        }
        if let Some(parts) = split_nums(text, '/')
            && let [d, m, y] = parts[..]
        {
            return Self::new(i32::try_from(y).ok()?, m, d);
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        if let [d, m, y] = words[..] {
            let d = d
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .ok()?;
            let m = m.trim_end_matches(['.', ',']).to_lowercase();
            let month = MONTHS.iter().position(|name| {
                let name = name.to_lowercase();
                m == name || (m.len() >= 3 && name.starts_with(&m))
            })?;
            return Self::new(y.parse().ok()?, month as u32 + 1, d);
        }
        None
    }
}

fn split_nums(text: &str, sep: char) -> Option<Vec<u32>> {
    let parts: Option<Vec<u32>> = text.split(sep).map(|p| p.trim().parse().ok()).collect();
    parts.filter(|p| p.len() == 3)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.long())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.long())
    }
}

/// The stand-in date of a meeting whose Date is missing or bad. That is an error of the
/// meeting workbook, so its packs are never built and this date never reaches a PDF.
pub const UNDATED: Date = Date {
    year: 2000,
    month: 1,
    day: 1,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_and_long_form() {
        assert_eq!(
            Date::from_serial(42312.0).unwrap().long(),
            "4 November 2015"
        );
        assert_eq!(
            Date::from_serial(40526.0).unwrap().long(),
            "14 December 2010"
        );
        let d = Date::new(2026, 9, 1).unwrap();
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(d.long(), "1 September 2026");
    }

    #[test]
    fn dates_outside_1900_to_9999_are_refused() {
        assert_eq!(Date::parse("1 January 10000"), None);
        assert_eq!(Date::parse("10000-01-01"), None);
        assert_eq!(Date::parse("31/12/1899"), None);
        assert_eq!(Date::parse("1/1/4294967295"), None);
        assert_eq!(
            Date::parse("31 December 9999").map(Date::iso).as_deref(),
            Some("9999-12-31")
        );
        assert_eq!(
            Date::from_serial(2_958_465.0).map(Date::iso).as_deref(),
            Some("9999-12-31")
        );
        assert_eq!(Date::from_serial(2_958_466.0), None);
        assert_eq!(Date::from_serial(60.0), None, "Excel's 29 February 1900");
        assert_eq!(Date::from_serial(f64::NAN), None);
        assert_eq!(Date::from_serial(-1e300), None);
        let _ = Date::from_days(i64::MAX).long();
        let _ = Date::from_days(i64::MIN).long();
    }

    #[test]
    fn parses_british_text_dates() {
        let d = Date::new(2015, 11, 4);
        assert_eq!(Date::parse("4 November 2015"), d);
        assert_eq!(Date::parse("04 Nov 2015"), d);
        assert_eq!(Date::parse("4th November 2015"), d);
        assert_eq!(Date::parse("04/11/2015"), d);
        assert_eq!(Date::parse("2015-11-04"), d);
        assert_eq!(Date::parse("March 2016"), None);
        assert_eq!(Date::parse("31/02/2016"), None);
    }
}
