//! Reading Workflows: a file or `-` (stdin), JSON or YAML, one document, multi-document
//! YAML, a `List`/`WorkflowList` of items, or a directory of such files.
//!
//! YAML is read with `serde_norway` straight into `serde_json::Value`: YAML 1.2 scalars, so
//! timestamps and other unquoted scalars that are not numbers, booleans or null stay strings,
//! exactly as `kubectl get wf -o yaml` meant them. JSON input is read with `serde_json`.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::failure::Failure;

/// Where a Workflow came from: file (or stdin), document number, list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file; `None` for standard input.
    pub path: Option<PathBuf>,
    /// 0-based document number in a multi-document YAML stream.
    pub doc: usize,
    /// How many documents the file holds (to decide whether to name the document).
    pub docs: usize,
    /// 0-based index in a `List`'s `items`.
    pub item: Option<usize>,
}

impl Source {
    fn file(path: Option<&Path>) -> Self {
        Source {
            path: path.map(Path::to_path_buf),
            doc: 0,
            docs: 1,
            item: None,
        }
    }

    /// The file name as shown in messages (`<stdin>` for standard input).
    pub fn file_name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".to_string(),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file_name())?;
        if self.docs > 1 {
            write!(f, " (document {})", self.doc + 1)?;
        }
        if let Some(i) = self.item {
            write!(f, " items[{i}]")?;
        }
        Ok(())
    }
}

/// One Workflow object read from the input.
#[derive(Debug, Clone)]
pub struct Workflow {
    /// Where it came from.
    pub source: Source,
    /// The object, as JSON.
    pub value: Value,
    /// The document's own bytes when it was a lone JSON document (measured without
    /// re-serialising); `None` for YAML, lists and multi-document input.
    pub raw: Option<Vec<u8>>,
}

impl Workflow {
    fn str_at(&self, pointer: &str) -> Option<&str> {
        self.value.pointer(pointer).and_then(Value::as_str)
    }

    /// `metadata.name` (or `metadata.generateName` + `?` when it has no name yet).
    pub fn name(&self) -> String {
        match self.str_at("/metadata/name") {
            Some(n) => n.to_string(),
            None => match self.str_at("/metadata/generateName") {
                Some(g) => format!("{g}?"),
                None => "<unnamed>".to_string(),
            },
        }
    }

    /// `metadata.namespace`, or `""`.
    pub fn namespace(&self) -> &str {
        self.str_at("/metadata/namespace").unwrap_or("")
    }

    /// `metadata.uid`, or `""`.
    pub fn uid(&self) -> &str {
        self.str_at("/metadata/uid").unwrap_or("")
    }

    /// `status.phase`, or `""`.
    pub fn phase(&self) -> &str {
        self.str_at("/status/phase").unwrap_or("")
    }

    /// `status.offloadNodeStatusVersion`, or `""`.
    pub fn offload_version(&self) -> &str {
        self.str_at("/status/offloadNodeStatusVersion")
            .unwrap_or("")
    }

    /// `status.compressedNodes`, or `""`.
    pub fn compressed_nodes(&self) -> &str {
        self.str_at("/status/compressedNodes").unwrap_or("")
    }

    /// `status.nodes` when present and not empty.
    pub fn nodes(&self) -> Option<&serde_json::Map<String, Value>> {
        self.value
            .pointer("/status/nodes")
            .and_then(Value::as_object)
            .filter(|m| !m.is_empty())
    }

    /// `metadata.labels` as string pairs (non-string values are skipped).
    pub fn labels(&self) -> Vec<(String, String)> {
        self.value
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `namespace/name` for messages.
    pub fn key(&self) -> String {
        let ns = self.namespace();
        if ns.is_empty() {
            self.name()
        } else {
            format!("{ns}/{}", self.name())
        }
    }
}

/// What the user passed: a path or `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// Standard input.
    Stdin,
    /// A file or a directory.
    Path(PathBuf),
}

impl Location {
    /// `-` is standard input, anything else a path.
    pub fn parse(arg: &str) -> Self {
        if arg == "-" {
            Location::Stdin
        } else {
            Location::Path(PathBuf::from(arg))
        }
    }
}

