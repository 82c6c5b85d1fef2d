//! Times of day as councils write them: "6pm", "5.30pm", "12 noon"; or "18:00" when
//! `papers.toml` asks for the 24-hour clock.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How times print.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Clock {
    /// "6pm", "5.30pm", "12 noon", as most council papers write them.
    #[default]
    #[serde(rename = "12-hour")]
    Twelve,
    /// "18:00", "17:30".
    #[serde(rename = "24-hour")]
    TwentyFour,
}

/// A time of day to the minute, with the clock it prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// How it prints.
    pub clock: Clock,
}

impl Time {
    /// A checked time on the 12-hour clock.
    pub fn new(hour: u32, minute: u32) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(Self {
            hour: hour as u8,
            minute: minute as u8,
            clock: Clock::Twelve,
        })
    }

    /// The time of a spreadsheet serial's fraction of a day, to the nearest minute (a time
    /// typed as 18:00 is stored as 0.75, give or take the float's last digit).
    pub fn from_fraction(serial: f64) -> Self {
        let minutes = ((serial - serial.floor()) * 1440.0).round() as u32 % 1440;
        Self {
            hour: (minutes / 60) as u8,
            minute: (minutes % 60) as u8,
            clock: Clock::Twelve,
        }
    }

    /// Reads a time written as text: "18:00", "18.00", "6pm", "6 pm", "5.30pm", "5:30 p.m.",
    /// "12 noon", "noon", "midday", or an ISO duration of less than a day such as
    /// `PT18H00M00S` (how OpenDocument stores a time cell).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_lowercase().replace(['\u{a0}', ' '], "");
        if let Some(iso) = t.strip_prefix("pt") {
            return iso_duration(iso);
        }
        if matches!(t.as_str(), "noon" | "12noon" | "midday" | "12midday") {
            return Self::new(12, 0);
        }
        if matches!(t.as_str(), "midnight" | "12midnight") {
            return Self::new(0, 0);
        }
        let t = t.replace('.', ":");
        let (clock, pm) = match (
            t.strip_suffix("pm").or_else(|| t.strip_suffix("p:m:")),
            t.strip_suffix("am").or_else(|| t.strip_suffix("a:m:")),
        ) {
            (Some(rest), _) => (rest.to_owned(), Some(true)),
            (_, Some(rest)) => (rest.to_owned(), Some(false)),
            _ => (t.clone(), None),
        };
        let mut parts = clock.split(':');
        let hour: u32 = parts
            .next()
            .filter(|h| (1..=2).contains(&h.len()))
            .and_then(|h| h.parse().ok())?;
        let minute: u32 = match parts.next() {
            Some(m) if m.len() == 2 => m.parse().ok()?,
            Some(_) => return None,
            None if pm.is_some() => 0,
            None => return None,
        };
        if let Some(s) = parts.next()
            && (s.len() != 2 || s.parse::<u32>().is_err())
        {
            return None;
        }
        if parts.next().is_some() {
            return None;
        }
        match pm {
            Some(_) if !(1..=12).contains(&hour) => None,
            Some(pm) => Self::new(hour % 12 + if pm { 12 } else { 0 }, minute),
            None => Self::new(hour, minute),
        }
    }

    /// The same time on another clock.
    pub fn on(self, clock: Clock) -> Self {
        Self { clock, ..self }
    }
}

/// `18H00M00S` (after the `PT`), when it is less than a day.
fn iso_duration(iso: &str) -> Option<Time> {
    let total = iso_minutes(iso)?;
    (0.0..1440.0)
        .contains(&total.round())
        .then(|| Time::from_fraction(total / 1440.0))
}

/// The length in days of an ISO duration of hours, minutes and seconds (`PT36H00M00S`, how
/// OpenDocument stores an elapsed time).
pub fn duration_days(text: &str) -> Option<f64> {
    let t = text.trim().to_lowercase();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t),
    };
    let minutes = iso_minutes(t.strip_prefix("pt")?)?;
    Some(if negative { -minutes } else { minutes } / 1440.0)
}

