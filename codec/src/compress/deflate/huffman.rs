//! Canonical Huffman codes as deflate uses them (RFC 1951 §3.2.2): length-limited code
//! lengths from symbol frequencies, the bit-reversed codes a writer sends, and a table
//! that reads codes back.

use alloc::vec;
use alloc::vec::Vec;

/// Longest code deflate allows for literal/length and distance codes.
pub(super) const MAX_BITS: u8 = 15;

/// Optimal code lengths of at most `limit` bits for `freqs`: Huffman's, or when those
/// run past `limit`, package-merge's.
///
/// Every code is complete: when fewer than two symbols occur, the first unused symbols
/// get a code too (frequency 0 still costs nothing), because a decoder such as Go's
/// accepts an incomplete code only in the one-symbol case and zlib's not at all for
/// literal/lengths. `freqs.len()` must be at least 2 and at most `1 << limit`.
pub(super) fn lengths(freqs: &[u32], limit: u8) -> Vec<u8> {
    let mut lens = vec![0u8; freqs.len()];
    let mut leaves: Vec<(u64, usize)> = freqs
        .iter()
        .enumerate()
        .filter(|&(_, &f)| f > 0)
        .map(|(s, &f)| (u64::from(f), s))
        .collect();
    let unused: Vec<usize> = freqs
        .iter()
        .enumerate()
        .filter(|&(_, &f)| f == 0)
        .map(|(s, _)| s)
        .take(2usize.saturating_sub(leaves.len()))
        .collect();
    leaves.extend(unused.into_iter().map(|s| (0, s)));
    if leaves.len() < 2 {
        return lens;
    }
    leaves.sort_unstable();
    let depths = huffman(&leaves);
    let depths = if depths.iter().all(|&d| d <= limit) {
        depths
    } else {
        package_merge(&leaves, limit)
    };
    for (&(_, s), d) in leaves.iter().zip(depths) {
        lens[s] = d;
    }
    lens
}

/// Huffman's code lengths for `leaves` sorted by weight (two queues: the leaves, and the
/// merged nodes, which are made in order of weight).
fn huffman(leaves: &[(u64, usize)]) -> Vec<u8> {
    let n = leaves.len();
    // Node k < n is leaf k; node n + j is merged node j, whose children are `kids[j]`.
    let mut weight: Vec<u64> = Vec::with_capacity(n - 1);
    let mut kids: Vec<(usize, usize)> = Vec::with_capacity(n - 1);
    let (mut leaf, mut merged) = (0, 0);
    let mut smallest = |weight: &Vec<u64>| {
        let take_leaf = leaf < n && (merged == weight.len() || leaves[leaf].0 <= weight[merged]);
        if take_leaf {
            leaf += 1;
            (leaves[leaf - 1].0, leaf - 1)
        } else {
            merged += 1;
            (weight[merged - 1], n + merged - 1)
        }
    };
    for _ in 1..n {
        let (wa, a) = smallest(&weight);
        let (wb, b) = smallest(&weight);
        weight.push(wa + wb);
        kids.push((a, b));
    }
    // Depths from the root (the last merged node) down; children were made before parents.
    let mut depth = vec![0u8; 2 * n - 1];
    for j in (0..n - 1).rev() {
        let d = depth[n + j].saturating_add(1);
        depth[kids[j].0] = d;
        depth[kids[j].1] = d;
    }
    depth.truncate(n);
    depth
}

/// Package-merge: each list holds items (weight, node); a node is a leaf or a package of
/// two items of the list before. A leaf's code length is how many of the first 2n - 2
/// items of the last list contain it. `leaves` sorted by weight; lengths in that order.
fn package_merge(leaves: &[(u64, usize)], limit: u8) -> Vec<u8> {
    let n = leaves.len();
    let mut lens = vec![0u8; n];
    let mut nodes: Vec<Node> = (0..n).map(Node::Leaf).collect();
    let mut list: Vec<(u64, usize)> = leaves
        .iter()
        .enumerate()
        .map(|(k, &(w, _))| (w, k))
        .collect();
    for _ in 1..limit {
        let mut merged = Vec::with_capacity(n + list.len() / 2);
        let mut packages = list
            .chunks_exact(2)
            .map(|p| (p[0].0 + p[1].0, p[0].1, p[1].1));
        let mut next_package = packages.next();
        let mut leaf = 0;
        while leaf < n || next_package.is_some() {
            let take_leaf = match next_package {
                Some((w, _, _)) => leaf < n && leaves[leaf].0 <= w,
                None => true,
            };
            if take_leaf {
                merged.push((leaves[leaf].0, leaf));
                leaf += 1;
            } else if let Some((w, a, b)) = next_package {
                nodes.push(Node::Package(a, b));
                merged.push((w, nodes.len() - 1));
                next_package = packages.next();
            }
        }
        list = merged;
    }
    let mut stack: Vec<usize> = list.iter().take(2 * n - 2).map(|&(_, k)| k).collect();
    while let Some(k) = stack.pop() {
        match nodes[k] {
            Node::Leaf(k) => lens[k] += 1,
            Node::Package(a, b) => {
                stack.push(a);
                stack.push(b);
            }
        }
    }
    lens
}

