/**
 * Memory of a 6 MB attachment: upload from and download to n8n binary data, through n8n-core
 * (the workflow harness) against the simulator running in its own process (so only the node's
 * side is measured). Prints a Markdown table for bench/RESULTS.md.
 *
 *     tsc -p bench/tsconfig.json && node --expose-gc bench/tmp/bench/attachments.js
 */
import './env';

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import type { INode, INodeParameters } from 'n8n-workflow';

import { AutotaskUserApi } from '../credentials/AutotaskUserApi.credentials';
import { AutotaskAttachment } from '../nodes/AutotaskAttachment/AutotaskAttachment.node';
import { MAX_FILE_BYTES } from '../nodes/AutotaskAttachment/shared/sizeRules';
import { MANUAL_TRIGGER, NO_OP, buildNode, chain, registerCredentialType, registerPackageNode, runWorkflow, shutdownHarness } from '../test/harness';
import type { RunResult } from '../test/harness';
import { BINARY_FILES, addFile, binaryBytes } from '../test/helpers/binaryFiles';
import { collectGarbage, hasGc, liveHeap, machine, mib } from './measure';

// Compiled, the harness finds no credentials/*.credentials.ts beside it.
registerCredentialType(new AutotaskUserApi());
const ATTACHMENT = registerPackageNode(new AutotaskAttachment());
const FILE_BYTES = MAX_FILE_BYTES;
const LATENCY_MS = 200;
const RUNS = 3;
const CONNECTION_CLOSED_MS = 200;

interface SimulatorInfo {
	url: string;
	zoneLookupUrl: string;
	ticketId: number;
	userName: string;
	secret: string;
	integrationCode: string;
}

/**
 * Heap and heap + external (Buffers) peaks, sampled on a timer; with `collect`, after full
 * collections (live memory). A live sample collects twice: V8 takes a freed Buffer's memory off
 * its external count only when the collection's sweeping ends, at the next collection at the
 * latest (with one collection, samples still counted up to 12 MiB of Buffers already freed).
 */
class Sampler {
	heap = 0;

	total = 0;

	rss = 0;

	private timer?: NodeJS.Timeout;

	constructor(private readonly intervalMs: number, private readonly collect: boolean) {}

	start(): this {
		this.sample();
		this.timer = setInterval(() => this.sample(), this.intervalMs);
		return this;
	}

	/**
	 * The last sample waits for the next macrotask, as the baseline does: in the task that received
	 * the run's result, V8 has not yet let go of what the finished calls held.
	 */
	async stop(): Promise<this> {
		clearInterval(this.timer);
		await new Promise((resolve) => setImmediate(resolve));
		this.sample();
		return this;
	}

	sample(): void {
		if (this.collect) {
			collectGarbage();
			collectGarbage();
		}
		const { heapUsed, external, rss } = process.memoryUsage();
		this.heap = Math.max(this.heap, heapUsed);
		this.total = Math.max(this.total, heapUsed + external);
		this.rss = Math.max(this.rss, rss);
	}
}

const PROBE_BYTES = 1024 * 1024;

/**
 * Calls `onLarge` right after every allocation of 1 MiB or more made through Buffer (from, alloc,
 * allocUnsafe, concat, toString) or JSON (parse of such a text, stringify to one), while the new
 * value and everything its caller holds are still alive. The transient peaks of a file (its bytes
 * beside the base64 text n8n makes of them, a body's JSON text beside its Buffer) last
 * milliseconds, less than one timer sample (two full collections) takes. Returns the undo.
 */
function probeLargeAllocations(onLarge: () => void): () => void {
	const undo: Array<() => void> = [];
	const sizeOf = (value: unknown) => (Buffer.isBuffer(value) || typeof value === 'string' ? value.length : 0);
	const wrap = (target: object, key: string, size: (result: unknown, args: unknown[]) => number) => {
		const holder = target as Record<string, (...args: unknown[]) => unknown>;
		const original = holder[key];
		holder[key] = function probed(this: unknown, ...args: unknown[]) {
			const result = original.apply(this, args);
			if (size(result, args) >= PROBE_BYTES) onLarge();
			return result;
		};
		undo.push(() => {
			holder[key] = original;
		});
	};
	for (const key of ['from', 'alloc', 'allocUnsafe', 'concat']) wrap(Buffer, key, sizeOf);
	wrap(Buffer.prototype, 'toString', sizeOf);
	wrap(JSON, 'stringify', sizeOf);
	wrap(JSON, 'parse', (_result, args) => sizeOf(args[0]));
	return () => undo.forEach((restore) => restore());
}

