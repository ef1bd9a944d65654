//! Latent semantics: a truncated SVD of the passage × term TF-IDF matrix (randomized range
//! finder with power iterations, plain `Vec<f32>`), so that terms which occur in the same
//! contexts ("founded", "established", "origins") bring passages together.
//!
//! The decomposition is fitted on a bounded, strided sample of passages; every passage (and
//! any query vector) is then folded in: its embedding is `x · V` (the coordinates `U Σ` of
//! the sampled passages), compared by cosine.

use super::SparseVec;
use rayon::prelude::*;

/// Passages the decomposition is fitted on (a strided sample beyond this).
const MAX_SAMPLE: usize = 6000;
/// Extra dimensions of the random projection (oversampling).
const OVERSAMPLE: usize = 10;
const POWER_ITERATIONS: usize = 2;

#[derive(Debug, Clone)]
pub struct Lsa {
    /// Dimensions.
    pub k: usize,
    /// Row of each term in `basis` (`u32::MAX` = not in the latent space).
    row: Vec<u32>,
    /// `rows × k` right singular vectors scaled by 1/σ (folding-in matrix), row-major.
    basis: Vec<f32>,
    /// Unit-length embedding of each passage, `n × k` row-major.
    emb: Vec<f32>,
}

impl Lsa {
    pub fn fit(vectors: &[SparseVec], n_terms: usize, k: usize) -> Lsa {
        let n = vectors.len();
        let sample: Vec<usize> = if n > MAX_SAMPLE {
            (0..MAX_SAMPLE).map(|i| i * n / MAX_SAMPLE).collect()
        } else {
            (0..n).collect()
        };
        // terms of the sample, in term order
        let mut row = vec![u32::MAX; n_terms];
        let mut seen = vec![false; n_terms];
        for &p in &sample {
            for &(t, _) in &vectors[p] {
                seen[t as usize] = true;
            }
        }
        let mut rows = 0u32;
        for (t, s) in seen.iter().enumerate() {
            if *s {
                row[t] = rows;
                rows += 1;
            }
        }
        let rows = rows as usize;
        let l = (k + OVERSAMPLE).min(sample.len()).min(rows);
        let k = k.min(l);
        if k == 0 {
            return Lsa {
                k: 0,
                row,
                basis: Vec::new(),
                emb: Vec::new(),
            };
        }
        // sample matrix rows with local term rows
        let xs: Vec<Vec<(u32, f32)>> = sample
            .iter()
            .map(|&p| {
                vectors[p]
                    .iter()
                    .map(|&(t, w)| (row[t as usize], w))
                    .collect()
            })
            .collect();
        let s = xs.len();
        // Ω: rows × l, deterministic pseudo-Gaussian
        let mut z: Vec<f32> = (0..rows * l).map(|i| gaussian(i as u64)).collect();
        // Y = Xs Z  (s × l, column-major: l columns of length s)
        let mut y = times(&xs, &z, l, s);
        for _ in 0..POWER_ITERATIONS {
            orthonormalize(&mut y, s, l);
            z = times_t(&xs, &y, l, s, rows);
            y = times(&xs, &z, l, s);
        }
        orthonormalize(&mut y, s, l);
        // Z = Xs^T Q (rows × l); M = Z^T Z = B B^T (l × l)
        let z = times_t(&xs, &y, l, s, rows);
        let mut m = vec![0f64; l * l];
        for r in 0..rows {
            let zr = &z[r * l..(r + 1) * l];
            for a in 0..l {
                let za = zr[a] as f64;
                if za == 0.0 {
                    continue;
                }
                for b in a..l {
                    m[a * l + b] += za * zr[b] as f64;
                }
            }
        }
        for a in 0..l {
            for b in 0..a {
                m[a * l + b] = m[b * l + a];
            }
        }
        let (vals, vecs) = jacobi_eigen(m, l);
        let mut order: Vec<usize> = (0..l).collect();
        order.sort_by(|&a, &b| vals[b].total_cmp(&vals[a]).then(a.cmp(&b)));
        let top: Vec<usize> = order
            .into_iter()
            .take(k)
            .filter(|&j| vals[j] > 1e-9)
            .collect();
        let k = top.len();
        // basis = Z W Σ^-1  (rows × k), σ = sqrt(λ)
        let mut basis = vec![0f32; rows * k];
        for (c, &j) in top.iter().enumerate() {
            let inv = 1.0 / vals[j].sqrt();
            for r in 0..rows {
                let mut acc = 0f64;
                for a in 0..l {
                    acc += z[r * l + a] as f64 * vecs[a * l + j];
                }
                basis[r * k + c] = (acc * inv) as f32;
            }
        }
        let mut lsa = Lsa {
            k,
            row,
            basis,
            emb: Vec::new(),
        };
        lsa.emb = vectors.par_iter().flat_map_iter(|v| lsa.embed(v)).collect();
        lsa
    }

