import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AutotaskAttachment } from '../nodes/AutotaskAttachment/AutotaskAttachment.node';
import { ATTACHMENT_ENTITIES } from '../nodes/AutotaskAttachment/shared/attachmentEntities';
import { MAX_FILE_BYTES, uploadWindow } from '../nodes/AutotaskAttachment/shared/sizeRules';
import { ENTITY_CATALOG } from '../nodes/common/catalog';
import { MANUAL_TRIGGER, buildNode, chain, registerPackageNode, runWorkflow, shutdownHarness } from './harness';
import type { RunResult } from './harness';
import { BINARY_FILES, addFile, binaryBytes } from './helpers/binaryFiles';
import { runNode } from './helpers/nodeRun';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

const ATTACHMENT = registerPackageNode(new AutotaskAttachment());

const sim = useSimulator();
afterAll(shutdownHarness);

beforeEach(() => {
	uploadWindow.clear();
	// Past the simulator's own 5-minute window of earlier tests' uploads.
	sim().clock.advance(6 * 60_000);
	sim().resetCounters();
});

const firstId = (entity: string) => Number(sim().store.all(entity)[0].id);

/** Files -> Upload -> (optionally) Download of what was uploaded, in one real workflow. */
async function runFiles(keys: string[], upload: IDataObject, download?: IDataObject, continueOnFail = false): Promise<RunResult> {
	const nodes = [
		buildNode(MANUAL_TRIGGER),
		buildNode(BINARY_FILES, { files: keys.join(',') }),
		buildNode(ATTACHMENT, { operation: 'upload', ...upload } as INodeParameters, { name: 'Upload', onError: continueOnFail ? 'continueRegularOutput' : undefined }),
	];
	if (download) {
		nodes.push(
			buildNode(ATTACHMENT, { operation: 'download', attachmentId: '={{ $json.id }}', ...download } as INodeParameters, { name: 'Download' }),
		);
	}
	return await runWorkflow(chain(nodes), { credentials: credentialsFor(sim()) });
}

async function attachmentNode(parameters: IDataObject, items?: IDataObject[]): Promise<RunResult> {
	return await runNode(ATTACHMENT, sim(), parameters, { items });
}

function succeeded(result: RunResult): RunResult {
	if (result.status !== 'success') throw new Error(`Run failed: ${result.error?.message} (${result.error?.description ?? ''})`);
	return result;
}

async function downloadedBytes(item: INodeExecutionData): Promise<Buffer> {
	const binary = item.binary?.data;
	if (!binary) throw new Error('No binary data on the downloaded item');
	return Buffer.from(binary.data, 'base64');
}

