// The wfpack devtools page. Bundled by web/build/devtools.mjs into one HTML file with the
// wasm module inline; it makes no network request (the page's CSP forbids it).
import {
  init, initTools, openWorkflow, openNodes, measureWorkflow, decideOffload, maxWorkflowSize, WfpackError,
} from 'wfpack';
import { load as loadYaml } from 'js-yaml';

const $ = (id) => document.getElementById(id);
const ROW_H = 24;
const FAILED = ['Failed', 'Error'];

const state = {
  workflow: null, // the Workflow object (null for a bare compressedNodes string)
  view: null, // NodeView
  source: '',
  rows: [], // flattened visible tree: { id, depth, open }
  failed: new Set(),
  cache: new Map(),
  selected: null,
  hydratedJson: null, // workflow JSON with nodes inline, for the controller's decision
  items: [],
};

// ---------------------------------------------------------------------------------------
// Formatting

const fmtBytes = (n) => {
  if (!Number.isFinite(n)) return '?';
  const a = Math.abs(n);
  if (a >= 1048576) return `${(n / 1048576).toFixed(2)} MiB`;
  if (a >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
};
const fmtInt = (n) => n.toLocaleString('en-US');

function duration(node) {
  if (!node || !node.startedAt) return '';
  const start = Date.parse(node.startedAt);
  const end = node.finishedAt ? Date.parse(node.finishedAt) : Date.now();
  if (!Number.isFinite(start) || !Number.isFinite(end)) return '';
  let s = Math.max(0, Math.round((end - start) / 1000));
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const txt = h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
  return node.finishedAt ? txt : `${txt}…`;
}

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function setStatus(msg) { $('status').textContent = msg; }

function showError(e) {
  const box = $('error');
  box.hidden = false;
  const code = e instanceof WfpackError ? ` [${e.codeName} ${e.code}]` : '';
  box.textContent = `${e.message}${code}${e.argoText && e.argoText !== e.message ? `\nArgo reports: ${e.argoText}` : ''}`;
}

// ---------------------------------------------------------------------------------------
// Input

const BASE64 = /^[A-Za-z0-9+/=\r\n]+$/;

function parseInput(text) {
  const t = text.trim();
  if (t === '') throw new Error('Nothing to decode: paste a Workflow or a compressedNodes string.');
  if (t[0] === '{' || t[0] === '[') return { kind: 'object', value: JSON.parse(t) };
  if (BASE64.test(t) && !t.includes(':')) return { kind: 'compressed', value: t };
  const value = loadYaml(t, { json: true });
  // A bare scalar (e.g. base64 with a stray character) is a compressedNodes attempt.
  if (typeof value === 'string') return { kind: 'compressed', value };
  return { kind: 'object', value };
}

function workflowsIn(obj) {
  if (Array.isArray(obj)) return obj;
  if (obj && Array.isArray(obj.items)) return obj.items;
  return [obj];
}

function looksLikeNodes(obj) {
  if (!obj || typeof obj !== 'object' || obj.status || obj.kind) return false;
  const first = Object.values(obj)[0];
  return !!first && typeof first === 'object' && 'id' in first && 'type' in first;
}

function load(text) {
  $('error').hidden = true;
  const t0 = performance.now();
  let parsed;
  try {
    parsed = parseInput(text);
  } catch (e) {
    showError(new Error(`Could not read the input as JSON, YAML or base64: ${e.message}`));
    return;
  }
  if (parsed.kind === 'compressed') {
    show({ workflow: null, compressed: parsed.value }, t0);
    return;
  }
  const obj = parsed.value;
  if (looksLikeNodes(obj)) {
    show({ workflow: { kind: 'Workflow', metadata: { name: '(nodes only)' }, status: { nodes: obj } }, nodesOnly: true }, t0);
    return;
  }
  const items = workflowsIn(obj);
  state.items = items;
  const sel = $('item');
  sel.replaceChildren(...items.map((w, i) => el('option', { value: String(i), text: `${w?.metadata?.namespace ?? ''}/${w?.metadata?.name ?? `item ${i}`}` })));
  sel.hidden = items.length < 2;
  if (items.length === 0) { showError(new Error('The list has no items.')); return; }
  show({ workflow: items[0] }, t0);
}

// ---------------------------------------------------------------------------------------
// Showing a workflow

function freeView() {
  state.view?.free();
  state.view = null;
  state.cache.clear();
}

function show({ workflow, compressed, nodesOnly }, t0) {
  freeView();
  state.workflow = workflow;
  state.selected = null;
  $('node-detail').hidden = true;
  let offloaded = null;
  try {
    if (compressed !== undefined) {
      state.view = openNodes(compressed);
      state.source = state.view.algorithm;
    } else {
      const r = openWorkflow(workflow);
      state.view = r.view;
      state.source = r.source;
      offloaded = r.offloaded ?? null;
    }
  } catch (e) {
    showError(e);
    $('result').hidden = true;
    return;
  }
  const t1 = performance.now();
  $('result').hidden = false;
  const meta = workflow?.metadata ?? {};
  $('wf-name').textContent = workflow ? `${meta.namespace ? `${meta.namespace}/` : ''}${meta.name ?? '?'}` : '(bare compressedNodes)';
  const st = workflow?.status ?? {};
  $('wf-phase').textContent = st.phase ?? '';
  $('wf-phase').className = `p-${st.phase ?? ''}`;
  $('wf-duration').textContent = duration(st);
  const badge = $('source');
  badge.textContent = state.source;
  badge.className = `badge ${state.source}`;
  $('decode-time').textContent = `${(t1 - t0).toFixed(0)} ms`;

  $('offloaded').hidden = !offloaded;
  if (offloaded) {
    $('off-uid').textContent = offloaded.uid;
    $('off-version').textContent = offloaded.version;
    $('off-namespace').textContent = offloaded.namespace;
    $('off-sql').textContent = offloaded.sql;
  }

  const view = state.view;
  $('node-count').textContent = view ? fmtInt(view.count) : 'in the offload table';
  const phases = $('phases');
  phases.replaceChildren();
  if (view) {
    const counts = view.phaseCounts();
    const order = ['Failed', 'Error', 'Running', 'Pending', 'Succeeded', 'Skipped', 'Omitted'];
    const keys = Object.keys(counts).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
    for (const k of keys) phases.append(el('span', { class: `chip p-${k}`, text: `${k || '(none)'} ${fmtInt(counts[k])}` }));
  }
  state.failed = new Set(view ? view.filter({ phase: FAILED }) : []);
  renderFailed();
  buildRows();
  renderTree(true);
  state.hydratedJson = null;
  if (workflow && !nodesOnly) state.hydratedJson = hydratedJson(workflow, compressed);
  else if (workflow && nodesOnly) state.hydratedJson = JSON.stringify(workflow);
  setStatus(`${view ? fmtInt(view.count) : 0} nodes from ${state.source} in ${(t1 - t0).toFixed(0)} ms`);
  // The size chart and the decision compress the nodes: do it after the first paint.
  setTimeout(renderSize, 0);
}

// The workflow with its nodes inline, as the controller sees it before persisting.
function hydratedJson(workflow) {
  const st = workflow.status ?? {};
  if (state.source === 'inline' || state.source === 'offloaded' || !state.view) return JSON.stringify(workflow);
  const marker = '\u0000wfpack-nodes\u0000';
  const copy = { ...workflow, status: { ...st, nodes: marker } };
  delete copy.status.compressedNodes;
  const text = JSON.stringify(copy);
  const at = text.indexOf(JSON.stringify(marker));
  return text.slice(0, at) + state.view.toJSONString() + text.slice(at + JSON.stringify(marker).length);
}

// ---------------------------------------------------------------------------------------
// Size chart and the controller's decision

let sizeTimer = 0;
function renderSize() {
  clearTimeout(sizeTimer);
  const chart = $('size-chart');
  const env = $('max-size').value;
  const max = maxWorkflowSize(env);
  const algorithm = $('algorithm').value;
  const bars = [];
  const decision = $('decision');
  const msg = $('decision-message');
  msg.hidden = true;
  if (!state.workflow) {
    chart.replaceChildren(el('p', { text: 'Paste the whole Workflow to see its size and what the controller does with it.' }));
    decision.textContent = state.view ? `decoded nodes JSON: ${fmtBytes(state.view.byteLength)}` : '';
    return;
  }
  try {
    const asIs = measureWorkflow(state.workflow);
    bars.push({ label: 'as stored', size: asIs.size, parts: asIs.breakdown });
    let d = null;
    let why = asIs;
    if (state.hydratedJson) {
      const hyd = state.source === 'inline' ? asIs : measureWorkflow(state.hydratedJson);
      why = hyd;
      if (state.source !== 'inline') bars.push({ label: 'nodes inline', size: hyd.size, parts: hyd.breakdown });
      d = decideOffload(state.hydratedJson, { maxWorkflowSize: max, algorithm });
      if (d.compressedWorkflowSize !== undefined) {
        bars.push({ label: `${algorithm}`, size: d.compressedWorkflowSize, parts: [] });
      }
    }
    drawChart(chart, bars, max);
    renderWhy(why);
    if (d) {
      const what = {
        keep: 'keeps the nodes inline (status.nodes)',
        compress: `compresses the nodes into status.compressedNodes (${algorithm})`,
        too_large: 'cannot fit even compressed: it offloads the nodes to the database, or marks the workflow Error if offloading is disabled',
      }[d.outcome] ?? d.outcome;
      decision.replaceChildren(
        document.createTextNode(`With MAX_WORKFLOW_SIZE ${fmtInt(max)}${env.trim() === String(max) ? '' : ` (from "${env}")`} the controller `),
        el('span', { class: `outcome ${d.outcome}`, id: 'outcome', text: d.outcome }),
        document.createTextNode(`: ${what}.`),
      );
      if (d.outcome === 'too_large') {
        msg.hidden = false;
        msg.textContent = [d.message, d.statusMessageOffloadDisabled && `status.message with offload disabled:\n${d.statusMessageOffloadDisabled}`,
          d.offloadVersion && `offload version: ${d.offloadVersion}`].filter(Boolean).join('\n\n');
      }
    } else {
      decision.textContent = 'The nodes are offloaded: the decision needs them inline.';
    }
  } catch (e) {
    decision.textContent = `Could not measure this workflow: ${e.message}`;
  }
}

// Where the nodes' bytes go: members summed over all nodes, and the largest nodes.
function renderWhy(m) {
  const box = $('why');
  box.hidden = !(m.nodeFields?.length || m.largestNodes?.length);
  const pct = (n) => (m.size > 0 ? `${((100 * n) / m.size).toFixed(1)}%` : '');
  $('why-fields').replaceChildren(...(m.nodeFields ?? []).slice(0, 8).map((f) => el('tr', {},
    el('td', { text: f.field }), el('td', { class: 'num', text: fmtBytes(f.bytes) }), el('td', { class: 'num', text: pct(f.bytes) }),
    el('td', { class: 'num', text: `${fmtInt(f.nodes)} nodes` }))));
  $('why-nodes').replaceChildren(...(m.largestNodes ?? []).slice(0, 8).map((n) => {
    const tr = el('tr', { class: 'link', 'data-id': n.id },
      el('td', { text: n.name || n.id }), el('td', { class: 'num', text: fmtBytes(n.bytes) }), el('td', { class: 'num', text: pct(n.bytes) }));
    tr.addEventListener('click', () => { if (state.view?.has(n.id)) selectNode(n.id); });
    return tr;
  }));
}

function drawChart(container, bars, max) {
  const W = 420, left = 86, right = 8, barH = 20, gap = 24, top = 20;
  const H = top + bars.length * (barH + gap) + 8;
  const scaleMax = Math.max(max, ...bars.map((b) => b.size)) * 1.08;
  const x = (v) => left + (Math.max(0, v) / scaleMax) * (W - left - right);
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'workflow size breakdown against MAX_WORKFLOW_SIZE', id: 'size-svg' });
  const names = [];
  bars.forEach((b, i) => {
    const y = top + i * (barH + gap);
    s.append(svg('text', { x: 0, y: y + barH / 2 + 4 }, b.label));
    let at = 0;
    // Members under 2% of the bar are drawn as one "other" segment.
    const all = b.parts?.length ? b.parts : [{ path: b.label, bytes: b.size }];
    const parts = all.filter((p) => p.bytes >= b.size * 0.02);
    const rest = all.filter((p) => p.bytes < b.size * 0.02).reduce((n, p) => n + p.bytes, 0);
    if (rest > 0) parts.push({ path: 'other', bytes: rest });
    for (const p of parts) {
      let k = names.indexOf(p.path);
      if (k < 0) { names.push(p.path); k = names.length - 1; }
      const r = svg('rect', { x: x(at), y, width: Math.max(0.5, x(at + p.bytes) - x(at)), height: barH, class: `bar seg-${k % 8}` });
      r.append(svg('title', {}, `${p.path}: ${fmtInt(p.bytes)} bytes`));
      s.append(r);
      at += p.bytes;
    }
    s.append(svg('text', { x: left, y: y + barH + 14 }, `${fmtBytes(b.size)} (${fmtInt(b.size)} bytes)`));
  });
  if (max > 0) {
    s.append(svg('line', { x1: x(max), x2: x(max), y1: 4, y2: H - 2, class: 'limit', id: 'limit-line' }));
    const label = `limit ${fmtBytes(max)}`;
    s.append(svg('text', { x: x(max) > W - 110 ? x(max) - 4 : x(max) + 4, y: 13, class: 'limit-label', 'text-anchor': x(max) > W - 110 ? 'end' : 'start' }, label));
  }
  const legend = el('div', { class: 'legend' });
  names.forEach((n, k) => legend.append(el('span', {}, el('i', { class: `seg-${k % 8}` }), n)));
  container.replaceChildren(s, legend);
}

