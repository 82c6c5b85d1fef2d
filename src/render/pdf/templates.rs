//! Handlebars templates that emit Typst: built into the binary, overridable file by file from
//! the project's `templates/`, with Typst escaping as the engine's default.
//!
//! Built-in templates are compiled on first use, with the partials they name, so a run pays
//! only for the templates its documents use (a no-op rebuild compiles none). A project's own
//! files are compiled when the project is opened, so a slip in one is a configuration error
//! before anything is built.

use std::path::Path;
use std::sync::RwLock;

use anyhow::bail;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde::Serialize;

use crate::render::overrides::text_param;
use crate::render::pdf::escape;

/// The built-in templates, compiled in: (file name, text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("papers.typ", include_str!("../../../templates/papers.typ")),
    (
        "committee-report.typ.hbs",
        include_str!("../../../templates/committee-report.typ.hbs"),
    ),
    (
        "cover.typ.hbs",
        include_str!("../../../templates/cover.typ.hbs"),
    ),
    (
        "body.typ.hbs",
        include_str!("../../../templates/body.typ.hbs"),
    ),
    (
        "appendices.typ.hbs",
        include_str!("../../../templates/appendices.typ.hbs"),
    ),
    (
        "data-table.typ.hbs",
        include_str!("../../../templates/data-table.typ.hbs"),
    ),
    (
        "impact-assessment.typ.hbs",
        include_str!("../../../templates/impact-assessment.typ.hbs"),
    ),
    (
        "impact.typ.hbs",
        include_str!("../../../templates/impact.typ.hbs"),
    ),
    (
        "action-plan.typ.hbs",
        include_str!("../../../templates/action-plan.typ.hbs"),
    ),
    (
        "actions.typ.hbs",
        include_str!("../../../templates/actions.typ.hbs"),
    ),
    (
        "equality-impact-assessment.typ.hbs",
        include_str!("../../../templates/equality-impact-assessment.typ.hbs"),
    ),
    (
        "alignment.typ.hbs",
        include_str!("../../../templates/alignment.typ.hbs"),
    ),
    (
        "strategy.typ.hbs",
        include_str!("../../../templates/strategy.typ.hbs"),
    ),
    (
        "objectives.typ.hbs",
        include_str!("../../../templates/objectives.typ.hbs"),
    ),
    (
        "agenda-pack.typ.hbs",
        include_str!("../../../templates/agenda-pack.typ.hbs"),
    ),
    (
        "decision-notice.typ.hbs",
        include_str!("../../../templates/decision-notice.typ.hbs"),
    ),
    (
        "minutes.typ.hbs",
        include_str!("../../../templates/minutes.typ.hbs"),
    ),
];

/// The template set of a project: the built-ins with the project's files laid over them.
pub struct Templates {
    /// The compiled templates so far: the project's own from the start, built-ins as used.
    registry: RwLock<Handlebars<'static>>,
    /// The Typst style module (`papers.typ`), built in or the project's.
    pub style: String,
    /// Each file's text and whether the project overrode it, for the manifest's hashes.
    pub files: Vec<(String, String, bool)>,
    /// The style module parsed, once per run rather than once per document.
    parsed: std::sync::OnceLock<typst::syntax::Source>,
}

impl Templates {
    /// The style module as a Typst source at `/papers.typ`, parsed on first use.
    pub fn style_source(&self) -> typst::syntax::Source {
        self.parsed
            .get_or_init(|| {
                typst::syntax::Source::new(
                    crate::render::pdf::world::id("/papers.typ"),
                    self.style.clone(),
                )
            })
            .clone()
    }

