//! The wasm policy ABI v1 exports (feature `policy-abi`): built for
//! `wasm32-unknown-unknown`, this crate *is* the built-in policy module.
//!
//! Exports (see `docs/policy-abi.md`): `memory`, `argo_policy_abi_v1` (marker),
//! `abi_version() -> i32`, `alloc(size) -> ptr`, `dealloc(ptr, size)`,
//! `evaluate(ptr, len) -> i64` (`out_ptr << 32 | out_len`). No imports.
//!
//! No `unsafe` code: buffers are `Vec<u8>`s owned by a table keyed by their address, so the
//! host can write the input through `memory` and read the output back, and `dealloc` just
//! drops the table entry. The only reason this module allows the `unsafe_code` lint is the
//! `#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]` / `#[unsafe(link_section)]` attributes that exporting requires.
#![allow(unsafe_code)]

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::cell::RefCell;

/// `(major << 16) | minor` of the ABI this module implements: 1.0.
pub const ABI_VERSION: i32 = 0x0001_0000;

/// The `io.argoproj.policy.metadata` custom section.
pub const METADATA: &[u8] = br#"{"abi":"1.0","kinds":["offload","archive"],"name":"wfpack-builtin","version":"0.1.0","minHostVersion":"0.1.0"}"#;

#[cfg(target_arch = "wasm32")]
#[unsafe(link_section = "io.argoproj.policy.metadata")]
#[used]
static METADATA_SECTION: [u8; METADATA.len()] = {
    let mut out = [0u8; METADATA.len()];
    let mut i = 0;
    while i < METADATA.len() {
        out[i] = METADATA[i];
        i += 1;
    }
    out
};

std::thread_local! {
    /// Live buffers by address. On wasm32 without threads this is a plain static.
    static BUFFERS: RefCell<BTreeMap<usize, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
}

fn keep(buf: Vec<u8>) -> usize {
    let addr = buf.as_ptr() as usize;
    BUFFERS.with(|b| b.borrow_mut().insert(addr, buf));
    addr
}

/// Marker export: its presence says "ABI v1"; never called.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn argo_policy_abi_v1() {}

/// The ABI version, `(major << 16) | minor`.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn abi_version() -> i32 {
    ABI_VERSION
}

/// A zeroed buffer of `size` bytes for the host to write the input into; 0 on failure.
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn alloc(size: i32) -> i32 {
    let Ok(size) = usize::try_from(size) else {
        return 0;
    };
    let mut v = Vec::new();
    if v.try_reserve_exact(size.max(1)).is_err() {
        return 0;
    }
    v.resize(size.max(1), 0u8);
    // Wasm addresses are u32; the ABI carries them as i32 bit patterns.
    keep(v) as u32 as i32
}

/// Frees a buffer returned by `alloc` or `evaluate` (unknown pointers are ignored).
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn dealloc(ptr: i32, _size: i32) {
    let addr = ptr as u32 as usize;
    BUFFERS.with(|b| b.borrow_mut().remove(&addr));
}

/// Evaluates the request in `ptr[..len]`, returns `(out_ptr << 32) | out_len`.
///
/// The input buffer is released; the output stays until `dealloc` (or the instance ends).
#[cfg_attr(target_arch = "wasm32", unsafe(no_mangle))]
pub extern "C" fn evaluate(ptr: i32, len: i32) -> i64 {
    let out = {
        let addr = ptr as u32 as usize;
        let input = BUFFERS.with(|b| b.borrow_mut().remove(&addr));
        match (input, usize::try_from(len)) {
            (Some(buf), Ok(len)) if len <= buf.len() => {
                crate::policy::evaluate::evaluate(&buf[..len])
            }
            // Not a buffer from `alloc`: answer with the ABI's invalid-input error.
            _ => crate::policy::evaluate::evaluate(b""),
        }
    };
    let out_len = out.len() as u64;
    let addr = keep(out) as u64;
    ((addr << 32) | (out_len & 0xffff_ffff)) as i64
}
