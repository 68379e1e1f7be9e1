/**
 * The benchmark: the performance bars of docs PRODUCT.md measured against the simulator through
 * the workflow harness (real n8n-core executions), written to bench/RESULTS.md.
 *
 *   npm run bench            (tsc -p bench/tsconfig.json, then node --expose-gc bench/tmp/bench/run.js)
 *   ... run.js --quick       N = 1,000 and 10,000 only, no one-at-a-time baseline, no package build
 *   ... run.js --no-pack     everything but the package build
 *   ... run.js --counts=FILE the request counts as JSON to FILE instead of bench/tmp/counts.json
 *
 * Request counts are exact bars: the script exits with 1 when one is missed. Times and memory are
 * reported (with the bar they are compared with) but do not change the exit code. Only the
 * sections this script writes are replaced in RESULTS.md; the others (queue mode, webhook,
 * attachments, reference labels, ...) are kept as they are.
 */
import './env';

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AutotaskUserApi } from '../credentials/AutotaskUserApi.credentials';
import { Autotask } from '../nodes/Autotask/Autotask.node';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { AutotaskWebhookTrigger } from '../nodes/AutotaskWebhookTrigger/AutotaskWebhookTrigger.node';
import { AutotaskAttachment } from '../nodes/AutotaskAttachment/AutotaskAttachment.node';
import { clearMetadataCache } from '../nodes/transport';
import { autotaskThreads } from '../nodes/transport/limiter';
import {
	ITEMS,
	MANUAL_TRIGGER,
	buildNode,
	callMethod,
	chain,
	createPoller,
	registerCredentialType,
	registerPackageNode,
	runWorkflow,
	shutdownHarness,
} from '../test/harness';
import { credentialsFor } from '../test/helpers/credentials';
import { startSimulator } from '../test/simulator';
import type { Simulator } from '../test/simulator';
import { REPO_ROOT, measureDescriptionLoads, measurePackSize } from './editor';
import type { DescriptionLoad, PackSize } from './editor';
import { PeakSampler, collectGarbage, hasGc, liveHeap, machine, mib, seconds } from './measure';
import { updateResultsFile } from './resultsFile';
import type { OwnedSection } from './resultsFile';

// V8 drops the bytecode of functions unused for a while during garbage collections; during a
// measured read that shrinks the heap by megabytes of code and hides the output's size.
setFlagsFromString('--no-flush-bytecode');

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const PACK = !QUICK && !args.has('--no-pack');
const COUNTS_OPTION = process.argv.slice(2).find((arg) => arg.startsWith('--counts='));
const COUNTS_FILE = COUNTS_OPTION ? resolve(COUNTS_OPTION.slice('--counts='.length)) : join(REPO_ROOT, 'bench', 'tmp', 'counts.json');

const PAGE = 500;
const LATENCY_MS = 50;
const WRITE_LATENCY_MS = 100;
const SIZES = QUICK ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const METADATA_KINDS = ['entityInformation', 'fields', 'udf'] as const;
// Transient copies last only milliseconds: sample as often as full collections allow.
const LIVE_SAMPLE_MS = 5;
// The hourly budget reads ThresholdInformation first after 100 requests to a tenant, then at most
// once a minute and only above half the limit: in these runs (far below it) once per simulator.
const BUDGET_BAR = 'at most 1 ThresholdInformation read';

// The compiled harness cannot find credentials/*.credentials.ts next to itself: register by hand.
registerCredentialType(new AutotaskUserApi());
const AUTOTASK = registerPackageNode(new Autotask());
const PORTAL_USER = registerPackageNode(new AutotaskClientPortalUser());
const RESOURCE = registerPackageNode(new AutotaskResource());
const TRIGGER = registerPackageNode(new AutotaskTrigger());
const WEBHOOK_TRIGGER = registerPackageNode(new AutotaskWebhookTrigger());
const ATTACHMENT = registerPackageNode(new AutotaskAttachment());

// ------------------------------------------------------------------------------------------------
// Bookkeeping

interface Row {
	scenario: string;
	requests: number;
	/** Requests by the simulator's kinds, for the counts file. */
	byKind: Record<string, number>;
	/** What the requests were, e.g. "200 query, 3 metadata, 1 zone". */
	breakdown: string;
	minimum: number;
	wallMs?: number;
	memory?: string;
	/** The bar, in words. */
	bar: string;
	/** Exact request-count bar: missing it fails the run. */
	countsMet: boolean;
	/** Reported-only bars (time, memory): undefined when there is none. */
	otherMet?: boolean;
	note?: string;
}

interface MemoryRow {
	scenario: string;
	items: number;
	outputHeap: number;
	outputJson: number;
	livePeak: number;
	overhead: number;
	rawPeakHeap: number;
	peakRss: number;
}

