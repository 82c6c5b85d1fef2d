//! What a meeting's minutes print: attendance (present by role, with substitutes and whom
//! they replaced, apologies, absent), declarations of interest, and every agenda item in
//! order with its minute, its resolution and the votes. The public minutes of an exempt
//! item carry only its agenda title and a public summary, else that it was minuted.

use serde::Serialize;

use crate::base::date::Date;
use crate::model::decisions::Decision;
use crate::model::meeting::Meeting;
use crate::model::numbering::List;
use crate::model::proceedings::{Attendee, Presence};

/// What "DRAFT" says, on every page and in the title, until the minutes are approved.
pub const DRAFT: &str = "DRAFT - subject to approval";

/// The minutes' Typst template's and web page's context.
#[derive(Debug, Clone, Serialize)]
pub struct Minutes {
    pub(crate) council: Option<String>,
    pub(crate) logo: Option<super::super::decisions::Logo>,
    pub(crate) committee: String,
    pub(crate) meeting_date: String,
    pub(crate) meeting_iso: String,
    pub(crate) time: Option<String>,
    pub(crate) venue: Option<String>,
    /// [`DRAFT`], or "Approved on 17 June 2026".
    pub(crate) status: String,
    pub(crate) draft: bool,
    /// The day approved, ISO 8601.
    pub(crate) approved_iso: Option<String>,
    /// The marking on every page: DRAFT, and for the exempt tree's minutes, NOT FOR
    /// PUBLICATION.
    pub(crate) banner: Option<String>,
    /// Attendance, label and names ("Chair", "Cllr Ann Lee"); `None` with no Attendance sheet.
    pub(crate) attendance: Option<Vec<Line>>,
    /// The declarations as sentences, each with its item; `None` with no Declarations sheet.
    pub(crate) declarations: Option<Vec<String>>,
    /// Every agenda item, in order.
    pub(crate) items: Vec<Item>,
}

/// One labelled line of the attendance.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub(crate) label: String,
    pub(crate) text: String,
}

/// One agenda item as minuted.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub(crate) number: String,
    pub(crate) title: String,
    pub(crate) minute: Option<String>,
    pub(crate) resolution: Option<String>,
    pub(crate) list: Option<List>,
    pub(crate) votes: Option<[String; 3]>,
    /// "Exempt: paragraph 3 of Schedule 12A ..." for an exempt item.
    pub(crate) exempt: Option<String>,
    pub(crate) withdrawn: bool,
}

/// The minutes of `meeting`; `exempt` gives each agenda item's paragraph when it is exempt,
/// and `full` says whether they are the exempt tree's (every word) or the public ones.
pub(crate) fn minutes(
    meeting: &Meeting,
    logo: Option<super::super::decisions::Logo>,
    exempt: &[Option<String>],
    full: bool,
) -> Minutes {
    let (status, draft) = match meeting.minutes_approved {
        Some(day) => (approved(day), false),
        None => (DRAFT.to_owned(), true),
    };
    let paragraphs: Vec<&str> = exempt.iter().flatten().map(String::as_str).collect();
    let marking = (full && !paragraphs.is_empty()).then(|| {
        let known: Vec<&str> = paragraphs
            .iter()
            .copied()
            .filter(|p| *p != "unknown")
            .collect();
        let mut said = known.clone();
        said.dedup();
        if said.is_empty() {
            "NOT FOR PUBLICATION: exempt information under Schedule 12A to the Local Government \
                Act 1972"
                .to_owned()
        } else {
            format!(
                "NOT FOR PUBLICATION: exempt information under paragraph {} of Schedule 12A to the \
                    Local Government Act 1972",
                said.join(", ")
            )
        }
    });
    let banner = match (marking, draft) {
        (Some(m), true) => Some(format!("{m} · {DRAFT}")),
        (Some(m), false) => Some(m),
        (None, true) => Some(DRAFT.to_owned()),
        (None, false) => None,
    };
    let proceedings = &meeting.proceedings;
    let private = |number: &str| {
        meeting
            .items
            .iter()
            .position(|i| i.number == number)
            .and_then(|i| exempt.get(i).cloned().flatten())
            .filter(|_| !full)
    };
    let declarations = proceedings
        .declarations
        .as_ref()
        .map(|all| {
            all.iter()
                .map(|d| {
                    format!(
                        "Item {}, {}",
                        d.item,
                        d.sentence(private(&d.item).is_none())
                    )
                })
                .collect::<Vec<_>>()
        })
        .map(none_declared);
    let items = meeting
        .items
        .iter()
        .zip(exempt)
        .map(|(item, paragraph)| {
            let decision = meeting.decisions.iter().find(|d| d.item == item.number);
            let minute: Vec<&str> = proceedings
                .minutes
                .iter()
                .flatten()
                .filter(|m| m.item == item.number)
                .map(|m| m.text.as_str())
                .collect();
            let summary = proceedings
                .minutes
                .iter()
                .flatten()
                .find(|m| m.item == item.number)
                .and_then(|m| m.public_summary.clone());
            let words = |p: &str| {
                if p == "unknown" {
                    "an exempt item".to_owned()
                } else {
                    format!("an exempt item (paragraph {p})")
                }
            };
            match paragraph.as_deref().filter(|_| !full) {
                Some(p) => Item {
                    number: item.number.clone(),
                    title: item
                        .title
                        .clone()
                        .unwrap_or_else(|| "Exempt item".to_owned()),
                    minute: (!minute.is_empty())
                        .then(|| summary.unwrap_or_else(|| format!("Minute of {}.", words(p)))),
                    resolution: decision.map(|d| {
                        d.public_summary
                            .clone()
                            .unwrap_or_else(|| format!("Decision on {}.", words(p)))
                    }),
                    list: None,
                    votes: None,
                    exempt: Some(exempt_note(p)),
                    withdrawn: item.withdrawn,
                },
                None => Item {
                    number: item.number.clone(),
                    title: item
                        .title
                        .clone()
                        .unwrap_or_else(|| format!("Item {}", item.number)),
                    minute: (!minute.is_empty()).then(|| minute.join("\n\n")),
                    resolution: decision.map(|d| d.text.clone()),
                    list: decision.and_then(|d| d.list.clone()),
                    votes: decision.and_then(|d: &Decision| d.votes.clone()),
                    exempt: paragraph.as_deref().map(exempt_note),
                    withdrawn: item.withdrawn,
                },
            }
        })
        .collect();
    Minutes {
        council: meeting.council.clone(),
        logo,
        committee: meeting.committee.clone(),
        meeting_date: meeting.date.long(),
        meeting_iso: meeting.date.iso(),
        time: meeting.time.clone(),
        venue: meeting.venue.clone(),
        status,
        draft,
        approved_iso: meeting.minutes_approved.map(Date::iso),
        banner,
        attendance: proceedings.attendance.as_deref().map(attendance),
        declarations,
        items,
    }
}

