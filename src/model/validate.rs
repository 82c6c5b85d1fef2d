//! Checks that hold for every document workbook, whatever its template: formula error values
//! and placeholders anywhere, the Cover fields a meeting needs, key decisions and the five
//! clear days, unknown sheets, and two workbooks that would write the same PDF.
//!
//! The sheet readers check their own vocabularies; this module looks across the workbook.
//! It changes what is reported, never what is built: the date it judges notice against
//! reaches no PDF.

mod calendar;

use std::collections::{BTreeMap, HashSet};

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, Severity, nearest};
use crate::base::paths::Input;
use crate::model::cover::Cover;
use crate::workbook::{Cell, Workbook, cell_ref, norm};

pub use calendar::clear_days;

/// The clear days the Local Government Act 1972 (s100B, as amended in 2002) wants between
/// publishing the papers for a meeting and the meeting itself.
pub const NOTICE_DAYS: usize = 5;

/// The sheets the workbook contract gives a meaning; any other sheet is an appendix.
pub const CONTRACT_SHEETS: &[&str] = &[
    "Cover",
    "Contacts",
    "Report",
    "Impact assessment",
    "Impact recommendations",
    "Equality impact",
    "Actions",
    "Alignment",
    "Objectives",
];

/// What the checks need to know about where and when a document is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// The day notice is judged from.
    pub today: Date,
    /// Whether the workbook sits in a meeting folder (beside a `meeting.xlsx`).
    pub in_meeting: bool,
}

/// Today's date by the system clock (UTC, which is the date in the UK but for the first
/// hour after midnight in summer).
pub fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days((secs / 86_400) as i64)
}

/// Runs the cross-cutting checks over a read workbook, after its sheets have been read, and
/// puts the file's findings in sheet and cell order.
pub fn workbook(wb: &Workbook, ctx: &Context, diags: &mut Diagnostics) {
    formula_errors(wb, diags);
    placeholders(wb, diags);
    if let Some(sheet) = wb.sheet("Cover") {
        // The Cover was read (and its slips reported) when the context was built.
        let cover = Cover::read(sheet, &mut Diagnostics::new(diags.file.clone()));
        cover_fields(&cover, ctx, diags);
    }
    sort_by_place(wb, diags);
}

/// The error values a formula can leave in a cell, as Excel and LibreOffice show them.
const ERROR_VALUES: &[&str] = &[
    "#REF!",
    "#DIV/0!",
    "#N/A",
    "#VALUE!",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
];

/// The error value a cell holds or shows, if any: a formula error, or text that is one
/// (pasted values, and .ods files, which store error results as text).
fn error_value(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Error(e) => Some(e.clone()),
        Cell::Text(t) => {
            let t = t.trim();
            let libre = t
                .strip_prefix("Err:")
                .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()));
            (ERROR_VALUES.iter().any(|e| e.eq_ignore_ascii_case(t)) || libre).then(|| t.to_owned())
        }
        _ => None,
    }
}

/// An error for every cell that holds an error value. It is the one finding for its cell:
/// what a sheet reader made of the error value (not a date, not a tick) follows from it.
fn formula_errors(wb: &Workbook, diags: &mut Diagnostics) {
    let mut places = Vec::new();
    for sheet in &wb.sheets {
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let Some(value) = error_value(cell) {
                    places.push((sheet.name.clone(), cell_ref(r, c), value));
                }
            }
        }
    }
    let at = |d: &crate::base::diag::Diagnostic| {
        (
            d.sheet.clone().unwrap_or_default(),
            d.cell.clone().unwrap_or_default(),
        )
    };
    // An Exempt cell holding an error value is the paper's `bad-value` (it is then exempt),
    // and stays its one finding.
    let exempt: HashSet<(String, String)> = diags
        .list
        .iter()
        .filter(|d| d.code == "bad-value" && d.message.starts_with("Exempt:"))
        .map(at)
        .collect();
    places.retain(|(s, c, _)| !exempt.contains(&(s.clone(), c.clone())));
    let cells: HashSet<(String, String)> = places
        .iter()
        .map(|(s, c, _)| (s.clone(), c.clone()))
        .collect();
    diags
        .list
        .retain(|d| d.code == "formula-error" || !cells.contains(&at(d)));
    let reported: HashSet<(String, String)> = diags
        .list
        .iter()
        .filter(|d| d.code == "formula-error")
        .map(at)
        .collect();
    for (sheet, cell, value) in places {
        if !reported.contains(&(sheet.clone(), cell.clone())) {
            diags.error(&sheet, Some(cell), "formula-error", format!(
                "the cell holds the error value {value}; fix the formula it comes from, or type \
                    the value"
            ));
        }
    }
}

