//! What happened at a meeting, from the meeting workbook's optional after-the-meeting sheets:
//! `Attendance` (who was present, sent apologies, was absent or substituted for whom),
//! `Declarations` (interests declared, on which item, and what the member did) and
//! `Minutes` (the summary of discussion of each item), and the checks between them and the
//! Decisions sheet (a member who declared but is not recorded present, more votes than
//! members present).

use serde::Serialize;

use crate::base::diag::{Diagnostics, nearest};
use crate::model::decisions::Decision;
use crate::workbook::{Sheet, Table, cell_ref, norm};

/// The Attendance sheet's name.
pub const ATTENDANCE: &str = "Attendance";
/// The Declarations sheet's name.
pub const DECLARATIONS: &str = "Declarations";
/// The Minutes sheet's name.
pub const MINUTES: &str = "Minutes";

/// The words of an Attendance cell.
pub const ATTENDANCE_WORDS: &[&str] = &["Present", "Apologies", "Absent", "Substitute"];
/// The kinds of interest a member may declare (the Localism Act 2011 and the model code).
pub const INTERESTS: &[&str] = &[
    "Disclosable pecuniary",
    "Other registrable",
    "Non-registrable",
];
/// Roles a Notes cell may give a member present ("Chair"), printed first.
const ROLES: &[&str] = &[
    "Chair",
    "Vice-chair",
    "Chairman",
    "Vice-chairman",
    "Chairperson",
    "Deputy chair",
    "Leader",
    "Deputy leader",
    "Mayor",
];

/// Whether a member was there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    /// Present.
    Present,
    /// Sent apologies.
    Apologies,
    /// Absent without apologies.
    Absent,
    /// Present as the substitute for another member.
    Substitute,
}

impl Presence {
    /// Whether the member was in the meeting (and could vote).
    pub fn present(self) -> bool {
        matches!(self, Presence::Present | Presence::Substitute)
    }
}

/// One row of the Attendance sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Attendee {
    /// The member, as written ("Cllr Jo Smith").
    pub member: String,
    /// Present, apologies, absent or substitute.
    pub presence: Presence,
    /// For a substitute: the member replaced.
    pub substitute_for: Option<String>,
    /// The member's role at the meeting (the Role column, or Notes naming one: "Chair").
    pub role: Option<String>,
    /// Anything else the clerk noted ("Left at 7.10pm").
    pub notes: Option<String>,
}

/// One row of the Declarations sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Declaration {
    /// The member who declared.
    pub member: String,
    /// The agenda item.
    pub item: String,
    /// One of [`INTERESTS`], as the contract spells it.
    pub interest: String,
    /// What the interest is.
    pub nature: Option<String>,
    /// What the member did ("Left the room", "Took no part in the vote").
    pub action: Option<String>,
    /// The cell of its Member, for diagnostics.
    #[serde(skip)]
    pub at: String,
}

impl Declaration {
    /// The declaration as a sentence: "Cllr Ann Lee: disclosable pecuniary interest (owns
    /// land beside the depot). Left the room." Without `nature` (an exempt item's public
    /// record), the interest's nature is left out.
    pub fn sentence(&self, nature: bool) -> String {
        let mut out = format!("{}: ", self.member);
        if self.interest.is_empty() {
            out.push_str("an interest");
        } else {
            out.push_str(&self.interest.to_lowercase());
            out.push_str(" interest");
        }
        if let Some(n) = self.nature.as_deref().filter(|_| nature) {
            out.push_str(&format!(" ({})", n.trim_end_matches('.')));
        }
        out.push('.');
        if let Some(a) = &self.action {
            out.push(' ');
            out.push_str(a.trim());
            if !a.trim_end().ends_with(['.', '!', '?']) {
                out.push('.');
            }
        }
        out
    }
}

/// One row of the Minutes sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Minute {
    /// The agenda item.
    pub item: String,
    /// The summary of discussion (Markdown subset).
    pub text: String,
    /// What may be published of the minute of an exempt item.
    pub public_summary: Option<String>,
}

