// Reads the shared reference vectors (../shared/vectors beside the project root, or
// $WFPACK_SHARED/vectors) in place; nothing is copied into the repository.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const shared = process.env.WFPACK_SHARED ?? join(root, '..', 'shared');
export const vectors = join(shared, 'vectors');

if (!existsSync(join(vectors, 'index.json'))) {
  throw new Error(`the shared vectors are not at ${vectors}: set WFPACK_SHARED to the shared/ folder`);
}

export const index = JSON.parse(readFileSync(join(vectors, 'index.json'), 'utf8'));
export const cases = (kind) => index.cases.filter((c) => c.kind === kind);
export const file = (rel) => readFileSync(join(vectors, rel));
export const text = (rel) => readFileSync(join(vectors, rel), 'utf8');
export const sha256 = (data) => createHash('sha256').update(data).digest('hex');
