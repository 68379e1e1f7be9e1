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

const HTML_PAGE = /^<(?:!doctype|html|head|body)\b|<\/(?:html|body|title|h1|h2)>/i;
const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const MAX_TEXT_MESSAGE = 500;

/**
 * An HTML error page (IIS, a gateway or a proxy in front of Autotask) as one line of text: its
 * title, else its first heading, else its visible text. Markup never reaches an error message,
 * where people and AI agents read it.
 */
function htmlPageText(html: string): string {
	const part = (tag: string) => new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'i').exec(html)?.[1];
	const source = part('title') ?? part('h1') ?? part('h2') ?? html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ');
	return source
		.replace(/<[^>]*>/g, ' ')
		.replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => HTML_ENTITIES[name])
		.replace(/\s+/g, ' ')
		.trim();
}

function textMessage(text: string): string[] {
	const readable = HTML_PAGE.test(text) ? htmlPageText(text) : text;
	if (readable === '') return [];
	return [readable.length > MAX_TEXT_MESSAGE ? `${readable.slice(0, MAX_TEXT_MESSAGE)}...` : readable];
}

/**
 * The error texts of an Autotask response body: `{"errors":["..."]}` (Autotask's own shape),
 * `{"Message":"..."}` (ASP.NET framework errors), a JSON string of either, plain text, or an HTML
 * error page reduced to its title.
 */
export function autotaskMessages(body: unknown): string[] {
	if (body === null || body === undefined) return [];
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '') return [];
		try {
			return autotaskMessages(JSON.parse(text) as unknown);
		} catch {
			return textMessage(text);
		}
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

function hostOf(url: string): string {
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
	if (failure.type === 'connection') {
		const phrase =
			CONNECTION_PHRASES[failure.code ?? ''] ?? `the request failed (${redact(failure.message)})`;
		message = `Could not reach Autotask at ${host}: ${phrase}`;
	} else {
		message = messages[0] ?? `Autotask answered HTTP ${failure.status} without an error message`;
	}

	const what = `${operation} on ${request.entity}`;
	const facts =
		failure.type === 'connection'
			? `${what} (${request.method} ${request.url}) failed with a connection error${failure.code ? ` (${failure.code})` : ''}.`
			: `Autotask answered HTTP ${failure.status} to ${what} (${request.method} ${request.url}).`;
	const note = retryNote(report);
	const hint = hintFor(failure, request, operation);
	const description = [...messages.slice(1), facts, hint, note]
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