/// The files behind a location: the file itself, or the `.json`/`.yaml`/`.yml` files under a
/// directory (recursively, hidden entries skipped, sorted by path). `None` means stdin.
pub fn files(loc: &Location) -> Result<Vec<Option<PathBuf>>, Failure> {
    match loc {
        Location::Stdin => Ok(vec![None]),
        Location::Path(p) => {
            let meta = std::fs::metadata(p).map_err(|e| io_failure(p, &e))?;
            if meta.is_dir() {
                let mut out = Vec::new();
                walk(p, &mut out)?;
                out.sort();
                if out.is_empty() {
                    return Err(Failure::usage(
                        format!(
                            "{}: no .yaml, .yml or .json files in this directory",
                            p.display()
                        ),
                        "pass a directory of Workflow files, a file, or - for standard input",
                    ));
                }
                Ok(out.into_iter().map(Some).collect())
            } else {
                Ok(vec![Some(p.clone())])
            }
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_failure(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_failure(dir, &e))?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let ft = entry.file_type().map_err(|e| io_failure(&path, &e))?;
        if ft.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads every Workflow at a location (file, directory or stdin).
pub fn read(loc: &Location) -> Result<Vec<Workflow>, Failure> {
    let mut all = Vec::new();
    for file in files(loc)? {
        all.extend(read_file(file.as_deref())?);
    }
    Ok(all)
}

/// Reads exactly one Workflow (for commands that work on one object).
pub fn read_one(loc: &Location) -> Result<Workflow, Failure> {
    let mut all = read(loc)?;
    match all.len() {
        1 => Ok(all.remove(0)),
        n => Err(Failure::usage(
            format!(
                "{} holds {n} Workflows, this command works on one",
                display_loc(loc)
            ),
            "select one, e.g. `kubectl get wf NAME -o yaml | wfpack ... -`",
        )),
    }
}

fn display_loc(loc: &Location) -> String {
    match loc {
        Location::Stdin => "<stdin>".into(),
        Location::Path(p) => p.display().to_string(),
    }
}

/// Reads the Workflows of one file (`None` = stdin).
pub fn read_file(path: Option<&Path>) -> Result<Vec<Workflow>, Failure> {
    let bytes = match path {
        Some(p) => std::fs::read(p).map_err(|e| io_failure(p, &e))?,
        None => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| Failure::failed(format!("cannot read standard input: {e}"), ""))?;
            buf
        }
    };
    parse(&bytes, Source::file(path))
}

fn io_failure(path: &Path, e: &std::io::Error) -> Failure {
    let what = format!("{}: {e}", path.display());
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            Failure::usage(what, "check the path, or pass - to read standard input")
        }
        std::io::ErrorKind::PermissionDenied => {
            Failure::failed(what, "check the file's permissions")
        }
        _ => Failure::failed(what, ""),
    }
}

const HINT: &str =
    "pass a Workflow as YAML or JSON, e.g. the output of `kubectl get wf NAME -o yaml`";

/// Parses the bytes of one file into its Workflows.
pub fn parse(bytes: &[u8], source: Source) -> Result<Vec<Workflow>, Failure> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Failure::usage(
            format!(
                "{}: not YAML or JSON: invalid UTF-8 at byte {}",
                source.file_name(),
                e.valid_up_to()
            ),
            HINT,
        )
    })?;
    let docs = documents(text, &source)?;
    let mut out = Vec::new();
    let count = docs.len();
    let lone_json = count == 1 && matches!(text.trim_start().bytes().next(), Some(b'{'));
    for (i, value) in docs.into_iter().enumerate() {
        let src = Source {
            doc: i,
            docs: count,
            ..source.clone()
        };
        if value.is_null() {
            continue; // an empty document, e.g. a trailing `---`
        }
        collect(value, src, &mut out)?;
    }
    if lone_json && out.len() == 1 && out[0].source.item.is_none() {
        out[0].raw = Some(text.as_bytes().to_vec());
    }
    if out.is_empty() {
        return Err(Failure::usage(
            format!(
                "{}: no Workflow in this input (it is empty)",
                source.file_name()
            ),
            HINT,
        ));
    }
    Ok(out)
}

fn documents(text: &str, source: &Source) -> Result<Vec<Value>, Failure> {
    let first = text.trim_start().bytes().next();
    if matches!(first, Some(b'{' | b'[')) {
        // JSON (also valid YAML flow style; fall back to YAML if JSON rejects it).
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        let mut docs = Vec::new();
        let json_err = loop {
            match stream.next() {
                None => return Ok(docs),
                Some(Ok(v)) => docs.push(v),
                Some(Err(e)) => break e,
            }
        };
        return match yaml_documents(text) {
            Ok(docs) => Ok(docs),
            Err(_) => Err(Failure::usage(
                format!(
                    "{}:{}:{}: not valid JSON: {}",
                    source.file_name(),
                    json_err.line(),
                    json_err.column(),
                    strip_position(&json_err.to_string())
                ),
                HINT,
            )),
        };
    }
    yaml_documents(text).map_err(|e| {
        let pos = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        Failure::usage(
            format!(
                "{}{pos}: not YAML or JSON: {}",
                source.file_name(),
                strip_position(&e.to_string())
            ),
            HINT,
        )
    })
}

