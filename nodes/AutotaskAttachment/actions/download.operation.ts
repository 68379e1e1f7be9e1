import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { refusal } from '../../common/refusal';
import { AutotaskClient } from '../../transport';
import { attachmentJson, isFile, readAttachmentFile, toBinary } from '../shared/files';
import { runItemsInTurn } from '../shared/items';
import { attachmentIdProperty, binaryPropertyProperty, readId, readParent } from '../shared/properties';

const show = { operation: ['download'] };

export const description: INodeProperties[] = [attachmentIdProperty(show), binaryPropertyProperty(show, 'output')];

/**
 * Downloads one attachment per item into n8n binary data, named and typed like the file; the
 * record (without its bytes) is the item's JSON. A link attachment has no file: downloading it is
 * refused with its address.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	return await runItemsInTurn(this, async (itemIndex) => {
		const parent = readParent(this, itemIndex);
		const attachmentId = readId(this, itemIndex, 'attachmentId', 'Attachment ID');
		const propertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
		const file = await readAttachmentFile(this, client, itemIndex, parent, attachmentId);
		const { record } = file;
		if (!isFile(record)) {
			throw refusal(this.getNode(), `Attachment ${attachmentId} is a link (${String(record.attachmentType)}), not a file: ${String(record.fullPath ?? '')}`, {
				itemIndex,
				description: 'Links have no bytes to download; the address is in fullPath (Get Many lists it).',
			});
		}
		const binary = await toBinary(this, file, parent, itemIndex);
		return [{ json: attachmentJson(record, parent), binary: { [propertyName]: binary } }];
	});
}
