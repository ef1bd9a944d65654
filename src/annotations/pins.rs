//! The reader's pins: "this passage is the parallel of that one" (`p`), and "nothing in this
//! document speaks of it" (`x`). Both ends are anchored by quote and context like highlights,
//! so a pin survives edits of either source; pins merge between two readers like the other
//! items (by id, the newer edit winning, deletions kept).

use super::anchor::Anchor;
use super::{resolve, DocRef, Resolved};
use crate::corpus::Corpus;
use serde::{Deserialize, Serialize};

/// One end of a pin: a passage of a document, by its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinEnd {
    pub doc: DocRef,
    pub anchor: Anchor,
}

/// A reader's judgement on a passage: its parallel in another document, or that the other
/// document has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    /// Unique across instances (made by the shell from time, process and a counter).
    pub id: String,
    /// The passage the reader compared from.
    pub from: PinEnd,
    /// The other document.
    pub to_doc: DocRef,
    /// Its passage that speaks of the same thing; `None`: nothing in it does (`x`).
    #[serde(default)]
    pub to: Option<Anchor>,
    /// Seconds since the epoch of the last change (for merging).
    pub updated: u64,
}

/// Where a pin's ends are in the loaded corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinPlace {
    pub from: Resolved,
    /// The other document's index (`None` when it is gone).
    pub to_doc: Option<usize>,
    /// The parallel's place; `None` for a "nothing here" pin.
    pub to: Option<Resolved>,
}

impl Pin {
    /// Places both ends in the current corpus.
    pub fn place(&self, corpus: &Corpus) -> PinPlace {
        let from = resolve(corpus, &self.from.doc, &self.from.anchor);
        let to = self
            .to
            .as_ref()
            .map(|anchor| resolve(corpus, &self.to_doc, anchor));
        let to_doc = match &to {
            Some(r) => r.doc,
            None => super::find_document(corpus, &self.to_doc),
        };
        PinPlace { from, to_doc, to }
    }

    /// Whether this is a "nothing in that document speaks of it" pin.
    pub fn is_nothing(&self) -> bool {
        self.to.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotations::Annotations;
    use crate::corpus::{BlockKind, Document};

    fn pin(id: &str, updated: u64, from: &Document, to: &Document, quote: &str) -> Pin {
        let r = to.text.find(quote).unwrap();
        Pin {
            id: id.into(),
            from: PinEnd {
                doc: DocRef::of(from),
                anchor: Anchor::capture(&from.text, 0..from.text.len()),
            },
            to_doc: DocRef::of(to),
            to: Some(Anchor::capture(&to.text, r..r + quote.len())),
            updated,
        }
    }

    #[test]
    fn pins_survive_an_edit_and_merge_between_readers() {
        let a = Document::from_blocks("a", "A", &[(BlockKind::Paragraph, "The camp was closed.")]);
        let b = Document::from_blocks(
            "b",
            "B",
            &[
                (BlockKind::Paragraph, "Intro."),
                (BlockKind::Paragraph, "They closed the camp in 2012."),
            ],
        );
        let p = pin("p1", 1, &a, &b, "They closed the camp in 2012.");
        let edited = Document::from_blocks(
            "b",
            "B",
            &[
                (BlockKind::Paragraph, "A new first paragraph."),
                (BlockKind::Paragraph, "Intro."),
                (BlockKind::Paragraph, "They closed the camp in 2012."),
            ],
        );
        let corpus = Corpus {
            documents: vec![a.clone(), edited],
            warnings: vec![],
        };
        let place = p.place(&corpus);
        let r = place.to.unwrap().range.unwrap();
        assert_eq!(
            &corpus.documents[1].text[r],
            "They closed the camp in 2012."
        );
        assert_eq!(place.from.doc, Some(0));
        let mut mine = Annotations::default();
        mine.pins.push(p.clone());
        let mut theirs = Annotations::default();
        theirs.pins.push(pin("p2", 2, &a, &b, "Intro."));
        let merged = mine.merge(&theirs);
        assert_eq!(merged.pins.len(), 2);
        let mut gone = merged.clone();
        gone.remove_pin("p1");
        assert_eq!(gone.merge(&mine).pins.len(), 1, "a deletion wins the merge");
    }

    #[test]
    fn files_without_pins_still_load() {
        let json = r#"{"schema":1,"highlights":[],"bookmarks":[]}"#;
        let state: Annotations = serde_json::from_str(json).unwrap();
        assert!(state.pins.is_empty());
    }
}
