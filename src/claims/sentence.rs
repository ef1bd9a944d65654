//! Sentences of a passage: Unicode sentence bounds (UAX #29, unicode-segmentation), joined
//! again after an abbreviation ("U.S. Embassy", "Dr. Smith", "Sept. 11").

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations of general English that end with a full stop but rarely end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "apr", "aug", "capt", "cf", "co", "col", "corp", "dec", "dept", "dr", "e.g", "etc", "feb",
    "fig", "ft", "gen", "gov", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "mr", "mrs",
    "ms", "mt", "no", "nov", "oct", "rep", "reps", "rev", "sen", "sept", "sgt", "sr", "st", "vol",
    "vs",
];

/// Does `piece` end with an abbreviation (a full stop after a single letter — `U.S.`,
/// `C.I.A.`, `R.` — or after a word of [`ABBREVIATIONS`])?
fn ends_with_abbreviation(piece: &str) -> bool {
    let t = piece.trim_end();
    let Some(body) = t.strip_suffix('.') else {
        return false;
    };
    let word: String = body
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let last = word.rsplit('.').next().unwrap_or("");
    if last.chars().count() == 1 && last.chars().all(char::is_uppercase) {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Byte ranges of the sentences of `text` (trimmed of surrounding white space; empty ones
/// left out).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    sentences_through(text, text.len())
}

/// The first sentences of `text`, up to the one that reaches byte `limit` (the same as
/// [`sentences`], less the sentences that start after `limit`: segmentation is the costly
/// part, and a caller that looks for the sentences holding given spans need not go further).
pub fn sentences_through(text: &str, limit: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for (start, piece) in text.split_sentence_bound_indices() {
        let range = start..start + piece.len();
        let joined = match pending.take() {
            Some(p) => p.start..range.end,
            None => range,
        };
        let next_lower = text[joined.end..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if (ends_with_abbreviation(&text[joined.clone()]) || next_lower) && joined.end < text.len()
        {
            pending = Some(joined);
        } else {
            let end = joined.end;
            out.push(joined);
            if end >= limit {
                break;
            }
        }
    }
    out.extend(pending);
    out.into_iter()
        .filter_map(|r| {
            let s = &text[r.clone()];
            let lead = s.len() - s.trim_start().len();
            let trail = s.len() - s.trim_end().len();
            (r.len() > lead + trail).then(|| r.start + lead..r.end - trail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("It supported the takeover of the U.S. Embassy in Tehran. Then it left."),
            [
                "It supported the takeover of the U.S. Embassy in Tehran.",
                "Then it left."
            ]
        );
        assert_eq!(
            split("In 2004, U.S. Secretary Rumsfeld acted. Dr. Smith agreed."),
            [
                "In 2004, U.S. Secretary Rumsfeld acted.",
                "Dr. Smith agreed."
            ]
        );
        assert_eq!(
            split("Two directors, R. James Woolsey and others."),
            ["Two directors, R. James Woolsey and others."]
        );
    }

    #[test]
    fn sentences_through_stops_after_the_limit() {
        let s = "One. Two? Three! Four.";
        let all = sentences(s);
        for limit in 0..=s.len() {
            let some = sentences_through(s, limit);
            assert!(all.starts_with(&some), "{limit}");
            assert!(
                some.len() == all.len() || all[some.len()].start >= limit,
                "{limit}"
            );
        }
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(split("One. Two? Three!"), ["One.", "Two?", "Three!"]);
        assert!(split("   ").is_empty());
    }
}
