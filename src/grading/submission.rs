//! Reading a submission file, refusing what cannot be JavaScript with a clear message.

use std::path::Path;
use std::sync::Arc;

use crate::sandbox::SubmissionStyle;
use crate::syntax::SourceAnalysis;

/// The largest submission read; a closure exercise is a few KB.
pub const MAX_SUBMISSION_BYTES: u64 = 1024 * 1024;

/// A submission ready to grade.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The path as the user gave it (for messages and reports).
    pub display: String,
    /// The source text, without a byte-order mark.
    pub source: String,
    /// How it is written.
    pub style: SubmissionStyle,
    /// What the parser found in it (read once, shared by every check).
    pub analysis: Arc<SourceAnalysis>,
}

/// Why a submission cannot be graded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionProblem {
    /// There is no such file: the command cannot run (exit 2).
    #[error("{0}: no such file; write your solution there (or `grade start` to copy the starter)")]
    Missing(String),
    /// The file exists but cannot be read: the command cannot run (exit 2).
    #[error("{0}: cannot read: {1}")]
    Unreadable(String, String),
    /// A folder, FIFO, device or socket where a file should be.
    #[error("{0} is {1}, not a JavaScript file")]
    NotAFile(String, &'static str),
    /// Far larger than any solution.
    #[error("{0} is {1} bytes; a submission must be under {max} bytes", max = MAX_SUBMISSION_BYTES)]
    TooLarge(String, u64),
    /// Not UTF-8 text.
    #[error("{path}:{line}:{column}: the file is not UTF-8 text; save it as UTF-8")]
    NotUtf8 {
        /// The file.
        path: String,
        /// Line of the first bad byte.
        line: u32,
        /// Column of the first bad byte.
        column: u32,
    },
    /// Contains NUL bytes: a binary file.
    #[error("{0} is a binary file, not JavaScript source")]
    Binary(String),
    /// Nothing but white space.
    #[error("{0} is empty: write your solution in it")]
    Empty(String),
}

impl SubmissionProblem {
    /// Whether this stops the command (exit 2) rather than grading the submission as `error`.
    pub fn is_usage_error(&self) -> bool {
        matches!(self, SubmissionProblem::Missing(_) | SubmissionProblem::Unreadable(..))
    }

    /// Whether the path names a folder: given as the one file to grade, the user pointed at the
    /// wrong thing (exit 2); in a class, it is that student's hand-in problem.
    pub fn is_folder(&self) -> bool {
        matches!(self, SubmissionProblem::NotAFile(_, "a folder"))
    }
}

impl Submission {
    /// Reads and checks a submission file without ever blocking on a FIFO or reading a huge file.
    pub fn read(path: &Path) -> Result<Submission, SubmissionProblem> {
        let display = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SubmissionProblem::Missing(display)),
            Err(e) => return Err(SubmissionProblem::Unreadable(display, e.to_string())),
        };
        if !meta.is_file() {
            let what = if meta.is_dir() { "a folder" } else { "a special file (FIFO, device or socket)" };
            return Err(SubmissionProblem::NotAFile(display, what));
        }
        if meta.len() > MAX_SUBMISSION_BYTES {
            return Err(SubmissionProblem::TooLarge(display, meta.len()));
        }
        let bytes = std::fs::read(path).map_err(|e| SubmissionProblem::Unreadable(display.clone(), e.to_string()))?;
        Submission::from_bytes(&display, bytes)
    }

    /// Checks source bytes from anywhere (a file, a mistake in an exercise).
    pub fn from_bytes(display: &str, bytes: Vec<u8>) -> Result<Submission, SubmissionProblem> {
        // UTF-16 (as some editors save) is text, just not UTF-8: say so rather than "binary".
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(SubmissionProblem::NotUtf8 { path: display.to_string(), line: 1, column: 1 });
        }
        if bytes.contains(&0) {
            return Err(SubmissionProblem::Binary(display.to_string()));
        }
        let source = String::from_utf8(bytes).map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() as u32 + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            SubmissionProblem::NotUtf8 { path: display.to_string(), line, column }
        })?;
        let source = source.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(source);
        if source.trim().is_empty() {
            return Err(SubmissionProblem::Empty(display.to_string()));
        }
        let analysis = SourceAnalysis::of(&source);
        let style = analysis.style();
        Ok(Submission { display: display.to_string(), source, style, analysis: Arc::new(analysis) })
    }

    /// A submission from text already in memory.
    pub fn from_text(display: &str, text: &str) -> Result<Submission, SubmissionProblem> {
        Submission::from_bytes(display, text.as_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_files_get_clear_problems() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        assert!(matches!(Submission::read(&p.join("nope.js")), Err(SubmissionProblem::Missing(_))));
        assert!(matches!(Submission::read(p), Err(SubmissionProblem::NotAFile(_, "a folder"))));
        std::fs::write(p.join("e.js"), "  \n").unwrap();
        assert!(matches!(Submission::read(&p.join("e.js")), Err(SubmissionProblem::Empty(_))));
        std::fs::write(p.join("b.js"), [0x7f, b'E', b'L', b'F', 0, 1]).unwrap();
        assert!(matches!(Submission::read(&p.join("b.js")), Err(SubmissionProblem::Binary(_))));
        std::fs::write(p.join("u.js"), b"let a = 1;\nlet b = '\xff';").unwrap();
        assert_eq!(
            Submission::read(&p.join("u.js")).unwrap_err(),
            SubmissionProblem::NotUtf8 { path: p.join("u.js").display().to_string(), line: 2, column: 10 }
        );
    }

    #[test]
    fn utf16_is_not_utf8_rather_than_binary() {
        let utf16: Vec<u8> = "\u{feff}function outer() {}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            Submission::from_bytes("w.js", utf16).unwrap_err(),
            SubmissionProblem::NotUtf8 { path: "w.js".into(), line: 1, column: 1 }
        );
    }

    #[test]
    fn bom_and_crlf_are_fine() {
        let sub = Submission::from_text("s.js", "\u{feff}function outer() {}\r\n").unwrap();
        assert!(sub.source.starts_with("function"));
        assert_eq!(sub.style, SubmissionStyle::Script);
    }

    #[test]
    fn the_source_is_analysed_once_when_read() {
        let sub = Submission::from_text("s.js", "let count = 0;\nmodule.exports = () => ++count;\n").unwrap();
        assert_eq!(sub.style, SubmissionStyle::CommonJs);
        assert_eq!(sub.analysis.lexical_names(), ["count"]);
        let broken = Submission::from_text("b.js", "function outer() {\n").unwrap();
        assert!(broken.analysis.problem().is_some(), "a file that does not parse is still a submission to grade");
    }
}