// ---------------------------------------------------------------------------------------
// Failed nodes and the virtualised tree

function node(id) {
  let n = state.cache.get(id);
  if (n === undefined) {
    n = state.view.get(id) ?? null;
    if (state.cache.size > 4000) state.cache.clear();
    state.cache.set(id, n);
  }
  return n;
}

function renderFailed() {
  const list = $('failed');
  const ids = [...state.failed];
  $('failed-card').hidden = ids.length === 0;
  list.replaceChildren(...ids.slice(0, 200).map((id) => {
    const n = node(id);
    const li = el('li', { class: `p-${n?.phase}`, 'data-id': id, text: `${n?.displayName || n?.name || id} (${n?.phase}) ${n?.message ?? ''}` });
    li.addEventListener('click', () => selectNode(id));
    return li;
  }));
  if (ids.length > 200) list.append(el('li', { text: `… and ${fmtInt(ids.length - 200)} more (filter the tree by phase)` }));
}

function sortedChildren(id) {
  const kids = state.view.children(id) ?? [];
  if (state.failed.size === 0) return kids;
  const bad = [], good = [];
  for (const k of kids) (state.failed.has(k) ? bad : good).push(k);
  return bad.concat(good);
}

function buildRows() {
  const view = state.view;
  state.rows = [];
  if (!view) return;
  const name = $('filter-name').value.trim();
  const phase = $('filter-phase').value;
  if (name || phase) {
    const ids = view.filter({ name: name || undefined, phase: phase || undefined });
    state.rows = ids.map((id) => ({ id, depth: 0, open: false, flat: true }));
  } else {
    let roots = view.roots();
    if (roots.length === 0) roots = view.ids(); // cycles: show everything flat
    const bad = roots.filter((r) => state.failed.has(r));
    roots = bad.concat(roots.filter((r) => !state.failed.has(r)));
    state.rows = roots.map((id) => ({ id, depth: 0, open: false }));
    // Open the first root (the workflow's own node) so the tree is useful at once.
    if (state.rows.length > 0 && state.rows.length < 50) toggle(0);
  }
  $('tree-count').textContent = `${fmtInt(state.rows.length)} rows`;
}

