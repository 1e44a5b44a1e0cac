//! What is said about a file of the class folder that is not graded as it stands: graded under
//! its exercise's name, misnamed, a duplicate, stray. Kept in the summary line, so that a merge
//! reports them too.

use serde::{Deserialize, Serialize};

use super::layout::NESTED_FOLDER;

/// A file or folder of the class that is not graded as it stands, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FileNote {
    /// Relative to the class folder, `/`-separated (`amy/exercise-1.js`).
    pub path: String,
    /// What is the matter with it.
    #[serde(flatten)]
    pub issue: FileIssue,
}

/// What a [`FileNote`] says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FileIssue {
    /// Graded as this exercise, though its name differs in letter case or it is in `submissions/`.
    GradedAs {
        /// The exercise id.
        exercise: String,
    },
    /// A `.js` file named after no exercise of the course.
    UnknownExercise {
        /// The exercise it was probably meant for.
        suggestion: Option<String>,
    },
    /// One of several files that could be this exercise's; `graded` says which one was, if any.
    Duplicate {
        /// The exercise id.
        exercise: String,
        /// The file graded instead, if one was named exactly.
        graded: Option<String>,
    },
    /// A file at the top of the class folder, where only students' folders belong.
    NotAStudent,
    /// A symbolic link to a folder at the top of the class folder, refused rather than followed.
    LinkedStudent,
    /// A name that is not UTF-8 text.
    BadName,
    /// Could not be read.
    Unreadable {
        /// The error.
        error: String,
    },
    /// A file in a student's folder that is not a `.js` file.
    NotAnExerciseFile,
    /// A folder in a student's folder other than `submissions/`.
    OtherFolder,
}

impl FileNote {
    /// Whether the file was graded after all (under its exercise's name).
    pub fn graded(&self) -> bool {
        matches!(self.issue, FileIssue::GradedAs { .. })
    }

    /// One line for a person: the path, what is wrong, what happened.
    pub fn describe(&self) -> String {
        let path = &self.path;
        match &self.issue {
            FileIssue::GradedAs { exercise } => format!("{path}: graded as {exercise}.js"),
            FileIssue::UnknownExercise { suggestion: Some(s) } => {
                format!("{path}: no exercise has this name (did you mean {s}.js?); not graded")
            }
            FileIssue::UnknownExercise { suggestion: None } => {
                format!("{path}: no exercise of the course has this name; not graded")
            }
            FileIssue::Duplicate { exercise, graded: Some(g) } => {
                format!("{path}: another file for {exercise}; {g} was graded instead")
            }
            FileIssue::Duplicate { exercise, graded: None } => {
                format!("{path}: one of several files that could be {exercise}.js; none was graded, rename one")
            }
            FileIssue::NotAStudent => {
                format!("{path}: a file at the top of the class folder, where each student has a folder; not graded")
            }
            FileIssue::LinkedStudent => {
                format!("{path}: a symbolic link to a folder, not a student's own folder; copy the folder in instead")
            }
            FileIssue::BadName => format!("{path}: the name is not UTF-8 text; rename it"),
            FileIssue::Unreadable { error } => format!("{path}: cannot be read ({error}); not graded"),
            FileIssue::NotAnExerciseFile => format!("{path}: not an exercise file (<exercise-id>.js); not graded"),
            FileIssue::OtherFolder => {
                format!("{path}: a folder other than {NESTED_FOLDER}/ inside a student's folder; not graded")
            }
        }
    }
}
