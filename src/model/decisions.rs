//! The optional Decisions sheet of a meeting workbook: one row per decision taken at the
//! meeting, with its reasons, the alternatives rejected, who took it, whether it may be
//! called in (or why it is urgent), the votes, the day it was published and, for an exempt
//! item, the summary that may be published of it.

use serde::Serialize;

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, nearest};
use crate::model::numbering::{self, List};
use crate::workbook::{Cell, Sheet, Table, cell_ref, norm};

/// The sheet's name.
pub const SHEET: &str = "Decisions";

/// Its optional columns (Item and Decision are required).
const OPTIONAL: &[&str] = &[
    "Reasons",
    "Alternatives",
    "Decision maker",
    "Call-in",
    "Urgency reason",
    "For",
    "Against",
    "Abstained",
    "Published",
    "Public summary",
];

/// One decision.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// The agenda item it was taken on ("7").
    pub item: String,
    /// The decision as written (the Markdown subset).
    pub text: String,
    /// The decision as a numbered list, when it has more than one line.
    pub list: Option<List>,
    /// Why it was taken.
    pub reasons: Option<String>,
    /// The alternatives considered and rejected.
    pub alternatives: Option<String>,
    /// Who took it (the Cabinet, a portfolio holder, an officer).
    pub decision_maker: Option<String>,
    /// Whether it may be called in; `false` for an urgent decision.
    pub call_in: bool,
    /// Why an urgent decision could not wait for call-in.
    pub urgency_reason: Option<String>,
    /// The votes for, against and abstaining, as written, when given.
    pub votes: Option<[String; 3]>,
    /// The day it was published: its own Published, else the Meeting sheet's `Decisions
    /// published`; `None` while it is not.
    pub published: Option<Date>,
    /// What may be published of a decision on an exempt item.
    pub public_summary: Option<String>,
    /// The cell of its Item, for diagnostics.
    #[serde(skip)]
    pub at: String,
    /// The cell of its first vote (For, else Against or Abstained), when votes are given.
    #[serde(skip)]
    pub votes_at: Option<String>,
}

/// Reads the Decisions sheet: every row checked against the agenda's item numbers and the
/// meeting's `date`; `published` is the Meeting sheet's `Decisions published`.
pub fn read(
    sheet: &Sheet,
    items: &[&str],
    date: Option<Date>,
    published: Option<Date>,
    diags: &mut Diagnostics,
) -> Vec<Decision> {
    let table = Table::new(sheet);
    let Some([item_col, text_col]) = table.require_with(["Item", "Decision"], OPTIONAL, diags)
    else {
        return Vec::new();
    };
    let col = |label: &str| table.column(label);
    let text = |r: usize, label: &str| table.text_under(r, label);
    let name = sheet.name.as_str();
    let mut out = Vec::new();
    for r in table.rows() {
        let at = cell_ref(r, item_col);
        let item = numbering::read_item(table.text(r, item_col), name, Some(at.clone()), diags);
        if item.is_empty() {
            diags.error(
                name,
                Some(at.clone()),
                "missing-value",
                "the decision has no Item; give the agenda item it was taken on",
            );
            continue;
        }
        if !items.iter().any(|i| norm(i) == norm(&item)) {
            let d = diags.error(name, Some(at.clone()), "decision-off-agenda", format!(
                "Decisions: item {item} is not on the agenda (items: {}); a decision is taken on \
                    an agenda item",
                items.join(", ")
            ));
            d.suggestion = nearest(&item, items.iter().copied()).map(str::to_owned);
        }
        let decision = table.text(r, text_col);
        if decision.is_empty() {
            diags.error(
                name,
                Some(cell_ref(r, text_col)),
                "missing-value",
                format!("the decision on item {item} has no Decision; write the resolution"),
            );
        }
        let call_in = col("Call-in").is_none_or(|c| call_in_cell(&table, r, c, diags));
        let urgency_reason = text(r, "Urgency reason");
        if !call_in && urgency_reason.is_none() {
            let c = col("Urgency reason").or(col("Call-in")).unwrap_or(text_col);
            diags.error(name, Some(cell_ref(r, c)), "no-urgency-reason", format!(
                "the decision on item {item} is not subject to call-in (Call-in: No) but gives no \
                    Urgency reason; say why it could not wait"
            ));
        }
        let votes = votes(&table, r, diags);
        let own = col("Published").and_then(|c| date_cell(&table, r, c, diags));
        let day = own.or(published);
        if let (Some(day), Some(meeting)) = (day, date)
            && day < meeting
        {
            let c = own.and(col("Published"));
            let message = format!(
                "the decision on item {item} is published on {}, before the meeting on {}; give \
                    the day it was published",
                day.long(),
                meeting.long()
            );
            // The Meeting sheet's date is reported once, there (see the meeting reader).
            if let Some(c) = c {
                diags.error(
                    name,
                    Some(cell_ref(r, c)),
                    "decisions-before-meeting",
                    message,
                );
            }
        }
        let list = (decision.lines().filter(|l| !l.trim().is_empty()).count() > 1).then(|| {
            let cell = cell_ref(r, text_col);
            // The findings of numbering quote the line; a decision may be on an exempt item,
            // so they are said without its words.
            let mut quoted = Diagnostics::new(diags.file.clone());
            let list = numbering::list(
                &decision,
                numbering::Place {
                    sheet: name,
                    cell: &cell,
                    what: "decision",
                },
                &mut quoted,
            );
            for d in quoted.list {
                diags.warn(name, d.cell, d.code, format!(
                    "a line of the decision on item {item} starts with a number of its own that \
                        differs from the one Papers gives; it is kept as written"
                ));
            }
            list
        });
        out.push(Decision {
            item,
            text: decision,
            list,
            reasons: text(r, "Reasons"),
            alternatives: text(r, "Alternatives"),
            decision_maker: text(r, "Decision maker"),
            call_in,
            urgency_reason,
            votes: votes.clone(),
            published: day,
            public_summary: text(r, "Public summary"),
            at,
            votes_at: votes.as_ref().and_then(|_| {
                ["For", "Against", "Abstained"]
                    .iter()
                    .find_map(|l| col(l))
                    .map(|c| cell_ref(r, c))
            }),
        });
    }
    out
}

