#!/usr/bin/env node
/*
 * The real-n8n end-to-end suite (`npm run test:e2e`).
 *
 *   1. provision Node 24 + n8n 2.40.7 into .cache/ (scripts/e2e/provision.sh; seconds when cached)
 *   2. build the package in a private copy of the tree, `npm pack` it, and install the tarball into a
 *      fresh n8n user folder under .n8n/nodes/node_modules/n8n-nodes-autotask-psa, exactly as the
 *      Community Nodes installer does
 *   3. start the Autotask simulator (compiled from test/simulator into .cache/sim) on 127.0.0.1
 *   4. import a credential (zone Auto-detect, lookup URL = the simulator's) with n8n import:credentials
 *   5. phase "cli": the spec files test/e2e/*.e2e.js import workflows and run them with `n8n execute`
 *   6. phase "server": `n8n start` on a free 127.0.0.1 port; package-load check, the polling trigger
 *      (restart included) and the browser check
 *   7. phase "queue": Redis + PostgreSQL, n8n main + 2 workers in queue mode (scripts/e2e/queue.js)
 *
 * Every child process runs under scripts/e2e/lib/guard.js: it stops when this runner stops (even on
 * SIGKILL) or after its time limit. The whole run is bounded by E2E_TIMEOUT_MINUTES (default 30).
 *
 * Options: --only=<text>   run only spec files whose name contains <text> (repeatable)
 *          --skip=<text>   skip spec files whose name contains <text> (repeatable)
 *          --keep          keep the work folder (n8n user folder, logs) for inspection
 *          --tarball=<f>   install this tarball instead of building one
 * Environment: E2E_WORK_DIR (default a fresh folder under the OS temp dir), E2E_TIMEOUT_MINUTES.
 *
 * Prints one line per check and closes with "N passed, N failed, N skipped".
 */
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');

const common = require('./lib/common');
const n8nApi = require('./lib/n8nApi');
const { WorkflowBuilder } = require('../../test/e2e/lib/workflow');

const { REPO, log } = common;
const args = process.argv.slice(2);
const option = (name) => args.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const flag = (name) => args.includes(`--${name}`);

const results = { passed: 0, failed: 0, skipped: 0, failures: [], pending: [] };
const timings = {};
const suiteStart = Date.now();

const timeoutMinutes = Number(process.env.E2E_TIMEOUT_MINUTES || 30);
const hardStop = setTimeout(() => {
	console.error(`\n[e2e] the suite exceeded ${timeoutMinutes} minutes; stopping everything`);
	common.stopAllChildrenSync();
	setTimeout(() => process.exit(1), 3000);
}, timeoutMinutes * 60_000);
hardStop.unref();

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		console.error(`\n[e2e] ${signal}: stopping`);
		common.stopAllChildrenSync();
		setTimeout(() => process.exit(130), 2000);
	});
}
process.on('exit', () => common.stopAllChildrenSync());

function pass(name, ms) {
	results.passed++;
	console.log(`  ✓ ${name}${ms !== undefined ? ` (${(ms / 1000).toFixed(1)}s)` : ''}`);
}
function fail(name, error) {
	results.failed++;
	results.failures.push({ name, error });
	console.log(`  ✗ ${name}\n${indent(error?.stack ?? String(error), 6)}`);
}
function skip(name, why) {
	results.skipped++;
	results.pending.push(`${name}: ${why}`);
	console.log(`  - ${name} (skipped: ${why})`);
}
function indent(text, n) {
	const pad = ' '.repeat(n);
	return String(text)
		.split('\n')
		.slice(0, 40)
		.map((l) => pad + l)
		.join('\n');
}

async function step(name, fn) {
	const t0 = Date.now();
	log(`${name} ...`);
	const value = await fn();
	timings[name] = (Date.now() - t0) / 1000;
	log(`${name}: done in ${timings[name].toFixed(1)}s`);
	return value;
}

/** Node types the package declares (short names, e.g. autotaskClientPortalUser). */
function declaredNodes(manifest) {
	return (manifest.n8n?.nodes ?? []).map((file) => {
		const base = path.basename(file).replace(/\.node\.js$/, '');
		return base.charAt(0).toLowerCase() + base.slice(1);
	});
}

