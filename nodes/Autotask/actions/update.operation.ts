import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runWrites } from '../../common/execution';
import { shapeRecord } from '../../common/output';
import { readOutputOptions } from '../../common/parameters';
import { AutotaskClient } from '../../transport';
import { entityPath, toId } from '../helpers/entity';
import { batchEntity, existingRecordReader, itemEntity, resolveParentId, validatedBody } from '../helpers/writes';
import {
	metadataLoader,
	parentIdProperty,
	readWriteValues,
	recordIdProperty,
	writeFieldsProperties,
	writeOptionsProperty,
} from './common';

const show = { operation: ['update'] };

export const description: INodeProperties[] = [
	recordIdProperty(show),
	parentIdProperty(show, 'existing'),
	...writeFieldsProperties(show),
	writeOptionsProperty(show),
];

/**
 * Changes only the given fields of one record per item (PATCH, under the parent for child
 * entities). Validated before anything is sent; the updated records are re-read together.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const metadata = metadataLoader(client);
	const batch = batchEntity(this, 'update');
	const existingRecords = existingRecordReader(this, client);
	const labels = batch ? (await metadata(batch.name)).labels : new Map();
	return await runWrites(this, {
		client,
		entity: batch?.name ?? '',
		readBack: this.getNodeParameter('options.readBack', 0, true) as boolean,
		prepare: async (itemIndex) => {
			const entry = itemEntity(this, itemIndex, 'update', batch);
			const id = toId(this, itemIndex, this.getNodeParameter('recordId', itemIndex), 'Record ID');
			const meta = await metadata(entry.name);
			const { values, source } = readWriteValues(this, itemIndex);
			const body = validatedBody(this, itemIndex, values, meta, { mode: 'update', entity: entry.name, source });
			if (Object.keys(body).length === 0) {
				throw new NodeOperationError(this.getNode(), `Nothing to update on ${entry.name} ${id}: no field values given`, {
					itemIndex,
				});
			}
			const parentId = await resolveParentId(this, itemIndex, entry, meta, { recordId: id, values, read: existingRecords });
			return { send: async () => await client.update(entityPath(entry, parentId), { id, ...body }) };
		},
		shape: (record, itemIndex) => shapeRecord(record, labels, readOutputOptions(this, itemIndex)),
	});
}
