//! The status summary of an action plan as an accessible SVG bar chart: `role="img"` with a
//! `<title>` that gives every count in words, so the chart says all it shows to a screen
//! reader; the bars carry the counts as text too, so colour is never the only carrier.

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

/// Width of the label column and of the longest bar, and the height of a row, in SVG units.
const LABEL: u32 = 150;
const BAR: f64 = 260.0;
const ROW: u32 = 26;

/// The chart's SVG. `id` makes its title's id unique on the page.
pub fn svg(id: &str, bars: &[Bar], total: u64, date: Option<&str>) -> String {
    let mut words: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", b.category, b.count))
        .collect();
    if words.is_empty() {
        words.push("no actions".to_owned());
    }
    let as_at = date.map(|d| format!(" as at {d}")).unwrap_or_default();
    let plural = if total == 1 { "action" } else { "actions" };
    let title = format!("Status of {total} {plural}{as_at}: {}", words.join("; "));
    let height = ROW * bars.len().max(1) as u32 + 4;
    let width = LABEL + BAR as u32 + 50;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}\">{}</title>",
        text(&title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = ROW * i as u32 + 2;
        let length = (BAR * bar.share.clamp(0.0, 1.0))
            .round()
            .max(if bar.count > 0 { 2.0 } else { 0.0 });
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{ty}\" class=\"label\">{label}</text><rect x=\"{LABEL}\" y=\"{y}\" width=\"{length}\" height=\"{h}\" class=\"bar {class}\"/><text x=\"{cx}\" y=\"{ty}\" class=\"count\">{count}</text>",
            ty = y + 15,
            label = text(bar.category),
            h = ROW - 8,
            class = class_of(bar.category),
            cx = f64::from(LABEL) + length + 6.0,
            count = bar.count,
        );
    }
    out.push_str("</svg>");
    out
}

/// The CSS class of a category's bar (its colour), from a fixed set: the category's words
/// never reach an attribute.
fn class_of(category: &str) -> &'static str {
    let c = category.to_lowercase();
    if c.contains("complete") || c == "green" {
        "done"
    } else if c.contains("delay") || c.contains("risk") || c == "red" {
        "late"
    } else if c.contains("target") || c.contains("ongoing") || c == "amber" {
        "going"
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_gives_every_count_and_text_is_escaped() {
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
        ];
        let svg = svg("c1", &bars, 4, Some("1 May 2026"));
        assert!(svg.contains("<title id=\"c1\">Status of 4 actions as at 1 May 2026: On target: 3; &lt;b&gt;Late&lt;/b&gt;: 1</title>"), "{svg}");
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1\""));
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches("<rect").count(), 2);
    }
}