/// A Call-in cell: Yes (or blank) is subject to call-in, No is urgent.
fn call_in_cell(table: &Table, r: usize, c: usize, diags: &mut Diagnostics) -> bool {
    let value = table.text(r, c);
    match norm(&value).as_str() {
        "" | "yes" | "y" | "true" => true,
        "no" | "n" | "false" | "urgent" | "no (urgent)" => false,
        _ => {
            let d = diags.error(
                &table.sheet.name,
                Some(cell_ref(r, c)),
                "bad-value",
                format!(
                    "Call-in: \"{value}\" is not Yes or No; write No for an urgent decision not \
                    subject to call-in, else Yes"
                ),
            );
            d.suggestion = nearest(&value, ["Yes", "No"]).map(str::to_owned);
            true
        }
    }
}

/// The votes of a row, when any is given: each a whole number.
fn votes(table: &Table, r: usize, diags: &mut Diagnostics) -> Option<[String; 3]> {
    let mut out: [String; 3] = Default::default();
    let mut any = false;
    for (slot, label) in out.iter_mut().zip(["For", "Against", "Abstained"]) {
        let Some(c) = table.column(label) else {
            continue;
        };
        let cell = table.cell(r, c);
        if cell.is_empty() {
            *slot = "0".to_owned();
            continue;
        }
        any = true;
        match cell
            .number()
            .filter(|n| *n >= 0.0 && n.fract() == 0.0 && *n < 10_000.0)
        {
            Some(n) => *slot = format!("{n}"),
            None => {
                let shown = cell.display();
                match shown.parse::<u32>() {
                    Ok(n) => *slot = n.to_string(),
                    Err(_) => {
                        diags.error(&table.sheet.name, Some(cell_ref(r, c)), "bad-value", format!(
                            "{label}: \"{shown}\" is not a number of votes; write a whole number, \
                                or leave it blank"
                        ));
                        *slot = shown;
                    }
                }
            }
        }
    }
    any.then_some(out)
}

/// A date cell of the sheet (a date cell, a serial, or text such as "22 May 2026").
fn date_cell(table: &Table, r: usize, c: usize, diags: &mut Diagnostics) -> Option<Date> {
    match table.cell(r, c) {
        Cell::Empty => None,
        Cell::Date(d) | Cell::DateTime(d, _) => Some(*d),
        Cell::Number(n) | Cell::Formatted(n, _) if (20_000.0..80_000.0).contains(n) => {
            Date::from_serial(*n)
        }
        other => {
            let shown = other.display();
            let day = Date::parse(&shown);
            if day.is_none() && !shown.is_empty() {
                diags.error(
                    &table.sheet.name,
                    Some(cell_ref(r, c)),
                    "date-expected",
                    format!(
                        "Published: \"{shown}\" is not a date; give the day the decision was \
                        published, like \"22 May 2026\""
                    ),
                );
            }
            day
        }
    }
}