async function baselineMemory(): Promise<{ heap: number; total: number; rss: number }> {
	await liveHeap();
	const { heapUsed, external, rss } = process.memoryUsage();
	return { heap: heapUsed, total: heapUsed + external, rss };
}

interface Measured {
	liveHeap: number;
	liveTotal: number;
	rawHeap: number;
	rawTotal: number;
	rss: number;
	/** Live heap + external still held by the run's result (its output items) after it ended. */
	kept: number;
}

/** Runs the workflow once with raw sampling (1 ms, garbage included) and once with live sampling (full GC, every 5 ms and after every large allocation). */
async function measure(workflow: () => INode[], sim: SimulatorInfo, check: (result: RunResult) => void | Promise<void>, before: () => Promise<void>): Promise<Measured> {
	const credentials = { autotaskUserApi: { userName: sim.userName, secret: sim.secret, integrationCode: sim.integrationCode, zone: 'auto', zoneLookupUrl: sim.zoneLookupUrl } };
	const once = async (sampler: Sampler, live: boolean) => {
		await before();
		const base = await baselineMemory();
		sampler.start();
		const unprobe = live ? probeLargeAllocations(() => sampler.sample()) : () => undefined;
		let result: RunResult | undefined = await runWorkflow(chain(workflow()), { credentials });
		unprobe();
		await sampler.stop();
		await check(result);
		// The harness logs every authenticated request's options (an upload's body included): its
		// log, not n8n's. The last body also stays referenced from its socket until the connection
		// closes, a few milliseconds after the answer. "Held" is what the output keeps.
		result.credentialsHelper.authenticated.length = 0;
		await new Promise((resolve) => setTimeout(resolve, CONNECTION_CLOSED_MS));
		const held = await baselineMemory();
		result = undefined;
		collectGarbage();
		return { base, held, sampler };
	};
	const raw = await once(new Sampler(1, false), false);
	const live = await once(new Sampler(5, true), true);
	return {
		liveHeap: live.sampler.heap - live.base.heap,
		liveTotal: live.sampler.total - live.base.total,
		rawHeap: raw.sampler.heap - raw.base.heap,
		rawTotal: raw.sampler.total - raw.base.total,
		rss: raw.sampler.rss - raw.base.rss,
		kept: live.held.total - live.base.total,
	};
}

function worst(values: Measured[]): Measured {
	const keys = Object.keys(values[0]) as Array<keyof Measured>;
	return Object.fromEntries(keys.map((key) => [key, Math.max(...values.map((value) => value[key]))])) as unknown as Measured;
}

interface SimulatorProcess {
	info: SimulatorInfo;
	/** Moves the simulator's clock past Autotask's 5-minute upload window. */
	nextWindow: () => Promise<void>;
	stop: () => void;
}

function startSimulator(): Promise<SimulatorProcess> {
	const child = fork(join(__dirname, 'attachmentSimulator.js'), [String(LATENCY_MS)], { stdio: 'inherit' });
	const nextWindow = () =>
		new Promise<void>((resolve) => {
			child.once('message', () => resolve());
			child.send({ advanceMs: 6 * 60_000 });
		});
	return new Promise((resolve, reject) => {
		child.once('message', (info) => resolve({ info: info as SimulatorInfo, nextWindow, stop: () => child.disconnect() }));
		child.once('error', reject);
	});
}

