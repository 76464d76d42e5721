// The devtools page in a real browser (Debian's headless Chromium via playwright-core),
// loaded from file:// with no network: paste the 50-loop example and check the tree and
// the size chart (and take a screenshot), then drop a 50,000-node workflow and check the
// page stays responsive.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { dump as toYaml } from 'js-yaml';
import { encodeNodes } from '../../dist/node.js';
import { launch } from './browser.js';
import { syntheticNodes, syntheticWorkflow } from './synth.js';
import { root, text } from './vectors.js';

const page_url = pathToFileURL(join(root, 'dist', 'devtools', 'index.html')).href;
const artifacts = join(root, 'dist', 'test-artifacts');
let browser;
let page;
const requests = [];
const problems = [];

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  browser = await launch();
  page = await browser.context.newPage();
  page.on('request', (r) => { if (!/^(file|data|blob):/.test(r.url())) requests.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(page_url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
});

after(async () => {
  await browser?.close();
});

async function paste(value) {
  await page.fill('#input', value);
  await page.dispatchEvent('#input', 'paste');
}

test('the page loads from file:// under its CSP, with no network request', async () => {
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  assert.equal(await page.textContent('#status'), 'ready');
});

test('pasting the 50-loop workflow shows its tree and its size chart', async () => {
  const wf = text('steps-plugin-50/workflow.json');
  const nodes = JSON.parse(wf).status.nodes;
  const rootId = JSON.parse(wf).metadata.name;
  await paste(wf);
  await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'inline');
  assert.equal(await page.textContent('#node-count'), String(Object.keys(nodes).length));
  // The root is opened: its children (the step groups) are rows under it.
  const rows = await page.$$eval('#tree .row:not([hidden])', (rs) => rs.map((r) => ({ id: r.dataset.id, text: r.textContent })));
  assert.equal(rows[0].id, rootId);
  for (const kid of nodes[rootId].children) assert.ok(rows.some((r) => r.id === kid), `child ${kid} shown`);
  // Open the first step group: the 50 loop nodes appear, failed ones first.
  const group = nodes[rootId].children[0];
  await page.click(`#tree .row[data-id="${group}"] .tog`);
  const count = await page.$eval('#tree-count', (e) => e.textContent);
  assert.ok(Number(count.replace(/\D/g, '')) >= 50, count);
  const labels = await page.$$eval('#tree .row:not([hidden]) .label', (ls) => ls.map((l) => l.textContent));
  assert.ok(labels.some((l) => /\(\d+:\d+\)/.test(l)), `loop nodes listed: ${labels.slice(0, 5)}`);
  // Size chart: bars, the limit line, and the controller's decision.
  await page.waitForSelector('#size-svg rect.bar');
  assert.ok(await page.$('#limit-line'));
  assert.equal(await page.textContent('#outcome'), 'keep');
  await page.fill('#max-size', '10240');
  await page.waitForFunction(() => document.querySelector('#outcome')?.textContent === 'compress');
  await page.fill('#max-size', '1000');
  await page.waitForFunction(() => document.querySelector('#outcome')?.textContent === 'too_large');
  assert.match(await page.textContent('#decision-message'), /workflow is longer than maximum allowed size\. compressed size \d+ > maxSize 1000/);
  await page.fill('#max-size', '10240');
  await page.waitForFunction(() => document.querySelector('#outcome')?.textContent === 'compress');
  // Why it is big: node members and the largest nodes, from the Go-exact breakdown.
  assert.ok((await page.$$('#why-fields tr')).length > 0);
  assert.ok((await page.$$('#why-nodes tr')).length > 0);
  await page.click('#why summary');
  await page.screenshot({ path: join(artifacts, 'devtools-50-loop.png'), fullPage: true });
});

