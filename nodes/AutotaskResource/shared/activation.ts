import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { MAX_HOURLY_WAIT_OPTION, maxHourlyWaitMinutes } from '../../common/hourlyWait';
import { IGNORE_IF_ALREADY_OPTION, IMPERSONATION_OPTIONS, outputOptionsCollection } from '../../common/parameters';
import { recordShaper } from '../../common/recordShaper';
import { switchState } from '../../common/toggle';
import { AutotaskClient } from '../../transport';
import type { AutotaskRecord } from '../../transport';
import {
	assertResourceAdmin,
	describeResource,
	locateResources,
	RESOURCES,
	resourceSelector,
	resourceWriteError,
} from './resource';

/** Activate and Deactivate differ only in the state they ask for. */
export function setActiveProperties(): INodeProperties[] {
	return [...resourceSelector(), outputOptionsCollection([IGNORE_IF_ALREADY_OPTION, ...IMPERSONATION_OPTIONS, MAX_HOURLY_WAIT_OPTION])];
}

/** Sets isActive on each item's resource; see `switchState` for the "already" rule. */
export async function setResourceActive(ctx: IExecuteFunctions, active: boolean): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(ctx, { maxHourlyWaitMinutes: maxHourlyWaitMinutes(ctx) });
	let targets: Array<AutotaskRecord | Error> = await locateResources(ctx, client);
	try {
		await assertResourceAdmin(ctx.getNode(), client);
	} catch (refusal) {
		targets = targets.map(() => refusal as Error);
	}
	const shape = await recordShaper(ctx, client, RESOURCES);
	const state = active ? 'active' : 'inactive';
	return await switchState(ctx, {
		client,
		entity: RESOURCES,
		field: 'isActive',
		wanted: active,
		targets,
		ignoreIfAlready: (itemIndex) =>
			((ctx.getNodeParameter('options', itemIndex, {}) as IDataObject).ignoreIfAlready as boolean | undefined) === true,
		alreadyMessage: (record) => ({
			message: `Unable to ${active ? 'activate' : 'deactivate'} ${describeResource(record)}: it is already ${state}`,
			description: `Turn on "Ignore If Already In That State" to pass resources that are already ${state} through unchanged.`,
		}),
		shape,
		writeError: (error, itemIndex) => resourceWriteError(ctx.getNode(), client, error, itemIndex),
	});
}
