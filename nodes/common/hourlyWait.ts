import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { hourlyBudgetSettings } from '../transport/threshold';

/** How long the node's requests may wait for room under the tenant's hourly request limit. */
export const MAX_HOURLY_WAIT_OPTION: INodeProperties = {
	displayName: 'Max Wait for Hourly Limit',
	name: 'maxHourlyWaitMinutes',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: hourlyBudgetSettings.defaultMaxWaitMinutes,
	description:
		'Minutes the node may wait when the tenant nears its hourly request limit (shared by every integration of the database). Near the limit requests are spaced out; when no room is left the node waits for it and fails only after this long, saying how long it would still have to wait.',
};

/** The option's value for the node (item 0: one client serves every item). */
export function maxHourlyWaitMinutes(ctx: IExecuteFunctions): number {
	return ctx.getNodeParameter(
		`options.${MAX_HOURLY_WAIT_OPTION.name}`,
		0,
		hourlyBudgetSettings.defaultMaxWaitMinutes,
	) as number;
}
