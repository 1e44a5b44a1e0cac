//! Report formats. They read outcomes and never run code.

pub mod backpack;
mod calls_table;
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
    width: Option<usize>,
}

/// The narrowest width code is wrapped to (a narrower terminal still gets readable lines).
const MIN_WIDTH: usize = 40;

impl Paint {
    /// Colors for standard output as anstream decides them: the global choice set by
    /// `--color`, else `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`, whether standard output is a
    /// terminal, and `TERM`.
    pub fn for_stdout() -> Paint {
        let choice = anstream::AutoStream::choice(&std::io::stdout());
        Paint { color: choice != anstream::ColorChoice::Never, width: Some(stdout_width()) }
    }

    /// These colors, with code wrapped to `width` columns (`None`: never wrapped, for logs and
    /// CI formats, which keep every line whole).
    pub fn with_width(self, width: Option<usize>) -> Paint {
        Paint { width: width.map(|w| w.max(MIN_WIDTH)), ..self }
    }

    /// The width long lines are wrapped to, if any.
    pub fn width(&self) -> Option<usize> {
        self.width
    }

    /// No colors.
    pub fn plain() -> Paint {
        Paint { color: false, width: None }
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

/// The width of the terminal on standard output; else `COLUMNS`; else 100.
fn stdout_width() -> usize {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(std::io::stdout()) {
        return usize::from(w);
    }
    std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()).filter(|&w| w > 0).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paints_nothing_and_color_wraps_in_one_reset() {
        assert_eq!(Paint::plain().red("x"), "x");
        let painted = Paint { color: true, width: None }.red("x");
        assert_eq!(painted, "\u{1b}[31mx\u{1b}[0m");
        assert_eq!(Paint { color: true, width: None }.bold("h"), "\u{1b}[1mh\u{1b}[0m");
    }
}

/// `1 check`, `2 checks`: a count and its noun, never plural for one.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

#[cfg(test)]
mod counted_tests {
    #[test]
    fn counts_are_never_plural_for_one() {
        assert_eq!(
            [super::counted(1, "check"), super::counted(0, "check"), super::counted(7, "point")],
            ["1 check", "0 checks", "7 points"]
        );
    }
}
