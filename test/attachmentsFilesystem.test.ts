/**
 * Attachments in n8n's `filesystem` binary-data mode (n8n 2.x's default outside queue mode: files on
 * disk, items hold only their id): the upload reads the stored file as a stream and encodes it on
 * the way, the download hands n8n the decoded bytes to store. Round trips byte for byte.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import type { INodeParameters } from 'n8n-workflow';

import { AutotaskAttachment } from '../nodes/AutotaskAttachment/AutotaskAttachment.node';
import { uploadWindow } from '../nodes/AutotaskAttachment/shared/sizeRules';
import { MANUAL_TRIGGER, buildNode, chain, registerPackageNode, runWorkflow, shutdownHarness } from './harness';
import { BINARY_FILES, addFile, binaryBytes } from './helpers/binaryFiles';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

const ATTACHMENT = registerPackageNode(new AutotaskAttachment());
const sim = useSimulator();
let storage: string;

beforeAll(async () => {
	storage = mkdtempSync(join(tmpdir(), 'autotask-binary-'));
	const config = Container.get(BinaryDataConfig);
	config.mode = 'filesystem';
	config.localStoragePath = storage;
	await Container.get(BinaryDataService).init();
});

afterAll(() => {
	shutdownHarness();
	rmSync(storage, { recursive: true, force: true });
});

beforeEach(() => {
	uploadWindow.clear();
	sim().clock.advance(6 * 60_000);
});

it.each([
	['a text file', { fileName: 'notes.txt', mimeType: 'text/plain', bytes: Buffer.from('Line 1\r\nünïcödé\n', 'utf8') }],
	['a binary file of 5 MB and 1 byte (not a multiple of 3)', { fileName: 'large.bin', mimeType: 'application/octet-stream', bytes: binaryBytes(5 * 1024 * 1024 + 1, 13) }],
])('round trips %s through files on disk', async (_name, file) => {
	const ticketId = Number(sim().store.all('Tickets')[0].id);
	const parent = { parentType: 'TicketAttachments', parentId: String(ticketId) };
	const key = addFile(`fs-${file.fileName}`, file);
	const result = await runWorkflow(
		chain([
			buildNode(MANUAL_TRIGGER),
			buildNode(BINARY_FILES, { files: key }),
			buildNode(ATTACHMENT, { operation: 'upload', ...parent } as INodeParameters, { name: 'Upload' }),
			buildNode(ATTACHMENT, { operation: 'download', ...parent, attachmentId: '={{ $json.id }}' } as INodeParameters, { name: 'Download' }),
		]),
		{ credentials: credentialsFor(sim()) },
	);
	expect(result.error).toBeUndefined();
	expect(result.output('Files')[0].binary?.data.id).toMatch(/^filesystem-v2:/);
	const [uploaded] = result.output('Upload');
	expect(uploaded.json).toMatchObject({ fullPath: file.fileName, fileSize: file.bytes.length });
	expect(Buffer.from(String(sim().store.get('TicketAttachments', uploaded.json.id as number)?.data), 'base64').equals(file.bytes)).toBe(true);

	const binary = result.output('Download')[0].binary?.data;
	expect(binary).toMatchObject({ fileName: file.fileName, mimeType: file.mimeType, bytes: file.bytes.length, id: expect.stringMatching(/^filesystem-v2:/) });
	if (!binary) throw new Error('No binary data on the download');
	expect((await Container.get(BinaryDataService).getAsBuffer(binary)).equals(file.bytes)).toBe(true);
});
