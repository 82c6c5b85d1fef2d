//! One document's typed context: everything its template may show, read from its workbook.

use serde::Serialize;

use crate::base::date::Date;
use crate::base::diag::Diagnostics;
use crate::model::actions::ActionPlan;
use crate::model::alignment::Alignment;
use crate::model::appendix::{TableData, read_table};
use crate::model::config::Config;
use crate::model::cover::{Cover, Field, YES_NO};
use crate::model::equality::EqualityAssessment;
use crate::model::impact::ImpactAssessment;
use crate::model::numbering::{self, List, Place};
use crate::model::objectives::Objectives;
use crate::model::report::{Contact, Section, read_contacts, read_report};
use crate::workbook::{Table, Workbook, norm};

/// The templates Papers ships.
pub const TEMPLATES: &[&str] = &[
    "committee-report",
    "impact-assessment",
    "equality-impact-assessment",
    "strategy",
    "action-plan",
];

/// Sheets with a meaning of their own; any other sheet is an appendix table.
/// `About` is the guidance sheet of a workbook made by `papers new`: never printed.
const KNOWN_SHEETS: &[&str] = &[
    "Cover",
    "Contacts",
    "Report",
    "About",
    "Impact assessment",
    "Impact recommendations",
    "Equality impact",
    "Objectives",
];

/// The cover details a template shows, typed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverView {
    /// Report of / From.
    pub report_of: Option<String>,
    /// Subject line (Norwich style), if given apart from the title.
    pub subject: Option<String>,
    /// "Electoral divisions" or "Wards", as the author labelled it.
    pub divisions_label: String,
    /// The divisions or wards affected.
    pub divisions: Option<String>,
    /// Forward plan reference.
    pub forward_plan_ref: Option<String>,
    /// Yes or No.
    pub key_decision: Option<String>,
    /// Purpose of the report.
    pub purpose: Option<String>,
    /// Recommendations, one per line of the cell, numbered (or lettered as the author did).
    pub recommendations: List,
    /// Corporate priorities.
    pub corporate_priorities: Option<String>,
    /// Financial implications.
    pub financial_implications: Option<String>,
    /// Background documents.
    pub background_documents: Option<String>,
}

/// Where the logo is and what it shows.
#[derive(Debug, Clone, Serialize)]
pub struct LogoRef {
    /// Virtual path, `/logo.svg` or `/logo.png`.
    pub path: String,
    /// Alternative text.
    pub alt: String,
}

/// An appendix, numbered in workbook order. Exactly one of the content fields is set:
/// the template picks the layout from whichever it finds.
#[derive(Debug, Clone, Serialize)]
pub struct Appendix {
    /// "Appendix 1" or "Appendix A"; absent when the title already says so.
    pub label: Option<String>,
    /// The appendix title: the sheet name, or A1 when it stands alone in row 1.
    pub title: String,
    /// A plain table, from a sheet the contract gives no other meaning.
    pub table: Option<TableData>,
    /// An action plan, from the `Actions` sheet.
    pub actions: Option<ActionPlan>,
    /// An alignment matrix, from the `Alignment` sheet.
    pub alignment: Option<Alignment>,
    /// The sheet it comes from, for diagnostics.
    #[serde(skip)]
    pub sheet: String,
}

