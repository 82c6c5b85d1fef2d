//! What each web page shows: the typed contexts of the HTML templates (a paper's twin, a
//! meeting's page, the site index, the forward plan), and relative links between pages, so
//! the site works from `file://` and from any folder of any static host.

use serde::Serialize;

use crate::model::document::Document;

/// What every page has around its content.
#[derive(Debug, Clone, Serialize)]
pub struct Chrome {
    /// The way from the page up to the top of the site: "" or "../" (ends with `/`).
    pub root: String,
    /// The page's `<title>`.
    pub title: String,
    /// The council, in the header.
    pub council: Option<String>,
    /// The council's logo, in the header.
    pub logo: Option<Image>,
    /// The pages above this one, from the site index down (the breadcrumbs).
    pub trail: Vec<Link>,
}

/// An image with its alternative text.
#[derive(Debug, Clone, Serialize)]
pub struct Image {
    /// Its file, relative to the top of the site (`logo.svg`).
    pub src: String,
    /// What it shows, for screen readers.
    pub alt: String,
}

/// A link with its words.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Relative address.
    pub href: String,
    /// What the link says.
    pub text: String,
}

/// A link to a PDF, with what a reader should know before opening it.
#[derive(Debug, Clone, Serialize)]
pub struct PdfLink {
    /// Relative address.
    pub href: String,
    /// Page count.
    pub pages: Option<usize>,
    /// Size in KB (at least 1).
    pub kb: u64,
}

/// A paper's HTML twin.
#[derive(Debug, Serialize)]
pub struct PaperPage<'a> {
    /// Around the page.
    pub page: Chrome,
    /// The document, as its PDF was made from it.
    pub doc: &'a Document,
    /// "Committee report", "Equality impact assessment" ...
    pub kind: &'static str,
    /// Its PDF.
    pub pdf: PdfLink,
    /// Its meeting's page, if it is a meeting's paper.
    pub meeting: Option<Link>,
    /// A revised paper's note, and the version it replaced.
    pub revised: Option<(String, Link)>,
}

/// One agenda row of a meeting page.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaRow {
    /// Item number.
    pub item: String,
    /// The agenda's title (for an exempt item, never the paper's own).
    pub title: String,
    /// "Yes" or "No", from the paper's Cover (public papers only).
    pub key_decision: Option<String>,
    /// Forward plan reference (public papers only).
    pub forward_plan_ref: Option<String>,
    /// The paper's web page.
    pub html: Option<String>,
    /// The paper's PDF.
    pub pdf: Option<PdfLink>,
    /// The Schedule 12A paragraph of an exempt item.
    pub exempt: Option<String>,
    /// The report is to follow ("Report to follow", as the agenda pack says).
    pub follow: bool,
    /// The item is withdrawn.
    pub withdrawn: bool,
    /// The paper's date of publication, "5 January 2027", and the release that published
    /// it ("Supplement 1"), when it was published after the agenda pack.
    pub published: Option<String>,
    /// "Revised in Supplement 1, published 8 January 2027", when the paper was revised after
    /// publication.
    pub revised: Option<String>,
    /// The version a revision replaced, kept under its versioned name.
    pub earlier: Option<Link>,
    /// The notice of the decision taken on the item, once published.
    pub decision: Option<String>,
}

/// A pack of a meeting as its page lists it: the agenda pack or a supplement.
#[derive(Debug, Clone, Serialize)]
pub struct PackLink {
    /// "Agenda pack", "Supplement 1".
    pub name: String,
    /// The PDF.
    pub pdf: PdfLink,
    /// Its date of publication, "5 January 2027".
    pub published: String,
    /// The same, "2027-01-05".
    pub published_iso: String,
}

/// A meeting's page.
#[derive(Debug, Serialize)]
pub struct MeetingPage {
    /// Around the page.
    pub page: Chrome,
    /// The committee.
    pub committee: String,
    /// "Wednesday 4 November 2015".
    pub date: String,
    /// "2015-11-04".
    pub iso_date: String,
    /// Time, as written.
    pub time: Option<String>,
    /// Venue.
    pub venue: Option<String>,
    /// Members.
    pub members: Vec<String>,
    /// Who to contact.
    pub contact: Option<String>,
    /// The agenda.
    pub items: Vec<AgendaRow>,
    /// The public agenda pack.
    pub pack: Option<PdfLink>,
    /// The agenda pack and every supplement, with their dates of publication.
    pub releases: Vec<PackLink>,
    /// Whether there are supplements.
    pub supplements: bool,
    /// Cancelled, Postponed or Moved.
    pub status: Option<String>,
    /// The new date of a moved or postponed meeting, "Wednesday 27 January 2027".
    pub new_date: Option<String>,
    /// The meeting as schema.org `Event` JSON-LD, ready to print inside its script element
    /// (`<` escaped, so no text can close the element).
    pub json_ld: String,
    /// Why the public may be excluded, when items are exempt.
    pub note: Option<String>,
    /// Date of publication, "20 October 2015".
    pub published: String,
    /// The same, "2015-10-20".
    pub published_iso: String,
    /// After the meeting: who attended, by role ("Chair", "Cllr Ann Lee"), when recorded.
    pub attendance: Option<Vec<Labelled>>,
    /// After the meeting: the interests declared, as sentences, when recorded.
    pub declarations: Option<Vec<String>>,
    /// After the meeting: the minutes' page and PDF, and whether they are a draft or approved.
    pub minutes: Option<MinutesLink>,
}

