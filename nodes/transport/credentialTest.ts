import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INode,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { AutotaskClient } from './client';
import { getAutotaskErrorDetails, hostOf } from './errors';
import type { AutotaskErrorDetails } from './errors';
import { retryPolicy } from './retryPolicy';
import { legacyRequestSender, toAutotaskCredentials } from './senders';
import type { LegacyRequest } from './senders';
import type { AutotaskCredentials } from './types';
import type { ResolvedZone } from './zoneResolver';

// Errors need a node; a credential test has none.
const TEST_NODE: INode = {
	id: 'autotask-credential-test',
	name: 'Autotask credential test',
	type: 'autotaskUserApi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const REQUIRED: Array<[keyof AutotaskCredentials, string]> = [
	['userName', 'API Username'],
	['secret', 'Secret'],
	['integrationCode', 'API Integration Code'],
];

const INTEGRATION_CODE = /integration ?code|tracking identifier/i;
const UNKNOWN_USER = /zone information could not be determined/i;
const NOT_AN_API_USER = /\buser\b.*\b(?:not a valid|unknown|does not exist|not found)/i;
const PERMISSION = /does not have the adequate permissions|may not have the required permissions/i;

/** The headers of the credential's `authenticate`; a credential test has to apply them itself. */
function authHeaders(credentials: AutotaskCredentials): IDataObject {
	return {
		UserName: credentials.userName,
		Secret: credentials.secret,
		ApiIntegrationCode: credentials.integrationCode,
	};
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function zoneFailure(error: unknown, credentials: AutotaskCredentials): string {
	const details = getAutotaskErrorDetails(error);
	if (!details) return messageOf(error);
	if (details.messages.some((message) => UNKNOWN_USER.test(message))) {
		return `Unknown API user "${credentials.userName}": Autotask's zone lookup answered "Zone information could not be determined". Check the API Username.`;
	}
	if (details.status === null) {
		return `${messageOf(error)} (the zone lookup, ${hostOf(details.url)}). Check the Zone Lookup URL or choose the zone by hand.`;
	}
	return `The zone lookup at ${hostOf(details.url)} failed: ${messageOf(error)}`;
}

function authFailure(
	error: unknown,
	details: AutotaskErrorDetails | undefined,
	credentials: AutotaskCredentials,
): string {
	if (!details) return messageOf(error);
	const host = hostOf(details.url);
	const said = details.messages.length > 0 ? ` Autotask said: "${details.messages.join(' ')}"` : '';
	if (details.status === null) return `${messageOf(error)}. Check the zone or custom URL in the credential.`;
	if (details.status === 401) {
		const zoneAdvice =
			credentials.zone === 'auto' ? '' : " If the zone is set by hand, the user's database may be in another zone: try Auto-Detect.";
		return `Wrong Secret for "${credentials.userName}": Autotask at ${host} answered 401 Unauthorized (an inactive API user gets the same answer).${zoneAdvice}`;
	}
	if (details.messages.some((message) => NOT_AN_API_USER.test(message))) {
		return `Unknown API user "${credentials.userName}" at ${host} (HTTP ${details.status}).${said} Check the API Username, and that the user's license is "API User".`;
	}
	if (details.messages.some((message) => INTEGRATION_CODE.test(message))) {
		return `Wrong API Integration Code for "${credentials.userName}" (HTTP ${details.status}).${said}`;
	}
	return `Autotask at ${host} refused the test request (HTTP ${details.status}).${said}`;
}

/**
 * Credential test for `autotaskUserApi`; nodes register it as
 * `methods.credentialTest.autotaskUserApiTest` and declare `testedBy: 'autotaskUserApiTest'`.
 * Resolves the zone, then makes one small authenticated query (the API user's own Resource), and
 * names the cause of a failure: unknown user, wrong secret, wrong integration code, unreachable host,
 * or an invalid custom URL.
 */
export async function autotaskUserApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = toAutotaskCredentials(credential.data ?? {});
	const missing = REQUIRED.filter(([key]) => String(credentials[key]).trim() === '').map(([, name]) => name);
	if (missing.length > 0) return { status: 'Error', message: `Please fill in: ${missing.join(', ')}` };

	// n8n gives credential tests only its legacy `request` helper (no httpRequest; n8n-io/n8n#25190),
	// so this is the one place that uses it.
	// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
	const request: LegacyRequest = async (options) => await this.helpers.request(options);
	const client = AutotaskClient.withSenders(
		TEST_NODE,
		credentials,
		{
			authenticated: legacyRequestSender(request, authHeaders(credentials)),
			anonymous: legacyRequestSender(request),
		},
		// Someone is waiting in the editor: one quick retry, not two minutes of them.
		{
			retryPolicy: {
				...retryPolicy,
				maxAttempts: Math.min(2, retryPolicy.maxAttempts),
				maxTotalMs: Math.min(15_000, retryPolicy.maxTotalMs),
			},
		},
	);

	let zone: ResolvedZone;
	try {
		zone = await client.zone({ fresh: true });
	} catch (error) {
		return { status: 'Error', message: zoneFailure(error, credentials) };
	}

	try {
		await client.query('Resources', {
			filter: [{ op: 'eq', field: 'userName', value: credentials.userName }],
			includeFields: ['id'],
			limit: 1,
		});
	} catch (error) {
		const details = getAutotaskErrorDetails(error);
		// A permission refusal comes after authentication succeeded: the credential itself works.
		if (!details?.messages.some((message) => PERMISSION.test(message))) {
			return { status: 'Error', message: authFailure(error, details, credentials) };
		}
	}
	return { status: 'OK', message: `Connected as ${credentials.userName} in zone ${zone.zoneName}` };
}
