import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ShowFor } from '../../common/parameters';
import { refusal } from '../../common/refusal';
import { PARENT_TYPE_OPTIONS, findAttachmentEntity } from './attachmentEntities';
import type { AttachmentEntity } from './attachmentEntities';

/** Parameters every operation shares: which kind of record the files belong to, and which one. */
export const PARENT_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Parent Type',
		name: 'parentType',
		type: 'options',
		default: 'TicketAttachments',
		options: PARENT_TYPE_OPTIONS,
		description: 'The kind of record the attachment belongs to (a ticket, task, project, company, note, time entry, ...)',
	},
	{
		displayName: 'Parent ID',
		name: 'parentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 29684001',
		description: 'ID of the record the attachment belongs to, e.g. the ticket ID when Parent Type is Ticket',
	},
];

export function attachmentIdProperty(show: ShowFor): INodeProperties {
	return {
		displayName: 'Attachment ID',
		name: 'attachmentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 30000001',
		description: 'ID of the attachment (the id field of Get Many or Upload)',
		displayOptions: { show },
	};
}

export function binaryPropertyProperty(show: ShowFor, direction: 'input' | 'output'): INodeProperties {
	return {
		displayName: direction === 'input' ? 'Input Binary Field' : 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint:
			direction === 'input'
				? 'The name of the input binary field containing the file to be uploaded'
				: 'The name of the output binary field to put the file in',
		displayOptions: { show },
	};
}

/** A positive whole-number ID from a parameter, or a refusal naming the field. */
export function readId(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string): number {
	const raw = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	const text = String(raw ?? '').trim();
	const id = Number(text);
	if (text === '' || !Number.isInteger(id) || id <= 0) {
		throw refusal(ctx.getNode(), `${label} must be a whole number above 0, got "${text}"`, { itemIndex });
	}
	return id;
}

export interface ParentRef {
	attachment: AttachmentEntity;
	parentId: number;
}

/** The item's Parent Type and Parent ID. */
export function readParent(ctx: IExecuteFunctions, itemIndex: number): ParentRef {
	const type = String(ctx.getNodeParameter('parentType', itemIndex, ''));
	const attachment = findAttachmentEntity(type);
	if (!attachment) {
		throw refusal(ctx.getNode(), `Parent Type "${type}" is not an Autotask attachment entity`, {
			itemIndex,
			description: `Use one of: ${PARENT_TYPE_OPTIONS.map((option) => String(option.value)).join(', ')}.`,
		});
	}
	return { attachment, parentId: readId(ctx, itemIndex, 'parentId', `${attachment.parentLabel} ID (Parent ID)`) };
}
