#!/usr/bin/env node
/*
 * `npm start`: a real n8n editor with this package installed, talking to the Autotask simulator.
 *
 *   - provisions Node 24 + n8n into .cache/ on the first run (about 9 minutes, 3 GB; seconds afterwards)
 *   - builds the package (in a private copy of the tree), packs it and installs the tarball into the
 *     sandbox's n8n user folder (.cache/sandbox/n8n) the way Community Nodes does
 *   - starts the simulator (small seed) on 127.0.0.1, imports the "Autotask sandbox" credential
 *     (zone Auto-detect, lookup URL = the simulator), the bearer token of the AI-tools example's MCP
 *     Server Trigger and, the first time, the example workflows
 *   - starts n8n on http://127.0.0.1:5678, sets up the owner account and prints URL and login
 *
 * Ctrl-C (or SIGTERM/SIGHUP) stops everything it started; so does its parent going away, and every
 * server it starts also stops by itself if this process dies (scripts/e2e/lib/guard.js).
 *
 * Options: --reset        start from an empty n8n (drops the sandbox's workflows and executions)
 *          --port=<n>     n8n port (default 5678, or SANDBOX_PORT)
 *          --seed=<name>  simulator seed (default small, or SANDBOX_SEED)
 *          --no-build     reuse the last built tarball
 *          --tarball=<f>  install this tarball instead of building one
 *          --exit-after-start   set everything up, print, then stop (a smoke test of this script)
 * Environment: SANDBOX_DIR (default .cache/sandbox) holds the n8n user folder, logs and tarball.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');

const common = require('./e2e/lib/common');
const n8nApi = require('./e2e/lib/n8nApi');

const { REPO, CACHE, log } = common;
const args = process.argv.slice(2);
const opt = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const flag = (name) => args.includes(`--${name}`);

const SANDBOX = path.resolve(process.env.SANDBOX_DIR || path.join(CACHE, 'sandbox'));
const USER_FOLDER = path.join(SANDBOX, 'n8n');
const LOGS = path.join(SANDBOX, 'logs');
const PORT = Number(opt('port', process.env.SANDBOX_PORT || 5678));
const SEED = opt('seed', process.env.SANDBOX_SEED || 'small');
// the id and name the example workflows reference
const CREDENTIAL = { id: 'autotask-sandbox', name: 'Autotask sandbox' };
// the bearer credential of the MCP Server Trigger in examples/autotask-tools-for-ai-assistants.json
const MCP_CREDENTIAL = { id: 'autotask-mcp-bearer', name: 'Autotask MCP bearer token' };
const MCP_TOKEN_FILE = path.join(SANDBOX, 'mcp-token');

let simulator;
let n8n;
let stopping = false;

async function shutdown(reason, code = 0) {
	if (stopping) return;
	stopping = true;
	if (reason) log(`stopping (${reason}) ...`);
	await Promise.allSettled([n8n?.stop(), simulator?.stop()]);
	common.stopAllChildrenSync();
	log('stopped');
	process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(signal, 0));
process.on('exit', () => common.stopAllChildrenSync());

// Stop when the parent (npm, the terminal) goes away: we are re-parented then.
const initialParent = process.ppid;
setInterval(() => {
	if (process.ppid !== initialParent) void shutdown(`parent ${initialParent} is gone`, 0);
}, 2000).unref();

/** Example workflows from examples/ (any *.json holding one workflow or an array of them). */
function exampleWorkflows() {
	const dir = path.join(REPO, 'examples');
	if (!fs.existsSync(dir)) return [];
	const list = [];
	for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
		const parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		for (const wf of [parsed].flat()) {
			if (!wf || !Array.isArray(wf.nodes)) continue;
			list.push({ file, workflow: withCredential(wf, CREDENTIAL) });
		}
	}
	return list;
}

/** Points every Autotask node of a workflow at the given credential. */
function withCredential(workflow, credential) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		if (String(node.type).startsWith(`${common.PACKAGE_NAME}.`) || node.credentials?.autotaskUserApi) {
			node.credentials = { ...node.credentials, autotaskUserApi: { id: credential.id, name: credential.name } };
		}
	}
	copy.active = false;
	return copy;
}

/** The sandbox's MCP bearer token: made once, kept in the sandbox folder so clients stay connected. */
function mcpToken() {
	if (!fs.existsSync(MCP_TOKEN_FILE)) {
		fs.mkdirSync(SANDBOX, { recursive: true });
		fs.writeFileSync(MCP_TOKEN_FILE, crypto.randomBytes(24).toString('hex'), { mode: 0o600 });
	}
	return fs.readFileSync(MCP_TOKEN_FILE, 'utf8').trim();
}

