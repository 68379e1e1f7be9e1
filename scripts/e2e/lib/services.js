'use strict';
/*
 * Redis and PostgreSQL for the queue-mode phase, from Debian's packages: installed once (skipped
 * when the binaries are there), started with their data in a temporary folder, listening on
 * 127.0.0.1 on free ports, each under guard.js so they stop with the runner even when it fails
 * or is killed.
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const path = require('node:path');

const common = require('./common');

const REDIS_SERVER = '/usr/bin/redis-server';
const POSTGRES_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder, or undefined. */
function postgresBin() {
	if (!fs.existsSync(POSTGRES_ROOT)) return undefined;
	const versions = fs
		.readdirSync(POSTGRES_ROOT)
		.filter((v) => fs.existsSync(path.join(POSTGRES_ROOT, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(POSTGRES_ROOT, versions[0], 'bin') : undefined;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** apt-get install redis-server postgresql, unless both are installed already. */
async function ensureInstalled() {
	if (fs.existsSync(REDIS_SERVER) && postgresBin()) return 'already installed';
	const sudo = isRoot() ? [] : ['sudo', '-n'];
	const apt = async (...args) => {
		const [command, ...rest] = [...sudo, 'apt-get', ...args];
		await common.run(command, rest, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeoutMs: 10 * 60_000,
		});
	};
	await apt('update', '-qq');
	await apt('install', '-y', '-qq', '--no-install-recommends', 'redis-server', 'postgresql');
	if (!fs.existsSync(REDIS_SERVER) || !postgresBin()) throw new Error('redis-server or postgresql is still missing after apt-get install');
	return 'installed with apt-get';
}

async function waitForPort(what, port, child) {
	await common.waitFor(
		what,
		async () => {
			if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
			return await new Promise((resolve) => {
				const socket = net.connect(port, '127.0.0.1');
				socket.once('connect', () => {
					socket.destroy();
					resolve(true);
				});
				socket.once('error', () => resolve(false));
			});
		},
		{ timeoutMs: 60_000, intervalMs: 300 },
	);
}

async function startRedis(dir, logFile) {
	await fsp.mkdir(dir, { recursive: true });
	const port = await common.freePort();
	const child = common.spawnGuarded(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
		{ logFile, maxSeconds: 3600 },
	);
	await waitForPort(`redis on ${port}`, port, child);
	return { host: '127.0.0.1', port, stop: () => common.stopChild(child) };
}

/**
 * initdb into `dir` (trust authentication, superuser n8n), start postgres on a free port and create
 * the database n8n. PostgreSQL refuses to run as root; as root it runs as the postgres user.
 */
async function startPostgres(dir, logFile) {
	const bin = postgresBin();
	const asPostgres = (command, args) => (isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
	await fsp.mkdir(dir, { recursive: true });
	if (isRoot()) {
		await fsp.chmod(path.dirname(dir), 0o755).catch(() => undefined);
		await common.run('chown', ['-R', 'postgres:postgres', dir]);
	}
	const data = path.join(dir, 'data');
	await common.run(...asPostgres(path.join(bin, 'initdb'), ['-D', data, '-U', 'n8n', '--auth=trust', '-E', 'UTF8', '--no-sync']), {
		cwd: dir,
		timeoutMs: 120_000,
	});
	const port = await common.freePort();
	const [command, args] = asPostgres(path.join(bin, 'postgres'), [
		'-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=100',
	]);
	const child = common.spawnGuarded(command, args, { cwd: dir, logFile, maxSeconds: 3600 });
	await waitForPort(`postgres on ${port}`, port, child);
	await common.waitFor(
		'postgres accepting connections',
		async () => {
			try {
				await common.run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'], { cwd: dir, timeoutMs: 30_000 });
				return true;
			} catch (error) {
				if (/already exists/.test(String(error.message))) return true;
				return false;
			}
		},
		{ timeoutMs: 60_000, intervalMs: 500 },
	);
	return { host: '127.0.0.1', port, database: 'n8n', user: 'n8n', stop: () => common.stopChild(child) };
}

module.exports = { ensureInstalled, startRedis, startPostgres };
