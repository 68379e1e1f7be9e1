/**
 * The queue-mode benchmark (`npm run bench:queue`), figures appended to bench/RESULTS.md:
 *
 * 1. 900 Ticket updates split over 6 executions on 2 worker processes (3 executions each, 6 items
 *    at once per execution as the nodes do), 100 ms simulated latency, thread limit 3: once with
 *    the adaptive thread share, once with it switched off (each process assumes it is alone).
 *    The workers are real, separate Node processes, each with its own transport module; they share
 *    nothing but the simulator. The retry policy is the production one, as in n8n.
 *    `--workers=N` (default 2) runs them on N workers, `--runs=N` (default 1) repeats the update
 *    runs and adds the median, `--adaptive-only` leaves out the run without adaptation and the
 *    hourly budget; figures are appended to bench/RESULTS.md only for a full run.
 * 2. The hourly budget: limit 10,000 with 9,800 used by "other integrations" (spread over the last
 *    hour), a 300-request run; once with room to wait, once with a Max Wait of 0 minutes. The
 *    simulator's clock moves while the budget waits, so an hour of pacing takes seconds; its
 *    minutes are simulated minutes.
 */
import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { IHttpRequestOptions, INode } from 'n8n-workflow';

import { AutotaskClient } from '../nodes/transport';
import type { ClientOptions } from '../nodes/transport';
import { ADAPTIVE_THREADS, AdaptiveThreads } from '../nodes/transport/limiter';
import type { Sender } from '../nodes/transport/request';
import { HourlyBudget, hourlyBudgetSettings } from '../nodes/transport/threshold';
import type { AutotaskCredentials, HttpResponse } from '../nodes/transport/types';
import { startSimulator } from '../test/simulator';
import type { Simulator } from '../test/simulator';

const UPDATES = 900;
const EXECUTIONS = 6;
const WORKERS = numberArgument('workers', 2);
const RUNS = numberArgument('runs', 1);
const ADAPTIVE_ONLY = process.argv.includes('--adaptive-only');
const LATENCY_MS = 100;
const ITEMS_AT_ONCE = 6;
const BAR_SECONDS = (1.15 * UPDATES * (LATENCY_MS / 1000)) / 3;

