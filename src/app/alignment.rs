//! `a`, `]a` / `[a` and follow mode: bringing the matches of the focused cursor passage into
//! the other panes, and saying in each pane's title why it shows what it shows.

use super::*;

/// Follow mode keeps the pane's current match while it scores at least this share of the
/// best match (hysteresis: panes don't jump between near-equal matches).
pub const FOLLOW_KEEP: f32 = 0.85;

/// Candidates of a passage `]a` steps through in each other pane.
pub const CANDIDATES: usize = 5;

/// Why a pane shows what it shows after `a` / follow mode (shown in its title line).
#[derive(Debug, Clone, PartialEq)]
pub enum AlignNote {
    /// The candidate of rank `rank` (0: the best) with its score and shared terms; `good`
    /// is false for a weak one, shown only when asked for with `]a`.
    Match {
        score: f32,
        terms: Vec<String>,
        rank: usize,
        good: bool,
        /// Placed by context more than by shared words ([`crate::align::Match::by_context`]).
        by_context: bool,
        /// The reader pinned it as the parallel (`p`): shown `pinned` instead of the score.
        pinned: bool,
    },
    /// No passage of the document shares anything with it.
    NoMatch,
    /// The reader marked that nothing in this document speaks of it (`x`).
    Nothing,
}

/// Follow mode, and where the other panes were last aligned from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// Other panes keep the best match of the focused cursor passage in view.
    pub follow: bool,
    /// The focused cursor follow mode last synced from.
    pub follow_from: Option<(usize, usize)>,
    /// The (pane, cursor passage) the other panes were last aligned from (by `a` or follow
    /// mode); `]a` / `[a` step from there, each pane from the rank it shows.
    pub align_from: Option<(usize, usize)>,
    /// A topic opened across the panes from the topic map: while the cursor passage is on
    /// it, its passages come first among the candidates (after the reader's pins).
    pub topic: Option<usize>,
}

impl App {
    /// The focused pane and its cursor passage, to align from; None (saying why in the status
    /// line) while the index builds or without a cursor passage.
    pub(super) fn align_source(&mut self) -> Option<(usize, usize)> {
        if let Some(why) = self.index.unavailable() {
            self.status = Some(why.into());
            return None;
        }
        let f = self.focus;
        let Some(cursor) = self.panes[f].cursor else {
            self.status = Some("no passage under the cursor".into());
            return None;
        };
        Some((f, cursor))
    }

    /// `a`: brings the best match of the focused cursor passage into every other pane.
    pub(super) fn align(&mut self) {
        let Some((f, cursor)) = self.align_source() else {
            return;
        };
        self.alignment.topic = None;
        self.panes[f].note = None;
        self.panes[f].mark = None;
        let (mut moved, mut others) = (0, 0);
        for i in 0..self.panes.len() {
            if i == f || self.panes[i].doc == self.panes[f].doc {
                continue;
            }
            others += 1;
            let doc = self.panes[i].doc;
            if self.pins_for(cursor, doc).nothing.is_some() {
                self.panes[i].mark = None;
                self.panes[i].note = Some(AlignNote::Nothing);
                continue;
            }
            // The reader's pin first; else the engine's best, brought in even when weak (a
            // reader judges a weak match faster than an empty pane).
            match self.candidates(cursor, doc, 1).into_iter().next() {
                Some((m, pinned)) => {
                    if m.good || pinned {
                        moved += 1;
                    }
                    self.bring_candidate(i, m, 0, pinned);
                }
                None => {
                    self.panes[i].mark = None;
                    self.panes[i].note = Some(AlignNote::NoMatch);
                }
            }
        }
        self.alignment.align_from = Some((f, cursor));
        self.status = Some(if others == 0 {
            "no other pane to align (+ adds one)".into()
        } else {
            let weak = others - moved;
            let panes = plural(others, "pane", "panes");
            match weak {
                0 => format!("aligned {moved} of {others} {panes}"),
                _ => format!("aligned {moved} of {others} {panes} ({weak} weak or none, dimmed)"),
            }
        });
    }

    /// Shows candidate `m` (of rank `rank`) in pane `i`, marked, its score and terms in the
    /// pane's title; the jump list keeps where the pane was.
    pub(super) fn bring_candidate(
        &mut self,
        i: usize,
        m: crate::align::Match,
        rank: usize,
        pinned: bool,
    ) {
        self.push_jump(i);
        self.show_passage(i, m.passage);
        self.panes[i].mark = Some(m.passage);
        self.panes[i].note = Some(AlignNote::Match {
            score: m.score,
            terms: m.terms,
            rank,
            good: m.good || pinned,
            by_context: m.by_context,
            pinned,
        });
    }