/// The after-the-meeting sheets of a meeting workbook; each `None` when its sheet is absent.
#[derive(Debug, Clone, Default)]
pub struct Proceedings {
    /// The Attendance sheet's rows.
    pub attendance: Option<Vec<Attendee>>,
    /// The Declarations sheet's rows.
    pub declarations: Option<Vec<Declaration>>,
    /// The Minutes sheet's rows.
    pub minutes: Option<Vec<Minute>>,
}

impl Proceedings {
    /// The number of members present (present or substituting), when attendance is given.
    pub fn present(&self) -> Option<usize> {
        self.attendance
            .as_ref()
            .map(|a| a.iter().filter(|m| m.presence.present()).count())
    }

    /// Whether the clerk has recorded the meeting: a row of attendance or a minute (a blank
    /// sheet, as `papers new` writes it, is not yet a record).
    pub fn any(&self) -> bool {
        [
            self.attendance.as_ref().map(Vec::len),
            self.minutes.as_ref().map(Vec::len),
        ]
        .into_iter()
        .any(|n| n.unwrap_or(0) > 0)
    }

    /// The declarations made on `item`.
    pub fn declared_on<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a Declaration> {
        self.declarations
            .iter()
            .flatten()
            .filter(move |d| norm(&d.item) == norm(item))
    }
}

/// A member's name folded for matching: "Cllr Jo Smith", "Councillor J. Smith" and "jo
/// smith" are told apart only by their letters after the title.
pub fn member_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let rest = ["councillor ", "cllr. ", "cllr "]
        .iter()
        .find_map(|t| lower.strip_prefix(t))
        .unwrap_or(&lower);
    rest.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Letters and digits only, in lower case: "Vice-chair" and "vice chair" are one.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads a vocabulary cell: the contract's word (matched loosely, "interest" at the end
/// optional), else a `bad-value` error naming the nearest.
fn word_of(
    value: &str,
    words: &'static [&'static str],
    extra: &[(&str, &'static str)],
    what: &str,
    at: (&str, String),
    diags: &mut Diagnostics,
) -> Option<&'static str> {
    let key = |s: &str| -> String {
        let s = norm(s);
        let s = s.strip_suffix(" interest").unwrap_or(&s);
        s.chars().filter(|c| c.is_alphanumeric()).collect()
    };
    let want = key(value);
    if let Some(w) = words.iter().find(|w| key(w) == want) {
        return Some(w);
    }
    if let Some((_, w)) = extra.iter().find(|(k, _)| key(k) == want) {
        return Some(w);
    }
    let d = diags.error(
        at.0,
        Some(at.1),
        "bad-value",
        format!("{what}: \"{value}\" is not one of {}", words.join(", ")),
    );
    d.suggestion = nearest(value, words.iter().copied())
        .or_else(|| {
            // A word of the value found in one option ("pecuniary").
            let lower = value.to_lowercase();
            words.iter().copied().find(|w| {
                lower
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|part| part.len() >= 5 && *part != "interest")
                    .any(|part| w.to_lowercase().contains(part))
            })
        })
        .map(str::to_owned);
    None
}

/// An Item cell checked against the agenda: `code` names the slip of an item not on it.
fn item_of(
    table: &Table,
    r: usize,
    c: usize,
    items: &[&str],
    code: &'static str,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let name = table.sheet.name.as_str();
    let at = cell_ref(r, c);
    let item = crate::model::numbering::read_item(table.text(r, c), name, Some(at.clone()), diags);
    if item.is_empty() {
        diags.error(
            name,
            Some(at),
            "missing-value",
            format!("the {what} has no Item; give the agenda item"),
        );
        return None;
    }
    if !items.iter().any(|i| norm(i) == norm(&item)) {
        let d = diags.error(
            name,
            Some(at),
            code,
            format!(
                "{}: item {item} is not on the agenda (items: {}); a {what} is on an agenda item",
                table.sheet.name,
                items.join(", ")
            ),
        );
        d.suggestion = nearest(&item, items.iter().copied()).map(str::to_owned);
    }
    Some(item)
}

