//! Console output captured from one context, capped at the check's output limit.

/// Which console stream a call writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// `console.log`, `info`, `debug`.
    Stdout,
    /// `console.warn`, `error`, `trace`.
    Stderr,
}

/// Captured output. The limit applies to what a check compares: the output since [`Output::mark`]
/// (and, before it, to what loading prints). Once `limit` bytes are kept the rest of both streams
/// is dropped and a marker is added to the stream that overflowed, and to stdout in any case: it
/// is what checks compare, so a cut always shows there.
#[derive(Debug, Default)]
pub struct Output {
    stdout: String,
    stderr: String,
    limit: usize,
    cut: bool,
    stdout_mark: usize,
    stderr_mark: usize,
}

/// Printed where output was cut.
pub fn cut_marker(limit: usize) -> String {
    format!("\n[output cut: more than {} KB]\n", limit.div_ceil(1024))
}

impl Output {
    /// An empty capture that keeps at most `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Output { limit, ..Default::default() }
    }

    /// Bytes held, on both streams (loading's output included).
    pub fn len(&self) -> usize {
        self.stdout.len() + self.stderr.len()
    }

    /// Whether more output would be dropped.
    pub fn is_full(&self) -> bool {
        self.cut
    }

    /// Appends text to a stream, cutting it at the limit.
    pub fn write(&mut self, stream: Stream, text: &str) {
        if self.cut {
            return;
        }
        let kept = (self.stdout.len() - self.stdout_mark) + (self.stderr.len() - self.stderr_mark);
        let room = self.limit.saturating_sub(kept);
        let target = match stream {
            Stream::Stdout => &mut self.stdout,
            Stream::Stderr => &mut self.stderr,
        };
        if text.len() <= room {
            target.push_str(text);
            return;
        }
        let mut end = room;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        target.push_str(&text[..end]);
        target.push_str(&cut_marker(self.limit));
        if stream == Stream::Stderr {
            self.stdout.push_str(&cut_marker(self.limit));
        }
        self.cut = true;
    }

    /// Starts the part of the output that a check compares (after the submission has loaded),
    /// with the whole limit for it: what loading printed neither counts nor shows.
    pub fn mark(&mut self) {
        self.stdout_mark = self.stdout.len();
        self.stderr_mark = self.stderr.len();
        self.cut = false;
    }

    /// Standard output since the mark.
    pub fn stdout(&self) -> &str {
        &self.stdout[self.stdout_mark..]
    }

    /// Standard error since the mark.
    pub fn stderr(&self) -> &str {
        &self.stderr[self.stderr_mark..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_the_limit_with_a_marker() {
        let mut out = Output::new(10);
        out.write(Stream::Stdout, "12345\n");
        out.write(Stream::Stdout, "67890\n");
        out.write(Stream::Stdout, "never\n");
        assert!(out.is_full());
        assert_eq!(out.stdout(), format!("12345\n6789{}", cut_marker(10)));
        out.write(Stream::Stderr, "late\n");
        assert_eq!(out.stderr(), "");
    }

    #[test]
    fn mark_separates_load_output() {
        let mut out = Output::new(100);
        out.write(Stream::Stdout, "loading\n");
        out.mark();
        out.write(Stream::Stdout, "1\n");
        out.write(Stream::Stderr, "warn\n");
        assert_eq!(out.stdout(), "1\n");
        assert_eq!(out.stderr(), "warn\n");
    }

    #[test]
    fn loading_output_does_not_use_up_the_checks_budget() {
        let mut out = Output::new(10);
        out.write(Stream::Stdout, &"x".repeat(70));
        assert!(out.stdout().ends_with(&cut_marker(10)));
        out.mark();
        assert!(!out.is_full());
        out.write(Stream::Stdout, "1\n");
        assert_eq!(out.stdout(), "1\n");
        assert_eq!(out.stderr(), "");
    }

    #[test]
    fn a_cut_on_stderr_shows_on_stdout_too() {
        let mut out = Output::new(10);
        out.mark();
        out.write(Stream::Stdout, "1\n");
        out.write(Stream::Stderr, &"e".repeat(20));
        // Later stdout is dropped, so stdout says so rather than reading as complete.
        out.write(Stream::Stdout, "2\n");
        assert_eq!(out.stdout(), format!("1\n{}", cut_marker(10)));
        assert_eq!(out.stderr(), format!("{}{}", "e".repeat(8), cut_marker(10)));
    }
}