/// Everything a template sees.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Template name.
    pub template: String,
    /// Title of the paper.
    pub title: String,
    /// What the document is, and its reference, read once above its title ("Equality impact
    /// assessment EQIA-0042"); none where the title block already says it (a committee
    /// report's "Report to") or the title does ("Reducing inequalities action plan").
    pub kind: Option<String>,
    /// Council name (Cover `Council`, else papers.toml).
    pub council: Option<String>,
    /// The logo's virtual path in the Typst world, and its alt text.
    pub logo: Option<LogoRef>,
    /// Committee the paper goes to.
    pub committee: Option<String>,
    /// Meeting date, British long form.
    pub date: Option<String>,
    /// Agenda item number.
    pub item: Option<String>,
    /// Schedule 12A paragraph when the paper is exempt.
    pub exempt: Option<String>,
    /// Typed cover details.
    pub cover: CoverView,
    /// The words the cover prints (papers.toml `[labels]`).
    pub labels: crate::model::config::Labels,
    /// Cover fields the template has no place for, shown under their own labels.
    pub extra: Vec<Field>,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// Numbered sections of the report.
    pub sections: Vec<Section>,
    /// The action plan of a standalone action plan or an EqIA (a committee report prints its
    /// `Actions` sheet as a numbered appendix instead).
    pub actions: Option<ActionPlan>,
    /// The equality impact assessment, when the workbook has an `Equality impact` sheet.
    pub equality: Option<EqualityAssessment>,
    /// Objectives of a strategy or plan, when the workbook has an `Objectives` sheet. They
    /// print after the section the Cover's `Objectives after` names, else after the last.
    pub objectives: Option<Objectives>,
    /// The Cover's `Foreword` (strategy documents).
    pub foreword: Option<String>,
    /// The foreword's heading: the Cover's `Foreword title`, else "Foreword" (strategy).
    pub foreword_title: String,
    /// Whether a strategy opens with a contents list (the Cover's `Contents`, Yes by default).
    pub contents: bool,
    /// The integrated impact assessment, when the workbook has one.
    pub impact: Option<ImpactAssessment>,
    /// Appendix tables, in workbook order.
    pub appendices: Vec<Appendix>,
    /// The PDF's creation date and `today()`: for a meeting's paper its date of publication;
    /// else the Cover's Date assessed or Status date, else the day the workbook was last saved
    /// (from its own properties), else its Meeting date.
    #[serde(skip)]
    pub dated: Option<Date>,
    /// A revision of a paper already published: the supplement it goes out in and the day.
    #[serde(skip)]
    pub revision: Option<(u32, Date)>,
}

/// Cover fields the committee-report template places itself.
const SHOWN: &[&str] = &[
    "Template",
    "Title",
    "Council",
    "Committee",
    "Meeting date",
    "Item",
    "Report of",
    "Subject",
    "Electoral divisions",
    "Wards",
    "Forward plan ref",
    "Key decision",
    "Purpose",
    "Recommendations",
    "Corporate priorities",
    "Financial implications",
    "Background documents",
    "Exempt",
    "Status date",
    "Foreword",
    "Objectives layout",
    "Objective heading",
    "Objectives after",
];

/// Cover fields only the strategy template places: its foreword's heading, its contents list.
const STRATEGY_FIELDS: &[&str] = &["Foreword title", "Contents"];

/// Templates that print the `Actions` sheet as their own part, not as an appendix.
const OWN_ACTIONS: &[&str] = &["action-plan", "equality-impact-assessment"];

/// Cover fields an impact assessment's header block shows.
const IMPACT_FIELDS: &[&str] = &[
    "Head of service",
    "Date assessed",
    "Description",
    "Report subject",
    "Committee date",
];

/// What a document of `template` titled `title` is, with its reference, when its title does not
/// say so already: the kind a reader hears above the title and the PDF title starts with.
fn kind_of(template: &str, title: &str, reference: Option<&str>) -> Option<String> {
    let says = |words: &[&str]| {
        let title = title.to_lowercase();
        words.iter().any(|w| title.contains(w))
    };
    match template {
        "impact-assessment" if !says(&["impact assessment"]) => {
            Some("Integrated impact assessment".to_owned())
        }
        "equality-impact-assessment" => Some(match reference {
            Some(r) => format!("Equality impact assessment {r}"),
            None => "Equality impact assessment".to_owned(),
        }),
        "action-plan" if !says(&["action plan"]) => Some("Action plan".to_owned()),
        "strategy" if !says(&["strategy", "plan", "charter", "policy", "framework"]) => {
            Some("Strategy".to_owned())
        }
        _ => None,
    }
}

/// Schedule 12A paragraphs (Local Government Act 1972, as amended in 2006).
pub use crate::model::exempt::EXEMPT_PARAGRAPHS;

