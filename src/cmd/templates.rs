//! `papers templates eject`: write the built-in templates out for a project to edit.

use std::path::{Component, Path, PathBuf};

use crate::cli::{TemplatesArgs, TemplatesCommand};
use crate::cmd::Exit;

/// Runs the `templates` subcommand.
pub fn run(args: &TemplatesArgs) -> anyhow::Result<Exit> {
    match &args.command {
        TemplatesCommand::Eject { dir } => {
            let html = dir.join("html");
            refuse_links_out(dir)?;
            crate::render::html::templates::refuse_existing(&html)?;
            crate::render::pdf::templates::refuse_existing(dir)?;
            let mut written = crate::render::pdf::templates::eject(dir)?;
            written.extend(crate::render::html::templates::eject(&html)?);
            for path in &written {
                eprintln!("Wrote {}", path.display());
            }
            eprintln!(
                "Edit any of them; delete the ones you keep as built: a project's templates/ \
                    replaces the built-in templates file by file"
            );
        }
    }
    Ok(Exit::Clean)
}

/// Inside a project, a folder named in it (such as `templates/`) must resolve inside it:
/// one that is a link to elsewhere is refused before anything is written. A folder named
/// outside the project (an absolute path, or `../x`) is where the user asked.
fn refuse_links_out(dir: &Path) -> anyhow::Result<()> {
    let cwd = std::env::current_dir()?;
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    let Some(root) = cwd.ancestors().find(|d| crate::cmd::project::is_project(d)) else {
        return Ok(());
    };
    if !lexical(&cwd.join(dir)).starts_with(root) {
        return Ok(());
    }
    for target in [dir.to_owned(), dir.join("html")] {
        let real = crate::base::paths::real_path(&target);
        if !real.starts_with(root) {
            anyhow::bail!(
                "{} resolves to {}, outside the project {}; eject writes only inside the project, \
                    never through a link (remove the link, or name a real folder)",
                target.display(),
                real.display(),
                root.display()
            );
        }
    }
    Ok(())
}

/// A path with `.` and `..` taken out as written, links not followed.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
