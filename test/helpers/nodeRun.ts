/** Runs one of our nodes against the simulator through the n8n-core harness, as most workflow tests do. */
import type { INode, INodeParameters } from 'n8n-workflow';

import { ITEMS, MANUAL_TRIGGER, buildNode, chain, runWorkflow } from '../harness';
import type { RunResult } from '../harness';
import type { ApiUser, Simulator } from '../simulator';
import { credentialsFor } from './simulatorSetup';

export interface RunNodeOptions {
	/** The node's input items (default: one empty item). */
	items?: Array<Record<string, unknown>>;
	/** The node's "On Error: Continue" setting: failed items become error items instead of failing the run. */
	continueOnFail?: boolean;
	/** The node's "On Error" setting in full; wins over `continueOnFail`. */
	onError?: INode['onError'];
	/** The API user whose credential the node uses (default: the simulator's default user). */
	user?: ApiUser;
	impersonationResourceId?: number;
	/** The node's name in the workflow (default: the type's default name, e.g. 'Autotask'). */
	name?: string;
}

/** Runs Manual Trigger -> Items -> the node `type` with `parameters`. */
export async function runNode(
	type: string,
	sim: Simulator,
	parameters: Record<string, unknown>,
	options: RunNodeOptions = {},
): Promise<RunResult> {
	return await runWorkflow(
		chain([
			buildNode(MANUAL_TRIGGER),
			buildNode(ITEMS, { items: (options.items ?? [{}]) as unknown as INodeParameters[] }),
			buildNode(type, parameters as INodeParameters, {
				name: options.name,
				onError: options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : undefined),
			}),
		]),
		{ credentials: credentialsFor(sim, options.user, options.impersonationResourceId) },
	);
}
