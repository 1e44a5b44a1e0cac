//! The messages between the parent and a worker process: length-prefixed postcard frames.
//!
//! A worker's first message is `Ready` with the protocol version; the parent refuses a worker of
//! another version (a stale binary), so the two sides never misread each other.

use std::io::{Read, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::exercise::Limits;
use crate::grading::Outcome;

/// Bumped whenever a message changes shape.
pub const PROTOCOL_VERSION: u16 = 4;

/// The largest frame accepted (an outcome with diffs of 64 KB outputs fits with room to spare).
const MAX_FRAME: usize = 64 << 20;

/// One submission to grade.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// Chosen by the parent; echoed back.
    pub id: u64,
    /// The exercise TOML file.
    pub exercise: PathBuf,
    /// The course limits the exercise's own override.
    pub limits: Limits,
    /// The submission file.
    pub submission: PathBuf,
    /// How the submission is named in reports.
    pub display: String,
    /// See [`super::WorkItem::backpack_values`].
    #[serde(default)]
    pub backpack_values: bool,
}

/// Parent to worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum ToWorker {
    /// Grade this.
    Grade(Job),
}

/// Worker to parent.
#[derive(Debug, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker is up.
    Ready {
        /// Its [`PROTOCOL_VERSION`].
        version: u16,
    },
    /// The exercise is prepared and grading has begun: the watchdog starts now.
    Started {
        /// The job.
        id: u64,
    },
    /// A check is starting: the watchdog gives it its own budget from now.
    Check {
        /// The job.
        id: u64,
        /// The check's index in the exercise.
        index: usize,
    },
    /// The verdict, graded; what follows (reading backpack values) only adds to it. If the
    /// worker is lost after this, the parent keeps this outcome.
    Graded {
        /// The job.
        id: u64,
        /// What grading found.
        outcome: Box<Outcome>,
    },
    /// The result.
    Done {
        /// The job.
        id: u64,
        /// What grading found.
        outcome: Box<Outcome>,
    },
    /// The job could not be graded at all (the exercise did not load in the worker).
    Failed {
        /// The job.
        id: u64,
        /// Why.
        message: String,
    },
}

/// Writes one frame and flushes.
pub fn write_frame<T: Serialize>(writer: &mut impl Write, message: &T) -> std::io::Result<()> {
    let bytes = postcard::to_stdvec(message).map_err(std::io::Error::other)?;
    writer.write_all(&(bytes.len() as u32).to_le_bytes())?;
    writer.write_all(&bytes)?;
    writer.flush()
}

/// Reads one frame; `None` at a clean end of stream.
pub fn read_frame<T: DeserializeOwned>(reader: &mut impl Read) -> std::io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match reader.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    decode(u32::from_le_bytes(len) as usize, |buf| reader.read_exact(buf)).map(Some)
}

/// Decodes a frame of `len` bytes filled by `fill`.
pub fn decode<T: DeserializeOwned>(
    len: usize,
    fill: impl FnOnce(&mut [u8]) -> std::io::Result<()>,
) -> std::io::Result<T> {
    if len > MAX_FRAME {
        return Err(std::io::Error::other(format!("a frame of {len} bytes is over the limit")));
    }
    let mut buf = vec![0u8; len];
    fill(&mut buf)?;
    postcard::from_bytes(&buf).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let mut pipe = Vec::new();
        write_frame(&mut pipe, &FromWorker::Ready { version: PROTOCOL_VERSION }).unwrap();
        write_frame(&mut pipe, &FromWorker::Started { id: 7 }).unwrap();
        let mut reader = pipe.as_slice();
        assert!(matches!(read_frame(&mut reader).unwrap(), Some(FromWorker::Ready { version: PROTOCOL_VERSION })));
        assert!(matches!(read_frame(&mut reader).unwrap(), Some(FromWorker::Started { id: 7 })));
        assert!(read_frame::<FromWorker>(&mut reader).unwrap().is_none());
    }

    #[test]
    fn an_outcome_with_backpacks_read_and_unread_round_trips() {
        // Postcard has no optional fields: a field skipped when empty would break every frame
        // after it (a worker then "stops answering").
        let text = "title = \"t\"\nentry = [\"outer\"]\n[[check]]\nname = \"c\"\nsetup = \"const a = outer();\"\n\
                    calls = [\"a()\", \"a()\"]\nexpect = [1, 2]\n";
        let exercise = crate::exercise::Exercise::parse(std::path::Path::new("exercises/e.toml"), text).unwrap();
        let prepared = std::sync::Arc::new(
            crate::grading::PreparedExercise::new(exercise, &crate::exercise::Limits::default()).unwrap(),
        );
        let source = "function outer() { let n = 0; return function () { return n++; }; }";
        for backpack_values in [false, true] {
            let submission = crate::grading::Submission::from_text("s.js", source).unwrap();
            let feedback = crate::grading::Feedback { mistakes: false, backpack_values };
            let outcome = crate::grading::grade(&prepared, submission, feedback);
            let mut pipe = Vec::new();
            write_frame(&mut pipe, &FromWorker::Done { id: 1, outcome: Box::new(outcome.clone()) }).unwrap();
            write_frame(&mut pipe, &FromWorker::Started { id: 2 }).unwrap();
            let mut reader = pipe.as_slice();
            let Some(FromWorker::Done { outcome: back, .. }) = read_frame(&mut reader).unwrap() else {
                panic!("no outcome came back")
            };
            assert_eq!(format!("{back:?}"), format!("{outcome:?}"));
            assert!(matches!(read_frame(&mut reader).unwrap(), Some(FromWorker::Started { id: 2 })));
        }
    }
}
