import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runWrites } from '../../common/execution';
import { shapeRecord } from '../../common/output';
import { readOutputOptions } from '../../common/parameters';
import { AutotaskClient } from '../../transport';
import { entityPath, parentIdField } from '../helpers/entity';
import { batchEntity, itemEntity, resolveParentId, validatedBody } from '../helpers/writes';
import { metadataLoader, parentIdProperty, readWriteValues, writeFieldsProperties, writeOptionsProperty } from './common';

const show = { operation: ['create'] };

export const description: INodeProperties[] = [
	parentIdProperty(show, 'create'),
	...writeFieldsProperties(show),
	writeOptionsProperty(show),
];

/**
 * Creates one record per item (POST, under the parent for child entities). Every item is
 * validated against the entity's metadata before anything is sent; the new records are then
 * re-read together.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const metadata = metadataLoader(client);
	const batch = batchEntity(this, 'create');
	const labels = batch ? (await metadata(batch.name)).labels : new Map();
	return await runWrites(this, {
		client,
		entity: batch?.name ?? '',
		readBack: this.getNodeParameter('options.readBack', 0, true) as boolean,
		prepare: async (itemIndex) => {
			const entry = itemEntity(this, itemIndex, 'create', batch);
			const meta = await metadata(entry.name);
			const { values, source } = readWriteValues(this, itemIndex);
			const parentId = await resolveParentId(this, itemIndex, entry, meta, { values });
			const parentField = parentIdField(entry, meta.fields);
			const body = validatedBody(this, itemIndex, values, meta, {
				mode: 'create',
				entity: entry.name,
				source,
				providedElsewhere: parentField ? [parentField.name] : [],
			});
			return { send: async () => await client.create(entityPath(entry, parentId), body) };
		},
		shape: (record, itemIndex) => shapeRecord(record, labels, readOutputOptions(this, itemIndex)),
	});
}
