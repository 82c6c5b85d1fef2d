//! `papers templates eject`: write the built-in templates out for a project to edit.

use crate::cli::{TemplatesArgs, TemplatesCommand};
use crate::cmd::Exit;

/// Runs the `templates` subcommand.
pub fn run(args: &TemplatesArgs) -> anyhow::Result<Exit> {
    match &args.command {
        TemplatesCommand::Eject { dir } => {
            let html = dir.join("html");
            crate::render::html::templates::refuse_existing(&html)?;
            let mut written = crate::render::pdf::templates::eject(dir)?;
            written.extend(crate::render::html::templates::eject(&html)?);
            for path in &written {
                eprintln!("Wrote {}", path.display());
            }
            eprintln!(
                "Edit any of them; delete the ones you keep as built: a project's templates/ replaces the built-in templates file by file"
            );
        }
    }
    Ok(Exit::Clean)
}
