//! A class's results as typed data: the records and summary lines of batch JSON Lines
//! ([`record`]), the class folder and which of its files are graded ([`layout`]), the roster
//! that maps folders to people ([`roster`]), and the running tally every class report renders
//! ([`tally`]).
//!
//! `batch` and `merge` both speak this model; the reports in `report::class`,
//! `report::gradebook` and `report::html` read a [`Tally`] and never run code.

pub mod file_note;
pub mod layout;
pub mod record;
pub mod roster;
pub mod shard;
pub mod tally;

pub use crate::results::CheckRecord;
pub use file_note::{FileIssue, FileNote};
pub use layout::{ClassLayout, StudentFiles};
pub use record::{ClassIdentity, CourseIdentity, Line, Problem, Record, Summary};
pub use roster::{Roster, RosterEntry, RosterError};
pub use shard::Shard;
pub use tally::{Cell, ExerciseInfo, ProblemEntry, Row, Tally};

/// A stable 64-bit FNV-1a hash, in hex: identifies a course or a class across machines and
/// versions of Rust (std's hashers promise neither).
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_part_boundaries_apart() {
        assert_eq!(fingerprint(["a", "b"]), fingerprint(["a", "b"]));
        assert_ne!(fingerprint(["ab"]), fingerprint(["a", "b"]));
        assert_eq!(fingerprint([]), "cbf29ce484222325");
    }
}
