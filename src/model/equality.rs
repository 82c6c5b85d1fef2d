//! The equality impact assessment (seed 003): the `Equality impact` sheet (Group, Impact,
//! Explanation), which must cover the nine protected characteristics of the Equality Act
//! 2010, and the form's details from the Cover.

use serde::Serialize;

use crate::base::diag::{Diagnostics, nearest};
use crate::model::actions::ActionPlan;
use crate::model::config::{Config, PROTECTED_CHARACTERISTICS};
use crate::model::cover::Cover;
use crate::workbook::{Sheet, Table, cell_ref, norm};

/// The impacts an EqIA may record.
pub const IMPACTS: [&str; 3] = ["Positive", "Neutral", "Negative"];

/// Cover fields the EqIA form shows in their own places.
pub const FIELDS: &[&str] = &[
    "Reference",
    "Assessor name",
    "Assessor job title",
    "Directorate",
    "Service",
    "Team",
    "Proposal",
    "Business plan proposal number",
    "Description",
    "Policy type",
    "Supports committee paper",
    "Impact foreseeable",
    "Positive and negative impacts explained",
    "Evidence and analysis",
    "Mitigating actions",
    "Action plan",
    "Super-user engaged",
    "Head of service",
    "Head of service email",
    "Status",
];

/// One group's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupImpact {
    /// The group as written ("Marriage/Civil Partnership").
    pub group: String,
    /// Positive, Neutral, Negative, or "Not assessed".
    pub impact: String,
    /// The explanation.
    pub explanation: String,
    /// Whether it is one of the nine protected characteristics.
    pub protected: bool,
}

/// The form's details, from the Cover.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EqiaDetails {
    /// Reference ("EQIA-01497").
    pub reference: Option<String>,
    /// Who did the assessment: (label, value) rows, in the form's order.
    pub assessor: Vec<(String, String)>,
    /// The proposal being assessed.
    pub proposal: Option<String>,
    /// Business plan proposal number.
    pub proposal_number: Option<String>,
    /// Name and description of the policy.
    pub description: Option<String>,
    /// What type of policy it is.
    pub policy_type: Option<String>,
    /// Whether it supports a committee paper or business case.
    pub supports_committee_paper: Option<String>,
    /// Whether an impact on a protected group is foreseeable.
    pub impact_foreseeable: Option<String>,
    /// The positive and negative impacts explained.
    pub impacts_explained: Option<String>,
    /// Evidence and analysis.
    pub evidence: Option<String>,
    /// Mitigating actions.
    pub mitigation: Option<String>,
    /// The action plan's introduction.
    pub action_plan: Option<String>,
    /// Whether an EqIA super-user was engaged.
    pub super_user: Option<String>,
    /// Approval: head of service.
    pub head_of_service: Option<String>,
    /// Approval: head of service's email.
    pub head_of_service_email: Option<String>,
    /// Approval status.
    pub status: Option<String>,
    /// The day the assessment was made ("4 November 2015"), from the Cover's Date assessed.
    pub date_assessed: Option<String>,
}

/// The whole assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EqualityAssessment {
    /// The form's details.
    pub details: EqiaDetails,
    /// The groups, in sheet order.
    pub groups: Vec<GroupImpact>,
}

