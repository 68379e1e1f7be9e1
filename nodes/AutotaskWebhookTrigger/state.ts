import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger keeps in the node's static data. One record of everything that has reached the
 * workflow serves both the de-duplication of retried deliveries and the catch-up read:
 * - `deliveries`: digests of the raw bodies already answered (Autotask retries send the same bytes),
 *   kept for DELIVERY_WINDOW_MS (Autotask gives up after 2 minutes) and at most MAX_DELIVERIES;
 * - `seen`: one key per record state emitted (`<id>@<modification time>`), so a change that came by
 *   delivery is not emitted again by the catch-up and the other way round; kept while the catch-up
 *   can still read it (modification time at or after `cursor` - CATCH_UP_OVERLAP_MS);
 * - `cursor`: every tracked change before it has been emitted or deliberately skipped.
 */
export const STATE_VERSION = 1;
export const DELIVERY_WINDOW_MS = 10 * 60_000;
export const MAX_DELIVERIES = 2_000;
export const CATCH_UP_OVERLAP_MS = 2 * 60_000;
/** How far Autotask's clock may be behind n8n's when the trigger is armed. */
export const CLOCK_SKEW_MS = 60_000;
export const MAX_SEEN = 10_000;

export interface WebhookState {
	version: number;
	/** Fingerprint of the settings the webhook was created with. */
	config: string;
	entity: string;
	webhookId: number;
	webhookGuid: string;
	secret: string;
	url: string;
	/** The credential's own resource, when it was looked up. */
	ownResourceId?: number;
	/** ISO instant the trigger was first armed: the catch-up never reads earlier changes. */
	armedAt: string;
	cursor: string;
	lastSequence?: number;
	/** Set when deliveries were probably missed; the next verified call runs the catch-up. */
	catchUpDue?: boolean;
	seen: Record<string, number>;
	deliveries: Record<string, number>;
}

/**
 * The editor's "listen for test event" registers a second webhook on the test URL; it keeps its
 * state apart, so testing never replaces the active workflow's secret or webhook.
 */
export type Slot = 'production' | 'test';
const KEYS: Record<Slot, string> = { production: 'autotaskWebhook', test: 'autotaskWebhookTest' };

export const slotOf = (mode: string): Slot => (mode === 'manual' ? 'test' : 'production');

export function fingerprint(value: unknown): string {
	return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);
}

export function bodyDigest(rawBody: Buffer): string {
	return createHash('sha256').update(rawBody).digest('base64url').slice(0, 32);
}

export function loadState(staticData: IDataObject, slot: Slot = 'production'): WebhookState | undefined {
	const state = staticData[KEYS[slot]] as WebhookState | undefined;
	return state?.version === STATE_VERSION ? state : undefined;
}

export function saveState(staticData: IDataObject, state: WebhookState | undefined, slot: Slot = 'production'): void {
	if (state) staticData[KEYS[slot]] = state as unknown as IDataObject;
	else delete staticData[KEYS[slot]];
}

/** A record state's key: the same change read by delivery or by catch-up gives the same key. */
export const changeKey = (id: number, modifiedAt: unknown) => `${id}@${modifiedAt === null || modifiedAt === undefined ? '' : String(modifiedAt)}`;

export const toEpoch = (value: unknown): number | undefined => {
	if (typeof value !== 'string' || value === '') return undefined;
	const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
	const ms = Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
};

/** Keeps the windows bounded: old deliveries and record states the catch-up can no longer read go. */
export function prune(state: WebhookState, nowMs: number): void {
	const deliveries = Object.entries(state.deliveries).filter(([, at]) => at >= nowMs - DELIVERY_WINDOW_MS);
	state.deliveries = Object.fromEntries(deliveries.sort((a, b) => b[1] - a[1]).slice(0, MAX_DELIVERIES));
	const floor = (toEpoch(state.cursor) ?? 0) - CATCH_UP_OVERLAP_MS;
	const seen = Object.entries(state.seen).filter(([, at]) => at >= floor);
	state.seen = Object.fromEntries(seen.sort((a, b) => b[1] - a[1]).slice(0, MAX_SEEN));
}

/**
 * n8n hands each webhook call its own copy of the static data, read before the call, and saves it
 * after; two calls in flight would each miss what the other recorded. Within one process, calls for
 * the same webhook therefore run one at a time and start from the newest state either has left.
 */
const latest = new Map<string, WebhookState>();
const queues = new Map<string, Promise<unknown>>();

export function newestState(key: string, stored: WebhookState): WebhookState {
	const memory = latest.get(key);
	if (!memory || memory.webhookId !== stored.webhookId || memory.config !== stored.config) return stored;
	return {
		...stored,
		cursor: (toEpoch(memory.cursor) ?? 0) > (toEpoch(stored.cursor) ?? 0) ? memory.cursor : stored.cursor,
		lastSequence: Math.max(memory.lastSequence ?? 0, stored.lastSequence ?? 0),
		catchUpDue: memory.catchUpDue || stored.catchUpDue,
		seen: { ...stored.seen, ...memory.seen },
		deliveries: { ...stored.deliveries, ...memory.deliveries },
	};
}

export function rememberState(key: string, state: WebhookState | undefined): void {
	if (state) latest.set(key, JSON.parse(JSON.stringify(state)) as WebhookState);
	else latest.delete(key);
}

export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.then(work, work);
	const tail = run.catch(() => undefined);
	queues.set(key, tail);
	try {
		return await run;
	} finally {
		if (queues.get(key) === tail) queues.delete(key);
	}
}
