import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { shapeRecord } from '../../common/output';
import { refusal } from '../../common/refusal';
import { normalizeRecord, readJsonWithFiles } from '../../transport';
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

/** An attachment read with its file: the record (without `data`) and the file's bytes. */
export interface AttachmentFile {
	record: IDataObject;
	/** Taken by `toBinary`, so that nothing holds the bytes once n8n has its own copy. */
	bytes?: Buffer;
}

/**
 * Reads one attachment with its bytes. Only the child URL under the parent returns `data`
 * (`GET /Tickets/{id}/Attachments/{attachmentId}`); the answer has been seen as `{"items":[{...}]}`,
 * `{"items":{...}}` and `{"item":{...}}`, so all three are read. The answer is streamed and `data`
 * decoded as it arrives (`readJsonWithFiles`): neither its JSON text nor its base64 text is held.
 */
export async function readAttachmentFile(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	itemIndex: number,
	parent: ParentRef,
	attachmentId: number,
): Promise<AttachmentFile> {
	const { attachment, parentId } = parent;
	const body = await client.request<{ item?: unknown; items?: unknown } | null>({
		method: 'GET',
		path: `${attachment.parentEntity}/${parentId}/${attachment.segment}/${attachmentId}`,
		entity: attachment.entity,
		kind: 'read',
		readBody: readJsonWithFiles,
	});
	const found = firstRecord(body?.items) ?? firstRecord(body?.item);
	if (!found) {
		throw refusal(ctx.getNode(), `${attachment.parentLabel} attachment ${attachmentId} was not found on ${attachment.parentLabel} ${parentId}`, {
			itemIndex,
			description: `Check the Attachment ID and the Parent ID; Get Many lists the attachments of ${attachment.parentLabel} ${parentId}.`,
		});
	}
	const dataField = Object.keys(found).find((name) => name.toLowerCase() === 'data');
	const data = dataField === undefined ? undefined : found[dataField];
	const record = Object.fromEntries(Object.entries(found).filter(([name]) => name !== dataField));
	return { record: normalizeRecord(record), bytes: Buffer.isBuffer(data) ? data : undefined };
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
 * The file as n8n binary data, named and typed like the attachment; n8n stores the bytes in its
 * binary-data mode (memory: as base64 text; filesystem, database, S3: as a file).
 */
export async function toBinary(ctx: IExecuteFunctions, file: AttachmentFile, parent: ParentRef, itemIndex: number): Promise<IBinaryData> {
	const { record, bytes } = file;
	file.bytes = undefined;
	if (!bytes) {
		throw refusal(ctx.getNode(), `Autotask returned ${parent.attachment.parentLabel.toLowerCase()} attachment ${String(record.id)} without its file data`, {
			itemIndex,
			description: 'The API user may lack the right to read attachments of this record, or the attachment is a link.',
		});
	}
	const contentType = String(record.contentType ?? '').trim();
	return await ctx.helpers.prepareBinaryData(bytes, fileNameOf(record), contentType || undefined);
}
