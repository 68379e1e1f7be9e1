import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { RequestKind } from './types';

/** What a failed request was, for the error text; carries no secret (URLs never hold one). */
export interface FailedRequest {
	method: string;
	url: string;
	entity: string;
	kind: RequestKind;
	userName: string;
	/** Set when the request was a write made on behalf of this resource (ImpersonationResourceId). */
	impersonationResourceId?: number;
}

/** How the retry loop ended. */
export interface RetryReport {
	/** Number of times the request was sent (or tried to be). */
	attempts: number;
	elapsedMs: number;
	/** Why the last failure was not retried, when it was not. */
	notRetriedBecause?: string;
}

export type Failure =
	| { type: 'response'; status: number; body: unknown }
	| { type: 'connection'; code?: string; message: string };

/** Structured facts of an Autotask error, attached to the NodeApiError (see `getAutotaskErrorDetails`). */
export interface AutotaskErrorDetails {
	status: number | null;
	entity: string;
	operation: string;
	method: string;
	url: string;
	messages: string[];
	attempts: number;
	retryNote: string;
}

const THREAD_THRESHOLD = /Itgenatr005|thread threshold/i;
const PERMISSION = /does not have the adequate permissions|may not have the required permissions/i;
const HOURLY_THRESHOLD = /request threshold|requests per hour|hourly (?:request )?(?:limit|threshold)/i;
const INTEGRATION_CODE = /integration ?code|tracking identifier/i;
const UNKNOWN_USER = /zone information could not be determined/i;
const NO_MATCHING_RECORD = /No matching records found/i;
const BROKEN_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** True when Autotask refused the request because the integration already has 3 requests in flight. */
export function isThreadThresholdRejection(body: unknown): boolean {
	return autotaskMessages(body).some((message) => THREAD_THRESHOLD.test(message));
}

/** True for Autotask's hourly-threshold refusal: a 429, or the threshold named at any status. */
export function isHourlyThresholdRejection(status: number, body: unknown): boolean {
	return status === 429 || autotaskMessages(body).some((message) => HOURLY_THRESHOLD.test(message));
}

/**
 * The error texts of an Autotask response body: `{"errors":["..."]}` (Autotask's own shape),
 * `{"Message":"..."}` (ASP.NET framework errors), a JSON string of either, or plain text.
 */
