//! HTML: Handlebars templates that emit accessible web pages from the same document model
//! as the PDFs, with HTML escaping; the status chart as SVG; the meetings calendar.

pub mod calendar;
pub mod chart;
pub mod escape;
pub mod pages;
pub mod templates;
