//! Where things are in a project, and paths that stay in it: the workbooks found under
//! `inputs/` and the outputs they become; plain file names, relative paths with no way out,
//! symlinks followed only when they resolve inside the project, folders walked once (a link
//! loop is found, not followed for ever); and writing and removing files so that no reader
//! ever sees a half-written one and no write or deletion leaves the trees Papers owns.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};

/// A workbook found under `inputs/`.
#[derive(Debug, Clone)]
pub struct Input {
    /// Absolute (or project-joined) path.
    pub path: PathBuf,
    /// Path relative to the project, with forward slashes: `inputs/a/b.xlsx`.
    pub rel: String,
    /// The PDF it becomes, relative to the project: `output/a/b.pdf`.
    pub output: String,
    /// What the output is made from: the workbook and, in a meeting folder, the meeting
    /// workbook, each with the SHA-256 of its bytes (empty when unreadable).
    pub sources: Vec<Source>,
    /// What its meeting folder says of it.
    pub place: Place,
}

impl Input {
    /// The workbook at `path` in the project `root`, writing its mirrored PDF in `output/`.
    pub fn at(root: &Path, path: PathBuf) -> Input {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let under = rel.trim_start_matches("inputs/");
        let stem = Path::new(under)
            .with_extension("pdf")
            .to_string_lossy()
            .replace('\\', "/");
        Input {
            path,
            output: format!("output/{stem}"),
            rel,
            sources: Vec::new(),
            place: Place::default(),
        }
    }
}

/// Where a document stands before it is read: in a meeting folder or not, what its agenda
/// says of its exemption, and whether it may be built at all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Place {
    /// Whether the workbook sits in a meeting folder.
    pub in_meeting: bool,
    /// The Schedule 12A paragraph an agenda gives it ("unknown" when no paragraph can be
    /// told but it must be treated as exempt).
    pub agenda_exempt: Option<String>,
    /// The day the file was last written, for a document nothing else dates.
    pub saved: Option<crate::base::date::Date>,
    /// Its item number on the agenda, for a paper whose Cover gives none.
    pub item: Option<String>,
    /// Why it must not be built: its meeting's agenda cannot be trusted.
    pub blocked: Option<String>,
    /// Warnings about its exemption, given to the document (code, message).
    pub notes: Vec<(&'static str, String)>,
    /// Why an earlier build's record keeps it exempt though nothing today says so
    /// (`exempt-remembered`): it is held, never written.
    pub remembered: Option<String>,
    /// Why it is on no row of its meeting's agenda (`not-on-agenda`): it is checked, never
    /// written.
    pub stray: Option<String>,
    /// A stray that its agenda's misspelt Report was taken to mean: held, the slip reported
    /// once, at the Report.
    pub stray_quiet: bool,
    /// Whether its findings may quote an exempt paper (a stray in a meeting with exempt
    /// items, which may be a copy of one): they are withheld like an exempt paper's.
    pub private: bool,
    /// Its meeting's agenda is not yet published: it is built into the drafts tree.
    pub draft: bool,
    /// The day its meeting's agenda was (or is being) published, if it is.
    pub published: Option<crate::base::date::Date>,
    /// A revision of a published paper: the supplement it goes out in, and the day.
    pub revision: Option<(u32, crate::base::date::Date)>,
    /// Its meeting's date, which its Cover's Meeting date must match.
    pub meeting_date: Option<crate::base::date::Date>,
    /// Titles of papers known to be exempt (folded), with their paragraph and workbook: a
    /// document with one of them is held as a copy of that paper.
    pub exempt_titles: std::sync::Arc<std::collections::BTreeMap<String, (String, String)>>,
}

/// A source file an output was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Path relative to the project.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// The folder part of a path relative to the project (`inputs/m` of `inputs/m/a.xlsx`).
pub fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(f, _)| f)
}

/// Whether the selection `only` takes the workbook (or meeting) at `rel`: it is named, or
/// lies in a folder that is.
pub fn selects(only: &[String], rel: &str) -> bool {
    only.iter().any(|o| {
        rel == o
            || rel
                .strip_prefix(o.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Whether the file name has a workbook extension Papers reads.
pub fn is_workbook(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// Whether this workbook describes a meeting rather than a document.
pub fn is_meeting_workbook(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("meeting"))
        && is_workbook(path)
}

/// Writes through a temporary file in the same folder and a rename, so a reader never sees
/// a half-written file; a write that fails (a full disk) leaves no temporary file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().context("an output path has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
        std::process::id()
    ));
    // A full disk fails the write itself (the file system sets the space aside as it is
    // written), so the temporary file can be removed and the document failed.
    let written = std::fs::File::create(&tmp).and_then(|mut f| f.write_all(bytes));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("writing {}", path.display()));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow::Error::new(e).context(format!("renaming {} to {}", tmp.display(), path.display()))
    })
}

