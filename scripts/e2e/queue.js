'use strict';
/*
 * n8n in queue mode for the e2e suite's "queue" phase: Redis and PostgreSQL (lib/services.js), one
 * main (`n8n start`: editor, API, webhooks, triggers) and workers (`n8n worker`) that take
 * executions from Redis. All share one user folder, in which the package is installed the way the
 * Community Nodes installer does, and one encryption key.
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');

const common = require('./lib/common');
const n8nApi = require('./lib/n8nApi');
const services = require('./lib/services');

/**
 * Starts services, main and `workers` workers. Resolves with
 * { main: { url, api, logFile }, workers: [{ logFile, started(), kill() }], dbEnv, userFolder, stop() }.
 * stop() stops everything in reverse order and is safe to call more than once.
 */
async function startQueueCluster(ctx, { workers = 2 } = {}) {
	const stops = [];
	const stop = async () => {
		while (stops.length) await stops.pop()().catch(() => undefined);
	};
	try {
		const base = path.join(ctx.work, 'queue');
		await fsp.mkdir(base, { recursive: true });
		common.log(`queue mode: redis and postgresql ${await services.ensureInstalled()}`);
		const redis = await services.startRedis(path.join(base, 'redis'), path.join(ctx.logs, 'redis.log'));
		stops.push(redis.stop);
		const postgres = await services.startPostgres(path.join(ctx.work, 'postgres'), path.join(ctx.logs, 'postgres.log'));
		stops.push(postgres.stop);

		const userFolder = path.join(base, 'n8n');
		await common.installPackage(userFolder, ctx.tarball);
		const clusterEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			// A killed worker's job is declared stalled after the lock lapses: seconds, not a minute.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			N8N_LOG_LEVEL: 'info',
		};

		const mainLog = path.join(ctx.logs, 'n8n-queue-main.log');
		const main = await common.startN8n(userFolder, { logFile: mainLog, env: clusterEnv, timeoutMs: 300_000 });
		stops.push(main.stop);
		const cookie = await n8nApi.ensureOwner(main.url);
		const api = n8nApi.publicApi(main.url, await n8nApi.createApiKey(main.url, cookie));

		const started = [];
		for (let index = 1; index <= workers; index++) started.push(startWorker(userFolder, clusterEnv, ctx.logs, index));
		const workerList = await Promise.all(started);
		for (const worker of workerList) stops.push(worker.stop);
		return { main: { ...main, api, logFile: mainLog }, workers: workerList, clusterEnv, userFolder, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function startWorker(userFolder, clusterEnv, logs, index) {
	const logFile = path.join(logs, `n8n-queue-worker-${index}.log`);
	const healthPort = await common.freePort();
	const child = common.spawnGuarded(common.NODE24, [common.N8N_BIN, 'worker', '--concurrency=10'], {
		cwd: userFolder,
		env: common.n8nEnv(userFolder, {
			...clusterEnv,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(await common.freePort()),
		}),
		maxSeconds: 1800,
		logFile,
	});
	await common.waitFor(
		`worker ${index} health on ${healthPort}`,
		async () => {
			if (child.exitCode !== null) throw new Error(`worker ${index} exited (${child.exitCode}); see ${logFile}`);
			const res = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`).catch(() => null);
			return res?.ok;
		},
		{ timeoutMs: 240_000, intervalMs: 1000 },
	);
	return {
		index,
		logFile,
		/** Execution ids this worker logged as started. */
		started: () =>
			[...fs.readFileSync(logFile, 'utf8').matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]),
		/** SIGKILL to n8n's whole process group (n8n and its task runner), as a crash or an OOM kill would. */
		async kill() {
			const { stdout } = await common.run('pgrep', ['-P', String(child.pid)]);
			for (const pid of stdout.split(/\s+/).filter(Boolean)) {
				try {
					process.kill(-Number(pid), 'SIGKILL');
				} catch {
					process.kill(Number(pid), 'SIGKILL');
				}
			}
		},
		stop: () => common.stopChild(child),
	};
}

/** The simulator's admin API (see test/simulator/http/admin.ts). */
function simulatorAdmin(sim) {
	const call = async (method, pathname, body) => {
		const res = await fetch(`${sim.url}/_simulator/${pathname}`, {
			method,
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = await res.json();
		if (!res.ok) throw new Error(`${method} /_simulator/${pathname}: ${res.status} ${JSON.stringify(json)}`);
		return json;
	};
	return {
		counters: () => call('GET', 'counters'),
		resetCounters: () => call('POST', 'counters/reset'),
		latency: (ms) => call('POST', 'latency', { ms }),
		hourly: (settings) => call('POST', 'hourly', settings),
		changes: (entity, since = 0) => call('GET', `changes?entity=${encodeURIComponent(entity)}&since=${since}`),
	};
}

module.exports = { startQueueCluster, simulatorAdmin };