describe('upload and download round trips, byte for byte', () => {
	const onTicket = () => ({ parentType: 'TicketAttachments', parentId: String(firstId('Tickets')) });

	it.each([
		['a text file', { fileName: 'notes.txt', mimeType: 'text/plain', bytes: Buffer.from('Line 1\r\nLine 2 with ünïcödé and a tab\t\n', 'utf8') }],
		['a binary file (every byte value)', { fileName: 'blob.bin', mimeType: 'application/octet-stream', bytes: binaryBytes(70_001, 7) }],
		['a 5 MB file', { fileName: 'large.pdf', mimeType: 'application/pdf', bytes: binaryBytes(5 * 1024 * 1024, 3) }],
	])('%s', async (_name, file) => {
		const key = addFile(file.fileName, file);
		const result = succeeded(await runFiles([key], onTicket(), onTicket()));
		const [uploaded] = result.output('Upload');
		expect(uploaded.json).toMatchObject({ attachmentType: 'FILE_ATTACHMENT', fullPath: file.fileName, title: file.fileName, fileSize: file.bytes.length });
		const stored = sim().store.get('TicketAttachments', uploaded.json.id as number);
		expect(Buffer.from(String(stored?.data), 'base64').equals(file.bytes)).toBe(true);

		const [downloaded] = result.output('Download');
		expect((await downloadedBytes(downloaded)).equals(file.bytes)).toBe(true);
		expect(downloaded.binary?.data).toMatchObject({ fileName: file.fileName, mimeType: file.mimeType });
		expect(downloaded.json).not.toHaveProperty('data');
		expect(downloaded.json).toMatchObject({ id: uploaded.json.id, fileSize: file.bytes.length, ticketID: firstId('Tickets') });
		// One create, then one GET through the parent; no other data request.
		expect(sim().counters.byKind.create).toBe(1);
		expect(sim().counters.byKind.get).toBe(1);
	});

	it('downloads with the stored name and MIME type, and overrides both on upload when asked', async () => {
		const key = addFile('scan', { fileName: 'scan.dat', mimeType: 'application/octet-stream', bytes: binaryBytes(1000, 9) });
		const result = succeeded(
			await runFiles([key], { ...onTicket(), options: { fileName: 'invoice-2026.pdf', mimeType: 'application/pdf', title: 'Invoice', publish: 2 } }, {
				...onTicket(),
				binaryPropertyName: 'invoice',
			}),
		);
		const [downloaded] = result.output('Download');
		expect(downloaded.binary?.invoice).toMatchObject({ fileName: 'invoice-2026.pdf', mimeType: 'application/pdf', fileExtension: 'pdf' });
		expect(downloaded.json).toMatchObject({ title: 'Invoice', publish: 2, contentType: 'application/pdf' });
	});

	it('takes the MIME type n8n gave the file when none is set', async () => {
		const key = addFile('guessed', { fileName: 'photo.png', bytes: binaryBytes(500, 5) });
		const result = succeeded(await runFiles([key], onTicket(), onTicket()));
		expect(result.output('Upload')[0].json).toMatchObject({ contentType: 'image/png' });
		expect(result.output('Download')[0].binary?.data).toMatchObject({ fileName: 'photo.png', mimeType: 'image/png' });
	});

	it('attaches under other parents (a ticket note, a company) through their own paths', async () => {
		const key = addFile('small.txt', { fileName: 'small.txt', mimeType: 'text/plain', bytes: Buffer.from('small') });
		for (const [parentType, entity] of [['TicketNoteAttachments', 'TicketNotes'], ['CompanyAttachments', 'Companies']]) {
			sim().resetCounters();
			const parent = { parentType, parentId: String(firstId(entity)) };
			const result = succeeded(await runFiles([key], parent, parent));
			expect((await downloadedBytes(result.output('Download')[0])).toString()).toBe('small');
			expect(sim().requests.filter((request) => request.kind === 'create').map((request) => request.path)).toEqual([
				`/ATServicesRest/V1.0/${entity}/${firstId(entity)}/Attachments`,
			]);
		}
	});
});

