#!/usr/bin/env node
// Builds the npm package `wfpack` into dist/ and the devtools page into dist/devtools/:
//   cargo (wasm32, profile "wasm") -> wasm-bindgen --target web -> wasm-opt -> dist/
// then bundles web/devtools/ into one self-contained HTML file (wasm inlined, no network).
// Usage: node web/build/build.mjs [--if-stale] [--no-devtools] [--check-size]
// --check-size fails the build when the decoding core is over CORE_CEILING gzipped.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DICTIONARY_SHA256, SECTION, splitDictionary } from './dictionary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const args = new Set(process.argv.slice(2));
// The decoding core's size goal, gzipped (docs/npm.md, "Sizes"); met since the codec's own
// brotli and zstd decoders (113.9 KB). It is also the regression ceiling: `--check-size`
// (npm test, scripts/test.sh) and web/test/size.test.mjs fail above it.
const MAX_GZIP = 120 * 1024;
const CORE_CEILING = MAX_GZIP;

const log = (m) => process.stderr.write(`build: ${m}\n`);

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) {
    if (e === 'node_modules' || e === 'target' || e.startsWith('.')) continue;
    t = Math.max(t, newest(join(path, e)));
  }
  return t;
}

const inputs = ['codec/src', 'codec/Cargo.toml', 'web/src', 'web/Cargo.toml', 'web/js', 'web/devtools', 'web/build', 'Cargo.toml', 'Cargo.lock', 'package-lock.json'];
if (args.has('--if-stale')) {
  const built = existsSync(join(dist, '.stamp')) ? statSync(join(dist, '.stamp')).mtimeMs : 0;
  const src = Math.max(...inputs.map((p) => newest(join(root, p))));
  if (built > src) {
    log('dist/ is up to date');
    process.exit(0);
  }
}

function run(cmd, argv, opts = {}) {
  log(`${cmd} ${argv.join(' ')}`);
  execFileSync(cmd, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

// 1-3. Two wasm modules from the same crate: the decoding core (decode, detect, the lazy
// view; `--no-default-features`) and the toolkit (everything, feature `tools`).
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const want = /^wasm-bindgen = "=([0-9.]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
let have = '';
try {
  have = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim().split(' ')[1];
} catch { /* not installed */ }
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
if (have !== want || !existsSync(wasmOpt)) {
  log(`wasm-bindgen-cli ${want} (found ${have || 'none'}) and npm packages are needed; installing them with scripts/setup.sh web`);
  run('bash', ['scripts/setup.sh', 'web']);
}
// The core's brotli dictionary goes into a custom section, compressed (./dictionary.mjs);
// then the module must decode dictionary references only once init() has restored it.
async function moveDictionary(wasmFile) {
  const gzBefore = gzipSync(readFileSync(wasmFile), { level: 9 }).length;
  const moved = splitDictionary(readFileSync(wasmFile), join(root, 'web', 'build', 'brotli-dictionary.br'));
  writeFileSync(wasmFile, moved.wasm);
  const glue = await import(`${pathToFileURL(join(dist, 'wfpack_core.js')).href}?self-test`);
  const module = new WebAssembly.Module(moved.wasm);
  const exports = glue.initSync({ module });
  if (glue.dictionaryReady()) throw new Error('build: the core still decodes brotli dictionary references without its dictionary');
  const t0 = performance.now();
  const [stored] = WebAssembly.Module.customSections(module, SECTION);
  const head = new DataView(stored, 0, 8);
  const dict = glue.expandDictionary(new Uint8Array(stored, 8), head.getUint32(4, true));
  const at = new Uint8Array(exports.memory.buffer, head.getUint32(0, true), dict.length);
  at.set(dict);
  const ms = performance.now() - t0;
  if (!glue.dictionaryReady() || createHash('sha256').update(at).digest('hex') !== DICTIONARY_SHA256) {
    throw new Error('build: the brotli dictionary restored from the custom section is wrong');
  }
  const gzAfter = gzipSync(moved.wasm, { level: 9 }).length;
  log(`core: brotli dictionary (${moved.length} bytes at 0x${moved.address.toString(16)}) stored compressed (${moved.stored} bytes) in section ${SECTION}: ${kb(gzBefore)} -> ${kb(gzAfter)} gzipped; restored in ${ms.toFixed(1)} ms`);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const level = process.env.WFPACK_WASM_OPT ?? '-O3';
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const sizes = {};
for (const [name, features] of [['core', ['--no-default-features']], ['tools', []]]) {
  // strip=false keeps the target_features section wasm-bindgen reads; wasm-opt strips the rest.
  run('cargo', ['build', '-p', 'wfpack-web', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm', '--locked', ...features],
    { env: { ...process.env, CARGO_PROFILE_WASM_STRIP: 'false' } });
  const raw = join(target, 'wasm32-unknown-unknown', 'wasm', 'wfpack_web.wasm');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', dist, '--out-name', `wfpack_${name}`, '--no-typescript', raw]);
  // wasm-opt from the binaryen npm package (Debian's binaryen 108 breaks the module).
  const wasmFile = join(dist, `wfpack_${name}_bg.wasm`);
  const before = statSync(wasmFile).size;
  run(wasmOpt, [level, '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-mutable-globals', '--enable-multivalue', '--enable-reference-types',
    '--strip-debug', '--strip-producers', wasmFile, '-o', wasmFile]);
  if (name === 'core') await moveDictionary(wasmFile);
  const bytes = readFileSync(wasmFile);
  const gz = gzipSync(bytes, { level: 9 }).length;
  sizes[name] = { wasm: bytes.length, wasmGzip: gz, wasmBeforeOpt: before };
  log(`wasm ${name}: ${kb(before)} from cargo, ${kb(bytes.length)} after wasm-opt ${level}, ${kb(gz)} gzipped`);
}

// 4. The package's own JS and types.
for (const f of readdirSync(join(root, 'web', 'js'))) copyFileSync(join(root, 'web', 'js', f), join(dist, f));
sizes.coreGoalGzip = MAX_GZIP;
sizes.coreCeilingGzip = CORE_CEILING;
writeFileSync(join(dist, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
log(`SIZE: decoding core ${kb(sizes.core.wasmGzip)} gzipped (goal and ceiling <= ${kb(CORE_CEILING)}), toolkit ${kb(sizes.tools.wasmGzip)} gzipped`);
if (sizes.core.wasmGzip > CORE_CEILING) {
  log(`SIZE REGRESSION: the decoding core is ${kb(sizes.core.wasmGzip)} gzipped, more than its ${kb(CORE_CEILING)} goal; find what grew (docs/npm.md, "Sizes", tells where the bytes go)`);
  if (args.has('--check-size')) process.exit(1);
}

// 5. The devtools page: one HTML file, everything inline, strict CSP.
if (!args.has('--no-devtools')) {
  const { buildDevtools } = await import('./devtools.mjs');
  await buildDevtools({ root, dist, log });
}

writeFileSync(join(dist, '.stamp'), new Date().toISOString() + '\n');
log(`done: ${relative(process.cwd(), dist) || '.'}`);