/// A warning for every text cell that still holds a placeholder.
fn placeholders(wb: &Workbook, diags: &mut Diagnostics) {
    for sheet in &wb.sheets {
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let Cell::Text(text) = cell else { continue };
                let found = find_placeholders(text);
                if !found.is_empty() {
                    let list: Vec<String> = found.iter().map(|p| format!("\"{p}\"")).collect();
                    diags.warn(
                        &sheet.name,
                        Some(cell_ref(r, c)),
                        "placeholder",
                        format!(
                            "placeholder text {} left in; fill it in before the paper is published",
                            list.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

/// The placeholders in a text, as written, each once: runs of X standing for a figure
/// ("XX", "£XX", "£Xm"), TBC / TBA / TBD, "[insert ...]" and "???".
pub fn find_placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut add = |p: String| {
        if !found.contains(&p) {
            found.push(p);
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let currency = start > 0 && matches!(chars[start - 1], '£' | '$' | '€');
        let xs = word
            .trim_end_matches(['m', 'k', 'M', 'K'])
            .trim_end_matches("bn");
        let all_x = !xs.is_empty() && xs.chars().all(|c| c == 'X' || c == 'x');
        if currency && all_x {
            add(format!("{}{word}", chars[start - 1]));
        } else if (all_x && xs == word && word.chars().count() >= 2)
            || ["TBC", "TBA", "TBD"]
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&word))
        {
            add(word);
        }
    }
    for (open, close) in [("[insert", ']'), ("<insert", '>')] {
        let at = text.char_indices().map(|(i, _)| i).find(|&i| {
            text.get(i..i + open.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(open))
        });
        if let Some(at) = at {
            let rest = &text[at..];
            let end = rest
                .find(close)
                .map_or(rest.len(), |e| e + close.len_utf8());
            add(rest[..end].chars().take(60).collect());
        }
    }
    if text.contains("???") {
        add("???".to_owned());
    }
    found
}

/// The Cover fields a meeting needs, a key decision's forward plan reference, and the
/// notice the meeting gives.
fn cover_fields(cover: &Cover, ctx: &Context, diags: &mut Diagnostics) {
    if ctx.in_meeting {
        for field in ["Committee", "Meeting date"] {
            if cover.get(field).is_none() {
                diags.error(
                    &cover.sheet,
                    cover.at(field),
                    "missing-field",
                    format!(
                        "the paper is in a meeting folder, so the Cover needs a {field}; add a \
                        \"{field}\" row"
                    ),
                );
            }
        }
    }
    let key = cover.get("Key decision").is_some_and(|k| norm(&k) == "yes");
    if key && cover.get("Forward plan ref").is_none() {
        diags.warn(
            &cover.sheet,
            cover.at("Key decision"),
            "no-forward-plan-ref",
            "Key decision is Yes but there is no Forward plan ref; a key decision should be on the \
                forward plan, so give its reference in a \"Forward plan ref\" row",
        );
    }
    let meeting = cover.date("Meeting date", &mut Diagnostics::new(diags.file.clone()));
    if let Some(meeting) = meeting.filter(|m| *m >= ctx.today) {
        let days = clear_days(ctx.today, meeting, NOTICE_DAYS);
        if days < NOTICE_DAYS {
            diags.warn(&cover.sheet, cover.at("Meeting date"), "short-notice", format!(
                "the meeting on {} is {days} clear working day{} away, judged from {}; the Local \
                    Government Act 1972 (s100B) wants papers open to inspection {NOTICE_DAYS} \
                    clear days before, so this item needs the chair's agreement as urgent business",
                meeting.long(),
                if days == 1 { "" } else { "s" },
                ctx.today.long(),
            ));
        }
    }
}

/// A warning for a sheet whose name is close to one the contract knows ("IIA", "Contact"):
/// most likely a slip, so it is named with the sheet meant, though it prints as an appendix.
/// Any other sheet is an appendix, an ordinary part of a paper, and needs no word.
pub fn appendix_sheet(name: &str, label: Option<&str>, diags: &mut Diagnostics) {
    // A contract sheet the template has no place for (the action plan a committee report
    // carries as its appendix, as in seed 004) is an appendix by design.
    // So is a sheet its author titled as an appendix ("Appendix 2", "Appendix A: ...").
    let Some(shown) = label else { return };
    if norm(name).starts_with("appendix") || CONTRACT_SHEETS.iter().any(|k| norm(k) == norm(name)) {
        return;
    }
    let Some(meant) = meant_sheet(name) else {
        return;
    };
    let d = diags.warn(name, None, "unknown-sheet", format!(
        "\"{name}\" is not one of the sheets Papers knows ({}); it is printed as {shown}, a table \
            titled by cell A1 or else by the sheet name",
        CONTRACT_SHEETS.join(", ")
    ));
    d.suggestion = Some(meant.to_owned());
}

/// Short names officers give contract sheets, and the sheet each means.
const SHEET_ALIASES: &[(&str, &str)] = &[
    ("IIA", "Impact assessment"),
    ("Integrated impact assessment", "Impact assessment"),
    ("EqIA", "Equality impact"),
    ("EIA", "Equality impact"),
    ("Equality impact assessment", "Equality impact"),
    ("Action plan", "Actions"),
    ("Contact officers", "Contacts"),
    ("Alignment matrix", "Alignment"),
    ("Cover sheet", "Cover"),
    ("Front sheet", "Cover"),
];

/// The contract sheet a sheet's name most likely means: a known short name ("IIA") or a
/// slip of a contract name ("Contact", "Impact Assesment").
pub fn meant_sheet(name: &str) -> Option<&'static str> {
    SHEET_ALIASES
        .iter()
        .find(|(alias, _)| norm(alias) == norm(name))
        .map(|(_, sheet)| *sheet)
        .or_else(|| nearest(name, CONTRACT_SHEETS.iter().copied()))
}

/// The names of the PDFs Papers writes for a meeting: no paper may take them.
const RESERVED: &[&str] = &["agenda-pack.pdf", "exempt-pack.pdf"];

/// Inputs that would write the same PDF: one stem with two extensions (`a.xlsx` and `a.ods`),
/// or names that differ only in case, which are one file on Windows and macOS. Judged by the
/// input's name, so that an exempt paper routed elsewhere still clashes. Keyed by input path,
/// with the PDF it writes and the inputs it clashes with.
#[derive(Debug, Default)]
pub struct Clashes(BTreeMap<String, (String, Vec<String>)>);

impl Clashes {
    /// Finds every clash among the inputs of a run.
    pub fn find(inputs: &[Input]) -> Self {
        let mut by_output: BTreeMap<String, Vec<&Input>> = BTreeMap::new();
        for input in inputs {
            let stem = input
                .rel
                .rsplit_once('.')
                .map_or(input.rel.as_str(), |(stem, _)| stem);
            by_output
                .entry(stem.to_lowercase())
                .or_default()
                .push(input);
        }
        let mut out = BTreeMap::new();
        // A paper named like a pack would be written over by it, or over it.
        for input in inputs {
            let name = input
                .output
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_lowercase();
            if RESERVED.contains(&name.as_str()) {
                out.insert(
                    input.rel.clone(),
                    (
                        input.output.clone(),
                        vec![format!("the meeting's pack ({name})")],
                    ),
                );
            }
        }
        for group in by_output.values().filter(|g| g.len() > 1) {
            for input in group {
                let others = group
                    .iter()
                    .filter(|o| o.rel != input.rel)
                    .map(|o| o.rel.clone())
                    .collect();
                out.insert(input.rel.clone(), (input.output.clone(), others));
            }
        }
        Self(out)
    }

    /// Reports the clash of one input as an error about the whole file, so neither of two
    /// clashing workbooks is built over the other.
    pub fn report(&self, input: &Input, diags: &mut Diagnostics) {
        if let Some((output, others)) = self.0.get(&input.rel) {
            diags.at(None, None, Severity::Error, "same-output", format!(
                "{} {} the same name, so more than one workbook would write {output}; rename or \
                    remove all but one",
                others.join(" and "),
                if others.len() == 1 { "has" } else { "have" }
            ));
        }
    }
}

/// Puts a file's findings in reading order: findings about the whole file, then by sheet in
/// workbook order, then by row and column. Findings at one place keep their order.
fn sort_by_place(wb: &Workbook, diags: &mut Diagnostics) {
    let rank = |sheet: &Option<String>| {
        sheet.as_ref().map_or(0, |s| {
            wb.sheets
                .iter()
                .position(|w| &w.name == s)
                .map_or(0, |i| i + 1)
        })
    };
    diags
        .list
        .sort_by_key(|d| (rank(&d.sheet), d.cell.as_deref().map(place)));
}

/// Zero-based (row, column) of an A1 reference.
fn place(cell: &str) -> (usize, usize) {
    let letters = cell.bytes().take_while(u8::is_ascii_alphabetic);
    let col = letters.fold(0_usize, |n, b| {
        n.saturating_mul(26)
            .saturating_add(usize::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    let row = cell
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<usize>()
        .unwrap_or(0);
    (row.saturating_sub(1), col.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_as_written() {
        let seed = "have made £XX in efficiency savings over the past year";
        assert_eq!(find_placeholders(seed), ["£XX"]);
        assert_eq!(
            find_placeholders("Date: TBC. Venue tba, cost £Xm, ref XXXX"),
            ["TBC", "tba", "£Xm", "XXXX"]
        );
        assert_eq!(
            find_placeholders("Lead: [Insert name here] ???"),
            ["[Insert name here]", "???"]
        );
        assert_eq!(find_placeholders("<insert figure>"), ["<insert figure>"]);
    }

    #[test]
    fn ordinary_text_has_no_placeholders() {
        for text in [
            "Extra funding of £2.5m for XXI century schools",
            "The Xbox and the XL bus",
            "x",
            "Established (TBCA) and tabled",
            "What will we do?",
            "Insert the [link](https://example.org)",
        ] {
            assert!(
                find_placeholders(text).is_empty(),
                "{text}: {:?}",
                find_placeholders(text)
            );
        }
    }

    #[test]
    fn error_values_as_cells_and_as_text() {
        assert_eq!(
            error_value(&Cell::Error("#REF!".into())).as_deref(),
            Some("#REF!")
        );
        assert_eq!(
            error_value(&Cell::Text(" #N/A ".into())).as_deref(),
            Some("#N/A")
        );
        assert_eq!(
            error_value(&Cell::Text("Err:502".into())).as_deref(),
            Some("Err:502")
        );
        assert_eq!(error_value(&Cell::Text("#hashtag".into())), None);
        assert_eq!(error_value(&Cell::Number(7.0)), None);
    }

    #[test]
    fn sheet_names_close_to_the_contract_are_suggested() {
        assert_eq!(meant_sheet("IIA"), Some("Impact assessment"));
        assert_eq!(meant_sheet("Contact"), Some("Contacts"));
        assert_eq!(meant_sheet("Impact Assesment"), Some("Impact assessment"));
        assert_eq!(meant_sheet("Pilot activity"), None);
        let mut diags = Diagnostics::new("x.xlsx");
        appendix_sheet("IIA", Some("Appendix 2"), &mut diags);
        assert_eq!(
            (diags.list[0].code, diags.list[0].suggestion.as_deref()),
            ("unknown-sheet", Some("Impact assessment"))
        );
        // An appendix with a name of its own is an ordinary part of a paper.
        appendix_sheet("Pilot activity", Some("Appendix 3"), &mut diags);
        assert_eq!(diags.list.len(), 1);
    }

    #[test]
    fn a1_places() {
        assert_eq!(place("A1"), (0, 0));
        assert_eq!(place("C4"), (3, 2));
        assert_eq!(place("AA10"), (9, 26));
        assert_eq!(place("XFD1048576"), (1_048_575, 16_383));
    }

    #[test]
    fn clashes_are_reported_on_both_files() {
        let input = |rel: &str, output: &str| Input {
            path: rel.into(),
            rel: rel.into(),
            output: output.into(),
            sources: Vec::new(),
            place: Default::default(),
        };
        let inputs = [
            input("inputs/a.ods", "output/a.pdf"),
            input("inputs/a.xlsx", "output/a.pdf"),
            input("inputs/b.xlsx", "output/b.pdf"),
        ];
        let clashes = Clashes::find(&inputs);
        for (i, other) in [(0, "inputs/a.xlsx"), (1, "inputs/a.ods")] {
            let mut diags = Diagnostics::new(&inputs[i].rel);
            clashes.report(&inputs[i], &mut diags);
            assert_eq!(diags.list.len(), 1);
            assert!(
                diags.list[0].message.contains(other),
                "{}",
                diags.list[0].message
            );
        }
        let mut diags = Diagnostics::new("inputs/b.xlsx");
        clashes.report(&inputs[2], &mut diags);
        assert!(diags.list.is_empty());
    }
}