/// A labelled line ("Chair": "Cllr Ann Lee").
#[derive(Debug, Clone, Serialize)]
pub struct Labelled {
    /// The label.
    pub label: String,
    /// What it labels.
    pub text: String,
}

/// A meeting's minutes, as its page links them.
#[derive(Debug, Clone, Serialize)]
pub struct MinutesLink {
    /// Their web page, relative to the meeting page.
    pub html: String,
    /// Their PDF, relative to the meeting page.
    pub pdf: String,
    /// "DRAFT - subject to approval", or "Approved on 17 June 2026".
    pub status: String,
}

/// A meeting as a schema.org `Event` in JSON-LD: its name, start date (and time, where the
/// Time can be read), location, status and address, for re-users and search engines. Every
/// `<` is written `\u003c`, so no text can end the script element it sits in.
pub fn event_json_ld(
    name: &str,
    start: &str,
    location: Option<&str>,
    status: Option<&str>,
    url: Option<&str>,
) -> String {
    let status = match status {
        Some("Cancelled") => "https://schema.org/EventCancelled",
        Some("Postponed") => "https://schema.org/EventPostponed",
        Some("Moved") => "https://schema.org/EventRescheduled",
        _ => "https://schema.org/EventScheduled",
    };
    let mut event = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name,
        "startDate": start,
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    });
    if let Some(place) = location {
        event["location"] = serde_json::json!({"@type": "Place", "name": place, "address": place});
    }
    if let Some(url) = url {
        event["url"] = serde_json::json!(url);
    }
    event
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A meeting as the site index lists it.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingSummary {
    /// The meeting's page (none while its agenda is not published).
    pub href: Option<String>,
    /// Cancelled, Postponed or Moved.
    pub status: Option<String>,
    /// "Wednesday 4 November 2015".
    pub date: String,
    /// "2015-11-04".
    pub iso_date: String,
    /// Time, as written.
    pub time: Option<String>,
}

/// A committee's meetings on the site index.
#[derive(Debug, Clone, Serialize)]
pub struct CommitteeMeetings {
    /// The committee.
    pub name: String,
    /// Meetings on or after the day of the build, soonest first.
    pub upcoming: Vec<MeetingSummary>,
    /// Meetings before it, latest first.
    pub past: Vec<MeetingSummary>,
}

/// A standalone document on the site index.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    /// Its title.
    pub title: String,
    /// "Strategy", "Equality impact assessment" ...
    pub kind: &'static str,
    /// Its web page.
    pub html: String,
    /// Its PDF.
    pub pdf: PdfLink,
}

/// The site index.
#[derive(Debug, Serialize)]
pub struct IndexPage {
    /// Around the page.
    pub page: Chrome,
    /// Meetings by committee, committees by name.
    pub committees: Vec<CommitteeMeetings>,
    /// Documents that belong to no meeting.
    pub documents: Vec<DocumentSummary>,
}

/// A key decision on the forward plan.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// The paper's title, or for an exempt item its agenda title only.
    pub title: String,
    /// The paper's web page (public decisions only).
    pub html: Option<String>,
    /// The decision maker: the committee.
    pub maker: String,
    /// "4 November 2015".
    pub date: String,
    /// "2015-11-04".
    pub iso_date: String,
    /// Forward plan reference.
    pub reference: Option<String>,
    /// The Schedule 12A paragraph when the decision is taken in private.
    pub exempt: Option<String>,
}

/// The forward plan page.
#[derive(Debug, Serialize)]
pub struct ForwardPlanPage {
    /// Around the page.
    pub page: Chrome,
    /// Key decisions, by date.
    pub decisions: Vec<Decision>,
}

/// The stylesheet's context: the house accent.
#[derive(Debug, Serialize)]
pub struct Style {
    /// `#rrggbb`, checked for contrast when papers.toml was read.
    pub accent: String,
    /// The accent for text on the pages' tint (`--shade`): the accent, darkened where it
    /// would fall under 4.5:1 against the tint.
    pub accent_on_shade: String,
}

/// The tint of the pages' shaded parts (`--shade` in papers.css).
pub const SHADE: [u8; 3] = [0xf3, 0xf2, 0xf1];

