// The decoding core's build moves the brotli static dictionary out of the module's data
// (web/build/dictionary.mjs); the package's init() restores it. A core loaded through the
// raw wasm-bindgen glue, without that restore, must refuse brotli input with
// NOT_INITIALIZED instead of decoding dictionary references into wrong bytes, and must
// still decode gzip.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as glue from '../../dist/wfpack_core.js';

// "timedownlifeleftback": the dictionary's first five words, as dictionary references.
const BROTLI = Buffer.from([
  0x1b, 0x13, 0x00, 0xf8, 0xa5, 0xcb, 0xcc, 0xd8, 0xe8, 0x94, 0x20, 0xa2, 0x34, 0x04, 0x15,
  0x68, 0x40, 0x02, 0x50, 0xc3, 0x07,
]);
const b64 = (b) => new TextEncoder().encode(Buffer.from(b).toString('base64'));

test('a core loaded without init() refuses brotli input and still decodes gzip', () => {
  glue.initSync({ module: readFileSync(new URL('../../dist/wfpack_core_bg.wasm', import.meta.url)) });
  assert.equal(glue.dictionaryReady(), false);
  assert.throws(() => glue.decodeNodes(b64(BROTLI)), (e) => e.code === 100 && /init\(\)/.test(e.message));
  assert.throws(() => glue.NodesView.fromCompressed(b64(BROTLI)), (e) => e.code === 100);
  const d = glue.decodeNodes(b64(gzipSync('{}')));
  assert.equal(d.algorithm, 'gzip');
  d.free();
});