/// The declarations, or "None were declared." when the sheet records none.
pub fn none_declared(lines: Vec<String>) -> Vec<String> {
    if lines.is_empty() {
        vec!["None were declared.".to_owned()]
    } else {
        lines
    }
}

/// "Approved on 17 June 2026".
pub fn approved(day: Date) -> String {
    format!("Approved on {}", day.long())
}

fn exempt_note(paragraph: &str) -> String {
    if paragraph == "unknown" {
        "Exempt information under Schedule 12A to the Local Government Act 1972; the public were \
            excluded."
            .to_owned()
    } else {
        format!(
            "Exempt information under paragraph {paragraph} of Schedule 12A to the Local \
                Government Act 1972; the public were excluded."
        )
    }
}

/// The attendance lines: those present by role (in order of first appearance), then the
/// other members present with each substitute and whom they replaced, then apologies and
/// absences.
pub fn attendance(rows: &[Attendee]) -> Vec<Line> {
    let shown = |a: &Attendee| {
        let mut name = a.member.clone();
        if let Some(whom) = &a.substitute_for {
            name.push_str(&format!(" (substitute for {whom})"));
        }
        if let Some(notes) = &a.notes {
            name.push_str(&format!(" ({notes})"));
        }
        name
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut add = |label: &str, name: String| match lines.iter_mut().find(|l| l.label == label) {
        Some(line) => {
            line.text.push_str(", ");
            line.text.push_str(&name);
        }
        None => lines.push(Line {
            label: label.to_owned(),
            text: name,
        }),
    };
    for a in rows.iter().filter(|a| a.presence.present()) {
        if let Some(role) = &a.role {
            add(role, shown(a));
        }
    }
    for a in rows
        .iter()
        .filter(|a| a.presence.present() && a.role.is_none())
    {
        add("Present", shown(a));
    }
    for (presence, label) in [
        (Presence::Apologies, "Apologies"),
        (Presence::Absent, "Absent"),
    ] {
        for a in rows.iter().filter(|a| a.presence == presence) {
            add(label, shown(a));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, presence: Presence, role: Option<&str>, sub: Option<&str>) -> Attendee {
        Attendee {
            member: name.into(),
            presence,
            substitute_for: sub.map(str::to_owned),
            role: role.map(str::to_owned),
            notes: None,
        }
    }

    #[test]
    fn attendance_is_present_by_role_then_apologies() {
        let lines = attendance(&[
            member("Cllr B", Presence::Present, None, None),
            member("Cllr A", Presence::Present, Some("Chair"), None),
            member("Cllr E", Presence::Apologies, None, None),
            member("Cllr D", Presence::Substitute, None, Some("Cllr E")),
            member("Cllr F", Presence::Absent, None, None),
        ]);
        let said: Vec<(&str, &str)> = lines
            .iter()
            .map(|l| (l.label.as_str(), l.text.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                ("Chair", "Cllr A"),
                ("Present", "Cllr B, Cllr D (substitute for Cllr E)"),
                ("Apologies", "Cllr E"),
                ("Absent", "Cllr F"),
            ]
        );
    }
}
