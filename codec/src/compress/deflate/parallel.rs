//! Deflate on several threads into one stream, with each piece still seeing the data
//! before it (what pigz does with zlib's preset dictionaries, done here over libdeflate,
//! which has none).
//!
//! The input is cut into one piece per core. Every piece after the first is compressed
//! together with the 16 KiB window that precedes it, as one libdeflate stream, so its
//! matches may reach back into that window as they could in a single stream (half of
//! deflate's 32 KiB: on node-status JSON nearly all matches over a cut are that close,
//! and the window is compressed twice, so it costs every piece after the first).
//! Then the stream is rewritten to produce the piece alone ([`super::walk`] reads its
//! block structure without inflating it):
//! - the blocks that only produce the window are dropped;
//! - the block that runs from the window into the piece is re-sent from the cut on, its
//!   tokens unchanged (a match over the cut keeps its tail), as a new dynamic block with
//!   codes fitted to those tokens ([`super::write::block`]);
//! - the blocks after it are copied bit for bit, shifted to their new position;
//! - every piece but the last has its final block's BFINAL bit cleared and ends with an
//!   empty stored block (a sync flush), which puts it on a byte boundary;
//! - the last piece is only read up to the cut: its re-sent block, padded with empty
//!   blocks, ends at the bit offset within a byte where the rest of its stream starts, and
//!   the rest is copied as whole bytes to libdeflate's last byte ([`rewrite_last`]).
//!
//! The pieces then concatenate into one valid deflate stream whose matches never reach
//! past the data before them, and one gzip member. The cost against a single stream is a
//! block header and a sync flush per piece, and the rare match that would have reached
//! further back than the window (0.01-0.9% on 157 KB-2.7 MB of node-status JSON, against
//! ~2.5% for pieces compressed without their window); the extra work is compressing each
//! window once more and reading every piece's stream.
//!
//! On any surprise in libdeflate's output the caller falls back to one thread.
//!
//! The pieces depend only on the input's length and the machine's core count, so the
//! output is the same on every call. Threads are only started on cores that no other
//! compression in the process is using ([`Busy`]); the pieces without a thread are
//! compressed on the calling thread, one after the other. A program that already
//! compresses one workflow per core (`wfpack run`) thus does not oversubscribe the
//! machine, and writes the same bytes as when it compresses one workflow at a time.

use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};

use super::walk::{walk, walk_to};
use super::write::{self, BitWriter};

/// Inputs below this size are compressed on one thread: below it, each thread's share
/// of the work is too small for the window each piece also compresses, and for
/// starting a thread.
pub(crate) const MIN_INPUT: usize = 128 << 10;

/// How much of the data before a piece is compressed with it, so its matches may reach
/// back that far (deflate allows 32 KiB). On the benchmark's node-status JSON at 157 KB-
/// 2.7 MB, 16 KiB took 4-17% off the time of 32 KiB and moved the pieces' output from -11
/// to +44 bytes over one stream to +18 to +202 (at most 0.9%, at 157 KB); 8 KiB cost up
/// to +181 bytes more and saved nothing further.
const WINDOW: usize = 16 << 10;

/// Each thread compresses at least this much (its piece and the window before it).
const MIN_WORK: usize = 64 << 10;

/// Threads of this process compressing right now (each call of `deflate` counts its
/// own, and its pieces' threads while they run).
static BUSY: AtomicUsize = AtomicUsize::new(0);

/// Counts `n` threads in [`BUSY`] while it lives.
pub(crate) struct Busy(usize);

impl Busy {
    /// Counts `n` more busy threads until dropped.
    pub(crate) fn enter(n: usize) -> Self {
        BUSY.fetch_add(n, Ordering::Relaxed);
        Self(n)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.fetch_sub(self.0, Ordering::Relaxed);
    }
}

/// Compresses `data` in one piece per core, on the calling thread and the cores no
/// other compression is using (the caller counts itself in [`Busy`]), appending one raw
/// deflate stream to `out`. Returns `false` (appending nothing) when it could not.
pub(crate) fn deflate(data: &[u8], lvl: u8, out: &mut Vec<u8>) -> bool {
    // Asked once: the standard library reads the cgroup's CPU quota files on every call
    // (~15 µs here).
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let spare = cores.saturating_sub(BUSY.load(Ordering::Relaxed));
    deflate_on(data, lvl, cores.min(16), spare, out)
}

