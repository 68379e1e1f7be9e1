import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { Sender } from './request';
import { parseBody } from './responseBody';
import { CREDENTIAL_TYPE } from './types';
import type { AutotaskContext, AutotaskCredentials, HttpResponse } from './types';
import { AUTOTASK_ZONE_LOOKUP_URL } from './zones';

/** The decrypted credential with defaults applied. */
export function toAutotaskCredentials(raw: ICredentialDataDecryptedObject): AutotaskCredentials {
	const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
	return {
		userName: text(raw.userName).trim(),
		secret: text(raw.secret),
		integrationCode: text(raw.integrationCode),
		zone: text(raw.zone).trim() || 'auto',
		customBaseUrl: text(raw.customBaseUrl).trim(),
		zoneLookupUrl: text(raw.zoneLookupUrl).trim() || AUTOTASK_ZONE_LOOKUP_URL,
		impersonationResourceId: Math.max(0, Math.trunc(Number(raw.impersonationResourceId) || 0)),
	};
}

function toResponse(full: { statusCode: number; headers?: IDataObject; body: unknown }): HttpResponse {
	return { statusCode: full.statusCode, headers: full.headers ?? {}, body: parseBody(full.body) };
}

// The transport reads status and body itself (errors, retries, 404 = not found), so n8n must hand
// back every response rather than throw on non-2xx statuses.
const FULL_RESPONSE = { json: true, returnFullResponse: true, ignoreHttpStatusErrors: true } as const;

/**
 * Senders over an n8n context: `authenticated` goes through `httpRequestWithAuthentication`, so the
 * credential's own `authenticate` adds the headers; `anonymous` is for the zone lookup, which takes none.
 */
export function contextSenders(ctx: AutotaskContext): { authenticated: Sender; anonymous: Sender } {
	const helpers = ctx.helpers;
	return {
		authenticated: async (options: IHttpRequestOptions) =>
			toResponse(
				await helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
					...options,
					...FULL_RESPONSE,
				}),
			),
		anonymous: async (options: IHttpRequestOptions) =>
			toResponse(await helpers.httpRequest({ ...options, ...FULL_RESPONSE })),
	};
}

/** n8n's legacy request helper, the only HTTP helper a credential test function receives. */
export type LegacyRequest = (options: object) => Promise<unknown>;

/**
 * A sender over the legacy request helper, adding `headers` to every request. Credential tests get
 * only this helper and the decrypted credential, so authentication has to be applied here.
 */
export function legacyRequestSender(request: LegacyRequest, headers: IDataObject = {}): Sender {
	return async (options: IHttpRequestOptions) => {
		const response = (await request({
			method: options.method ?? 'GET',
			uri: options.url,
			qs: options.qs,
			body: options.body,
			headers: { ...headers, ...options.headers },
			timeout: options.timeout,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
		})) as { statusCode: number; headers?: IDataObject; body: unknown };
		return toResponse(response);
	};
}
