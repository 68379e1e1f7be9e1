import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core's InstanceSettings writes its config (with a random encryption key) under this folder
// the first time an execution context is built; keep it out of the user's home.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'autotask-n8n-'));