/// [`deflate`] in the pieces planned for `threads` threads, starting at most `helpers`
/// threads besides the calling one, which compresses the other pieces. The output
/// depends on `data`, `lvl` and `threads` only.
fn deflate_on(data: &[u8], lvl: u8, threads: usize, helpers: usize, out: &mut Vec<u8>) -> bool {
    let jobs = plan(data.len(), threads);
    if jobs.len() < 2 {
        return false;
    }
    let helpers = helpers.min(jobs.len() - 1);
    let _helpers = Busy::enter(helpers);
    let last = jobs.len() - 1;
    let work = |k: usize, (start, cut, end): (usize, usize, usize)| {
        piece(&data[start..end], cut - start, k == last, lvl)
    };
    let mut parts: Vec<Option<Vec<u8>>> = Vec::with_capacity(jobs.len());
    std::thread::scope(|s| {
        // The first pieces on their own threads (they are planned shorter by the time a
        // thread takes to start), the last ones here; a thread the system will not start
        // (limits, memory) has its piece compressed here instead.
        let handles: Vec<_> = jobs[..helpers]
            .iter()
            .enumerate()
            .map(|(k, &job)| {
                std::thread::Builder::new()
                    .spawn_scoped(s, move || work(k, job))
                    .map_err(|_| (k, job))
            })
            .collect();
        let mine: Vec<Option<Vec<u8>>> = jobs[helpers..]
            .iter()
            .enumerate()
            .map(|(k, &job)| work(helpers + k, job))
            .collect();
        parts.extend(handles.into_iter().map(|h| match h {
            Ok(h) => h.join().ok().flatten(),
            Err((k, job)) => work(k, job),
        }));
        parts.extend(mine);
    });
    if parts.iter().any(Option::is_none) {
        return false;
    }
    for part in parts.into_iter().flatten() {
        out.extend_from_slice(&part);
    }
    true
}

/// The work of re-sending the block over the cut and of walking the window's blocks, in
/// bytes of compression it is worth (node-status JSON, libdeflate level 7, 250 KB-1 MB).
const REWRITE: usize = 16 << 10;

/// The time a helper thread takes to start, in bytes of compression it is worth (~35 µs
/// on a 2-core VM, whether the thread is new or woken from a pool).
const START: usize = 8 << 10;

/// The pieces for `len` bytes on up to `threads` threads: `(start, cut, end)` where
/// `data[start..cut]` is the window compressed with the piece `data[cut..end]`. Every
/// thread gets the same amount of work: the first piece has no window and nothing to
/// re-send, so it is longer by [`WINDOW`] + [`REWRITE`]; the pieces before the last run
/// on helper threads ([`deflate_on`]), so they are shorter by [`START`].
fn plan(len: usize, threads: usize) -> Vec<(usize, usize, usize)> {
    if len < MIN_INPUT {
        return Vec::new();
    }
    let mut n = threads.max(1);
    let per = |n: usize| (len + (n - 1) * (WINDOW + REWRITE + START)).div_ceil(n);
    while n > 1 && per(n) < MIN_WORK {
        n -= 1;
    }
    let w = per(n);
    let mut jobs = Vec::with_capacity(n);
    let mut cut = 0;
    for k in 0..n {
        let end = if k + 1 == n {
            len
        } else {
            let resend = if k == 0 { 0 } else { WINDOW + REWRITE };
            (cut + w - resend - START).min(len)
        };
        if end <= cut {
            break;
        }
        jobs.push((cut.saturating_sub(WINDOW), cut, end));
        cut = end;
    }
    jobs
}

/// Compresses `input[cut..]` (with `input[..cut]` as the data before it), returning its
/// blocks on their own: ending the stream when `last`, else ending with a sync flush.
pub(crate) fn piece(input: &[u8], cut: usize, last: bool, lvl: u8) -> Option<Vec<u8>> {
    let mut z = Vec::new();
    if !super::libdeflate_raw(input, lvl, &mut z) {
        return None;
    }
    rewrite(&mut z, input, cut, last)
}