impl Document {
    /// Builds the context from a workbook, recording every slip in `diags`.
    pub fn from_workbook(
        wb: &Workbook,
        config: &Config,
        diags: &mut Diagnostics,
    ) -> Option<Document> {
        let Some(cover_sheet) = wb.sheet("Cover") else {
            let d = diags.at(
                Some("Cover"),
                None,
                crate::base::diag::Severity::Error,
                "missing-sheet",
                "the workbook has no Cover sheet; every document needs one with at least a Title",
            );
            // A sheet named nearly so ("Covers", "Cover sheet") is most likely it.
            d.suggestion = wb
                .sheets
                .iter()
                .find(|s| crate::model::validate::meant_sheet(&s.name) == Some("Cover"))
                .map(|s| format!("rename sheet \"{}\" to \"Cover\"", s.name));
            return None;
        };
        let cover = Cover::read(cover_sheet, diags);
        let title = cover.get("Title");
        if title.is_none() {
            diags.error(
                &cover.sheet,
                cover.at("Title"),
                "missing-field",
                "the Cover has no Title",
            );
        }
        let template = cover
            .get("Template")
            .unwrap_or_else(|| "committee-report".to_owned());
        let template = match TEMPLATES.iter().find(|t| norm(t) == norm(&template)) {
            Some(t) => (*t).to_owned(),
            None if config.has_template(&template) => template,
            None => {
                let d = diags.error(
                    &cover.sheet,
                    cover.at("Template"),
                    "unknown-template",
                    format!(
                        "there is no template \"{template}\" (built in: {})",
                        TEMPLATES.join(", ")
                    ),
                );
                d.suggestion = crate::base::diag::nearest(&template, TEMPLATES.iter().copied())
                    .map(str::to_owned);
                template
            }
        };
        let meeting_date = cover.date("Meeting date", diags);
        let status_date = cover.date("Status date", diags);
        let assessed = cover.date("Date assessed", diags);
        let key_decision = cover.choice("Key decision", YES_NO, diags);
        let exempt = exempt_paragraph(&cover, diags);
        let (divisions_label, divisions) = match cover.get("Wards") {
            Some(w) if cover.get("Electoral divisions").is_none() => ("Wards".to_owned(), Some(w)),
            _ => (
                config.labels.divisions.clone(),
                cover.get("Electoral divisions"),
            ),
        };
        let view = CoverView {
            report_of: cover.get("Report of"),
            subject: cover.get("Subject"),
            divisions_label,
            divisions,
            forward_plan_ref: cover.get("Forward plan ref"),
            key_decision,
            purpose: cover.get("Purpose"),
            recommendations: cover
                .get("Recommendations")
                .map(|r| {
                    let cell = cover.at("Recommendations").unwrap_or_default();
                    numbering::list(
                        &r,
                        Place {
                            sheet: &cover.sheet,
                            cell: &cell,
                            what: "recommendation",
                        },
                        diags,
                    )
                })
                .unwrap_or_default(),
            corporate_priorities: cover.get("Corporate priorities"),
            financial_implications: cover.get("Financial implications"),
            background_documents: cover.get("Background documents"),
        };
        let objectives = wb
            .sheet("Objectives")
            .and_then(|s| Objectives::read(s, &cover, diags));
        let contacts = wb
            .sheet("Contacts")
            .map(|s| read_contacts(s, diags))
            .unwrap_or_default();
        // The strategy template prints its sections unnumbered: the author's numbers are kept.
        let numbered = template != "strategy";
        let mut sections = wb
            .sheet("Report")
            .map(|s| read_report(s, numbered, diags))
            .unwrap_or_default();
        if objectives.is_some() {
            place_objectives(&mut sections, &cover, diags);
        }
        let inserted = wb
            .sheet("Report")
            .map(|r| place_inserts(&mut sections, wb, &r.name, diags))
            .unwrap_or_default();
        if let Some(report) = wb.sheet("Report") {
            crate::model::report::empty_sections(&sections, &report.name, diags);
        }
        let impact = match wb.sheet("Impact assessment") {
            Some(sheet) => ImpactAssessment::read(
                sheet,
                wb.sheet("Impact recommendations"),
                &cover,
                config,
                diags,
            ),
            None => {
                if let Some(s) = wb.sheet("Impact recommendations") {
                    diags.warn(
                        &s.name,
                        None,
                        "unused-sheet",
                        "Impact recommendations without an Impact assessment sheet are left out",
                    );
                }
                None
            }
        };
        let mut shown: Vec<&str> = SHOWN.to_vec();
        if template == "strategy" {
            shown.extend(STRATEGY_FIELDS);
        }
        let contents = cover
            .choice("Contents", YES_NO, diags)
            .is_none_or(|c| c == "Yes");
        if impact.is_some() {
            shown.extend(IMPACT_FIELDS);
        }
        let actions_as_appendix = !OWN_ACTIONS.contains(&template.as_str());
        let status = status_date.or(meeting_date);
        let actions = if actions_as_appendix {
            None
        } else {
            wb.sheet("Actions")
                .and_then(|s| ActionPlan::read(s, status, diags))
        };
        if wb.sheet("Alignment").is_some() {
            shown.push("Alignment title");
        }
        if wb.sheet("Actions").is_some() {
            shown.push("Actions title");
        }
        let equality = wb.sheet("Equality impact").and_then(|s| {
            let plan = actions.clone().or_else(|| {
                wb.sheet("Actions")
                    .and_then(|a| ActionPlan::read(a, status, &mut Diagnostics::default()))
            });
            EqualityAssessment::read(s, &cover, config, plan.as_ref(), diags)
        });
        if equality.is_some() {
            shown.extend(crate::model::equality::FIELDS);
        }
        let appendices = read_appendices(
            wb,
            config,
            &cover,
            actions_as_appendix.then_some(status),
            &inserted,
            diags,
        );
        let title = title.unwrap_or_default();
        Some(Document {
            kind: kind_of(
                &template,
                &title,
                equality
                    .as_ref()
                    .and_then(|e| e.details.reference.as_deref()),
            ),
            template,
            title,
            council: cover.get("Council").or_else(|| config.council.clone()),
            logo: config.logo.as_ref().map(|l| LogoRef {
                path: format!(
                    "/logo.{}",
                    l.path
                        .extension()
                        .and_then(|e| e.to_str())
                        .unwrap_or("png")
                        .to_lowercase()
                ),
                alt: l.alt.clone(),
            }),
            committee: cover.get("Committee"),
            date: meeting_date.map(Date::long),
            item: cover
                .get("Item")
                .map(|i| numbering::read_item(i, &cover.sheet, cover.at("Item"), diags)),
            exempt,
            cover: view,
            labels: config.labels.clone(),
            extra: cover.others(&shown),
            contacts,
            sections,
            actions,
            objectives,
            foreword: cover.get("Foreword"),
            foreword_title: cover
                .get("Foreword title")
                .unwrap_or_else(|| "Foreword".to_owned()),
            contents,
            equality,
            impact,
            appendices,
            // A document of no meeting is dated by when it was made, never by a meeting to
            // come; a meeting's paper takes its date of publication (see the pipeline).
            dated: assessed.or(status_date).or(wb.modified).or(meeting_date),
            revision: None,
        })
    }

