import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { entityPath, parentIdField } from '../helpers/entity';
import { resolveParentId, validatedBody } from '../helpers/writes';
import {
	parentIdProperty,
	readWriteValues,
	runEntityWrites,
	writeFieldsProperties,
	writeOptionsProperty,
} from './common';

const show = { operation: ['create'] };

export const description: INodeProperties[] = [
	parentIdProperty(show, 'create'),
	...writeFieldsProperties(show),
	writeOptionsProperty(show),
];

/**
 * Creates one record per item (POST, under the parent for child entities, whose parent id is in
 * the body too). Every item is validated against the entity's metadata before anything is sent;
 * the new records are then re-read together.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runEntityWrites(this, 'create', async ({ itemIndex, entry, client, metadata }) => {
		const meta = await metadata(entry.name);
		const { values, source } = readWriteValues(this, itemIndex);
		const parentId = await resolveParentId(this, itemIndex, entry, meta, { values });
		const parentField = parentIdField(entry, meta.fields);
		const fields = validatedBody(this, itemIndex, values, meta, {
			mode: 'create',
			entity: entry.name,
			source,
			providedElsewhere: parentField ? [parentField.name] : [],
		});
		// The parent id goes in the body as well as the path, as Autotask's own Postman collection
		// and production clients send it.
		const body = parentField && parentId !== undefined ? { ...fields, [parentField.name]: parentId } : fields;
		return { send: async () => await client.create(entityPath(entry, parentId), body) };
	});
}
