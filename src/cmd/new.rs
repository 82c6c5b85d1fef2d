//! `papers new`: write a blank workbook for a document kind or a meeting.

use crate::cli::NewArgs;
use crate::cmd::Exit;
use crate::model::config::Config;

/// Writes the workbook and says what to do next.
pub fn run(args: &NewArgs) -> anyhow::Result<Exit> {
    let config = Config::load(&args.project)?;
    let (path, sheets) = crate::model::new::create(args.kind, &args.path, &config)?;
    eprintln!(
        "Wrote {} (a blank {} workbook: {})",
        path.display(),
        args.kind.title(),
        sheets.join(", ")
    );
    if !path.components().any(|c| c.as_os_str() == "inputs") {
        eprintln!(
            "note: papers build reads workbooks under inputs/; move it there before building"
        );
    }
    if args.kind == crate::model::new::Kind::Meeting {
        eprintln!(
            "Next: fill in the Meeting and Agenda sheets, put each paper's workbook beside it, \
                then run `papers check` and `papers build`"
        );
        eprintln!(
            "note: a meeting workbook may also be kept as meeting.ods (LibreOffice) or meeting.xls \
                (older Excel): save it under that name in the same folder, one meeting workbook \
                per folder"
        );
    } else {
        eprintln!(
            "Next: fill in the Cover (Title at least) and the other sheets, then run `papers \
                check` and `papers build`"
        );
    }
    Ok(Exit::Clean)
}