describe('size rules, checked before sending', () => {
	const onTicket = () => ({ parentType: 'TicketAttachments', parentId: String(firstId('Tickets')) });

	it('refuses a file above 6 MB with zero requests', async () => {
		const key = addFile('too-big', { fileName: 'video.mp4', mimeType: 'video/mp4', bytes: Buffer.alloc(MAX_FILE_BYTES + 1, 1) });
		const result = await runFiles([key], onTicket());
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('The file "video.mp4" is 6,291,457 bytes; Autotask accepts attachments up to 6,291,456 bytes (6 MB) through its API');
		expect(result.error?.description).toContain('Nothing was sent');
		expect(sim().counters.total).toBe(0);
	});

	it('accepts a file of exactly 6 MB', async () => {
		const key = addFile('limit', { fileName: 'limit.bin', bytes: binaryBytes(MAX_FILE_BYTES, 11) });
		succeeded(await runFiles([key], onTicket()));
		expect(sim().counters.byKind.create).toBe(1);
	});

	it('refuses a run whose files exceed 10,000,000 bytes per 5 minutes before sending any', async () => {
		const keys = [1, 2, 3].map((n) => addFile(`part${n}`, { fileName: `part${n}.bin`, bytes: binaryBytes(4_000_000, n) }));
		const result = await runFiles(keys, onTicket());
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe("Uploading \"part3.bin\" (4,000,000 bytes) would exceed Autotask's limit of 10,000,000 bytes of attachments per 5 minutes");
		expect(result.error?.description).toContain('8,000,000 bytes more are planned by earlier items of this run');
		expect(sim().counters.total).toBe(0);
		expect(sim().store.all('TicketAttachments').filter((record) => String(record.fullPath).startsWith('part'))).toHaveLength(0);
	});

	it('counts earlier runs: refuses until 5 minutes after them, then uploads', async () => {
		const first = addFile('first', { fileName: 'first.bin', bytes: binaryBytes(6_000_000, 21) });
		const second = addFile('second', { fileName: 'second.bin', bytes: binaryBytes(4_500_000, 22) });
		let now = Date.parse('2026-12-05T06:00:00Z');
		uploadWindow.now = () => now;
		try {
			succeeded(await runFiles([first], onTicket()));
			sim().resetCounters();
			const refused = await runFiles([second], onTicket());
			expect(refused.error?.message).toContain("would exceed Autotask's limit of 10,000,000 bytes of attachments per 5 minutes");
			expect(refused.error?.description).toContain('6,000,000 bytes were uploaded with this credential in the last 5 minutes');
			expect(refused.error?.description).toContain('There is room for it again in 300 s (2026-12-05T06:05:00.000Z)');
			expect(sim().counters.total).toBe(0);

			now += 5 * 60_000 + 1;
			sim().clock.advance(5 * 60_000 + 1);
			succeeded(await runFiles([second], onTicket()));
		} finally {
			uploadWindow.now = () => Date.now();
		}
	});

	it('with continue-on-fail, uploads the files that fit and reports the others as error items', async () => {
		const ok = addFile('fits', { fileName: 'fits.txt', mimeType: 'text/plain', bytes: Buffer.from('fits') });
		const big = addFile('huge', { fileName: 'huge.bin', bytes: Buffer.alloc(MAX_FILE_BYTES + 10) });
		const result = succeeded(await runFiles([big, ok], onTicket(), undefined, true));
		const [refused, uploaded] = result.output('Upload');
		expect(refused.json.error).toContain('"huge.bin" is 6,291,466 bytes');
		expect(refused.pairedItem).toEqual({ item: 0 });
		expect(uploaded.json).toMatchObject({ fullPath: 'fits.txt', fileSize: 4 });
		expect(sim().counters.byKind.create).toBe(1);
	});
});

describe('links (URL attachments)', () => {
	it('attaches a URL, lists it, and refuses to download it as a file', async () => {
		const ticketId = firstId('Tickets');
		const parent = { parentType: 'TicketAttachments', parentId: String(ticketId) };
		const [link] = succeeded(await attachmentNode({ operation: 'upload', ...parent, attach: 'url', url: 'https://example.com/runbook', options: { title: 'Runbook' } }))
			.output('Autotask Attachment')
			.map((item) => item.json);
		expect(link).toMatchObject({ attachmentType: 'URL', fullPath: 'https://example.com/runbook', title: 'Runbook' });
		expect(sim().store.get('TicketAttachments', link.id as number)).toMatchObject({ attachmentType: 'URL', data: null, fileSize: null });

		const listed = succeeded(await attachmentNode({ operation: 'getMany', ...parent, returnAll: true, options: { includeFiles: true } }))
			.output('Autotask Attachment');
		const listedLink = listed.find((item) => item.json.id === link.id);
		expect(listedLink?.json).toMatchObject({ attachmentType: 'URL', fullPath: 'https://example.com/runbook' });
		expect(listedLink?.binary).toBeUndefined();

		const download = await attachmentNode({ operation: 'download', ...parent, attachmentId: String(link.id) });
		expect(download.error?.message).toBe(`Attachment ${String(link.id)} is a link (URL), not a file: https://example.com/runbook`);
	});

	it('refuses an address that is not http(s), with zero requests', async () => {
		const result = await attachmentNode({ operation: 'upload', parentType: 'TicketAttachments', parentId: '7001', attach: 'url', url: 'file:///etc/passwd' });
		expect(result.error?.message).toBe('URL must be a web address starting with http:// or https://, got "file:///etc/passwd"');
		expect(sim().counters.total).toBe(0);
	});
});

