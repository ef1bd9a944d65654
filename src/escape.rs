//! Names and manifest strings made safe to print to a terminal (pure).
//!
//! A file name or a manifest field may hold control characters (`\x1b]2;…\x07` sets the
//! terminal's title). Everything printed to a terminal from such a string goes through
//! [`for_terminal`], which writes control characters as escapes, as ripgrep and `ls -b` do.

use std::borrow::Cow;
use std::fmt::Write;

/// `s` with every control character (C0, DEL, C1) written as `\xNN` (`\t`, `\n`, `\r` as
/// such) and backslashes left alone.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            for_terminal("\x1b]2;PWNED\x07.txt"),
            "\\x1b]2;PWNED\\x07.txt"
        );
        assert_eq!(for_terminal("a\u{9b}b\tc"), "a\\x9bb\\tc");
        assert!(matches!(for_terminal("plain é.txt"), Cow::Borrowed(_)));
    }
}