impl Style {
    /// The stylesheet's context for the house accent `accent` (`#rrggbb`).
    pub fn new(accent: &str) -> Style {
        use crate::model::config::{contrast, parse_hex};
        let on_shade = parse_hex(accent).map_or_else(
            || accent.to_owned(),
            |mut rgb| {
                // Darkened a step at a time towards black, which has 18:1 against the tint.
                while contrast(rgb, SHADE) < 4.5 && rgb != [0, 0, 0] {
                    rgb = rgb.map(|c| (f64::from(c) * 0.92).floor() as u8);
                }
                format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
            },
        );
        Style {
            accent: accent.to_owned(),
            accent_on_shade: on_shade,
        }
    }
}

/// What kind of document a template makes, in words.
pub fn kind(template: &str) -> &'static str {
    match template {
        "committee-report" => "Committee report",
        "impact-assessment" => "Integrated impact assessment",
        "equality-impact-assessment" => "Equality impact assessment",
        "strategy" => "Strategy",
        "action-plan" => "Action plan",
        _ => "Document",
    }
}

/// The address of `to` relative to the page `from` (both paths of the site, such as
/// `output/m/index.html` and `output/m/p.pdf`), percent-encoded: a file `report#1.pdf` or a
/// folder `Cabinet 4?` is linked as itself, never as a fragment or a query.
pub fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let to: Vec<&str> = to.split('/').collect();
    let dirs = &from[..from.len() - 1];
    let common = dirs
        .iter()
        .zip(&to[..to.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(dirs.len() - common);
    out.push_str(&encode_path(&to[common..].join("/")));
    out
}

/// A path of the site as the path of an address: every byte of each `/`-separated segment
/// percent-encoded (RFC 3986) but letters, digits and `-._~`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The way from a page up to the top of the site (`output/`): "" or "../../".
pub fn root_of(page: &str) -> String {
    "../".repeat(page.split('/').count().saturating_sub(2))
}

/// A file's size in KB, rounded up, as a link to it says.
pub fn kb(bytes: u64) -> u64 {
    bytes.div_ceil(1024).max(1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn event_json_ld_is_data_no_text_can_end_its_element() {
        let ld = super::event_json_ld(
            "Cabinet </script><script>alert(1)</script>",
            "2027-01-14T17:30",
            Some("Hall & \"Room\""),
            Some("Moved"),
            None,
        );
        assert!(
            !ld.contains('<') && !ld.contains('>') && !ld.contains('&'),
            "{ld}"
        );
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["name"], "Cabinet </script><script>alert(1)</script>");
        assert_eq!(v["eventStatus"], "https://schema.org/EventRescheduled");
        assert_eq!(v["location"]["name"], "Hall & \"Room\"");
    }

    use super::*;

    #[test]
    fn links_are_relative() {
        assert_eq!(relative("output/m/index.html", "output/m/p.pdf"), "p.pdf");
        assert_eq!(
            relative("output/index.html", "output/m/index.html"),
            "m/index.html"
        );
        assert_eq!(
            relative("output/a/b/x.html", "output/a/index.html"),
            "../index.html"
        );
        assert_eq!(relative("output/a/x.html", "output/b/y.pdf"), "../b/y.pdf");
        assert_eq!(root_of("output/index.html"), "");
        assert_eq!(root_of("output/a/b/x.html"), "../../");
        assert_eq!(
            relative("output/a b/index.html", "output/a b/report#1.pdf"),
            "report%231.pdf"
        );
        assert_eq!(
            relative("output/index.html", "output/Cabinet 4?/index.html"),
            "Cabinet%204%3F/index.html"
        );
        assert_eq!(
            relative("output/x/index.html", "output/Ŵ%&/p.pdf"),
            "../%C5%B4%25%26/p.pdf"
        );
        assert_eq!(kb(1), 1);
        assert_eq!(kb(2049), 3);
    }
}

#[cfg(test)]
mod style_tests {
    use super::*;
    use crate::model::config::{contrast, contrast_with_white, parse_hex};

    #[test]
    fn the_accent_on_the_tint_keeps_4_5_to_1() {
        // The default accent has contrast to spare: kept as it is.
        assert_eq!(Style::new("#1f4e79").accent_on_shade, "#1f4e79");
        // An accent just over 4.5:1 against white falls under it on the tint: darkened.
        let close = [0x76, 0x76, 0x76];
        assert!(contrast_with_white(close) >= 4.5 && contrast(close, SHADE) < 4.5);
        let style = Style::new("#767676");
        assert_eq!(style.accent, "#767676");
        let on = parse_hex(&style.accent_on_shade).unwrap();
        assert!(contrast(on, SHADE) >= 4.5, "{}", style.accent_on_shade);
        assert!(contrast(on, SHADE) < 5.5, "darkened no more than it needs");
    }
}