function toggle(index) {
  const row = state.rows[index];
  if (!row || row.flat) return;
  if (row.open) {
    let end = index + 1;
    while (end < state.rows.length && state.rows[end].depth > row.depth) end++;
    state.rows.splice(index + 1, end - index - 1);
    row.open = false;
  } else {
    const kids = sortedChildren(row.id);
    if (kids.length === 0) return;
    const depth = row.depth + 1;
    const add = new Array(kids.length);
    for (let i = 0; i < kids.length; i++) add[i] = { id: kids[i], depth, open: false };
    // splice with a huge argument list overflows the stack: rebuild instead.
    state.rows = state.rows.slice(0, index + 1).concat(add, state.rows.slice(index + 1));
    row.open = true;
  }
  $('tree-count').textContent = `${fmtInt(state.rows.length)} rows`;
}

const pool = [];
let scheduled = false;
function renderTree(reset) {
  const tree = $('tree');
  $('tree-spacer').style.height = `${state.rows.length * ROW_H}px`;
  if (reset) tree.scrollTop = 0;
  const first = Math.max(0, Math.floor(tree.scrollTop / ROW_H) - 5);
  const visible = Math.ceil(tree.clientHeight / ROW_H) + 10;
  const last = Math.min(state.rows.length, first + visible);
  while (pool.length < last - first) {
    const r = el('div', { class: 'row' },
      el('span', { class: 'name' }, el('span', { class: 'tog' }), el('span', { class: 'label' })),
      el('span', { class: 'type' }), el('span', { class: 'phase' }), el('span', { class: 'dur' }), el('span', { class: 'msg' }));
    r.addEventListener('click', onRowClick);
    tree.append(r);
    pool.push(r);
  }
  for (let i = 0; i < pool.length; i++) {
    const r = pool[i];
    const idx = first + i;
    if (idx >= last) { r.hidden = true; continue; }
    const row = state.rows[idx];
    const n = node(row.id) ?? { name: row.id };
    r.hidden = false;
    r.style.top = `${idx * ROW_H}px`;
    r.dataset.index = String(idx);
    r.dataset.id = row.id;
    r.classList.toggle('selected', row.id === state.selected);
    const [nameCell, type, phase, dur, msg] = r.children;
    nameCell.style.paddingLeft = `${row.depth * 16}px`;
    const hasKids = !row.flat && Array.isArray(n.children) && n.children.length > 0;
    nameCell.children[0].textContent = hasKids ? (row.open ? '▾' : '▸') : '';
    nameCell.children[1].textContent = n.displayName || n.name || row.id;
    nameCell.title = n.name ?? row.id;
    type.textContent = n.type ?? '';
    phase.textContent = n.phase ?? '';
    phase.className = `phase p-${n.phase ?? ''}`;
    dur.textContent = duration(n);
    msg.textContent = n.message ?? '';
    msg.title = n.message ?? '';
  }
}