    /// The unit-length embedding of a sparse vector (zero when it has no latent terms).
    pub fn embed(&self, v: &SparseVec) -> Vec<f32> {
        let k = self.k;
        let mut e = vec![0f32; k];
        for &(t, w) in v {
            let r = self.row.get(t as usize).copied().unwrap_or(u32::MAX);
            if r == u32::MAX {
                continue;
            }
            let b = &self.basis[r as usize * k..(r as usize + 1) * k];
            for (x, y) in e.iter_mut().zip(b) {
                *x += w * y;
            }
        }
        let norm = e.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            for x in e.iter_mut() {
                *x /= norm;
            }
        }
        e
    }

    /// Cosine of an embedding with passage `p`'s.
    pub fn cosine(&self, e: &[f32], p: usize) -> f32 {
        let k = self.k;
        if k == 0 {
            return 0.0;
        }
        self.emb[p * k..(p + 1) * k]
            .iter()
            .zip(e)
            .map(|(a, b)| a * b)
            .sum()
    }
}

/// `Xs · Z`: `Z` is `rows × l` row-major; result column-major (`l` columns of length `s`).
fn times(xs: &[Vec<(u32, f32)>], z: &[f32], l: usize, s: usize) -> Vec<f32> {
    let rowsv: Vec<Vec<f32>> = xs
        .par_iter()
        .map(|x| {
            let mut acc = vec![0f32; l];
            for &(r, w) in x {
                let zr = &z[r as usize * l..(r as usize + 1) * l];
                for (a, b) in acc.iter_mut().zip(zr) {
                    *a += w * b;
                }
            }
            acc
        })
        .collect();
    let mut y = vec![0f32; l * s];
    for (i, r) in rowsv.iter().enumerate() {
        for j in 0..l {
            y[j * s + i] = r[j];
        }
    }
    y
}

/// `Xs^T · Y`: `Y` column-major `s × l`; result `rows × l` row-major.
fn times_t(xs: &[Vec<(u32, f32)>], y: &[f32], l: usize, s: usize, rows: usize) -> Vec<f32> {
    let mut z = vec![0f32; rows * l];
    let mut yi = vec![0f32; l];
    for (i, x) in xs.iter().enumerate() {
        for j in 0..l {
            yi[j] = y[j * s + i];
        }
        for &(r, w) in x {
            let zr = &mut z[r as usize * l..(r as usize + 1) * l];
            for (a, b) in zr.iter_mut().zip(&yi) {
                *a += w * b;
            }
        }
    }
    z
}

