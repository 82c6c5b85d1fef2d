//! What both renderers' template registries share: the built-in files with a project's own
//! files over them, read with the same checks (a link must stay in the project, a template is
//! at most 1 MiB), where a render error happened, the files' fingerprint, writing the
//! built-ins out for editing, and the text of a helper's parameter.

use std::path::Path;

use anyhow::{Context as _, bail};
use handlebars::{Helper, RenderErrorReason};

/// The largest template file a project may have.
const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

/// The built-in files, each replaced by (or joined by) a file of the same name in `dir` that
/// `is_template` accepts, as (name, text, whether the project's own). `shown` names `dir` in
/// messages (`templates`, `templates/html`); `project` is the project folder.
pub fn files(
    builtin: &[(&str, &str)],
    dir: &Path,
    shown: &str,
    project: &Path,
    is_template: impl Fn(&str) -> bool,
) -> anyhow::Result<Vec<(String, String, bool)>> {
    let mut files: Vec<(String, String, bool)> = builtin
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned(), false))
        .collect();
    if !dir.is_dir() {
        return Ok(files);
    }
    // The folder itself, if a link, must stay in the project too: nothing outside is read.
    let project = if project.as_os_str().is_empty() {
        Path::new(".")
    } else {
        project
    };
    crate::base::paths::Root::new(project)?
        .resolve_inside(dir)
        .map_err(|why| {
            anyhow::anyhow!("{shown}/: {why}; a project's templates must be inside it")
        })?;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if !is_template(&name) {
            continue;
        }
        // A template that is a link must stay in the project.
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            crate::base::paths::Root::new(project)?
                .resolve_inside(&path)
                .map_err(|why| anyhow::anyhow!("{shown}/{name}: {why}"))?;
        }
        // A pipe or device is refused unopened: reading one could wait for ever.
        if let Some(kind) = std::fs::metadata(&path)
            .ok()
            .as_ref()
            .and_then(crate::base::paths::special_kind)
        {
            bail!("{shown}/{name} is {kind}, not a template file; remove it");
        }
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_TEMPLATE_BYTES) {
            bail!(
                "{shown}/{name} is larger than {} KiB; a template is text, not data",
                MAX_TEMPLATE_BYTES >> 10
            );
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        match files.iter_mut().find(|(n, _, _)| *n == name) {
            Some(slot) => *slot = (name, text, true),
            None => files.push((name, text, true)),
        }
    }
    Ok(files)
}

/// Where template file `file` is, for messages: the project's own copy (under `shown`) or
/// the built-in one (`built-in template {builtin_dir}{file}`).
pub fn place(overridden: bool, file: &str, shown: &str, builtin_dir: &str) -> String {
    if overridden {
        format!("{shown}/{file}")
    } else {
        format!("built-in template {builtin_dir}{file}")
    }
}

/// A render error of template file `file` (see [`place`]), with its line.
pub fn render_error(
    files: &[(String, String, bool)],
    e: &handlebars::RenderError,
    file: &str,
    shown: &str,
    builtin_dir: &str,
) -> anyhow::Error {
    let place = place(
        files.iter().any(|(n, _, o)| n == file && *o),
        file,
        shown,
        builtin_dir,
    );
    let line = e.line_no.map(|l| format!(":{l}")).unwrap_or_default();
    anyhow::anyhow!("{place}{line}: {}", e.reason())
}

/// The text of every template file, for change detection.
pub fn fingerprint(files: &[(String, String, bool)]) -> String {
    let mut hasher = crate::base::hash::Hasher::new();
    for (name, text, _) in files {
        hasher.update(name.as_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.hex()
}

/// Refuses if any of the built-in files is already in `dir`, even as a link that leads
/// nowhere (writing it would write where the link points).
pub fn refuse_existing(builtin: &[(&str, &str)], dir: &Path) -> anyhow::Result<()> {
    for p in builtin.iter().map(|(n, _)| dir.join(n)) {
        let Ok(meta) = p.symlink_metadata() else {
            continue;
        };
        if meta.file_type().is_symlink() {
            bail!(
                "{} is a link (to {}); eject writes only new files of its own, never through a \
                    link: remove it first",
                p.display(),
                std::fs::read_link(&p)
                    .map_or_else(|_| "somewhere".to_owned(), |t| t.display().to_string())
            );
        }
        bail!(
            "{} already exists; eject refuses to overwrite templates",
            p.display()
        );
    }
    Ok(())
}

/// Writes the built-in files into `dir` for editing; refuses, before writing anything, if
/// any of them is already there.
pub fn eject(builtin: &[(&str, &str)], dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    refuse_existing(builtin, dir)?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in builtin {
        let path = dir.join(name);
        // Created anew: a link put there since the check is not written through.
        use std::io::Write as _;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .with_context(|| format!("writing {} (eject writes only new files)", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// A helper's first parameter as text (`null` as nothing, numbers and booleans as written).
pub fn text_param(h: &Helper<'_>, name: &'static str) -> Result<String, RenderErrorReason> {
    let value = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex(name, 0))?
        .value();
    Ok(match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}
