//! Straight-from-bytes decoding of Argo nodes JSON into typed records.

use alloc::string::String;
use alloc::vec::Vec;

use super::{MemoizationStatus, NodeFlag, NodeStatus, Nodes, RawJson, TemplateRef};
use crate::error::{Error, Result};
use crate::go_json::parse::{RawStr, Reader, unescape_into};
use crate::go_json::schema::{self, Ty};
use crate::go_json::{Encoder, Escapes, Mode};

/// Bytes to a `String` the way Go's decoder does: escapes decoded, each byte that is not
/// valid UTF-8 replaced by U+FFFD.
pub(crate) fn to_string(raw: RawStr<'_>) -> String {
    if !raw.escaped {
        if let Ok(s) = core::str::from_utf8(raw.raw) {
            return String::from(s);
        }
        return lossy(raw.raw);
    }
    let mut v = Vec::with_capacity(raw.raw.len());
    unescape_into(raw.raw, &mut v);
    match String::from_utf8(v) {
        Ok(s) => s,
        Err(e) => lossy(e.as_bytes()),
    }
}

/// Go's per-byte replacement of invalid UTF-8.
fn lossy(mut b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() + 8);
    loop {
        match core::str::from_utf8(b) {
            Ok(ok) => {
                s.push_str(ok);
                return s;
            }
            Err(e) => {
                let (good, rest) = b.split_at(e.valid_up_to());
                // `good` is valid by construction.
                s.push_str(core::str::from_utf8(good).unwrap_or_default());
                s.push('\u{fffd}');
                b = &rest[1..];
            }
        }
    }
}

struct D<'a> {
    r: Reader<'a>,
}

impl<'a> D<'a> {
    #[cold]
    fn wrong(&self, field: &'static str, expected: &'static str) -> Error {
        Error::NodeField {
            offset: self.r.pos,
            field,
            expected,
        }
    }

    fn is_null(&mut self) -> Result<bool> {
        if self.r.peek() == Some(b'n') {
            self.r.skip()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A string member; `null` leaves the zero value.
    fn string(&mut self, field: &'static str) -> Result<String> {
        match self.r.peek() {
            Some(b'"') => Ok(to_string(self.r.string()?)),
            Some(b'n') => {
                self.r.skip()?;
                Ok(String::new())
            }
            _ => Err(self.wrong(field, "a string")),
        }
    }

    fn opt_string(&mut self, field: &'static str) -> Result<Option<String>> {
        if self.is_null()? {
            return Ok(None);
        }
        if self.r.peek() != Some(b'"') {
            return Err(self.wrong(field, "a string or null"));
        }
        Ok(Some(to_string(self.r.string()?)))
    }

    fn boolean(&mut self, field: &'static str) -> Result<bool> {
        match self.r.peek() {
            Some(b't' | b'f') => {
                let (s, _) = self.r.skip()?;
                Ok(self.r.b[s] == b't')
            }
            Some(b'n') => {
                self.r.skip()?;
                Ok(false)
            }
            _ => Err(self.wrong(field, "true or false")),
        }
    }

    fn int(&mut self, field: &'static str) -> Result<i64> {
        match self.r.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let at = self.r.pos;
                let lit = self.r.number()?;
                core::str::from_utf8(lit)
                    .ok()
                    .and_then(|t| t.parse::<i64>().ok())
                    .ok_or(Error::NodeField {
                        offset: at,
                        field,
                        expected: "an integer",
                    })
            }
            Some(b'n') => {
                self.r.skip()?;
                Ok(0)
            }
            _ => Err(self.wrong(field, "an integer")),
        }
    }

    fn strings(&mut self, field: &'static str) -> Result<Vec<String>> {
        if self.is_null()? {
            return Ok(Vec::new());
        }
        self.r
            .expect(b'[', "")
            .map_err(|_| self.wrong(field, "an array of strings"))?;
        let mut out = Vec::new();
        if self.r.peek() == Some(b']') {
            self.r.pos += 1;
            return Ok(out);
        }
        loop {
            out.push(self.string(field)?);
            match self.r.peek() {
                Some(b',') => self.r.pos += 1,
                Some(b']') => {
                    self.r.pos += 1;
                    return Ok(out);
                }
                _ => return Err(self.r.err("expected ',' or ']' in array")),
            }
        }
    }

