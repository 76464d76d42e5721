//! Where a workflow's bytes go: the Argo-measured size split by top-level section, by
//! `status` member, by node and by node member.

use alloc::string::String;
use alloc::vec::Vec;

use super::Measured;
use crate::error::Result;
use crate::go_json::parse::Reader;
use crate::go_json::schema;
use crate::nodes::decode_string;

/// A member and the bytes it takes (`"key":value`, without the separating comma).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The member name.
    pub name: String,
    /// Its bytes in Argo's encoding.
    pub bytes: usize,
}

/// One node's share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSize {
    /// Node id.
    pub id: String,
    /// Node `name`.
    pub name: String,
    /// Bytes of `"id":{...}` in the nodes JSON.
    pub bytes: usize,
}

/// One `NodeStatus` member summed over all nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSize {
    /// The member name, e.g. `outputs`.
    pub field: String,
    /// Total bytes of `"field":value` over all nodes.
    pub bytes: usize,
    /// How many nodes have it.
    pub nodes: usize,
}

/// The result of [`breakdown`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// The Argo-measured size of the whole workflow.
    pub total: usize,
    /// Top-level members (`kind`, `apiVersion`, `metadata`, `spec`, `status`) in order.
    pub sections: Vec<Section>,
    /// Members of `status` in order.
    pub status: Vec<Section>,
    /// Length of `json.Marshal(status.nodes)` (what would be compressed).
    pub nodes_json: usize,
    /// Number of nodes.
    pub node_count: usize,
    /// The largest nodes, largest first (at most the `top` asked for).
    pub largest_nodes: Vec<NodeSize>,
    /// `NodeStatus` members by total size, largest first.
    pub node_fields: Vec<FieldSize>,
}

/// (key, start of the key's quote, end of the value) for each member of the object at
/// `r.pos`, or an empty list when the value there is not an object.
fn members(r: &mut Reader<'_>) -> Result<Vec<(String, usize, usize, usize)>> {
    let mut out = Vec::new();
    if r.peek() != Some(b'{') {
        r.skip()?;
        return Ok(out);
    }
    r.pos += 1;
    if r.peek() == Some(b'}') {
        r.pos += 1;
        return Ok(out);
    }
    loop {
        let start = r.pos;
        let k = decode_string(r.string()?);
        r.expect(b':', "expected ':'")?;
        let (vs, ve) = r.skip()?;
        out.push((k, start, vs, ve));
        match r.peek() {
            Some(b',') => r.pos += 1,
            _ => {
                r.pos += 1;
                return Ok(out);
            }
        }
    }
}

/// Splits the Argo-measured size of `workflow_json`; `top` bounds `largest_nodes`.
///
/// ```
/// let wf = br#"{"kind":"Workflow","metadata":{"name":"w"},"spec":{},"status":{"nodes":{"a":{"id":"a","name":"w","type":"Pod","message":"long message"}}}}"#;
/// let b = wfpack_codec::pack::breakdown(wf, 10)?;
/// assert_eq!(b.total, wfpack_codec::pack::workflow_size(wf)?);
/// assert_eq!(b.sections.iter().map(|s| s.bytes).sum::<usize>() + b.sections.len() - 1 + 2, b.total);
/// assert_eq!(b.largest_nodes[0].id, "a");
/// # Ok::<(), wfpack_codec::Error>(())
/// ```
pub fn breakdown(workflow_json: &[u8], top: usize) -> Result<Breakdown> {
    let m = Measured::new(workflow_json)?;
    let out = m.write_of(m.doc(), &schema::WORKFLOW_T)?;
    let mut r = Reader::new(&out);
    let top_members = members(&mut r)?;
    let sections = top_members
        .iter()
        .map(|(k, s, _, e)| Section {
            name: k.clone(),
            bytes: e - s,
        })
        .collect();
    let mut status = Vec::new();
    let mut largest_nodes = Vec::new();
    let mut fields: Vec<FieldSize> = Vec::new();
    let mut nodes_json = 4; // `null`
    let mut node_count = 0;
    if let Some((_, _, vs, _)) = top_members.iter().find(|(k, ..)| k == "status") {
        let mut r = Reader::new(&out);
        r.pos = *vs;
        let st = members(&mut r)?;
        status = st
            .iter()
            .map(|(k, s, _, e)| Section {
                name: k.clone(),
                bytes: e - s,
            })
            .collect();
        if let Some((_, _, nvs, nve)) = st.iter().find(|(k, ..)| k == "nodes") {
            nodes_json = nve - nvs;
            let mut r = Reader::new(&out);
            r.pos = *nvs;
            for (id, s, vs, e) in members(&mut r)? {
                node_count += 1;
                let mut r = Reader::new(&out);
                r.pos = vs;
                let mut name = String::new();
                for (field, fs, fvs, fe) in members(&mut r)? {
                    if field == "name" {
                        let mut rr = Reader::new(&out[fvs..fe]);
                        name = rr.string().map(decode_string).unwrap_or_default();
                    }
                    match fields.iter_mut().find(|f| f.field == field) {
                        Some(f) => {
                            f.bytes += fe - fs;
                            f.nodes += 1;
                        }
                        None => fields.push(FieldSize {
                            field,
                            bytes: fe - fs,
                            nodes: 1,
                        }),
                    }
                }
                largest_nodes.push(NodeSize {
                    id,
                    name,
                    bytes: e - s,
                });
            }
        }
    }
    largest_nodes.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.id.cmp(&b.id)));
    largest_nodes.truncate(top);
    fields.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.field.cmp(&b.field)));
    Ok(Breakdown {
        total: out.len(),
        sections,
        status,
        nodes_json,
        node_count,
        largest_nodes,
        node_fields: fields,
    })
}
