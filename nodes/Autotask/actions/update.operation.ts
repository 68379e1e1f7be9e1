import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { entityPath, recordIdOf } from '../helpers/entity';
import { resolveParentId, validatedBody } from '../helpers/writes';
import {
	parentIdProperty,
	readWriteValues,
	recordIdProperty,
	runEntityWrites,
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
	return await runEntityWrites(this, 'update', async ({ itemIndex, entry, client, metadata, existingRecords }) => {
		const id = recordIdOf(this, itemIndex);
		const meta = await metadata(entry.name);
		const { values, source } = readWriteValues(this, itemIndex);
		const body = validatedBody(this, itemIndex, values, meta, { mode: 'update', entity: entry.name, source, recordId: id });
		const parentId = await resolveParentId(this, itemIndex, entry, meta, { recordId: id, values, read: existingRecords });
		return { send: async () => await client.update(entityPath(entry, parentId), { id, ...body }) };
	});
}
