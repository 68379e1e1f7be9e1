/**
 * A minimal n8n context for transport-level tests: `getCredentials`, `getNode` and the HTTP helpers,
 * over Node's own http module (so network errors carry the same codes axios gives n8n).
 * `httpRequestWithAuthentication` applies the credential's generic `authenticate` headers the way
 * n8n does, and wraps failures in NodeApiError like n8n-core (with the request config, secrets
 * included, on the cause: the transport must never pass that on).
 */
import * as http from 'node:http';
import * as https from 'node:https';

import { NodeApiError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';

import { AutotaskUserApi } from '../../credentials/AutotaskUserApi.credentials';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: unknown;
}

export interface FakeContext {
	/** Pass to `AutotaskClient.forContext` (typed as an execute context). */
	ctx: IExecuteFunctions;
	/** Every request sent, in order. */
	requests: RecordedRequest[];
	/** Replace the credential (e.g. to test a wrong secret). */
	setCredentials(credentials: ICredentialDataDecryptedObject): void;
	/** Fail the next `count` authenticated requests with ECONNREFUSED, before anything is sent. */
	refuseNextConnections(count: number): void;
}

export const FAKE_NODE: INode = {
	id: 'fake-node',
	name: 'Autotask',
	type: 'n8n-nodes-autotask-psa.autotask',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

interface RawResponse {
	statusCode: number;
	statusMessage?: string;
	headers: IDataObject;
	body: unknown;
}

interface RawRequest {
	method: string;
	url: string;
	qs?: IDataObject;
	headers?: IDataObject;
	body?: unknown;
	timeout?: number;
}

function withQuery(url: string, qs?: IDataObject): URL {
	const target = new URL(url);
	for (const [key, value] of Object.entries(qs ?? {})) {
		if (value !== undefined && value !== null) target.searchParams.append(key, String(value));
	}
	return target;
}

function parse(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** One HTTP exchange; rejects with a Node system error (code ECONNRESET, ECONNREFUSED...) when no response arrives. */
export async function rawHttp(request: RawRequest, log?: RecordedRequest[]): Promise<RawResponse> {
	const target = withQuery(request.url, request.qs);
	const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
	const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'n8n' };
	for (const [key, value] of Object.entries(request.headers ?? {})) headers[key] = String(value);
	if (payload !== undefined) {
		headers['Content-Type'] = 'application/json';
		headers['Content-Length'] = String(Buffer.byteLength(payload));
	}
	log?.push({ method: request.method, url: target.toString(), headers, body: request.body });
	const transport = target.protocol === 'https:' ? https : http;
	return await new Promise<RawResponse>((resolve, reject) => {
		const req = transport.request(target, { method: request.method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', reject);
			res.on('end', () =>
				resolve({
					statusCode: res.statusCode ?? 0,
					statusMessage: res.statusMessage,
					headers: res.headers as IDataObject,
					body: parse(Buffer.concat(chunks).toString('utf8')),
				}),
			);
		});
		req.on('error', reject);
		if (request.timeout) {
			req.setTimeout(request.timeout, () =>
				req.destroy(Object.assign(new Error('timeout exceeded'), { code: 'ECONNABORTED' })),
			);
		}
		req.end(payload);
	});
}

/** What axios hands n8n on failure: the message, the code and the request config (headers included). */
function axiosLikeError(error: Error & { code?: string }, config: RawRequest): Error {
	return Object.assign(new Error(error.message), {
		name: 'AxiosError',
		code: error.code,
		cause: error,
		config: { url: config.url, method: config.method, headers: config.headers, data: config.body },
		isAxiosError: true,
	});
}

/** The credential's generic authenticate headers, resolved like n8n's `={{$credentials.x}}` expressions. */
export function authenticateHeaders(credentials: ICredentialDataDecryptedObject): IDataObject {
	const definition = new AutotaskUserApi().authenticate.properties.headers ?? {};
	const headers: IDataObject = {};
	for (const [name, expression] of Object.entries(definition)) {
		const match = /^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/.exec(String(expression));
		headers[name] = match ? String(credentials[match[1]] ?? '') : String(expression);
	}
	return headers;
}

function connectionRefused(url: string): Error {
	const { hostname, port } = new URL(url);
	return Object.assign(new Error(`connect ECONNREFUSED ${hostname}:${port}`), {
		code: 'ECONNREFUSED',
		syscall: 'connect',
	});
}

async function n8nStyleRequest(
	options: IHttpRequestOptions,
	extraHeaders: IDataObject,
	log: RecordedRequest[],
	refuse = false,
): Promise<unknown> {
	const raw: RawRequest = {
		method: options.method ?? 'GET',
		url: options.url,
		qs: options.qs,
		headers: { ...(options.headers ?? {}), ...extraHeaders },
		body: options.method === 'GET' ? undefined : (options.body as unknown),
		timeout: options.timeout,
	};
	let response: RawResponse;
	try {
		if (refuse) throw connectionRefused(raw.url);
		response = await rawHttp(raw, log);
	} catch (error) {
		throw new NodeApiError(FAKE_NODE, axiosLikeError(error as Error, raw) as unknown as JsonObject);
	}
	if (!options.ignoreHttpStatusErrors && response.statusCode >= 400) {
		const failure = Object.assign(new Error(`Request failed with status code ${response.statusCode}`), {
			response: { status: response.statusCode, data: response.body },
			config: raw,
		});
		throw new NodeApiError(FAKE_NODE, failure as unknown as JsonObject);
	}
	return options.returnFullResponse
		? { body: response.body, headers: response.headers, statusCode: response.statusCode, statusMessage: response.statusMessage }
		: response.body;
}

/** A fake execute context holding `credentials` for the `autotaskUserApi` type. */
export function createFakeContext(credentials: ICredentialDataDecryptedObject): FakeContext {
	let current = credentials;
	let refusals = 0;
	const requests: RecordedRequest[] = [];
	const ctx = {
		getNode: () => FAKE_NODE,
		getCredentials: async (type: string) => {
			if (type !== 'autotaskUserApi') throw new Error(`No credentials of type ${type}`);
			return current;
		},
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => await n8nStyleRequest(options, {}, requests),
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions) => {
				if (type !== 'autotaskUserApi') throw new Error(`No credentials of type ${type}`);
				const refuse = refusals > 0;
				if (refuse) refusals--;
				return await n8nStyleRequest(options, authenticateHeaders(current), requests, refuse);
			},
		},
	};
	return {
		ctx: ctx as unknown as IExecuteFunctions,
		requests,
		setCredentials: (next) => {
			current = next;
		},
		refuseNextConnections: (count) => {
			refusals = count;
		},
	};
}

