//! Arbitrary text and widths through the wrapper: lines are in order, inside the text, on
//! character boundaries, and never wider than the width (a single visible grapheme wider than
//! the width excepted).
#![no_main]

use libfuzzer_sys::fuzz_target;
use synoptic::wrap::{grapheme_width, wrap};

fuzz_target!(|input: (u16, &str)| {
    let (width, text) = input;
    let width = usize::from(width % 300) + 1;
    let lines = wrap(text, 0, width);
    let mut end = 0;
    for line in &lines {
        assert!(line.start >= end && line.end <= text.len());
        assert!(text.is_char_boundary(line.start) && text.is_char_boundary(line.end));
        let shown = &text[line.clone()];
        // Measured grapheme by grapheme, as drawn: trimming the string itself would re-segment
        // it (a space ending a grapheme of prepended marks). Only a grapheme wider than the
        // whole width may overflow it, alone on its line (zero-width graphemes, such as marks
        // with no base, may go with it).
        let graphemes: Vec<&str> =
            unicode_segmentation::UnicodeSegmentation::graphemes(shown, true).collect();
        let last = graphemes
            .iter()
            .rposition(|g| !g.chars().all(char::is_whitespace))
            .map_or(0, |i| i + 1);
        let drawn: usize = graphemes[..last].iter().map(|g| grapheme_width(g)).sum();
        let visible = graphemes.iter().filter(|g| grapheme_width(g) > 0).count();
        assert!(drawn <= width || visible <= 1, "{shown:?} > {width}");
        end = line.end;
    }
});
