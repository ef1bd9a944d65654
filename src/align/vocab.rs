//! Steps 1 to 3 of the index build, the vocabulary: each document cut into passages and
//! tokenized (with the tokens of its section headings), the corpus's distinct surfaces turned
//! into terms (folded, stop words dropped, stemmed once per surface), spellings of one name
//! and acronyms whose definitions agree merged into one canonical term, and the display form
//! of each term.

use super::sparse::count_sorted;
use super::{passages, text, Options};
use crate::corpus::{BlockKind, Corpus, Document};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// One document's passages (`(block, byte range)`) and tokens.
pub(super) type PerDoc = (Vec<(usize, Range<usize>)>, DocTokens);

/// Per-document tokenization result.
pub(super) struct DocTokens {
    /// Distinct folded surfaces of the document, by local id.
    surfaces: PackedStrs,
    /// Occurrences of each surface in the document's passages.
    counts: Vec<u32>,
    /// Of those, how many were capitalized.
    caps: Vec<u32>,
    /// The tokens of the document's passages as local surface ids, one list for the whole
    /// document (a list per passage, of `u32`, was most of the index build's peak memory).
    tokens: Tokens,
    /// End of each passage's tokens in `tokens`.
    ends: Vec<usize>,
    /// For each passage, its section heading as an index into `heading_list` (`u32::MAX`
    /// when none; empty unless headings are used).
    pub(super) headings: Vec<u32>,
    /// The tokens of each distinct heading used (in block order).
    pub(super) heading_list: Vec<Vec<u32>>,
    acronyms: Vec<text::AcronymDef>,
}

/// Local surface ids: 16 bits when the document has at most 65,536 distinct surfaces (all of
/// bible-9's documents), which halves them.
enum Tokens {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl DocTokens {
    /// Number of passages.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Sets `out` to the canonical term ids of passage `i`'s tokens, in text order, without
    /// the tokens that are not terms.
    fn passage_terms(&self, i: usize, map: &[u32], out: &mut Vec<u32>) {
        let r = if i == 0 { 0 } else { self.ends[i - 1] }..self.ends[i];
        out.clear();
        match &self.tokens {
            Tokens::Narrow(v) => out.extend(v[r].iter().map(|&s| map[s as usize])),
            Tokens::Wide(v) => out.extend(v[r].iter().map(|&s| map[s as usize])),
        }
        out.retain(|&t| t != u32::MAX);
    }

    /// The term counts of each passage (`map`: local surface → canonical term); frees the
    /// tokens and surfaces, which are not needed after.
    pub(super) fn take_counts(&mut self, map: &[u32]) -> Vec<Vec<(u32, f32)>> {
        let mut ids = Vec::new();
        let counts = (0..self.len())
            .map(|i| {
                self.passage_terms(i, map, &mut ids);
                count_sorted(&mut ids)
            })
            .collect();
        self.tokens = Tokens::Narrow(Vec::new());
        self.ends = Vec::new();
        self.surfaces = PackedStrs {
            text: String::new(),
            ends: Vec::new(),
        };
        self.counts = Vec::new();
        self.caps = Vec::new();
        counts
    }
}

/// The vocabulary of one document while it is tokenized.
struct LocalVocab {
    map: HashMap<String, u32>,
    counts: Vec<u32>,
    caps: Vec<u32>,
    decades: bool,
}

impl LocalVocab {
    fn intern(&mut self, f: &str) -> u32 {
        if let Some(&id) = self.map.get(f) {
            return id;
        }
        // terms are computed once per distinct surface of the corpus, after tokenization
        let id = self.counts.len() as u32;
        self.counts.push(0);
        self.caps.push(0);
        self.map.insert(f.to_string(), id);
        id
    }

    /// Token ids of the terms of `s` (not counted in the frequencies).
    fn tokenize(&mut self, s: &str) -> Vec<u32> {
        let mut v = Vec::new();
        self.tokenize_into(s, false, &mut v);
        v.shrink_to_fit();
        v
    }

    /// Appends the token ids of the terms of `s` to `v`; `count` adds them to the frequencies.
    fn tokenize_into(&mut self, s: &str, count: bool, v: &mut Vec<u32>) {
        let start = v.len();
        let mut f = String::new();
        for w in text::words(s) {
            text::fold_into(w.surface, &mut f);
            let id = self.intern(&f);
            v.push(id);
            if count && w.surface.starts_with(char::is_uppercase) {
                self.caps[id as usize] += 1;
            }
            if self.decades {
                if let Some(d) = text::decade(&f) {
                    let id = self.intern(&d);
                    v.push(id);
                }
            }
        }
        if count {
            for &id in &v[start..] {
                self.counts[id as usize] += 1;
            }
        }
    }