function onRowClick(ev) {
  const idx = Number(ev.currentTarget.dataset.index);
  const row = state.rows[idx];
  if (!row) return;
  if (ev.target.classList.contains('tog') || row.id === state.selected) toggle(idx);
  selectNode(row.id, false);
  renderTree(false);
}

function selectNode(id, scroll = true) {
  state.selected = id;
  const n = node(id);
  const pre = $('node-detail');
  pre.hidden = !n;
  // Long id lists (a step group with 50,000 children) are shortened for display.
  const shown = n && JSON.stringify(n, (k, v) => (Array.isArray(v) && v.length > 20
    ? [...v.slice(0, 20), `… ${fmtInt(v.length - 20)} more`] : v), 2);
  pre.textContent = shown || '';
  if (scroll) {
    let idx = state.rows.findIndex((r) => r.id === id);
    if (idx < 0) {
      state.rows.push({ id, depth: 0, open: false, flat: true });
      idx = state.rows.length - 1;
    }
    $('tree').scrollTop = Math.max(0, idx * ROW_H - 48);
    renderTree(false);
  }
}

// ---------------------------------------------------------------------------------------
// Wiring

async function readFile(file) {
  setStatus(`reading ${file.name} (${fmtBytes(file.size)})…`);
  load(await file.text());
}

