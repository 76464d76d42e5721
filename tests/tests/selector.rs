//! Kubernetes label selectors and Argo's archiveTTL, against tables of valid and invalid
//! inputs with Kubernetes' and Argo's own texts.

use std::collections::BTreeMap;

use wfpack_codec::policy::selector::{LabelSelector, Operator};
use wfpack_codec::policy::ttl::{Duration, parse_archive_ttl, parse_go_duration};

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// (selector, canonical String()).
const VALID: &[(&str, &str)] = &[
    ("", ""),
    ("x=a,y=b,z=c", "x=a,y=b,z=c"),
    ("x!=a,y=b", "x!=a,y=b"),
    ("x=", "x="),
    ("x= ", "x="),
    ("x=,z= ", "x=,z="),
    ("!x", "!x"),
    ("x>1", "x>1"),
    ("x>1,z<5", "x>1,z<5"),
    ("z=a,a=z", "a=z,z=a"),
    ("  x  in  ( b , a )  ", "x in (a,b)"),
    (
        "x in (foo,,baz),y,z notin ()",
        "x in (,baz,foo),y,z notin ()",
    ),
    ("x in (,)", "x in ()"),
    ("x in (a,)", "x in (,a)"),
    ("x in (in,notin)", "x in (in,notin)"),
    ("x notin (a,a,a)", "x notin (a)"),
    ("x==y", "x==y"),
    ("example.com/team=a", "example.com/team=a"),
    ("a.b-c.d-e/F.g-H_i=J.k-L_m", "a.b-c.d-e/F.g-H_i=J.k-L_m"),
    (
        "workflows.argoproj.io/archive-strategy=always",
        "workflows.argoproj.io/archive-strategy=always",
    ),
    ("!a,!b", "!a,!b"),
    ("a,b", "a,b"),
    ("\tx\r\n=\ny", "x=y"),
    ("in=x", "in=x"),
    ("notin in (notin)", "notin in (notin)"),
];

