//! Parallel accounts: the CFR backgrounder appears twice in the seeds (002, and re-edited as
//! article 05 of the compilation 004). Passages of one must align to their counterparts in the
//! other (gold: passages sharing a run of 8+ words).

use synoptic::align::eval::{parallel_gold, parallel_precision, seed_parallel_docs};
use synoptic::align::AlignIndex;
use synoptic::corpus::embedded_seeds;

#[test]
fn parallel_accounts_align_to_their_counterparts() {
    let c = embedded_seeds();
    let index = AlignIndex::build(&c);
    let (a, b) = seed_parallel_docs(&c).expect("the seeds hold both accounts");
    assert!(parallel_gold(&c, &index, a, b, 8).len() >= 10);
    let (pa, na) = parallel_precision(&c, &index, a, b);
    let (pb, nb) = parallel_precision(&c, &index, b, a);
    println!("parallel accounts: {pa:.3} ({na} passages) / {pb:.3} ({nb} passages)");
    // measured 1.000 both ways when written
    assert!(pa >= 0.9, "{pa} over {na}");
    assert!(pb >= 0.9, "{pb} over {nb}");
}
