import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { AutotaskRecord } from '../../transport';
import { entityPath, recordIdOf } from '../helpers/entity';
import { resolveParentId } from '../helpers/parent';
import { deleteOptionsProperty, parentIdProperty, recordIdProperty } from '../helpers/properties';
import { runEntityWrites } from '../helpers/writeRunner';

const show = { operation: ['delete'] };

export const description: INodeProperties[] = [
	recordIdProperty(show),
	parentIdProperty(show, 'existing'),
	deleteOptionsProperty(show),
];

/** A deleted record cannot be read back: its output says which record went. */
function deletedOutput(record: AutotaskRecord): IDataObject {
	return { id: record.id, deleted: true };
}

/** Deletes one record per item (under the parent for child entities); outputs `{ id, deleted: true }`. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runEntityWrites(this, 'delete', deletedOutput, async ({ itemIndex, entry, client, metadata, existingRecords }) => {
		const id = recordIdOf(this, itemIndex);
		// Only a child entity needs its metadata (to find the parent id field), so others cost no request.
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
	});
}
