import { autotaskMessages, isThreadThresholdRejection } from './errors';
import type { Failure } from './errors';
import type { RequestKind } from './types';

/**
 * Retry limits for transient Autotask failures. One shared, mutable object so tests (and, if ever
 * needed, a node) can shorten the delays: `retryPolicy.baseDelayMs = 1`.
 */
export const retryPolicy = {
	/** Total sends of one request, the first one included. */
	maxAttempts: 6,
	/** First backoff ceiling; doubles per attempt (full jitter picks a delay between 0 and it). */
	baseDelayMs: 500,
	/** Ceiling of a single backoff. */
	maxDelayMs: 20_000,
	/** Give up when the next wait would end later than this after the first send. */
	maxTotalMs: 120_000,
	/** Autotask stops executing a REST call after about 5 minutes; wait a little longer than that. */
	requestTimeoutMs: 330_000,
};

export type RetryPolicy = typeof retryPolicy;

// Failures where the request provably never reached Autotask's application: no connection was made,
// or Autotask refused it up front (429, thread threshold) before doing anything.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// The connection broke after (part of) the request may have been sent: the server may have acted.
const DROPPED = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_CLOSED',
	'ERR_STREAM_PREMATURE_CLOSE',
]);
/** Every network error code the retry policy knows, for reading codes out of error messages. */
export const NETWORK_ERROR_CODES = [...NOT_CONNECTED, ...DROPPED];

const TRANSIENT_STATUSES = new Set([502, 503, 504]);

// Autotask's text for a failure of its own (rather than a rule the request broke).
const UNEXPECTED = /unexpected error|internal (?:server )?error|object reference not set|timeout|try again/i;

/** A 5xx whose message names a rule the request broke: Autotask refused it and saved nothing. */
function isSpecificRejection(body: unknown): boolean {
	const messages = autotaskMessages(body);
	return messages.length > 0 && !messages.some((message) => UNEXPECTED.test(message));
}

export interface RetryDecision {
	retry: boolean;
	/** Why not, when `retry` is false: phrased to follow "Not retried: ". */
	reason?: string;
}

/** Decides whether a failed attempt may be sent again, given what kind of request it was. */
export function retryDecision(failure: Failure, kind: RequestKind): RetryDecision {
	if (failure.type === 'connection') {
		const code = failure.code ?? '';
		if (NOT_CONNECTED.has(code)) return { retry: true };
		if (DROPPED.has(code)) {
			return kind === 'create'
				? {
						retry: false,
						reason:
							'the connection broke after the request was sent, so the create may or may not have happened in Autotask; it was not retried to avoid creating a duplicate. Check Autotask before running it again',
					}
				: { retry: true };
		}
		return { retry: false, reason: 'the failure is not a known transient network error' };
	}
	if (failure.status === 429 || isThreadThresholdRejection(failure.body)) return { retry: true };
	if (TRANSIENT_STATUSES.has(failure.status)) {
		return kind === 'create'
			? {
					retry: false,
					reason: `Autotask answered HTTP ${failure.status} after receiving the request, so the create may or may not have happened; it was not retried to avoid creating a duplicate. Check Autotask before running it again`,
				}
			: { retry: true };
	}
	if (failure.status >= 500 && !isSpecificRejection(failure.body)) {
		// An error of Autotask's own, not a rule the request broke: "the same answer" would be a guess.
		if (kind === 'create') {
			return {
				retry: false,
				reason: `Autotask answered HTTP ${failure.status} after receiving the create, so the create may or may not have happened; it was not retried to avoid creating a duplicate. Check Autotask before running it again`,
			};
		}
		return {
			retry: false,
			reason:
				kind === 'read'
					? `Autotask answered HTTP ${failure.status} with an error of its own rather than a rule the request broke; a read changes nothing, so running it again is safe`
					: `Autotask answered HTTP ${failure.status} with an error of its own rather than a rule the request broke, so the change may or may not have been saved. Running it again is safe: an update or delete creates nothing twice`,
		};
	}
	return { retry: false, reason: 'Autotask rejected the request; sending it again would get the same answer' };
}

/**
 * Milliseconds to wait from a Retry-After header: delay-seconds or an HTTP date. Undefined when the
 * header is missing or unreadable.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number') return text >= 0 ? text * 1000 : undefined;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	const trimmed = text.trim();
	if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
	// An HTTP date names its weekday and month; anything else (e.g. "-5") is not one.
	const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter for the given retry (1 = first retry): a random delay between
 * 0 and min(maxDelayMs, baseDelayMs * 2^(retry-1)), but never shorter than the server's Retry-After.
 */
export function backoffDelay(
	retry: number,
	policy: RetryPolicy,
	retryAfterMs?: number,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
	const jittered = Math.floor(random() * ceiling);
	return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
