import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection, readLimit, returnAllAndLimit } from '../../common/parameters';
import { AutotaskClient } from '../../transport';
import type { AttachmentEntity } from '../shared/attachmentEntities';
import { attachmentJson, isFile, readAttachmentFile, toBinary } from '../shared/files';
import { runItemsInTurn } from '../shared/items';
import { readParent } from '../shared/properties';

const show = { operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllAndLimit(show, 'attachments'),
	optionsCollection(
		[
			{
				displayName: 'Include Files',
				name: 'includeFiles',
				type: 'boolean',
				default: false,
				description:
					'Whether to download each file into binary data too (one request per file). Off: the attachment records only, without their bytes.',
			},
			{
				displayName: 'Put Output Files in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'The binary field each file goes in, when Include Files is on',
			},
		],
		show,
	),
];

/**
 * Lists the attachments of the parent record: one item per attachment, its record without the
 * file's bytes. With Include Files each file is downloaded (one after another) into binary data.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	return await runItemsInTurn(this, async (itemIndex) => {
		const parent = readParent(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const field = await parentIdField(client, parent.attachment);
		const records = await client.query(parent.attachment.entity, {
			filter: [{ op: 'eq', field, value: parent.parentId }],
			limit: readLimit(this, itemIndex),
		});
		if (!options.includeFiles) return records.map((record) => ({ json: attachmentJson(record, parent) }));

		const propertyName = String(options.binaryPropertyName ?? 'data').trim() || 'data';
		const items: INodeExecutionData[] = [];
		for (const record of records) {
			if (!isFile(record)) {
				items.push({ json: attachmentJson(record, parent) });
				continue;
			}
			const file = await readAttachmentFile(this, client, itemIndex, parent, record.id);
			items.push({ json: attachmentJson(file.record, parent), binary: { [propertyName]: await toBinary(this, file, parent, itemIndex) } });
		}
		return items;
	});
}

/**
 * The field that holds the parent's id. Autotask added `ticketID`, `taskID`, ... to every attachment
 * entity in 2021.1 and requires it in queries; the entity's metadata (one cached request) confirms
 * the name, and older `parentID` is used where the metadata has no such field.
 */
async function parentIdField(client: AutotaskClient, attachment: AttachmentEntity): Promise<string> {
	const fields = await client.fields(attachment.entity);
	const names = new Map(fields.map((field) => [field.name.toLowerCase(), field.name]));
	return names.get(attachment.parentIdField.toLowerCase()) ?? names.get('parentid') ?? attachment.parentIdField;
}