interface MethodRow {
	node: string;
	method: string;
	first: string;
	second: string;
	firstMs: number;
	secondMs: number;
	metadataOnSecond: number;
}

const rows: Row[] = [];
const memoryRows: MemoryRow[] = [];
const methodRows: MethodRow[] = [];
const failures: string[] = [];
/** Every counted set of requests by name: written to COUNTS_FILE so two commits compare with one diff. */
const requestCounts = new Map<string, Record<string, number>>();

function countRequests(name: string, total: number, byKind: Record<string, number>): void {
	const kinds = Object.entries(byKind).filter(([, count]) => count > 0);
	requestCounts.set(name, { requests: total, ...Object.fromEntries(kinds) });
}

interface Tally {
	total: number;
	/** Requests for records: every request but metadata, the zone lookup and the hourly budget's reads. */
	data: number;
	metadata: number;
	zone: number;
	/** ThresholdInformation reads of the hourly budget (transport/threshold.ts). */
	threshold: number;
	byKind: Record<string, number>;
	/** The most requests any one (entity, metadata kind) got. */
	metadataPerEndpoint: number;
	breakdown: string;
}

function tally(sim: Simulator): Tally {
	const byKind = { ...sim.counters.byKind } as Record<string, number>;
	const metadata = METADATA_KINDS.reduce((sum, kind) => sum + byKind[kind], 0);
	const perEndpoint = new Map<string, number>();
	for (const request of sim.requests) {
		if (!(METADATA_KINDS as readonly string[]).includes(request.kind)) continue;
		const key = `${String(request.entity).toLowerCase()}|${request.kind}`;
		perEndpoint.set(key, (perEndpoint.get(key) ?? 0) + 1);
	}
	const data = sim.counters.total - metadata - byKind.zone - byKind.threshold;
	const parts = Object.entries(byKind)
		.filter(([kind, count]) => count > 0 && !(METADATA_KINDS as readonly string[]).includes(kind))
		.map(([kind, count]) => `${count} ${kind}`);
	if (metadata) parts.push(`${metadata} metadata`);
	return {
		total: sim.counters.total,
		data,
		metadata,
		zone: byKind.zone,
		threshold: byKind.threshold,
		byKind,
		metadataPerEndpoint: Math.max(0, ...perEndpoint.values()),
		breakdown: parts.join(', ') || 'none',
	};
}

function record(row: Row): void {
	rows.push(row);
	countRequests(row.scenario, row.requests, row.byKind);
	const status = row.countsMet ? 'ok' : 'MISSED';
	if (!row.countsMet) failures.push(`${row.scenario}: ${row.bar} (made ${row.breakdown})`);
	process.stdout.write(
		`${status.padEnd(6)} ${row.scenario}: ${row.requests} requests (${row.breakdown}), minimum ${row.minimum}` +
			`${row.wallMs === undefined ? '' : `, ${seconds(row.wallMs)}`}${row.memory ? `, ${row.memory}` : ''}\n`,
	);
}

async function run(sim: Simulator, nodes: ReturnType<typeof buildNode>[]) {
	return await runWorkflow(chain(nodes), { credentials: credentialsFor(sim) });
}

function outputOf(result: Awaited<ReturnType<typeof run>>, name: string): INodeExecutionData[] {
	if (result.status !== 'success') {
		throw new Error(`${name} failed: ${result.error?.message} (${result.error?.description ?? ''})`);
	}
	return result.output(name);
}

function jsonLength(items: INodeExecutionData[]): number {
	let length = 0;
	for (const item of items) length += JSON.stringify(item.json).length;
	return length;
}

// ------------------------------------------------------------------------------------------------
// Get Many / Return All, and Limit

interface ReadCase {
	label: string;
	type: string;
	name: string;
	parameters: INodeParameters;
}

const SETTLE_MS = 1500;

/**
 * The live heap once the last run's output is surely unreachable. Measured: a released
 * 100,000-item output is still reachable right after its run and gone a second later (something
 * of the run holds it for a moment), so a baseline taken at once counted an earlier output.
 */
async function settledHeap(): Promise<number> {
	await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
	return await liveHeap();
}

/**
 * Runs one read twice: once for requests, wall time and the raw heap/RSS peak (sampled every 10 ms,
 * garbage included), once for the live heap peak (a full collection before every sample, 100 ms).
 * The output's own size is the live heap its release gives back once nothing else of the run is held.
 */
