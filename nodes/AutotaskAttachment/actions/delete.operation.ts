import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { IMPERSONATION_OPTIONS, optionsCollection, writeClient } from '../../common/parameters';
import { AutotaskClient } from '../../transport';
import { attachmentPath } from '../shared/attachmentEntities';
import { runItemsInTurn } from '../shared/items';
import { attachmentIdProperty, readId, readParent } from '../shared/properties';

const show = { operation: ['delete'] };

export const description: INodeProperties[] = [attachmentIdProperty(show), optionsCollection([...IMPERSONATION_OPTIONS], show)];

/** Deletes one attachment per item, under its parent record; outputs `{ id, deleted: true }`. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	return await runItemsInTurn(this, async (itemIndex) => {
		const parent = readParent(this, itemIndex);
		const attachmentId = readId(this, itemIndex, 'attachmentId', 'Attachment ID');
		await writeClient(this, client, itemIndex).delete(attachmentPath(parent.attachment, parent.parentId), attachmentId);
		return [{ json: { id: attachmentId, deleted: true, parentType: parent.attachment.entity, parentId: parent.parentId } }];
	});
}