/// Modified Gram-Schmidt on the `l` columns (each of length `s`) of `y`.
fn orthonormalize(y: &mut [f32], s: usize, l: usize) {
    for j in 0..l {
        let (done, rest) = y.split_at_mut(j * s);
        let col = &mut rest[..s];
        for i in 0..j {
            let prev = &done[i * s..(i + 1) * s];
            let d: f64 = prev
                .iter()
                .zip(col.iter())
                .map(|(a, b)| (a * b) as f64)
                .sum();
            let d = d as f32;
            for (c, p) in col.iter_mut().zip(prev) {
                *c -= d * p;
            }
        }
        let norm = col.iter().map(|x| (x * x) as f64).sum::<f64>().sqrt();
        if norm > 1e-12 {
            for c in col.iter_mut() {
                *c /= norm as f32;
            }
        } else {
            col.iter_mut().for_each(|c| *c = 0.0);
        }
    }
}

/// Eigen-decomposition of a symmetric `l × l` matrix (cyclic Jacobi): eigenvalues and the
/// eigenvectors as the columns of a row-major matrix.
fn jacobi_eigen(mut a: Vec<f64>, l: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; l * l];
    for i in 0..l {
        v[i * l + i] = 1.0;
    }
    for _ in 0..60 {
        let off: f64 = (0..l)
            .flat_map(|i| (0..l).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * l + j] * a[i * l + j])
            .sum();
        let diag: f64 = (0..l).map(|i| a[i * l + i] * a[i * l + i]).sum();
        if off <= 1e-22 * diag.max(1e-300) {
            break;
        }
        for p in 0..l {
            for q in p + 1..l {
                let apq = a[p * l + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let app = a[p * l + p];
                let aqq = a[q * l + q];
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..l {
                    let akp = a[k * l + p];
                    let akq = a[k * l + q];
                    a[k * l + p] = c * akp - s * akq;
                    a[k * l + q] = s * akp + c * akq;
                }
                for k in 0..l {
                    let apk = a[p * l + k];
                    let aqk = a[q * l + k];
                    a[p * l + k] = c * apk - s * aqk;
                    a[q * l + k] = s * apk + c * aqk;
                }
                for k in 0..l {
                    let vkp = v[k * l + p];
                    let vkq = v[k * l + q];
                    v[k * l + p] = c * vkp - s * vkq;
                    v[k * l + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..l).map(|i| a[i * l + i]).collect(), v)
}

/// A deterministic standard-normal-ish number for index `i` (splitmix64 + Box-Muller).
fn gaussian(i: u64) -> f32 {
    let mix = |mut x: u64| {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    };
    let a = mix(2 * i);
    let b = mix(2 * i + 1);
    let u1 = ((a >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    let u2 = (b >> 11) as f64 / (1u64 << 53) as f64;
    ((-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_recovers_a_known_spectrum() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3
        let (vals, _) = jacobi_eigen(vec![2.0, 1.0, 1.0, 2.0], 2);
        let mut v = vals.clone();
        v.sort_by(f64::total_cmp);
        assert!(
            (v[0] - 1.0).abs() < 1e-9 && (v[1] - 3.0).abs() < 1e-9,
            "{vals:?}"
        );
    }

    #[test]
    fn co_occurring_terms_meet_in_the_latent_space() {
        // terms 0 and 1 co-occur with term 2; passages with only 0 or only 1 come together
        let u = |v: &[(u32, f32)]| {
            let n = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            v.iter().map(|&(t, w)| (t, w / n)).collect::<SparseVec>()
        };
        let vectors = vec![
            u(&[(0, 1.0), (2, 1.0)]),
            u(&[(1, 1.0), (2, 1.0)]),
            u(&[(0, 1.0)]),
            u(&[(1, 1.0)]),
            u(&[(3, 1.0), (4, 1.0)]),
            u(&[(4, 1.0), (5, 1.0)]),
        ];
        let lsa = Lsa::fit(&vectors, 6, 2);
        let e = lsa.embed(&vectors[2]);
        assert!(lsa.cosine(&e, 3) > 0.5, "{}", lsa.cosine(&e, 3));
        assert!(lsa.cosine(&e, 4).abs() < 0.3);
    }
}