    /// Iterates the members of an object, calling `f(self, key)` with the cursor on the
    /// value. `null` is accepted as an empty object.
    fn object(
        &mut self,
        field: &'static str,
        mut f: impl FnMut(&mut Self, RawStr<'a>) -> Result<()>,
    ) -> Result<()> {
        if self.is_null()? {
            return Ok(());
        }
        if self.r.peek() != Some(b'{') {
            return Err(self.wrong(field, "an object"));
        }
        self.r.enter()?;
        self.r.pos += 1;
        if self.r.peek() == Some(b'}') {
            self.r.pos += 1;
            self.r.leave();
            return Ok(());
        }
        loop {
            let k = self.r.string()?;
            self.r.expect(b':', "expected ':' after an object key")?;
            f(self, k)?;
            match self.r.peek() {
                Some(b',') => self.r.pos += 1,
                Some(b'}') => {
                    self.r.pos += 1;
                    self.r.leave();
                    return Ok(());
                }
                _ => return Err(self.r.err("expected ',' or '}' in object")),
            }
        }
    }

    /// A sub-document kept as Go-encoded JSON in struct order (values unchanged).
    fn raw(&mut self, ty: Option<&Ty>) -> Result<RawJson> {
        let (s, e) = self.r.skip()?;
        RawJson::encode(&self.r.b[s..e], ty)
    }

    fn node(&mut self) -> Result<NodeStatus> {
        let mut n = NodeStatus::default();
        self.object("node", |d, k| {
            let key = match k.plain() {
                Some(b) => b,
                None => return d.member_slow(&mut n, k),
            };
            d.member(&mut n, key, k)
        })?;
        Ok(n)
    }

    fn member_slow(&mut self, n: &mut NodeStatus, k: RawStr<'a>) -> Result<()> {
        let mut v = Vec::new();
        unescape_into(k.raw, &mut v);
        self.member(n, &v, k)
    }

    fn member(&mut self, n: &mut NodeStatus, key: &[u8], k: RawStr<'a>) -> Result<()> {
        let idx = match schema::NODE_STATUS.field(key) {
            Some(i) => i,
            None => {
                let name = to_string(k);
                let raw = self.raw(None)?;
                n.unknown.retain(|(u, _)| *u != name);
                n.unknown.push((name, raw));
                return Ok(());
            }
        };
        match idx {
            0 => n.id = self.string("id")?,
            1 => n.name = self.string("name")?,
            2 => n.display_name = self.string("displayName")?,
            3 => n.node_type = self.string("type")?,
            4 => n.template_name = self.string("templateName")?,
            5 => {
                n.template_ref = if self.is_null()? {
                    None
                } else {
                    let mut t = TemplateRef::default();
                    self.object("templateRef", |d, k| {
                        match k.plain() {
                            Some(b"name") => t.name = d.string("templateRef.name")?,
                            Some(b"template") => t.template = d.string("templateRef.template")?,
                            Some(b"clusterScope") => {
                                t.cluster_scope = d.boolean("templateRef.clusterScope")?
                            }
                            _ => {
                                d.r.skip()?;
                            }
                        }
                        Ok(())
                    })?;
                    Some(t)
                }
            }
            6 => n.template_scope = self.string("templateScope")?,
            7 => n.phase = self.string("phase")?,
            8 => n.boundary_id = self.string("boundaryID")?,
            9 => n.message = self.string("message")?,
            10 => n.started_at = self.opt_string("startedAt")?,
            11 => n.finished_at = self.opt_string("finishedAt")?,
            12 => n.estimated_duration = self.int("estimatedDuration")?,
            13 => n.progress = self.string("progress")?,
            14 => {
                let mut m: Vec<(String, i64)> = Vec::new();
                self.object("resourcesDuration", |d, k| {
                    let v = d.int("resourcesDuration")?;
                    let k = to_string(k);
                    m.retain(|(x, _)| *x != k);
                    m.push((k, v));
                    Ok(())
                })?;
                m.sort_by(|a, b| a.0.cmp(&b.0));
                n.resources_duration = m;
            }
            15 => n.pod_ip = self.string("podIP")?,
            16 => {
                n.daemoned = if self.is_null()? {
                    None
                } else {
                    Some(self.boolean("daemoned")?)
                }
            }
            17 => {
                n.node_flag = if self.is_null()? {
                    None
                } else {
                    let mut f = NodeFlag::default();
                    self.object("nodeFlag", |d, k| {
                        match k.plain() {
                            Some(b"hooked") => f.hooked = d.boolean("nodeFlag.hooked")?,
                            Some(b"retried") => f.retried = d.boolean("nodeFlag.retried")?,
                            _ => {
                                d.r.skip()?;
                            }
                        }
                        Ok(())
                    })?;
                    Some(f)
                }
            }
            18 => {
                n.inputs = if self.is_null()? {
                    None
                } else {
                    Some(self.raw(Some(&schema::INPUTS_T))?)
                }
            }
            19 => {
                n.outputs = if self.is_null()? {
                    None
                } else {
                    Some(self.raw(Some(&schema::OUTPUTS_T))?)
                }
            }
            20 => n.children = self.strings("children")?,
            21 => n.outbound_nodes = self.strings("outboundNodes")?,
            22 => n.host_node_name = self.string("hostNodeName")?,
            23 => {
                n.memoization_status = if self.is_null()? {
                    None
                } else {
                    let mut m = MemoizationStatus::default();
                    self.object("memoizationStatus", |d, k| {
                        match k.plain() {
                            Some(b"hit") => m.hit = d.boolean("memoizationStatus.hit")?,
                            Some(b"key") => m.key = d.string("memoizationStatus.key")?,
                            Some(b"cacheName") => {
                                m.cache_name = d.string("memoizationStatus.cacheName")?
                            }
                            _ => {
                                d.r.skip()?;
                            }
                        }
                        Ok(())
                    })?;
                    Some(m)
                }
            }
            24 => {
                n.synchronization_status = if self.is_null()? {
                    None
                } else {
                    let mut w = String::new();
                    self.object("synchronizationStatus", |d, k| {
                        match k.plain() {
                            Some(b"waiting") => w = d.string("synchronizationStatus.waiting")?,
                            _ => {
                                d.r.skip()?;
                            }
                        }
                        Ok(())
                    })?;
                    Some(w)
                }
            }
            25 => {
                n.task_result_synced = if self.is_null()? {
                    None
                } else {
                    Some(self.boolean("taskResultSynced")?)
                }
            }
            26 => n.failed_pod_restarts = self.int("failedPodRestarts")?,
            27 => n.restarting_pod_uid = self.string("restartingPodUID")?,
            _ => {
                self.r.skip()?;
            }
        }
        Ok(())
    }
}

/// Decodes one node object (used by the lazy view).
pub(crate) fn node(json: &[u8]) -> Result<NodeStatus> {
    let mut d = D {
        r: Reader::new(json),
    };
    let n = d.node()?;
    d.r.end()?;
    Ok(n)
}

/// Decodes a whole nodes document.
pub(crate) fn nodes(json: &[u8]) -> Result<Nodes> {
    let mut d = D {
        r: Reader::new(json),
    };
    match d.r.peek() {
        Some(b'n') => {
            d.r.skip()?;
            d.r.end()?;
            return Ok(Nodes {
                map: Vec::new(),
                null: true,
            });
        }
        Some(b'{') => {}
        None => return Err(d.r.err("unexpected end of JSON input")),
        _ => return Err(Error::NodesNotObject { offset: d.r.pos }),
    }
    // Rough capacity: Argo nodes are a few hundred bytes each.
    let mut map: Vec<(String, NodeStatus)> = Vec::with_capacity(json.len() / 400 + 1);
    d.object("nodes", |d, k| {
        let id = to_string(k);
        let node = d.node()?;
        map.push((id, node));
        Ok(())
    })?;
    d.r.end()?;
    // Sorted by id with a repeated id keeping its last node, as a Go map does. Go's own
    // output is already sorted, so usually there is nothing to move.
    if !map.windows(2).all(|w| w[0].0 < w[1].0) {
        map.sort_by(|a, b| a.0.cmp(&b.0));
        let mut w = 0;
        for r in 0..map.len() {
            if w > 0 && map[w - 1].0 == map[r].0 {
                map.swap(w - 1, r);
            } else {
                map.swap(w, r);
                w += 1;
            }
        }
        map.truncate(w);
    }
    Ok(Nodes { map, null: false })
}

/// Go-encodes the JSON sub-document `json` in struct order (values unchanged) for `ty`.
pub(crate) fn encode_typed(json: &[u8], ty: Option<&Ty>) -> Result<Vec<u8>> {
    let v = crate::go_json::parse::parse(json)?;
    let mut out = Vec::with_capacity(json.len());
    Encoder {
        s: &mut out,
        esc: Escapes::Go122,
        base: json.as_ptr() as usize,
    }
    .value(&v, ty, Mode::Typed)?;
    Ok(out)
}
