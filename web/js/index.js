// wfpack: decode Argo Workflows' node status (inline, gzip, zstd, brotli, offloaded) with
// the same Rust codec the controller-side tools use, compiled to WebAssembly.
//
// This file is the package's public surface. Every function is a thin, typed wrapper over
// one export of a wasm module built from web/src/; errors become `WfpackError` objects with
// a stable numeric `code` (see ErrorCode and docs/npm.md).
//
// Two modules: the decoding core (wfpack_core_bg.wasm: decode, detect, lazy views), loaded
// by init(), and the toolkit (wfpack_tools_bg.wasm: encode, sizes, the offload ladder,
// selectors), loaded by initTools(). A dashboard that only reads workflows never loads
// the toolkit.
import * as wasm from './wfpack_core.js';
import * as toolsWasm from './wfpack_tools.js';

/** Stable numeric error codes. Never renumbered; new codes are only added. */
export const ErrorCode = Object.freeze({
  NOT_INITIALIZED: 100,
  INVALID_ARGUMENT: 101,
  VIEW_FREED: 102,
  BASE64: 200,
  TRUNCATED: 300,
  CORRUPT: 301,
  CHECKSUM: 302,
  TRAILING_DATA: 303,
  LIMIT_EXCEEDED: 310,
  INVALID_JSON: 400,
  INVALID_WORKFLOW: 401,
  INVALID_SELECTOR: 500,
  INVALID_LEVEL: 501,
  INTERNAL: 900,
});

const codeNames = Object.fromEntries(Object.entries(ErrorCode).map(([k, v]) => [v, k]));

/** The one error type the package throws. `code` is stable; `message` is for people. */
export class WfpackError extends Error {
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'WfpackError';
    /** Stable numeric code, one of ErrorCode. */
    this.code = code;
    /** Symbolic name of the code, e.g. "BASE64". */
    this.codeName = codeNames[code] ?? 'INTERNAL';
    /** Argo's own text for the same condition, byte for byte, where Argo has one. */
    this.argoText = details.argoText ?? undefined;
    /** Byte offset in the input the error refers to, where known. */
    this.offset = details.offset ?? undefined;
  }
}

