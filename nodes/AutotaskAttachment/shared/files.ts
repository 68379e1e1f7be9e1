import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { shapeRecord } from '../../common/output';
import { refusal } from '../../common/refusal';
import { normalizeRecord } from '../../transport';
import type { AutotaskClient } from '../../transport';
import type { ParentRef } from './properties';

/** Attachment types (Autotask's `attachmentType`): a stored file, or a link of one of three kinds. */
export const FILE_ATTACHMENT = 'FILE_ATTACHMENT';
export const LINK_TYPES = ['URL', 'FILE_LINK', 'FOLDER_LINK'] as const;

/**
 * The record as output: Autotask's fields without the file's bytes (`data`, base64), which go to
 * binary data instead. Passes through `shapeRecord` like every record the package outputs.
 */
export function attachmentJson(record: IDataObject, parent: ParentRef): IDataObject {
	const rest = Object.fromEntries(Object.entries(record).filter(([name]) => name.toLowerCase() !== 'data'));
	return {
		...shapeRecord(rest, new Map(), { labels: 'none', flattenUdfs: true }),
		parentType: parent.attachment.entity,
		parentId: parent.parentId,
	};
}

/**
 * Reads one attachment with its bytes. Only the child URL under the parent returns `data`
 * (`GET /Tickets/{id}/Attachments/{attachmentId}`); the answer has been seen as `{"items":[{...}]}`,
 * `{"items":{...}}` and `{"item":{...}}`, so all three are read.
 */
export async function readAttachmentWithData(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
	parent: ParentRef,
	attachmentId: number,
): Promise<IDataObject> {
	const { attachment, parentId } = parent;
	const body = await client.request<{ item?: unknown; items?: unknown } | null>({
		method: 'GET',
		path: `${attachment.parentEntity}/${parentId}/${attachment.segment}/${attachmentId}`,
		entity: attachment.entity,
		kind: 'read',
	});
	const found = firstRecord(body?.items) ?? firstRecord(body?.item);
	if (!found) {
		throw refusal(ctx.getNode(), `${attachment.parentLabel} attachment ${attachmentId} was not found on ${attachment.parentLabel} ${parentId}`, {
			itemIndex,
			description: `Check the Attachment ID and the Parent ID; Get Many lists the attachments of ${attachment.parentLabel} ${parentId}.`,
		});
	}
	return normalizeRecord(found);
}

function firstRecord(value: unknown): IDataObject | undefined {
	const candidate = Array.isArray(value) ? value[0] : value;
	return candidate && typeof candidate === 'object' ? (candidate as IDataObject) : undefined;
}

/** The file's own name: `fullPath` may be a bare name or a path the file was attached from. */
export function fileNameOf(record: IDataObject): string {
	const fullPath = String(record.fullPath ?? '').trim();
	const name = fullPath.split(/[\\/]/).pop() ?? '';
	return name || String(record.title ?? '').trim() || `attachment-${String(record.id)}`;
}

export function isFile(record: IDataObject): boolean {
	const type = String(record.attachmentType ?? FILE_ATTACHMENT).toUpperCase();
	return type === FILE_ATTACHMENT || type === '';
}

/**
 * Turns a record read with `data` into n8n binary data named and typed like the file, and takes
 * `data` off the record. The base64 text is decoded once; n8n stores the bytes in its binary-data
 * mode (memory or filesystem).
 */
export async function toBinary(ctx: IExecuteFunctions, record: IDataObject, parent: ParentRef, itemIndex: number): Promise<IBinaryData> {
	const bytes = takeBytes(record);
	if (!bytes) {
		throw refusal(ctx.getNode(), `Autotask returned ${parent.attachment.parentLabel.toLowerCase()} attachment ${String(record.id)} without its file data`, {
			itemIndex,
			description: 'The API user may lack the right to read attachments of this record, or the attachment is a link.',
		});
	}
	const contentType = String(record.contentType ?? '').trim();
	return await ctx.helpers.prepareBinaryData(bytes, fileNameOf(record), contentType || undefined);
}

/**
 * Decodes `data` and takes it off the record, in a function of its own so that no variable keeps
 * the base64 text alive while n8n makes its own copy of the file.
 */
function takeBytes(record: IDataObject): Buffer | undefined {
	if (typeof record.data !== 'string') return undefined;
	const bytes = Buffer.from(record.data, 'base64');
	delete record.data;
	return bytes;
}