async function main() {
  const bytes = (id) => {
    const b64 = $(id).textContent.trim();
    return typeof Uint8Array.fromBase64 === 'function'
      ? Uint8Array.fromBase64(b64)
      : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  };
  await Promise.all([init(bytes('wasm-core')), initTools(bytes('wasm-tools'))]);
  document.body.dataset.ready = 'true';
  setStatus('ready');

  $('decode').addEventListener('click', () => load($('input').value));
  $('input').addEventListener('paste', () => setTimeout(() => load($('input').value), 0));
  $('file').addEventListener('change', (e) => { const f = e.target.files?.[0]; if (f) readFile(f); });
  $('item').addEventListener('change', (e) => show({ workflow: state.items[Number(e.target.value)] }, performance.now()));
  document.addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('dragging'); });
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    const f = e.dataTransfer?.files?.[0];
    if (f) readFile(f);
    else {
      const t = e.dataTransfer?.getData('text/plain');
      if (t) { $('input').value = t; load(t); }
    }
  });
  $('tree').addEventListener('scroll', () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; renderTree(false); });
  }, { passive: true });
  window.addEventListener('resize', () => renderTree(false));
  const refilter = () => { if (state.view) { buildRows(); renderTree(true); } };
  $('filter-name').addEventListener('input', refilter);
  $('filter-phase').addEventListener('change', refilter);
  const resize = () => { clearTimeout(sizeTimer); sizeTimer = setTimeout(renderSize, 250); };
  $('max-size').addEventListener('input', resize);
  $('algorithm').addEventListener('change', resize);
  $('copy-sql').addEventListener('click', () => navigator.clipboard?.writeText($('off-sql').textContent));
}

main().catch((e) => showError(e));
