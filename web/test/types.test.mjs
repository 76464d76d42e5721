// The TypeScript declarations (dist/index.d.ts) compile under --strict against a usage
// file that touches every export and option, and reject documented misuses.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './vectors.js';

test('the TypeScript types cover every export and compile under --strict', () => {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--lib', 'es2022,dom,esnext.disposable', join(root, 'web', 'test', 'types', 'usage.ts')];
  try {
    execFileSync(tsc, args, { encoding: 'utf8', cwd: root });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});
