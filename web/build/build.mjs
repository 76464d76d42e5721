#!/usr/bin/env node
// Builds the npm package `wfpack` into dist/ and the devtools page into dist/devtools/:
//   cargo (wasm32, profile "wasm") -> wasm-bindgen --target web -> wasm-opt -> dist/
// then bundles web/devtools/ into one self-contained HTML file (wasm inlined, no network).
// Usage: node web/build/build.mjs [--if-stale] [--no-devtools] [--check-size]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const args = new Set(process.argv.slice(2));
const MAX_GZIP = 120 * 1024;

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

// 1. The wasm module.
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
// strip=false keeps the target_features section wasm-bindgen reads; wasm-opt strips the rest.
run('cargo', ['build', '-p', 'wfpack-web', '--target', 'wasm32-unknown-unknown', '--profile', 'wasm', '--locked'],
  { env: { ...process.env, CARGO_PROFILE_WASM_STRIP: 'false' } });
const raw = join(target, 'wasm32-unknown-unknown', 'wasm', 'wfpack_web.wasm');

// 2. JS glue, pinned to the crate's wasm-bindgen version.
const want = /^wasm-bindgen = "=([0-9.]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
let have = '';
try {
  have = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim().split(' ')[1];
} catch { /* not installed */ }
if (have !== want) {
  log(`wasm-bindgen-cli ${want} is needed (found ${have || 'none'}); installing it with scripts/setup.sh web`);
  run('bash', ['scripts/setup.sh', 'web']);
}
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
run('wasm-bindgen', ['--target', 'web', '--out-dir', dist, '--out-name', 'wfpack_web', '--no-typescript', raw]);

// 3. wasm-opt from the binaryen npm package (Debian's binaryen 108 breaks the module).
const wasmFile = join(dist, 'wfpack_web_bg.wasm');
const before = statSync(wasmFile).size;
const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
if (!existsSync(wasmOpt)) run('bash', ['scripts/setup.sh', 'web']);
const level = process.env.WFPACK_WASM_OPT ?? '-O3';
run(wasmOpt, [level, '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-multivalue', '--enable-reference-types',
  '--strip-debug', '--strip-producers', wasmFile, '-o', wasmFile]);

// 4. The package's own JS and types.
for (const f of readdirSync(join(root, 'web', 'js'))) copyFileSync(join(root, 'web', 'js', f), join(dist, f));

const wasmBytes = readFileSync(wasmFile);
const gz = gzipSync(wasmBytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
log(`wasm: ${kb(before)} from cargo, ${kb(wasmBytes.length)} after wasm-opt ${level}, ${kb(gz)} gzipped (limit ${kb(MAX_GZIP)})`);
writeFileSync(join(dist, 'sizes.json'), JSON.stringify({ wasm: wasmBytes.length, wasmGzip: gz, wasmBeforeOpt: before }, null, 2) + '\n');
if (gz > MAX_GZIP) {
  log(`OVER BUDGET: the wasm module is ${kb(gz)} gzipped, more than the ${kb(MAX_GZIP)} goal (see docs/npm.md, "Sizes")`);
  if (args.has('--check-size')) process.exit(1);
}

// 5. The devtools page: one HTML file, everything inline, strict CSP.
if (!args.has('--no-devtools')) {
  const { buildDevtools } = await import('./devtools.mjs');
  await buildDevtools({ root, dist, wasmBytes, log });
}

writeFileSync(join(dist, '.stamp'), new Date().toISOString() + '\n');
log(`done: ${relative(process.cwd(), dist) || '.'}`);