    /// The surfaces by id.
    fn into_surfaces(self) -> (PackedStrs, Vec<u32>, Vec<u32>) {
        let mut s: Vec<(u32, String)> = self.map.into_iter().map(|(k, v)| (v, k)).collect();
        s.sort_unstable_by_key(|x| x.0);
        let mut packed = PackedStrs {
            text: String::with_capacity(s.iter().map(|x| x.1.len()).sum()),
            ends: Vec::with_capacity(s.len()),
        };
        for (_, surface) in s {
            packed.text.push_str(&surface);
            packed.ends.push(packed.text.len() as u32);
        }
        (packed, self.counts, self.caps)
    }
}

/// Short strings packed into one buffer: a document's vocabulary (thousands of words, kept
/// for every document until the corpus vocabulary is built) costs two allocations instead of
/// one per word — on bible-9 that is most of the index build's peak memory.
struct PackedStrs {
    text: String,
    /// End offset of each string in `text`.
    ends: Vec<u32>,
}

impl PackedStrs {
    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let s = &self.text[start..end as usize];
            start = end as usize;
            s
        })
    }
}

/// Step 1: passages and tokens, one document per task.
pub(super) fn tokenize_documents(corpus: &Corpus, options: &Options) -> Vec<PerDoc> {
    corpus
        .documents
        .par_iter()
        .map(|doc| tokenize_document(doc, options))
        .collect()
}

/// The headings of `doc` that only number parts ("Chapter 14"), by block: they lend no words.
fn numbering_blocks(doc: &Document) -> Vec<usize> {
    let hs: Vec<usize> = (0..doc.blocks.len())
        .filter(|&b| doc.blocks[b].kind == BlockKind::Heading)
        .collect();
    let texts: Vec<&str> = hs.iter().map(|&b| doc.block_text(&doc.blocks[b])).collect();
    hs.iter()
        .zip(text::numbering_headings(&texts))
        .filter_map(|(&b, n)| n.then_some(b))
        .collect()
}

fn tokenize_document(doc: &Document, options: &Options) -> PerDoc {
    let ps = passages::split_document(doc);
    let mut vocab = LocalVocab {
        map: HashMap::default(),
        counts: Vec::new(),
        caps: Vec::new(),
        decades: options.decades,
    };
    let headings_on = options.heading > 0.0;
    let mut flat: Vec<u32> = Vec::new();
    let mut ends = Vec::with_capacity(ps.len());
    let mut hblocks: Vec<usize> = Vec::new();
    let mut heading_cache: HashMap<usize, Vec<u32>> = HashMap::default();
    let numbering = if headings_on {
        numbering_blocks(doc)
    } else {
        Vec::new()
    };
    let (mut scan, mut last_heading) = (0usize, usize::MAX);
    for (b, r) in &ps {
        if headings_on {
            // passages come in block order: the governing heading is found by one scan of
            // the document's blocks
            if scan > *b {
                (scan, last_heading) = (0, usize::MAX);
            }
            while scan <= *b && scan < doc.blocks.len() {
                if doc.blocks[scan].kind == BlockKind::Heading {
                    last_heading = scan;
                }
                scan += 1;
            }
        }
        vocab.tokenize_into(&doc.text[r.clone()], true, &mut flat);
        ends.push(flat.len());
        if headings_on {
            let hb = if numbering.binary_search(&last_heading).is_ok() {
                usize::MAX
            } else {
                last_heading
            };
            if hb != usize::MAX {
                heading_cache
                    .entry(hb)
                    .or_insert_with(|| vocab.tokenize(&doc.text[doc.blocks[hb].range.clone()]));
            }
            hblocks.push(hb);
        }
    }
    let acronyms = if options.acronyms {
        ps.iter()
            .flat_map(|(_, r)| text::acronym_definitions(&doc.text[r.clone()]))
            .collect()
    } else {
        Vec::new()
    };
    let mut heading_list: Vec<(usize, Vec<u32>)> = heading_cache.into_iter().collect();
    heading_list.sort_unstable_by_key(|x| x.0);
    let headings = hblocks
        .iter()
        .map(
            |&hb| match heading_list.binary_search_by_key(&hb, |x| x.0) {
                Ok(i) => i as u32,
                Err(_) => u32::MAX,
            },
        )
        .collect();
    let heading_list = heading_list.into_iter().map(|x| x.1).collect();
    let tokens = if vocab.counts.len() <= 1 << 16 {
        Tokens::Narrow(flat.iter().map(|&t| t as u16).collect())
    } else {
        flat.shrink_to_fit();
        Tokens::Wide(flat)
    };
    let (surfaces, counts, caps) = vocab.into_surfaces();
    (
        ps,
        DocTokens {
            surfaces,
            counts,
            caps,
            tokens,
            ends,
            headings,
            heading_list,
            acronyms,
        },
    )
}

