import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import { autotaskApiError, isHourlyThresholdRejection, isThreadThresholdRejection } from './errors';
import type { Failure, RetryReport } from './errors';
import { autotaskThreads } from './limiter';
import type { AdaptiveThreads } from './limiter';
import { NETWORK_ERROR_CODES, backoffDelay, parseRetryAfter, retryDecision } from './retryPolicy';
import type { RetryPolicy } from './retryPolicy';
import { parseBody } from './responseBody';
import { HourlyLimitWait, hourlyBudget, parseThresholdInformation } from './threshold';
import type { HourlyBudget } from './threshold';
import type { HttpResponse, RequestKind, RequestOptions } from './types';

/**
 * Sends one HTTP request and resolves with the response whatever its status; rejects only when no
 * response arrived (connection refused, dropped, timed out...).
 */
export type Sender = (options: IHttpRequestOptions) => Promise<HttpResponse>;

/** What every request of one client shares. */
export interface Channel {
	node: INode;
	userName: string;
	/** Values that must never appear in an error (secret, integration code). */
	secrets: string[];
	send: Sender;
	policy: RetryPolicy;
	/** This process's thread shares; `autotaskThreads` unless a test gives a separate one. */
	threads?: AdaptiveThreads;
	/** This process's hourly budgets; `hourlyBudget` unless a test gives a separate one. */
	budget?: HourlyBudget;
}

/** Where a request's tenant keeps its hourly budget, and how long the node lets it wait. */
export interface BudgetTicket {
	tenant: string;
	thresholdUrl: string;
	maxWaitMs: number;
}

export interface PreparedRequest {
	method: RequestOptions['method'];
	url: string;
	body?: RequestOptions['body'];
	qs?: IDataObject;
	headers?: IDataObject;
	/** The resource a write is made on behalf of (sent in `headers`), for the error text. */
	impersonationResourceId?: number;
	entity: string;
	kind: RequestKind;
	/** The hourly budget it counts against; omitted for calls Autotask does not count (zone lookup). */
	budget?: BudgetTicket;
	/** Thread-limit bucket; omitted for calls Autotask does not thread-limit (zone lookup). */
	limiterKey?: string;
	maxInFlight?: number;
	/** Statuses handed back to the caller instead of failing (e.g. 404 for a get by id). */
	acceptStatuses?: number[];
	/** Extra values to keep out of errors (e.g. a password in this request's body). */
	secrets?: string[];
	jsonBytes?: RequestOptions['jsonBytes'];
	readBody?: RequestOptions['readBody'];
}

/**
 * Called once when Autotask answers 401: returns the URL to send to instead (after re-resolving the
 * zone), or undefined when there is nothing to re-resolve.
 */
export type Reroute = (failedUrl: string) => Promise<string | undefined>;

const SYSTEM_CODE = /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/;

/**
 * The network error code behind a failed send, looking through n8n's and axios's wrappers
 * (NodeApiError -> AxiosError -> system error) and undici's `cause`.
 */
export function connectionErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const candidate = current as {
			code?: unknown;
			httpCode?: unknown;
			message?: unknown;
			messages?: unknown;
			cause?: unknown;
		};
		// n8n's NodeApiError keeps the system code in httpCode and the original text in messages.
		for (const code of [candidate.code, candidate.httpCode]) {
			if (typeof code === 'string' && SYSTEM_CODE.test(code) && !code.startsWith('ERR_BAD_')) return code;
		}
		const texts = [candidate.message, ...(Array.isArray(candidate.messages) ? candidate.messages : [])];
		for (const text of texts) {
			if (typeof text !== 'string') continue;
			if (/socket hang up/i.test(text)) return 'ECONNRESET';
			const named = NETWORK_ERROR_CODES.find((code) => text === code || text.includes(` ${code}`));
			if (named) return named;
		}
		current = candidate.cause;
	}
	return undefined;
}

function asConnectionFailure(error: unknown): Failure {
	const message = error instanceof Error ? error.message : String(error);
	return { type: 'connection', code: connectionErrorCode(error), message };
}

function isSuccess(status: number): boolean {
	return status >= 200 && status < 300;
}

type AttemptResult =
	| { ok: true; response: HttpResponse }
	| { ok: false; failure: Failure; retryAfterMs?: number };