// Errors thrown by the wasm module are plain objects/Errors carrying code, argoText and
// offset (set in web/src/error.rs). Re-throw them as WfpackError.
function rethrow(e) {
  if (e instanceof WfpackError) return e;
  if (e && typeof e === 'object' && typeof e.code === 'number') {
    return new WfpackError(e.code, e.message, {
      argoText: e.argoText ?? undefined,
      offset: e.offset ?? undefined,
    });
  }
  if (e instanceof WebAssembly.RuntimeError) {
    return new WfpackError(ErrorCode.INTERNAL, `wfpack: the wasm module failed (${e.message}); this is a bug, please report it with the input`, { cause: e });
  }
  if (e instanceof TypeError || e instanceof RangeError) {
    return new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: ${e.message}`, { cause: e });
  }
  return new WfpackError(ErrorCode.INTERNAL, String(e && e.message ? e.message : e), { cause: e });
}

function call(f) {
  ensureReady();
  try {
    return f();
  } catch (e) {
    throw rethrow(e);
  }
}

// ---------------------------------------------------------------------------------------
// Initialisation

let ready = false;
let pending = null;
let toolsReady = false;
let toolsPending = null;

function ensureReady() {
  if (!ready) {
    throw new WfpackError(ErrorCode.NOT_INITIALIZED,
      'wfpack: the wasm module is not loaded yet; call `await init()` (or `initSync(bytes)`) once before using the package');
  }
}

function ensureTools() {
  if (!toolsReady) {
    throw new WfpackError(ErrorCode.NOT_INITIALIZED,
      'wfpack: this function needs the toolkit module; call `await initTools()` (or `initToolsSync(bytes)`) once first');
  }
}

function callTools(f) {
  ensureTools();
  try {
    return f();
  } catch (e) {
    throw rethrow(e);
  }
}

/** True once init() or initSync() has loaded the decoding core. */
export function isReady() {
  return ready;
}

/** True once initTools() or initToolsSync() has loaded the toolkit. */
export function isToolsReady() {
  return toolsReady;
}

async function load(glue, input, file) {
  let source = input ?? new URL(file, import.meta.url);
  if (typeof source === 'string' || source instanceof URL) source = fetch(source);
  await glue.default({ module_or_path: await source });
}

// The core's build moves the brotli static dictionary out of its data segment into the
// custom section `wfpack.brotli-dictionary` (address, length, the dictionary as a brotli
// stream without dictionary references: ~7 KB less to download; web/build/dictionary.mjs).
// The core is therefore compiled here, so the section can be read, and the dictionary is
// expanded (a few ms) and written back to its place in linear memory before the first
// input that may be brotli is decoded: gzip and zstd users never pay for it.
const DICTIONARY_SECTION = 'wfpack.brotli-dictionary';
let dictionaryPending = null;

const b64 = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) b64[c.charCodeAt(0)] = i;

// False only when the base64 text surely starts with the zstd or gzip magic (Argo's order;
// `\r`/`\n` skipped as Go does); anything else, even invalid base64, may reach the brotli
// decoder.
function mayBeBrotli(b) {
  let bits = 0, n = 0;
  const head = [];
  for (let i = 0; i < b.length && head.length < 4; i++) {
    if (b[i] === 13 || b[i] === 10) continue;
    const v = b[i] < 128 ? b64[b[i]] : -1;
    if (v < 0) return true;
    bits = (bits << 6) | v;
    n += 6;
    if (n >= 8) { n -= 8; head.push((bits >> n) & 0xff); }
  }
  if (head.length < 4) return true;
  const zstd = head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd;
  return !zstd && !(head[0] === 0x1f && head[1] === 0x8b);
}

function needDictionary(b) {
  if (dictionaryPending !== null && mayBeBrotli(b)) {
    const { module, exports } = dictionaryPending;
    restoreDictionary(module, exports);
    dictionaryPending = null;
  }
}

async function compileCore(source) {
  source = await source;
  if (source instanceof WebAssembly.Module) return source;
  if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw new Error(`failed to fetch Wasm: ${source.status} ${source.statusText} fetching '${source.url}'`);
    if (typeof WebAssembly.compileStreaming === 'function' && source.headers.get('Content-Type') === 'application/wasm') {
      return WebAssembly.compileStreaming(source);
    }
    return WebAssembly.compile(await source.arrayBuffer());
  }
  return WebAssembly.compile(source);
}

function restoreDictionary(module, exports) {
  const [stored] = WebAssembly.Module.customSections(module, DICTIONARY_SECTION);
  if (stored === undefined) return; // a core built with the dictionary left in its data
  const head = new DataView(stored, 0, 8);
  const at = head.getUint32(0, true);
  const length = head.getUint32(4, true);
  const dict = wasm.expandDictionary(new Uint8Array(stored, 8), length);
  if (dict.length !== length) throw new WfpackError(ErrorCode.INTERNAL, 'wfpack: the brotli dictionary in the wasm module is damaged; reinstall the package');
  new Uint8Array(exports.memory.buffer, at, length).set(dict);
  if (!wasm.dictionaryReady()) throw new WfpackError(ErrorCode.INTERNAL, 'wfpack: the brotli dictionary could not be restored in the wasm module; reinstall the package');
}

async function loadCore(input) {
  let source = input ?? new URL('./wfpack_core_bg.wasm', import.meta.url);
  if (typeof source === 'string' || source instanceof URL) source = fetch(source);
  const module = await compileCore(source);
  dictionaryPending = { module, exports: await wasm.default({ module_or_path: module }) };
}

/**
 * Loads the decoding core. With no argument it fetches `wfpack_core_bg.wasm` next to
 * this file (browsers); in Node the package's "node" entry has already loaded it.
 * Accepts a URL, a Response (or a promise of one), bytes, or a compiled
 * WebAssembly.Module. Safe to call more than once.
 */
export async function init(input) {
  if (ready) return;
  if (!pending) {
    pending = loadCore(input).then(() => { ready = true; });
    pending.catch(() => { pending = null; });
  }
  return pending;
}

/** Loads the decoding core synchronously from bytes or a compiled WebAssembly.Module. */
export function initSync(input) {
  if (ready) return;
  if (input == null) {
    throw new WfpackError(ErrorCode.INVALID_ARGUMENT, 'wfpack: initSync needs the wasm bytes or a WebAssembly.Module');
  }
  const module = input instanceof WebAssembly.Module ? input : new WebAssembly.Module(input);
  dictionaryPending = { module, exports: wasm.initSync({ module }) };
  ready = true;
}

/**
 * Loads the toolkit (encodeNodes, measureWorkflow, decideOffload, matchesSelector,
 * offloadVersion, maxWorkflowSize): `wfpack_tools_bg.wasm` next to this file by default,
 * or the given URL, Response, bytes or module. Safe to call more than once.
 */
export async function initTools(input) {
  if (toolsReady) return;
  if (!toolsPending) {
    toolsPending = load(toolsWasm, input, './wfpack_tools_bg.wasm').then(() => { toolsReady = true; });
    toolsPending.catch(() => { toolsPending = null; });
  }
  return toolsPending;
}

/** Loads the toolkit synchronously from bytes or a compiled WebAssembly.Module. */
export function initToolsSync(input) {
  if (toolsReady) return;
  if (input == null) {
    throw new WfpackError(ErrorCode.INVALID_ARGUMENT, 'wfpack: initToolsSync needs the wasm bytes or a WebAssembly.Module');
  }
  toolsWasm.initSync({ module: input });
  toolsReady = true;
}

// ---------------------------------------------------------------------------------------
// Helpers

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function asBytes(input, what) {
  if (typeof input === 'string') return encoder.encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: ${what} must be a string or bytes, got ${describe(input)}`);
}

