import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { IMPERSONATION_OPTIONS, optionsCollection, writeClient } from '../../common/parameters';
import { refusal } from '../../common/refusal';
import { AutotaskClient, jsonWithFile } from '../../transport';
import type { FileContent } from '../../transport';
import { FILE_ATTACHMENT } from '../shared/files';
import { attempt, errorJson } from '../shared/items';
import { binaryPropertyProperty, readParent } from '../shared/properties';
import type { ParentRef } from '../shared/properties';
import { checkFileSize, checkUploadWindow, uploadWindow } from '../shared/sizeRules';

const show = { operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Attach',
		name: 'attach',
		type: 'options',
		default: 'file',
		options: [
			{ name: 'File', value: 'file', description: 'A file from an input binary field (up to 6 MB)' },
			{ name: 'Link', value: 'url', description: 'A web address, stored as a link attachment' },
		],
		displayOptions: { show },
	},
	binaryPropertyProperty({ ...show, attach: ['file'] }, 'input'),
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/report.pdf',
		description: 'The web address to attach (http or https)',
		displayOptions: { show: { ...show, attach: ['url'] } },
	},
	optionsCollection(
		[
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: "The attachment's file name. Default: the binary data's file name.",
				displayOptions: { show: { '/attach': ['file'] } },
			},
			...IMPERSONATION_OPTIONS,
			{
				displayName: 'MIME Type',
				name: 'mimeType',
				type: 'string',
				default: '',
				placeholder: 'e.g. application/pdf',
				description: "The file's content type. Default: the binary data's MIME type.",
				displayOptions: { show: { '/attach': ['file'] } },
			},
			{
				displayName: 'Publish To',
				name: 'publish',
				type: 'options',
				default: 1,
				options: [
					{ name: 'All Autotask Users', value: 1 },
					{ name: 'Internal Users Only', value: 2 },
				],
				description: 'Who may see the attachment in Autotask',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				description: 'The title shown in Autotask. Default: the file name, or the URL for a link.',
			},
		],
		show,
	),
];

/** What one item uploads, checked before anything is sent. */
interface PlannedUpload {
	parent: ParentRef;
	/** The fields of the create body except `data`. */
	fields: IDataObject;
	/** Bytes of the file (0 for a link). */
	size: number;
	/** For a file: the input binary field, read only when its turn comes. */
	binary?: { propertyName: string; stored: IBinaryData };
}

const MAX_TITLE = 255;

/**
 * Uploads one file (or link) per item under its parent record. Every item is checked first (binary
 * field present, size within 6 MB, the 10,000,000 bytes per 5 minutes, impersonation): a refused item stops the
 * node before any request. Files are then sent one at a time, each read from n8n's binary data
 * only when its turn comes.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const windowKey = client.userName.toLowerCase();
	const count = this.getInputData().length;
	const planned: Array<PlannedUpload | Error> = [];
	let plannedBytes = 0;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const plan = await attempt(async () => {
			const checked = await planUpload(this, itemIndex);
			writeClient(this, client, itemIndex);
			if (checked.size > 0) {
				checkUploadWindow(this.getNode(), itemIndex, windowKey, String(checked.fields.fullPath), checked.size, plannedBytes);
			}
			return checked;
		});
		if (plan instanceof Error && !this.continueOnFail()) throw plan;
		if (!(plan instanceof Error)) plannedBytes += plan.size;
		planned.push(plan);
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const plan = planned[itemIndex];
		const outcome = plan instanceof Error ? plan : await attempt(async () => await upload(this, client, itemIndex, plan, windowKey));
		if (outcome instanceof Error && !this.continueOnFail()) throw withUploadedItems(outcome, output);
		output.push({ json: outcome instanceof Error ? errorJson(outcome) : outcome, pairedItem: { item: itemIndex } });
	}
	return output;
}

async function planUpload(ctx: IExecuteFunctions, itemIndex: number): Promise<PlannedUpload> {
	const parent = readParent(ctx, itemIndex);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const publish = Number(options.publish ?? 1);
	if (publish !== 1 && publish !== 2) {
		throw refusal(ctx.getNode(), `Publish To must be 1 (All Autotask Users) or 2 (Internal Users Only), got "${String(options.publish)}"`, { itemIndex });
	}
	const attach = ctx.getNodeParameter('attach', itemIndex, 'file') as string;
	if (attach === 'url') return planLink(ctx, itemIndex, parent, options, publish);
	if (attach !== 'file') throw refusal(ctx.getNode(), `Attach must be File or Link, got "${attach}"`, { itemIndex });

	const propertyName = String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim();
	const stored = ctx.getInputData()[itemIndex]?.binary?.[propertyName];
	if (!stored) {
		const available = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
		throw refusal(ctx.getNode(), `Input Binary Field "${propertyName}" is not on item ${itemIndex}`, {
			itemIndex,
			description: available.length
				? `The item has binary fields ${available.map((name) => `"${name}"`).join(', ')}.`
				: 'The item has no binary data: read or download the file in an earlier node.',
		});
	}
	const fileName = text(options.fileName) || text(stored.fileName) || 'attachment';
	const mimeType = text(options.mimeType) || text(stored.mimeType);
	const size = await binarySize(ctx, stored);
	checkFileSize(ctx.getNode(), itemIndex, fileName, size);
	if (size === 0) {
		throw refusal(ctx.getNode(), `The file "${fileName}" is empty`, { itemIndex, description: 'Autotask stores files, not empty attachments.' });
	}
	const title = checkedTitle(ctx, itemIndex, text(options.title) || fileName);
	return {
		parent,
		size,
		binary: { propertyName, stored },
		fields: {
			id: 0,
			attachmentType: FILE_ATTACHMENT,
			fullPath: fileName,
			title,
			publish,
			...(mimeType ? { contentType: mimeType } : {}),
		},
	};
}

function planLink(ctx: IExecuteFunctions, itemIndex: number, parent: ParentRef, options: IDataObject, publish: number): PlannedUpload {
	const url = text(ctx.getNodeParameter('url', itemIndex, ''));
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol)) {
		throw refusal(ctx.getNode(), `URL must be a web address starting with http:// or https://, got "${url}"`, { itemIndex });
	}
	return {
		parent,
		size: 0,
		fields: { id: 0, attachmentType: 'URL', fullPath: url, title: checkedTitle(ctx, itemIndex, text(options.title) || url), publish },
	};
}

function checkedTitle(ctx: IExecuteFunctions, itemIndex: number, title: string): string {
	if (title.length <= MAX_TITLE) return title;
	throw refusal(ctx.getNode(), `Title is ${title.length} characters; Autotask allows ${MAX_TITLE}`, {
		itemIndex,
		description: 'Set a shorter Title option (the default is the file name or the URL).',
	});
}

/**
 * The file's size without reading it: n8n records it (`bytes`) on binary data it stores; else
 * from the base64 text held in memory, or from the stored file's metadata.
 */
