import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import type { AutotaskClient } from './client';
import { cachedMetadata } from './metadataCache';
import type { AutotaskFilter, AutotaskRecord } from './types';

const RESOURCES = 'Resources';

/** Resource.userName holds at most 32 characters (entityInformation/fields of real tenants). */
const RESOURCE_USERNAME_LENGTH = 32;

interface Step {
	/** How the step matched, for the ambiguity error. */
	by: string;
	field: 'userName' | 'email';
	value: string;
}

/**
 * Where to look for the API user's resource, in order. An API user's login is the resource's
 * userName with the tenant's domain appended (`apiuser3mz8w@ACMEMSP.EXAMPLE` for userName
 * `apiuser3mz8w`); the exact name comes first for tenants or proxies that keep it whole, and the
 * e-mail last for resources whose username was changed since.
 */
function lookupSteps(apiUserName: string): Step[] {
	const at = apiUserName.indexOf('@');
	const localPart = at > 0 ? apiUserName.slice(0, at) : '';
	const steps: Step[] = [];
	if (apiUserName.length <= RESOURCE_USERNAME_LENGTH) {
		steps.push({ by: 'username', field: 'userName', value: apiUserName });
	}
	if (localPart && localPart.length <= RESOURCE_USERNAME_LENGTH) {
		steps.push({ by: `username "${localPart}" (the API username before "@")`, field: 'userName', value: localPart });
	}
	steps.push({ by: 'e-mail', field: 'email', value: apiUserName });
	return steps;
}

const same = (a: unknown, b: string) => String(a ?? '').toLowerCase() === b.toLowerCase();

async function cacheKey(client: AutotaskClient, what: string): Promise<string> {
	// Per tenant and API user, like metadata: one zone serves many tenants.
	return [(await client.zone()).restRoot, client.userName.toLowerCase(), what].join('|');
}

/**
 * The id of the resource behind the credential's API user: the resource whose userName is the API
 * username, else the API username's part before `@`, else whose e-mail is the API username. Two
 * resources matching at the first step that matches anything is an error naming both. One query,
 * cached per (REST root, API user) in the process for the metadata TTL.
 */
export async function credentialResourceId(client: AutotaskClient, node: INode): Promise<number> {
	return await cachedMetadata(await cacheKey(client, 'credentialResource'), async () => {
		const steps = lookupSteps(client.userName);
		const conditions: AutotaskFilter[] = steps.map((step) => ({ op: 'eq', field: step.field, value: step.value }));
		const candidates = await client.query(RESOURCES, {
			filter: conditions.length === 1 ? conditions : [{ op: 'or', items: conditions }],
			includeFields: ['id', 'userName', 'email'],
			limit: 50,
		});
		for (const step of steps) {
			const matches = candidates.filter((resource) => same(resource[step.field], step.value));
			if (matches.length === 1) return matches[0].id;
			if (matches.length > 1) throw ambiguous(node, client.userName, step, matches);
		}
		const userNames = steps.filter((step) => step.field === 'userName').map((step) => `"${step.value}"`);
		throw new NodeOperationError(node, `No Autotask resource belongs to the API user "${client.userName}"`, {
			description: `Looked for a resource ${userNames.length ? `whose username is ${userNames.join(' or ')}, or ` : ''}whose e-mail is "${client.userName}". Check the credential's API Username; every API user is a resource (Admin > Resources/Users).`,
		});
	});
}

function ambiguous(node: INode, apiUserName: string, step: Step, matches: AutotaskRecord[]): NodeOperationError {
	const ids = matches.map((resource) => resource.id).sort((a, b) => a - b);
	return new NodeOperationError(
		node,
		`Resources ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]} both match the API user "${apiUserName}" by ${step.by}`,
		{
			description:
				'Which resource is this credential cannot be told apart. Give one of them another username or e-mail in Autotask (Admin > Resources/Users).',
		},
	);
}

/**
 * Checks that the resource a credential impersonates exists and is active (Autotask refuses
 * writes impersonating any other) and returns its id. Cached per (REST root, API user, id).
 */
export async function verifiedImpersonationId(client: AutotaskClient, node: INode, resourceId: number): Promise<number> {
	return await cachedMetadata(await cacheKey(client, `impersonation|${resourceId}`), async () => {
		const [resource] = await client.query(RESOURCES, {
			filter: [{ op: 'eq', field: 'id', value: resourceId }],
			includeFields: ['id', 'isActive'],
			limit: 1,
		});
		if (!resource) {
			throw new NodeOperationError(node, `The credential impersonates resource ${resourceId}, which does not exist`, {
				description: "Fix the credential's Impersonation Resource ID (0 means no impersonation).",
			});
		}
		if (resource.isActive === false) {
			throw new NodeOperationError(node, `The credential impersonates resource ${resourceId}, which is inactive`, {
				description:
					"Autotask refuses writes made on behalf of an inactive resource. Activate it, or change the credential's Impersonation Resource ID (0 means no impersonation).",
			});
		}
		return resource.id;
	});
}
