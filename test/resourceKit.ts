import type { IDataObject } from 'n8n-workflow';

import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { registerPackageNode } from './harness';
import type { RunResult } from './harness';
import { runNode } from './helpers/nodeRun';
import type { RunNodeOptions } from './helpers/nodeRun';
import type { Simulator, WireRecord } from './simulator';

/** Shared set-up for the Resource workflow tests (simulator seed 'small'). */

export const RESOURCE = registerPackageNode(new AutotaskResource());
export const NODE_NAME = 'Resource';

/** Runs Manual Trigger -> Items -> the Resource node with `parameters`. */
export async function runResource(
	sim: Simulator,
	parameters: Record<string, unknown>,
	options: Omit<RunNodeOptions, 'name'> = {},
): Promise<RunResult> {
	return await runNode(RESOURCE, sim, parameters, { ...options, name: NODE_NAME });
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
