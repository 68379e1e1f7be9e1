import type { Failure } from '../nodes/transport/errors';
import { connectionErrorCode } from '../nodes/transport/request';
import {
	backoffDelay,
	parseRetryAfter,
	retryDecision,
	retryPolicy,
} from '../nodes/transport/retryPolicy';

const response = (status: number, body: unknown = {}): Failure => ({ type: 'response', status, body });
const connection = (code: string): Failure => ({ type: 'connection', code, message: code });
const threadThreshold = {
	errors: [
		'Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded. Itgenatr005',
	],
};

describe('parseRetryAfter', () => {
	const now = Date.parse('2024-05-01T12:00:00Z');

	it('reads delay-seconds', () => {
		expect(parseRetryAfter('7', now)).toBe(7000);
		expect(parseRetryAfter(' 0 ', now)).toBe(0);
		expect(parseRetryAfter('1.5', now)).toBe(1500);
		expect(parseRetryAfter(['3'], now)).toBe(3000);
	});

	it('reads an HTTP date, never negative', () => {
		expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0);
	});

	it('ignores missing or unreadable values', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-5', now)).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	const policy = { ...retryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };

	it('doubles the ceiling per retry, capped, with full jitter', () => {
		expect(backoffDelay(1, policy, undefined, () => 0.999)).toBe(99);
		expect(backoffDelay(2, policy, undefined, () => 0.999)).toBe(199);
		expect(backoffDelay(3, policy, undefined, () => 0.5)).toBe(200);
		expect(backoffDelay(10, policy, undefined, () => 0.999)).toBe(999);
		expect(backoffDelay(4, policy, undefined, () => 0)).toBe(0);
	});

	it('never waits less than Retry-After', () => {
		expect(backoffDelay(1, policy, 5000, () => 0.5)).toBe(5000);
		expect(backoffDelay(5, policy, 10, () => 0.5)).toBe(500);
	});
});

describe('retryDecision', () => {
	it.each(['read', 'write', 'create'] as const)(
		'retries 429 and thread-threshold rejections for %s, whatever the status',
		(kind) => {
			expect(retryDecision(response(429), kind).retry).toBe(true);
			expect(retryDecision(response(500, threadThreshold), kind).retry).toBe(true);
			expect(retryDecision(response(405, { Message: 'thread threshold exceeded' }), kind).retry).toBe(true);
			expect(retryDecision(connection('ECONNREFUSED'), kind).retry).toBe(true);
			expect(retryDecision(connection('EAI_AGAIN'), kind).retry).toBe(true);
		},
	);

	it.each(['read', 'write'] as const)('retries 503 and dropped connections for %s', (kind) => {
		expect(retryDecision(response(503), kind).retry).toBe(true);
		for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']) {
			expect(retryDecision(connection(code), kind).retry).toBe(true);
		}
	});

	it('never resends a create that may have reached Autotask, and says why', () => {
		for (const failure of [response(503), response(500), connection('ECONNRESET'), connection('ETIMEDOUT')]) {
			const decision = retryDecision(failure, 'create');
			expect(decision.retry).toBe(false);
			expect(decision.reason).toMatch(/duplicate/);
		}
		for (const failure of [connection('ECONNRESET'), response(500, { errors: ['An unexpected error has occurred.'] })]) {
			expect(retryDecision(failure, 'create').reason).toMatch(/may or may not have happened/);
		}
	});

	it('says a create Autotask refused for a stated reason was not saved', () => {
		const decision = retryDecision(response(500, { errors: ['Field [phone] is required.'] }), 'create');
		expect(decision).toEqual({ retry: false, reason: expect.stringMatching(/same answer/) });
	});

	it('does not retry business errors', () => {
		const decision = retryDecision(response(500, { errors: ['Value does not reference an existing entity'] }), 'write');
		expect(decision).toEqual({ retry: false, reason: expect.stringMatching(/same answer/) });
		expect(retryDecision(response(400), 'read').retry).toBe(false);
		expect(retryDecision({ type: 'connection', message: 'weird' }, 'read').retry).toBe(false);
	});
});

describe('connectionErrorCode', () => {
	it('reads the code n8n keeps on its NodeApiError (httpCode, messages)', () => {
		const wrapped = { message: 'The service refused the connection - perhaps it is offline', httpCode: 'ECONNREFUSED', messages: ['connect ECONNREFUSED 1.2.3.4:443'] };
		expect(connectionErrorCode(wrapped)).toBe('ECONNREFUSED');
		expect(connectionErrorCode({ message: 'x', httpCode: '500', messages: ['socket hang up'] })).toBe('ECONNRESET');
	});

	it('finds the code through n8n and axios wrappers', () => {
		const system = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		const axios = Object.assign(new Error('socket hang up'), { code: 'ERR_BAD_RESPONSE', cause: system });
		const wrapped = Object.assign(new Error('The connection to the server was closed unexpectedly'), {
			cause: axios,
		});
		expect(connectionErrorCode(wrapped)).toBe('ECONNRESET');
	});

	it('reads codes from messages and undici causes', () => {
		expect(connectionErrorCode(new Error('socket hang up'))).toBe('ECONNRESET');
		expect(connectionErrorCode(new Error('connect ECONNREFUSED 127.0.0.1:9'))).toBe('ECONNREFUSED');
		expect(
			connectionErrorCode(Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } })),
		).toBe('UND_ERR_SOCKET');
		expect(connectionErrorCode(new Error('something else'))).toBeUndefined();
	});
});