describe('get many and delete', () => {
	it('lists records without their bytes, with the files only when asked, and deletes', async () => {
		const taskId = firstId('Tasks');
		const parent = { parentType: 'TaskAttachments', parentId: String(taskId) };
		const keys = ['a.txt', 'b.txt'].map((name) => addFile(name, { fileName: name, mimeType: 'text/plain', bytes: Buffer.from(`content of ${name}`) }));
		succeeded(await runFiles(keys, parent));
		sim().resetCounters();

		const records = succeeded(await attachmentNode({ operation: 'getMany', ...parent, returnAll: true })).output('Autotask Attachment');
		expect(records.map((item) => item.json.fullPath)).toEqual(['a.txt', 'b.txt']);
		for (const item of records) {
			expect(item.json).not.toHaveProperty('data');
			expect(item.binary).toBeUndefined();
			expect(item.json).toMatchObject({ taskID: taskId, parentType: 'TaskAttachments', parentId: taskId });
		}
		// One query; the field list once per process (it confirms the parent id field).
		expect(sim().counters.byKind.query).toBe(1);
		expect(sim().counters.byKind.get).toBe(0);

		const withFiles = succeeded(await attachmentNode({ operation: 'getMany', ...parent, returnAll: true, options: { includeFiles: true, binaryPropertyName: 'file' } }))
			.output('Autotask Attachment');
		expect(await Promise.all(withFiles.map(async (item) => Buffer.from(item.binary?.file.data ?? '', 'base64').toString()))).toEqual(['content of a.txt', 'content of b.txt']);

		const limited = succeeded(await attachmentNode({ operation: 'getMany', ...parent, returnAll: false, limit: 1 })).output('Autotask Attachment');
		expect(limited).toHaveLength(1);

		const [deleted] = succeeded(await attachmentNode({ operation: 'delete', ...parent, attachmentId: String(records[0].json.id) })).output('Autotask Attachment');
		expect(deleted.json).toEqual({ id: records[0].json.id, deleted: true, parentType: 'TaskAttachments', parentId: taskId });
		expect(sim().store.get('TaskAttachments', records[0].json.id as number)).toBeUndefined();
	});

	it('says so when the attachment is not on that parent', async () => {
		const result = await attachmentNode({ operation: 'download', parentType: 'TicketAttachments', parentId: String(firstId('Tickets')), attachmentId: '99999999' });
		expect(result.error?.message).toBe(`Ticket attachment 99999999 was not found on Ticket ${firstId('Tickets')}`);
	});
});

describe('bad input: the field and the rule named, nothing sent', () => {
	const onTicket = () => ({ parentType: 'TicketAttachments', parentId: String(firstId('Tickets')) });

	it('a missing binary field', async () => {
		const key = addFile('x', { fileName: 'x.txt', bytes: Buffer.from('x') });
		const result = await runFiles([key], { ...onTicket(), binaryPropertyName: 'attachment' });
		expect(result.error?.message).toBe('Input Binary Field "attachment" is not on item 0');
		expect(result.error?.description).toBe('The item has binary fields "data".');
		expect(sim().counters.total).toBe(0);
	});

	it('impersonation without a resource: refused before the first file is sent', async () => {
		const keys = ['ok1', 'ok2'].map((name) => addFile(name, { fileName: `${name}.txt`, bytes: Buffer.from(name) }));
		const nodes = [
			buildNode(MANUAL_TRIGGER),
			buildNode(BINARY_FILES, { files: keys.join(',') }),
			buildNode(ATTACHMENT, { operation: 'upload', ...onTicket(), options: { impersonation: '={{ $itemIndex === 1 ? "resource" : "none" }}' } } as INodeParameters, { name: 'Upload' }),
		];
		const result = await runWorkflow(chain(nodes), { credentials: credentialsFor(sim()) });
		expect(result.error?.message).toBe('Impersonation is Another Resource, but no Impersonation Resource ID is set');
		expect(sim().counters.total).toBe(0);
	});

	it('a parent ID that is not a number', async () => {
		const result = await attachmentNode({ operation: 'getMany', parentType: 'TicketAttachments', parentId: 'T2026.001', returnAll: true });
		expect(result.error?.message).toBe('Ticket ID (Parent ID) must be a whole number above 0, got "T2026.001"');
		expect(sim().counters.total).toBe(0);
	});

	it('an unknown parent type', async () => {
		const result = await attachmentNode({ operation: 'delete', parentType: 'InvoiceAttachments', parentId: '1', attachmentId: '2' });
		expect(result.error?.message).toBe('Parent Type "InvoiceAttachments" is not an Autotask attachment entity');
		expect(sim().counters.total).toBe(0);
	});

	it('a parent that does not exist: Autotask refuses, nothing stored', async () => {
		const key = addFile('orphan', { fileName: 'orphan.txt', bytes: Buffer.from('orphan') });
		const result = await runFiles([key], { parentType: 'TicketAttachments', parentId: '123456' });
		expect(result.error?.message).toContain('ticketID');
		expect(sim().store.all('TicketAttachments').filter((record) => record.fullPath === 'orphan.txt')).toHaveLength(0);
	});
});

