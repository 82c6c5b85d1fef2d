//! `meetings.ics`: the meetings as an iCalendar file (RFC 5545) that residents and members
//! can subscribe to: CRLF line endings, lines folded at 75 octets, text escaped, one event
//! per meeting with a stable UID, at its local time in Europe/London.

use crate::base::date::Date;

/// One meeting as a calendar event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Stable and unique across meetings and councils (see [`uid`]).
    pub uid: String,
    /// "Cabinet".
    pub summary: String,
    /// The day.
    pub date: Date,
    /// The time as the meeting workbook writes it ("5.30pm"), if any.
    pub time: Option<String>,
    /// When it is expected to end, as the meeting workbook writes it, if given.
    pub end: Option<String>,
    /// The venue.
    pub location: Option<String>,
    /// The meeting page's full address, when papers.toml gives a `base_url`.
    pub url: Option<String>,
    /// When the calendar entry was written (the page's date of publication).
    pub stamp: Date,
    /// The meeting will not take place on its day (Cancelled, or Postponed with no new date).
    pub cancelled: bool,
    /// The revision of the event: 0 as first published, higher once it is cancelled or
    /// moved, so that calendars take the change.
    pub sequence: u32,
}

/// A meeting's UID: a hash of the council and the meeting's whole folder path under
/// `inputs/` (so `a/2030-cab` and `a-2030-cab` differ), at the host of `base_url` (else
/// `papers`), unique for every meeting of every council and the same from build to build.
pub fn uid(council: Option<&str>, folder: &str, base_url: Option<&str>) -> String {
    let mut hasher = crate::base::hash::Hasher::new();
    hasher.update(council.unwrap_or_default().as_bytes());
    hasher.update(folder.as_bytes());
    let host = base_url
        .and_then(|u| u.split_once("://"))
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .map(|h| {
            h.rsplit('@')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "papers".to_owned());
    format!("meeting-{}@{host}", &hasher.hex()[..32])
}

/// Europe/London since 1996: GMT, and BST from the last Sunday of March to the last
/// Sunday of October.
const LONDON: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:19810329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:19961027T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The calendar of `events`, named after the council.
pub fn calendar(council: Option<&str>, events: &[Event]) -> String {
    let mut out = String::new();
    let name = council.map_or_else(
        || "Committee meetings".to_owned(),
        |c| format!("{c}: committee meetings"),
    );
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Papers//Committee meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push(&mut out, line);
    }
    push(&mut out, &format!("X-WR-CALNAME:{}", escape(&name)));
    out.push_str(LONDON);
    for e in events {
        push(&mut out, "BEGIN:VEVENT");
        push(&mut out, &format!("UID:{}", escape(&e.uid)));
        push(
            &mut out,
            &format!(
                "DTSTAMP:{:04}{:02}{:02}T000000Z",
                e.stamp.year, e.stamp.month, e.stamp.day
            ),
        );
        let day = format!("{:04}{:02}{:02}", e.date.year, e.date.month, e.date.day);
        let start = e.time.as_deref().and_then(clock);
        match start {
            Some((h, m)) => push(
                &mut out,
                &format!("DTSTART;TZID=Europe/London:{day}T{h:02}{m:02}00"),
            ),
            None => push(&mut out, &format!("DTSTART;VALUE=DATE:{day}")),
        }
        // An end that can be read, after a timed start, the same day.
        if let (Some(start), Some((h, m))) = (start, e.end.as_deref().and_then(clock))
            && (h, m) > start
        {
            push(
                &mut out,
                &format!("DTEND;TZID=Europe/London:{day}T{h:02}{m:02}00"),
            );
        }
        push(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if e.sequence > 0 {
            push(&mut out, &format!("SEQUENCE:{}", e.sequence));
        }
        if e.cancelled {
            push(&mut out, "STATUS:CANCELLED");
        }
        if let Some(l) = &e.location {
            push(&mut out, &format!("LOCATION:{}", escape(l)));
        }
        if let Some(u) = &e.url {
            push(&mut out, &format!("URL:{u}"));
        }
        push(&mut out, "END:VEVENT");
    }
    push(&mut out, "END:VCALENDAR");
    out
}

/// Appends a content line, folded so that no line is longer than 75 octets (a fold never
/// splits a character), ending in CRLF.
fn push(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// TEXT values: backslash, semicolon and comma escaped, line breaks as `\n`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The hour and minute of a time as councils write it: "5.30pm", "10am", "2 pm", "17:30",
/// "10.00 am", "10.30 a.m.", "noon", "6pm (pre-meeting at 5pm)", "10am to 12 noon" (the
/// start). `None` when it cannot be told (the event is then all day).
pub fn clock(text: &str) -> Option<(u32, u32)> {
    let lower = text
        .trim()
        .to_lowercase()
        .replace("a.m.", "am")
        .replace("p.m.", "pm")
        .replace("a.m", "am")
        .replace("p.m", "pm");
    let start = lower.split(" to ").next().unwrap_or_default();
    let start = start
        .split(['-', '–', '(', ',', ';'])
        .next()
        .unwrap_or_default();
    let t: String = start.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t
        .trim_end_matches("hrs")
        .trim_end_matches("hr")
        .trim_end_matches('h');
    if t == "noon" || t == "midday" || t == "12noon" || t == "12midday" {
        return Some((12, 0));
    }
    // Midnight is a time, as Papers prints it ("12 midnight"): the event is timed.
    if t == "midnight" || t == "12midnight" {
        return Some((0, 0));
    }
    let (digits, meridiem) = match (t.strip_suffix("am"), t.strip_suffix("pm")) {
        (Some(d), _) => (d, Some(false)),
        (_, Some(d)) => (d, Some(true)),
        _ => (t, None),
    };
    let (h, m) = match digits.split_once(['.', ':']) {
        Some((h, m)) => (
            h.parse::<u32>().ok()?,
            m.parse::<u32>().ok().filter(|_| m.len() == 2)?,
        ),
        None => (digits.parse::<u32>().ok()?, 0),
    };
    let h = match meridiem {
        Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if digits.contains([':', '.']) => h,
        None => return None,
    };
    (h < 24 && m < 60).then_some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_councils_write_them() {
        assert_eq!(clock("5.30pm"), Some((17, 30)));
        assert_eq!(clock("10am"), Some((10, 0)));
        assert_eq!(clock("12 pm"), Some((12, 0)));
        assert_eq!(clock("12am"), Some((0, 0)));
        assert_eq!(clock("12 midnight"), Some((0, 0)));
        assert_eq!(clock("Midnight"), Some((0, 0)));
        assert_eq!(clock("00:00"), Some((0, 0)));
        assert_eq!(clock("17:30"), Some((17, 30)));
        assert_eq!(clock("10.00 am"), Some((10, 0)));
        assert_eq!(clock("Noon"), Some((12, 0)));
        assert_eq!(clock("10.30 a.m."), Some((10, 30)));
        assert_eq!(clock("6pm (pre-meeting at 5pm)"), Some((18, 0)));
        assert_eq!(clock("10am to 12 noon"), Some((10, 0)));
        assert_eq!(clock("2.00pm - 4.00pm"), Some((14, 0)));
        assert_eq!(clock("14.30 hrs"), Some((14, 30)));
        assert_eq!(clock("after the AGM"), None);
        assert_eq!(clock("13pm"), None);
        assert_eq!(clock("5"), None);
    }

    #[test]
    fn uids_differ_for_every_meeting_and_council() {
        let a = uid(Some("Norwich City Council"), "a/2030-cab", None);
        assert_ne!(a, uid(Some("Norwich City Council"), "a-2030-cab", None));
        assert_ne!(
            a,
            uid(Some("Broadland District Council"), "a/2030-cab", None)
        );
        assert_eq!(a, uid(Some("Norwich City Council"), "a/2030-cab", None));
        assert!(a.ends_with("@papers"), "{a}");
        assert!(
            uid(
                None,
                "",
                Some("https://Democracy.example.gov.uk:8443/papers/")
            )
            .ends_with("@democracy.example.gov.uk:8443")
        );
    }

    #[test]
    fn lines_end_crlf_fold_at_75_octets_and_text_is_escaped() {
        let event = Event {
            uid: "2015-11-04-cabinet@papers".into(),
            summary: "Cabinet; special, meeting".into(),
            date: Date {
                year: 2015,
                month: 11,
                day: 4,
            },
            time: Some("5.30pm".into()),
            end: Some("7.45pm".into()),
            location: Some(format!("Mancroft Room, City Hall, {}", "Ŵ".repeat(60))),
            url: None,
            stamp: Date {
                year: 2015,
                month: 10,
                day: 20,
            },
            cancelled: false,
            sequence: 0,
        };
        let cancelled = Event {
            cancelled: true,
            sequence: 1,
            ..event.clone()
        };
        let ics = calendar(None, &[cancelled]);
        assert!(ics.contains("SEQUENCE:1\r\nSTATUS:CANCELLED\r\n"));
        let ics = calendar(Some("Norwich City Council"), &[event]);
        assert!(!ics.contains("STATUS:") && !ics.contains("SEQUENCE:"));
        assert!(ics.contains("DTSTART;TZID=Europe/London:20151104T173000\r\n"));
        assert!(ics.contains("DTEND;TZID=Europe/London:20151104T194500\r\n"));
        assert!(ics.contains("SUMMARY:Cabinet\\; special\\, meeting\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "bare line feeds");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!(
            "LOCATION:Mancroft Room\\, City Hall\\, {}",
            "Ŵ".repeat(60)
        )));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