    /// `]a` / `[a`: the next (or the previous, better) candidate of the focused cursor passage
    /// in every other pane — the best match is not always the passage on the same point, and
    /// the second or third often is. A pane that said `no good match` shows the best
    /// candidate first, marked weak. Starts from the best when the cursor moved since.
    pub(super) fn step_candidate(&mut self, dir: Direction) {
        let Some((f, cursor)) = self.align_source() else {
            return;
        };
        if self.alignment.align_from != Some((f, cursor)) {
            self.align();
            return;
        }
        let (mut shown, mut others) = (0, 0);
        let mut ranks: Vec<usize> = Vec::new();
        for i in 0..self.panes.len() {
            if i == f || self.panes[i].doc == self.panes[f].doc {
                continue;
            }
            others += 1;
            let current = match &self.panes[i].note {
                Some(AlignNote::Match { rank, .. }) => Some(*rank),
                _ => None,
            };
            let ranked = self.candidates(cursor, self.panes[i].doc, CANDIDATES);
            let want = match (dir, current) {
                (Direction::Forward, None) => 0,
                (Direction::Forward, Some(r)) if r + 1 < ranked.len() => r + 1,
                (Direction::Backward, Some(r)) if r > 0 => r - 1,
                _ => continue,
            };
            let Some((m, pinned)) = ranked.into_iter().nth(want) else {
                continue;
            };
            self.bring_candidate(i, m, want, pinned);
            shown += 1;
            if !ranks.contains(&want) {
                ranks.push(want);
            }
        }
        self.status = Some(match (others, shown, ranks.as_slice()) {
            (0, _, _) => "no other pane to align (+ adds one)".into(),
            (_, 0, _) if dir == Direction::Forward => {
                format!("no further candidate (]a goes down to the {CANDIDATES}th)")
            }
            (_, 0, _) => "the best match is shown (]a shows the next)".into(),
            (_, _, [r]) => format!(
                "candidate {} of {CANDIDATES} in {shown} of {others} {}",
                r + 1,
                plural(others, "pane", "panes")
            ),
            _ if dir == Direction::Forward => {
                format!(
                    "next candidate in {shown} of {others} {}",
                    plural(others, "pane", "panes")
                )
            }
            _ => format!(
                "better candidate in {shown} of {others} {}",
                plural(others, "pane", "panes")
            ),
        });
    }

    /// Whether the other panes' match notes and `»` marks were brought for a passage the
    /// cursor has left (they are then dimmed, "for previous passage").
    pub fn alignment_stale(&self) -> bool {
        match self.alignment.align_from {
            Some((pane, passage)) => self
                .panes
                .get(pane)
                .is_none_or(|p| p.cursor != Some(passage)),
            None => false,
        }
    }

    /// Follow mode: other panes keep the best match of the focused cursor passage in view.
    pub(super) fn sync_follow(&mut self, force: bool) {
        if !self.index.is_ready() || self.panes.is_empty() {
            return;
        }
        let f = self.focus;
        let Some(cursor) = self.panes[f].cursor else {
            return;
        };
        if !force && self.alignment.follow_from == Some((f, cursor)) {
            return;
        }
        if self.alignment.follow_from.map(|(pane, _)| pane) != Some(f) {
            // A newly focused pane leads: what it showed as a follower no longer applies.
            self.panes[f].note = None;
            self.panes[f].mark = None;
        }
        self.alignment.follow_from = Some((f, cursor));
        self.alignment.align_from = Some((f, cursor));
        for i in 0..self.panes.len() {
            if i == f || self.panes[i].doc == self.panes[f].doc {
                continue;
            }
            let doc = self.panes[i].doc;
            if self.pins_for(cursor, doc).nothing.is_some() {
                self.panes[i].mark = None;
                self.panes[i].note = Some(AlignNote::Nothing);
                continue;
            }
            let matches = self.candidates(cursor, doc, 5);
            let Some(best) = matches.first() else {
                self.panes[i].mark = None;
                self.panes[i].note = Some(AlignNote::NoMatch);
                continue;
            };
            // Hysteresis: keep the current match while it is nearly as good as the best (a
            // pin is never set aside).
            let keep = self.panes[i].mark.filter(|_| !best.1).and_then(|mark| {
                matches.iter().find(|(m, _)| {
                    m.passage == mark && m.good && m.score >= best.0.score * FOLLOW_KEEP
                })
            });
            let (chosen, pinned) = keep.unwrap_or(best).clone();
            if !self.passage_visible(i, chosen.passage) {
                self.show_passage(i, chosen.passage);
            }
            self.panes[i].mark = Some(chosen.passage);
            self.panes[i].note = Some(AlignNote::Match {
                score: chosen.score,
                terms: chosen.terms,
                rank: matches
                    .iter()
                    .position(|(m, _)| m.passage == chosen.passage)
                    .unwrap_or(0),
                good: chosen.good || pinned,
                by_context: chosen.by_context,
                pinned,
            });
        }
    }
}
