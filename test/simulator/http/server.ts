import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate } from '../auth/authenticate';
import { ApiError, autotaskError, messages } from '../errors';
import type { FaultRule, FaultSchedule } from '../faults';
import { HANDLERS, PUBLIC_HANDLERS, isPublicAction } from '../handlers';
import type { ApiResponse, SimulatorState } from '../handlers/types';
import type { ThreadLimiter } from '../limits';
import { redactHeaders, type RequestObserver } from '../observe';
import { parseLenientJson } from './lenientJson';
import { resolveRoute, type Route } from './router';

export interface Pipeline {
	state: SimulatorState;
	observer: RequestObserver;
	faults: FaultSchedule;
	threads: ThreadLimiter;
	latencyMs(): number;
	/** Aborted on close(), so requests sleeping in simulated latency end with the server. */
	closing: AbortSignal;
	/** Test controls under /__admin/ (webhooks/admin.ts); undefined when the path is not one. */
	admin?: (method: string, path: string, body: unknown) => Promise<ApiResponse | undefined>;
}

/** Faults answered instead of processing the request. */
const FAULTS_BEFORE_PROCESSING = new Set(['429', '500', '503', 'threadThreshold']);

/**
 * Handles one HTTP request: route, count, maybe inject a fault, then authenticate, apply the
 * hourly and thread limits, wait the simulated latency (while counted in flight) and run the
 * handler. Every request ends up in the request log.
 */
export function requestListener(pipeline: Pipeline) {
	return (request: IncomingMessage, response: ServerResponse): void => {
		// Only reading the body can fail (the client went away): nothing left to answer.
		handle(pipeline, request, response).catch(() => request.socket.destroy());
	};
}

async function handle(pipeline: Pipeline, request: IncomingMessage, response: ServerResponse): Promise<void> {
	const { observer, faults, state } = pipeline;
	const startedAt = Date.now();
	const method = (request.method ?? 'GET').toUpperCase();
	const url = new URL(request.url ?? '/', state.baseUrl);
	const body = parseBody(await readBody(request));
	if (url.pathname.startsWith('/__admin/') && pipeline.admin) {
		send(response, (await pipeline.admin(method, url.pathname, body)) ?? { status: 404, body: { error: 'no such admin action' } });
		return;
	}
	let route: Route | ApiError;
	try {
		route = resolveRoute(method, url);
	} catch (error) {
		route = error as ApiError;
	}
	const kind = route instanceof ApiError ? 'other' : route.kind;
	const entity = route instanceof ApiError ? null : (route.entity?.name ?? null);
	observer.arrived(kind, entity);
	const finish = (status: number) =>
		observer.requests.push({
			method,
			path: url.pathname + url.search,
			entity,
			kind,
			status,
			body,
			headers: redactHeaders(request.headers),
			startedAt,
			endedAt: Date.now(),
		});

	const fault = faults.pick({ method, kind, entity });
	if (fault) observer.faultInjected();
	if (fault?.type === 'drop') {
		request.socket.destroy();
		finish(0);
		return;
	}
	let result =
		fault && FAULTS_BEFORE_PROCESSING.has(fault.type)
			? faultResponse(fault, pipeline)
			: await process(pipeline, route, { url, method, body, request });
	if (fault?.type === '500AfterCommit') result = errorResponse(autotaskError(messages.internalError));
	if (fault?.type === 'dropAfterCommit' || response.destroyed) {
		request.socket.destroy();
		finish(0);
		return;
	}
	send(response, result);
	finish(result.status);
}

async function process(
	pipeline: Pipeline,
	route: Route | ApiError,
	input: { url: URL; method: string; body: unknown; request: IncomingMessage },
): Promise<ApiResponse> {
	const { state, observer, threads } = pipeline;
	try {
		if (route instanceof ApiError) throw route;
		const handlerRequest = { route, url: input.url, method: input.method, body: input.body };
		if (isPublicAction(route.action)) {
			await simulateLatency(pipeline);
			return PUBLIC_HANDLERS[route.action](handlerRequest, state);
		}
		const auth = authenticate(input.request.headers, route.zone, state.users, state.store);
		if (!state.hourly.admit()) throw autotaskError(messages.hourlyThreshold(state.hourly.limit), 429);
		const bucket = `${auth.user.integrationCode}:${route.endpoint}`;
		const release = threads.tryAcquire(bucket);
		if (!release) {
			observer.threadRejected();
			// Autotask reports this with a non-429 status; clients match the Itgenatr005 text.
			throw autotaskError(messages.threadThreshold(threads.limit));
		}
		observer.concurrency(bucket, threads.inFlightOf(bucket));
		try {
			await simulateLatency(pipeline);
			return HANDLERS[route.action]({ ...handlerRequest, auth }, state);
		} finally {
			release();
		}
	} catch (error) {
		return error instanceof ApiError
			? errorResponse(error)
			: errorResponse(autotaskError(`${messages.internalError} ${(error as Error).message}`));
	}
}

async function simulateLatency({ latencyMs, closing }: Pipeline): Promise<void> {
	const ms = latencyMs();
	if (ms > 0) await sleep(ms, undefined, { signal: closing });
}

/**
 * What IIS (HTTP.sys) sends when the application pool behind it is stopped or overloaded: the
 * page every Windows web server shows, not Autotask's JSON.
 */
const IIS_503_PAGE = [
	'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">',
	'<HTML><HEAD><TITLE>Service Unavailable</TITLE>',
	'<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>',
	'<BODY><h2>Service Unavailable</h2>',
	'<hr><p>HTTP Error 503. The service is unavailable.</p>',
	'</BODY></HTML>',
].join('\r\n');

const PLAIN_TEXT_BODIES: Record<number, string> = {
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'The service is unavailable.',
};

function faultResponse(fault: FaultRule, pipeline: Pipeline): ApiResponse {
	const answer = autotaskFaultResponse(fault, pipeline);
	switch (fault.body ?? 'autotask') {
		case 'iisHtml':
			return { ...answer, body: undefined, raw: { contentType: 'text/html', text: IIS_503_PAGE } };
		case 'text':
			return {
				...answer,
				body: undefined,
				raw: { contentType: 'text/plain; charset=utf-8', text: PLAIN_TEXT_BODIES[answer.status] ?? 'Error' },
			};
		case 'empty':
			return { ...answer, body: undefined };
		default:
			return answer;
	}
}

function autotaskFaultResponse(fault: FaultRule, { state, threads }: Pipeline): ApiResponse {
	const retryAfter: Record<string, string> =
		fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
	switch (fault.type) {
		case '429':
			return { ...errorResponse(autotaskError(messages.hourlyThreshold(state.hourly.limit), 429)), headers: retryAfter };
		case '503':
			return { ...errorResponse(autotaskError(messages.serviceUnavailable, 503)), headers: retryAfter };
		case 'threadThreshold':
			return errorResponse(autotaskError(messages.threadThreshold(threads.limit)));
		default:
			return errorResponse(autotaskError(messages.internalError));
	}
}

function errorResponse(error: ApiError): ApiResponse {
	return { status: error.status, body: error.body, headers: error.headers };
}

function send(response: ServerResponse, { status, body, headers = {}, raw }: ApiResponse): void {
	response.statusCode = status;
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	if (raw) {
		response.setHeader('Content-Type', raw.contentType);
		response.end(raw.text);
		return;
	}
	if (body === undefined) {
		response.end();
		return;
	}
	response.setHeader('Content-Type', 'application/json; charset=utf-8');
	response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function parseBody(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return parseLenientJson(text);
	} catch {
		return undefined;
	}
}
