import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runWrites } from '../../common/execution';
import { AutotaskClient } from '../../transport';
import { entityPath, toId } from '../helpers/entity';
import { batchEntity, existingRecordReader, itemEntity, resolveParentId } from '../helpers/writes';
import { metadataLoader, parentIdProperty, recordIdProperty } from './common';

const show = { operation: ['delete'] };

export const description: INodeProperties[] = [recordIdProperty(show), parentIdProperty(show, 'existing')];

/** Deletes one record per item (under the parent for child entities); outputs `{ id, deleted: true }`. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const metadata = metadataLoader(client);
	const batch = batchEntity(this, 'delete');
	const existingRecords = existingRecordReader(this, client);
	return await runWrites(this, {
		client,
		entity: batch?.name ?? '',
		readBack: false,
		prepare: async (itemIndex) => {
			const entry = itemEntity(this, itemIndex, 'delete', batch);
			const id = toId(this, itemIndex, this.getNodeParameter('recordId', itemIndex), 'Record ID');
			const parentId = entry.parent
				? await resolveParentId(this, itemIndex, entry, await metadata(entry.name), {
						recordId: id,
						read: existingRecords,
					})
				: undefined;
			return {
				send: async () => {
					await client.delete(entityPath(entry, parentId), id);
					return id;
				},
			};
		},
		shape: (record) => ({ id: record.id, deleted: true }),
	});
}
