//! The status summary of an action plan as a bar chart in HTML: a table whose row headers are
//! the status categories and whose cells hold each one's bar and count, so a screen reader
//! hears "Complete, 3" and the counts are text beside the bars, never on them. The bars are
//! decoration (hidden from assistive technology), coloured as the PDF's are, and their text
//! is the page's own text, so it keeps its size and reflows at 320 CSS pixels.

use std::fmt::Write as _;

use crate::render::html::escape::text;

/// One bar: the status category, its count and its length as a share of the longest bar.
pub struct Bar<'a> {
    /// "On target", "Complete" ...
    pub category: &'a str,
    /// How many actions.
    pub count: u64,
    /// 0 to 1.
    pub share: f64,
}

/// The longest bar, as a percentage of its cell: the rest keeps the count clear of it.
const LONGEST: f64 = 80.0;

/// The chart's HTML. `id` makes its caption's id unique on the page.
pub fn html(id: &str, bars: &[Bar], total: u64, date: Option<&str>) -> String {
    let as_at = date.map(|d| format!(" as at {d}")).unwrap_or_default();
    let plural = if total == 1 { "action" } else { "actions" };
    let caption = format!("Status of {total} {plural}{as_at}");
    let mut out = String::new();
    let _ = write!(
        out,
        "<table class=\"status-chart\"><caption id=\"{id}\" class=\"vh\">{}</caption><tbody>",
        text(&caption)
    );
    if bars.is_empty() {
        out.push_str("<tr><th scope=\"row\">No actions</th><td>0</td></tr>");
    }
    for bar in bars {
        let width = (LONGEST * bar.share.clamp(0.0, 1.0) * 10.0).round() / 10.0;
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{label}</th><td><span class=\"bar-line\"><span class=\"bar \
                {class}\" style=\"width: {width}%\" aria-hidden=\"true\"></span><span \
                class=\"count\">{count}</span></span></td></tr>",
            label = text(bar.category),
            class = class_of(bar.category),
            count = bar.count,
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// The CSS class of a category's bar (its colour, the PDF's `status-colour`), from a fixed
/// set: the category's words never reach an attribute.
fn class_of(category: &str) -> &'static str {
    let c = category.to_lowercase();
    let starts = |words: &[&str]| words.iter().any(|w| c.starts_with(w));
    if starts(&["complete", "green", "on target"]) {
        "done"
    } else if starts(&["amber", "delayed"]) {
        "amber"
    } else if starts(&["red", "at risk"]) {
        "late"
    } else if starts(&["ongoing"]) {
        "going"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_count_is_text_beside_its_bar_and_text_is_escaped() {
        let bars = [
            Bar {
                category: "On target",
                count: 3,
                share: 1.0,
            },
            Bar {
                category: "<b>Late</b>",
                count: 1,
                share: 0.333,
            },
            Bar {
                category: "Amber",
                count: 2,
                share: 0.667,
            },
        ];
        let html = html("c1", &bars, 6, Some("1 May 2026"));
        assert!(
            html.contains(
                "<caption id=\"c1\" class=\"vh\">Status of 6 actions as at 1 May 2026</caption>"
            ),
            "{html}"
        );
        assert!(html.contains("<th scope=\"row\">&lt;b&gt;Late&lt;/b&gt;</th>"));
        assert!(html.contains(
            "class=\"bar done\" style=\"width: 80%\" \
            aria-hidden=\"true\"></span><span class=\"count\">3</span>"
        ));
        assert!(html.contains("class=\"bar amber\""), "{html}");
        assert!(!html.contains("<b>"));
    }
}
