// The decoding core's size is a checked property: the built wasm, gzipped as a server
// would send it, must stay under the ceiling the build records (web/build/build.mjs,
// CORE_CEILING, which is the 120 KB goal; see docs/npm.md "Sizes").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const dist = new URL('../../dist/', import.meta.url);

test('the decoding core stays under its gzipped size ceiling', () => {
  const sizes = JSON.parse(readFileSync(new URL('sizes.json', dist), 'utf8'));
  const wasm = readFileSync(new URL('wfpack_core_bg.wasm', dist));
  const gz = gzipSync(wasm, { level: 9 }).length;
  assert.equal(gz, sizes.core.wasmGzip, 'dist/sizes.json describes the built core');
  assert.ok(sizes.coreCeilingGzip <= 120 * 1024, 'the ceiling is at most the 120 KB goal');
  assert.ok(gz <= sizes.coreCeilingGzip,
    `decoding core ${(gz / 1024).toFixed(1)} KB gzipped, over its ${(sizes.coreCeilingGzip / 1024).toFixed(1)} KB ceiling`);
});
