//! The register of decisions: its records, kept across a slip, as a web page
//! (`output/decisions.html`) and as open data (`output/decisions.json`, `.csv`).

use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::render::html::pages::{Chrome, Link, relative, root_of};
use crate::render::html::templates::HtmlTemplates;
use crate::run::incremental::Previous;
use crate::run::manifest::{Entry, Status};
use crate::run::pipeline::{Project, exempt_output};
use crate::run::survey::MeetingRead;

/// One record of the register.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Record {
    pub(super) id: String,
    pub(super) council: Option<String>,
    pub(super) committee: String,
    pub(super) meeting: String,
    pub(super) meeting_date: String,
    pub(super) item: String,
    pub(super) title: String,
    pub(super) decision_maker: Option<String>,
    pub(super) date: String,
    pub(super) published: String,
    pub(super) exempt: bool,
    pub(super) urgent: bool,
    pub(super) urgency_reason: Option<String>,
    pub(super) key_decision: Option<String>,
    pub(super) forward_plan_ref: Option<String>,
    pub(super) call_in_ends: Option<String>,
    pub(super) implementable_from: Option<String>,
    pub(super) status: String,
    pub(super) decision: String,
    pub(super) reasons: Option<String>,
    pub(super) alternatives: Option<String>,
    pub(super) notice_pdf: String,
    pub(super) notice_html: String,
    /// The item's paper, relative to `output/`, when it has a public one.
    #[serde(default)]
    pub(super) report_pdf: Option<String>,
    /// The paper's web page, relative to `output/`.
    #[serde(default)]
    pub(super) report_html: Option<String>,
}

