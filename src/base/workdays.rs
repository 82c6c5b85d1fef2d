//! Working days in the United Kingdom: weekends and each nation's bank holidays (by rule,
//! with substitute days and the special days of 2020 to 2035), and the call-in period of an
//! executive decision counted in them.

use serde::{Deserialize, Serialize};

use crate::base::date::Date;

/// Whose bank holidays a council keeps (papers.toml `holidays`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    /// England and Wales (the default).
    #[default]
    EnglandAndWales,
    /// Scotland: 2 January, St Andrew's Day, summer in early August, no Easter Monday.
    Scotland,
    /// Northern Ireland: St Patrick's Day and 12 July besides England's.
    NorthernIreland,
}

/// The years whose special bank holidays are built in.
pub const YEARS: std::ops::RangeInclusive<i32> = 2020..=2035;

/// Monday 0 to Sunday 6.
pub fn weekday(d: Date) -> i64 {
    // 1 January 1970 was a Thursday.
    (d.days() + 3).rem_euclid(7)
}

fn date(year: i32, month: u32, day: u32) -> Date {
    Date::new(year, month, day).unwrap_or(crate::base::date::UNDATED)
}

fn plus(d: Date, days: i64) -> Date {
    Date::from_days(d.days() + days)
}

/// Easter Sunday of a Gregorian year (the anonymous computus of Meeus, Jones and Butcher).
pub fn easter(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

/// The first Monday on or after a date.
fn monday_from(d: Date) -> Date {
    plus(d, (7 - weekday(d)) % 7)
}

/// The last Monday of a month.
fn last_monday(year: i32, month: u32) -> Date {
    let next = if month == 12 {
        date(year + 1, 1, 1)
    } else {
        date(year, month + 1, 1)
    };
    let last = plus(next, -1);
    plus(last, -weekday(last))
}

/// The bank holidays of `nation` in `year`, sorted: those set by rule (a fixed-date holiday
/// at a weekend is made up on the next weekday not already a holiday), and, from 2020 to
/// 2035, the days moved or added by proclamation.
pub fn bank_holidays(nation: Nation, year: i32) -> Vec<Date> {
    let easter = easter(year);
    let mut days = vec![plus(easter, -2)];
    if nation != Nation::Scotland {
        days.push(plus(easter, 1));
    }
    let early_may = match year {
        2020 => date(2020, 5, 8), // VE Day, 75 years
        _ => monday_from(date(year, 5, 1)),
    };
    let spring = match year {
        2022 => date(2022, 6, 2), // moved for the Platinum Jubilee
        _ => last_monday(year, 5),
    };
    let summer = match nation {
        Nation::Scotland => monday_from(date(year, 8, 1)),
        _ => last_monday(year, 8),
    };
    days.extend([early_may, spring, summer]);
    days.extend(match year {
        2022 => vec![date(2022, 6, 3), date(2022, 9, 19)], // the Jubilee; the state funeral
        2023 => vec![date(2023, 5, 8)],                    // the coronation
        _ => vec![],
    });
    // Fixed dates, in order: each at a weekend (or on a day already taken) moves to the
    // next free weekday, which gives Christmas and Boxing Day their substitutes together.
    let mut fixed = vec![date(year, 1, 1)];
    if nation == Nation::Scotland {
        fixed.push(date(year, 1, 2));
    }
    if nation == Nation::NorthernIreland {
        fixed.extend([date(year, 3, 17), date(year, 7, 12)]);
    }
    if nation == Nation::Scotland {
        fixed.push(date(year, 11, 30));
    }
    fixed.extend([date(year, 12, 25), date(year, 12, 26)]);
    for day in fixed {
        let mut d = day;
        while weekday(d) >= 5 || days.contains(&d) {
            d = plus(d, 1);
        }
        days.push(d);
    }
    days.sort();
    days.dedup();
    days
}

/// Which days are working days: not a Saturday or Sunday, not a bank holiday of the nation,
/// not one of the council's own closure days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Whose bank holidays are kept.
    pub nation: Nation,
    /// The council's own extra holidays (papers.toml `extra_holidays`).
    pub extra: Vec<Date>,
}