/// Removes a file if it is there.
pub fn remove_file(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing stale {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Why a name or a path was refused.
pub type Refusal = String;

/// Checks that a file name is a plain name on every platform: no folder separator of any
/// system (`/`, `\`), no drive letter or stream (`:`), not `.` or `..`, no control characters.
pub fn plain_name(name: &str) -> Result<(), Refusal> {
    if name.is_empty() || name == "." || name == ".." {
        return Err(format!("\"{name}\" is not a file name"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '/' | '\\' | ':') || c.is_control())
    {
        let what = match c {
            '/' | '\\' => "a folder separator",
            ':' => "a drive letter or stream separator (:)",
            _ => "a control character",
        };
        return Err(format!(
            "\"{}\" holds {what}; give a plain file name",
            name.escape_debug()
        ));
    }
    Ok(())
}

/// Checks that a path written in papers.toml or a workbook is relative and stays where it is
/// joined: no root, no drive, no `..`, no backslash (a folder separator on Windows).
pub fn relative(path: &Path) -> Result<(), Refusal> {
    let text = path.to_string_lossy();
    if path.is_absolute() || text.starts_with('/') || text.starts_with('\\') || text.contains(':') {
        return Err(format!(
            "{} is an absolute path; give a path relative to the project",
            text
        ));
    }
    if text.contains('\\') {
        return Err(format!("{text} holds a backslash; write folders with /"));
    }
    for part in path.components() {
        match part {
            Component::Normal(_) | Component::CurDir => {}
            _ => {
                return Err(format!(
                    "{text} leads out of the project (..); give a path inside it"
                ));
            }
        }
    }
    if text.trim().is_empty() {
        return Err("the path is empty".to_owned());
    }
    Ok(())
}

/// The project folder as the file system resolves it, for containment checks.
#[derive(Debug, Clone)]
pub struct Root {
    /// The canonical project folder.
    pub canonical: PathBuf,
}

impl Root {
    /// The canonical form of a project folder.
    pub fn new(root: &Path) -> anyhow::Result<Root> {
        let canonical = root
            .canonicalize()
            .with_context(|| format!("resolving {}", root.display()))?;
        Ok(Root { canonical })
    }

    /// Resolves a path (following every link) and checks that it lies inside the project.
    pub fn resolve_inside(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let resolved = path.canonicalize().map_err(|e| match e.raw_os_error() {
            Some(40) => "it is a symbolic link loop".to_owned(),
            _ if path.symlink_metadata().is_ok() => format!("it is a broken link ({e})"),
            _ => format!("it cannot be found ({e})"),
        })?;
        if resolved.starts_with(&self.canonical) {
            Ok(resolved)
        } else {
            Err(format!(
                "it resolves to {}, outside the project",
                resolved.display()
            ))
        }
    }
}

/// What a walk found: the files `keep` accepted, and the entries refused, with why.
#[derive(Debug, Default)]
pub struct Walk {
    /// Accepted files, by the path under the walked folder (links not resolved).
    pub files: Vec<PathBuf>,
    /// Refused entries and the reason.
    pub refused: Vec<(PathBuf, Refusal)>,
}

/// Walks `dir` once: hidden files and Office lock files are skipped; a name that is not a
/// plain name, a link that resolves outside the project or nowhere, and a second visit of a
/// folder (a link loop) are refused by name. Files `keep` accepts are returned sorted.
pub fn walk(root: &Root, dir: &Path, keep: &dyn Fn(&Path) -> bool) -> anyhow::Result<Walk> {
    let mut out = Walk::default();
    let mut seen = HashSet::new();
    let base = root
        .resolve_inside(dir)
        .map_err(|why| anyhow::anyhow!("{}: {why}", dir.display()))?;
    walk_into(root, &base, dir, keep, &mut seen, &mut out, true)?;
    out.files.sort();
    out.refused.sort();
    Ok(out)
}

fn walk_into(
    root: &Root,
    base: &Path,
    dir: &Path,
    keep: &dyn Fn(&Path) -> bool,
    seen: &mut HashSet<PathBuf>,
    out: &mut Walk,
    top: bool,
) -> anyhow::Result<()> {
    let canonical = match root.resolve_inside(dir) {
        Ok(c) => c,
        Err(why) if !top => {
            out.refused.push((dir.to_owned(), why));
            return Ok(());
        }
        Err(why) => bail!("{}: {why}", dir.display()),
    };
    if !seen.insert(canonical) {
        out.refused.push((
            dir.to_owned(),
            "it is a folder already walked through another link (a link loop)".to_owned(),
        ));
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        paths.push(
            entry
                .with_context(|| format!("reading {}", dir.display()))?
                .path(),
        );
    }
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            out.refused
                .push((path.clone(), "its name is not valid Unicode".to_owned()));
            continue;
        };
        // A hidden or lock file is skipped, unless its name would be a path elsewhere.
        if (name.starts_with('.') || name.starts_with("~$")) && !name.contains(['\\', ':']) {
            continue;
        }
        let meta = path
            .symlink_metadata()
            .with_context(|| format!("reading {}", path.display()))?;
        let is_link = meta.file_type().is_symlink();
        let target_is_dir = if is_link {
            path.is_dir()
        } else {
            meta.is_dir()
        };
        if let Err(why) = plain_name(&name) {
            if target_is_dir || keep(&path) {
                out.refused.push((path, why));
            }
            continue;
        }
        if target_is_dir {
            // A link to a folder inside the walked one would read its workbooks twice, under
            // two names: the folder itself is read, the link refused.
            if is_link
                && let Ok(target) = path.canonicalize()
                && target.starts_with(base)
            {
                out.refused.push((
                    path,
                    format!(
                        "it links to {}, a folder already read where it is",
                        target.display()
                    ),
                ));
                continue;
            }
            walk_into(root, base, &path, keep, seen, out, false)?;
            continue;
        }
        if !keep(&path) {
            continue;
        }
        if is_link && let Err(why) = root.resolve_inside(&path) {
            out.refused.push((path, why));
            continue;
        }
        out.files.push(path);
    }
    Ok(())
}

/// Checks that a path relative to the project lies in one of the trees Papers writes
/// (`trees`, such as `output` and `exempt`), with no way out, and returns it joined to the
/// project. Used for every write and every deletion, including paths read back from an
/// earlier manifest, which may have been edited.
pub fn owned(root: &Path, rel: &str, trees: &[&str]) -> anyhow::Result<PathBuf> {
    relative(Path::new(rel)).map_err(|why| anyhow::anyhow!("refusing to touch {rel}: {why}"))?;
    let inside = trees.iter().any(|t| {
        let t = t.trim_end_matches('/');
        rel.strip_prefix(t)
            .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1)
    });
    if !inside {
        bail!(
            "refusing to touch {rel}: it is not under {}",
            trees.join(" or ")
        );
    }
    Ok(root.join(rel))
}

