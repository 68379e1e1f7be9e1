import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { outputOptionsCollection } from '../../common/parameters';
import { recordShaper } from '../../common/recordShaper';
import { AutotaskClient, credentialResourceId, verifiedImpersonationId } from '../../transport';
import { RESOURCES } from '../shared/resource';

const properties: INodeProperties[] = [
	{
		displayName:
			"Returns the resource of the credential's API user (its username is the API username, or the part before @), and, when the credential impersonates a resource, that resource under impersonatedResource",
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
	// Found once per run (and cached per credential in the process), then both records in one query.
	const resources = (async () => {
		const ownId = await credentialResourceId(client, node);
		const ids = impersonatedId ? [ownId, await verifiedImpersonationId(client, node, impersonatedId)] : [ownId];
		const found = await client.query(RESOURCES, { filter: [{ op: 'in', field: 'id', value: ids }] });
		const byId = (id: number) => found.find((resource) => resource.id === id);
		return { apiUser: byId(ownId), impersonated: impersonatedId ? byId(impersonatedId) : undefined };
	})();
	// Failures are reported per item, like any other error of the operation.
	resources.catch(() => undefined);
	const shape = await recordShaper(this, client, RESOURCES);

	return await runItems(this, async (itemIndex) => {
		const { apiUser, impersonated } = await resources;
		if (!apiUser) {
			throw new NodeOperationError(node, `The resource of API user "${client.userName}" is no longer readable`, { itemIndex });
		}
		return {
			...shape(apiUser, itemIndex),
			...(impersonated ? { impersonatedResource: shape(impersonated, itemIndex) } : {}),
		};
	});
}
