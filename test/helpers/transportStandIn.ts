/**
 * A node that only holds the Autotask credential, so transport tests get real n8n-core contexts
 * (n8n's HTTP helper and credential handling) without going through one of our nodes.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { ICredentialTestFunction, INodeType, NodeApiError } from 'n8n-workflow';

import { registerNodeType } from '../harness';

/**
 * Registers the stand-in as `n8n-nodes-harness.<name>` and returns that type name. With a
 * credential test, the credential is tested by it (the one test function given).
 */
export function registerTransportStandIn(
	name: string,
	purpose: string,
	credentialTest?: Record<string, ICredentialTestFunction>,
): string {
	const testedBy = credentialTest ? Object.keys(credentialTest)[0] : undefined;
	const standIn: INodeType = {
		description: {
			displayName: `Autotask ${purpose} stand-in`,
			name,
			group: ['transform'],
			version: 1,
			description: `Holds the credential for ${purpose} tests`,
			defaults: { name: 'Autotask' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'autotaskUserApi', required: true, ...(testedBy ? { testedBy } : {}) }],
			properties: [],
		},
		...(credentialTest ? { methods: { credentialTest } } : {}),
	};
	const type = `n8n-nodes-harness.${name}`;
	registerNodeType(type, standIn);
	return type;
}

/** The error a request failed with; fails the test when it did not fail. */
export async function caught(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected a rejection');
}
