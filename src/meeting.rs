//! Meeting folders: `meeting.xlsx` with the Meeting and Agenda sheets.

use std::path::Path;

/// Whether this workbook describes a meeting rather than a document.
pub fn is_meeting_workbook(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.eq_ignore_ascii_case("meeting"))
        && crate::pipeline::is_workbook(path)
}