/// Rewrites the complete stream `z` of `input` as described in the module docs.
fn rewrite(z: &mut [u8], input: &[u8], cut: usize, last: bool) -> Option<Vec<u8>> {
    if last
        && cut > 0
        && let Some(out) = rewrite_last(z, input, cut)
    {
        return Some(out);
    }
    let walked = walk(z, input, cut)?;
    let final_block = *walked.blocks.last()?;
    let mut w = BitWriter::with_capacity(z.len() + 16);
    let copy_from = match walked
        .blocks
        .iter()
        .find(|b| b.out_start < cut && cut < b.out_end)
    {
        Some(b) => {
            write::block(
                &mut w,
                &walked.tokens,
                &input[cut..b.out_end],
                b.last && last,
            );
            b.end
        }
        None => walked.blocks.iter().find(|b| b.out_start == cut)?.header,
    };
    if copy_from < final_block.end {
        if !last {
            let h = final_block.header;
            z[h / 8] &= !(1 << (h % 8));
        }
        w.copy(z, copy_from, final_block.end);
    }
    if !last {
        w.sync_flush();
    }
    Some(w.finish())
}

/// [`rewrite`] for the last piece without reading its stream past the cut: the blocks
/// after the re-sent one keep their final block and end, so they are copied to the last
/// byte of `z` — which libdeflate writes only when it holds some of the stream's bits —
/// once the re-sent block, with empty blocks after it, ends at the same bit offset
/// within a byte as they start ([`write::block_ending_at_bit`]): the copy is then whole
/// bytes and brings no padding byte of its own. `None` when the offsets cannot be
/// matched (the caller then reads the whole stream).
fn rewrite_last(z: &[u8], input: &[u8], cut: usize) -> Option<Vec<u8>> {
    let walked = walk_to(z, input, cut)?;
    let b = *walked.blocks.last()?;
    let mut w = BitWriter::with_capacity(z.len() + 16);
    let straddles = b.out_start < cut && cut < b.out_end;
    if b.last {
        // The stream ends in the block over the cut: re-send it as the final block.
        if !straddles {
            return None;
        }
        write::block(&mut w, &walked.tokens, &input[cut..b.out_end], true);
        return Some(w.finish());
    }
    // The stream from the cut on continues at the end of `b`.
    let to = (b.end % 8) as u32;
    let aligned = if straddles {
        write::block_ending_at_bit(&mut w, &walked.tokens, &input[cut..b.out_end], to)
    } else {
        write::pad_to(&mut w, to)
    };
    if !aligned {
        return None;
    }
    w.copy(z, b.end, z.len() * 8);
    Some(w.finish())
}

#[cfg(test)]
mod tests {
    use super::super::walk::tests::{inflate, sample};
    use super::*;
    use alloc::vec;

    #[test]
    fn plans_cover_the_input_with_equal_work() {
        assert!(plan(MIN_INPUT - 1, 8).is_empty());
        for len in [MIN_INPUT, 200_000, 262_000, 1 << 20, 5_000_000] {
            for threads in 1..=16 {
                let jobs = plan(len, threads);
                assert!(!jobs.is_empty() && jobs.len() <= threads);
                assert_eq!(jobs[0], (0, 0, jobs[0].2));
                assert_eq!(jobs.last().unwrap().2, len);
                for pair in jobs.windows(2) {
                    assert_eq!(pair[0].2, pair[1].1);
                    assert_eq!(pair[1].1 - pair[1].0, WINDOW);
                }
                let n = jobs.len();
                let work: Vec<usize> = jobs
                    .iter()
                    .enumerate()
                    .map(|(k, j)| {
                        j.2 - j.0
                            + if j.1 > 0 { REWRITE } else { 0 }
                            + if k + 1 < n { START } else { 0 }
                    })
                    .collect();
                assert!(
                    work.iter().all(|&w| w >= MIN_WORK.min(len)),
                    "{len} {threads} {work:?}"
                );
                let (lo, hi) = (work.iter().min().unwrap(), work.iter().max().unwrap());
                assert!(hi - lo <= threads, "{len} {threads} {work:?}");
            }
        }
    }

    #[test]
    fn the_last_piece_is_copied_without_reading_past_the_cut() {
        let data = sample(300_000, 17);
        let (mut tried, mut taken) = (0, 0);
        for cut in (20_000..280_000).step_by(9_973) {
            let start = cut - WINDOW;
            let mut z = Vec::new();
            assert!(super::super::libdeflate_raw(&data[start..], 7, &mut z));
            tried += 1;
            let Some(last) = rewrite_last(&z, &data[start..], cut - start) else {
                continue;
            };
            taken += 1;
            let mut joined = piece(&data[..cut], 0, false, 7).unwrap();
            joined.extend_from_slice(&last);
            assert!(inflate(&joined) == data, "{cut}");
        }
        assert!(taken * 3 >= tried * 2, "{taken} of {tried}");
    }

