//! A lazy index over nodes JSON: one validating pass records, for each node, its id,
//! byte range and the few members a UI filters on; everything else stays in the input
//! until a node is materialised.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::NodeStatus;
use super::decode::to_string;
use crate::error::{Error, Result};
use crate::go_json::parse::{RawStr, Reader};

/// The `NodeStatus` members the index reads. Go's decoder binds a key to the member of that
/// name, else to the first whose name matches ignoring ASCII case; no two `NodeStatus`
/// names match each other ignoring case (a test checks it against the schema table), so
/// comparing with these six alone binds exactly as the whole table would. Kept apart
/// from the schema so the lazy view (the npm package's core) links no Argo type table.
const INDEXED: [&str; 6] = [
    "name",
    "displayName",
    "type",
    "phase",
    "boundaryID",
    "children",
];

/// The indexed member a JSON key binds to, if any.
fn indexed_field(key: &[u8]) -> Option<&'static str> {
    INDEXED
        .into_iter()
        .find(|f| f.as_bytes().eq_ignore_ascii_case(key))
}

/// A string borrowed from the input when it has no escapes and is valid UTF-8.
fn text(raw: RawStr<'_>) -> Cow<'_, str> {
    if let Some(b) = raw.plain()
        && let Ok(s) = core::str::from_utf8(b)
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(to_string(raw))
}

#[derive(Debug, Clone)]
struct Entry<'a> {
    id: Cow<'a, str>,
    start: usize,
    end: usize,
    name: Cow<'a, str>,
    display_name: Cow<'a, str>,
    node_type: Cow<'a, str>,
    phase: Cow<'a, str>,
    boundary_id: Cow<'a, str>,
    children: Vec<Cow<'a, str>>,
}

/// A lazily indexed view of a nodes document (`status.nodes` or decoded
/// `compressedNodes`).
///
/// ```
/// use wfpack_codec::nodes::NodesView;
///
/// let json = br#"{"wf":{"id":"wf","name":"wf","type":"Steps","phase":"Failed","children":["wf-1"]},
///                 "wf-1":{"id":"wf-1","name":"wf[0]","type":"Pod","phase":"Failed","message":"oom"}}"#;
/// let view = NodesView::new(json)?;
/// assert_eq!(view.count(), 2);
/// assert_eq!(view.children("wf").map(|n| n.id()).collect::<Vec<_>>(), ["wf-1"]);
/// assert_eq!(view.ids_by_phase("Failed").count(), 2);
/// assert_eq!(view.get("wf-1").unwrap().materialize()?.message, "oom");
/// # Ok::<(), wfpack_codec::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct NodesView<'a> {
    json: &'a [u8],
    /// Sorted by id; a repeated id keeps its last entry.
    entries: Vec<Entry<'a>>,
}

/// One node of a [`NodesView`].
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'v, 'a> {
    view: &'v NodesView<'a>,
    e: &'v Entry<'a>,
}

impl<'v, 'a> NodeRef<'v, 'a> {
    /// The node id (the map key).
    pub fn id(&self) -> &'v str {
        &self.e.id
    }
    /// `name`.
    pub fn name(&self) -> &'v str {
        &self.e.name
    }
    /// `displayName`.
    pub fn display_name(&self) -> &'v str {
        &self.e.display_name
    }
    /// `type`.
    pub fn node_type(&self) -> &'v str {
        &self.e.node_type
    }
    /// `phase`.
    pub fn phase(&self) -> &'v str {
        &self.e.phase
    }
    /// `boundaryID`.
    pub fn boundary_id(&self) -> &'v str {
        &self.e.boundary_id
    }
    /// The child ids, in order.
    pub fn child_ids(&self) -> impl Iterator<Item = &'v str> + 'v {
        self.e.children.iter().map(|c| &**c)
    }
    /// The node's JSON exactly as it appears in the input.
    pub fn raw(&self) -> &'a [u8] {
        &self.view.json[self.e.start..self.e.end]
    }
    /// Decodes this one node into a typed record.
    pub fn materialize(&self) -> Result<NodeStatus> {
        NodeStatus::from_json(self.raw()).map_err(|e| shift(e, self.e.start))
    }
}

/// Moves an error's offset from the node's own bytes to the whole document.
fn shift(e: Error, by: usize) -> Error {
    match e {
        Error::Json { offset, problem } => Error::Json {
            offset: offset + by,
            problem,
        },
        Error::JsonTooDeep { offset, limit } => Error::JsonTooDeep {
            offset: offset + by,
            limit,
        },
        Error::NumberOutOfRange { offset } => Error::NumberOutOfRange {
            offset: offset + by,
        },
        Error::NodeField {
            offset,
            field,
            expected,
        } => Error::NodeField {
            offset: offset + by,
            field,
            expected,
        },
        e => e,
    }
}

