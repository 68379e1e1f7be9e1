import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { ITEMS, MANUAL_TRIGGER, buildNode, chain, registerPackageNode, runWorkflow } from './harness';
import type { RunResult } from './harness';
import type { ApiUser, Simulator, WireRecord } from './simulator';

/** Shared set-up for the Resource workflow tests (simulator seed 'small'). */

export const RESOURCE = registerPackageNode(new AutotaskResource());
export const NODE_NAME = 'Resource';

export function credentialsFor(sim: Simulator, user: ApiUser = sim.users.default, impersonationResourceId = 0) {
	return {
		userName: user.userName,
		secret: user.secret,
		integrationCode: user.integrationCode,
		zone: 'auto',
		zoneLookupUrl: sim.zoneLookupUrl,
		impersonationResourceId,
	};
}

export interface RunOptions {
	items?: Array<Record<string, unknown>>;
	continueOnFail?: boolean;
	user?: ApiUser;
	impersonationResourceId?: number;
}

export async function runResource(
	sim: Simulator,
	parameters: Record<string, unknown>,
	options: RunOptions = {},
): Promise<RunResult> {
	return await runWorkflow(
		chain([
			buildNode(MANUAL_TRIGGER),
			buildNode(ITEMS, { items: (options.items ?? [{}]) as unknown as INodeParameters[] }),
			buildNode(RESOURCE, parameters as INodeParameters, {
				name: NODE_NAME,
				onError: options.continueOnFail ? 'continueRegularOutput' : undefined,
			}),
		]),
		{ credentials: { autotaskUserApi: credentialsFor(sim, options.user, options.impersonationResourceId) } },
	);
}

export function jsonOf(result: RunResult): IDataObject[] {
	if (result.status !== 'success') throw new Error(`Run failed: ${result.error?.message} (${result.error?.description})`);
	return result.output(NODE_NAME).map((item) => item.json);
}

/** The seeded staff member with this username (e.g. 'taylor.tester'). */
export function staff(sim: Simulator, userName: string): WireRecord {
	const resource = sim.store.all('Resources').find((candidate) => candidate.userName === userName);
	if (!resource) throw new Error(`No seeded resource ${userName}`);
	return resource;
}

export function requestsOf(sim: Simulator, kind: string) {
	return sim.requests.filter((request) => request.kind === kind);
}

/** A resource mapper value as the editor saves it ("Map Each Field Below"). */
export function mapped(value: Record<string, unknown>) {
	return { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false };
}
