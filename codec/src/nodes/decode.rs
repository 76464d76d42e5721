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
pub(crate) fn lossy(mut b: &[u8]) -> String {
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

/// The `NodeStatus` field named `key`: exact names by a compiled match (no table scan),
/// anything else as Go's decoder finds it (ASCII case folded).
#[inline]
fn node_field(key: &[u8]) -> Option<usize> {
    match key {
        b"id" => Some(0),
        b"name" => Some(1),
        b"displayName" => Some(2),
        b"type" => Some(3),
        b"templateName" => Some(4),
        b"templateRef" => Some(5),
        b"templateScope" => Some(6),
        b"phase" => Some(7),
        b"boundaryID" => Some(8),
        b"message" => Some(9),
        b"startedAt" => Some(10),
        b"finishedAt" => Some(11),
        b"estimatedDuration" => Some(12),
        b"progress" => Some(13),
        b"resourcesDuration" => Some(14),
        b"podIP" => Some(15),
        b"daemoned" => Some(16),
        b"nodeFlag" => Some(17),
        b"inputs" => Some(18),
        b"outputs" => Some(19),
        b"children" => Some(20),
        b"outboundNodes" => Some(21),
        b"hostNodeName" => Some(22),
        b"memoizationStatus" => Some(23),
        b"synchronizationStatus" => Some(24),
        b"taskResultSynced" => Some(25),
        b"failedPodRestarts" => Some(26),
        b"restartingPodUID" => Some(27),
        _ => schema::NODE_STATUS.field(key),
    }
}

struct D<'a> {
    r: Reader<'a>,
    /// The whole input as text when it is valid UTF-8 (checked once, up front): unescaped
    /// strings are then sliced from it without validating each one again.
    text: Option<&'a str>,
}

impl<'a> D<'a> {
    fn new(json: &'a [u8]) -> Self {
        D {
            r: Reader::new(json),
            text: core::str::from_utf8(json).ok(),
        }
    }