    /// Loads the built-in templates and the project's overrides from `dir` (if it exists).
    pub fn load(dir: &Path) -> anyhow::Result<Templates> {
        let project = dir.parent().unwrap_or(dir);
        let files = crate::render::overrides::files(BUILTIN, dir, "templates", project, |n| {
            n.ends_with(".typ.hbs") || n == "papers.typ"
        })?;
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape::markup);
        registry.register_helper("md", Box::new(markdown_helper));
        registry.register_helper("cell", Box::new(cell_helper));
        registry.register_helper("str", Box::new(string_helper));
        registry.register_helper("raw-number", Box::new(raw_helper));
        registry.register_helper("value", Box::new(value_helper));
        let named: Vec<(String, String)> = files
            .iter()
            .filter(|(n, _, _)| n.ends_with(".typ.hbs"))
            .map(|(n, t, _)| (n.trim_end_matches(".typ.hbs").to_owned(), t.clone()))
            .collect();
        crate::render::pdf::partials::check(&named)
            .map_err(|why| anyhow::anyhow!("templates: {why}"))?;
        let style = files
            .iter()
            .find(|(n, _, _)| n == "papers.typ")
            .map(|(_, t, _)| t.clone())
            .unwrap_or_default();
        let templates = Templates {
            registry: RwLock::new(registry),
            style,
            files,
            parsed: std::sync::OnceLock::new(),
        };
        for (name, _, overridden) in &templates.files {
            if let (true, Some(key)) = (*overridden, name.strip_suffix(".typ.hbs")) {
                templates.compile(key)?;
            }
        }
        Ok(templates)
    }

    /// Compiles the template `key` (if it is not compiled yet) and every partial it names.
    /// A name with no file is left for rendering to report, as Handlebars does.
    fn compile(&self, key: &str) -> anyhow::Result<()> {
        let mut registry = self
            .registry
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut pending = vec![key.to_owned()];
        while let Some(key) = pending.pop() {
            if registry.has_template(&key) {
                continue;
            }
            let name = format!("{key}.typ.hbs");
            let Some((_, text, overridden)) = self.files.iter().find(|(n, _, _)| *n == name) else {
                continue;
            };
            if let Err(e) = registry.register_template_string(&key, text) {
                let place = crate::render::overrides::place(*overridden, &name, "templates", "");
                let at = e
                    .pos()
                    .map(|(line, col)| format!(":{line}:{col}"))
                    .unwrap_or_default();
                bail!("{place}{at}: {}", e.reason());
            }
            match partials(text) {
                Some(names) => pending.extend(names),
                // A partial named by an expression could be any template: compile them all.
                None => pending.extend(
                    self.files
                        .iter()
                        .filter_map(|(n, _, _)| n.strip_suffix(".typ.hbs"))
                        .map(str::to_owned),
                ),
            }
        }
        Ok(())
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        let file = format!("{name}.typ.hbs");
        self.files.iter().any(|(n, _, _)| *n == file)
    }

    /// Renders the named template with `data` into Typst source. Errors name the template
    /// file and line.
    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> anyhow::Result<String> {
        let compiled = self
            .registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .has_template(name);
        if !compiled {
            self.compile(name)?;
        }
        let registry = self
            .registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        registry.render(name, data).map_err(|e| {
            let file = format!("{}.typ.hbs", e.template_name.as_deref().unwrap_or(name));
            crate::render::overrides::render_error(&self.files, &e, &file, "templates", "")
        })
    }

    /// The text of every template file, for change detection.
    pub fn fingerprint(&self) -> String {
        crate::render::overrides::fingerprint(&self.files)
    }
}

/// Refuses if any of the built-in templates is already in `dir` (see
/// [`crate::render::overrides::refuse_existing`]).
pub fn refuse_existing(dir: &Path) -> anyhow::Result<()> {
    crate::render::overrides::refuse_existing(BUILTIN, dir)
}

/// Writes the built-in templates into `dir` for editing; refuses to overwrite any file.
pub fn eject(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    crate::render::overrides::eject(BUILTIN, dir)
}

/// The partials a template names (`{{> name}}`, `{{#> name}}`, with or without `~`), or
/// `None` when one is named by an expression, `{{> (lookup ...)}}`, and could be any.
fn partials(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for (i, _) in text.match_indices("{{") {
        let rest = text[i + 2..].trim_start_matches('~').trim_start();
        let rest = rest.strip_prefix('#').unwrap_or(rest);
        let Some(rest) = rest.strip_prefix('>') else {
            continue;
        };
        let rest = rest.trim_start();
        if rest.starts_with('(') {
            return None;
        }
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '}' && *c != '~')
            .collect();
        let name = name.trim_matches(|c| c == '"' || c == '\'');
        if !name.is_empty() {
            names.push(name.to_owned());
        }
    }
    Some(names)
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

