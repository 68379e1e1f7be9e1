import { fieldTable, picklist } from './fieldTable';
import type { EntityDef, EntityStore, StoredRecord, WriteRule } from './types';

/**
 * Attachment entities (`TicketAttachments`, ...) of the simulated parents. Field names from the
 * attachment models of the swagger (TicketAttachmentModel) plus the parent's id field Autotask
 * added in 2021.1 ("Changes to Attachment entities"); see test/simulator/README.md for the wire
 * format and which parts are guesses.
 */

/** "6 to 7 MB" per file: the simulator refuses above the upper end (binary megabytes, a guess). */
export const SIMULATED_MAX_FILE_BYTES = 7 * 1024 * 1024;
/** "a maximum of 10,000,000 bytes within a five-minute period" (AttachmentInfo, REST). */
export const SIMULATED_WINDOW_BYTES = 10_000_000;
export const SIMULATED_WINDOW_MS = 5 * 60_000;

export const ATTACHMENT_TYPES = ['FILE_ATTACHMENT', 'URL', 'FILE_LINK', 'FOLDER_LINK'];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const CONTENT_TYPES: Record<string, string> = {
	txt: 'text/plain',
	csv: 'text/csv',
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	zip: 'application/zip',
	json: 'application/json',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

interface Upload {
	atMs: number;
	bytes: number;
}

/** Per simulated database: recent upload sizes and, after an overrun, when uploads open again. */
const windows = new WeakMap<EntityStore, { uploads: Upload[]; blockedUntilMs: number }>();

function windowOf(store: EntityStore) {
	let window = windows.get(store);
	if (!window) {
		window = { uploads: [], blockedUntilMs: 0 };
		windows.set(store, window);
	}
	const since = store.clock.now().getTime() - SIMULATED_WINDOW_MS;
	window.uploads = window.uploads.filter((upload) => upload.atMs > since);
	return window;
}

export const attachmentMessages = {
	badType: (value: unknown) => `Value [${String(value)}] is not a valid attachmentType. Use one of ${ATTACHMENT_TYPES.join(', ')}.`,
	dataRequired: 'Field [data] is required for attachments of type FILE_ATTACHMENT.',
	notBase64: 'Field [data] must be base64-encoded binary data.',
	tooLarge: (bytes: number) => `The attachment is ${bytes} bytes, above the API limit of ${SIMULATED_MAX_FILE_BYTES} bytes per file.`,
	windowExceeded: `The attachment would exceed the API limit of ${SIMULATED_WINDOW_BYTES} bytes within five minutes. Attachment creation is blocked for five minutes.`,
	blocked: 'Attachment creation is blocked for five minutes after the limit of 10000000 bytes within five minutes was exceeded.',
};

/** Decoded size of base64 text, without decoding it. */
export function base64Size(data: string): number {
	const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
	return (data.length / 4) * 3 - padding;
}

const attachmentRules: WriteRule = ({ operation, merged, store }) => {
	if (operation !== 'create') return [];
	const type = String(merged.attachmentType ?? '').toUpperCase();
	if (!ATTACHMENT_TYPES.includes(type)) return [attachmentMessages.badType(merged.attachmentType)];
	if (type !== 'FILE_ATTACHMENT') return [];
	const data = merged.data;
	if (typeof data !== 'string' || data === '') return [attachmentMessages.dataRequired];
	if (data.length % 4 !== 0 || !BASE64.test(data)) return [attachmentMessages.notBase64];
	const bytes = base64Size(data);
	if (bytes > SIMULATED_MAX_FILE_BYTES) return [attachmentMessages.tooLarge(bytes)];
	const window = windowOf(store);
	const nowMs = store.clock.now().getTime();
	if (nowMs < window.blockedUntilMs) return [attachmentMessages.blocked];
	const used = window.uploads.reduce((sum, upload) => sum + upload.bytes, 0);
	if (used + bytes > SIMULATED_WINDOW_BYTES) {
		window.blockedUntilMs = nowMs + SIMULATED_WINDOW_MS;
		return [attachmentMessages.windowExceeded];
	}
	return [];
};

/** What Autotask fills in itself: size, content type, parentID; and the upload counted in the window. */
function afterCreate(store: EntityStore, record: StoredRecord): void {
	record.attachmentType = String(record.attachmentType).toUpperCase();
	if (typeof record.data === 'string' && record.data !== '') {
		const bytes = base64Size(record.data);
		record.fileSize = bytes;
		windowOf(store).uploads.push({ atMs: store.clock.now().getTime(), bytes });
	}
	if (!record.contentType && record.attachmentType === 'FILE_ATTACHMENT') {
		const extension = String(record.fullPath ?? '').split('.').pop()?.toLowerCase() ?? '';
		record.contentType = CONTENT_TYPES[extension] ?? 'application/octet-stream';
	}
}

interface AttachmentParent {
	/** The parent's REST name: `Tickets`. */
	entity: string;
	/** The attachment entity's singular stem: `Ticket` for TicketAttachments. */
	stem: string;
	firstId: number;
}

/** Parents the simulator has; the catalog's other attachment entities are not simulated. */
const PARENTS: AttachmentParent[] = [
	{ entity: 'Companies', stem: 'Company', firstId: 31000001 },
	{ entity: 'ConfigurationItems', stem: 'ConfigurationItem', firstId: 32000001 },
	{ entity: 'Projects', stem: 'Project', firstId: 33000001 },
	{ entity: 'Resources', stem: 'Resource', firstId: 34000001 },
	{ entity: 'Tasks', stem: 'Task', firstId: 35000001 },
	{ entity: 'TicketNotes', stem: 'TicketNote', firstId: 36000001 },
	{ entity: 'Tickets', stem: 'Ticket', firstId: 37000001 },
	{ entity: 'TimeEntries', stem: 'TimeEntry', firstId: 38000001 },
];

function attachmentEntity(parent: AttachmentParent): EntityDef {
	const parentField = `${parent.stem.charAt(0).toLowerCase()}${parent.stem.slice(1)}ID`;
	const lines = [
		'attachDate                     datetime  0',
		'attachedByContactID            integer   0     readOnly ref:Contact',
		'attachedByResourceID           integer   0     readOnly ref:Resource',
		'attachmentType                 string    32    required',
		'contentType                    string    100',
		'creatorType                    integer   0     readOnly notQueryable',
		'data                           string    0     notQueryable',
		'fileSize                       integer   0     readOnly notQueryable',
		'fullPath                       string    2000  required',
		'id                             long      0     required readOnly',
		'impersonatorCreatorResourceID  integer   0     readOnly ref:Resource',
		'parentAttachmentID             integer   0     readOnly',
		'parentID                       integer   0     readOnly',
		`${parentField.padEnd(31)}integer   0     readOnly ref:${parent.stem}`,
		'publish                        integer   0     required picklist',
		'title                          string    255   required',
	].sort((a, b) => a.split(' ')[0].toLowerCase().localeCompare(b.split(' ')[0].toLowerCase()));
	return {
		name: `${parent.stem}Attachments`,
		singular: `${parent.stem}Attachment`,
		fields: fieldTable(
			lines.join('\n'),
			{
				publish: picklist(
					[
						[1, 'All Autotask Users'],
						[2, 'Internal Users Only'],
					],
					{ defaultValue: 1 },
				),
			},
		),
		firstId: parent.firstId,
		writes: { create: true, update: false, delete: true },
		parent: { entity: parent.entity, segment: 'Attachments', field: parentField },
		hasUserDefinedFields: false,
		supportsWebhookCallouts: false,
		audit: { createdAt: ['attachDate'], createdBy: ['attachedByResourceID'], impersonatorOnCreate: 'impersonatorCreatorResourceID' },
		// Only the child GET (/Tickets/{id}/Attachments/{id}) carries the file's bytes.
		bytesField: 'data',
		rules: [attachmentRules],
		// Attachments are never updated, so every write is the create.
		afterWrite: (store, record) => {
			record.parentID = record[parentField];
			afterCreate(store, record);
		},
		synthesize: (index, { pickId }) => ({
			[parentField]: pickId(parent.entity, index),
			attachmentType: 'FILE_ATTACHMENT',
			fullPath: `synthetic-${index}.txt`,
			title: `Synthetic attachment ${index}`,
			publish: 1,
			data: Buffer.from(`Synthetic attachment ${index}\n`).toString('base64'),
		}),
	};
}

export const ATTACHMENT_ENTITIES: EntityDef[] = PARENTS.map(attachmentEntity);
