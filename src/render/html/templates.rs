//! Handlebars templates that emit HTML: built into the binary, overridable file by file from
//! the project's `templates/html/`, with HTML escaping as the engine's default.

use std::path::Path;

use anyhow::bail;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde::Serialize;

use crate::render::html::{chart, escape};
use crate::render::overrides::text_param;

/// The built-in HTML templates, compiled in: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "layout.html.hbs",
        include_str!("../../../templates/html/layout.html.hbs"),
    ),
    (
        "paper.html.hbs",
        include_str!("../../../templates/html/paper.html.hbs"),
    ),
    (
        "cover.html.hbs",
        include_str!("../../../templates/html/cover.html.hbs"),
    ),
    (
        "body.html.hbs",
        include_str!("../../../templates/html/body.html.hbs"),
    ),
    (
        "data-table.html.hbs",
        include_str!("../../../templates/html/data-table.html.hbs"),
    ),
    (
        "impact.html.hbs",
        include_str!("../../../templates/html/impact.html.hbs"),
    ),
    (
        "actions.html.hbs",
        include_str!("../../../templates/html/actions.html.hbs"),
    ),
    (
        "alignment.html.hbs",
        include_str!("../../../templates/html/alignment.html.hbs"),
    ),
    (
        "equality.html.hbs",
        include_str!("../../../templates/html/equality.html.hbs"),
    ),
    (
        "objectives.html.hbs",
        include_str!("../../../templates/html/objectives.html.hbs"),
    ),
    (
        "contacts.html.hbs",
        include_str!("../../../templates/html/contacts.html.hbs"),
    ),
    (
        "appendices.html.hbs",
        include_str!("../../../templates/html/appendices.html.hbs"),
    ),
    (
        "meeting.html.hbs",
        include_str!("../../../templates/html/meeting.html.hbs"),
    ),
    (
        "index.html.hbs",
        include_str!("../../../templates/html/index.html.hbs"),
    ),
    (
        "forward-plan.html.hbs",
        include_str!("../../../templates/html/forward-plan.html.hbs"),
    ),
    (
        "decisions.html.hbs",
        include_str!("../../../templates/html/decisions.html.hbs"),
    ),
    (
        "decision.html.hbs",
        include_str!("../../../templates/html/decision.html.hbs"),
    ),
    (
        "minutes.html.hbs",
        include_str!("../../../templates/html/minutes.html.hbs"),
    ),
    (
        "papers.css.hbs",
        include_str!("../../../templates/html/papers.css.hbs"),
    ),
];

/// The HTML template set of a project: the built-ins with the project's files laid over them.
pub struct HtmlTemplates {
    /// Compiled on first use: a rebuild with no page to make compiles nothing.
    registry: std::sync::OnceLock<Handlebars<'static>>,
    /// Each file's name and text and whether the project overrode it.
    pub files: Vec<(String, String, bool)>,
}

/// A registry of `files` with HTML escaping and the helpers; errors name the file and line.
fn compile(files: &[(String, String, bool)]) -> anyhow::Result<Handlebars<'static>> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(escape::text);
    registry.register_helper("md", Box::new(markdown_helper));
    registry.register_helper("mdb", Box::new(markdown_blocks_helper));
    registry.register_helper("inc", Box::new(inc_helper));
    registry.register_helper("status-chart", Box::new(chart_helper));
    registry.register_helper("concat", Box::new(concat_helper));
    registry.register_helper("list-type", Box::new(list_type_helper));
    registry.register_helper("page-title", Box::new(page_title_helper));
    for (name, text, overridden) in files {
        let key = name.trim_end_matches(".hbs").trim_end_matches(".html");
        if let Err(e) = registry.register_template_string(key, text) {
            let place =
                crate::render::overrides::place(*overridden, name, "templates/html", "html/");
            let at = e
                .pos()
                .map(|(line, col)| format!(":{line}:{col}"))
                .unwrap_or_default();
            bail!("{place}{at}: {}", e.reason());
        }
    }
    Ok(registry)
}

impl HtmlTemplates {
    /// Loads the built-in templates and the project's overrides from `dir`
    /// (`templates/html/`, if it exists).
    pub fn load(dir: &Path) -> anyhow::Result<HtmlTemplates> {
        let project = dir.parent().and_then(Path::parent).unwrap_or(dir);
        let files =
            crate::render::overrides::files(BUILTIN, dir, "templates/html", project, |n| {
                n.ends_with(".html.hbs") || n.ends_with(".css.hbs")
            })?;
        // A project's own template that does not parse is a configuration error now, not
        // at the first page that uses it.
        let own: Vec<(String, String, bool)> =
            files.iter().filter(|(_, _, o)| *o).cloned().collect();
        if !own.is_empty() {
            compile(&own)?;
        }
        Ok(HtmlTemplates {
            registry: std::sync::OnceLock::new(),
            files,
        })
    }

    /// The compiled templates (all of them, the first time a page is rendered).
    fn registry(&self) -> &Handlebars<'static> {
        self.registry.get_or_init(|| {
            compile(&self.files).expect(
                "the project's templates were compiled on loading and the built-in ones compile",
            )
        })
    }

    /// Renders the named template (`paper`, `meeting`, `papers.css` ...) with `data`. Errors
    /// name the template file and line.
    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> anyhow::Result<String> {
        self.registry().render(name, data).map_err(|e| {
            let key = e.template_name.as_deref().unwrap_or(name);
            let file = if key.ends_with(".css") {
                format!("{key}.hbs")
            } else {
                format!("{key}.html.hbs")
            };
            crate::render::overrides::render_error(
                &self.files,
                &e,
                &file,
                "templates/html",
                "html/",
            )
        })
    }

    /// The text of every template file, for change detection.
    pub fn fingerprint(&self) -> String {
        crate::render::overrides::fingerprint(&self.files)
    }
}