async function main() {
	const only = option('only');
	const skipSpecs = option('skip');
	const work = process.env.E2E_WORK_DIR
		? path.resolve(process.env.E2E_WORK_DIR)
		: await fsp.mkdtemp(path.join(os.tmpdir(), 'autotask-e2e-'));
	await fsp.mkdir(work, { recursive: true });
	const userFolder = path.join(work, 'n8n');
	const logs = path.join(work, 'logs');
	const artifacts = path.join(REPO, 'test', 'artifacts');
	await fsp.mkdir(logs, { recursive: true });
	await fsp.mkdir(artifacts, { recursive: true });
	log(`work folder ${work}`);

	const specDir = path.join(REPO, 'test', 'e2e');
	const files = (await fsp.readdir(specDir))
		.filter((f) => f.endsWith('.e2e.js'))
		.filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
		.filter((f) => !skipSpecs.some((s) => f.includes(s)))
		.sort();
	const wantBrowser = files.some((f) => /browser/.test(f));
	await step('provision', () => common.provision({ browser: wantBrowser }));

	const tarball =
		option('tarball')[0] ?? (await step('build and npm pack (private copy)', () => common.buildAndPack(work)));
	const { manifest } = await step('install the tarball like Community Nodes', () =>
		common.installPackage(userFolder, path.resolve(tarball)),
	);
	const nodes = declaredNodes(manifest);
	log(`package ${manifest.name}@${manifest.version}: nodes [${nodes.join(', ')}], credentials [${(manifest.n8n?.credentials ?? []).map((c) => path.basename(c)).join(', ')}]`);

	// ---- simulator ----
	let sim;
	try {
		sim = await step('start the simulator', () =>
			common.startSimulator({ seed: process.env.E2E_SEED || 'small', logFile: path.join(logs, 'simulator.log') }),
		);
		log(`simulator ${sim.url} (zone lookup ${sim.zoneLookupUrl})`);
	} catch (error) {
		fail('simulator starts', error);
	}

	const ctx = {
		work,
		userFolder,
		logs,
		artifacts,
		manifest,
		tarball: path.resolve(tarball),
		nodes,
		sim,
		api: sim ? common.autotaskApi(sim) : undefined,
		has: (shortType) => nodes.includes(shortType),
		type: (shortType) => `${common.PACKAGE_NAME}.${shortType}`,
		credential: { id: 'atE2eCredential1', name: 'Autotask e2e (simulator)' },
		common,
		n8nApi,
		assert,
		server: null,
		workflow: (name) => new WorkflowBuilder(name, { credential: ctx.credential }),
		importWorkflows,
		importCredentials,
		credentialData,
		runWorkflow,
		runWorkflows,
		startServer,
		stopServer,
	};

	if (sim) {
		await step('import the credential (zone Auto-detect -> simulator)', () =>
			importCredentials([{ ...ctx.credential, data: credentialData() }]),
		);
	}

	// ---- specs ----
	const specs = files.map((f) => ({ file: f, ...require(path.join(specDir, f)) }));

	for (const phase of ['cli', 'server', 'queue']) {
		const phaseSpecs = specs.filter((s) => (s.phase ?? 'cli') === phase);
		if (phaseSpecs.length === 0) continue;
		console.log(`\n=== phase ${phase}: ${phaseSpecs.map((s) => s.file).join(', ')}`);
		for (const spec of phaseSpecs) {
			console.log(`\n# ${spec.file}: ${spec.name ?? ''}`);
			const missing = (spec.needs ?? []).filter((n) => n !== 'simulator' && !ctx.has(n));
			if ((spec.needs ?? []).includes('simulator') && !sim) missing.push('simulator');
			if (missing.length) {
				skip(spec.file, `not in the package yet: ${missing.join(', ')}`);
				continue;
			}
			const t0 = Date.now();
			try {
				if (phase === 'server' && !ctx.server) await startServer();
				if (phase === 'queue') await stopServer(); // its CPU goes to the queue cluster
				await spec.run(ctx, makeT(spec.file));
			} catch (error) {
				fail(`${spec.file} (setup)`, error);
			}
			timings[`spec ${spec.file}`] = (Date.now() - t0) / 1000;
		}
	}
	await stopServer();
	if (sim) await sim.stop();

	// ---- summary ----
	const total = (Date.now() - suiteStart) / 1000;
	console.log('\n=== timings (s)');
	for (const [k, v] of Object.entries(timings)) console.log(`  ${k.padEnd(52)} ${v.toFixed(1)}`);
	console.log(`  ${'total'.padEnd(52)} ${total.toFixed(1)}`);
	await fsp.writeFile(path.join(artifacts, 'e2e-timings.json'), JSON.stringify({ ...timings, total }, null, 2));
	if (results.pending.length) {
		console.log('\n=== skipped');
		for (const p of results.pending) console.log(`  - ${p}`);
	}
	if (results.failures.length) {
		console.log('\n=== failures');
		for (const f of results.failures) console.log(`  ✗ ${f.name}: ${String(f.error?.message ?? f.error).split('\n')[0]}`);
		console.log(`\nlogs and the n8n user folder are kept in ${work}`);
	} else if (!flag('keep') && !process.env.E2E_WORK_DIR) {
		await fsp.rm(work, { recursive: true, force: true }).catch(() => undefined);
	} else {
		console.log(`\nwork folder kept: ${work}`);
	}
	console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
	return results.failed === 0 ? 0 : 1;

	// ---- helpers bound to this run ----

	function makeT(file) {
		const t = async (name, fn) => {
			const full = `${file.replace(/\.e2e\.js$/, '')}: ${name}`;
			const t0 = Date.now();
			try {
				await fn();
				pass(full, Date.now() - t0);
				return true;
			} catch (error) {
				fail(full, error);
				return false;
			}
		};
		t.skip = (name, why) => skip(`${file.replace(/\.e2e\.js$/, '')}: ${name}`, why);
		return t;
	}

	/** The default credential's data: the simulator's default API user, zone Auto-detect. */
	function credentialData() {
		return {
			userName: sim.user.userName,
			secret: sim.user.secret,
			integrationCode: sim.user.integrationCode,
			zone: 'auto',
			zoneLookupUrl: sim.zoneLookupUrl,
			customBaseUrl: '',
			impersonationResourceId: 0,
		};
	}

	/** n8n import:credentials of [{ id, name, data }] (type autotaskUserApi; n8n encrypts on import). */
	async function importCredentials(list) {
		const file = path.join(work, `credentials-${Date.now()}.json`);
		await fsp.writeFile(file, JSON.stringify(list.map((c) => ({ type: 'autotaskUserApi', ...c }))));
		await common.n8nCli(userFolder, ['import:credentials', `--input=${file}`]);
	}

	async function importWorkflows(builders) {
		const dir = await fsp.mkdtemp(path.join(work, 'wf-'));
		const list = builders.map((b) => (typeof b.toJSON === 'function' ? b.toJSON() : b));
		for (const wf of list) await fsp.writeFile(path.join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
		await common.n8nCli(userFolder, ['import:workflow', '--separate', `--input=${dir}`]);
		return list.map((wf) => wf.id);
	}

	async function runWorkflow(builder) {
		const [id] = await importWorkflows([builder]);
		return await common.n8nExecute(userFolder, id);
	}

	/** Imports all, then runs each in order; returns one result per workflow. */
	async function runWorkflows(builders) {
		const ids = await importWorkflows(builders);
		const out = [];
		for (const id of ids) out.push(await common.n8nExecute(userFolder, id));
		return out;
	}

	async function startServer() {
		if (ctx.server) return ctx.server;
		const logFile = path.join(logs, `n8n-start-${Date.now()}.log`);
		const t0 = Date.now();
		const server = await common.startN8n(userFolder, { logFile, port: ctx.serverPort, env: { N8N_LOG_FORMAT: 'json' } });
		ctx.serverPort = server.port;
		const cookie = await n8nApi.ensureOwner(server.url);
		ctx.apiKey ??= await n8nApi.createApiKey(server.url, cookie);
		ctx.server = {
			...server,
			logFile,
			cookie,
			api: n8nApi.publicApi(server.url, ctx.apiKey),
			startSeconds: (Date.now() - t0) / 1000,
		};
		log(`n8n ${server.url} ready in ${ctx.server.startSeconds.toFixed(1)}s (log ${logFile})`);
		return ctx.server;
	}

	async function stopServer() {
		if (!ctx.server) return;
		const s = ctx.server;
		ctx.server = null;
		await s.stop();
	}
}

main()
	.then((code) => {
		common.stopAllChildrenSync();
		process.exit(code);
	})
	.catch((error) => {
		console.error(error);
		console.log(`\n${results.passed} passed, ${results.failed + 1} failed, ${results.skipped} skipped`);
		common.stopAllChildrenSync();
		process.exit(1);
	});