/// `{{cell text}}`: the Markdown subset as a table cell sets it: dates kept whole, long words
/// given places to break.
fn cell_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&escape::cell(&text_param(h, "cell")?))?;
    Ok(())
}

/// `{{str text}}`: a Typst string literal, for code positions.
fn string_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&escape::string(&text_param(h, "str")?))?;
    Ok(())
}

/// `{{value x}}`: any value as a Typst literal for a code position: strings as string
/// literals, arrays and objects as arrays and dictionaries, so data such as a table's
/// column fits reaches Typst without ever being parsed as markup or code.
fn value_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex("value", 0))?
        .value();
    out.write(&typst_value(value))?;
    Ok(())
}

/// A JSON value as a Typst literal.
fn typst_value(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "none".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => escape::string(s),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(typst_value).collect();
            match inner.len() {
                0 => "()".to_owned(),
                1 => format!("({},)", inner[0]),
                _ => format!("({})", inner.join(", ")),
            }
        }
        Value::Object(map) if map.is_empty() => "(:)".to_owned(),
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", escape::string(k), typst_value(v)))
                .collect();
            format!("({})", inner.join(", "))
        }
    }
}

/// `{{raw-number n}}`: a number for a code position; anything that is not a plain number is
/// refused, so it cannot carry code.
fn raw_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let text = text_param(h, "raw-number")?;
    if text.parse::<f64>().is_err() {
        return Err(
            RenderErrorReason::Other(format!("raw-number: \"{text}\" is not a number")).into(),
        );
    }
    out.write(&text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_typst_literals_that_cannot_carry_code() {
        let v = serde_json::json!([{"words": ["1 September", "#read(\"x\")"]}, ["a"], [], 2, {}, null, true]);
        assert_eq!(
            typst_value(&v),
            r##"(("words": ("1 September", "#read(\"x\")")), ("a",), (), 2, (:), none, true)"##
        );
    }

    fn compiled(templates: &Templates, key: &str) -> bool {
        templates.registry.read().unwrap().has_template(key)
    }

    #[test]
    fn every_builtin_template_compiles() {
        let templates = Templates::load(Path::new("/no/such/templates")).unwrap();
        for (name, _) in BUILTIN.iter().filter(|(n, _)| n.ends_with(".typ.hbs")) {
            templates
                .compile(name.trim_end_matches(".typ.hbs"))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn a_template_is_compiled_on_first_use_with_its_partials_only() {
        let templates = Templates::load(Path::new("/no/such/templates")).unwrap();
        assert!(
            !compiled(&templates, "committee-report"),
            "nothing is compiled before it is used"
        );
        templates.compile("committee-report").unwrap();
        for key in [
            "committee-report",
            "cover",
            "body",
            "appendices",
            "data-table",
            "actions",
            "alignment",
        ] {
            assert!(
                compiled(&templates, key),
                "{key} is used by a committee report"
            );
        }
        for key in ["strategy", "agenda-pack", "equality-impact-assessment"] {
            assert!(
                !compiled(&templates, key),
                "{key} is not used by a committee report"
            );
        }
    }

    #[test]
    fn partials_are_found_in_every_spelling() {
        let text = "{{!-- a --}}{{> cover}}\n{{~> body level=2}}{{#> frame}}x{{/frame}}{{ > \
            \"quoted\" }}{{name}}";
        assert_eq!(
            partials(text),
            Some(vec![
                "cover".into(),
                "body".into(),
                "frame".into(),
                "quoted".into()
            ])
        );
        assert_eq!(
            partials("{{> (lookup . \"name\")}}"),
            None,
            "a computed name could be any template"
        );
    }

    #[test]
    fn a_project_template_that_does_not_parse_is_refused_on_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("body.typ.hbs"),
            "{{#each sections}}\n{{/if}}\n",
        )
        .unwrap();
        let error = Templates::load(dir.path())
            .err()
            .expect("refused")
            .to_string();
        assert!(error.starts_with("templates/body.typ.hbs:2"), "{error}");
    }
}
