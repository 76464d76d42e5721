// Node.js entry of the package: loads the wasm module from disk synchronously, so the
// API is usable right after `import` (calling `await init()` as in browsers is harmless).
import { readFileSync } from 'node:fs';
import { initSync } from './index.js';

initSync(readFileSync(new URL('./wfpack_web_bg.wasm', import.meta.url)));

export * from './index.js';
