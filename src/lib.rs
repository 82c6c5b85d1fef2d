//! Papers turns council workbooks into committee papers: calamine reads them, Handlebars
//! templates emit Typst, and Typst, embedded, typesets archival and accessible PDFs.

pub mod archive;
pub mod cli;
pub mod cmd;
pub mod compact;
pub mod config;
pub mod date;
pub mod diag;
pub mod document;
pub mod escape;
pub mod fonts;
pub mod hash;
pub mod incremental;
pub mod lock;
pub mod manifest;
pub mod meeting;
pub mod model;
pub mod new;
pub mod pack;
pub mod pipeline;
pub mod templates;
pub mod typeset;
pub mod validate;
pub mod workbook;
pub mod world;