function asJsonBytes(input, what) {
  if (typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    return asBytes(input, what);
  }
  if (input !== null && typeof input === 'object') return encoder.encode(JSON.stringify(input));
  throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: ${what} must be an object, a JSON string or JSON bytes, got ${describe(input)}`);
}

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? (v.constructor?.name ?? 'an object') : typeof v;
}

const algorithms = ['gzip', 'zstd', 'brotli'];

function algorithmOption(a) {
  if (a === undefined) return 'gzip';
  if (!algorithms.includes(a)) {
    throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: algorithm must be one of gzip, zstd, brotli, got ${JSON.stringify(a)}`);
  }
  return a;
}

function levelOption(l) {
  if (l === undefined || l === null) return undefined;
  if (!Number.isInteger(l)) {
    throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: level must be an integer, got ${JSON.stringify(l)}`);
  }
  return l;
}

function limitOption(opts) {
  const m = opts?.maxOutputBytes;
  if (m === undefined || m === null) return undefined;
  if (!Number.isSafeInteger(m) || m < 0) {
    throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: maxOutputBytes must be a non-negative integer, got ${JSON.stringify(m)}`);
  }
  return m;
}

// ---------------------------------------------------------------------------------------
// Decoding

/**
 * Which algorithm Argo's reader would pick for this compressedNodes string: zstd if the
 * decoded bytes start with the zstd magic, gzip if they start with the gzip magic,
 * otherwise brotli (brotli has no magic).
 */
export function detectAlgorithm(compressedNodes) {
  const b = asBytes(compressedNodes, 'compressedNodes');
  return call(() => wasm.detectAlgorithm(b));
}

/** Decodes compressedNodes to the nodes JSON text (Go's bytes, as Argo compressed them). */
export function decodeNodesJson(compressedNodes, options) {
  const b = asBytes(compressedNodes, 'compressedNodes');
  const limit = limitOption(options);
  const { bytes, algorithm } = call(() => {
    needDictionary(b);
    const d = wasm.decodeNodes(b, limit);
    try {
      return { bytes: d.bytes, algorithm: d.algorithm };
    } finally {
      d.free();
    }
  });
  let json;
  try {
    json = utf8.decode(bytes);
  } catch (e) {
    throw new WfpackError(ErrorCode.INVALID_JSON, 'wfpack: the decoded node status is not UTF-8 text, so it is not the JSON Argo compresses; check how the value was produced', { cause: e });
  }
  return { json, algorithm };
}