async function measureRead(sim: Simulator, read: ReadCase, expected: number): Promise<void> {
	const nodes = () => [buildNode(MANUAL_TRIGGER), buildNode(read.type, read.parameters, { name: read.name })];

	clearMetadataCache();
	sim.resetCounters();
	const rawSampler = new PeakSampler(10, false);
	let baseline = await settledHeap();
	rawSampler.start();
	const started = performance.now();
	let result: Awaited<ReturnType<typeof run>> | undefined = await run(sim, nodes());
	const wallMs = performance.now() - started;
	const rawPeak = rawSampler.stop();
	let items: INodeExecutionData[] | undefined = outputOf(result, read.name);
	const counts = tally(sim);
	const itemCount = items.length;
	result = undefined;
	const outputJson = jsonLength(items);
	items = undefined;

	clearMetadataCache();
	baseline = await settledHeap();
	const liveSampler = new PeakSampler(LIVE_SAMPLE_MS, true).start();
	result = await run(sim, nodes());
	const livePeak = liveSampler.stop();
	items = outputOf(result, read.name);
	result = undefined;
	const heldWithOutput = await liveHeap();
	items = undefined;
	const heldAfter = await settledHeap();
	// What the items keep is the difference their release makes; the lower floor counts against the run.
	const outputHeap = heldWithOutput - heldAfter;
	baseline = Math.min(baseline, heldAfter);
	const overhead = livePeak.heapUsed - baseline - outputHeap;

	const minimum = Math.ceil(expected / PAGE);
	const overheadShare = overhead / outputHeap;
	memoryRows.push({
		scenario: read.label,
		items: itemCount,
		outputHeap,
		outputJson,
		livePeak: livePeak.heapUsed - baseline,
		overhead,
		rawPeakHeap: rawPeak.heapUsed - baseline,
		peakRss: rawPeak.rss,
	});
	record({
		scenario: read.label,
		requests: counts.total,
		byKind: counts.byKind,
		breakdown: counts.breakdown,
		minimum,
		wallMs,
		memory: `${(overheadShare * 100).toFixed(1)}% beyond output`,
		bar: `ceil(N/500) = ${minimum} queries, at most 1 request per metadata endpoint, ${BUDGET_BAR}, ${expected} items`,
		countsMet:
			counts.data === minimum &&
			counts.metadataPerEndpoint <= 1 &&
			counts.zone <= 1 &&
			counts.threshold <= 1 &&
			itemCount === expected,
		otherMet: overheadShare < 0.2,
		note: itemCount === expected ? undefined : `returned ${itemCount} items`,
	});
}

async function readScenarios(): Promise<void> {
	const cases: Array<{ entity: string; read: (n: number) => ReadCase }> = [
		{
			entity: 'Contacts',
			read: (n) => ({
				label: `Get Many, Return All: ${n.toLocaleString('en')} Contacts (generic node)`,
				type: AUTOTASK,
				name: 'Autotask',
				parameters: { operation: 'getMany', entity: 'Contacts', returnAll: true },
			}),
		},
		{
			entity: 'ClientPortalUsers',
			read: (n) => ({
				label: `Get Many, Return All: ${n.toLocaleString('en')} ClientPortalUsers (portal user node)`,
				type: PORTAL_USER,
				name: 'Portal',
				parameters: { operation: 'getMany', returnAll: true },
			}),
		},
	];
	for (const { entity, read } of cases) {
		// An empty tenant, grown to each size in turn, so that N is exact.
		const sim = await startSimulator({ seed: 'empty', latencyMs: LATENCY_MS });
		try {
			let seeded = 0;
			sim.seedLarge(entity, 10);
			// A first run loads n8n-core's lazily required modules and the zone: not part of any figure.
			const warmUp = read(10);
			outputOf(await run(sim, [buildNode(MANUAL_TRIGGER), buildNode(warmUp.type, warmUp.parameters, { name: warmUp.name })]), warmUp.name);
			seeded = 10;
			for (const size of SIZES) {
				sim.seedLarge(entity, size - seeded);
				seeded = size;
				await measureRead(sim, read(size), size);
			}
			if (entity === 'Contacts') await limitScenario(sim, seeded);
		} finally {
			await sim.close();
		}
	}
}

async function limitScenario(sim: Simulator, available: number): Promise<void> {
	// The Return All runs before left Contacts' metadata in the process cache, as in a running n8n.
	sim.resetCounters();
	const started = performance.now();
	const result = await run(sim, [
		buildNode(MANUAL_TRIGGER),
		buildNode(AUTOTASK, { operation: 'getMany', entity: 'Contacts', returnAll: false, limit: 37 }, { name: 'Autotask' }),
	]);
	const wallMs = performance.now() - started;
	const items = outputOf(result, 'Autotask');
	const counts = tally(sim);
	const queries = sim.requests.filter((request) => request.kind === 'query' || request.kind === 'queryNext');
	const maxRecords = queries.map((request) => (request.body as IDataObject | undefined)?.MaxRecords);
	record({
		scenario: `Get Many, Limit 37 of ${available.toLocaleString('en')} Contacts`,
		requests: counts.total,
		byKind: counts.byKind,
		breakdown: counts.breakdown,
		minimum: 1,
		wallMs,
		bar: '1 query with MaxRecords 37, at most 1 request per metadata endpoint, 37 items',
		countsMet:
			counts.data === 1 && maxRecords.length === 1 && maxRecords[0] === 37 && counts.metadataPerEndpoint <= 1 && items.length === 37,
		note: `MaxRecords sent: ${maxRecords.join(', ')}; metadata already cached by the runs before`,
	});
}