async function sendOnce(
	channel: Channel,
	request: PreparedRequest,
	url: string,
): Promise<AttemptResult> {
	const budget = channel.budget ?? hourlyBudget;
	if (request.budget) await admit(channel, budget, request.budget);
	const threads = channel.threads ?? autotaskThreads;
	const slot = request.limiterKey ? await threads.acquire(request.limiterKey, request.maxInFlight) : undefined;
	let response: HttpResponse;
	try {
		response = await channel.send(sendOptions(request, url, channel.policy.requestTimeoutMs));
		// A streamed answer is read while the thread is held: Autotask is still sending it.
		if (request.readBody) response = await readStreamedAnswer(response, request.readBody);
		if (isThreadThresholdRejection(response.body)) slot?.refused();
		else slot?.succeeded();
	} catch (error) {
		return { ok: false, failure: asConnectionFailure(error) };
	} finally {
		slot?.release();
	}
	if (isSuccess(response.statusCode) || request.acceptStatuses?.includes(response.statusCode)) {
		return { ok: true, response };
	}
	if (request.budget && isHourlyThresholdRejection(response.statusCode, response.body)) {
		budget.refused(request.budget.tenant);
	}
	return {
		ok: false,
		failure: { type: 'response', status: response.statusCode, body: response.body },
		retryAfterMs: parseRetryAfter(headerValue(response.headers, 'retry-after')),
	};
}

function sendOptions(request: PreparedRequest, url: string, timeout: number): IHttpRequestOptions {
	const options: IHttpRequestOptions = { method: request.method, url, qs: request.qs, body: request.body, headers: request.headers, timeout };
	if (request.jsonBytes) {
		options.body = request.jsonBytes;
		options.headers = { ...request.headers, 'Content-Type': 'application/json' };
	}
	if (request.readBody) options.encoding = 'stream';
	return options;
}

/**
 * A 2xx answer read by `readBody` from its stream; any other read whole and parsed, as senders do.
 * (Leaving a for-await loop early, on an error too, destroys the stream.)
 */
async function readStreamedAnswer(response: HttpResponse, readBody: NonNullable<RequestOptions['readBody']>): Promise<HttpResponse> {
	const stream = response.body as AsyncIterable<Buffer | string>;
	if (isSuccess(response.statusCode)) return { ...response, body: await readBody(stream) };
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
	return { ...response, body: parseBody(Buffer.concat(chunks).toString('utf8')) };
}

/** Waits for room in the tenant's hourly budget; a wait longer than the node allows fails the node. */
async function admit(channel: Channel, budget: HourlyBudget, ticket: BudgetTicket): Promise<void> {
	const read = async () => {
		const response = await channel.send({ method: 'GET', url: ticket.thresholdUrl, timeout: 30_000 });
		return isSuccess(response.statusCode) ? parseThresholdInformation(response.body) : undefined;
	};
	try {
		await budget.admit(ticket.tenant, read, ticket.maxWaitMs);
	} catch (error) {
		throw error instanceof HourlyLimitWait
			? new NodeOperationError(channel.node, error.message, { description: error.describe() })
			: new NodeOperationError(channel.node, error as Error);
	}
}

function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

/**
 * Sends a request through the thread limiter, retrying transient failures per `retryPolicy`
 * (create requests only when they provably never reached Autotask), re-resolving the zone once on
 * a 401, and turning the final failure into an Autotask NodeApiError.
 */
export async function sendWithRetry(
	channel: Channel,
	request: PreparedRequest,
	reroute?: Reroute,
): Promise<HttpResponse> {
	const { policy } = channel;
	const startedAt = Date.now();
	let url = request.url;
	let attempts = 0;
	let rerouted = false;

	for (;;) {
		attempts++;
		const result = await sendOnce(channel, request, url);
		if (result.ok) return result.response;

		const { failure } = result;
		if (failure.type === 'response' && failure.status === 401 && reroute && !rerouted) {
			// A 401 can mean the user's database moved to another zone: look it up again, once.
			// Autotask rejects before acting on it, so even a create is safe to resend.
			rerouted = true;
			const newUrl = await reroute(url);
			if (newUrl !== undefined) {
				url = newUrl;
				continue;
			}
		}

		const report: RetryReport = { attempts, elapsedMs: Date.now() - startedAt };
		const decision = retryDecision(failure, request.kind);
		if (!decision.retry) {
			report.notRetriedBecause = decision.reason;
		} else if (attempts < policy.maxAttempts) {
			const delay = backoffDelay(attempts, policy, result.retryAfterMs);
			const remaining = policy.maxTotalMs - (Date.now() - startedAt);
			if (delay <= remaining) {
				await sleep(delay);
				continue;
			}
			report.notRetriedBecause =
				result.retryAfterMs !== undefined && result.retryAfterMs > remaining
					? `Autotask asked to wait ${Math.ceil(result.retryAfterMs / 1000)} s, longer than the ${Math.round(policy.maxTotalMs / 1000)} s retry budget`
					: `the ${Math.round(policy.maxTotalMs / 1000)} s retry budget is used up`;
		}
		const failed = {
			method: request.method,
			url,
			entity: request.entity,
			kind: request.kind,
			userName: channel.userName,
			impersonationResourceId: request.impersonationResourceId,
		};
		throw autotaskApiError(channel.node, failure, failed, report, [
			...channel.secrets,
			...(request.secrets ?? []),
		]);
	}
}
