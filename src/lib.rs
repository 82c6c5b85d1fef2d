//! Papers turns council workbooks into committee papers: calamine reads them, Handlebars
//! templates emit Typst, and Typst, embedded, typesets archival and accessible PDFs.
//!
//! The modules are floors, each using only the floors below it (`tests/layers.rs` checks
//! it):
//!
//! 1. [`base`]: diagnostics, dates, hashing, fonts, paths and atomic writes, the lock;
//! 2. [`workbook`]: workbooks read into typed grids of clean text;
//! 3. [`model`]: typed documents and meetings from grids, the house style, and every rule
//!    about them;
//! 4. [`render`]: one folder per output format (`render/pdf`: templates, Typst world,
//!    typesetting; `render/html`: templates, HTML escaping, the calendar);
//! 5. [`run`]: the stages of a run: the staged pipeline, incremental state, the manifest and
//!    the ledger;
//! 6. [`publish`]: what is made from the built documents: agenda packs, the web pages, the
//!    archive;
//! 7. [`cli`] and [`cmd`]: arguments and one small file per command.

pub mod base;
pub mod cli;
pub mod cmd;
pub mod model;
pub mod publish;
pub mod render;
pub mod run;
pub mod workbook;

// The paths these modules had before the floors were drawn, which the tests use.
pub use base::{date, diag, hash};
pub use model::config;
pub use render::pdf::{templates, typeset, world};
pub use run::pipeline;
