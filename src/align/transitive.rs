//! Transitive evidence: the query's best match in each third document vouches for its own
//! best matches in the target document (what another author tells where this one does, the
//! target's author tells there too).

use super::sparse::best_of;
use super::AlignIndex;

/// Best scores kept per passage and document for [`super::Options::transitive`] (10 measured
/// 0.651 on the dev set, 30 and all of them 0.661).
const TRANSITIVE_TOP: usize = 30;

impl AlignIndex {
    /// A passage's best [`TRANSITIVE_TOP`] candidates in `doc` (index in the document, score)
    /// after the order-aware pass, without transitive evidence (kept once computed).
    fn ordered_top(&self, passage: usize, doc: usize) -> &[(u32, f32)] {
        let nd = self.by_doc.len();
        let Some(cell) = self.ordered_top.get(passage * nd + doc) else {
            return &[];
        };
        cell.get_or_init(|| {
            let q = self.query_vector_for(passage, Some(doc));
            let mut s = self.scores_for_vector(&q, doc);
            if self.options.order > 0.0 {
                self.order_bonus(passage, doc, &mut s);
            }
            best_of(&s, TRANSITIVE_TOP)
        })
    }

    /// [`super::Options::transitive`]: the query's best match in each third document vouches
    /// for its own best matches in `doc`, in proportion to both scores (Matthew carries Luke's
    /// temptation, word for word where Mark has none, to Mark's two verses).
    pub(super) fn transitive_bonus(&self, passage: usize, doc: usize, scores: &mut [f32]) {
        let qd = self.passages[passage].doc;
        let t = self.options.transitive;
        for e in 0..self.by_doc.len() {
            if e == qd || e == doc {
                continue;
            }
            let Some(&(j, via)) = self.ordered_top(passage, e).first() else {
                continue;
            };
            for &(c, onward) in self.ordered_top(self.by_doc[e][j as usize], doc) {
                scores[c as usize] += t * via * onward;
            }
        }
    }
}
