'use strict';
/* Paths of the repository and of the provisioned toolchain (E2E_CACHE_DIR, else .cache). */
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const CACHE = process.env.E2E_CACHE_DIR || path.join(REPO, '.cache');
const NODE24_DIR = path.join(CACHE, 'node24');
const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
const N8N_DIR = path.join(CACHE, 'n8n');
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const GUARD = path.join(__dirname, 'guard.js');
const PACKAGE_NAME = 'n8n-nodes-autotask-psa';

module.exports = { REPO, CACHE, NODE24_DIR, NODE24, N8N_DIR, N8N_BIN, GUARD, PACKAGE_NAME };
