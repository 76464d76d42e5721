//! base64: decoding arbitrary text never panics; whatever decodes re-encodes to text that
//! decodes to the same bytes; every byte string round-trips through encode/decode.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wfpack_codec::{Error, base64};

fuzz_target!(|data: &[u8]| {
    match base64::decode(data) {
        Ok(bytes) => {
            let again = base64::encode(&bytes);
            assert_eq!(
                base64::decode(again.as_bytes()).expect("re-encoded text decodes"),
                bytes
            );
            assert!(bytes.len() <= base64::decoded_len_max(data.len()));
        }
        Err(Error::Base64 { offset }) => assert!(offset <= data.len()),
        Err(e) => panic!("unexpected error class {e:?}"),
    }
    let text = base64::encode(data);
    assert_eq!(text.len(), base64::encoded_len(data.len()));
    assert_eq!(
        base64::decode(text.as_bytes()).expect("own encoding decodes"),
        data
    );
});
