//! PDF: Handlebars templates that emit Typst, with Typst's escaping, typeset by the embedded
//! Typst compiler in Papers' own world.

pub mod assemble;
pub mod compact;
pub mod escape;
pub mod listnumbering;
pub mod pagemode;
pub mod partials;
pub mod templates;
pub mod typeset;
pub mod world;