function numberArgument(name: string, fallback: number): number {
	const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
	const value = given === undefined ? fallback : Number(given.slice(name.length + 3));
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1, got ${given}`);
	return value;
}

const NODE: INode = {
	id: 'bench-queue',
	name: 'Autotask',
	type: 'n8n-nodes-autotask-psa.autotask',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

interface WorkerInput {
	credentials: AutotaskCredentials;
	adaptive: boolean;
	executions: Array<Array<{ id: number; description: string }>>;
}

function fetchSender(headers: Record<string, string>): Sender {
	return async (options: IHttpRequestOptions): Promise<HttpResponse> => {
		const url = new URL(options.url);
		for (const [name, value] of Object.entries(options.qs ?? {})) url.searchParams.set(name, String(value));
		const response = await fetch(url, {
			method: options.method ?? 'GET',
			headers: { 'Content-Type': 'application/json', ...headers, ...(options.headers as Record<string, string>) },
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
		});
		const text = await response.text();
		let body: unknown = text;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON: keep the text
		}
		return { statusCode: response.status, headers: Object.fromEntries(response.headers), body };
	};
}

function clientFor(credentials: AutotaskCredentials, options: ClientOptions = {}): AutotaskClient {
	const authenticated = fetchSender({
		UserName: credentials.userName,
		Secret: credentials.secret,
		ApiIntegrationCode: credentials.integrationCode,
	});
	return AutotaskClient.withSenders(NODE, credentials, { authenticated, anonymous: fetchSender({}) }, options);
}

/**
 * One worker process: its executions run at once, each with 6 items in flight, as n8n's would.
 * Returns how many updates failed (after the transport's retries).
 */
async function worker(input: WorkerInput): Promise<number> {
	let failed = 0;
	const threads = input.adaptive ? undefined : new AdaptiveThreads(ADAPTIVE_THREADS, false);
	const client = clientFor(input.credentials, { threads });
	await client.zone();
	await Promise.all(
		input.executions.map(async (rows) => {
			let next = 0;
			await Promise.all(
				Array.from({ length: ITEMS_AT_ONCE }, async () => {
					while (next < rows.length) {
						const row = rows[next++];
						await client
							.update({ entity: 'Tickets' }, { id: row.id, description: row.description })
							.catch(() => failed++);
					}
				}),
			);
		}),
	);
	return failed;
}

/** Runs a worker process; resolves with its count of failed updates. */
function runWorker(input: WorkerInput): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = execFile(process.execPath, [__filename, 'worker'], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
			error ? reject(new Error(`worker failed: ${stderr || error.message}`)) : resolve(Number(stdout.trim())),
		);
		child.stdin?.end(JSON.stringify(input));
	});
}

function simulatorCredentials(sim: Simulator): AutotaskCredentials {
	const user = sim.users.default;
	return {
		userName: user.userName,
		secret: user.secret,
		integrationCode: user.integrationCode,
		zone: 'auto',
		customBaseUrl: '',
		zoneLookupUrl: sim.zoneLookupUrl,
		impersonationResourceId: 0,
	};
}

interface UpdateFigures {
	adaptive: boolean;
	seconds: number;
	threadRejections: number;
	writes: number;
	failedUpdates: number;
	appliedOnce: boolean;
	peakInFlight: number;
}

async function updateScenario(adaptive: boolean): Promise<UpdateFigures> {
	const sim = await startSimulator({ seed: 'empty', latencyMs: 0, threadLimit: 3 });
	try {
		sim.seedLarge('Tickets', UPDATES);
		const ids = sim.store.all('Tickets').map((ticket) => Number(ticket.id));
		const executions = Array.from({ length: EXECUTIONS }, (_, execution) =>
			ids
				.filter((_, index) => index % EXECUTIONS === execution)
				.map((id) => ({ id, description: `bench ${adaptive ? 'adaptive' : 'fixed'} ${execution}` })),
		);
		sim.latency(LATENCY_MS);
		sim.resetCounters();
		const logStart = sim.store.changeLog.length;
		const started = performance.now();
		const failures = await Promise.all(
			Array.from({ length: WORKERS }, async (_, index) =>
				await runWorker({
					credentials: simulatorCredentials(sim),
					adaptive,
					executions: executions.filter((_, execution) => execution % WORKERS === index),
				}),
			),
		);
		const seconds = (performance.now() - started) / 1000;
		const updated = sim.store.changeLog.slice(logStart).filter((entry) => entry.type === 'update').map((entry) => entry.id);
		return {
			adaptive,
			seconds,
			threadRejections: sim.counters.threadRejections,
			writes: sim.requests.filter((entry) => entry.method === 'PATCH').length,
			failedUpdates: failures.reduce((sum, count) => sum + count, 0),
			appliedOnce: updated.length === UPDATES && new Set(updated).size === UPDATES,
			peakInFlight: Math.max(...Object.values(sim.counters.maxInFlight)),
		};
	} finally {
		await sim.close();
	}
}

interface HourlyFigures {
	maxWaitMinutes: number;
	completed: number;
	refused429: number;
	thresholdReads: number;
	simulatedMinutes: number;
	failure?: string;
}

async function hourlyScenario(maxWaitMinutes: number): Promise<HourlyFigures> {
	const sim = await startSimulator({ seed: 'small', now: '2026-12-01T10:00:00Z' });
	try {
		sim.hourly.set({ limit: 10_000, usage: 9_800 });
		sim.resetCounters();
		const budget = new HourlyBudget(
			{
				now: () => sim.clock.now().getTime(),
				sleep: async (ms) => {
					sim.clock.advance(ms);
				},
			},
			hourlyBudgetSettings,
		);
		const client = clientFor(simulatorCredentials(sim), { budget, maxHourlyWaitMinutes: maxWaitMinutes });
		await client.zone();
		const ticket = Number(sim.store.all('Tickets')[0].id);
		const started = sim.clock.now().getTime();
		let completed = 0;
		let failure: string | undefined;
		try {
			for (; completed < 300; completed++) {
				await client.update({ entity: 'Tickets' }, { id: ticket, description: `budget ${completed}` });
			}
		} catch (error) {
			const described = error as Error & { description?: string };
			failure = `${described.message}. ${described.description ?? ''}`;
		}
		return {
			maxWaitMinutes,
			completed,
			refused429: sim.requests.filter((entry) => entry.status === 429).length,
			thresholdReads: sim.requests.filter((entry) => /thresholdinformation/i.test(entry.path)).length,
			simulatedMinutes: (sim.clock.now().getTime() - started) / 60_000,
			failure,
		};
	} finally {
		await sim.close();
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function updateRow(run: UpdateFigures, label: string): string {
	return `| ${label} | ${run.seconds.toFixed(1)} | ${BAR_SECONDS.toFixed(1)} | ${run.threadRejections} | ${run.writes} | ${((100 * run.threadRejections) / run.writes).toFixed(2)} % | ${run.peakInFlight} | ${run.failedUpdates} | ${run.appliedOnce ? 'yes' : 'NO'} |`;
}

async function main(): Promise<void> {
	const runs: UpdateFigures[] = [];
	for (let run = 0; run < RUNS; run++) {
		runs.push(await updateScenario(true));
		if (!ADAPTIVE_ONLY) runs.push(await updateScenario(false));
	}
	const adaptiveRuns = runs.filter((run) => run.adaptive);
	const summary =
		RUNS > 1
			? [
					'',
					`Adaptive, ${RUNS} runs: wall time median ${median(adaptiveRuns.map((run) => run.seconds)).toFixed(1)} s (${Math.min(...adaptiveRuns.map((run) => run.seconds)).toFixed(1)} to ${Math.max(...adaptiveRuns.map((run) => run.seconds)).toFixed(1)}), refused median ${median(adaptiveRuns.map((run) => (100 * run.threadRejections) / run.writes)).toFixed(2)} % (${Math.min(...adaptiveRuns.map((run) => (100 * run.threadRejections) / run.writes)).toFixed(2)} to ${Math.max(...adaptiveRuns.map((run) => (100 * run.threadRejections) / run.writes)).toFixed(2)} %).`,
				]
			: [];
	const lines = [
		'',
		`## Queue mode (npm run bench:queue${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}, ${new Date().toISOString().slice(0, 10)})`,
		'',
		`${UPDATES} Ticket updates in ${EXECUTIONS} executions on ${WORKERS} separate worker process${WORKERS === 1 ? '' : 'es'} (each with its own transport),`,
		`${ITEMS_AT_ONCE} items at once per execution, ${LATENCY_MS} ms simulated latency, thread limit 3. Bar: wall time <= 1.15 x ${UPDATES} x ${LATENCY_MS / 1000} / 3 = ${BAR_SECONDS.toFixed(1)} s, refusals <= 1 % of writes.`,
		'',
		'| thread share | wall time (s) | bar (s) | thread refusals | write requests | refused share | peak in flight | updates failed | each update applied once |',
		'|---|---|---|---|---|---|---|---|---|',
		...runs.map((run) => updateRow(run, run.adaptive ? 'adaptive' : 'off (3 per process)')),
		...summary,
		'',
	];
	if (!ADAPTIVE_ONLY) {
		const budgets = [await hourlyScenario(90), await hourlyScenario(0)];
		lines.push(
			'Hourly budget: limit 10,000 with 9,800 already used (spread over the last hour), one 300-update run.',
			'Minutes are simulator minutes (the simulator clock advances while the budget waits).',
			'',
			'| Max Wait for Hourly Limit | updates done | HTTP 429 | ThresholdInformation reads | simulated minutes | outcome |',
			'|---|---|---|---|---|---|',
			...budgets.map(
				(budget) =>
					`| ${budget.maxWaitMinutes} min | ${budget.completed} / 300 | ${budget.refused429} | ${budget.thresholdReads} | ${budget.simulatedMinutes.toFixed(1)} | ${budget.failure ? `failed: ${budget.failure.replace(/\|/g, '/')}` : 'completed'} |`,
			),
			'',
		);
		appendFileSync(join(__dirname, '..', '..', 'RESULTS.md'), lines.join('\n'));
	}
	process.stdout.write(`${lines.join('\n')}\n`);
	const failed = adaptiveRuns.find((run) => !run.appliedOnce || run.threadRejections > run.writes / 100);
	process.exitCode = failed ? 1 : 0;
}

if (process.argv[2] === 'worker') {
	let input = '';
	process.stdin.on('data', (chunk: Buffer) => (input += chunk.toString('utf8')));
	process.stdin.on('end', () => {
		worker(JSON.parse(input) as WorkerInput)
			.then((failed) => process.stdout.write(`${failed}\n`))
			.catch((error: Error) => {
			process.stderr.write(`${error.stack ?? error.message}\n`);
			process.exitCode = 1;
		});
	});
} else {
	main().catch((error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exitCode = 1;
	});
}
