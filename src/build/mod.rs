//! Floor 5, build: the staged pipeline that turns each workbook into its PDF, the
//! incremental state that skips unchanged ones, and the manifest of every output.

pub mod incremental;
pub mod ledger;
pub mod manifest;
pub mod pipeline;
pub mod stale;
pub mod survey;
