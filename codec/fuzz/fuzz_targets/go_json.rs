//! Go-exact JSON: never panics; counting agrees with writing in every order; the output
//! settles after one more round trip and then measures as its own length; the packer and
//! the breakdown never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wfpack_codec::go_json::{self, Escapes, Options, Order};

fuzz_target!(|data: &[u8]| {
    for order in [Order::Sorted, Order::Typed, Order::Argo] {
        for escapes in [Escapes::Go122, Escapes::Pre122] {
            let o = Options { order, escapes };
            let out = go_json::to_vec(data, &o);
            let len = go_json::encoded_len(data, &o);
            match (&out, &len) {
                (Ok(v), Ok(n)) => {
                    assert_eq!(v.len(), *n);
                    // Go's output is not always a fixed point of Go's round trip (raw
                    // invalid UTF-8 is written `\ufffd`, read back as U+FFFD and then
                    // written literally; a float -0 is written `-0`, read back as the
                    // integer 0), but the second round trip is.
                    let again = go_json::to_vec(v, &o).expect("output re-encodes");
                    assert_eq!(go_json::to_vec(&again, &o).expect("re-encodes"), again);
                    // Text already in Go's form measures as its own length (the fast
                    // path of encoded_len, which this input reaches).
                    assert_eq!(go_json::encoded_len(&again, &o).ok(), Some(again.len()));
                }
                (Err(a), Err(b)) => assert_eq!(a, b),
                _ => panic!("to_vec {out:?} vs encoded_len {len:?}"),
            }
        }
    }
    let _ = wfpack_codec::pack::decide_with(data, 100, |n| Ok(format!("{}", n.len())));
    let _ = wfpack_codec::pack::breakdown(data, 3);
});