impl Calendar {
    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: Date) -> bool {
        weekday(d) < 5
            && !self.extra.contains(&d)
            && !bank_holidays(self.nation, d.year).contains(&d)
    }

    /// The first working day after `d`.
    pub fn next_working_day(&self, d: Date) -> Date {
        let mut day = plus(d, 1);
        // Every run of holidays and weekends ends within weeks; the bound is for a calendar
        // whose extra holidays fill years.
        for _ in 0..3_660 {
            if self.is_working_day(day) {
                break;
            }
            day = plus(day, 1);
        }
        day
    }

    /// The `n`-th working day after `d` (`d` itself when `n` is 0).
    pub fn working_days_after(&self, d: Date, n: u32) -> Date {
        (0..n).fold(d, |day, _| self.next_working_day(day))
    }

    /// The call-in period of a decision published on `published`: the last day of it (the
    /// `days`-th working day after publication) and the first day the decision may be
    /// implemented (the next working day). `None` when `days` is 0: no call-in.
    pub fn call_in(&self, published: Date, days: u32) -> Option<(Date, Date)> {
        (days > 0).then(|| {
            let ends = self.working_days_after(published, days);
            (ends, self.next_working_day(ends))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn iso(days: &[Date]) -> Vec<String> {
        days.iter().map(|d| d.iso()).collect()
    }

    #[test]
    fn easter_by_the_computus() {
        for (year, m, day) in [
            (2020, 4, 12),
            (2021, 4, 4),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2030, 4, 21),
            (2035, 3, 25),
        ] {
            assert_eq!(easter(year), d(year, m, day), "{year}");
        }
    }

    #[test]
    fn england_and_wales_as_gov_uk_lists_them() {
        assert_eq!(
            iso(&bank_holidays(Nation::EnglandAndWales, 2020)),
            [
                "2020-01-01",
                "2020-04-10",
                "2020-04-13",
                "2020-05-08",
                "2020-05-25",
                "2020-08-31",
                "2020-12-25",
                "2020-12-28"
            ]
        );
        assert_eq!(
            iso(&bank_holidays(Nation::EnglandAndWales, 2022)),
            [
                "2022-01-03",
                "2022-04-15",
                "2022-04-18",
                "2022-05-02",
                "2022-06-02",
                "2022-06-03",
                "2022-08-29",
                "2022-09-19",
                "2022-12-26",
                "2022-12-27"
            ]
        );
        assert!(bank_holidays(Nation::EnglandAndWales, 2023).contains(&d(2023, 5, 8)));
        assert_eq!(bank_holidays(Nation::EnglandAndWales, 2023).len(), 9);
        assert_eq!(
            iso(&bank_holidays(Nation::EnglandAndWales, 2026)),
            [
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28"
            ]
        );
    }

    #[test]
    fn scotland_and_northern_ireland_keep_their_own() {
        assert_eq!(
            iso(&bank_holidays(Nation::Scotland, 2021)),
            [
                "2021-01-01",
                "2021-01-04",
                "2021-04-02",
                "2021-05-03",
                "2021-05-31",
                "2021-08-02",
                "2021-11-30",
                "2021-12-27",
                "2021-12-28"
            ]
        );
        // St Andrew's Day on a Sunday is made up on the Monday.
        assert!(bank_holidays(Nation::Scotland, 2025).contains(&d(2025, 12, 1)));
        assert_eq!(
            iso(&bank_holidays(Nation::NorthernIreland, 2021)),
            [
                "2021-01-01",
                "2021-03-17",
                "2021-04-02",
                "2021-04-05",
                "2021-05-03",
                "2021-05-31",
                "2021-07-12",
                "2021-08-30",
                "2021-12-27",
                "2021-12-28"
            ]
        );
        // 12 July 2020 was a Sunday: Monday 13 July.
        assert!(bank_holidays(Nation::NorthernIreland, 2020).contains(&d(2020, 7, 13)));
    }

    #[test]
    fn call_in_skips_easter() {
        let cal = Calendar::default();
        // Published Wednesday 1 April 2026: Thursday 2 (1), Good Friday and Easter Monday
        // skipped, Tuesday 7 (2), Wednesday 8 (3), Thursday 9 (4), Friday 10 (5).
        assert_eq!(
            cal.call_in(d(2026, 4, 1), 5),
            Some((d(2026, 4, 10), d(2026, 4, 13)))
        );
        // Scotland works on Easter Monday.
        let scot = Calendar {
            nation: Nation::Scotland,
            extra: vec![],
        };
        assert_eq!(scot.call_in(d(2026, 4, 1), 5).unwrap().0, d(2026, 4, 9));
    }

    #[test]
    fn call_in_skips_christmas_and_new_year() {
        let cal = Calendar::default();
        // Published Tuesday 22 December 2026: 23, 24, (25 Christmas, 26-27 weekend,
        // 28 Boxing Day made up), 29, 30, then 31 is the fifth; 1 January is a holiday.
        assert_eq!(
            cal.call_in(d(2026, 12, 22), 5),
            Some((d(2026, 12, 31), d(2027, 1, 4)))
        );
        // Scotland also keeps 2 January (a Saturday in 2027: made up on Monday 4).
        let scot = Calendar {
            nation: Nation::Scotland,
            extra: vec![],
        };
        assert_eq!(scot.next_working_day(d(2026, 12, 31)), d(2027, 1, 5));
    }

    #[test]
    fn call_in_skips_a_substitute_bank_holiday_and_extra_days() {
        // Christmas 2021 on a Saturday, Boxing Day a Sunday: Monday 27 and Tuesday 28 off.
        let cal = Calendar::default();
        assert_eq!(
            cal.call_in(d(2021, 12, 23), 2),
            Some((d(2021, 12, 29), d(2021, 12, 30)))
        );
        // The example of issue 23: published Thursday 21 May 2026, spring bank holiday on
        // Monday 25 May.
        assert_eq!(
            cal.call_in(d(2026, 5, 21), 5),
            Some((d(2026, 5, 29), d(2026, 6, 1)))
        );
        let closed = Calendar {
            nation: Nation::EnglandAndWales,
            extra: vec![d(2026, 5, 27)],
        };
        assert_eq!(closed.call_in(d(2026, 5, 21), 5).unwrap().0, d(2026, 6, 1));
        assert_eq!(cal.call_in(d(2026, 5, 21), 0), None);
    }
}