test('YAML, compressed and offloaded workflows and bare compressedNodes', async () => {
  const packed = JSON.parse(text('steps-plugin-50/workflow.compressed.json'));
  await paste(toYaml(packed));
  await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'gzip');
  assert.equal(await page.textContent('#node-count'), '55');

  await paste(text('steps-plugin-50/compressedNodes.brotli.b64'));
  await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'brotli');
  assert.equal(await page.textContent('#node-count'), '55');

  const off = structuredClone(packed);
  delete off.status.compressedNodes;
  off.status.offloadNodeStatusVersion = 'fnv:1595816886';
  off.metadata.uid = '0f5b1f4e-uid';
  await paste(JSON.stringify(off));
  await page.waitForFunction(() => document.querySelector('#source')?.textContent === 'offloaded');
  assert.equal(await page.isVisible('#offloaded'), true);
  assert.equal(await page.textContent('#off-uid'), '0f5b1f4e-uid');
  assert.equal(await page.textContent('#off-version'), 'fnv:1595816886');
  assert.match(await page.textContent('#off-sql'), /SELECT nodes FROM argo_workflows WHERE clustername = 'default' AND uid = '0f5b1f4e-uid' AND version = 'fnv:1595816886'/);

  await paste('H4sIAAAAAA!A/8xW');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /illegal base64 data at input byte 10/);
});

test('a dropped 50,000-node workflow is decoded and the page stays responsive', async () => {
  const nodes = syntheticNodes(50000);
  const wf = syntheticWorkflow(nodes, { compressedNodes: encodeNodes(nodes, { algorithm: 'gzip', level: 1 }) });
  const json = JSON.stringify(wf);
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    window.__beat = setInterval(() => { const now = performance.now(); window.__gaps.push(now - last); last = now; }, 10);
  });
  const t0 = Date.now();
  const dt = await page.evaluateHandle((s) => {
    const d = new DataTransfer();
    d.items.add(new File([s], 'big-wf.json', { type: 'application/json' }));
    return d;
  }, json);
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelector('#node-count')?.textContent === '50,002', null, { timeout: 30000 });
  const loadMs = Date.now() - t0;
  // Open the step group (50,000 children), then scroll through the virtualised tree.
  await page.click('#tree .row[data-id="big-wf-1000000001"] .tog');
  const rowsTotal = Number((await page.textContent('#tree-count')).replace(/\D/g, ''));
  assert.equal(rowsTotal, 50002);
  // Failed nodes come first under their parent.
  const firstKids = await page.$$eval('#tree .row:not([hidden]) .phase', (ps) => ps.slice(2, 5).map((p) => p.textContent));
  assert.deepEqual(firstKids, ['Failed', 'Failed', 'Failed']);
  await page.evaluate(() => { window.__gaps = []; });
  const scroll = await page.evaluate(async () => {
    const tree = document.getElementById('tree');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const times = [];
    for (let i = 1; i <= 40; i++) {
      const t = performance.now();
      tree.scrollTop = (tree.scrollHeight - tree.clientHeight) * (i / 40);
      await frame();
      await frame();
      times.push(performance.now() - t);
    }
    const shown = [...tree.querySelectorAll('.row:not([hidden])')].map((r) => Number(r.dataset.index));
    return { times, last: Math.max(...shown), domRows: tree.querySelectorAll('.row').length };
  });
  const gaps = await page.evaluate(() => { clearInterval(window.__beat); return window.__gaps; });
  const worstFrame = Math.max(...scroll.times);
  const worstGap = Math.max(...gaps);
  process.stderr.write(`# 50,000 nodes: dropped to decoded tree in ${loadMs} ms; scroll steps worst ${worstFrame.toFixed(0)} ms, main-thread gap worst ${worstGap.toFixed(0)} ms, ${scroll.domRows} row elements\n`);
  assert.equal(scroll.last, 50001, 'the last row is rendered after scrolling to the end');
  assert.ok(scroll.domRows < 200, `virtualised: ${scroll.domRows} row elements`);
  assert.ok(worstFrame < 250, `each scroll step renders within 250 ms (worst ${worstFrame} ms)`);
  assert.ok(worstGap < 250, `the main thread is never blocked 250 ms while scrolling (worst ${worstGap} ms)`);
  // Filtering by phase answers from the wasm view.
  await page.selectOption('#filter-phase', 'Failed');
  await page.waitForFunction(() => /^\d+ rows$/.test(document.querySelector('#tree-count').textContent));
  const failed = Object.values(nodes).filter((n) => n.phase === 'Failed').length;
  assert.equal(await page.textContent('#tree-count'), `${failed} rows`);
  await page.screenshot({ path: join(artifacts, 'devtools-50000.png') });
  await page.selectOption('#filter-phase', '');
});

test('no network request and no CSP violation happened', () => {
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
});