fn yaml_documents(text: &str) -> Result<Vec<Value>, serde_norway::Error> {
    let mut docs = Vec::new();
    for doc in serde_norway::Deserializer::from_str(text) {
        docs.push(Value::deserialize(doc)?);
    }
    Ok(docs)
}

/// Drops the " at line X column Y" suffix both parsers append (we print the position first).
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn collect(value: Value, src: Source, out: &mut Vec<Workflow>) -> Result<(), Failure> {
    let Value::Object(map) = &value else {
        return Err(Failure::usage(
            format!(
                "{src}: not a Workflow: the document is a {}, not an object",
                json_type(&value)
            ),
            HINT,
        ));
    };
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    let is_list = kind == "List" || kind.ends_with("List");
    if is_list {
        let Some(items) = map.get("items").and_then(Value::as_array) else {
            return Err(Failure::usage(
                format!("{src}: a {kind} without an `items` array"),
                HINT,
            ));
        };
        let typed_list = kind == "WorkflowList";
        for (i, item) in items.iter().enumerate() {
            let isrc = Source {
                item: Some(i),
                ..src.clone()
            };
            let mut item = item.clone();
            if typed_list {
                // `argo list -o json` / the API drop kind on items of a typed list.
                if let Value::Object(m) = &mut item {
                    m.entry("kind").or_insert_with(|| Value::from("Workflow"));
                    m.entry("apiVersion")
                        .or_insert_with(|| Value::from("argoproj.io/v1alpha1"));
                }
            }
            check_workflow(&item, &isrc)?;
            out.push(Workflow {
                source: isrc,
                value: item,
                raw: None,
            });
        }
        return Ok(());
    }
    check_workflow(&value, &src)?;
    out.push(Workflow {
        source: src,
        value,
        raw: None,
    });
    Ok(())
}

