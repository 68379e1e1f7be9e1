'use strict';
/*
 * The provisioned toolchain, the package built, packed and installed as n8n's Community Nodes
 * installer does it, and the n8n CLI and server.
 *
 * Runs on the system Node (20); n8n itself runs on the provisioned Node 24.
 */
const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');

const { REPO, NODE24_DIR, NODE24, N8N_BIN, PACKAGE_NAME } = require('./paths');
const { log, run, tail, spawnGuarded, stopChild, freePort, waitFor } = require('./processes');

// ---- provisioning -------------------------------------------------------------------------------

async function provision({ browser = false } = {}) {
	const t0 = Date.now();
	await new Promise((resolve, reject) => {
		const args = [path.join(REPO, 'scripts', 'e2e', 'provision.sh'), ...(browser ? ['--browser'] : [])];
		const child = spawn('bash', args, {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: process.env,
		});
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`provision.sh exited ${code}`))));
	});
	return (Date.now() - t0) / 1000;
}

// ---- the package: build in a private copy, pack, install like Community Nodes -------------------

const COPY_SKIP = new Set(['node_modules', '.cache', 'dist', '.git', 'coverage', 'test', 'bench']);

/**
 * Builds the package in a private copy of the tree (so a concurrent build in the work tree is
 * never disturbed and the work tree's dist/ is never half-written), then `npm pack`s it.
 * Returns the absolute path of the tarball (in outDir).
 */
async function buildAndPack(outDir) {
	const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'autotask-e2e-build-'));
	try {
		for (const entry of await fsp.readdir(REPO, { withFileTypes: true })) {
			if (COPY_SKIP.has(entry.name) || entry.name.endsWith('.tgz')) continue;
			await fsp.cp(path.join(REPO, entry.name), path.join(work, entry.name), { recursive: true });
		}
		await fsp.symlink(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'), 'dir');
		const pkg = JSON.parse(await fsp.readFile(path.join(work, 'package.json'), 'utf8'));
		if (process.env.E2E_AUTO_REGISTER_NODES === '1') {
			// development aid: register every nodes/<Name>/<Name>.node.ts that exists (private copy only)
			const found = fs
				.readdirSync(path.join(work, 'nodes'), { withFileTypes: true })
				.filter((d) => d.isDirectory() && fs.existsSync(path.join(work, 'nodes', d.name, `${d.name}.node.ts`)))
				.map((d) => `dist/nodes/${d.name}/${d.name}.node.js`);
			pkg.n8n = { ...pkg.n8n, nodes: [...new Set([...(pkg.n8n?.nodes ?? []), ...found])] };
			await fsp.writeFile(path.join(work, 'package.json'), JSON.stringify(pkg, null, 2));
		}
		if (pkg.scripts?.build) await run('npm', ['run', 'build', '--silent'], { cwd: work, timeoutMs: 5 * 60_000 });
		else await run('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: work, timeoutMs: 5 * 60_000 });
		await fsp.mkdir(outDir, { recursive: true });
		const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: work });
		const name = stdout.trim().split('\n').pop();
		return path.join(outDir, name);
	} finally {
		await fsp.rm(work, { recursive: true, force: true });
	}
}

