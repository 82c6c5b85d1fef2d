//! Working days and "clear days" as councils count them for access to information.
//!
//! A clear day is a whole working day between the day papers are published and the day of
//! the meeting, neither counted (R v Swansea City Council, ex parte Elitestone, 1993).
//! Saturdays, Sundays and the bank holidays of England and Wales are left out, which is the
//! stricter reading councils follow; one-off holidays (jubilees, state funerals) are not known.

use crate::base::date::Date;

/// Monday is 0, Sunday is 6.
pub fn weekday(date: Date) -> u8 {
    // 1 January 1970 was a Thursday.
    (date.days() + 3).rem_euclid(7) as u8
}

/// Easter Sunday of a year (the anonymous Gregorian algorithm).
pub fn easter(year: i32) -> Date {
    let y = i64::from(year);
    let (a, b, c) = (y.rem_euclid(19), y.div_euclid(100), y.rem_euclid(100));
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as u32, day as u32).expect("Easter falls in March or April")
}

/// The bank holidays of England and Wales in a year, with the Monday (or Tuesday) given in
/// place of a holiday that falls at a weekend.
pub fn bank_holidays(year: i32) -> Vec<Date> {
    let on = |m, d| Date::new(year, m, d).expect("a real date");
    let shift = |date: Date, days: i64| Date::from_days(date.days() + days);
    let easter = easter(year);
    let first_monday = |m| {
        let first = on(m, 1);
        shift(first, i64::from((7 - weekday(first)) % 7))
    };
    let last_monday = |m, last_day| {
        let last = on(m, last_day);
        shift(last, -i64::from(weekday(last)))
    };
    let mut days = vec![
        shift(easter, -2),
        shift(easter, 1),
        first_monday(5),
        last_monday(5, 31),
        last_monday(8, 31),
    ];
    for fixed in [on(1, 1), on(12, 25), on(12, 26)] {
        let mut day = fixed;
        while weekday(day) >= 5 || days.contains(&day) {
            day = shift(day, 1);
        }
        days.push(day);
    }
    days
}

/// Whether a day is a weekday that is not a bank holiday.
pub fn is_working_day(date: Date) -> bool {
    weekday(date) < 5 && !bank_holidays(date.year).contains(&date)
}

/// The clear days between `from` and `to` (neither counted), counting no further than `cap`.
pub fn clear_days(from: Date, to: Date, cap: usize) -> usize {
    ((from.days() + 1)..to.days())
        .map(Date::from_days)
        .filter(|d| is_working_day(*d))
        .take(cap)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn weekdays_and_easter() {
        assert_eq!(
            weekday(d(2015, 11, 4)),
            2,
            "4 November 2015 was a Wednesday"
        );
        assert_eq!(weekday(d(2026, 11, 22)), 6, "22 November 2026 is a Sunday");
        assert_eq!(easter(2015), d(2015, 4, 5));
        assert_eq!(easter(2024), d(2024, 3, 31));
        assert_eq!(easter(2026), d(2026, 4, 5));
    }

    #[test]
    fn bank_holidays_with_substitute_days() {
        let mut y2022 = bank_holidays(2022);
        y2022.sort();
        // 2022: New Year's Day on a Saturday, Christmas on a Sunday (the one-off June and
        // September holidays of that year are not known).
        assert_eq!(
            y2022,
            vec![
                d(2022, 1, 3),
                d(2022, 4, 15),
                d(2022, 4, 18),
                d(2022, 5, 2),
                d(2022, 5, 30),
                d(2022, 8, 29),
                d(2022, 12, 26),
                d(2022, 12, 27),
            ]
        );
        let mut y2021 = bank_holidays(2021);
        y2021.sort();
        assert_eq!(
            &y2021[5..],
            &[d(2021, 8, 30), d(2021, 12, 27), d(2021, 12, 28)],
            "Christmas on a Saturday"
        );
    }

    #[test]
    fn clear_days_leave_out_both_ends_weekends_and_holidays() {
        // Published Monday 2 March 2026 for Monday 9 March: Tue to Fri are 4 clear days.
        assert_eq!(clear_days(d(2026, 3, 2), d(2026, 3, 9), 10), 4);
        // Published on Friday 27 February for Monday 9 March: 5.
        assert_eq!(clear_days(d(2026, 2, 27), d(2026, 3, 9), 10), 5);
        // Easter 2026: Good Friday 3 April and Easter Monday 6 April are not clear days.
        assert_eq!(clear_days(d(2026, 4, 1), d(2026, 4, 9), 10), 3);
        assert_eq!(clear_days(d(2026, 3, 9), d(2026, 3, 9), 10), 0);
        assert_eq!(
            clear_days(d(2026, 1, 1), d(9999, 1, 1), 5),
            5,
            "the count stops at the cap"
        );
    }
}
