//! TEMPORARY stand-in for `crate::compress` (owned by the "compress" helper) so this
//! branch builds before that module lands on main; deleted at the merge. Same
//! signatures as the agreed API: `Algorithm`, `Level`, `encode_nodes`.

use alloc::string::String;
use alloc::vec::Vec;

use base64::Engine as _;

use crate::error::{Error, Result};

/// Compression algorithms Argo v4.1 writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// gzip (Argo's default).
    Gzip,
    /// zstd.
    Zstd,
    /// brotli.
    Brotli,
}

impl Algorithm {
    /// Argo's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Gzip => "gzip",
            Algorithm::Zstd => "zstd",
            Algorithm::Brotli => "brotli",
        }
    }
}

/// A compression level in Argo's range for the algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Level(pub i32);

impl Level {
    /// Argo's levels for `alg`.
    pub fn range(alg: Algorithm) -> core::ops::RangeInclusive<i32> {
        match alg {
            Algorithm::Gzip => 1..=9,
            Algorithm::Zstd => 1..=4,
            Algorithm::Brotli => 0..=11,
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Compresses nodes JSON and base64-encodes it.
pub fn encode_nodes(nodes_json: &[u8], alg: Algorithm, level: Level) -> Result<String> {
    let bytes: Vec<u8> = match alg {
        Algorithm::Gzip => {
            let mut out = alloc::vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
            out.extend(miniz_oxide::deflate::compress_to_vec(nodes_json, level.0.clamp(1, 9) as u8));
            out.extend_from_slice(&crc32(nodes_json).to_le_bytes());
            out.extend_from_slice(&(nodes_json.len() as u32).to_le_bytes());
            out
        }
        Algorithm::Zstd => {
            ruzstd::encoding::compress_to_vec(nodes_json, ruzstd::encoding::CompressionLevel::Fastest)
        }
        Algorithm::Brotli => return Err(Error::CompressionUnavailable { algorithm: "brotli" }),
    };
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}
