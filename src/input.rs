//! Terminal input bytes → events (pure: no terminal, no clock).
//!
//! The runtime reads the terminal itself (all that is pending, however much) and hands the
//! bytes to an [`InputParser`], which keeps an incomplete sequence for the next read. It
//! understands what a VT100 descendant sends with the modes the reader turns on: UTF-8 text,
//! control keys, `CSI` / `SS3` keys (arrows, Home/End, Page keys, Delete, Shift-Tab), SGR
//! mouse reports (mode 1006), bracketed paste (mode 2004: a paste is one [`Input::Paste`],
//! never keys) and cursor position reports (the answer to the margins probe). Anything else
//! is dropped whole, never read as keys.
//!
//! An `Esc` alone at the end of what was read is the Esc key; `Esc` followed by a character
//! is [`Key::Alt`] (the runtime decides whether that is Alt or Esc then the key).

use crate::app::{Key, Mouse, MouseKind};

/// One thing the terminal sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    Mouse(Mouse),
    /// Text pasted while bracketed paste was on (line breaks as `\n`).
    Paste(String),
    /// A cursor position report (`CSI row ; col R`), 1-based.
    CursorReport {
        row: u16,
        col: u16,
    },
}

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Turns terminal input into [`Input`]s; keeps what is not complete yet.
#[derive(Debug, Default)]
pub struct InputParser {
    /// Bytes of an incomplete sequence (or UTF-8 character) from the last read.
    pending: Vec<u8>,
    /// Inside a bracketed paste: the text so far.
    paste: Option<Vec<u8>>,
}

/// What parsing at one position found.
enum Step {
    /// An input, and how many bytes it took.
    Event(Input, usize),
    /// Bytes to drop (an unknown or unused sequence).
    Skip(usize),
    /// The sequence is not complete: wait for more bytes.
    Incomplete,
}

impl InputParser {
    pub fn new() -> InputParser {
        InputParser::default()
    }

