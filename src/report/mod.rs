//! Report formats. They read outcomes and never run code.

pub mod ci;
pub mod class;
mod diff;
pub mod human;
pub mod inert;
pub mod json;
pub mod markdown;

use owo_colors::OwoColorize;

/// An output format of the grading commands (spec §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a person at a terminal.
    Human,
    /// One JSON object (JSON Lines for batch).
    Json,
    /// JUnit XML.
    Junit,
    /// Gradescope's results.json.
    Gradescope,
    /// GitHub Classroom's autograding JSON.
    Classroom,
}

/// Colors on or off; reports take one so that they never ask the terminal themselves.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    color: bool,
}

impl Paint {
    /// Colors for a terminal, unless `NO_COLOR` is set.
    pub fn for_terminal(is_terminal: bool) -> Paint {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Paint { color: is_terminal && !no_color }
    }

    /// No colors.
    pub fn plain() -> Paint {
        Paint { color: false }
    }

    fn paint(&self, text: &str, style: impl Fn(&str) -> String) -> String {
        if self.color { style(text) } else { text.to_string() }
    }

    /// Passing marks and added lines.
    pub fn green(&self, text: &str) -> String {
        self.paint(text, |t| t.green().to_string())
    }

    /// Failing marks and removed lines.
    pub fn red(&self, text: &str) -> String {
        self.paint(text, |t| t.red().to_string())
    }

    /// Hints and mistakes.
    pub fn yellow(&self, text: &str) -> String {
        self.paint(text, |t| t.yellow().to_string())
    }

    /// Headings.
    pub fn bold(&self, text: &str) -> String {
        self.paint(text, |t| t.bold().to_string())
    }

    /// Code.
    pub fn cyan(&self, text: &str) -> String {
        self.paint(text, |t| t.cyan().to_string())
    }

    /// Whether this paints nothing.
    pub fn is_plain(&self) -> bool {
        !self.color
    }

    /// Secondary text.
    pub fn dim(&self, text: &str) -> String {
        self.paint(text, |t| t.dimmed().to_string())
    }
}
