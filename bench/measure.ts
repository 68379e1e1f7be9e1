import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** Measuring tools of the benchmark: garbage collection, heap and RSS peaks, the machine. */

type GlobalWithGc = typeof globalThis & { gc?: () => void };

export function hasGc(): boolean {
	return typeof (globalThis as GlobalWithGc).gc === 'function';
}

/** A full garbage collection (needs node --expose-gc). */
export function collectGarbage(): void {
	(globalThis as GlobalWithGc).gc?.();
}

export interface MemoryPeak {
	heapUsed: number;
	rss: number;
}

/**
 * Samples heapUsed and RSS on a timer and keeps the peaks. With `collect`, every sample follows a
 * full garbage collection, so the heap peak is the peak of live (reachable) memory rather than of
 * live memory plus garbage not yet collected; the next sample then waits at least as long as that
 * collection took, so collections never take more than half of the time.
 */
export class PeakSampler {
	private readonly peak: MemoryPeak = { heapUsed: 0, rss: 0 };

	private timer?: NodeJS.Timeout;

	private stopped = false;

	constructor(
		private readonly intervalMs: number,
		private readonly collect: boolean,
	) {}

	start(): this {
		this.schedule(this.sample());
		return this;
	}

	/** Takes a last sample and stops. */
	stop(): MemoryPeak {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.sample();
		return { ...this.peak };
	}

	private schedule(lastSampleMs: number): void {
		if (this.stopped) return;
		this.timer = setTimeout(() => this.schedule(this.sample()), Math.max(this.intervalMs, lastSampleMs));
	}

	/** Takes one sample; returns how long it took (ms). */
	private sample(): number {
		const started = performance.now();
		if (this.collect) collectGarbage();
		const { heapUsed, rss } = process.memoryUsage();
		this.peak.heapUsed = Math.max(this.peak.heapUsed, heapUsed);
		this.peak.rss = Math.max(this.peak.rss, rss);
		return performance.now() - started;
	}
}

/**
 * heapUsed after full collections: the live heap. Waits for the next macrotask first: objects
 * behind a WeakRef touched in the current task are kept alive until it ends (n8n-core uses some).
 */
export async function liveHeap(): Promise<number> {
	await new Promise((resolve) => setImmediate(resolve));
	collectGarbage();
	collectGarbage();
	return process.memoryUsage().heapUsed;
}

export interface Machine {
	cpus: number;
	cpuModel: string;
	memoryGiB: number;
	node: string;
	platform: string;
	loadAverage: string;
}

export function machine(): Machine {
	const cpus = os.cpus();
	return {
		cpus: cpus.length,
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		node: process.version,
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
		loadAverage: os
			.loadavg()
			.map((value) => value.toFixed(2))
			.join(' / '),
	};
}

export function mib(bytes: number): string {
	return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(2)} s`;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
