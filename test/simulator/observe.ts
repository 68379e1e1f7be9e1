import type { IncomingHttpHeaders } from 'node:http';
import { REQUEST_KINDS, type RequestKind } from './http/router';

export interface Counters {
	total: number;
	byKind: Record<RequestKind, number>;
	/** Requests per entity name (child paths count for the child entity). */
	byEntity: Record<string, number>;
	/** Peak concurrent requests per thread-limit bucket, keyed `${integrationCode}:${endpoint}`. */
	maxInFlight: Record<string, number>;
	threadRejections: number;
	faultsInjected: number;
}

export interface RequestLogEntry {
	method: string;
	/** Path and query string as requested. */
	path: string;
	entity: string | null;
	kind: RequestKind;
	/** HTTP status sent; 0 when the connection was dropped by a fault. */
	status: number;
	/** The parsed JSON body, or undefined. Sent as is, including any password. */
	body: unknown;
	/** Lower-cased header names; the Secret header's value is redacted. */
	headers: Record<string, string>;
	/** Real time (epoch ms, not the simulator clock), to reason about concurrency. */
	startedAt: number;
	endedAt: number;
}

/** Request counters and the request log behind `sim.counters`, `sim.requests`, `sim.resetCounters()`. */
export class RequestObserver {
	counters = emptyCounters();
	readonly requests: RequestLogEntry[] = [];

	faultInjected(): void {
		this.counters.faultsInjected++;
	}

	threadRejected(): void {
		this.counters.threadRejections++;
	}

	arrived(kind: RequestKind, entity: string | null): void {
		this.counters.total++;
		this.counters.byKind[kind]++;
		if (entity) this.counters.byEntity[entity] = (this.counters.byEntity[entity] ?? 0) + 1;
	}

	concurrency(bucket: string, inFlight: number): void {
		const peaks = this.counters.maxInFlight;
		peaks[bucket] = Math.max(peaks[bucket] ?? 0, inFlight);
	}

	reset(): void {
		this.counters = emptyCounters();
		// Emptied in place so references taken earlier see the reset too.
		this.requests.length = 0;
	}
}

function emptyCounters(): Counters {
	return {
		total: 0,
		byKind: Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, 0])) as Record<RequestKind, number>,
		byEntity: {},
		maxInFlight: {},
		threadRejections: 0,
		faultsInjected: 0,
	};
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		result[name] = name === 'secret' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
	}
	return result;
}
