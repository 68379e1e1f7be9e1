#!/usr/bin/env node
/*
 * guard.js <parentPid> <maxSeconds> <command> [args...]
 *
 * Runs a server (n8n, the simulator) so that it always stops by itself: the child is killed (its
 * whole process group, SIGTERM then SIGKILL) when
 *   - the process <parentPid> is gone (the runner or the sandbox died, even by SIGKILL),
 *   - <maxSeconds> have passed (0 = no limit),
 *   - the guard itself receives SIGINT/SIGTERM/SIGHUP.
 * The guard exits with the child's exit code. stdio is inherited.
 */
'use strict';
const { spawn } = require('node:child_process');

const [parentArg, maxArg, command, ...args] = process.argv.slice(2);
const parentPid = Number(parentArg);
const maxSeconds = Number(maxArg);
if (!command || !Number.isInteger(parentPid) || !Number.isFinite(maxSeconds)) {
	console.error('usage: guard.js <parentPid> <maxSeconds> <command> [args...]');
	process.exit(2);
}

const child = spawn(command, args, { stdio: 'inherit', detached: true });
let stopping = false;

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function stop(reason) {
	if (stopping) return;
	stopping = true;
	if (reason) console.error(`[guard] stopping ${command} (pid ${child.pid}): ${reason}`);
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		/* already gone */
	}
	setTimeout(() => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
	}, 8000).unref();
}

child.on('exit', (code, signal) => {
	clearInterval(watch);
	// make sure no grandchild of the group outlives the child
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		/* none left */
	}
	process.exit(code ?? (signal ? 1 : 0));
});
child.on('error', (error) => {
	console.error(`[guard] cannot start ${command}: ${error.message}`);
	process.exit(127);
});

const started = Date.now();
const watch = setInterval(() => {
	if (parentPid > 1 && !alive(parentPid)) stop(`parent ${parentPid} is gone`);
	else if (maxSeconds > 0 && Date.now() - started > maxSeconds * 1000) stop(`time limit of ${maxSeconds}s reached`);
}, 1000);

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop());