describe('parent types', () => {
	it('offers every attachment entity of the catalog, with its parent path', () => {
		const fromCatalog = ENTITY_CATALOG.filter((entry) => /.Attachments$/.test(entry.name) && entry.parent).map((entry) => entry.name).sort();
		expect(ATTACHMENT_ENTITIES.map((attachment) => attachment.entity).sort()).toEqual(fromCatalog);
		expect(fromCatalog).toEqual(expect.arrayContaining(['TicketAttachments', 'TaskAttachments', 'ProjectAttachments', 'CompanyAttachments', 'OpportunityAttachments', 'ConfigurationItemAttachments', 'TicketNoteAttachments', 'TimeEntryAttachments']));
		expect(ATTACHMENT_ENTITIES.find((attachment) => attachment.entity === 'ArticleAttachments')).toMatchObject({
			parentEntity: 'KnowledgeBaseArticles',
			segment: 'Attachments',
			parentIdField: 'articleID',
			parentLabel: 'Article',
		});
	});
});

describe('the simulator: wire format and Autotask-side limits', () => {
	async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: IDataObject }> {
		const user = sim().users.default;
		const response = await fetch(`${sim().zoneUrl()}V1.0/${path}`, {
			method,
			headers: { UserName: user.userName, Secret: user.secret, ApiIntegrationCode: user.integrationCode, 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, body: (await response.json()) as IDataObject };
	}
	const file = (bytes: number, fullPath = 'f.bin') => ({
		id: 0,
		attachmentType: 'FILE_ATTACHMENT',
		fullPath,
		title: fullPath,
		publish: 1,
		data: Buffer.alloc(bytes, 7).toString('base64'),
	});

	it('creates under the parent (the official Postman body), returns bytes only through the parent', async () => {
		const ticketId = firstId('Tickets');
		const created = await call('POST', `Tickets/${ticketId}/Attachments`, {
			id: 0,
			attachDate: '2020-10-05T10:59:57.537',
			attachedByContactID: null,
			attachedByResourceID: null,
			attachmentType: 'FILE_ATTACHMENT',
			fullPath: 'TestText.txt',
			publish: 1,
			title: 'Test text to a ticket',
			data: 'VGVzdCB0ZXh0IGZpbGUgdG8gYXR0YWNoLg0KTGluZSAyDQo=',
		});
		expect(created).toEqual({ status: 200, body: { itemId: expect.any(Number) } });
		const id = created.body.itemId as number;

		const child = await call('GET', `Tickets/${ticketId}/Attachments/${id}`);
		expect(child.body.items).toEqual([
			expect.objectContaining({ id, ticketID: ticketId, parentID: ticketId, data: 'VGVzdCB0ZXh0IGZpbGUgdG8gYXR0YWNoLg0KTGluZSAyDQo=', fileSize: 35, contentType: 'text/plain' }),
		]);
		const root = await call('GET', `TicketAttachments/${id}`);
		expect(root.body.item).toMatchObject({ id, fullPath: 'TestText.txt' });
		expect(root.body.item).not.toHaveProperty('data');
		const queried = await call('POST', 'TicketAttachments/query', { filter: [{ op: 'eq', field: 'ticketID', value: ticketId }] });
		expect((queried.body.items as IDataObject[]).every((item) => !('data' in item))).toBe(true);
		const byData = await call('POST', 'TicketAttachments/query', { filter: [{ op: 'exist', field: 'data' }] });
		expect(byData.status).toBe(500);
	});

	it('refuses a file above 7 MB, and blocks uploads for 5 minutes after 10,000,000 bytes', async () => {
		const ticketId = firstId('Tickets');
		const tooLarge = await call('POST', `Tickets/${ticketId}/Attachments`, file(7 * 1024 * 1024 + 1));
		expect(tooLarge.body.errors).toEqual([`The attachment is ${7 * 1024 * 1024 + 1} bytes, above the API limit of ${7 * 1024 * 1024} bytes per file.`]);

		expect((await call('POST', `Tickets/${ticketId}/Attachments`, file(6_000_000))).status).toBe(200);
		const over = await call('POST', `Tickets/${ticketId}/Attachments`, file(4_000_001));
		expect(over.status).toBe(500);
		expect(String((over.body.errors as string[])[0])).toContain('10000000 bytes within five minutes');
		sim().clock.advance(4 * 60_000);
		expect(String(((await call('POST', `Tickets/${ticketId}/Attachments`, file(10))).body.errors as string[])[0])).toContain('blocked for five minutes');
		sim().clock.advance(60_001);
		expect((await call('POST', `Tickets/${ticketId}/Attachments`, file(10))).status).toBe(200);
	});

	it('refuses data that is not base64 and unknown attachment types', async () => {
		const ticketId = firstId('Tickets');
		expect((await call('POST', `Tickets/${ticketId}/Attachments`, { ...file(3), data: 'not base64!' })).body.errors).toEqual(['Field [data] must be base64-encoded binary data.']);
		expect((await call('POST', `Tickets/${ticketId}/Attachments`, { ...file(3), attachmentType: 'PHOTO' })).body.errors).toEqual([
			'Value [PHOTO] is not a valid attachmentType. Use one of FILE_ATTACHMENT, URL, FILE_LINK, FOLDER_LINK.',
		]);
	});
});

describe('in the editor', () => {
	const description = new AutotaskAttachment().description;
	const codex = JSON.parse(readFileSync(join(__dirname, '..', 'nodes', 'AutotaskAttachment', 'AutotaskAttachment.node.json'), 'utf8')) as {
		node: string;
		categories: string[];
		resources: { primaryDocumentation: Array<{ url: string }> };
	};

	it('names a new node after its action, and is a tool with the shared credential', () => {
		const parameters = (chosen: INodeParameters) => NodeHelpers.getNodeParameters(description.properties, chosen, true, false, { parameters: chosen, typeVersion: 1 } as never, description) ?? {};
		expect(NodeHelpers.makeNodeName(parameters({}), description)).toBe('Upload an attachment');
		expect(NodeHelpers.makeNodeName(parameters({ operation: 'download' }), description)).toBe('Download an attachment');
		expect(description).toMatchObject({ name: 'autotaskAttachment', usableAsTool: true, credentials: [{ name: 'autotaskUserApi', required: true }] });
	});

	it("files it with the package's other nodes, its Docs link a section of the README", () => {
		expect(codex).toMatchObject({ node: 'n8n-nodes-autotask-psa.autotaskAttachment', categories: ['Productivity', 'Communication'] });
		const anchors = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
			.split('\n')
			.filter((line) => /^#{1,6} /.test(line))
			.map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
		expect(anchors).toContain(codex.resources.primaryDocumentation[0].url.split('#')[1]);
		const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
		expect(pkg.n8n.nodes).toContain('dist/nodes/AutotaskAttachment/AutotaskAttachment.node.js');
	});
});