    /// `self.r.b[start..end]` as text, when the input is valid UTF-8 and the range falls
    /// on character boundaries.
    #[inline]
    fn text(&self, start: usize, end: usize) -> Option<&'a str> {
        self.text?.get(start..end)
    }

    /// [`to_string`] for a string of this input: an unescaped one is copied from the
    /// validated text.
    #[inline]
    fn to_string(&self, raw: RawStr<'a>) -> String {
        if !raw.escaped {
            // `raw.raw` lies inside `self.r.b` (the reader hands out sub-slices).
            let start = (raw.raw.as_ptr() as usize).wrapping_sub(self.r.b.as_ptr() as usize);
            if let Some(s) = self.text(start, start.wrapping_add(raw.raw.len())) {
                return String::from(s);
            }
        }
        to_string(raw)
    }

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

    /// A string value (`null` reads as the empty string, for array elements).
    fn string(&mut self, field: &'static str) -> Result<String> {
        match self.r.peek() {
            Some(b'"') => {
                let raw = self.r.string()?;
                Ok(self.to_string(raw))
            }
            Some(b'n') => {
                self.r.skip()?;
                Ok(String::new())
            }
            _ => Err(self.wrong(field, "a string")),
        }
    }

    /// A string member: like Go, `null` leaves the member as it was.
    fn set_string(&mut self, field: &'static str, to: &mut String) -> Result<()> {
        match self.r.peek() {
            Some(b'"') => {
                let raw = self.r.string()?;
                *to = self.to_string(raw);
            }
            Some(b'n') => {
                self.r.skip()?;
            }
            _ => return Err(self.wrong(field, "a string")),
        }
        Ok(())
    }

    fn opt_string(&mut self, field: &'static str) -> Result<Option<String>> {
        if self.is_null()? {
            return Ok(None);
        }
        if self.r.peek() != Some(b'"') {
            return Err(self.wrong(field, "a string or null"));
        }
        let raw = self.r.string()?;
        Ok(Some(self.to_string(raw)))
    }

    fn boolean(&mut self, field: &'static str) -> Result<bool> {
        match self.r.peek() {
            Some(b't' | b'f') => {
                let (s, _) = self.r.skip()?;
                Ok(self.r.b[s] == b't')
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
            if self.r.close_or_next(b']')? {
                return Ok(out);
            }
        }
    }

    /// Opens the object value of `field`: `false` when there is nothing to read (`null`,
    /// or `{}` consumed), `true` with the depth entered and the cursor before the first key.
    #[inline]
    fn open_object(&mut self, field: &'static str) -> Result<bool> {
        if self.is_null()? {
            return Ok(false);
        }
        if self.r.peek() != Some(b'{') {
            return Err(self.wrong(field, "an object"));
        }
        self.r.enter()?;
        self.r.pos += 1;
        if self.r.peek() == Some(b'}') {
            self.r.pos += 1;
            self.r.leave();
            return Ok(false);
        }
        Ok(true)
    }

    /// Iterates the members of an object, calling `f(self, key)` with the cursor on the
    /// value. `null` is accepted as an empty object.
    fn object(
        &mut self,
        field: &'static str,
        mut f: impl FnMut(&mut Self, RawStr<'a>) -> Result<()>,
    ) -> Result<()> {
        if !self.open_object(field)? {
            return Ok(());
        }
        loop {
            let k = self.r.string()?;
            self.r.expect(b':', "expected ':' after an object key")?;
            f(self, k)?;
            if self.r.close_or_next(b'}')? {
                self.r.leave();
                return Ok(());
            }
        }
    }

    /// A sub-document kept as Go-encoded JSON in struct order (values unchanged).
    fn raw(&mut self, ty: Option<&'static Ty>) -> Result<RawJson> {
        // Usually the member is already compact Go output: one pass checks that (and
        // validates it), and for a typed member also whether Go's typed round trip
        // writes it unchanged; otherwise skip (validating) and re-encode.
        self.r.ws();
        let start = self.r.pos;
        let found = match ty {
            Some(t) => super::canonical::canonical_argo_end(self.r.b, start, t)
                .map(|(end, argo)| (end, argo.then_some(t))),
            None => super::canonical::canonical_end(self.r.b, start, None).map(|end| (end, None)),
        };
        if let Some((end, argo)) = found
            && let Some(text) = self.text(start, end)
        {
            self.r.pos = end;
            return Ok(RawJson::checked(String::from(text), argo));
        }
        let (s, e) = self.r.skip()?;
        RawJson::encode(&self.r.b[s..e], ty)
    }

    /// With the cursor on a member key: the `NodeStatus` field from `from` on that the
    /// key names exactly, matched on its raw bytes without scanning it (see
    /// [`schema::Struct::key_at`]), and the cursor moved past the key.
    #[inline]
    fn known_key(&mut self, from: usize) -> Option<usize> {
        let (i, len) = schema::NODE_STATUS.key_at(self.r.b, self.r.pos, from, false)?;
        self.r.pos += len;
        Some(i)
    }

    fn node(&mut self) -> Result<NodeStatus> {
        let mut n = NodeStatus::default();
        self.node_into(&mut n)?;
        Ok(n)
    }

    /// Reads a node object into `n` (a fresh record, filled where it lies: no copy of the
    /// large struct per node).
    fn node_into(&mut self, n: &mut NodeStatus) -> Result<()> {
        // `object`, with keys in Go's order (the usual case) matched in place.
        if !self.open_object("node")? {
            return Ok(());
        }
        let mut next = 0;
        loop {
            let known = match self.r.peek() {
                Some(b'"') => self.known_key(next),
                _ => None,
            };
            match known {
                Some(i) => {
                    self.r.expect(b':', "expected ':' after an object key")?;
                    next = i + 1;
                    self.field(n, i)?;
                }
                None => {
                    let k = self.r.string()?;
                    self.r.expect(b':', "expected ':' after an object key")?;
                    match k.plain() {
                        Some(key) => self.member(n, key, k)?,
                        None => self.member_slow(n, k)?,
                    }
                }
            }
            if self.r.close_or_next(b'}')? {
                self.r.leave();
                return Ok(());
            }
        }
    }

    fn member_slow(&mut self, n: &mut NodeStatus, k: RawStr<'a>) -> Result<()> {
        let mut v = Vec::new();
        unescape_into(k.raw, &mut v);
        self.member(n, &v, k)
    }

    fn member(&mut self, n: &mut NodeStatus, key: &[u8], k: RawStr<'a>) -> Result<()> {
        let idx = match node_field(key) {
            Some(i) => i,
            None => {
                let name = self.to_string(k);
                let raw = self.raw(None)?;
                // Kept sorted by name; a repeated member keeps its last value.
                match n.unknown.binary_search_by(|(u, _)| u.as_str().cmp(&name)) {
                    Ok(i) => n.unknown[i].1 = raw,
                    Err(i) => n.unknown.insert(i, (name, raw)),
                }
                return Ok(());
            }
        };
        self.field(n, idx)
    }

    /// Reads the value of `NodeStatus` field `idx` into `n`.
    fn field(&mut self, n: &mut NodeStatus, idx: usize) -> Result<()> {
        match idx {
            0 => self.set_string("id", &mut n.id)?,
            1 => self.set_string("name", &mut n.name)?,
            2 => self.set_string("displayName", &mut n.display_name)?,
            3 => self.set_string("type", &mut n.node_type)?,
            4 => self.set_string("templateName", &mut n.template_name)?,
            5 => {
                n.template_ref = if self.is_null()? {
                    None
                } else {
                    let mut t = TemplateRef::default();
                    self.object("templateRef", |d, k| {
                        match k.plain() {
                            Some(b"name") => d.set_string("templateRef.name", &mut t.name)?,
                            Some(b"template") => {
                                d.set_string("templateRef.template", &mut t.template)?
                            }
                            Some(b"clusterScope") => {
                                if !d.is_null()? {
                                    t.cluster_scope = d.boolean("templateRef.clusterScope")?;
                                }
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
            6 => self.set_string("templateScope", &mut n.template_scope)?,
            7 => self.set_string("phase", &mut n.phase)?,
            8 => self.set_string("boundaryID", &mut n.boundary_id)?,
            9 => self.set_string("message", &mut n.message)?,
            10 => n.started_at = self.opt_string("startedAt")?,
            11 => n.finished_at = self.opt_string("finishedAt")?,
            12 => {
                if !self.is_null()? {
                    n.estimated_duration = self.int("estimatedDuration")?;
                }
            }
            13 => self.set_string("progress", &mut n.progress)?,
            14 => {
                let mut m: Vec<(String, i64)> = Vec::new();
                self.object("resourcesDuration", |d, k| {
                    // A null map value is the zero value, as in Go.
                    let v = if d.is_null()? {
                        0
                    } else {
                        d.int("resourcesDuration")?
                    };
                    let k = d.to_string(k);
                    m.retain(|(x, _)| *x != k);
                    m.push((k, v));
                    Ok(())
                })?;
                m.sort_by(|a, b| a.0.cmp(&b.0));
                n.resources_duration = m;
            }
            15 => self.set_string("podIP", &mut n.pod_ip)?,
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
                            Some(b"hooked") => {
                                if !d.is_null()? {
                                    f.hooked = d.boolean("nodeFlag.hooked")?;
                                }
                            }
                            Some(b"retried") => {
                                if !d.is_null()? {
                                    f.retried = d.boolean("nodeFlag.retried")?;
                                }
                            }
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
            22 => self.set_string("hostNodeName", &mut n.host_node_name)?,
            23 => {
                n.memoization_status = if self.is_null()? {
                    None
                } else {
                    let mut m = MemoizationStatus::default();
                    self.object("memoizationStatus", |d, k| {
                        match k.plain() {
                            Some(b"hit") => {
                                if !d.is_null()? {
                                    m.hit = d.boolean("memoizationStatus.hit")?;
                                }
                            }
                            Some(b"key") => d.set_string("memoizationStatus.key", &mut m.key)?,
                            Some(b"cacheName") => {
                                d.set_string("memoizationStatus.cacheName", &mut m.cache_name)?
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
                            Some(b"waiting") => {
                                d.set_string("synchronizationStatus.waiting", &mut w)?
                            }
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
            26 => {
                if !self.is_null()? {
                    n.failed_pod_restarts = self.int("failedPodRestarts")?;
                }
            }
            27 => self.set_string("restartingPodUID", &mut n.restarting_pod_uid)?,
            _ => {
                self.r.skip()?;
            }
        }
        Ok(())
    }
}

/// Decodes one node object (used by the lazy view).
pub(crate) fn node(json: &[u8]) -> Result<NodeStatus> {
    let mut d = D::new(json);
    let n = d.node()?;
    d.r.end()?;
    Ok(n)
}

/// Decodes a whole nodes document.
pub(crate) fn nodes(json: &[u8]) -> Result<Nodes> {
    let mut d = D::new(json);
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
        let id = d.to_string(k);
        map.push((id, NodeStatus::default()));
        if let Some((_, node)) = map.last_mut() {
            d.node_into(node)?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Unknown members keep Go's generic encoding, as Kubernetes reads it: a float -0
    /// becomes `-0`, which reads back as the integer 0 (written `0`); then it is stable.
    /// Known members are a fixed point at once.
    #[test]
    fn negative_zero_in_unknown_members_settles_after_one_round_trip() {
        let n = nodes(br#"{"a":{"id":"a","x":-0e-4,"estimatedDuration":-0}}"#).unwrap();
        let a = n.get("a").unwrap();
        assert_eq!(a.estimated_duration, 0);
        assert_eq!(a.unknown[0].1.as_str(), "-0");
        let again = nodes(&n.to_json()).unwrap();
        assert_eq!(again.get("a").unwrap().unknown[0].1.as_str(), "0");
        assert_eq!(nodes(&again.to_json()).unwrap(), again);
    }

    #[test]
    fn node_field_agrees_with_the_schema() {
        for (i, f) in schema::NODE_STATUS.fields.iter().enumerate() {
            assert_eq!(node_field(f.name.as_bytes()), Some(i), "{}", f.name);
            let upper = f.name.to_ascii_uppercase();
            assert_eq!(
                node_field(upper.as_bytes()),
                schema::NODE_STATUS.field(upper.as_bytes())
            );
        }
        assert_eq!(schema::NODE_STATUS.fields.len(), 28);
        assert_eq!(node_field(b"nope"), None);
    }
}
