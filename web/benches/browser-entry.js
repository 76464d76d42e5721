// Browser side of the benchmark (bundled by bench.mjs): exposes window.wfpackBench.
import * as wfpack from 'wfpack';
import * as pako from 'pako';
import * as fflate from 'fflate';
import { run } from './core.js';

window.wfpackBench = async (wasmBase64, inputs) => {
  await wfpack.init(Uint8Array.fromBase64(wasmBase64)); // the decoding core only
  const out = {};
  for (const [label, { b64, lookupId, runs }] of Object.entries(inputs)) {
    out[label] = await run({ wfpack, pako, fflate, b64, lookupId, iterations: runs });
  }
  return out;
};
