//! Byte offsets (as the parser gives them) turned into lines and columns, and the bounded lines
//! of a code frame.

use super::SourceLine;

/// A place in the file: line and column (in characters), both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Most characters of one line a code frame shows.
const MAX_LINE_CHARS: usize = 120;
/// Characters kept before the column of interest when a long line is cut at its start.
const CONTEXT_BEFORE: usize = 60;

/// Bytes per block of [`LineIndex::block_chars`].
const BLOCK: usize = 256;

/// Where each line of a source starts, and how many characters come before each block of it, so
/// that a position costs a search and at most one block's scan, even on a megabyte-long line.
pub(super) struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
    block_chars: Vec<usize>,
}

/// Characters that start in `bytes` (UTF-8 continuation bytes do not).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl<'s> LineIndex<'s> {
    pub(super) fn new(source: &'s str) -> LineIndex<'s> {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let mut block_chars = vec![0];
        for block in source.as_bytes().chunks(BLOCK) {
            block_chars.push(block_chars.last().copied().unwrap_or(0) + chars_in(block));
        }
        LineIndex { source, starts, block_chars }
    }

    /// Characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        self.block_chars[block] + chars_in(&self.source.as_bytes()[block * BLOCK..offset])
    }

    /// The position of a byte offset (clamped to the file, and to a character boundary).
    pub(super) fn position(&self, offset: u32) -> Position {
        let mut offset = (offset as usize).min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        Position { line: line as u32, column: column as u32 }
    }

    /// Where an error at `offset` is best shown: an offset in the blank tail of the file (the
    /// parser's "end of input") moves to just after the last character that is not white space.
    pub(super) fn error_position(&self, offset: u32) -> Position {
        let code_end = self.source.trim_end().len();
        self.position(if offset as usize > code_end { code_end as u32 } else { offset })
    }

    /// Line `number` (from 1) cut to a readable length around `column`, without its line break.
    pub(super) fn line(&self, number: u32, column: u32) -> Option<SourceLine> {
        let start = *self.starts.get((number as usize).checked_sub(1)?)?;
        let end = self.starts.get(number as usize).map_or(self.source.len(), |next| next - 1);
        let text = self.source[start..end].strip_suffix('\r').unwrap_or(&self.source[start..end]);
        let skipped = (column as usize).saturating_sub(1).saturating_sub(CONTEXT_BEFORE);
        let mut shown = text.chars().skip(skipped);
        let kept: String = shown.by_ref().take(MAX_LINE_CHARS).collect();
        let cut = shown.next().is_some();
        Some(SourceLine { number, skipped: skipped as u32, text: kept, cut })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes_on_long_lines() {
        let source = format!("é\n{}ü = 1;\n", "€".repeat(1_000));
        let index = LineIndex::new(&source);
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(2), Position { line: 1, column: 2 });
        let u = source.find('ü').unwrap() as u32;
        assert_eq!(index.position(u), Position { line: 2, column: 1_001 });
        assert_eq!(index.position(u + 1), Position { line: 2, column: 1_001 }, "inside a character");
        assert_eq!(index.position(u32::MAX), Position { line: 3, column: 1 }, "clamped to the end");
    }
}
