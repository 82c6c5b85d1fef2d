//! Floor 1, foundations: what every other floor uses and that knows nothing of Papers'
//! documents: diagnostics and the errors that stop a run, dates, hashing, the bundled fonts,
//! paths and atomic writes, the build and shard locks, working days.

pub mod budget;
pub mod date;
pub mod diag;
pub mod discard;
pub mod fault;
pub mod fonts;
pub mod hash;
pub mod image;
pub mod lock;
pub mod paths;
pub mod time;
pub mod workdays;
