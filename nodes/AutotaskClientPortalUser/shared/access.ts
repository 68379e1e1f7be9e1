import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { MAX_HOURLY_WAIT_OPTION, maxHourlyWaitMinutes } from '../../common/hourlyWait';
import { IGNORE_IF_ALREADY_OPTION, IMPERSONATION_OPTIONS, outputOptionsCollection } from '../../common/parameters';
import { recordShaper } from '../../common/recordShaper';
import { switchState } from '../../common/toggle';
import { AutotaskClient } from '../../transport';
import { describePortalUser, locatePortalUsers, PORTAL_USERS, portalUserForOutput } from './portalUser';
import { portalUserSelector } from './properties';

/** Grant Access and Revoke Access differ only in the state they ask for. */
export function switchAccessProperties(): INodeProperties[] {
	return [...portalUserSelector(), outputOptionsCollection([IGNORE_IF_ALREADY_OPTION, ...IMPERSONATION_OPTIONS, MAX_HOURLY_WAIT_OPTION])];
}

/** Sets isClientPortalActive on each item's portal user; see `switchState` for the "already" rule. */
export async function switchPortalAccess(ctx: IExecuteFunctions, grant: boolean): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(ctx, { maxHourlyWaitMinutes: maxHourlyWaitMinutes(ctx) });
	const targets = await locatePortalUsers(ctx, client);
	const shape = await recordShaper(ctx, client, PORTAL_USERS, portalUserForOutput);
	return await switchState(ctx, {
		client,
		entity: PORTAL_USERS,
		field: 'isClientPortalActive',
		wanted: grant,
		targets,
		ignoreIfAlready: (itemIndex) =>
			((ctx.getNodeParameter('options', itemIndex, {}) as IDataObject).ignoreIfAlready as boolean | undefined) === true,
		alreadyMessage: (record) =>
			grant
				? {
						message: `Unable to grant access to ${describePortalUser(record)}: the user already has access (status ACTIVE)`,
						description:
							'Access can only be granted to a user whose access is revoked (status TERMINATED). Turn on "Ignore If Already In That State" to pass such users through unchanged.',
					}
				: {
						message: `Unable to revoke access from ${describePortalUser(record)}: the user's access is already revoked (status TERMINATED)`,
						description:
							'Access can only be revoked from a user who has it (status ACTIVE). Turn on "Ignore If Already In That State" to pass such users through unchanged.',
					},
		shape,
	});
}