impl<'a> NodesView<'a> {
    /// Indexes `json` in one pass. The whole document is validated as JSON; node members
    /// the index reads (`name`, `displayName`, `type`, `phase`, `boundaryID`,
    /// `children`) must have Argo's types. `null` gives an empty view.
    pub fn new(json: &'a [u8]) -> Result<NodesView<'a>> {
        let mut r = Reader::new(json);
        let mut entries: Vec<Entry<'a>> = Vec::with_capacity(json.len() / 400 + 1);
        match r.peek() {
            Some(b'n') => {
                r.skip()?;
                r.end()?;
                return Ok(NodesView { json, entries });
            }
            Some(b'{') => {}
            None => return Err(r.err("unexpected end of JSON input")),
            _ => return Err(Error::NodesNotObject { offset: r.pos }),
        }
        r.enter()?;
        r.pos += 1;
        if r.peek() == Some(b'}') {
            r.pos += 1;
        } else {
            loop {
                let id = text(r.string()?);
                r.expect(b':', "expected ':' after an object key")?;
                entries.push(Self::node(&mut r, id)?);
                if r.close_or_next(b'}')? {
                    break;
                }
            }
        }
        r.leave();
        r.end()?;
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        let mut out: Vec<Entry<'a>> = Vec::with_capacity(entries.len());
        for e in entries {
            match out.last_mut() {
                Some(last) if last.id == e.id => *last = e,
                _ => out.push(e),
            }
        }
        Ok(NodesView { json, entries: out })
    }

    fn node(r: &mut Reader<'a>, id: Cow<'a, str>) -> Result<Entry<'a>> {
        let empty = || Cow::Borrowed("");
        let mut e = Entry {
            id,
            start: 0,
            end: 0,
            name: empty(),
            display_name: empty(),
            node_type: empty(),
            phase: empty(),
            boundary_id: empty(),
            children: Vec::new(),
        };
        match r.peek() {
            Some(b'{') => {}
            Some(b'n') => {
                let (s, end) = r.skip()?;
                e.start = s;
                e.end = end;
                return Ok(e);
            }
            _ => {
                return Err(Error::NodeField {
                    offset: r.pos,
                    field: "node",
                    expected: "an object",
                });
            }
        }
        e.start = r.pos;
        r.enter()?;
        r.pos += 1;
        if r.peek() == Some(b'}') {
            r.pos += 1;
        } else {
            loop {
                let k = r.string()?;
                r.expect(b':', "expected ':' after an object key")?;
                // The member Go's decoder binds the key to (exact, else ignoring case).
                let field = match k.plain() {
                    Some(b) => indexed_field(b),
                    None => indexed_field(to_string(k).as_bytes()),
                };
                let slot = match field {
                    Some("name") => Some((&mut e.name, "name")),
                    Some("displayName") => Some((&mut e.display_name, "displayName")),
                    Some("type") => Some((&mut e.node_type, "type")),
                    Some("phase") => Some((&mut e.phase, "phase")),
                    Some("boundaryID") => Some((&mut e.boundary_id, "boundaryID")),
                    _ => None,
                };
                if let Some((slot, field)) = slot {
                    match r.peek() {
                        Some(b'"') => *slot = text(r.string()?),
                        Some(b'n') => {
                            r.skip()?;
                        }
                        _ => {
                            return Err(Error::NodeField {
                                offset: r.pos,
                                field,
                                expected: "a string",
                            });
                        }
                    }
                } else if field == Some("children") {
                    e.children.clear();
                    match r.peek() {
                        Some(b'[') => {
                            r.pos += 1;
                            if r.peek() == Some(b']') {
                                r.pos += 1;
                            } else {
                                loop {
                                    if r.peek() != Some(b'"') {
                                        return Err(Error::NodeField {
                                            offset: r.pos,
                                            field: "children",
                                            expected: "an array of strings",
                                        });
                                    }
                                    e.children.push(text(r.string()?));
                                    if r.close_or_next(b']')? {
                                        break;
                                    }
                                }
                            }
                        }
                        Some(b'n') => {
                            r.skip()?;
                        }
                        _ => {
                            return Err(Error::NodeField {
                                offset: r.pos,
                                field: "children",
                                expected: "an array of strings",
                            });
                        }
                    }
                } else {
                    r.skip()?;
                }
                if r.close_or_next(b'}')? {
                    break;
                }
            }
        }
        r.leave();
        e.end = r.pos;
        Ok(e)
    }