/// The minutes of `18H00M00S`.
fn iso_minutes(iso: &str) -> Option<f64> {
    let (mut hours, mut minutes, mut seconds) = (0.0, 0.0, 0.0);
    let mut number = String::new();
    for c in iso.chars() {
        match c {
            '0'..='9' | ':' | ',' => number.push(if c == ',' { '.' } else { c }),
            'h' | 'm' | 's' => {
                let n: f64 = number.parse().ok()?;
                *match c {
                    'h' => &mut hours,
                    'm' => &mut minutes,
                    _ => &mut seconds,
                } = n;
                number.clear();
            }
            _ if c == '.' => number.push('.'),
            _ => return None,
        }
    }
    number
        .is_empty()
        .then_some(hours * 60.0 + minutes + seconds / 60.0)
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.clock {
            Clock::TwentyFour => write!(f, "{:02}:{:02}", self.hour, self.minute),
            Clock::Twelve => {
                let (hour, minute) = (self.hour, self.minute);
                match (hour, minute) {
                    (12, 0) => f.write_str("12 noon"),
                    (0, 0) => f.write_str("12 midnight"),
                    _ => {
                        let h = if hour % 12 == 0 { 12 } else { hour % 12 };
                        let half = if hour < 12 { "am" } else { "pm" };
                        if minute == 0 {
                            write!(f, "{h}{half}")
                        } else {
                            write!(f, "{h}.{minute:02}{half}")
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Option<String> {
        Time::parse(text).map(|t| t.to_string())
    }

    #[test]
    fn councils_write_times_the_short_way() {
        assert_eq!(Time::from_fraction(0.75).to_string(), "6pm");
        assert_eq!(
            Time::from_fraction(0.729_166_666_666_7).to_string(),
            "5.30pm"
        );
        assert_eq!(Time::from_fraction(42_312.437_5).to_string(), "10.30am");
        assert_eq!(Time::new(12, 0).unwrap().to_string(), "12 noon");
        assert_eq!(Time::new(0, 0).unwrap().to_string(), "12 midnight");
        assert_eq!(Time::new(12, 15).unwrap().to_string(), "12.15pm");
        assert_eq!(
            Time::new(18, 0).unwrap().on(Clock::TwentyFour).to_string(),
            "18:00"
        );
        assert_eq!(
            Time::new(9, 5).unwrap().on(Clock::TwentyFour).to_string(),
            "09:05"
        );
    }

    #[test]
    fn times_written_as_text() {
        assert_eq!(show("18:00").as_deref(), Some("6pm"));
        assert_eq!(show("6pm").as_deref(), Some("6pm"));
        assert_eq!(show("6 PM").as_deref(), Some("6pm"));
        assert_eq!(show("5.30pm").as_deref(), Some("5.30pm"));
        assert_eq!(show("5:30 p.m.").as_deref(), Some("5.30pm"));
        assert_eq!(show("10:30:00").as_deref(), Some("10.30am"));
        assert_eq!(show("12 noon").as_deref(), Some("12 noon"));
        assert_eq!(show("12am").as_deref(), Some("12 midnight"));
        assert_eq!(show("PT18H00M00S").as_deref(), Some("6pm"));
        assert_eq!(show("PT17H30M00.000S").as_deref(), Some("5.30pm"));
        assert_eq!(show("PT36H00M00S"), None);
        assert_eq!(duration_days("PT36H00M00S"), Some(1.5));
        assert_eq!(duration_days("-PT12H"), Some(-0.5));
        assert_eq!(duration_days("36:00"), None);
        assert_eq!(show("4 November 2015"), None);
        assert_eq!(show("13pm"), None);
        assert_eq!(show("25:00"), None);
        assert_eq!(show("2015"), None);
        assert_eq!(show("after the previous item"), None);
    }
}
