//! A document laid out for one text width: its display lines, each a byte range of the text.

use crate::corpus::Document;
use crate::wrap::wrap;
use std::ops::Range;

/// One display line of a laid-out document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VLine {
    /// The block this line belongs to; `None` for the blank line between two blocks.
    pub block: Option<usize>,
    /// Byte range in the document text (empty for blank lines).
    pub range: Range<usize>,
}

/// A document wrapped at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLayout {
    pub width: usize,
    pub lines: Vec<VLine>,
}

impl DocLayout {
    pub fn new(doc: &Document, width: usize) -> DocLayout {
        let mut lines = Vec::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            if b > 0 {
                let at = doc.blocks[b - 1].range.end;
                lines.push(VLine {
                    block: None,
                    range: at..at,
                });
            }
            for range in wrap(doc.block_text(block), block.range.start, width) {
                lines.push(VLine {
                    block: Some(b),
                    range,
                });
            }
        }
        DocLayout { width, lines }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The line showing byte `offset` (the last line starting at or before it).
    pub fn line_of(&self, offset: usize) -> usize {
        let i = self.lines.partition_point(|l| l.range.start <= offset);
        // Prefer a text line over the blank separator that starts at the same offset.
        let mut i = i.saturating_sub(1);
        while i > 0 && self.lines[i].block.is_none() && self.lines[i - 1].range.end >= offset {
            i -= 1;
        }
        i
    }

    /// What a top line is, so that the same line can be found at another width: its start
    /// offset, and whether it is the blank line between two blocks (which starts where the
    /// text line before it ends).
    pub fn anchor_of(&self, line: usize) -> (usize, bool) {
        let blank = self.lines.get(line).is_some_and(|l| l.block.is_none());
        (self.offset_of(line), blank)
    }

    /// The line of an [`DocLayout::anchor_of`] anchor at this width.
    pub fn line_of_anchor(&self, (offset, blank): (usize, bool)) -> usize {
        let line = self.line_of(offset);
        if blank {
            if let Some(b) = (line..self.lines.len().min(line + 2))
                .find(|&i| self.lines[i].block.is_none() && self.lines[i].range.start == offset)
            {
                return b;
            }
        }
        line
    }

    /// Start offset of a line (clamped to the last line).
    pub fn offset_of(&self, line: usize) -> usize {
        self.lines
            .get(line.min(self.lines.len().saturating_sub(1)))
            .map_or(0, |l| l.range.start)
    }

    /// First and last line of a byte range.
    pub fn lines_of(&self, range: &Range<usize>) -> Range<usize> {
        let first = self.line_of(range.start);
        let last = self.line_of(range.end.saturating_sub(1).max(range.start));
        first..last + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::BlockKind;

    #[test]
    fn lays_out_blocks_with_blank_lines() {
        let doc = Document::from_blocks(
            "d",
            "T",
            &[(BlockKind::Title, "T"), (BlockKind::Paragraph, "aa bb cc")],
        );
        let l = DocLayout::new(&doc, 5);
        let texts: Vec<&str> = l.lines.iter().map(|v| &doc.text[v.range.clone()]).collect();
        assert_eq!(texts, ["T", "", "aa bb", "cc"]);
        assert_eq!(l.line_of(0), 0);
        assert_eq!(l.line_of(1), 0);
        assert_eq!(l.line_of(3), 2);
        assert_eq!(l.line_of(9), 3);
        assert_eq!(l.lines_of(&doc.blocks[1].range), 2..4);
    }
}