/// (selector, Kubernetes' error text, or a prefix of it ending in `…`).
const INVALID: &[(&str, &str)] = &[
    // `|` is not special: `a||y` is one (invalid) value.
    (
        "x=a||y=b",
        "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label…",
    ),
    // Negative bounds parse as integers but are not valid label values.
    (
        "x<-5",
        "unable to parse requirement: values[0][x]: Invalid value: \"-5\": a valid label…",
    ),
    (
        "x>+5",
        "unable to parse requirement: values[0][x]: Invalid value: \"+5\": a valid label…",
    ),
    ("x==a==b", "found '==', expected: ',' or 'end of string'"),
    ("!x=a", "found '=', expected: ',' or 'end of string'"),
    (
        "x<a",
        "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    ),
    (
        "x>1.5",
        "unable to parse requirement: values[0]: Invalid value: \"1.5\": for 'Gt', 'Lt' operators, the value must be an integer",
    ),
    ("x,", "found '', expected: identifier after ','"),
    (
        ",",
        "found ',', expected: !, identifier, or 'end of string'",
    ),
    (
        "=",
        "found '=', expected: !, identifier, or 'end of string'",
    ),
    (
        "x in",
        "unable to parse requirement: found '' expected: '('",
    ),
    (
        "x in (a",
        "unable to parse requirement: found '', expected: ',' or ')'",
    ),
    (
        "x in (a b)",
        "unable to parse requirement: found 'b', expected: ',' or ')'",
    ),
    (
        "x in (=)",
        "unable to parse requirement: found '=', expected: ',', ')' or identifier",
    ),
    (
        "x y",
        "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt",
    ),
    (
        "x=(",
        "unable to parse requirement: found '(', expected: identifier",
    ),
    (
        "!",
        "unable to parse requirement: found '', expected: identifier",
    ),
    (
        "!!x",
        "unable to parse requirement: found '!', expected: identifier",
    ),
    ("x=a b", "found 'b', expected: ',' or 'end of string'"),
    (
        "-x=a",
        "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ),
    (
        "/x",
        "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty",
    ),
    (
        "x/",
        "unable to parse requirement: <nil>: Invalid value: \"x/\": name part must be non-empty; name part must consist…",
    ),
    (
        "Example.com/x",
        "unable to parse requirement: <nil>: Invalid value: \"Example.com/x\": prefix part a lowercase RFC 1123 subdomain…",
    ),
    (
        "a/b/c",
        "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key must consist…",
    ),
    (
        "x=-a",
        "unable to parse requirement: values[0][x]: Invalid value: \"-a\": a valid label must be an empty string…",
    ),
    (
        "x in (a,-b)",
        "unable to parse requirement: values[0][x]: Invalid value: \"-b\": a valid label must be an empty string…",
    ),
    (
        "x=é",
        "unable to parse requirement: values[0][x]: Invalid value: \"é\": a valid label…",
    ),
];

#[test]
fn valid_selectors_parse_to_kubernetes_canonical_form() {
    for (input, canonical) in VALID {
        let sel = LabelSelector::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(&sel.to_string(), canonical, "{input:?}");
        // The canonical form parses back to the same selector.
        assert_eq!(
            LabelSelector::parse(canonical).unwrap().to_string(),
            *canonical
        );
    }
}

#[test]
fn invalid_selectors_fail_with_kubernetes_texts() {
    for (input, expected) in INVALID {
        let err = LabelSelector::parse(input).expect_err(input);
        let text = err.argo_text().unwrap();
        match expected.strip_suffix('…') {
            Some(prefix) => assert!(text.starts_with(prefix), "{input:?}: {text}"),
            None => assert_eq!(&text, expected, "{input:?}"),
        }
        // The human message says what to do.
        assert!(err.to_string().contains("write it as Kubernetes does"));
    }
}

#[test]
fn long_keys_and_values() {
    let name63 = "n".repeat(63);
    let value63 = "v".repeat(63);
    let prefix253 = format!(
        "{}.{}.{}.{}",
        "a".repeat(63),
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(61)
    );
    assert_eq!(prefix253.len(), 253);
    assert!(LabelSelector::parse(&format!("{prefix253}/{name63}={value63}")).is_ok());
    let e = LabelSelector::parse(&format!("{name63}n=x"))
        .unwrap_err()
        .argo_text()
        .unwrap();
    assert!(
        e.ends_with("name part must be no more than 63 bytes"),
        "{e}"
    );
    let e = LabelSelector::parse(&format!("x={value63}v"))
        .unwrap_err()
        .argo_text()
        .unwrap();
    assert!(e.contains("must be no more than 63 bytes"), "{e}");
    let e = LabelSelector::parse(&format!("{prefix253}e/x"))
        .unwrap_err()
        .argo_text()
        .unwrap();
    assert!(
        e.contains("prefix part must be no more than 253 bytes"),
        "{e}"
    );
}

#[test]
fn matching_table() {
    let l = labels(&[
        ("team", "x"),
        ("tier", "1"),
        ("empty", ""),
        ("workflows.argoproj.io/phase", "Failed"),
    ]);
    let table: &[(&str, bool)] = &[
        ("", true),
        ("team=x", true),
        ("team==x", true),
        ("team=y", false),
        ("team!=y", true),
        ("team!=x", false),
        ("missing!=x", true),
        ("team in (x,y)", true),
        ("team in (y)", false),
        ("missing in (x)", false),
        ("team notin (y)", true),
        ("team notin (x)", false),
        ("missing notin (x)", true),
        ("team", true),
        ("missing", false),
        ("!missing", true),
        ("!team", false),
        ("tier>0", true),
        ("tier>1", false),
        ("tier<2", true),
        ("team>0", false),
        ("missing<5", false),
        ("empty=", true),
        ("empty", true),
        ("empty in ()", true),
        ("missing=", false),
        ("team=x,tier=1", true),
        ("team=x,tier=2", false),
        ("workflows.argoproj.io/phase in (Failed,Error),team=x", true),
    ];
    for (sel, want) in table {
        assert_eq!(
            LabelSelector::parse(sel).unwrap().matches(&l),
            *want,
            "{sel}"
        );
        let pairs: Vec<(&str, &str)> = l.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            LabelSelector::parse(sel).unwrap().matches(pairs.as_slice()),
            *want,
            "{sel}"
        );
    }
}

#[test]
fn meta_selectors_as_argo_reads_them() {
    let parse = |j: &str| LabelSelector::from_meta_json(j.as_bytes());
    assert!(
        LabelSelector::from_meta_option(None)
            .unwrap()
            .is_everything()
    );
    assert!(parse("{}").unwrap().matches(&labels(&[])));
    let sel = parse(
        r#"{"matchLabels":{"team":"x"},"matchExpressions":[
            {"key":"phase","operator":"In","values":["Failed","Error"]},
            {"key":"skip","operator":"DoesNotExist"},
            {"key":"tier","operator":"NotIn","values":["housekeeping"]},
            {"key":"owner","operator":"Exists"}]}"#,
    )
    .unwrap();
    assert_eq!(
        sel.to_string(),
        "owner,phase in (Error,Failed),!skip,team=x,tier notin (housekeeping)"
    );
    assert!(sel.matches(&labels(&[
        ("team", "x"),
        ("phase", "Failed"),
        ("owner", "me")
    ])));
    assert!(!sel.matches(&labels(&[
        ("team", "x"),
        ("phase", "Failed"),
        ("owner", "me"),
        ("skip", "")
    ])));
    assert!(!sel.matches(&labels(&[
        ("team", "x"),
        ("phase", "Succeeded"),
        ("owner", "me")
    ])));
    assert!(!sel.matches(&labels(&[
        ("team", "x"),
        ("phase", "Failed"),
        ("owner", "me"),
        ("tier", "housekeeping")
    ])));

    let reqs: Vec<(String, Operator, Vec<String>)> = sel
        .requirements()
        .iter()
        .map(|r| {
            (
                r.key().to_string(),
                r.operator(),
                r.values().into_iter().map(String::from).collect(),
            )
        })
        .collect();
    assert_eq!(
        reqs[1],
        (
            "phase".to_string(),
            Operator::In,
            vec!["Error".to_string(), "Failed".to_string()]
        )
    );
    assert_eq!(reqs[2].1, Operator::DoesNotExist);

    let err = |j: &str| parse(j).unwrap_err().argo_text().unwrap();
    assert_eq!(
        err(r#"{"matchExpressions":[{"key":"k","operator":"NotIn","values":[]}]}"#),
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
    );
    assert_eq!(
        err(r#"{"matchExpressions":[{"key":"k","operator":"DoesNotExist","values":["a","b"]}]}"#),
        "values: Invalid value: []string{\"a\", \"b\"}: values set must be empty for exists and does not exist"
    );
    assert_eq!(
        err(r#"{"matchExpressions":[{"key":"k","operator":"Gt","values":["1"]}]}"#),
        "\"Gt\" is not a valid label selector operator"
    );
    assert!(
        err(r#"{"matchLabels":{"-k":"v"}}"#).starts_with("key: Invalid value: \"-k\": name part")
    );
    assert!(err(r#"{"matchLabels":{"k":5}}"#).starts_with("invalid LabelSelector JSON"));
}

#[test]
fn archive_ttl_table() {
    let ok: &[(&str, i64)] = &[
        ("", 0),
        ("0", 0),
        ("180d", 180 * 86400),
        ("7d", 7 * 86400),
        ("+7d", 7 * 86400),
        ("-1d", -86400),
        ("12h", 12 * 3600),
        ("30m", 1800),
        ("90s", 90),
        ("0d", 0),
        ("+0", 0),
    ];
    for (s, secs) in ok {
        assert_eq!(parse_archive_ttl(s).unwrap().as_secs(), *secs, "{s:?}");
    }
    let bad: &[(&str, &str)] = &[
        ("1h30m", "strconv.Atoi: parsing \"1h30\": invalid syntax"),
        ("100ms", "strconv.Atoi: parsing \"100m\": invalid syntax"),
        ("1.5h", "strconv.Atoi: parsing \"1.5\": invalid syntax"),
        (
            "4320h0m0s",
            "strconv.Atoi: parsing \"4320h0m0\": invalid syntax",
        ),
        ("10", "time: missing unit in duration \"10\""),
        ("7 d", "strconv.Atoi: parsing \"7 \": invalid syntax"),
        ("7D", "time: unknown unit \"D\" in duration \"7D\""),
        ("forever", "time: invalid duration \"forever\""),
        ("1w", "time: unknown unit \"w\" in duration \"1w\""),
    ];
    for (s, text) in bad {
        assert_eq!(
            parse_archive_ttl(s).unwrap_err().argo_text().unwrap(),
            *text,
            "{s:?}"
        );
    }
    assert_eq!(parse_go_duration("5m").unwrap(), Duration::from_secs(300));
    assert_eq!(
        parse_go_duration("1h30m").unwrap(),
        Duration::from_secs(5400)
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any input either fails cleanly or parses to a canonical form that is a fixed point.
        #[test]
        fn parse_never_panics_and_canonical_form_is_stable(s in "[a-z0-9=!(), <>/._-]{0,40}|\\PC{0,20}") {
            if let Ok(sel) = LabelSelector::parse(&s) {
                let canonical = sel.to_string();
                let again = LabelSelector::parse(&canonical).unwrap();
                prop_assert_eq!(again.to_string(), canonical);
            }
            let _ = parse_archive_ttl(&s);
            let _ = parse_go_duration(&s);
        }

        /// A selector built from labels always matches those labels.
        #[test]
        fn equality_selector_matches_its_labels(
            pairs in proptest::collection::btree_map("[a-z]([a-z0-9.-]{0,8}[a-z0-9])?", "([A-Za-z0-9]([A-Za-z0-9_.-]{0,8}[A-Za-z0-9])?)?", 0..6)
        ) {
            let text: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let sel = LabelSelector::parse(&text.join(",")).unwrap();
            prop_assert!(sel.matches(&pairs));
            let negated: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}!={v}")).collect();
            if !pairs.is_empty() {
                prop_assert!(!LabelSelector::parse(&negated.join(",")).unwrap().matches(&pairs));
            }
        }
    }
}
