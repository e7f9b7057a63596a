//! Questions asked of the finished IR that more than one emitter needs answered the same way:
//! which groups reach each model ([`gates`]) and who uses each model ([`used_by`]). Emitters
//! print the answers; they do not walk the IR themselves.

pub mod gates;
pub mod used_by;

pub use gates::TypeGates;
pub use used_by::{Role, Usage, UsedBy};