// ------------------------------------------------------------------------------------------------
// 300 updates

const UPDATE_COUNT = 300;

async function updateScenarios(): Promise<void> {
	const sim = await startSimulator({ seed: 'small', latencyMs: WRITE_LATENCY_MS });
	try {
		sim.seedLarge('Tickets', UPDATE_COUNT);
		const ids = sim.store
			.all('Tickets')
			.slice(-UPDATE_COUNT)
			.map((ticket) => ticket.id as number);
		const updateNodes = (items: IDataObject[], label: string) => [
			buildNode(MANUAL_TRIGGER),
			buildNode(ITEMS, { items: items as unknown as INodeParameters[] }),
			buildNode(
				AUTOTASK,
				{
					operation: 'update',
					entity: 'Tickets',
					recordId: '={{ $json.id }}',
					fieldsSource: 'json',
					fieldsJson: `={{ JSON.stringify({ description: "${label} " + $json.n }) }}`,
				},
				{ name: 'Autotask' },
			),
		];
		const items = ids.map((id, n) => ({ id, n }));
		// Metadata and the zone are fetched once per process; a warm-up run takes them out of the figures.
		outputOf(await run(sim, updateNodes(items.slice(0, 1), 'warm-up')), 'Autotask');

		const theoreticalMs = (UPDATE_COUNT / 3) * WRITE_LATENCY_MS;
		const measure = async (label: string) => {
			sim.resetCounters();
			const started = performance.now();
			const output = outputOf(await run(sim, updateNodes(items, label)), 'Autotask');
			const wallMs = performance.now() - started;
			const updates = sim.requests.filter((request) => request.kind === 'update');
			const writePhaseMs = Math.max(...updates.map((r) => r.endedAt)) - Math.min(...updates.map((r) => r.startedAt));
			const written = output.filter((item) => String(item.json.description).startsWith(label)).length;
			return { counts: tally(sim), wallMs, writePhaseMs, written, rejections: sim.counters.threadRejections, peak: Math.max(0, ...Object.values(sim.counters.maxInFlight)) };
		};

		const parallel = await measure('bench');
		record({
			scenario: `${UPDATE_COUNT} updates (Tickets), ${WRITE_LATENCY_MS} ms latency`,
			requests: parallel.counts.total,
			byKind: parallel.counts.byKind,
			breakdown: parallel.counts.breakdown,
			minimum: UPDATE_COUNT + 1,
			wallMs: parallel.wallMs,
			bar: `${UPDATE_COUNT} writes + 1 re-read query, ${BUDGET_BAR}, 0 thread-limit rejections; wall time within 15% of ${seconds(theoreticalMs)}`,
			countsMet:
				parallel.counts.byKind.update === UPDATE_COUNT &&
				parallel.counts.byKind.query + parallel.counts.byKind.queryNext === 1 &&
				parallel.counts.threshold <= 1 &&
				parallel.counts.total === UPDATE_COUNT + 1 + parallel.counts.threshold &&
				parallel.rejections === 0 &&
				parallel.written === UPDATE_COUNT,
			otherMet: parallel.wallMs <= theoreticalMs * 1.15,
			note: `${(parallel.wallMs / theoreticalMs).toFixed(2)} x theory; writes took ${seconds(parallel.writePhaseMs)}; at most ${parallel.peak} in flight; ${parallel.rejections} thread-limit rejections`,
		});

		if (QUICK) return;
		// Baseline: the same run with one request in flight at a time (what the peer node does).
		const acquire = autotaskThreads.acquire.bind(autotaskThreads);
		autotaskThreads.acquire = (key: string) => acquire(key, 1);
		try {
			const oneAtATime = await measure('baseline');
			record({
				scenario: `Baseline: the same ${UPDATE_COUNT} updates one at a time`,
				requests: oneAtATime.counts.total,
				byKind: oneAtATime.counts.byKind,
				breakdown: oneAtATime.counts.breakdown,
				minimum: UPDATE_COUNT + 1,
				wallMs: oneAtATime.wallMs,
				bar: `same requests; for the ratio only`,
				countsMet: oneAtATime.counts.byKind.update === UPDATE_COUNT && oneAtATime.rejections === 0,
				note: `${(oneAtATime.wallMs / parallel.wallMs).toFixed(2)} x the wall time of 3 in flight; at most ${oneAtATime.peak} in flight`,
			});
		} finally {
			autotaskThreads.acquire = acquire;
		}
	} finally {
		await sim.close();
	}
}

// ------------------------------------------------------------------------------------------------
// Trigger

const DRAIN = 1_234;
const SNAPSHOT = 3_000;

