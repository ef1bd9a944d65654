//! The terminal screen: what was last drawn, and the bytes that turn it into the next frame.
//!
//! ratatui's diff rewrites every cell that changed, so a pane scrolled by one line costs the
//! whole pane (≈3 KB at 120×40). Here, before the diff, each pane whose rows moved is
//! scrolled by the terminal itself, and only the rows that came into view are then written:
//! - a region as wide as the screen (one pane) scrolls with top/bottom margins (DECSTBM) and
//!   line feeds / reverse index, which every VT100 descendant has, tmux and screen included;
//! - a narrower region (panes side by side) also needs left/right margins (DECSLRM, enabled by
//!   DECLRMM): xterm, WezTerm, iTerm2, mlterm and Windows Terminal have them, tmux and screen
//!   do not. They are used only when [`Margins`] says so (the runtime asks the terminal);
//!   otherwise such a pane is redrawn by the diff.
//!
//! Correctness does not depend on guessing the scroll right: the scroll is applied to the
//! copy of the last frame too, exactly as the terminal applies it (vacated rows blank, in the
//! default colours), and the diff against that copy writes whatever still differs.

use crossterm::queue;
use crossterm::style::{
    Attribute, Color as CColor, SetAttribute, SetBackgroundColor, SetForegroundColor,
    SetUnderlineColor,
};
use crossterm::terminal::{Clear, ClearType};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Unchanged cells between two changed ones on a row are rewritten rather than jumped over
/// when there are at most this many (a cursor move costs up to 8 bytes).
const MAX_GAP: u16 = 6;

/// Whether the terminal may be asked to scroll a region narrower than the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Margins {
    /// Never: side-by-side panes are redrawn by the diff.
    #[default]
    Off,
    /// Left/right margins (DECSLRM) are used for side-by-side panes.
    On,
}

impl Margins {
    /// `auto`: on in terminals known to have left/right margins, when no multiplexer sits in
    /// between (tmux and screen have none, whatever the terminal outside them has).
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> Margins {
        let term = env("TERM").unwrap_or_default();
        let multiplexed = env("TMUX").is_some()
            || env("STY").is_some()
            || term.starts_with("screen")
            || term.starts_with("tmux");
        let known = env("XTERM_VERSION").is_some()
            || matches!(
                env("TERM_PROGRAM").as_deref(),
                Some("WezTerm" | "iTerm.app" | "mlterm")
            )
            || term.starts_with("mlterm");
        if known && !multiplexed {
            Margins::On
        } else {
            Margins::Off
        }
    }
}

/// Asks the terminal whether it has left/right margins without waiting for its answer: with
/// margins on the first three columns, a fourth character written from the first column
/// wraps to the second row; without them it lands in the fifth column. The question is
/// written after the first frame ([`Screen::ask_margins`]); the answer, a cursor position
/// report, comes with the input; a terminal that has not answered within
/// [`MarginsProbe::PATIENCE`] is taken to have none, and a late answer is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarginsProbe {
    /// When the question was asked; `None` once answered or given up.
    asked: Option<std::time::Instant>,
}

impl MarginsProbe {
    /// How long the answer is waited for.
    pub const PATIENCE: std::time::Duration = std::time::Duration::from_millis(100);

    /// The question was asked at `now`.
    pub fn asked(now: std::time::Instant) -> MarginsProbe {
        MarginsProbe { asked: Some(now) }
    }

    /// Whether an answer is still awaited.
    pub fn waiting(&self) -> bool {
        self.asked.is_some()
    }

    /// When to give up.
    pub fn deadline(&self) -> Option<std::time::Instant> {
        self.asked.map(|t| t + Self::PATIENCE)
    }

    /// A cursor position report (1-based) arrived at `now`: what it says, if it is the
    /// answer (not a late one).
    pub fn answer(&mut self, row: u16, col: u16, now: std::time::Instant) -> Option<Margins> {
        self.give_up_at(now);
        self.asked.take()?;
        Some(if (row, col) == (2, 2) {
            Margins::On
        } else {
            Margins::Off
        })
    }

