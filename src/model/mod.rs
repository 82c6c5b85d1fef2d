//! Floor 3, model and check: typed readers for each sheet kind of the workbook contract, the
//! document and meeting they make, the house style, and every rule about them.

pub mod actions;
pub mod alignment;
pub mod appendix;
pub mod config;
pub mod cover;
pub mod decisions;
pub mod document;
pub mod equality;
pub mod exempt;
pub mod fit;
pub mod impact;
pub mod meeting;
pub mod new;
pub mod numbering;
pub mod objectives;
pub mod proceedings;
pub mod report;
pub mod validate;
