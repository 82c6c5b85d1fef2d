//! Typed readers for each sheet kind of the workbook contract.

pub mod actions;
pub mod alignment;
pub mod appendix;
pub mod cover;
pub mod equality;
pub mod fit;
pub mod impact;
pub mod numbering;
pub mod objectives;
pub mod report;
