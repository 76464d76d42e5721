//! The offload version Argo records for offloaded nodes: `"fnv:"` + the decimal FNV-1
//! (not FNV-1a) 32-bit hash of the nodes JSON (`hash/fnv.New32`, spec §3.2).
//!
//! ```
//! assert_eq!(wfpack_codec::version::fnv1_32(b""), 0x811c9dc5);
//! assert_eq!(wfpack_codec::version::offload_version(b"null"), format!("fnv:{}", wfpack_codec::version::fnv1_32(b"null")));
//! ```

use alloc::string::String;
use core::fmt::Write;

const OFFSET_BASIS: u32 = 0x811c_9dc5;
const PRIME: u32 = 0x0100_0193;

/// FNV-1 32-bit: multiply, then xor (FNV-1a does it the other way round).
pub fn fnv1_32(data: &[u8]) -> u32 {
    let mut h = OFFSET_BASIS;
    for &b in data {
        h = h.wrapping_mul(PRIME);
        h ^= b as u32;
    }
    h
}

/// FNV-1a 32-bit, which Argo uses for node ids (`<workflow>-<fnv1a(node name)>`).
pub fn fnv1a_32(data: &[u8]) -> u32 {
    let mut h = OFFSET_BASIS;
    for &b in data {
        h ^= b as u32;
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// `"fnv:<decimal FNV-1 32 of nodes_json>"`, no padding: the value Argo stores in
/// `status.offloadNodeStatusVersion` and in the offload table's `version` column.
pub fn offload_version(nodes_json: &[u8]) -> String {
    let mut s = String::with_capacity(14);
    let _ = write!(s, "fnv:{}", fnv1_32(nodes_json));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Reference values of Go's hash/fnv.
        assert_eq!(fnv1_32(b"a"), 0x050c5d7e);
        assert_eq!(fnv1a_32(b"a"), 0xe40c292c);
    }
}