    /// Number of nodes.
    pub fn count(&self) -> usize {
        self.entries.len()
    }

    /// All nodes in id order.
    pub fn iter(&self) -> impl Iterator<Item = NodeRef<'_, 'a>> {
        self.entries.iter().map(move |e| NodeRef { view: self, e })
    }

    /// All node ids in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| &*e.id)
    }

    /// The node with this id.
    pub fn get(&self, id: &str) -> Option<NodeRef<'_, 'a>> {
        let i = self.entries.binary_search_by(|e| (*e.id).cmp(id)).ok()?;
        Some(NodeRef {
            view: self,
            e: &self.entries[i],
        })
    }

    /// The existing children of node `id`, in its `children` order.
    pub fn children<'v>(&'v self, id: &str) -> impl Iterator<Item = NodeRef<'v, 'a>> + 'v {
        let kids: &'v [Cow<'a, str>] = match self.get(id) {
            Some(n) => &n.e.children,
            None => &[],
        };
        kids.iter().filter_map(move |c| self.get(c))
    }

    /// Ids of the nodes in `phase`.
    pub fn ids_by_phase<'v>(&'v self, phase: &'v str) -> impl Iterator<Item = &'v str> + 'v {
        self.entries
            .iter()
            .filter(move |e| e.phase == phase)
            .map(|e| &*e.id)
    }

    /// Ids of the nodes of `node_type`.
    pub fn ids_by_type<'v>(&'v self, node_type: &'v str) -> impl Iterator<Item = &'v str> + 'v {
        self.entries
            .iter()
            .filter(move |e| e.node_type == node_type)
            .map(|e| &*e.id)
    }

    /// Nodes whose `name` or `displayName` contains `needle`.
    pub fn find_by_name<'v>(
        &'v self,
        needle: &'v str,
    ) -> impl Iterator<Item = NodeRef<'v, 'a>> + 'v {
        self.iter()
            .filter(move |n| n.e.name.contains(needle) || n.e.display_name.contains(needle))
    }

    /// Nodes that no other node lists as a child (normally just the workflow's root).
    pub fn roots(&self) -> Vec<NodeRef<'_, 'a>> {
        let mut is_child: Vec<bool> = alloc::vec![false; self.entries.len()];
        for e in &self.entries {
            for c in &e.children {
                if let Ok(i) = self.entries.binary_search_by(|x| (*x.id).cmp(c)) {
                    is_child[i] = true;
                }
            }
        }
        self.iter()
            .zip(is_child)
            .filter(|(_, c)| !c)
            .map(|(n, _)| n)
            .collect()
    }

    /// Decodes every node (what [`super::Nodes::from_json`] does in one go).
    pub fn materialize_all(&self) -> Result<super::Nodes> {
        super::Nodes::from_json(self.json)
    }

    /// Count of nodes per phase, sorted by phase.
    pub fn phase_counts(&self) -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = Vec::new();
        for e in &self.entries {
            match v.binary_search_by(|(p, _)| p.as_str().cmp(&e.phase)) {
                Ok(i) => v[i].1 += 1,
                Err(i) => v.insert(i, (String::from(&*e.phase), 1)),
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go_json::schema::NODE_STATUS;

    #[test]
    fn indexed_fields_bind_like_the_schema_table() {
        let names: Vec<&str> = NODE_STATUS.fields.iter().map(|f| f.name).collect();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert!(!a.eq_ignore_ascii_case(b), "{a} and {b} fold together");
            }
        }
        for f in INDEXED {
            assert!(names.contains(&f), "{f} is not a NodeStatus member");
        }
        let mut keys: Vec<String> = names.iter().map(|n| String::from(*n)).collect();
        keys.extend(names.iter().map(|n| n.to_ascii_uppercase()));
        keys.extend(
            [
                "",
                "Name",
                "PHASE",
                "boundaryId",
                "child",
                "childrenx",
                "typ",
            ]
            .map(String::from),
        );
        for k in &keys {
            let want = NODE_STATUS
                .field(k.as_bytes())
                .map(|i| NODE_STATUS.fields[i].name);
            let want = want.filter(|n| INDEXED.contains(n));
            assert_eq!(indexed_field(k.as_bytes()), want, "{k}");
        }
    }
}