/// Writes the built-in HTML templates into `dir` (a project's `templates/html/`) for
/// editing; refuses, before writing anything, if any of them is already there.
pub fn eject(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    crate::render::overrides::eject(BUILTIN, dir)
}

/// Refuses if any built-in HTML template is already in `dir`.
pub fn refuse_existing(dir: &Path) -> anyhow::Result<()> {
    crate::render::overrides::refuse_existing(BUILTIN, dir)
}

/// `{{md text}}`: the Markdown subset, built from escaped pieces.
fn markdown_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&escape::markdown(&text_param(h, "md")?))?;
    Ok(())
}

/// `{{mdb text}}`: the Markdown subset where blocks belong, its prose always a paragraph.
fn markdown_blocks_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&escape::markdown_blocks(&text_param(h, "mdb")?))?;
    Ok(())
}

/// `{{inc n}}`: a heading level one deeper than `n` (at most 6).
fn inc_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let text = text_param(h, "inc")?;
    let n: u8 = text
        .parse()
        .map_err(|_| RenderErrorReason::Other(format!("inc: \"{text}\" is not a heading level")))?;
    out.write(&(n + 1).min(6).to_string())?;
    Ok(())
}

/// `{{page-title title council}}`: a page's `<title>`, naming the council ("Cabinet, 4 March
/// 2026 - Borough of Testham"), so that two councils' pages never share a title; once, when
/// the title already ends with it.
fn page_title_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let title = text_param(h, "page-title")?;
    let council = h
        .param(1)
        .and_then(|p| p.value().as_str())
        .map(str::trim)
        .filter(|c| !c.is_empty());
    out.write(&escape::text(&page_title(&title, council)))?;
    Ok(())
}

/// A page title with the council's name after it, unless it ends with it already.
pub fn page_title(title: &str, council: Option<&str>) -> String {
    match council {
        Some(c) if !title.ends_with(c) => format!("{title} - {c}"),
        _ => title.to_owned(),
    }
}

/// `{{concat a b ...}}`: the parameters joined as text (ids unique on a page).
fn concat_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let joined: String = h
        .params()
        .iter()
        .map(|p| {
            p.value()
                .as_str()
                .map_or_else(|| p.value().to_string(), str::to_owned)
        })
        .collect();
    out.write(&joined)?;
    Ok(())
}

/// `{{list-type numbering}}`: the `<ol type>` of a list numbered as the PDF numbers it
/// ("1.", or the author's "a)", "(a)", "i." ...): numbers, letters or roman numerals.
fn list_type_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let numbering = text_param(h, "list-type")?;
    let kind = numbering
        .chars()
        .find(|c| c.is_alphanumeric())
        .map_or("1", |c| match c {
            'i' => "i",
            'I' => "I",
            'a'..='z' => "a",
            'A'..='Z' => "A",
            _ => "1",
        });
    out.write(kind)?;
    Ok(())
}

/// `{{status-chart plan "name" n}}`: an action plan's status summary as an accessible bar
/// chart (a table of counts with their bars), whose caption's id is `chart-name-n`.
fn chart_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let plan = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("status-chart", 0))?
        .value();
    let part = |i: usize| {
        h.param(i)
            .map(|p| p.value().to_string().trim_matches('"').to_owned())
            .unwrap_or_default()
    };
    let id: String = format!("chart-{}-{}", part(1), part(2))
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let bars: Vec<chart::Bar> = plan["summary"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|b| chart::Bar {
                    category: b["category"].as_str().unwrap_or_default(),
                    count: b["count"].as_u64().unwrap_or(0),
                    share: b["share"].as_f64().unwrap_or(0.0),
                })
                .collect()
        })
        .unwrap_or_default();
    out.write(&chart::html(
        &id,
        &bars,
        plan["total"].as_u64().unwrap_or(0),
        plan["status_date"].as_str(),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_built_in_template_compiles() {
        let files: Vec<(String, String, bool)> = BUILTIN
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned(), false))
            .collect();
        assert!(compile(&files).is_ok());
    }

    use super::*;

    #[test]
    fn values_are_html_escaped_and_md_is_built_from_escaped_pieces() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("t.html.hbs"),
            "<p title=\"{{a}}\">{{a}}</p>{{md a}}<h{{inc 2}}>",
        )
        .unwrap();
        let t = HtmlTemplates::load(dir.path()).unwrap();
        let out = t
            .render("t", &serde_json::json!({"a": "\"><script>x</script>"}))
            .unwrap();
        assert_eq!(
            out,
            "<p \
                title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</p>&quot;&gt;&lt;script&gt;x&lt;/script&gt;<h3>"
        );
    }

    #[test]
    fn eject_writes_every_built_in_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("html");
        assert_eq!(eject(&html).unwrap().len(), BUILTIN.len());
        assert_eq!(
            HtmlTemplates::load(&html).unwrap().fingerprint(),
            HtmlTemplates::load(&dir.path().join("none"))
                .unwrap()
                .fingerprint()
        );
        assert!(
            eject(&html)
                .unwrap_err()
                .to_string()
                .contains("already exists")
        );
    }

    #[test]
    fn a_project_template_replaces_the_built_in_one_and_errors_name_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html.hbs"), "{{#if}}").unwrap();
        let err = HtmlTemplates::load(dir.path()).err().unwrap().to_string();
        assert!(err.starts_with("templates/html/index.html.hbs"), "{err}");
        std::fs::write(dir.path().join("index.html.hbs"), "own {{missing}}").unwrap();
        let t = HtmlTemplates::load(dir.path()).unwrap();
        let err = t
            .render("index", &serde_json::json!({}))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("templates/html/index.html.hbs:1"), "{err}");
    }
}
