import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { entityPath, parentIdField } from '../helpers/entity';
import { resolveParentId, splitParentValue } from '../helpers/parent';
import { parentIdProperty, writeFieldsProperties, writeOptionsProperty } from '../helpers/properties';
import { readWriteValues } from '../helpers/writeValues';
import { runEntityWrites } from '../helpers/writeRunner';
import { validatedBody } from '../helpers/writes';

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
	return await runEntityWrites(this, 'create', 'likeReads', async ({ itemIndex, entry, client, metadata }) => {
		const meta = await metadata(entry.name);
		const given = readWriteValues(this, itemIndex);
		// A child's parent id may come as its field (companyID, ticketID...) among the values; it is
		// written from the resolved parent id below, so it is left out of the validated fields.
		const parentField = parentIdField(entry, meta.fields);
		const { parentValue, others: values } = splitParentValue(given.values, parentField);
		const parentId = await resolveParentId(this, itemIndex, entry, meta, { fromValues: parentValue });
		const fields = validatedBody(this, itemIndex, values, meta, {
			mode: 'create',
			entity: entry.name,
			source: given.source,
			providedElsewhere: parentField ? [parentField.name] : [],
		});
		// The parent id goes in the body as well as the path, as Autotask's own Postman collection
		// and production clients send it.
		const body = parentField && parentId !== undefined ? { ...fields, [parentField.name]: parentId } : fields;
		return { send: async () => await client.create(entityPath(entry, parentId), body) };
	});
}