/** Metadata requests per endpoint over a trigger's life: each may be fetched once per process. */
class MetadataLedger {
	private readonly counts = new Map<string, number>();

	add(sim: Simulator): void {
		for (const request of sim.requests) {
			if (!(METADATA_KINDS as readonly string[]).includes(request.kind)) continue;
			const key = `${String(request.entity).toLowerCase()}|${request.kind}`;
			this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
		}
	}

	get repeated(): string[] {
		return [...this.counts].filter(([, count]) => count > 1).map(([key, count]) => `${key} x${count}`);
	}
}

async function pollOnce(sim: Simulator, poller: ReturnType<typeof createPoller>, ledger: MetadataLedger) {
	sim.resetCounters();
	const started = performance.now();
	const result = await poller.poll();
	const wallMs = performance.now() - started;
	ledger.add(sim);
	return { events: result?.[0]?.length ?? 0, wallMs, counts: tally(sim) };
}

const FIRST_USE_NOTE = 'metadata fetched once per process when first needed, as the bar allows';

async function triggerScenarios(): Promise<void> {
	const sim = await startSimulator({ seed: 'empty', latencyMs: LATENCY_MS });
	try {
		sim.seedLarge('Contacts', 3_000);
		const poller = createPoller({
			node: buildNode(
				TRIGGER,
				{ entity: 'Contacts', event: 'createdOrUpdated', options: { maxEvents: 5_000 } },
				{ name: 'Autotask Trigger' },
			),
			credentials: credentialsFor(sim),
		});
		clearMetadataCache();
		const ledger = new MetadataLedger();
		const arm = await pollOnce(sim, poller, ledger);
		countRequests('Trigger, arming poll (Contacts, timestamp strategy)', arm.counts.total, arm.counts.byKind);
		const idle = await pollOnce(sim, poller, ledger);
		record({
			scenario: 'Trigger, idle poll (Contacts, timestamp strategy)',
			requests: idle.counts.total,
			byKind: idle.counts.byKind,
			breakdown: idle.counts.breakdown,
			minimum: 1,
			wallMs: idle.wallMs,
			bar: '1 request, no event',
			countsMet: idle.counts.total === 1 && idle.events === 0,
			note: `arming (first activation) took ${arm.counts.total} requests (${arm.counts.breakdown}) and emitted ${arm.events}`,
		});

		sim.clock.advance(120_000);
		const contacts = sim.store.all('Contacts').slice(0, DRAIN);
		contacts.forEach((contact, n) => {
			sim.clock.advance(10);
			sim.store.update('Contacts', contact.id as number, { title: `Changed ${n}` });
		});
		const drain = await pollOnce(sim, poller, ledger);
		record({
			scenario: `Trigger, a poll that drains ${DRAIN.toLocaleString('en')} changes (Contacts)`,
			requests: drain.counts.total,
			byKind: drain.counts.byKind,
			breakdown: drain.counts.breakdown,
			minimum: Math.ceil(DRAIN / PAGE),
			wallMs: drain.wallMs,
			bar: `${Math.ceil(DRAIN / PAGE)} data requests, ${DRAIN} events (Max Events per Poll 5,000); each metadata endpoint at most once over the trigger's life`,
			countsMet: drain.counts.data === Math.ceil(DRAIN / PAGE) && drain.events === DRAIN && ledger.repeated.length === 0,
			note: `${drain.events} events${drain.counts.metadata ? `; ${FIRST_USE_NOTE}` : ''}${ledger.repeated.length ? `; repeated: ${ledger.repeated.join(', ')}` : ''}`,
		});
	} finally {
		await sim.close();
	}

	const portal = await startSimulator({ seed: 'empty', latencyMs: LATENCY_MS });
	try {
		portal.seedLarge('ClientPortalUsers', SNAPSHOT);
		const poller = createPoller({
			node: buildNode(TRIGGER, { entity: 'ClientPortalUsers', event: 'createdOrUpdated' }, { name: 'Autotask Trigger' }),
			credentials: credentialsFor(portal),
		});
		clearMetadataCache();
		const ledger = new MetadataLedger();
		const arm = await pollOnce(portal, poller, ledger);
		countRequests('Trigger, arming poll (portal users, snapshot strategy)', arm.counts.total, arm.counts.byKind);
		const changed = portal.store.all('ClientPortalUsers').slice(0, 25);
		for (const user of changed) portal.store.update('ClientPortalUsers', user.id as number, { isClientPortalActive: !user.isClientPortalActive });
		const snapshot = await pollOnce(portal, poller, ledger);
		const pages = Math.ceil(SNAPSHOT / PAGE);
		record({
			scenario: `Trigger, snapshot poll of ${SNAPSHOT.toLocaleString('en')} portal users`,
			requests: snapshot.counts.total,
			byKind: snapshot.counts.byKind,
			breakdown: snapshot.counts.breakdown,
			minimum: pages,
			wallMs: snapshot.wallMs,
			bar: `${pages} data requests, the ${changed.length} changed users as events; each metadata endpoint at most once over the trigger's life`,
			countsMet: snapshot.counts.data === pages && snapshot.events === changed.length && ledger.repeated.length === 0,
			note: `${snapshot.events} events; arming took ${arm.counts.total} requests (${arm.counts.breakdown})${snapshot.counts.metadata ? `; ${FIRST_USE_NOTE}` : ''}${ledger.repeated.length ? `; repeated: ${ledger.repeated.join(', ')}` : ''}`,
		});
	} finally {
		await portal.close();
	}
}

