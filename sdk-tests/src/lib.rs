//! Support for the tests of the generated `codat-platform` crate: the example sites of the spec
//! (from the build script), JSON comparison that treats `1` and `1.0` as the same number, and
//! what the Prism tests of every generated crate share ([`prism`], [`prism_examples`]).

pub mod prism;
pub mod prism_examples;
mod round_trip;

pub use round_trip::{check_round_trip, json_difference, round_trip};

include!(concat!(env!("OUT_DIR"), "/examples.rs"));