/** Decodes compressedNodes (base64 of gzip, zstd or brotli) to the nodes map. */
export function decodeNodes(compressedNodes, options) {
  const { json } = decodeNodesJson(compressedNodes, options);
  return parseNodes(json);
}

function parseNodes(json) {
  let nodes;
  try {
    nodes = JSON.parse(json);
  } catch (e) {
    throw new WfpackError(ErrorCode.INVALID_JSON, `wfpack: the decoded node status is not valid JSON (${e.message}); the workflow's compressedNodes is corrupt`, { cause: e });
  }
  if (nodes === null) return {}; // Argo: "null" unmarshals to an empty map
  if (typeof nodes !== 'object' || Array.isArray(nodes)) {
    throw new WfpackError(ErrorCode.INVALID_JSON, `wfpack: the decoded node status is JSON ${Array.isArray(nodes) ? 'array' : typeof nodes}, not an object of nodes by id`);
  }
  return nodes;
}

function workflowObject(workflow) {
  if (typeof workflow === 'string') {
    try {
      workflow = JSON.parse(workflow);
    } catch (e) {
      throw new WfpackError(ErrorCode.INVALID_JSON, `wfpack: the workflow is not valid JSON (${e.message}); pass the object or \`kubectl get wf NAME -o json\` output`, { cause: e });
    }
  } else if (workflow instanceof Uint8Array) {
    return workflowObject(new TextDecoder().decode(workflow));
  }
  if (workflow === null || typeof workflow !== 'object' || Array.isArray(workflow)) {
    throw new WfpackError(ErrorCode.INVALID_WORKFLOW, `wfpack: a Workflow must be a JSON object, got ${describe(workflow)}`);
  }
  if (workflow.kind !== undefined && workflow.kind !== 'Workflow' && typeof workflow.kind === 'string' && workflow.kind.endsWith('List')) {
    throw new WfpackError(ErrorCode.INVALID_WORKFLOW, `wfpack: this is a ${workflow.kind}; pass one of its items (e.g. list.items[0])`);
  }
  return workflow;
}

function isEmptyMap(m) {
  if (m == null) return true;
  for (const _ in m) return false;
  return true;
}

/**
 * Where a Workflow's nodes live and, unless offloaded, the nodes themselves. Follows
 * Argo's hydrator: inline `status.nodes` win; otherwise a non-empty
 * `status.compressedNodes` is decoded; otherwise `status.offloadNodeStatusVersion` says
 * the nodes are in the offload table (returned as `offloaded`, with the SQL to read them,
 * never as an empty map).
 */
export function decodeWorkflow(workflow, options = {}) {
  ensureReady();
  const wf = workflowObject(workflow);
  const status = wf.status ?? {};
  const nodes = status.nodes;
  if (!isEmptyMap(nodes)) return { source: 'inline', nodes };
  if (typeof status.compressedNodes === 'string' && status.compressedNodes !== '') {
    const { json, algorithm } = decodeNodesJson(status.compressedNodes, options);
    return { source: algorithm, nodes: parseNodes(json) };
  }
  const version = status.offloadNodeStatusVersion;
  if (typeof version === 'string' && version !== '') {
    return { source: 'offloaded', nodes: null, offloaded: offloadRef(wf, version, options) };
  }
  return { source: 'inline', nodes: nodes ?? {} };
}

function sqlString(s) {
  return `'${String(s).replaceAll("'", "''")}'`;
}

