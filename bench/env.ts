import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Imported first by run.ts: n8n-core writes its instance settings (with a random encryption key)
// under this folder the first time an execution context is built; keep it out of the user's home,
// as test/setup-env.ts does for jest.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'autotask-bench-n8n-'));
