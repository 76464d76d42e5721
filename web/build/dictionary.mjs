// Moves the brotli static dictionary (RFC 7932 appendix A, 122,784 bytes) out of the
// decoding core's data segment and stores it, brotli-compressed without dictionary
// references, in the custom section `wfpack.brotli-dictionary`. The codec's own brotli
// decoder (codec/src/compress/brotli/transform.rs) reads the dictionary from the one
// static the `brotli` crate exports (`brotli::dictionary::kBrotliDictionary`, shared with
// the encoder, which the core does not link), so the module holds it once, contiguous,
// and this script finds it by content (sha256 below). Layout of the section:
//   u32 LE address in linear memory | u32 LE length | the compressed dictionary.
// The dictionary's bytes gzip to ~58 KB inside the module; the stored stream is ~51 KB,
// so the gzipped core is ~7 KB smaller. `init()` (web/js/index.js) expands it with the
// core's own brotli decoder and writes it back to that address before anything is
// decoded; the memory there is zero until then, and `dictionaryReady()` says whether a
// brotli stream that uses the dictionary decodes correctly.
//
// web/build/brotli-dictionary.br is written by codec/examples/brotli_dictionary.rs (the
// `brotli` crate at quality 11, catable: no static-dictionary references, since the stream
// must not need the dictionary it carries; deterministic, so re-running it gives the
// committed bytes); the build checks it decodes to the dictionary.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

export const SECTION = 'wfpack.brotli-dictionary';
export const DICTIONARY_SHA256 = '20e42eb1b511c21806d4d227d07e5dd06877d8ce7b3a817f378f313653f35c70';

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

function readU(buf, p) {
  let r = 0, s = 0, b;
  do { b = buf[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
  return [r, p];
}
function readS32(buf, p) {
  let r = 0, s = 0, b;
  do { b = buf[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
  if (s < 32 && (b & 0x40)) r |= ~0 << s;
  return [r, p];
}
function u(n) {
  const out = [];
  do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}
function s32(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f; n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
const section = (id, content) => Buffer.concat([Buffer.from([id, ...u(content.length)]), content]);
const activeSegment = (at, bytes) => Buffer.concat([Buffer.from([0x00, 0x41, ...s32(at), 0x0b, ...u(bytes.length)]), bytes]);

/** The module with the dictionary moved into the custom section, and what moved where. */
export function splitDictionary(wasm, storedPath) {
  const stored = readFileSync(storedPath);
  const dict = brotliDecompressSync(stored);
  if (sha256(dict) !== DICTIONARY_SHA256) throw new Error(`${storedPath} does not decode to the brotli dictionary`);
  const out = [wasm.subarray(0, 8)];
  let p = 8, found = null;
  while (p < wasm.length) {
    const id = wasm[p];
    const [size, body] = readU(wasm, p + 1);
    const end = body + size;
    if (id === 11) {
      let [count, q] = readU(wasm, body);
      const segments = [];
      for (let i = 0; i < count; i++) {
        const start = q;
        const [flags, q1] = readU(wasm, q);
        q = q1;
        let at = null;
        if (flags === 0 && wasm[q] === 0x41) {
          [at, q] = readS32(wasm, q + 1);
          if (wasm[q++] !== 0x0b) throw new Error('unexpected data segment offset expression');
        } else if (flags === 0 || flags === 2) {
          throw new Error('unexpected data segment offset expression');
        }
        if (flags === 2) throw new Error('unexpected data segment for a second memory');
        const [len, q2] = readU(wasm, q);
        q = q2 + len;
        segments.push({ raw: wasm.subarray(start, q), at, bytes: wasm.subarray(q2, q) });
      }
      const k = segments.findIndex((s) => s.at !== null && s.bytes.indexOf(dict) >= 0);
      if (k < 0) throw new Error('the brotli dictionary is not in the module\'s data');
      const s = segments[k];
      const i = s.bytes.indexOf(dict);
      found = { address: s.at + i, length: dict.length, stored: stored.length };
      // The head stays in place (segment indices do not move), the tail goes last.
      segments[k] = { raw: activeSegment(s.at, s.bytes.subarray(0, i)) };
      const tail = s.bytes.subarray(i + dict.length);
      if (tail.length > 0) segments.push({ raw: activeSegment(s.at + i + dict.length, tail) });
      out.push(section(11, Buffer.concat([Buffer.from(u(segments.length)), ...segments.map((x) => x.raw)])));
      count = segments.length;
      found.segments = count;
    } else if (id === 12) {
      out.push(null); // DataCount: filled in below, once the new count is known
      out.dataCountAt = out.length - 1;
    } else {
      out.push(wasm.subarray(p, end));
    }
    p = end;
  }
  if (!found) throw new Error('the module has no data section');
  if (out.dataCountAt !== undefined) out[out.dataCountAt] = section(12, Buffer.from(u(found.segments)));
  const head = Buffer.alloc(8);
  head.writeUInt32LE(found.address, 0);
  head.writeUInt32LE(found.length, 4);
  const name = Buffer.from(SECTION);
  out.push(section(0, Buffer.concat([Buffer.from(u(name.length)), name, head, stored])));
  return { wasm: Buffer.concat(out.filter((x) => x !== undefined)), ...found };
}
