//! Handlebars templates that emit Typst: built into the binary, overridable file by file from
//! the project's `templates/`, with Typst escaping as the engine's default.

use std::path::Path;

use anyhow::{Context as _, bail};
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde::Serialize;

use crate::render::pdf::escape;

/// The built-in templates, compiled in: (file name, text).
/// The largest template file a project may have.
const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

pub const BUILTIN: &[(&str, &str)] = &[
    ("papers.typ", include_str!("../../../templates/papers.typ")),
    ("committee-report.typ.hbs", include_str!("../../../templates/committee-report.typ.hbs")),
    ("cover.typ.hbs", include_str!("../../../templates/cover.typ.hbs")),
    ("body.typ.hbs", include_str!("../../../templates/body.typ.hbs")),
    ("appendices.typ.hbs", include_str!("../../../templates/appendices.typ.hbs")),
    ("data-table.typ.hbs", include_str!("../../../templates/data-table.typ.hbs")),
    ("impact-assessment.typ.hbs", include_str!("../../../templates/impact-assessment.typ.hbs")),
    ("impact.typ.hbs", include_str!("../../../templates/impact.typ.hbs")),
    ("action-plan.typ.hbs", include_str!("../../../templates/action-plan.typ.hbs")),
    ("actions.typ.hbs", include_str!("../../../templates/actions.typ.hbs")),
    ("equality-impact-assessment.typ.hbs", include_str!("../../../templates/equality-impact-assessment.typ.hbs")),
    ("alignment.typ.hbs", include_str!("../../../templates/alignment.typ.hbs")),
    ("strategy.typ.hbs", include_str!("../../../templates/strategy.typ.hbs")),
    ("objectives.typ.hbs", include_str!("../../../templates/objectives.typ.hbs")),
    ("agenda-pack.typ.hbs", include_str!("../../../templates/agenda-pack.typ.hbs")),
];

/// The template set of a project: the built-ins with the project's files laid over them.
pub struct Templates {
    registry: Handlebars<'static>,
    /// The Typst style module (`papers.typ`), built in or the project's.
    pub style: String,
    /// Each file's text and whether the project overrode it, for the manifest's hashes.
    pub files: Vec<(String, String, bool)>,
}

impl Templates {
    /// Loads the built-in templates and the project's overrides from `dir` (if it exists).
    pub fn load(dir: &Path) -> anyhow::Result<Templates> {
        let mut files: Vec<(String, String, bool)> =
            BUILTIN.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned(), false)).collect();
        if dir.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .with_context(|| format!("reading {}", dir.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect();
            entries.sort();
            for path in entries {
                let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
                if !(name.ends_with(".typ.hbs") || name == "papers.typ") {
                    continue;
                }
                // A template that is a link must stay in the project (templates/ is in it).
                if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
                    let project = dir.parent().unwrap_or(dir);
                    crate::base::paths::Root::new(project)?
                        .resolve_inside(&path)
                        .map_err(|why| anyhow::anyhow!("templates/{name}: {why}"))?;
                }
                if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_TEMPLATE_BYTES) {
                    bail!("templates/{name} is larger than {} KiB; a template is text, not data", MAX_TEMPLATE_BYTES >> 10);
                }
                let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                match files.iter_mut().find(|(n, _, _)| *n == name) {
                    Some(slot) => *slot = (name, text, true),
                    None => files.push((name, text, true)),
                }
            }
        }
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
        crate::render::pdf::partials::check(&named).map_err(|why| anyhow::anyhow!("templates: {why}"))?;
        let mut style = String::new();
        for (name, text, overridden) in &files {
            if name == "papers.typ" {
                style = text.clone();
                continue;
            }
            let key = name.trim_end_matches(".typ.hbs");
            if let Err(e) = registry.register_template_string(key, text) {
                let place = if *overridden { format!("templates/{name}") } else { format!("built-in template {name}") };
                let at = e.pos().map(|(line, col)| format!(":{line}:{col}")).unwrap_or_default();
                bail!("{place}{at}: {}", e.reason());
            }
        }
        Ok(Templates { registry, style, files })
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.registry.has_template(name)
    }

    /// Renders the named template with `data` into Typst source. Errors name the template
    /// file and line.
    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> anyhow::Result<String> {
        self.registry.render(name, data).map_err(|e| {
            let file = format!("{}.typ.hbs", e.template_name.as_deref().unwrap_or(name));
            let overridden = self.files.iter().any(|(n, _, o)| *n == file && *o);
            let place = if overridden { format!("templates/{file}") } else { format!("built-in template {file}") };
            let line = e.line_no.map(|l| format!(":{l}")).unwrap_or_default();
            let reason = e.reason().to_string();
            anyhow::anyhow!("{place}{line}: {reason}")
        })
    }

    /// The text of every template file, for change detection.
    pub fn fingerprint(&self) -> String {
        let mut hasher = crate::base::hash::Hasher::new();
        for (name, text, _) in &self.files {
            hasher.update(name.as_bytes());
            hasher.update(text.as_bytes());
        }
        hasher.hex()
    }
}