/// The notices (entries) and records an earlier build made of the decisions of meetings
/// `held` back by errors, as they are on disk, with each record's status as of `today`.
pub(super) fn keep_held(
    project: &Project,
    previous: &Previous,
    held: &[&MeetingRead],
    today: Date,
) -> (Vec<Entry>, Vec<Record>) {
    let exempt_dir = project.config.exempt_dir();
    let folders: Vec<(String, String)> = held
        .iter()
        .map(|r| {
            let public = format!("{}/decisions/", r.file.output_dir);
            let private = exempt_output(&exempt_dir, &public);
            (public, private)
        })
        .collect();
    let entries = previous
        .entries()
        .filter(|e| {
            folders
                .iter()
                .any(|(a, b)| e.path.starts_with(a) || e.path.starts_with(b))
        })
        .filter(|e| project.root.join(&e.path).is_file())
        .map(|e| Entry {
            status: Status::Unchanged,
            ..e.clone()
        })
        .collect();
    let old: Vec<Record> = std::fs::read(project.root.join("output/decisions.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let meetings: Vec<&str> = held.iter().map(|r| r.file.folder()).collect();
    let records = old
        .into_iter()
        .filter(|r| meetings.contains(&r.meeting.as_str()))
        .map(|r| {
            let ends = r.call_in_ends.as_deref().and_then(Date::parse);
            Record {
                status: status_of(!r.urgent, ends, today),
                ..r
            }
        })
        .collect();
    (entries, records)
}

/// The records of the last register whose notices the ledger keeps as published but which
/// this build did not make (their Decisions rows are gone), each with its status as of
/// `today`.
pub(super) fn keep_recorded(
    project: &Project,
    made: &std::collections::HashSet<String>,
    today: Date,
) -> Vec<Record> {
    let published: std::collections::HashSet<&String> = project
        .ledger
        .meetings
        .values()
        .flat_map(|m| m.notices.keys())
        .collect();
    let old: Vec<Record> = std::fs::read(project.root.join("output/decisions.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    old.into_iter()
        .filter(|r| !made.contains(&r.id))
        .filter(|r| published.contains(&format!("output/{}", r.notice_pdf)))
        .filter(|r| project.root.join("output").join(&r.notice_pdf).is_file())
        .map(|r| {
            let ends = r.call_in_ends.as_deref().and_then(Date::parse);
            Record {
                status: status_of(!r.urgent, ends, today),
                ..r
            }
        })
        .collect()
}

/// Where a decision that may (`call_in`) or may not be called in stands on `today`.
pub(super) fn status_of(call_in: bool, ends: Option<Date>, today: Date) -> String {
    match ends {
        _ if !call_in => "not subject to call-in (urgent)".to_owned(),
        None => "not subject to call-in".to_owned(),
        Some(ends) if today <= ends => format!("open to call-in until {}", ends.iso()),
        Some(_) => "call-in period ended; may be implemented".to_owned(),
    }
}

/// One row of the register's web page.
#[derive(Serialize)]
struct RegisterRow<'a> {
    title: &'a str,
    item: &'a str,
    html: String,
    committee: &'a str,
    meeting_date: String,
    meeting_iso: &'a str,
    maker: Option<&'a str>,
    published: String,
    published_iso: &'a str,
    status: String,
}

#[derive(Serialize)]
struct RegisterPage<'a> {
    page: Chrome,
    today: String,
    today_iso: String,
    records: Vec<RegisterRow<'a>>,
}

/// The register as a web page, `output/decisions.html`.
pub(super) fn register_page(
    project: &Project,
    html: &HtmlTemplates,
    records: &[Record],
    today: Date,
) -> anyhow::Result<String> {
    let path = "output/decisions.html";
    let long = |iso: &str| Date::parse(iso).map_or_else(|| iso.to_owned(), Date::long);
    let rows = records
        .iter()
        .map(|r| RegisterRow {
            title: &r.title,
            item: &r.item,
            html: relative(path, &format!("output/{}", r.notice_html)),
            committee: &r.committee,
            meeting_date: long(&r.meeting_date),
            meeting_iso: &r.meeting_date,
            maker: r.decision_maker.as_deref(),
            published: long(&r.published),
            published_iso: &r.published,
            status: spoken(&r.status),
        })
        .collect();
    let council = project.config.council.clone();
    html.render(
        "decisions",
        &RegisterPage {
            page: Chrome {
                root: root_of(path),
                title: match &council {
                    Some(c) => format!("Decisions - {c}"),
                    None => "Decisions".to_owned(),
                },
                council,
                logo: crate::publish::site::logo_image(project),
                trail: vec![Link {
                    href: "index.html".to_owned(),
                    text: "Meetings and documents".to_owned(),
                }],
            },
            today: today.long(),
            today_iso: today.iso(),
            records: rows,
        },
    )
}

/// A record's status as a page says it: "Open to call-in until 29 May 2026".
fn spoken(status: &str) -> String {
    let status = match status.rsplit_once(' ') {
        Some((words, iso)) => match Date::parse(iso) {
            Some(day) if iso.contains('-') => format!("{words} {}", day.long()),
            _ => status.to_owned(),
        },
        None => status.to_owned(),
    };
    let mut chars = status.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The register as CSV (RFC 4180): a header row, then one row per decision, every field
/// quoted.
pub(super) fn csv(records: &[Record]) -> String {
    const HEADER: &[&str] = &[
        "id",
        "council",
        "committee",
        "meeting_date",
        "item",
        "title",
        "decision_maker",
        "published",
        "exempt",
        "urgent",
        "urgency_reason",
        "key_decision",
        "forward_plan_ref",
        "call_in_ends",
        "implementable_from",
        "status",
        "decision",
        "reasons",
        "alternatives",
        "notice_pdf",
        "notice_html",
        "report_pdf",
        "report_html",
    ];
    let quote = |s: &str| format!("\"{}\"", guard(s).replace('"', "\"\""));
    let mut out = HEADER.join(",") + "\r\n";
    for r in records {
        let fields = [
            r.id.clone(),
            r.council.clone().unwrap_or_default(),
            r.committee.clone(),
            r.meeting_date.clone(),
            r.item.clone(),
            r.title.clone(),
            r.decision_maker.clone().unwrap_or_default(),
            r.published.clone(),
            r.exempt.to_string(),
            r.urgent.to_string(),
            r.urgency_reason.clone().unwrap_or_default(),
            r.key_decision.clone().unwrap_or_default(),
            r.forward_plan_ref.clone().unwrap_or_default(),
            r.call_in_ends.clone().unwrap_or_default(),
            r.implementable_from.clone().unwrap_or_default(),
            r.status.clone(),
            r.decision.clone(),
            r.reasons.clone().unwrap_or_default(),
            r.alternatives.clone().unwrap_or_default(),
            r.notice_pdf.clone(),
            r.notice_html.clone(),
            r.report_pdf.clone().unwrap_or_default(),
            r.report_html.clone().unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A CSV field that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return) is written with a `'` before it, so that opening the
/// register in Excel or LibreOffice never runs a council's cell text as a formula (OWASP's
/// CSV injection advice).
fn guard(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_a_spreadsheet_would_run_as_a_formula_is_guarded() {
        for (field, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("+1+1", "\"'+1+1\""),
            ("-2+3", "\"'-2+3\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\t=1", "\"'\t=1\""),
            ("Agreed = fine", "\"Agreed = fine\""),
        ] {
            let record = Record {
                id: "m/item-1".into(),
                council: None,
                committee: "Cabinet".into(),
                meeting: "m".into(),
                meeting_date: "2026-05-20".into(),
                item: "1".into(),
                title: "T".into(),
                decision_maker: None,
                date: "2026-05-20".into(),
                published: "2026-05-21".into(),
                exempt: false,
                urgent: false,
                urgency_reason: None,
                key_decision: None,
                forward_plan_ref: None,
                call_in_ends: None,
                implementable_from: None,
                status: "s".into(),
                decision: field.into(),
                reasons: None,
                alternatives: None,
                notice_pdf: "a.pdf".into(),
                notice_html: "a.html".into(),
                report_pdf: None,
                report_html: None,
            };
            let csv = csv(&[record]);
            assert!(csv.contains(&format!(",{written},")), "{field:?}: {csv}");
        }
    }

    #[test]
    fn a_status_reads_as_words() {
        assert_eq!(
            spoken("open to call-in until 2026-05-29"),
            "Open to call-in until 29 May 2026"
        );
        assert_eq!(
            spoken("not subject to call-in (urgent)"),
            "Not subject to call-in (urgent)"
        );
    }
}