function node24Env(extra = {}) {
	return {
		...process.env,
		PATH: `${path.join(NODE24_DIR, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: NODE24_DIR,
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		npm_config_update_notifier: 'false',
		...extra,
	};
}

/**
 * Installs the tarball into <userFolder>/.n8n/nodes exactly as n8n 2.40's CommunityPackagesService
 * (downloadPackage) does: extract into nodes/node_modules/<pkg>, strip dev/peer/optional
 * dependencies from its package.json, `npm install` inside it with n8n's flags, and record the
 * dependency in nodes/package.json.
 */
async function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const pkgDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	await fsp.mkdir(nodesDir, { recursive: true });
	const rootJson = path.join(nodesDir, 'package.json');
	let root = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		root = JSON.parse(await fsp.readFile(rootJson, 'utf8'));
		root.dependencies ??= {};
	} catch {
		/* first install */
	}
	await fsp.rm(pkgDir, { recursive: true, force: true });
	await fsp.mkdir(pkgDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
	const manifestPath = path.join(pkgDir, 'package.json');
	// eslint-disable-next-line no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		await fsp.readFile(manifestPath, 'utf8'),
	);
	await fsp.writeFile(manifestPath, JSON.stringify(manifest, null, 2));
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: pkgDir, env: node24Env(), timeoutMs: 5 * 60_000 },
	);
	root.dependencies[PACKAGE_NAME] = manifest.version;
	await fsp.writeFile(rootJson, JSON.stringify(root, null, 2));
	return { pkgDir, manifest };
}

// ---- n8n ----------------------------------------------------------------------------------------

function n8nEnv(userFolder, extra = {}) {
	return node24Env({
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY: 'autotask-e2e-encryption-key-not-secret',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		// N8N_RUNNERS_ENABLED is deprecated (ignored) in n8n 2.x: runners always run, in internal mode
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_OUTPUT: 'console',
		NODE_ENV: 'production',
		// keep n8n off the network: no telemetry, no npm look-ups of community packages
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		...extra,
	});
}

/** Runs one n8n CLI command (import:*, execute, export:*...) with the given user folder. */
async function n8nCli(userFolder, args, { timeoutMs = 3 * 60_000, env = {} } = {}) {
	userFolder = path.resolve(userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	// every n8n process starts a task broker; give each its own port so they never collide
	const brokerPort = String(await freePort());
	return await run(NODE24, [N8N_BIN, ...args], {
		cwd: userFolder,
		env: n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: brokerPort, ...env }),
		timeoutMs,
	});
}

/**
 * `n8n execute --id=<id> --rawOutput`: resolves with { ok, run, error, log } where `run` is n8n's
 * IRun (run.data.resultData.runData[<node>][0].data.main[0] = output items). A failed execution
 * (n8n exits 1 and prints the run in its log) resolves with ok=false and the run when it can be read.
 * Node 24 + isolated-vm sometimes crash with SIGSEGV while n8n exits, after the result is printed;
 * a complete result is accepted then.
 */
async function n8nExecute(userFolder, workflowId, { timeoutMs = 3 * 60_000 } = {}) {
	userFolder = path.resolve(userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	const brokerPort = String(await freePort());
	const result = await new Promise((resolve) => {
		execFile(
			NODE24,
			[N8N_BIN, 'execute', `--id=${workflowId}`, '--rawOutput'],
			{
				cwd: userFolder,
				env: n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: brokerPort }),
				timeout: timeoutMs,
				killSignal: 'SIGKILL',
				maxBuffer: 256 * 1024 * 1024,
			},
			(error, stdout, stderr) => resolve({ error, stdout, stderr }),
		);
	});
	const output = `${result.stdout}\n${result.stderr}`;
	const run = extractRun(result.stdout) ?? extractRun(result.stderr);
	if (result.error?.killed) throw new Error(`n8n execute ${workflowId} timed out after ${timeoutMs} ms\n${tail(output, 3000)}`);
	const ok = run?.status === 'success' && !run?.data?.resultData?.error;
	if (!run) {
		throw new Error(
			`n8n execute ${workflowId} printed no run (exit ${result.error?.code ?? 0}${result.error?.signal ? `, ${result.error.signal}` : ''})\n${tail(output, 3000)}`,
		);
	}
	const signal = result.error?.signal ?? null;
	if (signal) log(`note: n8n execute ${workflowId} ended with ${signal} after printing its result (accepted)`);
	return { ok, run, error: run.data?.resultData?.error, log: output, signal };
}

/** Finds the pretty-printed IRun JSON n8n prints (a line that is exactly "{" up to the matching "}"). */
function extractRun(text) {
	const lines = String(text ?? '').split('\n');
	for (let i = lines.length - 1; i >= 0; i--) {
		if (lines[i] !== '{') continue;
		for (let j = lines.length - 1; j > i; j--) {
			if (lines[j] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(i, j + 1).join('\n'));
				if (parsed && typeof parsed === 'object' && parsed.data?.resultData) return parsed;
			} catch {
				/* try a shorter span */
			}
		}
	}
	return null;
}

/** Output items (json only) of a node in a run, for output index `output` (default 0). */
function nodeItems(run, nodeName, output = 0) {
	const task = run?.data?.resultData?.runData?.[nodeName]?.at(-1);
	if (!task) return undefined;
	return (task.data?.main?.[output] ?? []).map((item) => item.json);
}

function nodeRaw(run, nodeName) {
	return run?.data?.resultData?.runData?.[nodeName]?.at(-1);
}

/** Starts `n8n start` under the guard; resolves when /healthz answers. */
async function startN8n(userFolder, { port, logFile, maxSeconds = 1800, env = {}, timeoutMs = 180_000 } = {}) {
	port ??= await freePort();
	userFolder = path.resolve(userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	const child = spawnGuarded(NODE24, [N8N_BIN, 'start'], {
		cwd: userFolder,
		env: n8nEnv(userFolder, {
			N8N_PORT: String(port),
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...env,
		}),
		maxSeconds,
		logFile,
	});
	const url = `http://127.0.0.1:${port}`;
	let exited = null;
	child.once('exit', (code) => (exited = code ?? 'signal'));
	await waitFor(
		`n8n on ${url}`,
		async () => {
			if (exited !== null) throw new Error(`n8n exited (${exited}) during start-up; see ${logFile}`);
			const res = await fetch(`${url}/healthz/readiness`).catch(() => null);
			return res?.ok;
		},
		{ timeoutMs, intervalMs: 1000 },
	);
	return { child, url, port, stop: () => stopChild(child) };
}

module.exports = {
	provision,
	buildAndPack,
	node24Env,
	installPackage,
	n8nEnv,
	n8nCli,
	n8nExecute,
	extractRun,
	nodeItems,
	nodeRaw,
	startN8n,
};
