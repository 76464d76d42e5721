// Node.js entry of the package: loads both wasm modules (the decoding core and the
// toolkit) from disk synchronously, so the whole API is usable right after `import`
// (calling `await init()`/`await initTools()` as in browsers is harmless).
import { readFileSync } from 'node:fs';
import { initSync, initToolsSync } from './index.js';

initSync(readFileSync(new URL('./wfpack_core_bg.wasm', import.meta.url)));
initToolsSync(readFileSync(new URL('./wfpack_tools_bg.wasm', import.meta.url)));

export * from './index.js';
