'use strict';
/*
 * The Autotask simulator, built once and started as a process of its own.
 *
 * Runs on the system Node (20); n8n itself runs on the provisioned Node 24.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const crypto = require('node:crypto');

const { REPO, CACHE, GUARD } = require('./paths');
const { children, run, stopChild } = require('./processes');

// ---- the simulator --------------------------------------------------------------------------------

function hashTree(dir) {
	const hash = crypto.createHash('sha256');
	const walk = (d) => {
		for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const p = path.join(d, entry.name);
			if (entry.isDirectory()) walk(p);
			else if (/\.(ts|json)$/.test(entry.name)) {
				hash.update(path.relative(dir, p));
				hash.update(fs.readFileSync(p));
			}
		}
	};
	walk(dir);
	return hash.digest('hex');
}

/**
 * Compiles test/simulator (TypeScript, Node built-ins only) into .cache/sim with the repo's tsc,
 * unless the sources are unchanged since the last compile. Returns the path of the CLI's .js.
 */
async function buildSimulator() {
	const srcDir = path.join(REPO, 'test', 'simulator');
	const cliTs = path.join(srcDir, 'cli.ts');
	if (!fs.existsSync(cliTs)) throw new Error('test/simulator/cli.ts does not exist yet');
	const outDir = path.join(CACHE, 'sim');
	const stampFile = path.join(outDir, '.stamp');
	const digest = hashTree(srcDir);
	const cliJs = path.join(outDir, 'test', 'simulator', 'cli.js');
	if (fs.existsSync(cliJs) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === digest) return cliJs;
	await fsp.rm(outDir, { recursive: true, force: true });
	const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
	const ownConfig = path.join(srcDir, 'tsconfig.json');
	const args = fs.existsSync(ownConfig)
		? ['-p', ownConfig, '--outDir', outDir, '--rootDir', REPO, '--noEmit', 'false', '--declaration', 'false']
		: [
				'--outDir', outDir, '--rootDir', REPO, '--module', 'commonjs', '--target', 'es2021', '--lib', 'es2021',
				'--types', 'node', '--moduleResolution', 'node', '--esModuleInterop', '--skipLibCheck', '--strict',
				'--resolveJsonModule', '--sourceMap', 'false', cliTs,
			];
	await run(process.execPath, [tsc, ...args], { timeoutMs: 5 * 60_000 });
	if (!fs.existsSync(cliJs)) throw new Error(`tsc did not produce ${cliJs}`);
	fs.writeFileSync(stampFile, digest);
	return cliJs;
}

/**
 * Starts the simulator CLI (system Node) under the guard on 127.0.0.1. Resolves with the JSON line
 * it prints (url, zoneLookupUrl, default credentials) plus stop().
 */
async function startSimulator({ seed = 'small', port = 0, maxSeconds = 1800, logFile, extraArgs = [] } = {}) {
	const cliJs = await buildSimulator();
	const args = [cliJs, '--port', String(port), '--seed', String(seed), ...extraArgs];
	const child = spawn(process.execPath, [GUARD, String(process.pid), String(maxSeconds), process.execPath, ...args], {
		cwd: REPO,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.add(child);
	child.on('exit', () => children.delete(child));
	const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
	child.stderr.on('data', (d) => logStream?.write(d));
	const info = await new Promise((resolve, reject) => {
		let buffer = '';
		const timer = setTimeout(() => reject(new Error(`simulator printed nothing in 60 s:\n${buffer}`)), 60_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`simulator exited (${code}) before printing its address:\n${buffer}`));
		});
		child.stdout.on('data', (d) => {
			logStream?.write(d);
			buffer += d;
			for (const line of buffer.split('\n')) {
				const trimmed = line.trim();
				if (!trimmed.startsWith('{')) continue;
				try {
					const parsed = JSON.parse(trimmed);
					if (parsed.url) {
						clearTimeout(timer);
						resolve(parsed);
						return;
					}
				} catch {
					/* not complete yet */
				}
			}
		});
	});
	child.removeAllListeners('exit');
	child.on('exit', () => children.delete(child));
	const user = info.users?.default ?? info.user ?? info.credentials ?? info.default ?? info;
	return {
		...info,
		user: { userName: user.userName, secret: user.secret, integrationCode: user.integrationCode },
		child,
		stop: () => stopChild(child),
	};
}

module.exports = {
	hashTree,
	buildSimulator,
	startSimulator,
};