/// Reads the Attendance sheet.
pub fn attendance(sheet: &Sheet, diags: &mut Diagnostics) -> Vec<Attendee> {
    let table = Table::new(sheet);
    let optional = ["Substitute for", "Notes", "Role"];
    let Some([member_col, presence_col]) =
        table.require_with(["Member", "Attendance"], &optional, diags)
    else {
        return Vec::new();
    };
    let name = sheet.name.as_str();
    let text = |r: usize, label: &str| table.text_under(r, label);
    let mut out = Vec::new();
    for r in table.rows() {
        let member = table.text(r, member_col);
        if member.is_empty() {
            diags.error(
                name,
                Some(cell_ref(r, member_col)),
                "missing-value",
                "the attendance row has no Member",
            );
            continue;
        }
        let value = table.text(r, presence_col);
        let presence = if value.is_empty() {
            diags.error(
                name,
                Some(cell_ref(r, presence_col)),
                "missing-value",
                format!(
                    "{member} has no Attendance; write one of {}",
                    ATTENDANCE_WORDS.join(", ")
                ),
            );
            None
        } else {
            word_of(
                &value,
                ATTENDANCE_WORDS,
                &[
                    ("apology", "Apologies"),
                    ("apologies received", "Apologies"),
                    ("sent apologies", "Apologies"),
                    ("attended", "Present"),
                    ("sub", "Substitute"),
                ],
                "Attendance",
                (name, cell_ref(r, presence_col)),
                diags,
            )
        };
        let presence = match presence {
            Some("Present") => Presence::Present,
            Some("Apologies") => Presence::Apologies,
            Some("Absent") => Presence::Absent,
            Some(_) => Presence::Substitute,
            // Unknown: counted as not present (the row's error stops the meeting anyway).
            None => Presence::Absent,
        };
        let substitute_for = text(r, "Substitute for");
        if presence == Presence::Substitute && substitute_for.is_none() {
            let c = table.column("Substitute for").unwrap_or(presence_col);
            diags.error(
                name,
                Some(cell_ref(r, c)),
                "missing-value",
                format!(
                    "{member} is a substitute but the row gives no \"Substitute for\"; name the \
                        member replaced"
                ),
            );
        }
        let notes = text(r, "Notes");
        let role = text(r, "Role").or_else(|| {
            let n = fold(notes.as_deref()?);
            ROLES
                .iter()
                .find(|role| fold(role) == n)
                .map(|r| (*r).to_owned())
        });
        // Notes that only named the role are not printed again.
        let notes = notes.filter(|n| role.as_deref().is_none_or(|r| fold(r) != fold(n)));
        out.push(Attendee {
            member,
            presence,
            substitute_for,
            role,
            notes,
        });
    }
    out
}

/// Reads the Declarations sheet, each row's Item checked against the agenda's `items`.
pub fn declarations(sheet: &Sheet, items: &[&str], diags: &mut Diagnostics) -> Vec<Declaration> {
    let table = Table::new(sheet);
    let Some([member_col, item_col, interest_col]) =
        table.require_with(["Member", "Item", "Interest"], &["Nature", "Action"], diags)
    else {
        return Vec::new();
    };
    let name = sheet.name.as_str();
    let text = |r: usize, label: &str| table.text_under(r, label);
    let mut out = Vec::new();
    for r in table.rows() {
        let member = table.text(r, member_col);
        if member.is_empty() {
            diags.error(
                name,
                Some(cell_ref(r, member_col)),
                "missing-value",
                "the declaration has no Member; name the member who declared",
            );
        }
        let item = item_of(
            &table,
            r,
            item_col,
            items,
            "declaration-off-agenda",
            "declaration",
            diags,
        );
        let value = table.text(r, interest_col);
        let interest = if value.is_empty() {
            diags.error(
                name,
                Some(cell_ref(r, interest_col)),
                "missing-value",
                format!(
                    "the declaration has no Interest; write one of {}",
                    INTERESTS.join(", ")
                ),
            );
            None
        } else {
            word_of(
                &value,
                INTERESTS,
                &[
                    ("dpi", "Disclosable pecuniary"),
                    ("pecuniary", "Disclosable pecuniary"),
                    ("ori", "Other registrable"),
                    ("nri", "Non-registrable"),
                ],
                "Interest",
                (name, cell_ref(r, interest_col)),
                diags,
            )
        };
        let (Some(item), false) = (item, member.is_empty()) else {
            continue;
        };
        out.push(Declaration {
            member,
            item,
            interest: interest.unwrap_or_default().to_owned(),
            nature: text(r, "Nature"),
            action: text(r, "Action"),
            at: cell_ref(r, member_col),
        });
    }
    out
}

