//! The site's lists across meetings: the forward plan of key decisions and the meetings
//! calendar.

use std::collections::HashMap;

use crate::base::date::Date;
use crate::publish::site::gather::Site;
use crate::render::html::calendar::{self, Event};
use crate::render::html::pages::{Decision, ForwardPlanPage, encode_path, relative};
use crate::render::html::templates::HtmlTemplates;
use crate::run::survey::MeetingRead;

impl<'a> Site<'a> {
    /// The forward plan: every key decision, open or exempt.
    pub fn forward_plan_page(&mut self, templates: &HtmlTemplates) -> anyhow::Result<String> {
        self.read_all();
        let path = "output/forward-plan.html";
        let mut decisions = Vec::new();
        let plans: Vec<(usize, String)> = self
            .plans
            .iter()
            .map(|p| (p.read, p.path.clone()))
            .collect();
        let meetings: &'a [MeetingRead] = self.meetings;
        for (read, _) in &plans {
            let meeting = meetings[*read]
                .meeting
                .as_ref()
                .expect("planned meetings were read");
            for (i, item) in meeting.items.iter().enumerate() {
                let Some(rel) = item.report.as_deref() else {
                    continue;
                };
                let exempt = self.exemption(meeting, i);
                let Some(doc) = self.summary(rel) else {
                    continue;
                };
                if doc.key_decision.as_deref() != Some("Yes") {
                    continue;
                }
                let public = exempt.is_none();
                decisions.push(Decision {
                    // An exempt decision is named by its agenda title only, never its paper's.
                    title: if public {
                        doc.title.clone()
                    } else {
                        item.title
                            .clone()
                            .unwrap_or_else(|| "Exempt item".to_owned())
                    },
                    html: self
                        .twin_of(rel)
                        .filter(|_| public)
                        .map(|t| relative(path, &t.path)),
                    maker: meeting.committee.clone(),
                    date: meeting.date.long(),
                    iso_date: meeting.date.iso(),
                    reference: if public {
                        doc.forward_plan_ref.clone()
                    } else {
                        None
                    },
                    exempt,
                });
            }
        }
        let standalone: Vec<(String, String)> = self
            .twins
            .iter()
            .filter(|t| self.standalone(&t.input))
            .map(|t| (t.input.clone(), relative(path, &t.path)))
            .collect();
        for (input, html) in standalone {
            let Some(doc) = self
                .summary(&input)
                .filter(|d| d.key_decision.as_deref() == Some("Yes"))
            else {
                continue;
            };
            let date = doc.date.as_deref().and_then(Date::parse);
            decisions.push(Decision {
                title: doc.title.clone(),
                html: Some(html),
                maker: doc
                    .committee
                    .clone()
                    .unwrap_or_else(|| "Not given".to_owned()),
                date: doc.date.clone().unwrap_or_else(|| "Not given".to_owned()),
                iso_date: date.map(Date::iso).unwrap_or_default(),
                reference: doc.forward_plan_ref.clone(),
                exempt: None,
            });
        }
        // A key decision of no meeting whose paper is exempt (by its Cover) is listed, by
        // "Exempt item" and its paragraph only: its title, committee and date are its own
        // words, and stay out of the public pages.
        let kept: Vec<(String, String)> = self
            .stage
            .inputs
            .iter()
            .filter(|i| !i.place.in_meeting)
            .filter_map(|i| {
                let entry = self
                    .entries
                    .iter()
                    .find(|e| e.sources.first().is_some_and(|s| s.path == i.rel))?;
                let paragraph =
                    entry
                        .exempt
                        .as_ref()
                        .map(|x| x.paragraph.clone())
                        .or_else(|| {
                            (!entry.path.starts_with("output/")).then(|| "unknown".to_owned())
                        })?;
                Some((i.rel.clone(), paragraph))
            })
            .collect();
        for (input, paragraph) in kept {
            let key = self
                .summary(&input)
                .is_some_and(|d| d.key_decision.as_deref() == Some("Yes"));
            if key {
                decisions.push(Decision {
                    title: "Exempt item".to_owned(),
                    html: None,
                    maker: "Not published".to_owned(),
                    date: "Not published".to_owned(),
                    iso_date: String::new(),
                    reference: None,
                    exempt: Some(paragraph),
                });
            }
        }
        decisions.sort_by(|a, b| {
            (&a.iso_date, &a.maker, &a.title).cmp(&(&b.iso_date, &b.maker, &b.title))
        });
        let page = ForwardPlanPage {
            page: self.chrome(
                path,
                "Forward plan of key decisions".to_owned(),
                vec![self.home(path)],
            ),
            decisions,
        };
        templates.render("forward-plan", &page)
    }

    /// The meetings calendar, each event stamped with its page's date of publication.
    pub fn calendar(&self, published: &HashMap<String, Date>) -> String {
        let base = self
            .project
            .config
            .base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/').to_owned());
        // Every meeting with a page, and the meetings whose agenda is not yet published
        // (known, and on the index as such), with no page to link to yet.
        let drafts = self.meetings.iter().filter(|r| {
            !r.is_published()
                && r.untrusted.is_none()
                && !r.diags.iter().any(|d| d.is_error())
                && r.meeting
                    .as_ref()
                    .is_some_and(|m| m.date != crate::base::date::UNDATED)
        });
        let dated: Vec<(&crate::model::meeting::Meeting, &str, Option<String>, Date)> = self
            .plans
            .iter()
            .map(|p| {
                (
                    self.meeting(p),
                    self.meetings[p.read].file.folder(),
                    Some(p.path.clone()),
                    published.get(&p.path).copied().unwrap_or(self.today),
                )
            })
            .chain(drafts.filter_map(|r| {
                let m = r.meeting.as_ref()?;
                // A stamp that does not move from build to build: the meeting's own day.
                Some((m, r.file.folder(), None, m.date))
            }))
            .collect();
        let mut events: Vec<Event> = dated
            .into_iter()
            .map(|(m, folder, page, stamp)| Event {
                uid: calendar::uid(
                    m.council.as_deref(),
                    folder,
                    self.project.config.base_url.as_deref(),
                ),
                summary: match m.status.as_deref() {
                    Some(status @ ("Cancelled" | "Postponed")) => {
                        format!("{} ({})", m.committee, status.to_lowercase())
                    }
                    _ => m.committee.clone(),
                },
                // A moved meeting is at its new date; a postponed one is there too once it
                // has one, else it is cancelled on its old date.
                date: m.new_date.filter(|_| m.status.is_some()).unwrap_or(m.date),
                cancelled: m.status.as_deref() == Some("Cancelled")
                    || (m.status.as_deref() == Some("Postponed") && m.new_date.is_none()),
                sequence: u32::from(m.status.is_some()),
                time: m.time.clone(),
                end: m.end_time.clone(),
                location: m.venue.clone(),
                url: base.as_ref().zip(page.as_ref()).map(|(b, page)| {
                    format!("{b}/{}", encode_path(page.trim_start_matches("output/")))
                }),
                stamp,
            })
            .collect();
        events.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
        calendar::calendar(self.project.config.council.as_deref(), &events)
    }
}