/**
 * A fake credential-test context: only the legacy `helpers.request`, with request-promise options
 * (`uri`, `qs`, `json`, `resolveWithFullResponse`, `simple`) as n8n-core's CredentialTestContext takes them.
 */
export function createCredentialTestContext(): { ctx: ICredentialTestFunctions; requests: RecordedRequest[] } {
	const requests: RecordedRequest[] = [];
	const request = async (options: IDataObject) => {
		const raw: RawRequest = {
			method: String(options.method ?? 'GET'),
			url: String(options.uri ?? options.url),
			qs: options.qs as IDataObject | undefined,
			headers: options.headers as IDataObject | undefined,
			body: options.body,
			timeout: options.timeout as number | undefined,
		};
		let response: RawResponse;
		try {
			response = await rawHttp(raw, requests);
		} catch (error) {
			throw axiosLikeError(error as Error, raw);
		}
		if (options.simple !== false && response.statusCode >= 400) {
			throw Object.assign(new Error(`${response.statusCode} - ${JSON.stringify(response.body)}`), {
				statusCode: response.statusCode,
			});
		}
		return options.resolveWithFullResponse ? response : response.body;
	};
	const ctx = { helpers: { request }, logger: console } as unknown as ICredentialTestFunctions;
	return { ctx, requests };
}