/// Checks, before a write into `path`, that its folder (created if needed) resolves inside
/// the tree `tree` of the project: a folder that is a link to elsewhere is refused.
pub fn confined_folder(root: &Root, tree: &Path, path: &Path) -> anyhow::Result<()> {
    let dir = path.parent().context("an output path has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let real = dir
        .canonicalize()
        .with_context(|| format!("resolving {}", dir.display()))?;
    let tree_real = tree
        .canonicalize()
        .with_context(|| format!("resolving {}", tree.display()))?;
    if !tree_real.starts_with(&root.canonical) {
        bail!(
            "{} resolves to {}, outside the project; Papers writes only inside it",
            tree.display(),
            tree_real.display()
        );
    }
    if !real.starts_with(&tree_real) {
        bail!(
            "{} resolves to {}, outside {}; Papers writes only inside it",
            dir.display(),
            real.display(),
            tree.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_only() {
        for ok in ["a.xlsx", "Report 1 (final).xlsx", "ŵyr.ods"] {
            assert!(plain_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "..\\secret.xlsx",
            "C:evil.xlsx",
            "a/b.xlsx",
            "..",
            "",
            "a\u{0}.xlsx",
            "c:\\x.xlsx",
        ] {
            assert!(plain_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn relative_paths_stay_in() {
        assert!(relative(Path::new("logo.svg")).is_ok());
        assert!(relative(Path::new("assets/logo.svg")).is_ok());
        for bad in [
            "/etc/passwd",
            "../logo.svg",
            "a/../../b",
            "C:\\logo.png",
            "c:/logo.png",
            "assets\\logo.png",
            "\\\\server\\share",
        ] {
            assert!(relative(Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn owned_trees_only() {
        let root = Path::new("/p");
        assert!(owned(root, "output/a.pdf", &["output", "exempt"]).is_ok());
        assert!(owned(root, "exempt/m/a.pdf", &["output", "exempt"]).is_ok());
        for bad in [
            "output/../inputs/a.xlsx",
            "inputs/a.xlsx",
            "/etc/passwd",
            "output",
            "outputs/a.pdf",
            "output/..\\x",
        ] {
            assert!(owned(root, bad, &["output", "exempt"]).is_err(), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_are_followed_outside_and_loops_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.xlsx"), b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("inputs");
        std::fs::create_dir_all(inputs.join("m")).unwrap();
        std::fs::write(inputs.join("m/a.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.xlsx"), inputs.join("leak.xlsx"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), inputs.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(inputs.join("m/a.xlsx"), inputs.join("alias.xlsx")).unwrap();
        std::os::unix::fs::symlink(&inputs, inputs.join("m/loop")).unwrap();
        // Sorted before the folder it names: the folder is still read where it is.
        std::os::unix::fs::symlink(inputs.join("m"), inputs.join("a-mirror")).unwrap();
        std::fs::write(inputs.join("bad\\name.xlsx"), b"x").unwrap();
        let root = Root::new(dir.path()).unwrap();
        let walk = walk(&root, &inputs, &|p| {
            p.extension().is_some_and(|e| e == "xlsx")
        })
        .unwrap();
        let names: Vec<String> = walk
            .files
            .iter()
            .map(|p| {
                p.strip_prefix(&inputs)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["alias.xlsx", "m/a.xlsx"]);
        let refused: Vec<String> = walk
            .refused
            .iter()
            .map(|(p, _)| {
                p.strip_prefix(&inputs)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            refused,
            [
                "a-mirror",
                "bad\\name.xlsx",
                "elsewhere",
                "leak.xlsx",
                "m/loop"
            ],
            "{:?}",
            walk.refused
        );
    }
}