async function main() {
	if (flag('reset')) await fsp.rm(USER_FOLDER, { recursive: true, force: true });
	await fsp.mkdir(LOGS, { recursive: true });
	if (!(await common.portIsFree(PORT))) {
		throw new Error(`127.0.0.1:${PORT} is in use (another n8n or sandbox?). Stop it, or use --port=<n>.`);
	}

	log('provisioning Node 24 + n8n into .cache/ (the first run: about 9 minutes on 2 cores and 3 GB of disk; seconds afterwards) ...');
	await common.provision();

	const tarballDir = path.join(SANDBOX, 'package');
	let tarball = fs.existsSync(tarballDir)
		? fs.readdirSync(tarballDir).filter((f) => f.endsWith('.tgz')).map((f) => path.join(tarballDir, f))[0]
		: undefined;
	if (opt('tarball')) tarball = path.resolve(opt('tarball'));
	else if (!flag('no-build') || !tarball) {
		log('building and packing the package ...');
		await fsp.rm(tarballDir, { recursive: true, force: true });
		tarball = await common.buildAndPack(tarballDir);
	}
	const { manifest } = await common.installPackage(USER_FOLDER, tarball);
	log(`installed ${manifest.name}@${manifest.version} (${(manifest.n8n?.nodes ?? []).length} nodes)`);

	log(`starting the Autotask simulator (seed ${SEED}) ...`);
	simulator = await common.startSimulator({ seed: SEED, maxSeconds: 0, logFile: path.join(LOGS, 'simulator.log') });

	const credFile = path.join(SANDBOX, 'credential.json');
	await fsp.writeFile(
		credFile,
		JSON.stringify([
			{
				id: CREDENTIAL.id,
				name: CREDENTIAL.name,
				type: 'autotaskUserApi',
				data: {
					userName: simulator.user.userName,
					secret: simulator.user.secret,
					integrationCode: simulator.user.integrationCode,
					zone: 'auto',
					zoneLookupUrl: simulator.zoneLookupUrl,
					customBaseUrl: '',
					impersonationResourceId: 0,
				},
			},
			{ ...MCP_CREDENTIAL, type: 'httpBearerAuth', data: { token: mcpToken() } },
		]),
	);
	await common.n8nCli(USER_FOLDER, ['import:credentials', `--input=${credFile}`]);

	// Examples are imported once (the user may edit them); examples added later are imported then.
	const marker = path.join(USER_FOLDER, '.examples-imported');
	const done = new Set(fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').split('\n').filter(Boolean) : []);
	const examples = exampleWorkflows();
	const fresh = examples.filter((e) => !done.has(e.file));
	if (fresh.length > 0) {
		const dir = path.join(SANDBOX, 'examples');
		await fsp.rm(dir, { recursive: true, force: true });
		await fsp.mkdir(dir, { recursive: true });
		fresh.forEach(({ workflow }, i) => fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(workflow)));
		await common.n8nCli(USER_FOLDER, ['import:workflow', '--separate', `--input=${dir}`]);
		for (const e of fresh) done.add(e.file);
		fs.writeFileSync(marker, [...done].join('\n'));
		log(`imported ${fresh.length} example workflow(s)`);
	}

	log(`starting n8n on http://127.0.0.1:${PORT} ...`);
	n8n = await common.startN8n(USER_FOLDER, { port: PORT, maxSeconds: 0, logFile: path.join(LOGS, 'n8n.log') });
	await n8nApi.ensureOwner(n8n.url);

	const line = '-'.repeat(72);
	console.log(`\n${line}
  Autotask sandbox is ready

  n8n editor      ${n8n.url}/
  login           ${n8nApi.OWNER.email}
  password        ${n8nApi.OWNER.password}
  credential      "${CREDENTIAL.name}" (Autotask API (per user), zone Auto-detect -> simulator)
  simulator       ${simulator.url}  (API user ${simulator.user.userName})
  workflows       ${examples.length} example workflow(s) from examples/
  MCP server      ${n8n.url}/mcp/autotask  (once "Autotask tools for AI assistants" is active)
  MCP token       ${mcpToken()}  (header Authorization: Bearer <token>)
  logs            ${LOGS}/

  Ctrl-C stops n8n and the simulator.
${line}\n`);

	if (flag('exit-after-start')) return await shutdown('--exit-after-start', 0);

	// Either server ending on its own ends the sandbox.
	n8n.child.once('exit', (code) => void shutdown(`n8n exited (${code})`, 1));
	simulator.child.once('exit', (code) => void shutdown(`the simulator exited (${code})`, 1));
	await new Promise(() => {});
}

main().catch(async (error) => {
	console.error(`\nsandbox failed: ${error.message}`);
	await shutdown(undefined, 1);
});