/// The corpus's vocabulary: canonical terms, their display forms, and per document the map
/// of its local surface ids to canonical term ids (`u32::MAX`: not a term).
pub(super) struct Vocabulary {
    pub terms: Vec<String>,
    pub display: Vec<String>,
    pub local_maps: Vec<Vec<u32>>,
}

/// The distinct surfaces of the corpus and each one's term.
struct Surfaces<'a> {
    /// The distinct surfaces, by corpus-wide id.
    list: Vec<&'a str>,
    /// Per document, the corpus-wide id of each local surface.
    doc_uniq: Vec<Vec<u32>>,
    /// The term of each surface (`u32::MAX`: none).
    term: Vec<u32>,
    /// The distinct terms.
    terms: Vec<String>,
}

/// Step 2: distinct surfaces of the corpus, their terms (stemming once per surface).
fn surfaces<'a>(per_doc: &'a [PerDoc], options: &Options) -> Surfaces<'a> {
    let mut uniq: HashMap<&str, u32> = HashMap::default();
    let mut list: Vec<&str> = Vec::new();
    let doc_uniq: Vec<Vec<u32>> = per_doc
        .iter()
        .map(|(_, dt)| {
            dt.surfaces
                .iter()
                .map(|s| {
                    *uniq.entry(s).or_insert_with(|| {
                        list.push(s);
                        (list.len() - 1) as u32
                    })
                })
                .collect()
        })
        .collect();
    drop(uniq);
    let uniq_terms: Vec<Option<String>> = list
        .par_iter()
        .map_init(|| analyzer(options), |a, s| a.term(s))
        .collect();
    let mut terms: Vec<String> = Vec::new();
    let mut ids: HashMap<&str, u32> = HashMap::default();
    let term = uniq_terms
        .iter()
        .map(|t| match t {
            None => u32::MAX,
            Some(t) => *ids.entry(t.as_str()).or_insert_with(|| {
                terms.push(t.clone());
                (terms.len() - 1) as u32
            }),
        })
        .collect();
    Surfaces {
        list,
        doc_uniq,
        term,
        terms,
    }
}

fn analyzer(options: &Options) -> text::Analyzer {
    text::Analyzer {
        stem: options.stem,
        stop: options.stop_words,
        ..Default::default()
    }
}

/// Steps 2 and 3: the vocabulary of the tokenized documents: terms, then canonical terms
/// (spelling variants, then acronyms), then the display form of each.
pub(super) fn vocabulary(per_doc: &[PerDoc], options: &Options) -> Vocabulary {
    let s = surfaces(per_doc, options);
    let n_terms = s.terms.len();
    let mut freq: Vec<u64> = vec![0; n_terms];
    let mut caps: Vec<u64> = vec![0; n_terms];
    let mut surface_count: Vec<u64> = vec![0; s.list.len()];
    for ((_, dt), du) in per_doc.iter().zip(&s.doc_uniq) {
        for ((&u, &c), &k) in du.iter().zip(&dt.counts).zip(&dt.caps) {
            surface_count[u as usize] += c as u64;
            let t = s.term[u as usize];
            if t != u32::MAX {
                freq[t as usize] += c as u64;
                caps[t as usize] += k as u64;
            }
        }
    }
    // 3. canonical terms: spelling variants, then acronyms
    let mut canon: Vec<u32> = (0..n_terms as u32).collect();
    if options.variants {
        let list: Vec<(&str, u64)> = s
            .terms
            .iter()
            .zip(&freq)
            .map(|(t, &f)| (t.as_str(), f))
            .collect();
        let names: Vec<bool> = caps.iter().zip(&freq).map(|(&k, &f)| 2 * k >= f).collect();
        canon = text::spelling_groups(&list, &names)
            .into_iter()
            .map(|c| c as u32)
            .collect();
    }
    if options.acronyms {
        let term_ids: HashMap<String, u32> = s
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        let defs: Vec<&text::AcronymDef> =
            per_doc.iter().flat_map(|(_, dt)| &dt.acronyms).collect();
        merge_acronyms(&defs, &term_ids, &freq, &mut canon, options);
    }
    let display = display_forms(&s, &surface_count, &canon);
    // local surface id → canonical term id, per document
    let mut local_maps: Vec<Vec<u32>> = s.doc_uniq;
    for u in local_maps.iter_mut().flatten() {
        *u = match s.term[*u as usize] {
            u32::MAX => u32::MAX,
            t => canon[t as usize],
        };
    }
    Vocabulary {
        terms: s.terms,
        display,
        local_maps,
    }
}