fn check_workflow(value: &Value, src: &Source) -> Result<(), Failure> {
    let Some(map) = value.as_object() else {
        return Err(Failure::usage(
            format!(
                "{src}: not a Workflow: a {}, not an object",
                json_type(value)
            ),
            HINT,
        ));
    };
    let kind = map.get("kind").and_then(Value::as_str);
    let api = map.get("apiVersion").and_then(Value::as_str);
    match kind {
        Some("Workflow") => {}
        Some(k @ ("WorkflowTemplate" | "ClusterWorkflowTemplate" | "CronWorkflow")) => {
            return Err(Failure::usage(
                format!("{src}: not a Workflow: kind is {k}, which has no node status"),
                "pass a Workflow that has run, e.g. `kubectl get wf NAME -o yaml`",
            ));
        }
        Some(k) => {
            return Err(Failure::usage(
                format!("{src}: not a Workflow: kind is {k:?}"),
                HINT,
            ));
        }
        None => {
            return Err(Failure::usage(
                format!("{src}: not a Workflow: the object has no `kind`"),
                HINT,
            ));
        }
    }
    if let Some(api) = api
        && !api.starts_with("argoproj.io/")
    {
        {
            return Err(Failure::usage(
                format!(
                    "{src}: not an Argo Workflow: apiVersion is {api:?}, expected argoproj.io/v1alpha1"
                ),
                HINT,
            ));
        }
    }
    if let Some(status) = map.get("status")
        && !status.is_object()
        && !status.is_null()
    {
        {
            return Err(Failure::usage(
                format!(
                    "{src}: `status` is a {}, expected an object",
                    json_type(status)
                ),
                HINT,
            ));
        }
    }
    Ok(())
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Vec<Workflow>, Failure> {
        parse(s.as_bytes(), Source::file(Some(Path::new("wf.yaml"))))
    }

    const WF_YAML: &str = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: a\n  creationTimestamp: 2026-08-01T09:59:59Z\nstatus:\n  phase: Succeeded\n";

    #[test]
    fn yaml_timestamps_stay_strings() {
        let wfs = parse_str(WF_YAML).unwrap();
        assert_eq!(wfs.len(), 1);
        assert_eq!(
            wfs[0].value["metadata"]["creationTimestamp"],
            Value::from("2026-08-01T09:59:59Z")
        );
        assert_eq!(wfs[0].name(), "a");
        assert_eq!(wfs[0].phase(), "Succeeded");
    }

    #[test]
    fn yaml_scalars_follow_yaml_1_2() {
        let doc = format!("{WF_YAML}  x: 0o17\n  y: yes\n  z: 1.5\n  n: ~\n  q: \"007\"\n");
        let v = &parse_str(&doc).unwrap()[0].value["status"];
        assert_eq!(v["y"], Value::from("yes"), "yes is a string in YAML 1.2");
        assert_eq!(v["z"], Value::from(1.5));
        assert!(v["n"].is_null());
        assert_eq!(v["q"], Value::from("007"));
    }

    #[test]
    fn multi_document_yaml_and_trailing_separator() {
        let doc = format!(
            "{WF_YAML}---\n{}---\n",
            WF_YAML.replace("name: a", "name: b")
        );
        let wfs = parse_str(&doc).unwrap();
        let names: Vec<_> = wfs.iter().map(Workflow::name).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(wfs[1].source.to_string(), "wf.yaml (document 2)");
    }

    #[test]
    fn lists_are_flattened() {
        let json = r#"{"apiVersion":"v1","kind":"List","items":[
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"x"}},
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"y"}}]}"#;
        let wfs = parse_str(json).unwrap();
        assert_eq!(wfs.len(), 2);
        assert_eq!(wfs[1].source.item, Some(1));
        let typed = r#"{"kind":"WorkflowList","items":[{"metadata":{"name":"z"}}]}"#;
        assert_eq!(parse_str(typed).unwrap()[0].value["kind"], "Workflow");
    }

    #[test]
    fn json_flow_yaml_is_accepted() {
        let wfs = parse_str("{kind: Workflow, apiVersion: argoproj.io/v1alpha1}").unwrap();
        assert_eq!(wfs.len(), 1);
    }

    #[test]
    fn errors_name_file_position_and_fix() {
        let e = parse_str("kind: Workflow\n  bad: : :\n").unwrap_err();
        assert_eq!(e.exit, crate::failure::Exit::Usage);
        assert!(e.what.starts_with("wf.yaml:2:"), "{}", e.what);
        assert!(e.fix.contains("kubectl get wf"));

        let e = parse_str("{\"kind\": \"Workflow\",").unwrap_err();
        assert!(e.what.starts_with("wf.yaml:1:"), "{}", e.what);
        assert!(e.what.contains("not valid JSON"), "{}", e.what);

        let e = parse_str("apiVersion: v1\nkind: Pod\n").unwrap_err();
        assert!(
            e.what.contains("not a Workflow: kind is \"Pod\""),
            "{}",
            e.what
        );

        let e = parse_str("kind: CronWorkflow\n").unwrap_err();
        assert!(e.what.contains("CronWorkflow"), "{}", e.what);

        let e = parse_str("just a string\n").unwrap_err();
        assert!(e.what.contains("a string, not an object"), "{}", e.what);

        let e = parse_str("").unwrap_err();
        assert!(e.what.contains("empty"), "{}", e.what);

        let e = parse(b"\xff\xfe", Source::file(None)).unwrap_err();
        assert!(
            e.what
                .contains("<stdin>: not YAML or JSON: invalid UTF-8 at byte 0")
        );

        let e = parse_str("kind: Workflow\napiVersion: batch/v1\n").unwrap_err();
        assert!(e.what.contains("not an Argo Workflow"), "{}", e.what);
    }

    #[test]
    fn directories_are_walked_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("b.yaml"),
            WF_YAML.replace("name: a", "name: b"),
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(
            dir.path().join("sub/c.json"),
            r#"{"kind":"Workflow","metadata":{"name":"c"}}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("a.yml"), WF_YAML).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        std::fs::write(dir.path().join(".hidden.yaml"), "not: [valid").unwrap();
        let wfs = read(&Location::Path(dir.path().to_path_buf())).unwrap();
        let names: Vec<_> = wfs.iter().map(Workflow::name).collect();
        assert_eq!(names, ["a", "b", "c"]);

        let empty = tempfile::tempdir().unwrap();
        let e = read(&Location::Path(empty.path().to_path_buf())).unwrap_err();
        assert!(e.what.contains("no .yaml, .yml or .json files"));
        let e = read(&Location::Path(dir.path().join("missing.yaml"))).unwrap_err();
        assert_eq!(e.exit, crate::failure::Exit::Usage);
    }

    #[test]
    fn yaml_aliases_cannot_blow_up() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            doc.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse_str(&doc).is_err());
    }
}