async function binarySize(ctx: IExecuteFunctions, stored: IBinaryData): Promise<number> {
	if (typeof stored.bytes === 'number') return stored.bytes;
	if (stored.id) return (await ctx.helpers.getBinaryMetadata(stored.id)).fileSize;
	return base64Bytes(stored.data);
}

function base64Bytes(base64: string): number {
	let padding = 0;
	if (base64.endsWith('==')) padding = 2;
	else if (base64.endsWith('=')) padding = 1;
	return Math.floor((base64.length * 3) / 4) - padding;
}

/** Sends one planned upload (as the item's Impersonation option says) and counts it in the window. */
async function upload(ctx: IExecuteFunctions, client: AutotaskClient, itemIndex: number, plan: PlannedUpload, windowKey: string): Promise<IDataObject> {
	const id = await send(ctx, writeClient(ctx, client, itemIndex), itemIndex, plan);
	if (plan.size > 0) uploadWindow.record(windowKey, plan.size);
	return uploadedJson(id, plan);
}

async function send(ctx: IExecuteFunctions, client: AutotaskClient, itemIndex: number, plan: PlannedUpload): Promise<number> {
	const { attachment, parentId } = plan.parent;
	const result = await client.request<{ itemId?: unknown; item?: { itemId?: unknown; id?: unknown } } | null>({
		method: 'POST',
		path: `${attachment.parentEntity}/${parentId}/${attachment.segment}`,
		...(plan.binary ? { jsonBytes: await jsonWithFile(plan.fields, fileContent(ctx, plan.binary.stored, plan.size)) } : { body: plan.fields }),
		entity: attachment.entity,
		kind: 'create',
	});
	const id = Number(result?.itemId ?? result?.item?.itemId ?? result?.item?.id);
	if (!Number.isInteger(id) || id <= 0) {
		throw refusal(ctx.getNode(), `Autotask accepted the ${attachment.parentLabel.toLowerCase()} attachment but returned no attachment id`, {
			itemIndex,
			description: `The answer was ${JSON.stringify(result)?.slice(0, 300)}. Check ${attachment.parentLabel} ${parentId} in Autotask before uploading again.`,
		});
	}
	return id;
}

/**
 * Where the upload's base64 text comes from. Held in memory, n8n's binary data is base64 already:
 * copied into the body as it is, never decoded. Stored (filesystem, database, S3), it is read as a
 * stream and encoded on the way, so the file's bytes are never in memory whole.
 */
function fileContent(ctx: IExecuteFunctions, stored: IBinaryData, size: number): FileContent {
	const { id } = stored;
	if (!id) return { base64: stored.data };
	return { size, read: async () => await ctx.helpers.getBinaryStream(id) };
}

function uploadedJson(id: number, plan: PlannedUpload): IDataObject {
	const { fields, parent } = plan;
	return {
		id,
		parentType: parent.attachment.entity,
		parentId: parent.parentId,
		[parent.attachment.parentIdField]: parent.parentId,
		attachmentType: fields.attachmentType,
		title: fields.title,
		fullPath: fields.fullPath,
		...(fields.contentType ? { contentType: fields.contentType } : {}),
		...(plan.size > 0 ? { fileSize: plan.size } : {}),
		publish: fields.publish,
	};
}

/**
 * The error that stops the node after earlier items were uploaded says which: the node's output is
 * lost, and running it again would attach those files a second time.
 */
function withUploadedItems(error: Error, uploaded: INodeExecutionData[]): Error {
	if (uploaded.length === 0) return error;
	const ids = uploaded.map((item) => String(item.json.id)).join(', ');
	const note = `Items 0 to ${uploaded.length - 1} were already uploaded (attachment ids ${ids}); running the node again attaches them again.`;
	const described = error as Error & { description?: string | null };
	described.description = described.description ? `${described.description} ${note}` : note;
	return error;
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}