async function main(): Promise<void> {
	if (!hasGc()) throw new Error('Run with node --expose-gc');
	const { info: sim, nextWindow, stop } = await startSimulator();
	const file = addFile('bench', { fileName: 'bench.bin', mimeType: 'application/octet-stream', bytes: binaryBytes(FILE_BYTES, 42) });
	const parent = { parentType: 'TicketAttachments', parentId: String(sim.ticketId) };
	const files = () => buildNode(BINARY_FILES, { files: file });
	const upload = () => buildNode(ATTACHMENT, { operation: 'upload', ...parent } as INodeParameters, { name: 'Upload' });
	let attachmentId = 0;
	const uploaded = (result: RunResult) => {
		if (result.status !== 'success') throw new Error(`Upload failed: ${result.error?.message}`);
		attachmentId = Number(result.output('Upload')[0].json.id);
	};
	const downloaded = async (result: RunResult) => {
		if (result.status !== 'success') throw new Error(`Download failed: ${result.error?.message}`);
		const binary = result.output('Download')[0].binary?.data;
		if (!binary) throw new Error('The download has no binary data');
		const bytes = await Container.get(BinaryDataService).getAsBuffer(binary);
		if (!bytes.equals(binaryBytes(FILE_BYTES, 42))) throw new Error('Downloaded bytes differ from the uploaded file');
	};

	const rows: Array<[string, Measured]> = [];
	const measureRuns = async (label: string, workflow: () => INode[], check: (result: RunResult) => void | Promise<void>) => {
		const runs: Measured[] = [];
		for (let run = 0; run < RUNS; run++) runs.push(await measure(workflow, sim, check, nextWindow));
		rows.push([label, worst(runs)]);
	};
	const { uploadWindow } = await import('../nodes/AutotaskAttachment/shared/sizeRules');
	let uploads = 0;
	const download = () => buildNode(ATTACHMENT, { operation: 'download', ...parent, attachmentId: String(attachmentId) } as INodeParameters, { name: 'Download' });
	const measureMode = async (mode: string) => {
		// Every measured upload is a new 5-minute window, for the node (cleared) and the simulator (its clock moved).
		await measureRuns(`${mode}: files only (the 6 MB file as n8n binary data, no Autotask node)`, () => [buildNode(MANUAL_TRIGGER), files(), buildNode(NO_OP, {}, { name: 'Done' })], () => undefined);
		await measureRuns(`${mode}: files + upload`, () => [buildNode(MANUAL_TRIGGER), files(), upload()], (result) => {
			uploads += 1;
			uploadWindow.clear();
			uploaded(result);
		});
		await measureRuns(`${mode}: download (output: the file as n8n binary data)`, () => [buildNode(MANUAL_TRIGGER), download()], downloaded);
	};
	await measureMode('memory');
	const storage = await useFilesystemBinaryData();
	await measureMode('filesystem');
	stop();
	await shutdownHarness();
	rmSync(storage, { recursive: true, force: true });

	const host = machine();
	const lines = [
		`File: ${FILE_BYTES.toLocaleString('en-US')} bytes (${mib(FILE_BYTES)}); bar: 3 x = ${mib(3 * FILE_BYTES)}. ${uploads} upload runs. Worst of ${RUNS} runs each, memory above the heap before the run.`,
		`Machine: ${host.cpus} cores (${host.cpuModel}), Node ${host.node}, load average at the end ${host.loadAverage}.`,
		'',
		'| binary data mode: run | live peak heap | live peak heap + external | raw peak heap | raw peak heap + external | peak RSS increase | held after the run (output) |',
		'|---|---|---|---|---|---|---|',
		...rows.map(([label, m]) => `| ${label} | ${mib(m.liveHeap)} | ${mib(m.liveTotal)} | ${mib(m.rawHeap)} | ${mib(m.rawTotal)} | ${mib(m.rss)} | ${mib(m.kept)} |`),
	];
	console.log(lines.join('\n'));
}

/**
 * Switches n8n-core to its `filesystem` binary-data mode (n8n 2.x's default outside queue mode:
 * files on disk, items hold their id), as n8n does at start-up. Returns the storage folder.
 */
async function useFilesystemBinaryData(): Promise<string> {
	const storage = mkdtempSync(join(tmpdir(), 'autotask-bench-binary-'));
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = storage;
	await Container.get(BinaryDataService).init();
	return storage;
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
