// The workflow vectors through the npm package: decodeWorkflow for inline, compressed and
// offloaded workflows, Go-exact sizes, the offload version, Argo's keep/compress/too-large
// ladder, round trips of encodeNodes for the three algorithms and the lazy NodeView.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as wfpack from '../../dist/node.js';
import { cases, file, sha256, text } from './vectors.js';

const { decodeWorkflow, decodeNodes, decodeNodesJson, encodeNodes, measureWorkflow, decideOffload, offloadVersion, openNodes, openWorkflow, ErrorCode } = wfpack;

for (const c of cases('workflow')) {
  const f = c.files;
  const nodesJson = text(f.nodes_typed.path);
  const nodes = JSON.parse(nodesJson);

  test(`${c.id}: every compressedNodes file decodes to nodes.json`, () => {
    for (const alg of ['gzip', 'zstd', 'brotli']) {
      const got = decodeNodesJson(text(f[`compressed_nodes_${alg}_b64`].path));
      assert.equal(got.algorithm, alg);
      assert.equal(sha256(Buffer.from(got.json)), f.nodes_typed.sha256);
    }
  });

  test(`${c.id}: decodeWorkflow says where the nodes are`, () => {
    const inline = decodeWorkflow(text(f.workflow_generic.path));
    assert.equal(inline.source, 'inline');
    assert.deepEqual(inline.nodes, nodes);

    const packed = JSON.parse(text(f.workflow_compressed_generic.path));
    const fromObject = decodeWorkflow(packed);
    assert.equal(fromObject.source, 'gzip');
    assert.deepEqual(fromObject.nodes, nodes);
    assert.deepEqual(decodeWorkflow(file(f.workflow_compressed_typed.path)).nodes, nodes);

    for (const alg of ['zstd', 'brotli']) {
      const wf = structuredClone(packed);
      wf.status.compressedNodes = text(f[`compressed_nodes_${alg}_b64`].path);
      const r = decodeWorkflow(wf);
      assert.equal(r.source, alg);
      assert.equal(Object.keys(r.nodes).length, Object.keys(nodes).length);
    }

    // Offloaded: never an empty map, but where to read the nodes.
    const off = structuredClone(packed);
    delete off.status.compressedNodes;
    off.status.offloadNodeStatusVersion = c.offload_version;
    off.metadata.uid = "8d1a'-uid";
    const r = decodeWorkflow(off, { clusterName: 'prod' });
    assert.equal(r.source, 'offloaded');
    assert.equal(r.nodes, null);
    assert.equal(r.offloaded.uid, "8d1a'-uid");
    assert.equal(r.offloaded.version, c.offload_version);
    assert.equal(r.offloaded.namespace, packed.metadata.namespace);
    assert.equal(r.offloaded.sql, `SELECT nodes FROM argo_workflows WHERE clustername = 'prod' AND uid = '8d1a''-uid' AND version = '${c.offload_version}';`);
    assert.deepEqual(r.offloaded.query.values, ['prod', "8d1a'-uid", c.offload_version]);
    const o = openWorkflow(off);
    assert.equal(o.source, 'offloaded');
    assert.equal(o.view, null);
  });

  test(`${c.id}: Go-exact sizes and the offload version`, () => {
    const m = measureWorkflow(text(f.workflow_generic.path));
    assert.equal(m.size, c.lengths.workflow_json);
    assert.equal(measureWorkflow(JSON.parse(text(f.workflow_typed.path))).size, c.lengths.workflow_json);
    assert.equal(measureWorkflow(text(f.workflow_compressed_generic.path)).size, c.lengths.workflow_compressed_json);
    assert.ok(Array.isArray(m.breakdown) && m.breakdown.length > 0);
    assert.equal(m.breakdown.reduce((s, p) => s + p.bytes, 0), m.size, 'the breakdown adds up to the size');
    assert.equal(offloadVersion(nodesJson), c.offload_version);
    assert.equal(offloadVersion(nodes), c.offload_version, 'objects are re-encoded the way Go writes them');
  });

  test(`${c.id}: decideOffload follows Argo's ladder`, () => {
    const wf = text(f.workflow_generic.path);
    for (const d of c.decisions) {
      const got = decideOffload(wf, { maxWorkflowSize: d.max_size });
      assert.equal(got.workflowSize, d.workflow_size, `size at max ${d.max_size}`);
      if (d.compressor_sensitive) continue;
      assert.equal(got.outcome, d.outcome, `outcome at max ${d.max_size}`);
      if (d.outcome === 'too_large') {
        assert.match(got.message, /^workflow is longer than maximum allowed size\. compressed size \d+ > maxSize \d+$/);
        assert.ok(got.message.endsWith(` > maxSize ${d.max_size}`));
        assert.equal(got.statusMessageOffloadDisabled, `${got.message}Tried to offload but encountered error: offload node status is not supported`);
        assert.equal(got.offloadVersion, d.offload_version_if_enabled);
      }
    }
    assert.equal(decideOffload(wf, { maxWorkflowSize: 'junk' }).maxWorkflowSize, 1048576);
    assert.equal(decideOffload(wf, { maxWorkflowSize: '-1' }).outcome !== 'keep', true);
  });

  test(`${c.id}: encodeNodes round-trips with every algorithm`, () => {
    for (const algorithm of ['gzip', 'zstd', 'brotli']) {
      const b64 = encodeNodes(nodes, { algorithm, level: algorithm === 'brotli' ? 4 : undefined });
      const back = decodeNodesJson(b64);
      assert.equal(back.algorithm, algorithm);
      assert.equal(back.json, nodesJson, 'objects are written in Go struct order');
    }
    assert.ok(encodeNodes(nodesJson).startsWith('H4sIAAAJbogA/'), "gzip output has Argo's default writer's header");
    assert.throws(() => encodeNodes(nodes, { algorithm: 'zstd', level: 9 }), (e) => e.code === ErrorCode.INVALID_LEVEL);
    assert.throws(() => encodeNodes(nodes, { algorithm: 'lz4' }), (e) => e.code === ErrorCode.INVALID_ARGUMENT);
  });

  test(`${c.id}: the lazy view answers count, get, children and filters`, () => {
    const view = openNodes(text(f.compressed_nodes_gzip_b64.path));
    try {
      const ids = Object.keys(nodes).sort();
      assert.equal(view.count, ids.length);
      assert.deepEqual(view.ids(), ids);
      for (const id of [ids[0], ids[ids.length >> 1], ids[ids.length - 1]]) {
        assert.deepEqual(view.get(id), nodes[id]);
        assert.deepEqual(view.children(id), nodes[id].children ?? []);
        assert.equal(view.has(id), true);
      }
      assert.equal(view.get('no-such-node'), undefined);
      assert.equal(view.children('no-such-node'), undefined);
      const byPhase = (p) => ids.filter((id) => nodes[id].phase === p);
      for (const p of ['Succeeded', 'Failed', 'Skipped', 'Error']) assert.deepEqual(view.filter({ phase: p }), byPhase(p));
      assert.deepEqual(view.filter({ type: 'Pod' }), ids.filter((id) => nodes[id].type === 'Pod'));
      assert.deepEqual(view.filter({ phase: ['Succeeded', 'Skipped'], type: 'Plugin' }),
        ids.filter((id) => ['Succeeded', 'Skipped'].includes(nodes[id].phase) && nodes[id].type === 'Plugin'));
      const needle = nodes[ids[1]].displayName.slice(0, 6);
      assert.deepEqual(view.filter({ name: needle }),
        ids.filter((id) => nodes[id].name.includes(needle) || (nodes[id].displayName ?? '').includes(needle)));
      const counts = {};
      for (const id of ids) counts[nodes[id].phase ?? ''] = (counts[nodes[id].phase ?? ''] ?? 0) + 1;
      assert.deepEqual(view.phaseCounts(), counts);
      const childSet = new Set(ids.flatMap((id) => nodes[id].children ?? []));
      assert.deepEqual([...view.roots()].sort(), ids.filter((id) => !childSet.has(id)));
    } finally {
      view.free();
    }
    assert.throws(() => view.count, (e) => e.code === ErrorCode.VIEW_FREED);
  });
}

for (const c of cases('workflow-minimal')) {
  test(`${c.id}: Argo's packer fixtures`, () => {
    const wf = c.extra.workflow_typed_json;
    assert.equal(measureWorkflow(wf).size, c.lengths.workflow_json);
    assert.equal(measureWorkflow(c.extra.workflow_compressed_typed_json).size, c.lengths.workflow_compressed_json);
    assert.equal(offloadVersion(c.extra.nodes_typed_json), c.offload_version);
    for (const alg of ['gzip', 'zstd', 'brotli']) {
      assert.equal(decodeNodesJson(c.extra[`compressed_nodes_${alg}_b64`]).json, c.extra.nodes_typed_json);
    }
    for (const d of c.decisions) {
      const got = decideOffload(wf, { maxWorkflowSize: d.max_size });
      assert.equal(got.workflowSize, d.workflow_size);
      if (!d.compressor_sensitive) assert.equal(got.outcome, d.outcome);
    }
    const r = decodeWorkflow(c.extra.workflow_compressed_typed_json);
    assert.equal(r.source, 'gzip');
    assert.deepEqual(r.nodes, JSON.parse(c.extra.nodes_typed_json));
  });
}