    #[test]
    fn pieces_join_into_one_stream() {
        for (len, cuts, lvl) in [
            (300_000usize, vec![100_000usize], 7u8),
            (300_000, vec![10, 20, 40_000], 1),
            (400_000, vec![5_000, 150_000, 300_000, 399_999], 9),
            (250_000, vec![32_768, 65_536], 6),
            (90_000, vec![45_000], 12),
        ] {
            let data = sample(len, len as u32 ^ u32::from(lvl));
            let mut bounds = vec![0];
            bounds.extend(&cuts);
            bounds.push(len);
            let mut joined = Vec::new();
            for (k, pair) in bounds.windows(2).enumerate() {
                let start = pair[0].saturating_sub(WINDOW);
                let last = k + 2 == bounds.len();
                let part = piece(&data[start..pair[1]], pair[0] - start, last, lvl).unwrap();
                joined.extend_from_slice(&part);
            }
            assert!(inflate(&joined) == data, "{len} {cuts:?}");
        }
    }

    /// Bytes that compress like node-status JSON in places and not at all in others.
    fn mixed(seed: u64, len: usize, text: &[u8]) -> Vec<u8> {
        let mut x = seed | 1;
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            match x % 4 {
                0 => out.extend((0..(x >> 8) % 200).map(|k| (x >> (k % 56)) as u8)),
                _ => {
                    let from = (x >> 12) as usize % text.len().max(1);
                    let n = (x >> 40) as usize % 300;
                    out.extend(text.iter().cycle().skip(from).take(n));
                }
            }
        }
        out.truncate(len);
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        #[test]
        fn any_cuts_join_into_the_input(
            seed: u64,
            len in 1usize..120_000,
            cuts in proptest::collection::vec(0.0f64..1.0, 0..4),
            lvl in 1u8..=12,
            text in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..64),
        ) {
            let data = mixed(seed, len, &text);
            let mut bounds: Vec<usize> = cuts.iter().map(|c| (c * len as f64) as usize).collect();
            bounds.push(0);
            bounds.push(len);
            bounds.sort_unstable();
            bounds.dedup();
            let mut joined = Vec::new();
            for (k, pair) in bounds.windows(2).enumerate() {
                let start = pair[0].saturating_sub(WINDOW);
                let last = k + 2 == bounds.len();
                joined.extend(piece(&data[start..pair[1]], pair[0] - start, last, lvl).unwrap());
            }
            proptest::prop_assert!(inflate(&joined) == data);
        }
    }

    #[test]
    fn parallel_output_inflates_to_the_input_and_stays_small() {
        for (len, threads) in [(MIN_INPUT, 2), (300_000, 2), (300_000, 3), (3 << 20, 4)] {
            let data = sample(len, 99);
            let mut z = Vec::new();
            assert!(deflate_on(&data, 7, threads, threads - 1, &mut z));
            assert!(inflate(&z) == data);
            let mut single = Vec::new();
            assert!(super::super::libdeflate_raw(&data, 7, &mut single));
            // A block header and a sync flush per piece, not a cold window.
            assert!(
                z.len() <= single.len() + 400 * threads,
                "{} vs {}",
                z.len(),
                single.len()
            );
            // The same bytes whatever number of threads ran the pieces.
            for helpers in 0..threads - 1 {
                let mut again = Vec::new();
                assert!(deflate_on(&data, 7, threads, helpers, &mut again));
                assert!(
                    again == z,
                    "{len} bytes, {threads} pieces, {helpers} helpers"
                );
            }
        }
        assert!(!deflate_on(&sample(MIN_INPUT, 1), 7, 1, 0, &mut Vec::new()));
        assert!(!deflate_on(
            &sample(MIN_INPUT - 1, 1),
            7,
            2,
            1,
            &mut Vec::new()
        ));
    }

    #[test]
    fn busy_cores_change_the_threads_not_the_bytes() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let data = sample(300_000, 5);
        let mut free = Vec::new();
        let setting = super::super::NODE_JSON;
        let split = deflate(&data, setting, &mut free);
        assert_eq!(split, cores >= 2);
        let held = Busy::enter(cores);
        let mut busy = Vec::new();
        assert_eq!(deflate(&data, setting, &mut busy), split);
        drop(held);
        assert!(busy == free, "the output does not depend on the load");
        // Through the public path, parallel or not, the output is the same stream.
        let mut z = Vec::new();
        super::super::deflate(&data, 6, &mut z);
        assert!(z == free && inflate(&z) == data);
    }
}
