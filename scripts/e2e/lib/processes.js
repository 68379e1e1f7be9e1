'use strict';
/*
 * Child processes that always stop (guard.js), free ports, and waiting for a condition.
 *
 * Runs on the system Node (20); n8n itself runs on the provisioned Node 24.
 */
const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { REPO, GUARD } = require('./paths');

/** Every child started here, so that stopAllChildrenSync can stop what is left on exit. */
const children = new Set();

function log(...args) {
	const stamp = new Date().toISOString().slice(11, 19);
	console.log(`[${stamp}]`, ...args);
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a command to completion; rejects with its output on a non-zero exit or a timeout. */
function run(command, args, options = {}) {
	const { cwd = REPO, env = process.env, timeoutMs = 10 * 60_000, input } = options;
	return new Promise((resolve, reject) => {
		const child = execFile(
			command,
			args,
			{ cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error) {
					const why = error.killed ? `timed out after ${timeoutMs} ms` : `exit ${error.code}`;
					const err = new Error(
						`${path.basename(command)} ${args.join(' ')} failed (${why})\n${tail(stderr || stdout, 4000)}`,
					);
					err.stdout = stdout;
					err.stderr = stderr;
					err.code = error.code;
					reject(err);
				} else resolve({ stdout, stderr });
			},
		);
		if (input !== undefined) child.stdin.end(input);
	});
}

function tail(text, max) {
	text = String(text ?? '');
	return text.length > max ? `...${text.slice(-max)}` : text;
}

/** Spawns a long-running server under guard.js (dies with us, or after maxSeconds). */
function spawnGuarded(command, args, { cwd = REPO, env = process.env, maxSeconds = 0, logFile } = {}) {
	const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
	const child = spawn(process.execPath, [GUARD, String(process.pid), String(maxSeconds), command, ...args], {
		cwd,
		env,
		stdio: ['ignore', logFile ? out : 'pipe', logFile ? out : 'pipe'],
	});
	if (logFile) fs.closeSync(out);
	children.add(child);
	child.on('exit', () => children.delete(child));
	return child;
}

/** Stops a guarded child (SIGTERM to the guard, which stops the server's process group). */
async function stopChild(child, timeoutMs = 20_000) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = sleep(timeoutMs).then(() => 'timeout');
	if ((await Promise.race([exited, timer])) === 'timeout') {
		child.kill('SIGKILL');
		await exited;
	}
}

function stopAllChildrenSync() {
	for (const child of children) {
		try {
			child.kill('SIGTERM');
		} catch {
			/* gone */
		}
	}
}

/** Ports handed out in this run: the OS may offer a port again until its first taker binds it. */
const portsHandedOut = new Set();

/** A free TCP port on 127.0.0.1 (the OS picks it), never one this run handed out before. */
async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: chosen } = server.address();
				server.close(() => resolve(chosen));
			});
		});
		if (!portsHandedOut.has(port)) {
			portsHandedOut.add(port);
			return port;
		}
	}
}

async function portIsFree(port) {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** Polls fn until it returns a truthy value; throws after timeoutMs with the last error. */
async function waitFor(what, fn, { timeoutMs = 60_000, intervalMs = 500 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	for (;;) {
		try {
			const value = await fn();
			if (value) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
		}
		await sleep(intervalMs);
	}
}

module.exports = {
	children,
	log,
	sleep,
	run,
	tail,
	spawnGuarded,
	stopChild,
	stopAllChildrenSync,
	freePort,
	portIsFree,
	waitFor,
};
