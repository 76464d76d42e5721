#!/usr/bin/env node
// `npm run bench`: wfpack vs pako, fflate and DecompressionStream (each followed by
// TextDecoder + JSON.parse) on the same gzip compressedNodes of 5,000 and 50,000 nodes,
// in Node and in headless Chromium side by side, with ratios against the best baseline.
// Usage: node web/benches/bench.mjs [--iterations N] [--no-browser]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import * as pako from 'pako';
import * as fflate from 'fflate';
import * as wfpack from '../../dist/node.js';
import { run } from './core.js';
import { syntheticNodes } from '../test/synth.js';
import { root } from '../test/vectors.js';

const args = process.argv.slice(2);
const iterations = Number(args[args.indexOf('--iterations') + 1]) || 15;
// Fewer runs on the big input keep the whole benchmark to a few minutes.
const runsFor = (n) => (n >= 50000 ? Math.max(3, Math.round(iterations / 3)) : iterations);
const sizes = [5000, 50000];

const inputs = {};
for (const n of sizes) {
  const nodes = syntheticNodes(n);
  const json = JSON.stringify(nodes);
  // gzip at Argo's default writer level (pgzip level 5).
  const b64 = wfpack.encodeNodes(json, { algorithm: 'gzip', level: 5 });
  inputs[`${n.toLocaleString('en-US')} nodes`] = { b64, lookupId: Object.keys(nodes)[n >> 1], jsonBytes: Buffer.byteLength(json), runs: runsFor(n) };
}

const results = { node: {}, chromium: null };
for (const [label, { b64, lookupId, runs }] of Object.entries(inputs)) {
  results.node[label] = await run({ wfpack, pako, fflate, b64, lookupId, iterations: runs });
}

if (!args.includes('--no-browser')) {
  const { launch } = await import('../test/browser.js');
  const bundle = await esbuild.build({
    entryPoints: [join(root, 'web', 'benches', 'browser-entry.js')], bundle: true, format: 'iife', write: false,
    alias: { wfpack: join(root, 'dist', 'index.js') }, logOverride: { 'empty-import-meta': 'silent' },
  });
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await page.setContent('<!doctype html><title>wfpack bench</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    const wasm = readFileSync(join(root, 'dist', 'wfpack_core_bg.wasm')).toString('base64');
    const plain = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, { b64: v.b64, lookupId: v.lookupId, runs: v.runs }]));
    results.chromium = await page.evaluate(([w, i]) => window.wfpackBench(w, i), [wasm, plain]);
    results.chromiumVersion = browser.context.browser()?.version() ?? '';
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------
// Report

const sizesJson = JSON.parse(readFileSync(join(root, 'dist', 'sizes.json'), 'utf8'));
const fmt = (ms) => (ms === undefined ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const envs = results.chromium ? ['node', 'chromium'] : ['node'];
const lines = [];
const say = (s = '') => lines.push(s);
say(`wfpack benchmark: median of ${iterations} runs (${runsFor(50000)} for 50,000 nodes), milliseconds (lower is better); Node ${process.versions.node}${results.chromiumVersion ? `, Chromium ${results.chromiumVersion}` : ''}`);
say(`wasm: decoding core ${(sizesJson.core.wasm / 1024).toFixed(1)} KB, ${(sizesJson.core.wasmGzip / 1024).toFixed(1)} KB gzipped (goal <= 120 KB); toolkit ${(sizesJson.tools.wasmGzip / 1024).toFixed(1)} KB gzipped`);
const baselines = ['pako + JSON.parse', 'fflate + JSON.parse', 'DecompressionStream + JSON.parse'];
const goals = [];
for (const label of Object.keys(inputs)) {
  const inp = inputs[label];
  say();
  say(`${label}: ${(inp.jsonBytes / 1e6).toFixed(1)} MB JSON, ${(inp.b64.length / 1e3).toFixed(0)} KB gzip base64 (base64 step: node ${results.node[label].base64}${results.chromium ? `, chromium ${results.chromium[label].base64}` : ''})`);
  const header = ['pipeline', ...envs.flatMap((e) => [`${e} decode`, `${e} ready`])];
  const rows = [];
  for (const name of [...baselines, 'wfpack decodeNodes', 'wfpack openNodes (lazy view)']) {
    rows.push([name, ...envs.flatMap((e) => [fmt(results[e][label].decode[name]), fmt(results[e][label].ready[name])])]);
  }
  for (const e of envs) {
    const r = results[e][label];
    const bestDecode = Math.min(...baselines.map((b) => r.decode[b]));
    const bestReady = Math.min(...baselines.map((b) => r.ready[b]));
    const lazy = r.ready['wfpack openNodes (lazy view)'];
    const dec = r.decode['wfpack decodeNodes'];
    goals.push({ env: e, label, lazyRatio: bestReady / lazy, decodeRatio: bestDecode / dec });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  say(line(header));
  for (const r of rows) say(line(r));
}
say();
say('goals (ratio = best baseline time / wfpack time; > 1 means wfpack is faster):');
for (const g of goals) {
  say(`  ${g.env.padEnd(8)} ${g.label.padEnd(13)} lazy view ready ${g.lazyRatio.toFixed(2)}x (goal >= 2x) ${g.lazyRatio >= 2 ? 'met' : 'NOT met'};  decodeNodes ${g.decodeRatio.toFixed(2)}x (goal >= 1x) ${g.decodeRatio >= 0.95 ? 'met' : 'NOT met'}`);
}
say(`  wasm decoding core ${(sizesJson.core.wasmGzip / 1024).toFixed(1)} KB gzipped (goal <= 120 KB) ${sizesJson.core.wasmGzip <= 120 * 1024 ? 'met' : 'NOT met'}`);
const report = lines.join('\n');
process.stdout.write(report + '\n');
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'bench.txt'), report + '\n');
writeFileSync(join(root, 'dist', 'bench.json'), JSON.stringify({ iterations, results, goals }, null, 2));
