// Every decode vector (three algorithms, malformed inputs, bombs) through the npm package:
// the same result as the Rust codec (decoded sha256, detected algorithm, error class and
// Argo's error text), which the codec's own tests check against the same vectors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeNodesJson, detectAlgorithm, decodeNodes, ErrorCode, WfpackError, openNodes } from '../../dist/node.js';
import { cases, sha256, text } from './vectors.js';

const decodeCases = cases('decode');

// Which stable codes an Argo error text can map to (the class of the error).
function expectedCodes(argoText) {
  if (/^illegal base64 data at input byte \d+$/.test(argoText)) return [ErrorCode.BASE64];
  if (/unexpected EOF$/.test(argoText)) return [ErrorCode.TRUNCATED, ErrorCode.TRAILING_DATA];
  if (/gzip: invalid header$/.test(argoText)) return [ErrorCode.CORRUPT, ErrorCode.TRAILING_DATA];
  if (/gzip: invalid checksum$/.test(argoText)) return [ErrorCode.CHECKSUM];
  if (/CRC check failed$/.test(argoText)) return [ErrorCode.CHECKSUM];
  if (/brotli: excessive input$/.test(argoText)) return [ErrorCode.TRAILING_DATA];
  if (/magic number mismatch$/.test(argoText)) return [ErrorCode.TRAILING_DATA];
  if (/brotli: [A-Z_0-9]+$/.test(argoText)) return [ErrorCode.CORRUPT];
  if (/decompressed size exceeds limit$/.test(argoText)) return [ErrorCode.LIMIT_EXCEEDED];
  return [ErrorCode.TRUNCATED, ErrorCode.CORRUPT, ErrorCode.CHECKSUM, ErrorCode.TRAILING_DATA];
}

function input(c) {
  const d = c.decode;
  if (d.compressed_nodes_is_empty) return '';
  if (d.compressed_nodes_file) return text(d.compressed_nodes_file.path);
  return d.compressed_nodes;
}

test('the manifest has decode vectors of every kind', () => {
  assert.ok(decodeCases.length >= 30, `only ${decodeCases.length} decode cases`);
  for (const a of ['gzip', 'zstd', 'brotli']) {
    assert.ok(decodeCases.some((c) => c.decode.detected_algorithm.startsWith(a) && c.decode.recommended.result === 'ok'), `no valid ${a} case`);
  }
  assert.ok(decodeCases.some((c) => c.id.includes('bomb')));
});

for (const c of decodeCases) {
  const d = c.decode;
  const want = d.recommended;
  test(`decode vector ${c.id}: ${want.result}${want.error ? ` (${want.error})` : ''}`, () => {
    const b64 = input(c);
    // The algorithm Argo's reader picks.
    const detected = d.detected_algorithm.split(' ')[0];
    if (detected === 'none') {
      assert.throws(() => detectAlgorithm(b64), (e) => e instanceof WfpackError && e.code === ErrorCode.BASE64);
    } else {
      assert.equal(detectAlgorithm(b64), detected);
    }
    if (want.result === 'ok') {
      const got = decodeNodesJson(b64);
      assert.equal(got.algorithm, detected);
      const bytes = Buffer.from(got.json, 'utf8');
      assert.equal(bytes.length, d.decoded_length);
      assert.equal(sha256(bytes), d.decoded_sha256);
      // The lazy view decodes the same bytes.
      let parsed;
      let isJson = true;
      try { parsed = JSON.parse(got.json); } catch { isJson = false; /* the view must refuse it too */ }
      if (!isJson) {
        if (d.decoded_length > 4) assert.throws(() => openNodes(b64), (e) => e.code === ErrorCode.INVALID_JSON);
      } else {
        const view = openNodes(b64);
        try {
          assert.equal(view.algorithm, detected);
          assert.equal(view.byteLength, d.decoded_length);
          assert.equal(view.count, Object.keys(parsed ?? {}).length);
        } finally {
          view.free();
        }
      }
      return;
    }
    let thrown;
    try {
      decodeNodesJson(b64);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown, 'decoding should fail');
    assert.ok(thrown instanceof WfpackError, `not a WfpackError: ${thrown}`);
    assert.ok(thrown instanceof Error);
    assert.equal(typeof thrown.code, 'number');
    assert.ok(thrown.message.length > 20, 'the message should say what happened and what to do');
    if (want.error) {
      assert.ok(expectedCodes(want.error).includes(thrown.code), `code ${thrown.codeName} (${thrown.code}) for "${want.error}"`);
      assert.equal(thrown.argoText, want.error);
    }
  });
}

test('bombs fail fast with LIMIT_EXCEEDED, also with a small explicit limit', () => {
  for (const c of decodeCases.filter((x) => x.id.includes('bomb'))) {
    const b64 = input(c);
    assert.throws(() => decodeNodes(b64, { maxOutputBytes: 1 << 20 }), (e) => e.code === ErrorCode.LIMIT_EXCEEDED);
  }
  // A valid input under a limit smaller than its decoded size.
  const ok = decodeCases.find((x) => x.id === 'valid-gzip-stdlib');
  assert.throws(() => decodeNodes(input(ok), { maxOutputBytes: 100 }), (e) => e.code === ErrorCode.LIMIT_EXCEEDED);
  assert.equal(Object.keys(decodeNodes(input(ok), { maxOutputBytes: 1 << 20 })).length > 0, true);
});

test('decodeNodes on "null" and "{}" gives an empty map (as Argo), on non-JSON an INVALID_JSON error', () => {
  const get = (id) => input(decodeCases.find((x) => x.id === id));
  assert.deepEqual(decodeNodes(get('valid-gzip-json-null')), {});
  assert.deepEqual(decodeNodes(get('valid-gzip-empty-object')), {});
  assert.throws(() => decodeNodes(get('gzip-not-json')), (e) => e.code === ErrorCode.INVALID_JSON);
});
