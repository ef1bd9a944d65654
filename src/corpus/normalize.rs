//! Character-level normalization: bytes → clean UTF-8 text with `\n` line ends.
//!
//! Decoding handles a UTF-8 BOM, UTF-16 with a BOM, and invalid UTF-8 (replaced by U+FFFD with a
//! warning). Cleaning turns CRLF / lone CR / form feeds into `\n`, exotic spaces into a plain
//! space, removes zero-width characters, soft hyphens and stray control characters, and trims
//! trailing spaces. Curly quotes and dashes are kept for display. Line structure (including
//! whitespace-only lines, which PDF extractions use as paragraph marks) is preserved: the
//! structure pass decides what a paragraph is.

/// The outcome of decoding a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Human-readable problems found while decoding (without the file name).
    pub warnings: Vec<String>,
}

/// Whether bytes look like a binary file (a NUL byte in the first 8 KiB, outside UTF-16).
pub fn looks_binary(bytes: &[u8]) -> bool {
    if utf16_bom(bytes).is_some() {
        return false;
    }
    bytes.iter().take(8192).any(|&b| b == 0)
}

fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// Decodes bytes to text: UTF-8 (BOM stripped) or UTF-16 with a BOM; invalid sequences become
/// U+FFFD and are reported.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut warnings = Vec::new();
    if let Some(little_endian) = utf16_bom(bytes) {
        let body = &bytes[2..];
        let units = body.chunks(2).map(|pair| {
            let (a, b) = (pair[0], *pair.get(1).unwrap_or(&0));
            if little_endian {
                u16::from_le_bytes([a, b])
            } else {
                u16::from_be_bytes([a, b])
            }
        });
        let mut bad = 0usize;
        let text: String = char::decode_utf16(units)
            .map(|r| {
                r.unwrap_or_else(|_| {
                    bad += 1;
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        if body.len() % 2 == 1 {
            bad += 1;
        }
        if bad > 0 {
            warnings.push(format!(
                "{bad} invalid UTF-16 sequence(s) replaced by U+FFFD"
            ));
        }
        return Decoded { text, warnings };
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Decoded {
            text: s.to_string(),
            warnings,
        },
        Err(_) => {
            let text = String::from_utf8_lossy(body).into_owned();
            let bad = body
                .utf8_chunks()
                .filter(|chunk| !chunk.invalid().is_empty())
                .count();
            warnings.push(format!(
                "invalid UTF-8: {bad} byte sequence(s) replaced by U+FFFD"
            ));
            Decoded { text, warnings }
        }
    }
}

/// Whether `c` is a space other than U+0020 that should display as one.
fn is_exotic_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Whether `c` is invisible formatting that only gets in the way of reading and searching.
/// Zero-width joiner / non-joiner are kept: Persian and emoji sequences need them.
fn is_removable(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}') || (c.is_control() && c != '\n')
}

/// Cleans decoded text (see the module doc). Idempotent.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n';
    if text.bytes().all(plain) {
        out.push_str(text);
    } else {
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push('\n');
                }
                '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
                c if is_exotic_space(c) => out.push(' '),
                c if is_removable(c) => {}
                c => out.push(c),
            }
        }
    }
    // Trim trailing spaces of every line, but keep whitespace-only lines as a single space:
    // PDF extractions mark paragraph ends with them.
    let mut result = String::with_capacity(out.len());
    for (i, line) in out.split('\n').enumerate() {
        if i > 0 {
            result.push('\n');
        }
        let trimmed = line.trim_end_matches(' ');
        if trimmed.is_empty() && !line.is_empty() {
            result.push(' ');
        } else {
            result.push_str(trimmed);
        }
    }
    result
}

/// Collapses runs of spaces inside a line into one space and trims both ends.
pub fn collapse_spaces(line: &str) -> String {
    let trimmed = line.trim();
    if !trimmed.contains("  ") {
        return trimmed.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.trim().chars() {
        if c == ' ' {
            pending_space = true;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_bom_and_line_ends() {
        let d = decode(b"\xEF\xBB\xBFa\r\nb\rc");
        assert!(d.warnings.is_empty());
        assert_eq!(clean(&d.text), "a\nb\nc");
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let d = decode(b"caf\xE9 ok");
        assert_eq!(d.text, "caf\u{FFFD} ok");
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Héllo\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).text, "Héllo\n");
        assert!(!looks_binary(&bytes));
        let mut be = vec![0xFE, 0xFF];
        for u in "ok".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).text, "ok");
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"\x7fELF\x00\x00"));
        assert!(!looks_binary(b"plain text"));
    }

    #[test]
    fn spaces_and_zero_width() {
        assert_eq!(clean("a\u{00A0}b\u{200B}c\u{00AD}d\te"), "a bcd e");
        assert_eq!(clean("x  \n   \ny"), "x\n \ny");
        // ZWNJ is meaningful in Persian and stays.
        assert_eq!(clean("می\u{200C}خواهم"), "می\u{200C}خواهم");
        // Curly quotes and dashes are kept.
        assert_eq!(clean("“a” — b"), "“a” — b");
    }

    #[test]
    fn collapse() {
        assert_eq!(collapse_spaces("  a   b  "), "a b");
    }

    proptest! {
        #[test]
        fn clean_is_idempotent(s in "\\PC{0,200}|[ \\r\\n\\t\u{00A0}\u{200B}a-z]{0,60}") {
            let once = clean(&s);
            prop_assert_eq!(clean(&once), once.clone());
            prop_assert!(!once.contains('\r'));
        }

        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let d = decode(&bytes);
            let _ = clean(&d.text);
        }
    }
}
