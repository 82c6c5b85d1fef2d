//! Floor 5, run: the stages of a run: the staged pipeline that turns each workbook into its
//! PDF, the incremental state that skips unchanged ones, the manifest of every output, and the
//! ledger of what was published and what was exempt.

pub mod incremental;
pub mod ledger;
pub mod manifest;
pub mod pipeline;
pub mod stale;
pub mod survey;