/// Reads the Minutes sheet, each row's Item checked against the agenda's `items`. The
/// findings never quote a minute (it may be of an exempt item).
pub fn minutes(sheet: &Sheet, items: &[&str], diags: &mut Diagnostics) -> Vec<Minute> {
    let table = Table::new(sheet);
    let Some([item_col, text_col]) =
        table.require_with(["Item", "Minute"], &["Public summary"], diags)
    else {
        return Vec::new();
    };
    let summary_col = table.column("Public summary");
    let mut out = Vec::new();
    for r in table.rows() {
        let Some(item) = item_of(
            &table,
            r,
            item_col,
            items,
            "minute-off-agenda",
            "minute",
            diags,
        ) else {
            continue;
        };
        out.push(Minute {
            item,
            text: table.text(r, text_col),
            public_summary: summary_col
                .map(|c| table.text(r, c))
                .filter(|t| !t.is_empty()),
        });
    }
    out
}

/// The checks between the sheets: a declaration by a member the Attendance sheet does not
/// record as present, and a decision whose votes outnumber the members present.
pub fn cross_check(
    proceedings: &Proceedings,
    decisions: &[Decision],
    (decisions_sheet, declarations_sheet): (&str, &str),
    diags: &mut Diagnostics,
) {
    let Some(attendance) = &proceedings.attendance else {
        return;
    };
    for d in proceedings.declarations.iter().flatten() {
        let found = attendance
            .iter()
            .find(|a| member_key(&a.member) == member_key(&d.member));
        let why = match found {
            None => "is not in the Attendance sheet".to_owned(),
            Some(a) if !a.presence.present() => format!(
                "is recorded as {} in the Attendance sheet, not present",
                match a.presence {
                    Presence::Apologies => "sending apologies",
                    _ => "absent",
                }
            ),
            Some(_) => continue,
        };
        let names: Vec<&str> = attendance.iter().map(|a| a.member.as_str()).collect();
        let e = diags.error(
            declarations_sheet,
            Some(d.at.clone()),
            "not-in-attendance",
            format!(
                "{} declared an interest on item {} but {why}; a member declares at the meeting \
                    they attend",
                d.member, d.item
            ),
        );
        e.suggestion = nearest(&d.member, names).map(str::to_owned);
    }
    let present = proceedings.present().unwrap_or(0);
    if present == 0 {
        return;
    }
    for decision in decisions {
        let Some(votes) = &decision.votes else {
            continue;
        };
        let total: u64 = votes.iter().filter_map(|v| v.parse::<u64>().ok()).sum();
        if total > present as u64 {
            diags.error(
                decisions_sheet,
                decision.votes_at.clone().or(Some(decision.at.clone())),
                "votes-over-present",
                format!(
                    "the votes on item {} (for {}, against {}, abstained {}: {total}) are more \
                        than the {present} members present in the Attendance sheet",
                    decision.item, votes[0], votes[1], votes[2]
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Cell;

    fn t(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    }

    fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: name.into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| t(c)).collect())
                .collect(),
            merges: vec![],
            bold: Vec::new(),
        }
    }

    fn codes(diags: &Diagnostics) -> Vec<(&'static str, String)> {
        diags
            .list
            .iter()
            .map(|d| (d.code, d.cell.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn attendance_reads_roles_substitutes_and_names_a_typo() {
        let mut diags = Diagnostics::new("m.xlsx");
        let rows = attendance(
            &sheet(
                "attendance",
                &[
                    &["Member", "Attendance", "Substitute for", "Notes"],
                    &["Cllr Ann Lee", "Present", "", "Chair"],
                    &["Cllr Bo Khan", "apologies", "", ""],
                    &["Cllr Cy Dee", "Substitute", "Cllr Bo Khan", ""],
                    &["Cllr Di Ray", "Presnt", "", ""],
                    &["Cllr Ed Fox", "Substitute", "", "Left at 7pm"],
                ],
            ),
            &mut diags,
        );
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0].role.as_deref(), Some("Chair"));
        assert_eq!(rows[0].notes, None);
        assert_eq!(rows[1].presence, Presence::Apologies);
        assert_eq!(rows[2].substitute_for.as_deref(), Some("Cllr Bo Khan"));
        assert_eq!(
            codes(&diags),
            [("bad-value", "B5".into()), ("missing-value", "C6".into())]
        );
        assert_eq!(diags.list[0].suggestion.as_deref(), Some("Present"));
    }

    #[test]
    fn declarations_and_minutes_are_checked_against_the_agenda_and_attendance() {
        let mut diags = Diagnostics::new("m.xlsx");
        let items = ["5", "6"];
        let declared = declarations(
            &sheet(
                "Declarations",
                &[
                    &["Member", "Item", "Interest", "Nature", "Action"],
                    &[
                        "Cllr Ann Lee",
                        "5",
                        "Disclosable pecuniary interest",
                        "Owns land",
                        "Left the room",
                    ],
                    &["Cllr Zed Roe", "6", "Other registrable", "", ""],
                    &["Cllr Ann Lee", "9", "Non-registrable", "", ""],
                    &["Cllr Ann Lee", "6", "Pecuniary disclosable", "", ""],
                ],
            ),
            &items,
            &mut diags,
        );
        assert_eq!(declared[0].interest, "Disclosable pecuniary");
        let minutes = minutes(
            &sheet(
                "MINUTES",
                &[&["Item", "Minute"], &["6", "Discussed."], &["7", "x"]],
            ),
            &items,
            &mut diags,
        );
        assert_eq!(minutes.len(), 2);
        let proceedings = Proceedings {
            attendance: Some(vec![Attendee {
                member: "Councillor Ann Lee".into(),
                presence: Presence::Present,
                substitute_for: None,
                role: None,
                notes: None,
            }]),
            declarations: Some(declared),
            minutes: Some(minutes),
        };
        let decision = Decision {
            item: "5".into(),
            text: "Agreed".into(),
            list: None,
            reasons: None,
            alternatives: None,
            decision_maker: None,
            call_in: true,
            urgency_reason: None,
            votes: Some(["1".into(), "1".into(), "0".into()]),
            published: None,
            public_summary: None,
            at: "A2".into(),
            votes_at: Some("H2".into()),
        };
        cross_check(
            &proceedings,
            &[decision],
            ("Decisions", "Declarations"),
            &mut diags,
        );
        assert_eq!(
            codes(&diags),
            [
                ("declaration-off-agenda", "B4".into()),
                ("bad-value", "C5".into()),
                ("minute-off-agenda", "A3".into()),
                ("not-in-attendance", "A3".into()),
                ("votes-over-present", "H2".into()),
            ]
        );
        assert_eq!(
            diags.list[1].suggestion.as_deref(),
            Some("Disclosable pecuniary")
        );
    }

    #[test]
    fn member_names_match_whatever_their_title() {
        assert_eq!(
            member_key("Cllr Jo Smith"),
            member_key("Councillor jo smith")
        );
        assert_ne!(member_key("Cllr Jo Smith"), member_key("Cllr Jo Smyth"));
    }
}