    /// Gives up when the patience is over at `now`; true when it just did.
    pub fn give_up_at(&mut self, now: std::time::Instant) -> bool {
        if self.deadline().is_some_and(|d| now >= d) {
            self.asked = None;
            return true;
        }
        false
    }
}

/// One region of the screen whose content moved vertically between two frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    pub region: Rect,
    /// Rows the content moved up (negative: down).
    pub shift: i32,
}

/// A part of the screen whose content may scroll: a pane's text rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScrollRegion {
    pub area: Rect,
    /// Leading columns of marks that scroll with the text but may change as it does (the
    /// cursor bar): left out when telling how the text moved.
    pub marks: u16,
}

impl From<Rect> for ScrollRegion {
    fn from(area: Rect) -> ScrollRegion {
        ScrollRegion { area, marks: 0 }
    }
}

/// How a region's content moved from `last` to `next`, when scrolling it saves at least two
/// rows of writing: the shift under which the most rows of `next` equal rows of `last`.
/// Ties go to the smaller shift; deterministic.
pub fn find_scroll(last: &Buffer, next: &Buffer, region: ScrollRegion) -> Option<Scroll> {
    let area = region.area.intersection(last.area).intersection(next.area);
    let h = area.height as i32;
    let marks = region.marks.min(area.width);
    if h < 3 || area.width == marks {
        return None;
    }
    let text = Rect {
        x: area.x + marks,
        width: area.width - marks,
        ..area
    };
    let old = row_hashes(last, text);
    let new = row_hashes(next, text);
    let matching = |shift: i32| -> usize {
        (0..h)
            .filter(|&r| {
                let from = r + shift;
                (0..h).contains(&from) && new[r as usize] == old[from as usize]
            })
            .count()
    };
    let unmoved = matching(0);
    let mut best: Option<(usize, i32)> = None;
    for distance in 1..h {
        for shift in [distance, -distance] {
            let m = matching(shift);
            if best.is_none_or(|(b, _)| m > b) {
                best = Some((m, shift));
            }
        }
    }
    let (m, shift) = best?;
    (m >= unmoved + 2).then_some(Scroll {
        region: area,
        shift,
    })
}