export function autotaskMessages(body: unknown): string[] {
	if (body === null || body === undefined) return [];
	if (typeof body === 'string') {
		const parsed = parseJson(body);
		if (parsed !== undefined) return autotaskMessages(parsed);
		const text = plainText(body);
		return text === '' ? [] : [clip(text, 500)];
	}
	if (typeof body !== 'object') return [String(body)];
	const object = body as Record<string, unknown>;
	if (Array.isArray(object.errors)) {
		return object.errors
			.map((entry: unknown) =>
				typeof entry === 'object' && entry !== null
					? String((entry as Record<string, unknown>).message ?? JSON.stringify(entry))
					: String(entry),
			)
			.filter((text) => text.trim() !== '');
	}
	for (const key of ['Message', 'message', 'error', 'ExceptionMessage']) {
		if (typeof object[key] === 'string' && object[key] !== '') return [object[key] as string];
	}
	return [];
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** True when the body is JSON (parsed, or a string holding it): Autotask's own answers are. */
function isJsonBody(body: unknown): boolean {
	if (body === null || body === undefined) return false;
	if (typeof body !== 'string') return true;
	const parsed = parseJson(body);
	return parsed !== undefined && parsed !== null && typeof parsed === 'object';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The readable text of a non-JSON answer on one line: an HTML page (IIS or a proxy answering for
 * Autotask) without head, scripts, styles and markup; plain text as it is.
 */
function plainText(text: string): string {
	return text
		.replace(/<(head|script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
		.replace(/<!--[\s\S]*?-->/g, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&(#\d+|[a-z]+);/gi, (entity, name: string) =>
			name.startsWith('#') ? String.fromCharCode(Number(name.slice(1))) : (ENTITIES[name.toLowerCase()] ?? entity),
		)
		.replace(/\s+/g, ' ')
		.trim();
}

function clip(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}...` : text;
}

const REASON_PHRASES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	408: 'Request Timeout',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

/** At most this many characters of an error message; the rest goes to the description. */
const MESSAGE_MAX = 200;

/** Replaces every occurrence of each secret in `text` with `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		// Very short values would blank out ordinary words without protecting anything.
		if (secret.length >= 4) result = result.split(secret).join('***');
	}
	return result;
}

/** Values of any `password` property (at any depth) of a request body, to keep out of errors. */
export function passwordsIn(body: unknown): string[] {
	if (Array.isArray(body)) return body.flatMap(passwordsIn);
	if (body === null || typeof body !== 'object') return [];
	return Object.entries(body as Record<string, unknown>).flatMap(([key, value]) =>
		/password/i.test(key) && typeof value === 'string' ? [value] : passwordsIn(value),
	);
}

export function operationName(method: string, kind: RequestKind, url: string): string {
	if (kind === 'create') return 'create';
	if (method === 'PATCH' || method === 'PUT') return 'update';
	if (method === 'DELETE') return 'delete';
	if (/\/query\/count(?:$|\?)/i.test(url)) return 'count';
	if (/\/query(?:\/next)?(?:$|\?)/i.test(url)) return 'query';
	if (/\/entityInformation/i.test(url)) return 'read metadata';
	return method === 'GET' ? 'get' : method;
}

const PERMISSION_VERB: Record<string, string> = {
	create: 'Add',
	update: 'Edit',
	delete: 'Delete',
};

function permissionHint(entity: string, operation: string, userName: string): string {
	const verb = PERMISSION_VERB[operation] ?? 'View';
	const where =
		entity.toLowerCase() === 'resources'
			? 'Resources can only be changed by an API user whose security level has admin access to Resources/Users (HR): in Autotask go to Admin > Account Settings & Users > Resources/Users > Security Levels, open the API user\'s security level and grant "Resources/Users (HR)" admin access.'
			: `In Autotask go to Admin > Account Settings & Users > Resources/Users > Security Levels, open the security level of API user "${userName}" and allow "${verb}" for ${entity} (and make sure the module that owns ${entity} is active).`;
	return `Permission missing: ${where}`;
}

/**
 * Why an impersonated write may be refused: Autotask allows impersonation per entity in the
 * security levels and grants an impersonated write only the rights both the API user and the
 * impersonated resource have (Autotask help, Web Services API security settings).
 */
function impersonationHint(entity: string, operation: string, request: FailedRequest, resourceId: number): string {
	const verb = PERMISSION_VERB[operation] ?? 'View';
	return [
		`The write was made on behalf of resource ${resourceId} (impersonation). Likely causes:`,
		`resource ${resourceId} is inactive;`,
		`its security level does not allow impersonation (Admin > Account Settings & Users > Resources/Users > Security Levels > its level > Web Services API: "Allow impersonation of resources with this security level"), or the API user's security level does not allow impersonation for ${entity};`,
		`resource ${resourceId} or API user "${request.userName}" lacks "${verb}" for ${entity} (an impersonated write gets only the rights both have).`,
		'To write as the API user itself, set Options > Impersonation to None.',
	].join(' ');
}

const IMPERSONATION = /impersonat/i;

/** True when a refused write was made with impersonation and the refusal may be due to it. */
function refusedWhileImpersonating(failure: Failure, request: FailedRequest): request is FailedRequest & { impersonationResourceId: number } {
	if (failure.type !== 'response' || !request.impersonationResourceId) return false;
	const text = autotaskMessages(failure.body).join(' ');
	if (NO_MATCHING_RECORD.test(text) || THREAD_THRESHOLD.test(text)) return false;
	return PERMISSION.test(text) || IMPERSONATION.test(text) || failure.status === 403;
}

function hintFor(failure: Failure, request: FailedRequest, operation: string): string | undefined {
	if (failure.type === 'connection') {
		// A connection that broke mid-request was made, so the zone is reachable.
		return failure.code && BROKEN_CONNECTION.has(failure.code)
			? 'The connection broke while Autotask was handling the request; this is usually temporary.'
			: 'Check that the Autotask zone (or custom URL) in the credential is right and reachable from n8n.';
	}
	const text = autotaskMessages(failure.body).join(' ');
	if (THREAD_THRESHOLD.test(text)) {
		return 'Autotask allows 3 simultaneous requests per integration code and entity. Other workflows or integrations using the same API Integration Code are using those threads; run fewer at once.';
	}
	// Autotask's text for a missing record also mentions permissions; the record being gone is likelier.
	if (NO_MATCHING_RECORD.test(text)) {
		return `No such ${request.entity} record exists for this API user: it may have been deleted already (for example by an earlier attempt whose answer was lost), or the user's security level may not let it see the record.`;
	}
	if (refusedWhileImpersonating(failure, request)) {
		return impersonationHint(request.entity, operation, request, request.impersonationResourceId);
	}
	if (PERMISSION.test(text) || failure.status === 403) {
		return permissionHint(request.entity, operation, request.userName);
	}
	if (HOURLY_THRESHOLD.test(text)) {
		return 'Autotask allows 10,000 API requests per hour per database, shared by all integrations. Wait for the rolling hour to pass, or poll less often (Admin > Extensions & Integrations > Other Extensions & Tools > API Activity by Hour shows the usage).';
	}
	if (UNKNOWN_USER.test(text)) {
		return `Autotask does not know the API user "${request.userName}"; check the API Username in the credential.`;
	}
	if (INTEGRATION_CODE.test(text)) {
		return "Check the credential's API Integration Code (the API user's tracking identifier).";
	}
	if (failure.status === 401) {
		return `Autotask rejected the credentials of "${request.userName}": check the Secret, and that the user is an API user. If the zone is set by hand, try Auto-Detect.`;
	}
	if (failure.status === 404 && /No HTTP resource was found/i.test(text)) {
		return `The API has no such path. Child entities are written through their parent (for example Companies/{id}/Contacts), and ${request.entity} may not support ${operation}.`;
	}
	if (failure.status === 405) {
		return `${request.entity} does not support ${operation} through the API.`;
	}
	return undefined;
}

const CONNECTION_PHRASES: Record<string, string> = {
	ECONNREFUSED: 'the server refused the connection',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name lookup failed for now',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	ECONNRESET: 'the server closed the connection before answering',
	EPIPE: 'the server closed the connection while the request was being sent',
	ETIMEDOUT: 'the server did not answer in time',
	ECONNABORTED: 'the server did not answer in time',
};

/** The host of a URL, for messages; the text itself when it is not a URL. */
export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/** One sentence about retries, which every final error carries. */
export function retryNote(report: RetryReport): string {
	const seconds = Math.round(report.elapsedMs / 100) / 10;
	const retried =
		report.attempts > 1
			? `Retried ${report.attempts - 1} time${report.attempts > 2 ? 's' : ''} over ${seconds} s`
			: '';
	if (report.notRetriedBecause) {
		return retried
			? `${retried}; then not retried again: ${report.notRetriedBecause}.`
			: `Not retried: ${report.notRetriedBecause}.`;
	}
	return retried ? `${retried}; every attempt failed.` : 'Not retried: the retry policy allows one attempt.';
}

/**
 * Builds the NodeApiError for a failed Autotask request: Autotask's own message first, the HTTP
 * status as httpCode, entity and operation plus a hint and the retry story in the description.
 * Every text passes through `redactSecrets`, and no request options, headers or bodies are attached.
 */
export function autotaskApiError(
	node: INode,
	failure: Failure,
	request: FailedRequest,
	report: RetryReport,
	secrets: readonly string[],
): NodeApiError {
	const operation = operationName(request.method, request.kind, request.url);
	const redact = (text: string) => redactSecrets(text, secrets);
	const status = failure.type === 'response' ? failure.status : null;
	const messages = failure.type === 'response' ? autotaskMessages(failure.body).map(redact) : [];
	const host = hostOf(request.url);

	let message: string;
	// What the message leaves out: further Autotask messages, the rest of a long one, or the
	// text of a non-JSON answer (an IIS or proxy error page is a screen of HTML).
	let unsaid: string[] = [];
	if (failure.type === 'connection') {
		const phrase =
			CONNECTION_PHRASES[failure.code ?? ''] ?? `the request failed (${redact(failure.message)})`;
		message = `Could not reach Autotask at ${host}: ${phrase}`;
	} else if (refusedWhileImpersonating(failure, request)) {
		message = `Autotask refused the ${operation} on ${request.entity} made on behalf of resource ${request.impersonationResourceId}`;
		unsaid = messages.map((text) => `Autotask said: "${text}".`);
	} else if (isJsonBody(failure.body) && messages.length > 0) {
		const first = messages[0].replace(/\s+/g, ' ').trim();
		message = clip(first, MESSAGE_MAX);
		unsaid = [...(first.length > MESSAGE_MAX ? [first] : []), ...messages.slice(1)];
	} else {
		const phrase = REASON_PHRASES[failure.status] ?? '';
		message = `Autotask answered HTTP ${failure.status}${phrase ? ` ${phrase}` : ''}`;
		if (isJsonBody(failure.body)) {
			unsaid = ['The answer carried no error message.'];
		} else {
			unsaid = [messages.length > 0 ? `The answer was not JSON: "${clip(messages[0], 300)}".` : 'The answer had no body.'];
		}
	}

	const what = `${operation} on ${request.entity}`;
	const facts =
		failure.type === 'connection'
			? `${what} (${request.method} ${request.url}) failed with a connection error${failure.code ? ` (${failure.code})` : ''}.`
			: `Autotask answered HTTP ${failure.status} to ${what} (${request.method} ${request.url}).`;
	const note = retryNote(report);
	const hint = hintFor(failure, request, operation);
	const description = [...unsaid, facts, hint, note]
		.filter((part): part is string => Boolean(part))
		.join(' ');

	const details: AutotaskErrorDetails = {
		status,
		entity: request.entity,
		operation,
		method: request.method,
		url: request.url,
		messages,
		attempts: report.attempts,
		retryNote: note,
	};
	return new NodeApiError(node, { autotask: details } as unknown as JsonObject, {
		message: redact(message),
		description: redact(description),
		httpCode: status === null ? undefined : String(status),
	});
}

/** The error `getOrFail` throws: names the entity and the id. */
export function notFoundError(node: INode, entity: string, id: number): NodeApiError {
	const details: AutotaskErrorDetails = {
		status: 404,
		entity,
		operation: 'get',
		method: 'GET',
		url: `${entity}/${id}`,
		messages: [],
		attempts: 1,
		retryNote: 'Not retried: the record does not exist.',
	};
	return new NodeApiError(node, { autotask: details } as unknown as JsonObject, {
		message: `${entity} ${id} was not found`,
		description: `Autotask has no ${entity} record with id ${id}, or the API user may not see it.`,
		httpCode: '404',
	});
}

/** The structured facts of an error thrown by the transport, or undefined for any other error. */
export function getAutotaskErrorDetails(error: unknown): AutotaskErrorDetails | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const response = (error as NodeApiError & { errorResponse?: JsonObject }).errorResponse;
	const details = response?.autotask;
	return details && typeof details === 'object' ? (details as unknown as AutotaskErrorDetails) : undefined;
}