    /// Parses `bytes` (everything read so far: `more` is false when nothing else is pending
    /// at the terminal, so that a lone `Esc` is the Esc key).
    pub fn feed(&mut self, bytes: &[u8], more: bool) -> Vec<Input> {
        let mut data = std::mem::take(&mut self.pending);
        data.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut at = 0;
        while at < data.len() {
            if let Some(text) = &mut self.paste {
                match find(&data[at..], PASTE_END) {
                    Some(end) => {
                        text.extend_from_slice(&data[at..at + end]);
                        let text = self.paste.take().unwrap_or_default();
                        out.push(Input::Paste(paste_text(&text)));
                        at += end + PASTE_END.len();
                    }
                    None => {
                        // Keep a possible start of the end marker for the next read.
                        let rest = &data[at..];
                        let keep = (1..PASTE_END.len())
                            .rev()
                            .find(|&k| rest.len() >= k && rest.ends_with(&PASTE_END[..k]))
                            .unwrap_or(0);
                        text.extend_from_slice(&rest[..rest.len() - keep]);
                        self.pending = rest[rest.len() - keep..].to_vec();
                        return out;
                    }
                }
                continue;
            }
            if data[at..].starts_with(PASTE_START) {
                self.paste = Some(Vec::new());
                at += PASTE_START.len();
                continue;
            }
            match step(&data[at..], more) {
                Step::Event(input, n) => {
                    out.push(input);
                    at += n;
                }
                Step::Skip(n) => at += n,
                Step::Incomplete => {
                    self.pending = data[at..].to_vec();
                    break;
                }
            }
        }
        out
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Pasted bytes as text: line breaks (`\r\n`, `\r`) become `\n`.
fn paste_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

fn key(k: Key, n: usize) -> Step {
    Step::Event(Input::Key(k), n)
}

/// Parses the input at the start of `b` (not empty).
fn step(b: &[u8], more: bool) -> Step {
    match b[0] {
        ESC => escape(b, more),
        b'\r' => key(Key::Enter, 1),
        b'\t' => key(Key::Tab, 1),
        0x7f | 0x08 => key(Key::Backspace, 1),
        0 => key(Key::Ctrl(' '), 1),
        c @ 0x01..=0x1a => key(Key::Ctrl((c - 1 + b'a') as char), 1),
        c @ 0x1c..=0x1f => key(Key::Ctrl((c - 0x1c + b'4') as char), 1),
        _ => match utf8_char(b) {
            Some(Ok((c, n))) => key(Key::Char(c), n),
            Some(Err(n)) => Step::Skip(n),
            None => Step::Incomplete,
        },
    }
}

/// The UTF-8 character at the start of `b`: `Err(n)` for `n` invalid bytes, `None` when
/// it is cut short.
fn utf8_char(b: &[u8]) -> Option<Result<(char, usize), usize>> {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Some(Err(1)),
    };
    if b.len() < len {
        // Cut short, unless what is there is already invalid.
        return match std::str::from_utf8(b) {
            Err(e) if e.error_len().is_some() => Some(Err(e.valid_up_to().max(1))),
            _ => None,
        };
    }
    match std::str::from_utf8(&b[..len]) {
        Ok(s) => s.chars().next().map(|c| Ok((c, len))),
        Err(_) => Some(Err(1)),
    }
}

/// Parses what starts with `Esc`.
fn escape(b: &[u8], more: bool) -> Step {
    let Some(&next) = b.get(1) else {
        return if more {
            Step::Incomplete
        } else {
            key(Key::Esc, 1)
        };
    };
    match next {
        b'[' => csi(b),
        b'O' if b.len() > 2 => ss3(b[2]),
        b'O' if more => Step::Incomplete,
        ESC => key(Key::Esc, 1),
        _ => match step(&b[1..], more) {
            Step::Event(Input::Key(Key::Char(c)), n) => key(Key::Alt(c), n + 1),
            Step::Incomplete => Step::Incomplete,
            // Esc before another control key: the Esc key, then that key.
            _ => key(Key::Esc, 1),
        },
    }
}

fn ss3(c: u8) -> Step {
    let k = match c {
        b'A' => Key::Up,
        b'B' => Key::Down,
        b'C' => Key::Right,
        b'D' => Key::Left,
        b'H' => Key::Home,
        b'F' => Key::End,
        _ => return Step::Skip(3),
    };
    key(k, 3)
}

/// Parses a control sequence `Esc [ params intermediates final`.
fn csi(b: &[u8]) -> Step {
    // The old X10 mouse report: `Esc [ M` and three bytes.
    if b.get(2) == Some(&b'M') {
        return if b.len() >= 6 {
            Step::Skip(6)
        } else {
            Step::Incomplete
        };
    }
    let mut i = 2;
    while i < b.len() && (0x20..=0x3f).contains(&b[i]) {
        i += 1;
    }
    // Cut short (a slow link splits sequences): wait for the rest.
    let Some(&fin) = b.get(i) else {
        return Step::Incomplete;
    };
    let n = i + 1;
    if !(0x40..=0x7e).contains(&fin) {
        // Not a control sequence after all: drop the introducer.
        return Step::Skip(2);
    }
    let params = &b[2..i];
    if let Some(sgr) = params.strip_prefix(b"<") {
        return match sgr_mouse(sgr, fin) {
            Some(m) => Step::Event(Input::Mouse(m), n),
            None => Step::Skip(n),
        };
    }
    let nums = numbers(params);
    let first = nums.first().copied().flatten();
    let k = match fin {
        b'A' => Key::Up,
        b'B' => Key::Down,
        b'C' => Key::Right,
        b'D' => Key::Left,
        b'H' => Key::Home,
        b'F' => Key::End,
        b'Z' => Key::BackTab,
        b'R' if nums.len() == 2 => {
            let (Some(row), Some(col)) = (nums[0], nums[1]) else {
                return Step::Skip(n);
            };
            return Step::Event(Input::CursorReport { row, col }, n);
        }
        b'~' => match first {
            Some(1 | 7) => Key::Home,
            Some(4 | 8) => Key::End,
            Some(3) => Key::Delete,
            Some(5) => Key::PageUp,
            Some(6) => Key::PageDown,
            _ => return Step::Skip(n),
        },
        _ => return Step::Skip(n),
    };
    key(k, n)
}

/// `;`-separated numbers (`None` for one that is empty or too big).
fn numbers(params: &[u8]) -> Vec<Option<u16>> {
    if params.is_empty() {
        return Vec::new();
    }
    params
        .split(|&c| c == b';')
        .map(|p| std::str::from_utf8(p).ok()?.parse().ok())
        .collect()
}

/// An SGR mouse report `Esc [ < button ; column ; row (M|m)` (1-based position).
fn sgr_mouse(params: &[u8], fin: u8) -> Option<Mouse> {
    let nums = numbers(params);
    let [Some(button), Some(col), Some(row)] = nums[..] else {
        return None;
    };
    // Shift, Alt and Ctrl are bits 4, 8 and 16; motion is 32.
    let kind = match (button & !0b1_1100, fin) {
        (64, b'M') => MouseKind::ScrollUp,
        (65, b'M') => MouseKind::ScrollDown,
        (0, b'M') => MouseKind::Click,
        _ => return None,
    };
    Some(Mouse {
        kind,
        column: col.saturating_sub(1),
        row: row.saturating_sub(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Input> {
        InputParser::new().feed(bytes, false)
    }

    fn k(key: Key) -> Input {
        Input::Key(key)
    }

    #[test]
    fn text_and_control_keys() {
        assert_eq!(
            keys("aé\r\t\x7f\x04".as_bytes()),
            [
                k(Key::Char('a')),
                k(Key::Char('é')),
                k(Key::Enter),
                k(Key::Tab),
                k(Key::Backspace),
                k(Key::Ctrl('d')),
            ]
        );
    }

    #[test]
    fn escape_sequences() {
        assert_eq!(
            keys(b"\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[3~\x1b[Z\x1b[1;5C\x1b[H\x1b[4~"),
            [
                k(Key::Up),
                k(Key::Down),
                k(Key::PageUp),
                k(Key::PageDown),
                k(Key::Delete),
                k(Key::BackTab),
                k(Key::Right),
                k(Key::Home),
                k(Key::End),
            ]
        );
        assert_eq!(keys(b"\x1b"), [k(Key::Esc)]);
        assert_eq!(keys(b"\x1bo"), [k(Key::Alt('o'))]);
        assert_eq!(keys(b"\x1b\x1b"), [k(Key::Esc), k(Key::Esc)]);
        // Unknown sequences are dropped whole, never typed.
        assert_eq!(keys(b"\x1b[15~\x1b[?1;2c\x1b[Iq"), [k(Key::Char('q'))]);
    }

    #[test]
    fn mouse_and_cursor_reports() {
        let m = |kind, column, row| Input::Mouse(Mouse { kind, column, row });
        assert_eq!(
            keys(b"\x1b[<65;10;5M\x1b[<64;1;1M\x1b[<0;3;4M\x1b[<0;3;4m\x1b[<35;1;1M\x1b[2;2R"),
            [
                m(MouseKind::ScrollDown, 9, 4),
                m(MouseKind::ScrollUp, 0, 0),
                m(MouseKind::Click, 2, 3),
                Input::CursorReport { row: 2, col: 2 },
            ]
        );
    }

    #[test]
    fn a_sequence_split_across_reads_waits_for_the_rest() {
        let mut p = InputParser::new();
        assert_eq!(p.feed(b"j\x1b[", true), [k(Key::Char('j'))]);
        assert_eq!(p.feed(b"B", false), [k(Key::Down)]);
        assert_eq!(p.feed("\u{e9}".as_bytes()[..1].as_ref(), true), []);
        assert_eq!(
            p.feed(&"\u{e9}".as_bytes()[1..], false),
            [k(Key::Char('é'))]
        );
        assert_eq!(p.feed(b"\x1b", true), []);
        assert_eq!(p.feed(b"", false), [k(Key::Esc)]);
    }

    #[test]
    fn a_bracketed_paste_is_text_never_keys() {
        let mut p = InputParser::new();
        let mut got = p.feed(b"\x1b[200~iraq\r\nq", true);
        assert!(got.is_empty(), "{got:?}");
        got = p.feed(b"uit\x1b[20", true);
        assert!(got.is_empty(), "{got:?}");
        got = p.feed(b"1~j", false);
        assert_eq!(got, [Input::Paste("iraq\nquit".into()), k(Key::Char('j'))]);
    }

    #[test]
    fn large_input_in_one_read() {
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend(std::iter::repeat_n(b'q', 100_000));
        bytes.extend_from_slice(b"\x1b[201~");
        bytes.extend(std::iter::repeat_n(b'j', 5_000));
        let got = keys(&bytes);
        assert_eq!(got.len(), 5_001);
        assert!(matches!(&got[0], Input::Paste(t) if t.len() == 100_000));
    }
}