/// The file name stem of an item's decision notice (`item-{slug}`): the item number in lower
/// case, other characters as dashes (a hash for one with no letter or digit).
pub fn notice_slug(item: &str) -> String {
    let s: String = item
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.trim_matches('-').is_empty() {
        format!("x{}", &crate::base::hash::sha256(item.as_bytes())[..8])
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn read_rows(rows: Vec<Vec<Cell>>) -> (Vec<Decision>, Vec<(&'static str, String)>) {
        let sheet = Sheet {
            name: "Decisions".into(),
            rows,
            merges: vec![],
            bold: Vec::new(),
        };
        let mut diags = Diagnostics::new("inputs/m/meeting.xlsx");
        let meeting = Date::new(2026, 5, 20);
        let out = read(
            &sheet,
            &["6", "7"],
            meeting,
            Date::new(2026, 5, 21),
            &mut diags,
        );
        let found = diags
            .list
            .iter()
            .map(|d| (d.code, d.cell.clone().unwrap_or_default()))
            .collect();
        (out, found)
    }

    #[test]
    fn each_slip_is_named_at_its_cell() {
        let header = ["Item", "Decision", "Call-in", "Urgency reason", "Published"].map(t);
        let (decisions, found) = read_rows(vec![
            header.to_vec(),
            vec![t("7"), t("Agreed."), t("Yes"), Cell::Empty, Cell::Empty],
            vec![t("9"), t("Agreed."), t("Yes"), Cell::Empty, Cell::Empty],
            vec![t("6"), t("Agreed."), t("No"), Cell::Empty, Cell::Empty],
            vec![
                t("6"),
                t("Agreed."),
                t("Maybe"),
                Cell::Empty,
                t("1 May 2026"),
            ],
        ]);
        assert_eq!(decisions.len(), 4);
        assert_eq!(decisions[0].published, Date::new(2026, 5, 21));
        assert!(decisions[0].call_in && !decisions[2].call_in);
        assert_eq!(
            found,
            [
                ("decision-off-agenda", "A3".to_owned()),
                ("no-urgency-reason", "D4".to_owned()),
                ("bad-value", "C5".to_owned()),
                ("decisions-before-meeting", "E5".to_owned()),
            ]
        );
    }

    #[test]
    fn numbered_lines_are_a_list_and_votes_are_read() {
        let header = ["Item", "Decision", "For", "Against", "Abstained"].map(t);
        let (decisions, found) = read_rows(vec![
            header.to_vec(),
            vec![
                t("Item 7"),
                t("Cabinet resolved to:\n1. agree the plan\n2. note the risks"),
                Cell::Number(6.0),
                Cell::Number(2.0),
                Cell::Empty,
            ],
        ]);
        let d = &decisions[0];
        assert_eq!(d.item, "7");
        let list = d.list.as_ref().unwrap();
        assert_eq!(list.lead.as_deref(), Some("Cabinet resolved to:"));
        assert_eq!(list.items.len(), 2);
        assert_eq!(list.items[1].text, "note the risks");
        assert_eq!(d.votes, Some(["6".into(), "2".into(), "0".into()]));
        assert_eq!(found, [("item-label", "A2".to_owned())]);
    }

    #[test]
    fn a_number_of_its_own_is_reported_without_the_decision_s_words() {
        let (decisions, _) = read_rows(vec![
            vec![t("Item"), t("Decision")],
            vec![
                t("6"),
                t("4. sell the depot SECRET\n5. keep the yard SECRET"),
            ],
        ]);
        assert_eq!(decisions[0].list.as_ref().unwrap().items.len(), 2);
        let sheet = Sheet {
            name: "Decisions".into(),
            rows: vec![
                vec![t("Item"), t("Decision")],
                vec![
                    t("6"),
                    t("4. sell the depot SECRET\n5. keep the yard SECRET"),
                ],
            ],
            merges: vec![],
            bold: Vec::new(),
        };
        let mut diags = Diagnostics::new("meeting.xlsx");
        read(&sheet, &["6"], None, None, &mut diags);
        assert!(diags.list.iter().any(|d| d.code == "own-number"));
        assert!(diags.list.iter().all(|d| !d.message.contains("SECRET")));
    }
}