    /// The PDF's title: what the document is, its reference and its title ("Equality impact
    /// assessment EQIA-0042: Library opening hours", "Report to Cabinet, item 8: Reducing
    /// inequalities").
    pub fn pdf_title(&self) -> String {
        if let Some(kind) = &self.kind {
            return format!("{kind}: {}", self.title);
        }
        if self.template == "committee-report" {
            let to = self
                .committee
                .as_ref()
                .map(|c| format!(" to {c}"))
                .unwrap_or_default();
            let item = self
                .item
                .as_ref()
                .map(|i| format!(", item {i}"))
                .unwrap_or_default();
            return format!("Report{to}{item}: {}", self.title);
        }
        self.title.clone()
    }

    /// The PDF's author: the council, else the officer the paper is from (Report of, the
    /// EqIA's assessor, the impact assessment's head of service). Never the program.
    pub fn author(&self) -> Option<String> {
        let assessor = self.equality.as_ref().and_then(|e| {
            e.details
                .assessor
                .iter()
                .find(|(k, _)| k == "Name")
                .map(|(_, v)| v.clone())
        });
        let head = self
            .impact
            .as_ref()
            .and_then(|i| i.header.head_of_service.clone());
        let head = head.or_else(|| {
            self.equality
                .as_ref()
                .and_then(|e| e.details.head_of_service.clone())
        });
        self.council
            .clone()
            .or_else(|| self.cover.report_of.clone())
            .or(assessor)
            .or(head)
    }
}

/// Marks the section the objectives follow: the one the Cover's `Objectives after` names, or
/// the last. A name that matches no heading is reported with the nearest heading.
fn place_objectives(sections: &mut [Section], cover: &Cover, diags: &mut Diagnostics) {
    let Some(last) = sections.len().checked_sub(1) else {
        return;
    };
    let at = match cover.get("Objectives after") {
        None => last,
        Some(name) => match sections
            .iter()
            .position(|s| s.heading.as_deref().is_some_and(|h| norm(h) == norm(&name)))
        {
            Some(i) => i,
            None => {
                let d = diags.error(
                    &cover.sheet,
                    cover.at("Objectives after"),
                    "bad-value",
                    format!("Objectives after: \"{name}\" is not a heading of the Report sheet"),
                );
                d.suggestion = crate::base::diag::nearest(
                    &name,
                    sections.iter().filter_map(|s| s.heading.as_deref()),
                )
                .map(str::to_owned);
                last
            }
        },
    };
    sections[at].objectives_after = true;
}

