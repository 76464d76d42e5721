// Bundles web/devtools/ into dist/devtools/index.html: one file with the app, the YAML
// parser, the CSS and the wasm module inline, and a Content-Security-Policy that allows
// exactly those inline blocks (by hash) and nothing from the network.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const sha256 = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

export async function buildDevtools({ root, dist, log }) {
  const src = join(root, 'web', 'devtools');
  const out = await esbuild.build({
    entryPoints: [join(src, 'app.js')],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target: ['chrome120', 'firefox120', 'safari17'],
    alias: { wfpack: join(dist, 'index.js') },
    logOverride: { 'empty-import-meta': 'silent' },
    legalComments: 'inline',
  });
  // "</script" cannot appear inside an inline script.
  const js = out.outputFiles[0].text.replaceAll('</script', '<\\/script');
  const css = readFileSync(join(src, 'style.css'), 'utf8');
  const core = readFileSync(join(dist, 'wfpack_core_bg.wasm')).toString('base64');
  const tools = readFileSync(join(dist, 'wfpack_tools_bg.wasm')).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(js)} 'wasm-unsafe-eval'`,
    `style-src ${sha256(css)}`,
    "img-src data: blob:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const html = readFileSync(join(src, 'index.html'), 'utf8')
    .replace('%CSP%', csp)
    .replace('%CSS%', () => css)
    .replace('%WASM_CORE%', () => core)
    .replace('%WASM_TOOLS%', () => tools)
    .replace('%JS%', () => js);
  mkdirSync(join(dist, 'devtools'), { recursive: true });
  writeFileSync(join(dist, 'devtools', 'index.html'), html);
  log(`devtools: dist/devtools/index.html, ${(html.length / 1024).toFixed(0)} KB (app ${(js.length / 1024).toFixed(0)} KB, wasm inline)`);
}
