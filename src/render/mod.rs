//! Floor 4, render: a document's typed context into an output format, one folder per format,
//! each with its own templates and escaping.

pub mod html;
pub mod inline;
pub mod overrides;
pub mod pdf;
