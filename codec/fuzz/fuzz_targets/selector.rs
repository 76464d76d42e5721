//! Label selector parser and archiveTTL: never panic; whatever parses prints a canonical
//! form that parses back to the same selector and matches the same labels.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wfpack_codec::policy::selector::LabelSelector;
use wfpack_codec::policy::ttl::{parse_archive_ttl, parse_go_duration};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = core::str::from_utf8(data) else {
        return;
    };
    let _ = parse_archive_ttl(s);
    let _ = parse_go_duration(s);
    let _ = LabelSelector::from_meta_json(data);
    if let Ok(sel) = LabelSelector::parse(s) {
        let canonical = sel.to_string();
        let again = LabelSelector::parse(&canonical).expect("canonical form parses");
        assert_eq!(again.to_string(), canonical);
        let labels: Vec<(String, String)> = sel
            .requirements()
            .iter()
            .map(|r| {
                (
                    r.key().to_string(),
                    r.values().first().map_or(String::new(), |v| v.to_string()),
                )
            })
            .collect();
        assert_eq!(
            sel.matches(labels.as_slice()),
            again.matches(labels.as_slice())
        );
    }
});