function offloadRef(wf, version, options) {
  const table = options.table ?? 'argo_workflows';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: table must be a plain SQL identifier, got ${JSON.stringify(table)}`);
  }
  const clusterName = options.clusterName ?? 'default';
  const uid = wf.metadata?.uid ?? '';
  const namespace = wf.metadata?.namespace ?? '';
  const text = `SELECT nodes FROM ${table} WHERE clustername = $1 AND uid = $2 AND version = $3`;
  return {
    uid,
    version,
    namespace,
    name: wf.metadata?.name ?? '',
    clusterName,
    table,
    sql: `SELECT nodes FROM ${table} WHERE clustername = ${sqlString(clusterName)} AND uid = ${sqlString(uid)} AND version = ${sqlString(version)};`,
    query: { text, values: [clusterName, uid, version] },
  };
}

// ---------------------------------------------------------------------------------------
// Encoding, measuring, deciding

/**
 * Compresses a nodes map the way Argo writes status.compressedNodes: Go-exact JSON,
 * then gzip, zstd or brotli at Argo's level range, then standard base64.
 */
export function encodeNodes(nodes, options = {}) {
  const json = asJsonBytes(nodes, 'nodes');
  const algorithm = algorithmOption(options.algorithm);
  const level = levelOption(options.level);
  return callTools(() => toolsWasm.encodeNodes(json, algorithm, level));
}

/** The offload version Argo records for these nodes: "fnv:" + FNV-1 32 of Go's nodes JSON. */
export function offloadVersion(nodes) {
  const json = asJsonBytes(nodes, 'nodes');
  return callTools(() => toolsWasm.offloadVersion(json));
}

/** Go-exact size of the Workflow as the controller measures it, with a breakdown. */
export function measureWorkflow(workflow) {
  const json = asJsonBytes(workflow, 'workflow');
  return callTools(() => JSON.parse(toolsWasm.measureWorkflow(json)));
}

/**
 * MAX_WORKFLOW_SIZE as the controller reads it: empty, unparsable or 0 means 1048576;
 * negative values are accepted.
 */
export function maxWorkflowSize(env) {
  if (env !== undefined && env !== null && typeof env !== 'string') env = String(env);
  return callTools(() => toolsWasm.maxWorkflowSize(env ?? undefined));
}

/**
 * What the controller does when it persists this Workflow with this MAX_WORKFLOW_SIZE:
 * keep the nodes inline, compress them, or (too large) offload or fail, with Argo's
 * exact messages.
 */
export function decideOffload(workflow, options = {}) {
  const json = asJsonBytes(workflow, 'workflow');
  let max = options.maxWorkflowSize;
  if (max === undefined || max === null) max = 1048576;
  if (typeof max === 'string') max = maxWorkflowSize(max);
  if (!Number.isSafeInteger(max)) {
    throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: maxWorkflowSize must be an integer or the MAX_WORKFLOW_SIZE string, got ${JSON.stringify(options.maxWorkflowSize)}`);
  }
  const algorithm = algorithmOption(options.algorithm);
  const level = levelOption(options.level);
  return callTools(() => JSON.parse(toolsWasm.decideOffload(json, max, algorithm, level)));
}

/**
 * Whether a label set matches a Kubernetes label selector, given as the string syntax
 * ("a=b,c in (d)") or as {matchLabels, matchExpressions}.
 */