// ------------------------------------------------------------------------------------------------
// Editor: loadOptions / listSearch / resourceMapping

interface MethodCase {
	type: string;
	node: string;
	parameters: INodeParameters;
	kind: 'loadOptions' | 'listSearch' | 'resourceMapping';
	method: string;
}

/** What the editor has filled in when it asks each node for a list. */
const METHOD_PARAMETERS: Record<string, Partial<Record<MethodCase['kind'], INodeParameters>> & { default: INodeParameters }> = {
	[AUTOTASK]: {
		default: { operation: 'getMany', entity: 'Contacts' },
		resourceMapping: { operation: 'create', entity: 'Tickets' },
	},
	[PORTAL_USER]: { default: { operation: 'create' } },
	[RESOURCE]: { default: { operation: 'getMany' }, resourceMapping: { operation: 'update' } },
	[TRIGGER]: { default: { entity: 'Tickets', event: 'createdOrUpdated' } },
	[WEBHOOK_TRIGGER]: { default: { entity: 'Tickets', events: ['created', 'updated'] } },
	[ATTACHMENT]: { default: {} },
};

function methodCases(): MethodCase[] {
	const nodes: Array<[string, string, { methods?: Record<string, unknown> }]> = [
		[AUTOTASK, 'Autotask', new Autotask()],
		[PORTAL_USER, 'Autotask Client Portal User', new AutotaskClientPortalUser()],
		[RESOURCE, 'Autotask Resource', new AutotaskResource()],
		[TRIGGER, 'Autotask Trigger', new AutotaskTrigger()],
		[WEBHOOK_TRIGGER, 'Autotask Trigger (webhook)', new AutotaskWebhookTrigger()],
		[ATTACHMENT, 'Autotask Attachment', new AutotaskAttachment()],
	];
	return nodes.flatMap(([type, node, instance]) =>
		(['loadOptions', 'listSearch', 'resourceMapping'] as const).flatMap((kind) =>
			Object.keys((instance.methods?.[kind] as object | undefined) ?? {}).map((method) => ({
				type,
				node,
				kind,
				method,
				parameters: METHOD_PARAMETERS[type][kind] ?? METHOD_PARAMETERS[type].default,
			})),
		),
	);
}

async function editorScenarios(): Promise<{ loads: DescriptionLoad[]; pack?: PackSize | string }> {
	const sim = await startSimulator({ seed: 'small', latencyMs: LATENCY_MS });
	try {
		clearMetadataCache();
		const credentials = credentialsFor(sim);
		let allMetadata = 0;
		let allRequests = 0;
		let zoneLookups = 0;
		const allByKind: Record<string, number> = {};
		// What no cache can save: one search query per listSearch call.
		let searches = 0;
		const perEndpoint = new Map<string, number>();
		for (const item of methodCases()) {
			const calls: Array<{ ms: number; counts: Tally; error?: string }> = [];
			for (let call = 0; call < 2; call++) {
				sim.resetCounters();
				const started = performance.now();
				let error: string | undefined;
				try {
					await callMethod(item.kind, item.method, {
						node: buildNode(item.type, item.parameters),
						credentials,
						filter: item.kind === 'listSearch' ? 'a' : undefined,
					});
				} catch (caught) {
					error = (caught as Error).message;
				}
				const counts = tally(sim);
				for (const request of sim.requests) {
					if (!(METADATA_KINDS as readonly string[]).includes(request.kind)) continue;
					const key = `${String(request.entity).toLowerCase()}|${request.kind}`;
					perEndpoint.set(key, (perEndpoint.get(key) ?? 0) + 1);
				}
				countRequests(`Editor: ${item.node} ${item.kind}.${item.method}, call ${call + 1}`, counts.total, counts.byKind);
				for (const [kind, count] of Object.entries(counts.byKind)) allByKind[kind] = (allByKind[kind] ?? 0) + count;
				allMetadata += counts.metadata;
				allRequests += counts.total;
				zoneLookups += counts.zone;
				if (item.kind === 'listSearch') searches++;
				calls.push({ ms: performance.now() - started, counts, error });
			}
			const describe = (call: (typeof calls)[number]) => (call.error ? `error: ${call.error}` : call.counts.breakdown);
			methodRows.push({
				node: item.node,
				method: `${item.kind}.${item.method}`,
				first: describe(calls[0]),
				second: describe(calls[1]),
				firstMs: calls[0].ms,
				secondMs: calls[1].ms,
				metadataOnSecond: calls[1].counts.metadata,
			});
			if (calls.some((call) => call.error)) failures.push(`${item.node} ${item.kind}.${item.method} failed: ${calls.find((call) => call.error)?.error}`);
		}
		const repeated = [...perEndpoint].filter(([, count]) => count > 1);
		const secondCallMetadata = methodRows.reduce((sum, row) => sum + row.metadataOnSecond, 0);
		record({
			scenario: `Editor: ${methodCases().length} loadOptions/listSearch/resourceMapping methods, each called twice`,
			requests: allRequests,
			byKind: allByKind,
			breakdown: `${allMetadata} metadata over ${perEndpoint.size} endpoints, ${allRequests - allMetadata - zoneLookups} searches, ${zoneLookups} zone`,
			minimum: perEndpoint.size + searches,
			bar: 'each metadata endpoint (entity x entityInformation/fields/udf) fetched at most once; no metadata request on a second call',
			countsMet: repeated.length === 0 && secondCallMetadata === 0,
			note: repeated.length ? `fetched more than once: ${repeated.map(([key, count]) => `${key} x${count}`).join(', ')}` : undefined,
		});
	} finally {
		await sim.close();
	}

	const loads = measureDescriptionLoads();
	let pack: PackSize | string | undefined;
	if (PACK) {
		try {
			pack = measurePackSize();
		} catch (error) {
			pack = `not measured: ${(error as Error).message.split('\n')[0]}`;
		}
	}
	return { loads, pack };
}