/// The Cover's `Exempt`: blank or No for a public paper, else a Schedule 12A paragraph. A
/// label that may have been meant as Exempt ("Exempt?", "Exemption", "Confidential") is an
/// error, and the paper is treated as exempt: never published by mistake.
fn exempt_paragraph(cover: &Cover, diags: &mut Diagnostics) -> Option<String> {
    let mut exempt = None;
    for (label, _, at) in cover.labels() {
        if crate::model::exempt::label(label) != crate::model::exempt::Label::NearMiss {
            continue;
        }
        let d = diags.error(
            &cover.sheet,
            Some(at.to_owned()),
            "exempt-label",
            format!(
                "the field \"{}\" may mean Exempt; name it \"Exempt\" exactly (blank or No for a \
                public paper, else the Schedule 12A paragraph). Until then the paper is treated as \
                exempt",
                label.escape_debug()
            ),
        );
        d.suggestion = Some("Exempt".to_owned());
        exempt = Some("unknown".to_owned());
    }
    let Some(cell) = cover.cell("Exempt") else {
        return exempt;
    };
    // A formula with no stored value, an error or invisible characters is not blank.
    match crate::model::exempt::cell(cell) {
        Ok(None) => exempt,
        Ok(Some(p)) => Some(p),
        Err(why) => {
            diags.error(
                &cover.sheet,
                cover.at("Exempt"),
                "bad-value",
                format!("Exempt: {why}"),
            );
            // Treat a paper that says it is exempt, badly, as exempt: never publish it by mistake.
            Some("unknown".to_owned())
        }
    }
}

/// Reads the sheet each Report row's `Insert` cell names as a table printed at that row,
/// inside the report, rather than as an appendix. Only a sheet without a meaning of its own
/// can be inserted, once. Returns the inserted sheets' names.
fn place_inserts(
    sections: &mut [Section],
    wb: &Workbook,
    report: &str,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut inserted: Vec<(String, String)> = Vec::new();
    for paragraph in sections.iter_mut().flat_map(|s| s.paragraphs.iter_mut()) {
        let Some((name, at)) = paragraph.insert.clone() else {
            continue;
        };
        let Some(sheet) = wb.sheet(&name) else {
            let d = diags.error(
                report,
                Some(at),
                "bad-value",
                format!("Insert: the workbook has no sheet \"{name}\""),
            );
            d.suggestion =
                crate::base::diag::nearest(&name, wb.sheets.iter().map(|s| s.name.as_str()))
                    .map(str::to_owned);
            continue;
        };
        if crate::model::validate::CONTRACT_SHEETS
            .iter()
            .chain(KNOWN_SHEETS)
            .any(|k| norm(k) == norm(&sheet.name))
        {
            let hint = if norm(&sheet.name) == norm("Objectives") {
                "; the Cover's `Objectives after` places the objectives"
            } else {
                ""
            };
            diags.error(report, Some(at), "bad-value", format!(
                "Insert: \"{}\" has a layout of its own and cannot be printed inside the report; \
                    only a table sheet can{hint}",
                sheet.name
            ));
            continue;
        }
        if let Some((_, first)) = inserted.iter().find(|(n, _)| *n == norm(&sheet.name)) {
            diags.error(
                report,
                Some(at),
                "bad-value",
                format!("Insert: \"{}\" is already inserted at {first}", sheet.name),
            );
            continue;
        }
        if sheet.is_empty() {
            diags.warn(
                &sheet.name,
                None,
                "empty-sheet",
                "the sheet is empty and is left out",
            );
        } else {
            paragraph.table = Some(read_table(sheet, diags));
        }
        inserted.push((norm(&sheet.name), at));
    }
    inserted.into_iter().map(|(name, _)| name).collect()
}

