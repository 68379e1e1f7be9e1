import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { outputOptionsCollection } from '../../common/parameters';
import { recordShaper } from '../../common/recordShaper';
import { referenceLabelOptions, withReferenceLabels } from '../../common/referenceLabels';
import { AutotaskClient } from '../../transport';
import { locatePortalUsers, PORTAL_USERS, portalUserForOutput } from '../shared/portalUser';
import { portalUserSelector } from '../shared/properties';

const properties: INodeProperties[] = [...portalUserSelector(), outputOptionsCollection(referenceLabelOptions())];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const users = await locatePortalUsers(this, client);
	const shape = await recordShaper(this, client, PORTAL_USERS, portalUserForOutput);
	const items = await runItems(this, async (itemIndex) => {
		const user = users[itemIndex];
		if (user instanceof Error) throw user;
		return shape(user, itemIndex);
	});
	return await withReferenceLabels(this, client, PORTAL_USERS, items);
}