fn row_hashes(buf: &Buffer, region: Rect) -> Vec<u64> {
    (region.y..region.bottom())
        .map(|y| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for x in region.x..region.right() {
                buf[(x, y)].hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// Moves a region's cells the way the terminal does for `scroll`: rows that leave the region
/// are gone, rows that enter it are blank.
pub fn apply_scroll(buf: &mut Buffer, scroll: Scroll) {
    let Scroll { region, shift } = scroll;
    let h = region.height as i32;
    let rows: Vec<i32> = if shift > 0 {
        (0..h).collect()
    } else {
        (0..h).rev().collect()
    };
    for r in rows {
        let from = r + shift;
        for x in region.x..region.right() {
            let y = region.y + r as u16;
            buf[(x, y)] = if (0..h).contains(&from) {
                buf[(x, region.y + from as u16)].clone()
            } else {
                Cell::default()
            };
        }
    }
}

/// The bytes that make the terminal scroll `scroll` (1-based coordinates on the wire).
/// `full_width`: the region spans the screen, so top/bottom margins suffice.
pub fn scroll_sequence(scroll: Scroll, full_width: bool) -> Vec<u8> {
    let Scroll { region, shift } = scroll;
    let (top, bottom) = (region.y + 1, region.bottom());
    let (left, right) = (region.x + 1, region.right());
    // Vacated rows take the current background: it is the default one, as every frame
    // ends with the default pen.
    let mut out = Vec::with_capacity(48);
    if !full_width {
        out.extend_from_slice(b"\x1b[?69h");
    }
    write!(out, "\x1b[{top};{bottom}r").unwrap();
    if !full_width {
        write!(out, "\x1b[{left};{right}s").unwrap();
    }
    if shift > 0 {
        // A line feed on the bottom margin scrolls the region up.
        write!(out, "\x1b[{bottom};{left}H").unwrap();
        out.extend(std::iter::repeat_n(b'\n', shift as usize));
    } else {
        // A reverse index on the top margin scrolls it down.
        write!(out, "\x1b[{top};{left}H").unwrap();
        for _ in 0..shift.unsigned_abs() {
            out.extend_from_slice(b"\x1bM");
        }
    }
    if !full_width {
        // Resetting DECLRMM also resets the left/right margins.
        out.extend_from_slice(b"\x1b[?69l");
    }
    out.extend_from_slice(b"\x1b[r");
    out
}

/// The colours and attributes the terminal writes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// Changes the terminal's pen from `self` to `to`.
    fn change(&mut self, to: Pen, out: &mut impl Write) -> io::Result<()> {
        if *self == to {
            return Ok(());
        }
        if !(self.modifier - to.modifier).is_empty() {
            // An attribute goes: start from the default pen.
            queue!(out, SetAttribute(Attribute::Reset))?;
            *self = Pen::DEFAULT;
        }
        for (flag, attribute) in [
            (Modifier::BOLD, Attribute::Bold),
            (Modifier::DIM, Attribute::Dim),
            (Modifier::ITALIC, Attribute::Italic),
            (Modifier::UNDERLINED, Attribute::Underlined),
            (Modifier::SLOW_BLINK, Attribute::SlowBlink),
            (Modifier::RAPID_BLINK, Attribute::RapidBlink),
            (Modifier::REVERSED, Attribute::Reverse),
            (Modifier::HIDDEN, Attribute::Hidden),
            (Modifier::CROSSED_OUT, Attribute::CrossedOut),
        ] {
            if to.modifier.contains(flag) && !self.modifier.contains(flag) {
                queue!(out, SetAttribute(attribute))?;
            }
        }
        if to.fg != self.fg {
            queue!(out, SetForegroundColor(CColor::from(to.fg)))?;
        }
        if to.bg != self.bg {
            queue!(out, SetBackgroundColor(CColor::from(to.bg)))?;
        }
        if to.underline != self.underline {
            queue!(out, SetUnderlineColor(CColor::from(to.underline)))?;
        }
        *self = to;
        Ok(())
    }
}

/// Writes the changed cells of `next`: a cursor move only where the next change is not where
/// the cursor already is, short runs of unchanged cells rewritten instead of jumped over, the
/// pen changed only when it must, and left at the default at the end.
fn write_changes(
    out: &mut impl Write,
    next: &Buffer,
    changes: &[(u16, u16, &Cell)],
) -> io::Result<()> {
    let area = next.area;
    // Where each row's run of blank cells (default pen) up to the right edge starts.
    let blank = Cell::default();
    let tails: Vec<u16> = (area.y..area.bottom())
        .map(|y| {
            let mut x = area.right();
            while x > area.x && next[(x - 1, y)] == blank {
                x -= 1;
            }
            x
        })
        .collect();
    let mut pen = Pen::DEFAULT;
    let mut cursor: Option<(u16, u16)> = None;
    let mut i = 0;
    while i < changes.len() {
        let (x, y, cell) = changes[i];
        let mut at = cursor.filter(|&(cx, cy)| cy == y && cx <= x);
        if let Some((cx, _)) = at {
            if cx < x && !gap_fits(next, cx, x, y, pen) {
                at = None;
            }
        }
        match at {
            Some((cx, _)) => {
                for gx in cx..x {
                    out.write_all(next[(gx, y)].symbol().as_bytes())?;
                }
            }
            None => move_cursor(out, cursor, (x, y), area.width)?,
        }
        // Three or more blanks to write up to the row's end: erase to the end of the line.
        let rest = changes[i..].iter().take_while(|c| c.1 == y).count();
        if x >= tails[(y - area.y) as usize] && rest >= 3 {
            pen.change(Pen::DEFAULT, out)?;
            out.write_all(b"\x1b[K")?;
            cursor = Some((x, y));
            i += rest;
            continue;
        }
        pen.change(Pen::of(cell), out)?;
        let symbol = cell.symbol();
        out.write_all(symbol.as_bytes())?;
        // A cluster of several code points (an emoji ZWJ sequence, a variation selector)
        // is as wide as we measure it only in some terminals (tmux counts 🏳️‍🌈 otherwise):
        // what follows it is placed by an absolute move, so a border never shifts.
        cursor = (symbol.chars().nth(1).is_none()).then_some((x + symbol.width().max(1) as u16, y));
        i += 1;
    }
    pen.change(Pen::DEFAULT, out)
}

/// Moves the cursor with the shortest sequence: a line feed and a carriage return or a short
/// relative move where they do, else an absolute position. After the last column (a pending
/// wrap, which terminals treat differently) only the absolute position is used.
fn move_cursor(
    out: &mut impl Write,
    from: Option<(u16, u16)>,
    (x, y): (u16, u16),
    width: u16,
) -> io::Result<()> {
    let absolute = format!("\x1b[{};{}H", y + 1, x + 1);
    let relative = from
        .filter(|&(cx, cy)| cx < width && cy <= y && y - cy <= 3)
        .map(|(cx, cy)| {
            let mut m = "\n".repeat((y - cy) as usize);
            if x == 0 && cx > 0 {
                m.push('\r');
            } else if x < cx {
                m.push_str(&format!("\x1b[{}D", cx - x));
            } else if x > cx {
                m.push_str(&format!("\x1b[{}C", x - cx));
            }
            m
        });
    let best = match relative {
        Some(r) if r.len() < absolute.len() => r,
        _ => absolute,
    };
    out.write_all(best.as_bytes())
}

/// Whether the unchanged cells `from..to` of row `y` can be rewritten as they are with `pen`:
/// few, one column each, drawn with that very pen.
fn gap_fits(next: &Buffer, from: u16, to: u16, y: u16, pen: Pen) -> bool {
    to - from <= MAX_GAP
        && (from..to).all(|x| {
            let c = &next[(x, y)];
            !c.skip && c.symbol().width() == 1 && c.symbol().is_ascii() && Pen::of(c) == pen
        })
}

/// The terminal's screen as last drawn, and the writer to it.
pub struct Screen<W: Write> {
    out: W,
    /// What the terminal shows.
    last: Buffer,
    /// The frame being drawn (kept to reuse its memory).
    next: Buffer,
    margins: Margins,
}

impl<W: Write> Screen<W> {
    /// A screen of `size` whose current content is unknown (the first draw writes it all).
    pub fn new(out: W, size: Rect, margins: Margins) -> Screen<W> {
        Screen {
            out,
            last: Buffer::empty(size),
            next: Buffer::empty(size),
            margins,
        }
    }

    /// Clears the terminal; the next draw writes everything.
    pub fn clear(&mut self) -> io::Result<()> {
        queue!(
            self.out,
            SetAttribute(Attribute::Reset),
            Clear(ClearType::All)
        )?;
        self.last = Buffer::empty(self.last.area);
        self.out.flush()
    }

    /// Writes the margins question ([`MarginsProbe`]) over the frame drawn; the cells it
    /// wrote over are drawn again by the next frame.
    pub fn ask_margins(&mut self) -> io::Result<()> {
        self.out
            .write_all(b"\x1b[?69h\x1b[1;3s\x1b[1;1H    \x1b[6n\x1b[?69l\x1b[r")?;
        self.out.flush()?;
        // A symbol no frame has: the next diff rewrites these cells.
        let area = self.last.area;
        for y in area.y..area.bottom().min(area.y + 2) {
            for x in area.x..area.right().min(area.x + 5) {
                self.last[(x, y)].set_symbol("\u{10ffff}");
            }
        }
        Ok(())
    }

    /// Uses left/right margins from now on, or not.
    pub fn set_margins(&mut self, margins: Margins) {
        self.margins = margins;
    }

    /// Draws the frame `render` paints on a blank buffer of `size`, first scrolling those
    /// of `regions` whose content moved (see the module doc). Another size than the last
    /// frame's clears the screen first. The two frame buffers are reused, not allocated.
    pub fn draw(
        &mut self,
        size: Rect,
        regions: &[ScrollRegion],
        render: impl FnOnce(&mut Buffer),
    ) -> io::Result<()> {
        if self.next.area == size {
            self.next.reset();
        } else {
            self.next = Buffer::empty(size);
        }
        render(&mut self.next);
        let next = &self.next;
        if next.area != self.last.area {
            self.last = Buffer::empty(next.area);
            queue!(self.out, Clear(ClearType::All))?;
        }
        for &region in regions {
            let full_width = region.area.x == next.area.x && region.area.width == next.area.width;
            if !full_width && self.margins == Margins::Off {
                continue;
            }
            if let Some(scroll) = find_scroll(&self.last, next, region) {
                self.out.write_all(&scroll_sequence(scroll, full_width))?;
                apply_scroll(&mut self.last, scroll);
            }
        }
        write_changes(&mut self.out, next, &self.last.diff(next))?;
        self.out.flush()?;
        std::mem::swap(&mut self.last, &mut self.next);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Style};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A writer whose bytes the test can still read once the screen owns it.
    #[derive(Clone, Default)]
    struct Tape(Rc<RefCell<Vec<u8>>>);

    impl Write for Tape {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Tape {
        fn len(&self) -> usize {
            self.0.borrow().len()
        }
        fn bytes(&self) -> Vec<u8> {
            self.0.borrow().clone()
        }
    }

    fn buffer(w: u16, h: u16, rows: &[String]) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, w, h));
        for (y, row) in rows.iter().enumerate() {
            b.set_stringn(0, y as u16, row, w as usize, Style::default());
        }
        b
    }

    fn lines(n: usize, from: usize) -> Vec<String> {
        (from..from + n)
            .map(|i| format!("line {i} of the text, word{}", i * 7 % 13))
            .collect()
    }

    /// After an emoji ZWJ sequence, the next cell (a pane border) is placed by an absolute
    /// cursor move, whatever width the terminal gave the sequence.
    #[test]
    fn a_cell_after_a_zwj_sequence_is_placed_absolutely() {
        let flag = "\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}";
        let next = buffer(6, 1, &[format!("{flag}\u{2502}ab")]);
        let last = Buffer::empty(next.area);
        let mut out = Vec::new();
        write_changes(&mut out, &next, &last.diff(&next)).unwrap();
        let text = String::from_utf8(out).unwrap();
        let after = &text[text.find(flag).unwrap() + flag.len()..];
        assert!(after.starts_with("\x1b[1;3H\u{2502}"), "{after:?}");
    }

    /// What a terminal shows after `bytes`, row by row.
    fn shown(w: u16, h: u16, bytes: &[u8]) -> Vec<String> {
        let mut parser = vt100::Parser::new(h, w, 0);
        parser.process(bytes);
        parser
            .screen()
            .rows(0, w)
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    /// The cells a terminal shows after `bytes` that differ from `frame` in text, colour,
    /// boldness or reverse video.
    fn differences(frame: &Buffer, bytes: &[u8]) -> Vec<(u16, u16)> {
        let (w, h) = (frame.area.width, frame.area.height);
        let mut parser = vt100::Parser::new(h, w, 0);
        parser.process(bytes);
        let screen = parser.screen();
        let colour = |c: Color| match c {
            Color::Reset => vt100::Color::Default,
            Color::Red => vt100::Color::Idx(1),
            Color::Blue => vt100::Color::Idx(4),
            other => panic!("colour {other:?} not in the test"),
        };
        let mut out = Vec::new();
        for y in 0..h {
            let mut x = 0;
            while x < w {
                let want = &frame[(x, y)];
                let got = screen.cell(y, x).unwrap();
                if got.contents().trim() != want.symbol().trim()
                    || got.fgcolor() != colour(want.fg)
                    || got.bgcolor() != colour(want.bg)
                    || got.bold() != want.modifier.contains(Modifier::BOLD)
                    || got.inverse() != want.modifier.contains(Modifier::REVERSED)
                {
                    out.push((x, y));
                }
                x += want.symbol().width().max(1) as u16;
            }
        }
        out
    }

    fn text_of(b: &Buffer) -> Vec<String> {
        (0..b.area.height)
            .map(|y| {
                let s: String = (0..b.area.width).map(|x| b[(x, y)].symbol()).collect();
                s.trim_end().to_string()
            })
            .collect()
    }

    #[test]
    fn a_one_line_scroll_of_a_full_width_region_writes_one_line() {
        let (w, h) = (60, 20);
        let first = buffer(w, h, &lines(20, 0));
        let second = buffer(w, h, &lines(20, 1));
        let tape = Tape::default();
        let mut screen = Screen::new(tape.clone(), first.area, Margins::Off);
        screen
            .draw(first.area, &[first.area.into()], |b| b.clone_from(&first))
            .unwrap();
        let before = tape.len();
        screen
            .draw(second.area, &[second.area.into()], |b| {
                b.clone_from(&second)
            })
            .unwrap();
        let bytes = tape.len() - before;
        // The new row (≈28 bytes), the scroll (≈25) and ratatui's colour reset (≈20).
        assert!(bytes < 120, "{bytes} bytes for a one-line scroll");
        assert_eq!(shown(w, h, &tape.bytes()), text_of(&second));
    }

    #[test]
    fn without_margins_a_narrow_region_is_redrawn_not_scrolled() {
        let (w, h) = (60, 20);
        let first = buffer(w, h, &lines(20, 0));
        let second = buffer(w, h, &lines(20, 1));
        let half = Rect::new(0, 0, 30, 20);
        let cost = |margins| {
            let tape = Tape::default();
            let mut screen = Screen::new(tape.clone(), first.area, margins);
            screen
                .draw(first.area, &[half.into()], |b| b.clone_from(&first))
                .unwrap();
            let before = tape.len();
            screen
                .draw(second.area, &[half.into()], |b| b.clone_from(&second))
                .unwrap();
            (tape.bytes(), tape.len() - before, before)
        };
        let (bytes, redrawn, before) = cost(Margins::Off);
        assert!(!bytes[before..].windows(3).any(|w| w == b"\x1b[?"));
        assert_eq!(shown(w, h, &bytes), text_of(&second));
        let (_, scrolled, _) = cost(Margins::On);
        assert!(
            scrolled * 3 < redrawn,
            "{scrolled} B scrolled, {redrawn} B redrawn"
        );
    }

    #[test]
    fn with_margins_a_narrow_region_scrolls_inside_its_margins() {
        let scroll = Scroll {
            region: Rect::new(61, 1, 59, 38),
            shift: 1,
        };
        assert_eq!(
            String::from_utf8(scroll_sequence(scroll, false)).unwrap(),
            "\x1b[?69h\x1b[2;39r\x1b[62;120s\x1b[39;62H\n\x1b[?69l\x1b[r"
        );
        let back = Scroll {
            shift: -2,
            ..scroll
        };
        assert_eq!(
            String::from_utf8(scroll_sequence(back, false)).unwrap(),
            "\x1b[?69h\x1b[2;39r\x1b[62;120s\x1b[2;62H\x1bM\x1bM\x1b[?69l\x1b[r"
        );
    }

    #[test]
    fn scrolls_are_found_both_ways_and_only_when_they_pay() {
        let a = buffer(40, 10, &lines(10, 0));
        let down = buffer(40, 10, &lines(10, 3));
        let same = a.clone();
        let area = a.area;
        assert_eq!(
            find_scroll(&a, &down, area.into()).map(|s| s.shift),
            Some(3)
        );
        assert_eq!(
            find_scroll(&down, &a, area.into()).map(|s| s.shift),
            Some(-3)
        );
        assert_eq!(find_scroll(&a, &same, area.into()), None, "nothing moved");
        let other = buffer(40, 10, &lines(10, 100));
        assert_eq!(find_scroll(&a, &other, area.into()), None, "a new page");
    }

    #[test]
    fn margins_are_used_only_in_terminals_known_to_have_them() {
        let detect = |vars: &[(&str, &str)]| {
            Margins::detect(|k| {
                vars.iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            })
        };
        let xterm = [("TERM", "xterm-256color"), ("XTERM_VERSION", "XTerm(379)")];
        assert_eq!(detect(&xterm), Margins::On);
        assert_eq!(detect(&[("TERM_PROGRAM", "WezTerm")]), Margins::On);
        // Everyone says xterm-256color; tmux and screen have no margins whatever is outside.
        assert_eq!(detect(&[("TERM", "xterm-256color")]), Margins::Off);
        assert_eq!(
            detect(&[&xterm[..], &[("TMUX", "/tmp/tmux-0/default,1,0")]].concat()),
            Margins::Off
        );
        assert_eq!(
            detect(&[("TERM", "screen-256color"), ("XTERM_VERSION", "XTerm(379)")]),
            Margins::Off
        );
        assert_eq!(detect(&[]), Margins::Off);
    }

    #[test]
    fn vacated_rows_are_blank_in_the_default_colours() {
        let mut b = buffer(10, 4, &lines(4, 0));
        b.set_style(b.area, Style::default().bg(Color::Blue));
        let region = b.area;
        apply_scroll(&mut b, Scroll { region, shift: 1 });
        assert_eq!(b[(0, 3)], Cell::default());
        assert_eq!(b[(0, 0)].symbol(), "l");
        assert_eq!(b[(0, 0)].bg, Color::Blue);
    }

    proptest! {
        /// Whatever moved where, the terminal ends up showing the next frame (one pane as
        /// wide as the screen, under a title row and above a status row).
        #[test]
        fn the_terminal_shows_the_next_frame(
            start in 0usize..50,
            moves in proptest::collection::vec(
                (-25i32..25, proptest::option::of((0u16..20, 0u16..30, "[a-z 中]{0,12}", 0u8..4))),
                1..6,
            ),
        ) {
            let (w, h) = (40u16, 22u16);
            let pane = Rect::new(0, 1, w, h - 2);
            let frame = |top: usize, edit: &Option<(u16, u16, String, u8)>| {
                let mut rows = vec![format!("title {top}")];
                rows.extend(lines(h as usize - 2, top));
                rows.push(format!("status {top}"));
                let mut b = buffer(w, h, &rows);
                b.set_style(Rect::new(0, 0, w, 1), Style::default().add_modifier(Modifier::REVERSED));
                if let Some((y, x, s, style)) = edit {
                    let style = match style {
                        0 => Style::default().fg(Color::Red),
                        1 => Style::default().bg(Color::Blue).add_modifier(Modifier::BOLD),
                        2 => Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
                        _ => Style::default(),
                    };
                    b.set_stringn(*x, 1 + y % (h - 2), s, (w - x) as usize, style);
                }
                b
            };
            let tape = Tape::default();
        let mut screen = Screen::new(tape.clone(), Rect::new(0, 0, w, h), Margins::Off);
            let mut top = start as i64;
            let first = frame(top as usize, &None);
            screen.draw(first.area, &[pane.into()], |b| b.clone_from(&first)).unwrap();
            for (shift, edit) in &moves {
                top = (top + *shift as i64).max(0);
                let next = frame(top as usize, edit);
                screen.draw(next.area, &[pane.into()], |b| b.clone_from(&next)).unwrap();
                prop_assert_eq!(differences(&next, &tape.bytes()), vec![]);
            }
        }
    }
}
