//! Errors found while loading a course or an exercise: each names the file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`.
    pub fn at(file: &Path, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = &text[..text.floor_char_boundary(offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Location { file: file.to_path_buf(), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// Why a course or exercise could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}: cannot read: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        error: std::io::Error,
    },
    /// The file is not valid TOML or does not fit the schema.
    #[error("{location}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// What is wrong, as the TOML parser put it.
        message: String,
    },
    /// The TOML is well formed but breaks a rule of the exercise format.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong and what to do.
        message: String,
    },
    /// The exercise named on the command line does not exist.
    #[error("no exercise `{id}` in {}{}", dir.display(), suggestion(id, .known))]
    UnknownExercise {
        /// What was asked for.
        id: String,
        /// Where exercises were looked for.
        dir: PathBuf,
        /// The ids that do exist.
        known: Vec<String>,
    },
    /// No `grader.toml` in the starting folder or above it, and no `exercises/` folder there.
    #[error("{}", no_course(start, *named))]
    NoCourse {
        /// The folder the search started from.
        start: PathBuf,
        /// Whether that folder was named with `-C` (rather than being the current folder).
        named: bool,
    },
}

fn no_course(start: &Path, named: bool) -> String {
    if named {
        format!(
            "no grader.toml in {} or any parent folder, and no exercises/ folder in it; pass `-C` the course folder",
            start.display()
        )
    } else {
        "no grader.toml here or in any parent folder; run inside a course or pass `-C DIR`".into()
    }
}

fn suggestion(id: &str, known: &[String]) -> String {
    if known.is_empty() {
        return " (the folder holds no exercise TOML files)".into();
    }
    match crate::spelling::closest(id, known.iter().map(String::as_str)) {
        Some(best) => format!("; did you mean `{best}`? (known exercises: {})", known.join(", ")),
        None => format!("; known exercises: {}", known.join(", ")),
    }
}

impl LoadError {
    /// Turns a TOML parse or schema error into a located error.
    pub fn from_toml(path: &Path, text: &str, error: &toml::de::Error) -> LoadError {
        let offset = error.span().map_or(0, |s| s.start);
        LoadError::Syntax { location: Location::at(path, text, offset), message: error.message().trim().to_string() }
    }

    /// [`LoadError::from_toml`], ending with where in the author reference the file's keys are
    /// (`see docs/exercise-format.md#<anchor>`) unless the message names a section already.
    pub fn from_toml_with_reference(path: &Path, text: &str, error: &toml::de::Error, anchor: &str) -> LoadError {
        match LoadError::from_toml(path, text, error) {
            LoadError::Syntax { location, message } if !message.contains(super::matchers::REFERENCE) => {
                LoadError::Syntax { location, message: format!("{message}; {}", super::see(anchor)) }
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = 2\n";
        let loc = Location::at(Path::new("x.toml"), text, 9);
        assert_eq!((loc.line, loc.column), (2, 3));
        assert_eq!(loc.to_string(), "x.toml:2:3");
        assert_eq!(Location::at(Path::new("x"), text, 0).line, 1);
    }
}