// ------------------------------------------------------------------------------------------------
// Report

function table(header: string[], body: string[][]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	return [
		`| ${header.join(' | ')} |`,
		`|${header.map(() => '---').join('|')}|`,
		...body.map((cells) => `| ${cells.map(escape).join(' | ')} |`),
	].join('\n');
}

function verdict(met: boolean | undefined): string {
	if (met === undefined) return '';
	return met ? 'met' : '**missed**';
}

/** The sections of RESULTS.md this script owns, in their order; the head is everything before the first `## `. */
const OWNED_HEADINGS = {
	requests: /^## Requests and time$/,
	memory: /^## Memory of Get Many$/,
	editor: /^## Editor$/,
	bars: /^## Bars$/,
};

function report(started: Date, editor: { loads: DescriptionLoad[]; pack?: PackSize | string }): { head: string; sections: OwnedSection[] } {
	const host = machine();
	const head = [
		'# Benchmark results',
		'',
		`Run ${started.toISOString()} with \`npm run bench\`${QUICK ? ' (**--quick**: smaller N, no baseline, no package build)' : ''}.`,
		`Machine: ${host.cpus} cores (${host.cpuModel}), ${host.memoryGiB} GiB memory, Node ${host.node}, ${host.platform}; load average at the start ${host.loadAverage}.`,
		'',
		`Every scenario runs the package's nodes through real n8n-core executions (the test harness: \`runWorkflow\`, \`createPoller\`, \`callMethod\`) against the Autotask simulator with ${LATENCY_MS} ms latency per request (${WRITE_LATENCY_MS} ms for the updates), in one process. Requests are counted by the simulator. "Minimum" is the theoretical least number of data requests; metadata (entityInformation, fields, userDefinedFields) and the zone lookup come on top, at most once per endpoint per process, and so do the hourly budget's ThresholdInformation reads (the first after 100 requests to the tenant, then at most once a minute while the tenant is above half its limit). Request counts are exact bars (the script fails when one is missed); times and memory are reported. The exact counts of a run are also written to \`bench/tmp/counts.json\` (see bench/README.md).`,
		'',
	].join('\n');
	const requests = [
		'## Requests and time',
		'',
		table(
			['scenario', 'requests', 'made of', 'minimum', 'ratio', 'wall time', 'bar', 'counts', 'time/memory', 'notes'],
			rows.map((row) => [
				row.scenario,
				String(row.requests),
				row.breakdown,
				String(row.minimum),
				(row.requests / row.minimum).toFixed(2),
				row.wallMs === undefined ? '' : seconds(row.wallMs),
				row.bar,
				verdict(row.countsMet),
				verdict(row.otherMet),
				[row.memory, row.note].filter(Boolean).join('; '),
			]),
		),
	];
	const memory = [
		'## Memory of Get Many',
		'',
		'The output\'s own size is the live heap the output items keep once nothing else of the run is held: the live heap with them minus the live heap after letting them go (1.5 s after the run and two full garbage collections before each), and for comparison the length of their JSON. The live peak is the highest live heap during a second run of the same read, above the lower of the live heap before that run and after it (a full collection before every sample, every 5 ms or, when collections take longer, as often as keeps them under half of the time). "Beyond output" is live peak minus the output\'s own size: what reading costs besides the result (bar: below 20% of the output). Raw peak heap (garbage included, sampled every 10 ms) and peak RSS of the whole process (simulator and its records included) are from the timed run. At N = 1,000 the output is only two pages, so the one page in flight (its JSON text and parsed records) is a large share of it and the share varies from run to run; it falls with N, which is what flat memory means.',
		'',
		table(
			['scenario', 'items', 'output (heap)', 'output (JSON)', 'live peak', 'beyond output', 'share', 'bar < 20%', 'raw peak heap', 'peak RSS'],
			memoryRows.map((row) => [
				row.scenario,
				row.items.toLocaleString('en'),
				mib(row.outputHeap),
				mib(row.outputJson),
				mib(row.livePeak),
				mib(row.overhead),
				`${((row.overhead / row.outputHeap) * 100).toFixed(1)}%`,
				verdict(row.overhead / row.outputHeap < 0.2),
				mib(row.rawPeakHeap),
				mib(row.peakRss),
			]),
		),
	];
	const editorSection = [
		'## Editor',
		'',
		'Loading a node: a fresh `node` process with n8n-workflow already loaded (as in n8n) requires the compiled node module, constructs the class and serialises its `description`; median of 5 processes.',
		'',
		table(
			['node', 'load (median)', 'runs (ms)', 'properties', 'description size'],
			editor.loads.map((load) => [
				load.node,
				`${load.ms.toFixed(1)} ms`,
				load.runs.join(', '),
				String(load.properties),
				`${(load.descriptionBytes / 1024).toFixed(1)} KiB`,
			]),
		),
		'',
		`Methods the editor calls, each twice in one process (metadata cache cleared once before the first), ${LATENCY_MS} ms latency:`,
		'',
		table(
			['node', 'method', 'first call: requests', 'ms', 'second call: requests', 'ms'],
			methodRows.map((row) => [row.node, row.method, row.first, row.firstMs.toFixed(0), row.second, row.secondMs.toFixed(0)]),
		),
		'',
		typeof editor.pack === 'object'
			? `Package: \`npm pack\` of a fresh build (tsc + gulp build:assets in a temporary copy): ${(editor.pack.packedBytes / 1024).toFixed(1)} KiB packed, ${(editor.pack.unpackedBytes / 1024).toFixed(1)} KiB unpacked, ${editor.pack.files} files.`
			: `Package size: ${editor.pack ?? 'not measured (--quick or --no-pack)'}.`,
	];
	const bars = ['## Bars', ''];
	const otherMisses = rows.filter((row) => row.otherMet === false).map((row) => `${row.scenario}: ${row.memory ?? ''} ${row.note ?? ''}`.trim());
	if (failures.length === 0) bars.push('Every request-count bar is met.');
	else bars.push('Request-count bars missed (the run fails):', '', ...failures.map((failure) => `- ${failure}`));
	if (otherMisses.length) bars.push('', 'Time or memory bars missed (reported only):', '', ...otherMisses.map((miss) => `- ${miss}`));
	const section = (heading: RegExp, lines: string[]): OwnedSection => ({ heading, text: `${lines.join('\n')}\n` });
	return {
		head,
		sections: [
			section(OWNED_HEADINGS.requests, requests),
			section(OWNED_HEADINGS.memory, memory),
			section(OWNED_HEADINGS.editor, editorSection),
			section(OWNED_HEADINGS.bars, bars),
		],
	};
}

/** The counts file: one line per counted set of requests, so a plain diff of two runs shows what changed. */
function writeCounts(): void {
	mkdirSync(dirname(COUNTS_FILE), { recursive: true });
	const lines = [...requestCounts].map(([name, counts]) => `\t${JSON.stringify(name)}: ${JSON.stringify(counts)}`);
	writeFileSync(COUNTS_FILE, `{\n${lines.join(',\n')}\n}\n`);
}

async function main(): Promise<void> {
	const started = new Date();
	await readScenarios();
	await updateScenarios();
	await triggerScenarios();
	const editor = await editorScenarios();
	await shutdownHarness();
	const file = join(REPO_ROOT, 'bench', 'RESULTS.md');
	updateResultsFile(file, report(started, editor));
	writeCounts();
	process.stdout.write(`\nWrote its sections of ${file}, and ${COUNTS_FILE}\n`);
	if (failures.length) {
		process.stdout.write(`\n${failures.length} request-count bar(s) missed:\n${failures.map((f) => `- ${f}`).join('\n')}\n`);
		process.exitCode = 1;
	}
}

if (!hasGc()) {
	process.stderr.write('Run with node --expose-gc (npm run bench does).\n');
	process.exit(2);
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