/// The display form of each canonical term: its most frequent surface (ties: the first in
/// byte order).
fn display_forms(s: &Surfaces, surface_count: &[u64], canon: &[u32]) -> Vec<String> {
    let mut best: Vec<(u64, &str)> = vec![(0, ""); s.terms.len()];
    for (u, &surface) in s.list.iter().enumerate() {
        let t = s.term[u];
        let c = surface_count[u];
        if t == u32::MAX || c == 0 {
            continue;
        }
        let b = &mut best[canon[t as usize] as usize];
        if c > b.0 || (c == b.0 && surface < b.1) {
            *b = (c, surface);
        }
    }
    best.iter()
        .zip(&s.terms)
        .map(|(&(c, surface), t)| {
            if c == 0 {
                t.clone()
            } else {
                surface.to_string()
            }
        })
        .collect()
}

/// The root of `x` in a union-find forest.
fn root(parent: &[usize], mut x: usize) -> usize {
    while parent[x] != x {
        x = parent[x];
    }
    x
}

/// Merges acronyms whose expansions agree (e.g. MEK = Mujahideen-e-Khalq, MKO = Mojahedin-e
/// Khalq Organization): they become one term.
fn merge_acronyms(
    defs: &[&text::AcronymDef],
    term_ids: &HashMap<String, u32>,
    freq: &[u64],
    canon: &mut [u32],
    options: &Options,
) {
    let analyzer = analyzer(options);
    // acronym term → set of canonical expansion terms (content words only)
    let mut exp: HashMap<u32, Vec<u32>> = HashMap::default();
    for d in defs {
        let Some(a) = analyzer
            .term(&d.acronym)
            .and_then(|t| term_ids.get(&t).copied())
        else {
            continue;
        };
        let e = exp.entry(a).or_default();
        for w in &d.expansion {
            if let Some(t) = analyzer.term(w).and_then(|t| term_ids.get(&t).copied()) {
                e.push(canon[t as usize]);
            }
        }
    }
    let mut acr: Vec<(u32, Vec<u32>)> = exp
        .into_iter()
        .map(|(a, mut e)| {
            e.sort_unstable();
            e.dedup();
            (a, e)
        })
        .collect();
    acr.sort();
    let total: u64 = freq.iter().sum::<u64>().max(1);
    let weight = |t: u32| {
        ((total as f32) / (freq[t as usize] as f32 + 1.0))
            .ln()
            .max(0.0)
    };
    let mut parent: Vec<usize> = (0..acr.len()).collect();
    for i in 0..acr.len() {
        for j in i + 1..acr.len() {
            let (a, b) = (&acr[i].1, &acr[j].1);
            let wa: f32 = a.iter().map(|&t| weight(t)).sum();
            let wb: f32 = b.iter().map(|&t| weight(t)).sum();
            let shared: f32 = a
                .iter()
                .filter(|t| b.binary_search(t).is_ok())
                .map(|&t| weight(t))
                .sum();
            if wa.min(wb) > 0.0 && shared / wa.min(wb) >= 0.5 {
                let (ri, rj) = (root(&parent, i), root(&parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    // canonical member of each group: the most frequent acronym
    let mut best: HashMap<usize, u32> = HashMap::default();
    for (i, (a, _)) in acr.iter().enumerate() {
        let e = best.entry(root(&parent, i)).or_insert(*a);
        let (fa, fe) = (freq[*a as usize], freq[*e as usize]);
        if fa > fe || (fa == fe && *a < *e) {
            *e = *a;
        }
    }
    for (i, (a, _)) in acr.iter().enumerate() {
        let c = best[&root(&parent, i)];
        // every term currently mapped to this acronym follows it
        let from = canon[*a as usize];
        let to = canon[c as usize];
        for x in canon.iter_mut() {
            if *x == from {
                *x = to;
            }
        }
    }
}
