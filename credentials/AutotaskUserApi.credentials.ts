import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

import { AUTOTASK_ZONE_LOOKUP_URL, KNOWN_ZONES } from '../nodes/transport/zones';

/**
 * One Autotask API user per n8n user ("endpoint per user"): every workflow acts, and is seen in
 * Autotask to act, as the person whose API user this is.
 */
export class AutotaskUserApi implements ICredentialType {
	name = 'autotaskUserApi';

	displayName = 'Autotask API (per user)';

	icon = { light: 'file:../icons/autotask.svg', dark: 'file:../icons/autotask.dark.svg' } as const;

	// This package's page (the README's credential section, on the package's homepage): what to
	// enter in each field, in this credential's terms.
	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-autotask-psa#the-credential-autotask-api-per-user';

	properties: INodeProperties[] = [
		{
			displayName: 'API Username',
			name: 'userName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'jane.api@yourmsp.com',
			description:
				'The username of an Autotask API user (security level "API User"). Only API-only users can call the REST API.',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The API user's secret (its password in Autotask)",
		},
		// The tracking identifier identifies the integration to Autotask and is sent with every call,
		// so it is masked like the secret even though its name does not say so.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'API Integration Code',
			name: 'integrationCode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The tracking identifier chosen on the API user (Admin > Resources > API tracking identifier)',
		},
		{
			displayName: 'Zone',
			name: 'zone',
			type: 'options',
			default: 'auto',
			options: [
				{
					name: 'Auto-Detect (Recommended)',
					value: 'auto',
					description: "Ask Autotask which zone holds this user's database",
				},
				...KNOWN_ZONES.map((zone) => ({ name: zone.name, value: zone.restRoot })),
				{ name: 'Custom URL', value: 'custom', description: 'A proxy or a sandbox' },
			],
			description: "Where this user's Autotask database lives",
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://webservices5.autotask.net/ATServicesRest/',
			description: 'The REST root, up to and including "ATServicesRest/"',
			displayOptions: { show: { zone: ['custom'] } },
		},
		{
			displayName: 'Impersonation Resource ID',
			name: 'impersonationResourceId',
			type: 'number',
			default: 0,
			description:
				"Optional. When set, writes are attributed in Autotask to this resource (sent as ImpersonationResourceId), unless a write operation's Options > Impersonation says otherwise. The resource must be active and its security level must allow impersonation. 0 means no impersonation.",
		},
		{
			displayName: 'Zone Lookup URL',
			name: 'zoneLookupUrl',
			type: 'string',
			default: AUTOTASK_ZONE_LOOKUP_URL,
			description:
				"Autotask's zone information endpoint. Change it only to point at a proxy or the sandbox simulator.",
			displayOptions: { show: { zone: ['auto'] } },
		},
	];

	// No `test` request here on purpose: n8n prefers a credential's own `test` to a node's `testedBy`,
	// and only the nodes' `autotaskUserApiTest` (nodes/transport/credentialTest.ts) can look up the
	// zone first and name the cause of a failure. Every node declares `testedBy: 'autotaskUserApiTest'`.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				UserName: '={{$credentials.userName}}',
				Secret: '={{$credentials.secret}}',
				ApiIntegrationCode: '={{$credentials.integrationCode}}',
			},
		},
	};
}
