// The package's contract beyond the vectors: initialisation, argument checking, error
// objects and codes, selectors, MAX_WORKFLOW_SIZE parsing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import * as browserEntry from '../../dist/index.js';

const { ErrorCode, WfpackError } = browserEntry;

test('the browser entry refuses calls before init(), then works after init(bytes)', async () => {
  assert.equal(browserEntry.isReady(), false);
  assert.throws(() => browserEntry.detectAlgorithm('H4sI'), (e) => e instanceof WfpackError && e.code === ErrorCode.NOT_INITIALIZED && /init\(\)/.test(e.message));
  const bytes = readFileSync(new URL('../../dist/wfpack_core_bg.wasm', import.meta.url));
  await browserEntry.init(bytes);
  await browserEntry.init(); // idempotent
  assert.equal(browserEntry.isReady(), true);
  assert.equal(browserEntry.detectAlgorithm('H4sIAAAAAAAA/w=='), 'gzip');
  // The core's brotli dictionary is restored on the first input that may be brotli.
  const json = JSON.stringify({ a: { id: 'a', name: 'timedownlifeleftbackcodedatashowonlysitecity', message: 'the following are not available' } });
  const gz = gzipSync(json).toString('base64');
  const br = brotliCompressSync(json, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
  assert.equal(browserEntry.decodeNodesJson(gz).json, json);
  assert.deepEqual(browserEntry.decodeNodesJson(br), { json, algorithm: 'brotli' });
  assert.deepEqual(browserEntry.openNodes(br).get('a'), JSON.parse(json).a);
  assert.equal(browserEntry.decodeWorkflow({ status: { offloadNodeStatusVersion: 'fnv:1' } }).source, 'offloaded');
  // The toolkit is a second module, loaded on demand.
  assert.equal(browserEntry.isToolsReady(), false);
  assert.throws(() => browserEntry.encodeNodes({}), (e) => e.code === ErrorCode.NOT_INITIALIZED && /initTools\(\)/.test(e.message));
  await browserEntry.initTools(readFileSync(new URL('../../dist/wfpack_tools_bg.wasm', import.meta.url)));
  assert.equal(browserEntry.isToolsReady(), true);
  assert.equal(browserEntry.detectAlgorithm(browserEntry.encodeNodes({}, { algorithm: 'zstd' })), 'zstd');
});

test('error codes are stable numbers and errors are Error objects', async () => {
  const w = await import('../../dist/node.js');
  assert.deepEqual({ ...w.ErrorCode }, {
    NOT_INITIALIZED: 100, INVALID_ARGUMENT: 101, VIEW_FREED: 102, BASE64: 200, TRUNCATED: 300, CORRUPT: 301,
    CHECKSUM: 302, TRAILING_DATA: 303, LIMIT_EXCEEDED: 310, INVALID_JSON: 400, INVALID_WORKFLOW: 401,
    INVALID_SELECTOR: 500, INVALID_LEVEL: 501, INTERNAL: 900,
  });
  const e = (() => { try { w.decodeNodes('H4sIAAAAAA!A/8xW'); } catch (x) { return x; } })();
  assert.ok(e instanceof Error && e instanceof w.WfpackError);
  assert.equal(e.name, 'WfpackError');
  assert.equal(e.code, 200);
  assert.equal(e.codeName, 'BASE64');
  assert.equal(e.argoText, 'illegal base64 data at input byte 10');
  assert.equal(e.offset, 10);
});

test('arguments are checked', async () => {
  const w = await import('../../dist/node.js');
  const bad = (f) => assert.throws(f, (e) => e.code === ErrorCode.INVALID_ARGUMENT, String(f));
  bad(() => w.decodeNodes(42));
  bad(() => w.decodeNodes('H4sI', { maxOutputBytes: -1 }));
  bad(() => w.encodeNodes({}, { level: 1.5 }));
  bad(() => w.decideOffload({}, { maxWorkflowSize: 1.5 }));
  bad(() => w.matchesSelector('a=b', null));
  bad(() => w.decodeWorkflow({ status: { offloadNodeStatusVersion: 'fnv:1' } }, { table: 'x; drop table y' }));
  assert.throws(() => w.decodeWorkflow('{nope'), (e) => e.code === ErrorCode.INVALID_JSON);
  assert.throws(() => w.decodeWorkflow([]), (e) => e.code === ErrorCode.INVALID_WORKFLOW);
  assert.throws(() => w.decodeWorkflow({ kind: 'WorkflowList', items: [] }), (e) => e.code === ErrorCode.INVALID_WORKFLOW && /items/.test(e.message));
  assert.throws(() => w.decodeWorkflow({ status: { compressedNodes: 'not base64!' } }), (e) => e.code === ErrorCode.BASE64);
});

test('decodeWorkflow follows the hydrator: inline nodes win, empty status is inline and empty', async () => {
  const w = await import('../../dist/node.js');
  assert.deepEqual(w.decodeWorkflow({ status: {} }), { source: 'inline', nodes: {} });
  assert.deepEqual(w.decodeWorkflow({}), { source: 'inline', nodes: {} });
  const nodes = { a: { id: 'a', name: 'a', type: 'Pod', startedAt: null, finishedAt: null } };
  // Both set: Argo does nothing, the inline nodes stand.
  assert.deepEqual(w.decodeWorkflow({ status: { nodes, compressedNodes: 'garbage' } }), { source: 'inline', nodes });
  // Empty nodes and compressedNodes: decode.
  const b64 = w.encodeNodes(nodes, { algorithm: 'zstd' });
  assert.equal(w.decodeWorkflow({ status: { nodes: {}, compressedNodes: b64 } }).source, 'zstd');
});

test('label selectors: string syntax and LabelSelector objects', async () => {
  const w = await import('../../dist/node.js');
  const labels = { team: 'a', 'workflows.argoproj.io/phase': 'Succeeded' };
  assert.equal(w.matchesSelector('team in (a,b)', labels), true);
  assert.equal(w.matchesSelector('team in (a,b),!skip', labels), true);
  assert.equal(w.matchesSelector('team notin (a)', labels), false);
  assert.equal(w.matchesSelector('', labels), true);
  assert.equal(w.matchesSelector({ matchLabels: { team: 'a' } }, labels), true);
  assert.equal(w.matchesSelector({ matchExpressions: [{ key: 'team', operator: 'In', values: ['b'] }] }, labels), false);
  assert.throws(() => w.matchesSelector('team in (a', labels), (e) => e.code === ErrorCode.INVALID_SELECTOR);
});

test('MAX_WORKFLOW_SIZE is parsed as Argo parses it', async () => {
  const w = await import('../../dist/node.js');
  assert.equal(w.maxWorkflowSize(), 1048576);
  assert.equal(w.maxWorkflowSize(''), 1048576);
  assert.equal(w.maxWorkflowSize('0'), 1048576);
  assert.equal(w.maxWorkflowSize('2Mi'), 1048576);
  assert.equal(w.maxWorkflowSize('2048'), 2048);
  assert.equal(w.maxWorkflowSize('-5'), -5);
});

test('a NodeView frees its memory and rejects use after free', async () => {
  const w = await import('../../dist/node.js');
  const v = w.openNodesJson({ a: { id: 'a', name: 'wf', type: 'Steps', phase: 'Failed', children: ['b'], startedAt: null, finishedAt: null }, b: { id: 'b', name: 'wf[0]', type: 'Pod', phase: 'Succeeded', startedAt: null, finishedAt: null } });
  assert.equal(v.count, 2);
  assert.equal(v.algorithm, null);
  assert.deepEqual(v.roots(), ['a']);
  assert.deepEqual(v.filter({ phase: 'Failed' }), ['a']);
  assert.deepEqual(v.filter({ name: 'wf[' }), ['b']);
  v.free();
  v.free();
  assert.throws(() => v.ids(), (e) => e.code === ErrorCode.VIEW_FREED);
  assert.throws(() => w.openNodesJson('[1,2]'), (e) => e.code === ErrorCode.INVALID_JSON || e.code === ErrorCode.INVALID_WORKFLOW);
});