export function matchesSelector(selector, labels) {
  const sel = typeof selector === 'string' ? selector : JSON.stringify(selector ?? {});
  const isString = typeof selector === 'string';
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: labels must be an object of string values, got ${describe(labels)}`);
  }
  return callTools(() => toolsWasm.matchesSelector(sel, isString, JSON.stringify(labels)));
}

// ---------------------------------------------------------------------------------------
// Lazy node view

const finalizer = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((inner) => { try { inner.free(); } catch { /* already freed */ } })
  : null;

/**
 * The decoded nodes, kept in wasm memory and indexed; JS gets only what it asks for.
 * Call free() (or use `using`) when done; otherwise memory is reclaimed by the GC.
 */
export class NodeView {
  #inner;
  #algorithm;

  /** @internal use openNodes() / openNodesJson() */
  constructor(inner, algorithm) {
    this.#inner = inner;
    this.#algorithm = algorithm;
    finalizer?.register(this, inner, this);
  }

  #view() {
    if (!this.#inner) throw new WfpackError(ErrorCode.VIEW_FREED, 'wfpack: this NodeView was freed; open the nodes again');
    return this.#inner;
  }

  /** 'gzip' | 'zstd' | 'brotli' for compressed input, null for plain JSON. */
  get algorithm() { return this.#algorithm; }

  /** Number of nodes. */
  get count() { return call(() => this.#view().count()); }

  /** Length in bytes of the decoded nodes JSON. */
  get byteLength() { return call(() => this.#view().byteLength()); }

  /** Every node id, sorted. */
  ids() { return call(() => this.#view().ids()); }

  /** Whether a node with this id exists. */
  has(id) { return call(() => this.#view().has(String(id))); }

  /** The node with this id as a plain object, or undefined. */
  get(id) {
    const json = call(() => this.#view().get(String(id)));
    return json === undefined ? undefined : JSON.parse(json);
  }

  /** The node's `children` ids (empty if none), or undefined if there is no such node. */
  children(id) { return call(() => this.#view().children(String(id))); }

  /** Ids of nodes that are nobody's child (the workflow's root node comes first). */
  roots() { return call(() => this.#view().roots()); }

  /**
   * Ids of the nodes matching every given criterion: `phase` and `type` compare exactly
   * (a string or an array of strings), `name` is a substring of the node's name or
   * displayName.
   */
  filter(criteria = {}) {
    const list = (v, what) => {
      if (v === undefined || v === null) return undefined;
      const a = Array.isArray(v) ? v : [v];
      if (!a.every((s) => typeof s === 'string')) {
        throw new WfpackError(ErrorCode.INVALID_ARGUMENT, `wfpack: filter ${what} must be a string or an array of strings`);
      }
      return a;
    };
    const phase = list(criteria.phase, 'phase');
    const type = list(criteria.type, 'type');
    const name = criteria.name;
    if (name !== undefined && typeof name !== 'string') {
      throw new WfpackError(ErrorCode.INVALID_ARGUMENT, 'wfpack: filter name must be a string');
    }
    return call(() => this.#view().filter(phase, type, name));
  }

  /** Number of nodes per phase, e.g. { Succeeded: 4998, Failed: 2 }. */
  phaseCounts() { return call(() => JSON.parse(this.#view().phaseCounts())); }

  /** The whole nodes JSON text (as decoded). */
  toJSONString() { return call(() => this.#view().json()); }

  /** Releases the wasm memory now. The view cannot be used afterwards. */
  free() {
    if (this.#inner) {
      finalizer?.unregister(this);
      this.#inner.free();
      this.#inner = null;
    }
  }

  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() { this.free(); }
}

/** Decodes compressedNodes into a lazy NodeView (nothing is turned into JS objects yet). */
export function openNodes(compressedNodes, options) {
  const b = asBytes(compressedNodes, 'compressedNodes');
  const limit = limitOption(options);
  const inner = call(() => {
    needDictionary(b);
    return wasm.NodesView.fromCompressed(b, limit);
  });
  return new NodeView(inner, inner.algorithm ?? null);
}

/** Indexes a nodes JSON text (or bytes) into a lazy NodeView. */
export function openNodesJson(nodesJson) {
  const b = asJsonBytes(nodesJson, 'nodes JSON');
  const inner = call(() => wasm.NodesView.fromJson(b));
  return new NodeView(inner, null);
}

/**
 * Opens a Workflow's nodes lazily, wherever they are: inline nodes, or compressedNodes
 * decoded straight into wasm memory. For an offloaded workflow returns
 * { source: 'offloaded', view: null, offloaded }.
 */
export function openWorkflow(workflow, options = {}) {
  ensureReady();
  const wf = workflowObject(workflow);
  const status = wf.status ?? {};
  if (!isEmptyMap(status.nodes)) {
    return { source: 'inline', view: openNodesJson(JSON.stringify(status.nodes)) };
  }
  if (typeof status.compressedNodes === 'string' && status.compressedNodes !== '') {
    const view = openNodes(status.compressedNodes, options);
    return { source: view.algorithm, view };
  }
  const version = status.offloadNodeStatusVersion;
  if (typeof version === 'string' && version !== '') {
    return { source: 'offloaded', view: null, offloaded: offloadRef(wf, version, options) };
  }
  return { source: 'inline', view: openNodesJson('{}') };
}