/// Every sheet without a meaning of its own, as a numbered appendix table, but for the
/// sheets `inserted` in the report.
/// The `Actions` sheet is one when `actions` is given (with its status date), titled by the
/// Cover's `Actions title` when there is one.
fn read_appendices(
    wb: &Workbook,
    config: &Config,
    cover: &Cover,
    actions: Option<Option<Date>>,
    inserted: &[String],
    diags: &mut Diagnostics,
) -> Vec<Appendix> {
    let mut out = Vec::new();
    for sheet in &wb.sheets {
        if norm(&sheet.name) == norm("Actions") {
            let Some(status) = actions else { continue };
            let Some(plan) = ActionPlan::read(sheet, status, diags) else {
                continue;
            };
            let title = cover
                .get("Actions title")
                .or_else(|| {
                    Table::new(sheet)
                        .title
                        .as_deref()
                        .map(|a1| crate::model::appendix::split_title(a1).0)
                })
                .unwrap_or_else(|| "Action plan".to_owned());
            let n = out.len() + 1;
            let label = (!title.to_lowercase().starts_with("appendix"))
                .then(|| format!("Appendix {}", config.appendix_label(n)));
            out.push(Appendix {
                label,
                title,
                table: None,
                actions: Some(plan),
                alignment: None,
                sheet: sheet.name.clone(),
            });
            continue;
        }
        if norm(&sheet.name) == norm("Alignment") {
            let Some(matrix) = Alignment::read(sheet, diags) else {
                continue;
            };
            let title = cover
                .get("Alignment title")
                .unwrap_or_else(|| "Alignment with other strategies and plans".to_owned());
            let n = out.len() + 1;
            let label = (!title.to_lowercase().starts_with("appendix"))
                .then(|| format!("Appendix {}", config.appendix_label(n)));
            out.push(Appendix {
                label,
                title,
                table: None,
                actions: None,
                alignment: Some(matrix),
                sheet: sheet.name.clone(),
            });
            continue;
        }
        if KNOWN_SHEETS.iter().any(|k| norm(k) == norm(&sheet.name))
            || inserted.contains(&norm(&sheet.name))
        {
            continue;
        }
        if sheet.is_empty() {
            diags.warn(
                &sheet.name,
                None,
                "empty-sheet",
                "the sheet is empty and is left out",
            );
            continue;
        }
        let table = read_table(sheet, diags);
        let n = out.len() + 1;
        let label = (!table.title.to_lowercase().starts_with("appendix"))
            .then(|| format!("Appendix {}", config.appendix_label(n)));
        crate::model::validate::appendix_sheet(&sheet.name, label.as_deref(), diags);
        out.push(Appendix {
            label,
            title: table.title.clone(),
            table: Some(table),
            actions: None,
            alignment: None,
            sheet: sheet.name.clone(),
        });
    }
    appendix_numbers(&out, config, diags);
    out
}

/// An error for each appendix whose title gives it a number ("Appendix 1 - Fees") that
/// another appendix has too, by its own title or by Papers' numbering: two papers called
/// "Appendix 1" cannot both be referred to. Names both sheets.
fn appendix_numbers(appendices: &[Appendix], config: &Config, diags: &mut Diagnostics) {
    let numbers: Vec<(usize, bool)> = appendices
        .iter()
        .enumerate()
        .map(
            |(i, a)| match (&a.label, crate::model::appendix::own_number(&a.title)) {
                (None, Some(n)) => (n, true),
                _ => (i + 1, false),
            },
        )
        .collect();
    for (i, &(n, own)) in numbers.iter().enumerate() {
        if !own {
            continue;
        }
        let Some(j) = numbers
            .iter()
            .enumerate()
            .position(|(j, &(m, _))| m == n && j != i)
        else {
            continue;
        };
        let (this, other) = (&appendices[i], &appendices[j]);
        let theirs = match &other.label {
            Some(label) => format!("Papers numbers sheet \"{}\" {label}", other.sheet),
            None => format!("sheet \"{}\" is titled \"{}\"", other.sheet, other.title),
        };
        let d = diags.error(&this.sheet, Some("A1".to_owned()), "appendix-number", format!(
            "sheet \"{}\" is titled \"{}\", but {theirs}: two appendices would both be Appendix \
                {}; take the number out of the title and let Papers number the appendices in sheet \
                order, or put the sheets in the order of their numbers",
            this.sheet,
            this.title,
            config.appendix_label(n)
        ));
        d.suggestion = Some(crate::model::appendix::without_number(&this.title).to_owned());
    }
}