/// A group name reduced for matching: "Marriage/Civil Partnership" and "marriage and civil
/// partnership" are the same group, as are "Religion/Belief" and "Religion or belief".
fn group_key(name: &str) -> String {
    norm(name)
        .replace(['/', '&'], " ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "and" | "or"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The impact word of a cell: "Positive" or "Positive impact"; `Err` with the text otherwise.
fn impact_word(text: &str) -> Result<Option<&'static str>, String> {
    let t = norm(text);
    let t = t.strip_suffix(" impact").unwrap_or(&t).trim();
    if t.is_empty() {
        return Ok(None);
    }
    IMPACTS
        .iter()
        .find(|w| norm(w) == t)
        .map(|w| Some(*w))
        .ok_or_else(|| text.to_owned())
}

impl EqualityAssessment {
    /// Reads the `Equality impact` sheet and checks it against the nine protected
    /// characteristics, the council's local groups and the action plan.
    pub fn read(
        sheet: &Sheet,
        cover: &Cover,
        config: &Config,
        actions: Option<&ActionPlan>,
        diags: &mut Diagnostics,
    ) -> Option<EqualityAssessment> {
        let table = Table::new(sheet);
        let [group_col, impact_col] =
            table.require_with(["Group", "Impact"], &["Explanation"], diags)?;
        let explanation_col = table.column("Explanation");
        let mut groups = Vec::new();
        // Every group with a row, even one whose row has a slip: that slip is the one error,
        // not also "no row for" the group.
        let mut named: Vec<String> = Vec::new();
        let mut last_row = table.header_row;
        for r in table.rows() {
            last_row = r;
            let group = table.text(r, group_col);
            if group.is_empty() {
                diags.error(
                    &sheet.name,
                    Some(cell_ref(r, group_col)),
                    "missing-value",
                    "a row with no Group",
                );
                continue;
            }
            named.push(group_key(&group));
            let text = table.text(r, impact_col);
            let impact = match impact_word(&text) {
                Ok(Some(w)) => w.to_owned(),
                Ok(None) => {
                    diags.warn(
                        &sheet.name,
                        Some(cell_ref(r, impact_col)),
                        "not-assessed",
                        format!("{group}: no impact given; it prints as \"Not assessed\""),
                    );
                    "Not assessed".to_owned()
                }
                Err(text) => {
                    let d = diags.error(
                        &sheet.name,
                        Some(cell_ref(r, impact_col)),
                        "bad-value",
                        format!("Impact: \"{text}\" is not one of Positive, Neutral, Negative"),
                    );
                    d.suggestion = nearest(&text, IMPACTS).map(str::to_owned);
                    continue;
                }
            };
            if impact == "Negative" {
                let key = group_key(&group);
                let mitigated = actions.is_some_and(|plan| {
                    plan.actions().any(|(ws, _)| {
                        let ws = group_key(ws);
                        ws == key || ws.contains(&key)
                    })
                });
                if !mitigated {
                    let message = format!(
                        "{group} has a Negative impact but no mitigating action: add a row to the \
                            Actions sheet whose Workstream is \"{group}\""
                    );
                    let at = Some(cell_ref(r, impact_col));
                    diags.error(&sheet.name, at, "unmitigated-negative", message);
                }
            }
            let protected = PROTECTED_CHARACTERISTICS
                .iter()
                .any(|p| group_key(p) == group_key(&group));
            groups.push(GroupImpact {
                group,
                impact,
                explanation: explanation_col
                    .map(|c| table.text(r, c))
                    .unwrap_or_default(),
                protected,
            });
        }
        for required in PROTECTED_CHARACTERISTICS
            .iter()
            .map(|s| s.to_string())
            .chain(config.eqia_groups.iter().cloned())
        {
            if !named.contains(&group_key(&required)) {
                let whose = if PROTECTED_CHARACTERISTICS.contains(&required.as_str()) {
                    " of the Equality Act 2010"
                } else {
                    " and the council's local groups (papers.toml eqia_groups)"
                };
                let message = format!(
                    "no row for \"{required}\": an EqIA assesses every protected \
                        characteristic{whose}"
                );
                let at = Some(cell_ref(last_row + 1, group_col));
                let d = diags.error(&sheet.name, at, "missing-group", message);
                d.suggestion = Some(required);
            }
        }
        let assessor = [
            ("Name", "Assessor name"),
            ("Job title", "Assessor job title"),
            ("Directorate", "Directorate"),
            ("Service", "Service"),
            ("Team", "Team"),
        ]
        .iter()
        .filter_map(|(label, field)| cover.get(field).map(|v| ((*label).to_owned(), v)))
        .collect();
        let details = EqiaDetails {
            reference: cover.get("Reference"),
            assessor,
            proposal: cover.get("Proposal").or_else(|| cover.get("Title")),
            proposal_number: cover.get("Business plan proposal number"),
            description: cover.get("Description"),
            policy_type: cover.get("Policy type"),
            supports_committee_paper: cover.get("Supports committee paper"),
            impact_foreseeable: cover.get("Impact foreseeable"),
            impacts_explained: cover.get("Positive and negative impacts explained"),
            evidence: cover.get("Evidence and analysis"),
            mitigation: cover.get("Mitigating actions"),
            action_plan: cover.get("Action plan"),
            super_user: cover.get("Super-user engaged"),
            head_of_service: cover.get("Head of service"),
            head_of_service_email: cover.get("Head of service email"),
            status: cover.get("Status"),
            // Its slips are the document's to report (it dates the PDF too); read quietly.
            date_assessed: cover
                .date("Date assessed", &mut Diagnostics::new(&cover.sheet))
                .map(crate::base::date::Date::long),
        };
        Some(EqualityAssessment { details, groups })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Cell;

    fn sheet(rows: &[[&str; 3]]) -> Sheet {
        let mut all = vec![vec![
            Cell::Text("Group".into()),
            Cell::Text("Impact".into()),
            Cell::Text("Explanation".into()),
        ]];
        all.extend(
            rows.iter()
                .map(|r| r.iter().map(|c| Cell::Text((*c).into())).collect()),
        );
        Sheet {
            name: "Equality impact".into(),
            rows: all,
            merges: vec![],
            bold: Vec::new(),
        }
    }

    fn nine(except: &str) -> Vec<[&'static str; 3]> {
        PROTECTED_CHARACTERISTICS
            .iter()
            .filter(|p| **p != except)
            .map(|p| [*p, "Neutral impact", ""])
            .collect()
    }

    #[test]
    fn groups_match_as_the_forms_write_them() {
        assert_eq!(
            group_key("Marriage/Civil Partnership"),
            group_key("Marriage and civil partnership")
        );
        assert_eq!(
            group_key("Religion/Belief"),
            group_key("Religion or belief")
        );
        assert_eq!(impact_word("Positive impact"), Ok(Some("Positive")));
    }

    #[test]
    fn a_missing_characteristic_and_an_unmitigated_negative_are_errors() {
        let mut rows = nine("Sex");
        rows.push(["Rurality", "Negative", "Fewer buses"]);
        rows.push(["Age", "Postive", ""]);
        let mut diags = Diagnostics::new("x.xlsx");
        let ea = EqualityAssessment::read(
            &sheet(&rows),
            &Cover::default(),
            &Config::default(),
            None,
            &mut diags,
        )
        .unwrap();
        assert_eq!(ea.groups.len(), 9);
        let codes: Vec<_> = diags
            .list
            .iter()
            .map(|d| (d.code, d.suggestion.clone()))
            .collect();
        assert!(codes.contains(&("unmitigated-negative", None)), "{codes:?}");
        assert!(
            codes.contains(&("bad-value", Some("Positive".into()))),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("missing-group", Some("Sex".into()))),
            "{codes:?}"
        );
    }
}
