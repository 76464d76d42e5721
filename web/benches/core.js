// The benchmark itself, shared by Node and the browser: the same pipelines on the same
// compressedNodes string, timed in the same run.
//   baselines: base64 -> pako / fflate / DecompressionStream('gzip') -> TextDecoder -> JSON.parse
//   wfpack:    decodeNodes (to plain objects) and openNodes (the lazy view)
// "ready to answer" = decoded, then count + one lookup + one phase filter answered.

const now = () => performance.now();

function base64ToBytes(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
  if (typeof Buffer === 'function') return Buffer.from(b64, 'base64');
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function base64Method() {
  if (typeof Uint8Array.fromBase64 === 'function') return 'Uint8Array.fromBase64';
  if (typeof Buffer === 'function') return 'Buffer.from(base64)';
  return 'atob';
}

// Answer count, lookup and filter on plain JS objects.
function answerPlain(nodes, id) {
  const count = Object.keys(nodes).length;
  const one = nodes[id];
  let failed = 0;
  for (const k in nodes) if (nodes[k].phase === 'Failed') failed++;
  return count + (one ? 1 : 0) + failed;
}

export function pipelines({ wfpack, pako, fflate }) {
  const td = new TextDecoder();
  return {
    'pako + JSON.parse': (b64) => JSON.parse(td.decode(pako.ungzip(base64ToBytes(b64)))),
    'fflate + JSON.parse': (b64) => JSON.parse(td.decode(fflate.gunzipSync(base64ToBytes(b64)))),
    'DecompressionStream + JSON.parse': async (b64) => {
      const stream = new Blob([base64ToBytes(b64)]).stream().pipeThrough(new DecompressionStream('gzip'));
      return JSON.parse(td.decode(await new Response(stream).arrayBuffer()));
    },
    'wfpack decodeNodes': (b64) => wfpack.decodeNodes(b64),
  };
}

async function time(fn, iterations) {
  for (let i = 0; i < 3; i++) await fn(); // warm up (JIT, wasm tiering, allocator)
  const t = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = now();
    await fn();
    t.push(now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

/** Runs every pipeline on one input; returns median milliseconds per pipeline. */
export async function run({ wfpack, pako, fflate, b64, lookupId, iterations = 15 }) {
  const p = pipelines({ wfpack, pako, fflate });
  const decode = {};
  const ready = {};
  for (const [name, fn] of Object.entries(p)) {
    decode[name] = await time(() => fn(b64), iterations);
    ready[name] = await time(async () => answerPlain(await fn(b64), lookupId), iterations);
  }
  ready['wfpack openNodes (lazy view)'] = await time(() => {
    const v = wfpack.openNodes(b64);
    try {
      return v.count + (v.get(lookupId) ? 1 : 0) + v.filter({ phase: 'Failed' }).length;
    } finally {
      v.free();
    }
  }, iterations);
  return { decode, ready, base64: base64Method() };
}
