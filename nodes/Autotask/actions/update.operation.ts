import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { entityPath, parentIdField, recordIdOf } from '../helpers/entity';
import { resolveParentId, splitParentValue } from '../helpers/parent';
import { parentIdProperty, recordIdProperty, writeFieldsProperties, writeOptionsProperty } from '../helpers/properties';
import { readWriteValues } from '../helpers/writeValues';
import { runEntityWrites } from '../helpers/writeRunner';
import { validatedBody } from '../helpers/writes';

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
	return await runEntityWrites(this, 'update', 'likeReads', async ({ itemIndex, entry, client, metadata, existingRecords }) => {
		const id = recordIdOf(this, itemIndex);
		const meta = await metadata(entry.name);
		const { values, source } = readWriteValues(this, itemIndex);
		const body = validatedBody(this, itemIndex, values, meta, { mode: 'update', entity: entry.name, source, recordId: id });
		// The parent a child's PATCH goes through: Parent ID, else the parent id field among the values
		// (which stays in the body), else the record's own parent.
		const { parentValue } = splitParentValue(values, parentIdField(entry, meta.fields));
		const parentId = await resolveParentId(this, itemIndex, entry, meta, {
			fromValues: parentValue,
			recordId: id,
			read: existingRecords,
		});
		return { send: async () => await client.update(entityPath(entry, parentId), { id, ...body }) };
	});
}
