//! Report formats. They read outcomes and never run code.

pub mod ci;
pub mod class;
mod code_frame;
mod diff;
pub mod gradebook;
pub mod html;
pub mod human;
pub mod inert;
pub mod json;
pub mod markdown;

use anstyle::{AnsiColor, Effects, Style};

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
    /// Colors for standard output as anstream decides them: the global choice set by
    /// `--color`, else `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`, whether standard output is a
    /// terminal, and `TERM`.
    pub fn for_stdout() -> Paint {
        let choice = anstream::AutoStream::choice(&std::io::stdout());
        Paint { color: choice != anstream::ColorChoice::Never }
    }

    /// No colors.
    pub fn plain() -> Paint {
        Paint { color: false }
    }

    fn paint(&self, text: &str, style: Style) -> String {
        if self.color { format!("{style}{text}{style:#}") } else { text.to_string() }
    }

    /// Passing marks and added lines.
    pub fn green(&self, text: &str) -> String {
        self.paint(text, AnsiColor::Green.on_default())
    }

    /// Failing marks and removed lines.
    pub fn red(&self, text: &str) -> String {
        self.paint(text, AnsiColor::Red.on_default())
    }

    /// Hints and mistakes.
    pub fn yellow(&self, text: &str) -> String {
        self.paint(text, AnsiColor::Yellow.on_default())
    }

    /// Headings.
    pub fn bold(&self, text: &str) -> String {
        self.paint(text, Style::new().effects(Effects::BOLD))
    }

    /// Code.
    pub fn cyan(&self, text: &str) -> String {
        self.paint(text, AnsiColor::Cyan.on_default())
    }

    /// Whether this paints nothing.
    pub fn is_plain(&self) -> bool {
        !self.color
    }

    /// Secondary text.
    pub fn dim(&self, text: &str) -> String {
        self.paint(text, Style::new().effects(Effects::DIMMED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paints_nothing_and_color_wraps_in_one_reset() {
        assert_eq!(Paint::plain().red("x"), "x");
        let painted = Paint { color: true }.red("x");
        assert_eq!(painted, "\u{1b}[31mx\u{1b}[0m");
        assert_eq!(Paint { color: true }.bold("h"), "\u{1b}[1mh\u{1b}[0m");
    }
}