/// Writes the built-in templates into `dir` for editing; refuses to overwrite any file.
pub fn eject(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let existing: Vec<_> = BUILTIN.iter().map(|(n, _)| dir.join(n)).filter(|p| p.exists()).collect();
    if let Some(p) = existing.first() {
        bail!("{} already exists; eject refuses to overwrite templates", p.display());
    }
    let mut written = Vec::new();
    for (name, text) in BUILTIN {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn text_param<'a>(h: &'a Helper<'_>, name: &'static str) -> Result<String, RenderErrorReason> {
    let value = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex(name, 0))?.value();
    Ok(match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// `{{md text}}`: the Markdown subset, built from escaped pieces.
fn markdown_helper(h: &Helper<'_>, _: &Handlebars<'_>, _: &Context, _: &mut RenderContext<'_, '_>, out: &mut dyn Output) -> HelperResult {
    out.write(&escape::markdown(&text_param(h, "md")?))?;
    Ok(())
}

/// `{{cell text}}`: the Markdown subset as a table cell sets it: dates kept whole, long words
/// given places to break.
fn cell_helper(h: &Helper<'_>, _: &Handlebars<'_>, _: &Context, _: &mut RenderContext<'_, '_>, out: &mut dyn Output) -> HelperResult {
    out.write(&escape::cell(&text_param(h, "cell")?))?;
    Ok(())
}

/// `{{str text}}`: a Typst string literal, for code positions.
fn string_helper(h: &Helper<'_>, _: &Handlebars<'_>, _: &Context, _: &mut RenderContext<'_, '_>, out: &mut dyn Output) -> HelperResult {
    out.write(&escape::string(&text_param(h, "str")?))?;
    Ok(())
}

/// `{{value x}}`: any value as a Typst literal for a code position: strings as string
/// literals, arrays and objects as arrays and dictionaries, so data such as a table's
/// column fits reaches Typst without ever being parsed as markup or code.
fn value_helper(h: &Helper<'_>, _: &Handlebars<'_>, _: &Context, _: &mut RenderContext<'_, '_>, out: &mut dyn Output) -> HelperResult {
    let value = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex("value", 0))?.value();
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
            let inner: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", escape::string(k), typst_value(v))).collect();
            format!("({})", inner.join(", "))
        }
    }
}

/// `{{raw-number n}}`: a number for a code position; anything that is not a plain number is
/// refused, so it cannot carry code.
fn raw_helper(h: &Helper<'_>, _: &Handlebars<'_>, _: &Context, _: &mut RenderContext<'_, '_>, out: &mut dyn Output) -> HelperResult {
    let text = text_param(h, "raw-number")?;
    if text.parse::<f64>().is_err() {
        return Err(RenderErrorReason::Other(format!("raw-number: \"{text}\" is not a number")).into());
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
        assert_eq!(typst_value(&v), r##"(("words": ("1 September", "#read(\"x\")")), ("a",), (), 2, (:), none, true)"##);
    }
}
