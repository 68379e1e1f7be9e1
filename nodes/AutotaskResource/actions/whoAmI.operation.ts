import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { outputOptionsCollection } from '../../common/parameters';
import { recordShaper } from '../../common/recordShaper';
import { AutotaskClient } from '../../transport';
import type { AutotaskFilter } from '../../transport';
import { RESOURCES } from '../shared/resource';

const properties: INodeProperties[] = [
	{
		displayName:
			"Returns the resource whose username is the credential's API username, and, when the credential impersonates a resource, that resource under impersonatedResource",
		name: 'whoAmINotice',
		type: 'notice',
		default: '',
	},
	outputOptionsCollection(),
];

export const description = updateDisplayOptions({ show: { operation: ['whoAmI'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const client = await AutotaskClient.forContext(this);
	const impersonatedId = client.impersonationResourceId;
	// One query for both: the API user's own resource and the impersonated one.
	const byUserName: AutotaskFilter = { op: 'eq', field: 'userName', value: client.userName };
	const filter: AutotaskFilter[] = impersonatedId
		? [{ op: 'or', items: [byUserName, { op: 'eq', field: 'id', value: impersonatedId }] }]
		: [byUserName];
	const found = await client.query(RESOURCES, { filter });
	// Autotask compares case-insensitively; the credential's own spelling wins when both exist.
	const apiUser =
		found.find((resource) => resource.userName === client.userName) ??
		found.find((resource) => String(resource.userName).toLowerCase() === client.userName.toLowerCase());
	const impersonated = impersonatedId ? found.find((resource) => resource.id === impersonatedId) : undefined;
	const shape = await recordShaper(this, client, RESOURCES);

	return await runItems(this, async (itemIndex) => {
		if (!apiUser) {
			throw new NodeOperationError(node, `No resource has the username "${client.userName}" of this credential`, {
				itemIndex,
				description:
					"Every Autotask API user is a resource with the API username as its username. Check the credential's API Username.",
			});
		}
		if (impersonatedId && !impersonated) {
			throw new NodeOperationError(node, `The credential impersonates resource ${impersonatedId}, which does not exist`, {
				itemIndex,
				description: "Fix the credential's Impersonation Resource ID (0 means no impersonation).",
			});
		}
		return {
			...shape(apiUser, itemIndex),
			...(impersonated ? { impersonatedResource: shape(impersonated, itemIndex) } : {}),
		};
	});
}