#[derive(Clone, Copy)]
enum Node {
    Leaf(usize),
    Package(usize, usize),
}

/// The canonical codes for `lens`, bit-reversed so that they can be written LSB first.
pub(super) fn codes(lens: &[u8]) -> Vec<u16> {
    let mut count = [0u16; MAX_BITS as usize + 1];
    for &l in lens {
        count[usize::from(l)] += 1;
    }
    count[0] = 0;
    let mut next = [0u16; MAX_BITS as usize + 2];
    let mut code = 0u16;
    for bits in 1..=usize::from(MAX_BITS) {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    lens.iter()
        .map(|&l| {
            if l == 0 {
                return 0;
            }
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            c.reverse_bits() >> (16 - l)
        })
        .collect()
}

/// Bits resolved by one look-up in [`Decoder`]'s table; longer codes take the slow path.
const TABLE_BITS: u32 = 10;

/// What a decoded symbol means, packed with its code length into one `u32` entry:
/// bits 0–3 the code length, 4–7 the number of extra bits that follow it, 8–9 the
/// [`kind`], 16–31 the value (a literal byte, a base length or distance, or the
/// symbol itself).
pub(super) mod kind {
    /// A literal byte, or a code-length symbol.
    pub(in super::super) const LITERAL: u32 = 0;
    /// A match length or distance (value = base).
    pub(in super::super) const BASE: u32 = 1;
    /// End of block.
    pub(in super::super) const END: u32 = 2;
    /// A symbol no valid stream uses (length symbols 286–287, distances 30–31).
    pub(in super::super) const INVALID: u32 = 3;
}

/// An entry for a symbol of this kind and value with `extra` extra bits (no length yet).
pub(super) const fn meaning(kind: u32, value: u16, extra: u8) -> u32 {
    ((value as u32) << 16) | (kind << 8) | ((extra as u32) << 4)
}

/// Reads one canonical code: a table for codes of up to [`TABLE_BITS`] bits, the
/// counting decoder of zlib's `puff` for the rare longer ones.
pub(super) struct Decoder {
    /// Indexed by the next `TABLE_BITS` input bits: the symbol's entry (see [`kind`]), or
    /// 0 when the code is longer (or the bits start no code).
    table: alloc::boxed::Box<[u32; 1 << TABLE_BITS]>,
    /// Codes per length.
    count: [u16; MAX_BITS as usize + 1],
    /// Entries (without length) in canonical order.
    symbols: Vec<u32>,
}

impl Decoder {
    /// A decoder for the code with these lengths whose symbol `s` means `meaning(s)`, or
    /// `None` when the lengths over-subscribe the code space (no prefix code has them).
    pub(super) fn new(lens: &[u8], meaning: impl Fn(usize) -> u32) -> Option<Self> {
        let mut count = [0u16; MAX_BITS as usize + 1];
        for &l in lens {
            *count.get_mut(usize::from(l))? += 1;
        }
        count[0] = 0;
        let mut left = 1i32;
        for &c in &count[1..] {
            left = (left << 1) - i32::from(c);
            if left < 0 {
                return None;
            }
        }
        let mut offs = [0u16; MAX_BITS as usize + 2];
        for bits in 1..=usize::from(MAX_BITS) {
            offs[bits + 1] = offs[bits] + count[bits];
        }
        let mut symbols = vec![0u32; usize::from(offs[usize::from(MAX_BITS) + 1])];
        let mut table = alloc::boxed::Box::new([0u32; 1 << TABLE_BITS]);
        for (s, (&l, &c)) in lens.iter().zip(codes(lens).iter()).enumerate() {
            if l == 0 {
                continue;
            }
            let m = meaning(s);
            symbols[usize::from(offs[usize::from(l)])] = m;
            offs[usize::from(l)] += 1;
            let l = u32::from(l);
            if l > TABLE_BITS {
                continue;
            }
            let mut k = usize::from(c);
            while k < table.len() {
                table[k] = m | l;
                k += 1 << l;
            }
        }
        Some(Self {
            table,
            count,
            symbols,
        })
    }

    /// Decodes the symbol at the start of `bits` (LSB first, at least 15 valid bits),
    /// returning its entry (code length in bits 0–3), or `None` when no code starts there.
    #[inline]
    pub(super) fn decode(&self, bits: u64) -> Option<u32> {
        let e = self.table[(bits & ((1 << TABLE_BITS) - 1)) as usize];
        if e & 15 != 0 {
            return Some(e);
        }
        self.slow(bits)
    }

    #[cold]
    fn slow(&self, mut bits: u64) -> Option<u32> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..=u32::from(MAX_BITS) {
            code |= (bits & 1) as i32;
            bits >>= 1;
            let count = i32::from(self.count[len as usize]);
            if code - count < first {
                let k = usize::try_from(index + (code - first)).ok()?;
                return self.symbols.get(k).map(|&m| m | len);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kraft(lens: &[u8]) -> u64 {
        lens.iter()
            .filter(|&&l| l > 0)
            .map(|&l| 1u64 << (u32::from(MAX_BITS) - u32::from(l)))
            .sum()
    }

    /// Unlimited Huffman cost, for comparison (a simple O(n²) merge).
    fn huffman_cost(freqs: &[u32]) -> u64 {
        let mut w: Vec<u64> = freqs
            .iter()
            .filter(|&&f| f > 0)
            .map(|&f| u64::from(f))
            .collect();
        let mut cost = 0;
        while w.len() > 1 {
            w.sort_unstable();
            let s = w[0] + w[1];
            cost += s;
            w.drain(..2);
            w.push(s);
        }
        cost
    }

    #[test]
    fn lengths_are_complete_limited_and_optimal() {
        let mut x = 12345u32;
        for case in 0..400 {
            let n = 2 + case % 290;
            let freqs: Vec<u32> = (0..n)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    match case % 4 {
                        0 => x % 1000,
                        1 => 1 << (i % 24), // skewed: needs the limit
                        2 => u32::from(x.is_multiple_of(7)) * (x % 50),
                        _ => x % 3,
                    }
                })
                .collect();
            for limit in [7u8, 15] {
                if (1usize << limit) < n {
                    continue;
                }
                let lens = lengths(&freqs, limit);
                assert!(lens.iter().all(|&l| l <= limit));
                assert_eq!(kraft(&lens), 1 << MAX_BITS, "{freqs:?}");
                for (f, l) in freqs.iter().zip(&lens) {
                    assert!(*f == 0 || *l > 0);
                }
                let cost: u64 = freqs
                    .iter()
                    .zip(&lens)
                    .map(|(&f, &l)| u64::from(f) * u64::from(l))
                    .sum();
                if lens.iter().all(|&l| l < limit) && freqs.iter().filter(|&&f| f > 0).count() >= 2
                {
                    assert_eq!(cost, huffman_cost(&freqs), "{freqs:?}");
                }
            }
        }
    }

    #[test]
    fn huffman_and_package_merge_agree_when_nothing_is_limited() {
        let mut x = 777u32;
        for n in [2usize, 3, 19, 30, 286] {
            let mut leaves: Vec<(u64, usize)> = (0..n)
                .map(|s| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (u64::from(x % 4000) + 1000, s)
                })
                .collect();
            leaves.sort_unstable();
            let h = huffman(&leaves);
            let pm = package_merge(&leaves, 15);
            let cost = |d: &[u8]| -> u64 {
                leaves
                    .iter()
                    .zip(d)
                    .map(|(&(w, _), &l)| w * u64::from(l))
                    .sum()
            };
            assert!(h.iter().all(|&d| d <= 15), "{n} {h:?}");
            assert_eq!(cost(&h), cost(&pm));
            assert_eq!(kraft(&h), 1 << MAX_BITS);
        }
        // Fibonacci weights make Huffman's code deeper than 15 bits: package-merge cuts it.
        let mut fib = vec![1u32, 1];
        while fib.len() < 25 {
            fib.push(fib[fib.len() - 1] + fib[fib.len() - 2]);
        }
        let lens = lengths(&fib, 15);
        assert_eq!(lens.iter().max(), Some(&15));
        assert_eq!(kraft(&lens), 1 << MAX_BITS);
    }

    #[test]
    fn fewer_than_two_symbols_still_make_a_complete_code() {
        assert_eq!(lengths(&[0, 0, 5, 0], 15), [1, 0, 1, 0]);
        assert_eq!(lengths(&[0, 0, 0], 7), [1, 1, 0]);
        assert_eq!(lengths(&[3, 0], 7), [1, 1]);
    }

    #[test]
    fn decoder_reads_what_codes_write() {
        for freqs in [
            vec![1u32, 1],
            vec![5, 0, 9, 1, 1, 1, 0, 300, 2, 2, 1],
            (0..286).map(|i| 1 << (i % 20)).collect(),
        ] {
            let lens = lengths(&freqs, 15);
            let codes = codes(&lens);
            let dec = Decoder::new(&lens, |s| meaning(kind::LITERAL, s as u16, 0)).unwrap();
            for (s, (&l, &c)) in lens.iter().zip(&codes).enumerate() {
                if l > 0 {
                    // Any bits may follow the code.
                    let bits = u64::from(c) | (0x5a5a << l);
                    let want = meaning(kind::LITERAL, s as u16, 0) | u32::from(l);
                    assert_eq!(dec.decode(bits), Some(want));
                }
            }
        }
    }

    #[test]
    fn oversubscribed_lengths_are_refused() {
        let m = |_| 0;
        assert!(Decoder::new(&[1, 1, 1], m).is_none());
        assert!(Decoder::new(&[16], m).is_none());
        assert!(Decoder::new(&[1, 2], m).is_some()); // incomplete is fine to read
    }
}
