/**
 * Files through the transport: an upload body built as bytes (`jsonWithFile` -> `jsonBytes`) and an
 * answer read as a stream with its file decoded as it arrives (`readBody: readJsonWithFiles`), in
 * real n8n-core contexts (n8n's HTTP helper, axios) against the simulator; the streamed path keeps
 * the limiter, the retries and the error mapping of every other request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { AutotaskClient, jsonWithFile, readJsonWithFiles } from '../nodes/transport';
import type { FileContent } from '../nodes/transport';
import { buildNode, loadOptionsContext, shutdownHarness } from './harness';
import { binaryBytes } from './helpers/binaryFiles';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';
import { caught, registerTransportStandIn } from './helpers/transportStandIn';

const STAND_IN = registerTransportStandIn('autotaskFileTransport', 'file transport');

const sim = useSimulator({ retries: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 3 } });
afterAll(shutdownHarness);

beforeEach(() => {
	sim().faults.clear();
	// Past the simulator's 5-minute upload window of earlier tests.
	sim().clock.advance(6 * 60_000);
	sim().resetCounters();
});

async function client(credentials: ICredentialDataDecryptedObject = credentialsFor(sim()).autotaskUserApi): Promise<AutotaskClient> {
	const ctx = loadOptionsContext({ node: buildNode(STAND_IN), credentials: { autotaskUserApi: credentials } });
	return await AutotaskClient.forContext(ctx);
}

/** Bytes in chunks of the given sizes, in turn, as a stored file's stream gives them. */
async function* chunked(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
	let start = 0;
	for (let turn = 0; start < bytes.length; turn++) {
		const size = sizes[turn % sizes.length];
		yield bytes.subarray(start, start + size);
		start += size;
	}
}

const stored = (bytes: Buffer, sizes: number[], size = bytes.length): FileContent => ({ size, read: async () => chunked(bytes, sizes) });

async function* pieces(text: string, size: number): AsyncGenerator<Buffer> {
	const bytes = Buffer.from(text, 'utf8');
	for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

describe('jsonWithFile: the upload body as bytes', () => {
	const fields = { id: 0, attachmentType: 'FILE_ATTACHMENT', fullPath: 'ünïcödé "quoted".bin', publish: 1 };

	it('is the JSON of the fields plus data, from in-memory base64 and from stored bytes in any chunking', async () => {
		const bytes = binaryBytes(100_003, 5);
		const expected = { ...fields, data: bytes.toString('base64') };
		expect(JSON.parse((await jsonWithFile(fields, { base64: bytes.toString('base64') })).toString('utf8'))).toEqual(expected);
		for (const sizes of [[1], [2], [4, 1], [65_536], [7, 100_000]]) {
			expect(JSON.parse((await jsonWithFile(fields, stored(bytes, sizes))).toString('utf8'))).toEqual(expected);
		}
		expect(JSON.parse((await jsonWithFile({}, { base64: 'QQ==' })).toString('utf8'))).toEqual({ data: 'QQ==' });
	});

	it('makes base64 with line breaks or without padding canonical, so the JSON stays valid', async () => {
		const bytes = binaryBytes(200, 2);
		const wrapped = bytes.toString('base64').replace(/(.{76})/g, '$1\r\n');
		expect(JSON.parse((await jsonWithFile(fields, { base64: wrapped })).toString('utf8')).data).toBe(bytes.toString('base64'));
		expect(JSON.parse((await jsonWithFile(fields, { base64: 'QQ' })).toString('utf8')).data).toBe('QQ==');
	});

	it('refuses stored bytes that are not the size their binary data records', async () => {
		const bytes = binaryBytes(1000, 3);
		await expect(jsonWithFile(fields, stored(bytes, [64], 999))).rejects.toThrow('The stored file has more than 999 bytes, not the 999 its binary data records; nothing was sent');
		await expect(jsonWithFile(fields, stored(bytes, [64], 1001))).rejects.toThrow('The stored file has 1000 bytes, not the 1001 its binary data records; nothing was sent');
	});
});

describe('readJsonWithFiles: an answer with its file decoded as it arrives', () => {
	const file = binaryBytes(5_000, 9);
	const answer = JSON.stringify({
		items: [{ id: 7, title: 'a "data": "x" look-alike', data: file.toString('base64'), fullPath: 'f.bin', note: null }],
		pageDetails: { count: 1 },
	});

	it('gives the record with data as the bytes, however the answer is cut', async () => {
		for (const size of [1, 2, 3, 5, 7, 64, 1000, answer.length]) {
			const body = (await readJsonWithFiles(pieces(answer, size))) as { items: IDataObject[]; pageDetails: IDataObject };
			expect(Buffer.isBuffer(body.items[0].data)).toBe(true);
			expect((body.items[0].data as Buffer).equals(file)).toBe(true);
			expect({ ...body.items[0], data: 'bytes' }).toEqual({ id: 7, title: 'a "data": "x" look-alike', data: 'bytes', fullPath: 'f.bin', note: null });
			expect(body.pageDetails).toEqual({ count: 1 });
		}
	});

	it('reads escaped base64 (\\/, \\u002B, line breaks), any case of the name, several files and a null', async () => {
		const bytes = binaryBytes(3_000, 4);
		const escaped = bytes
			.toString('base64')
			.replace(/(.{76})/g, '$1\n')
			.replace(/\//g, '\\/')
			.replace(/\+/g, '\\u002B')
			.replace(/\n/g, '\\r\\n');
		const text = `{"items":[{"Data":"${escaped}"},{"data":"${file.toString('base64')}"},{"data":null}]}`;
		for (const size of [1, 3, 4096]) {
			const body = (await readJsonWithFiles(pieces(text, size))) as { items: IDataObject[] };
			expect((body.items[0].Data as Buffer).equals(bytes)).toBe(true);
			expect((body.items[1].data as Buffer).equals(file)).toBe(true);
			expect(body.items[2].data).toBeNull();
		}
	});

	it('gives an answer that is not JSON as its text, like any answer', async () => {
		expect(await readJsonWithFiles(pieces('<html>Service Unavailable</html>', 4))).toBe('<html>Service Unavailable</html>');
	});
});

describe('files through n8n-core and the simulator', () => {
	const ticketId = () => Number(sim().store.all('Tickets')[0].id);
	const attachments = () => `Tickets/${ticketId()}/Attachments`;

	async function upload(autotask: AutotaskClient, file: FileContent, fullPath: string): Promise<number> {
		const fields = { id: 0, attachmentType: 'FILE_ATTACHMENT', fullPath, title: fullPath, publish: 1 };
		const result = await autotask.request<{ itemId: number }>({ method: 'POST', path: attachments(), jsonBytes: await jsonWithFile(fields, file), entity: 'TicketAttachments', kind: 'create' });
		return result.itemId;
	}

	const read = async (autotask: AutotaskClient, id: number) =>
		await autotask.request<{ items: IDataObject[] }>({ method: 'GET', path: `${attachments()}/${id}`, entity: 'TicketAttachments', kind: 'read', readBody: readJsonWithFiles });

	it('uploads a body of bytes and reads the file back decoded, byte for byte', async () => {
		const autotask = await client();
		const bytes = binaryBytes(1_500_001, 12);
		const fromMemory = await upload(autotask, { base64: bytes.toString('base64') }, 'memory.bin');
		const fromStore = await upload(autotask, stored(bytes, [65_536]), 'stored.bin');
		for (const [id, name] of [[fromMemory, 'memory.bin'], [fromStore, 'stored.bin']] as const) {
			expect(Buffer.from(String(sim().store.get('TicketAttachments', id)?.data), 'base64').equals(bytes)).toBe(true);
			const [record] = (await read(autotask, id)).items;
			expect((record.data as Buffer).equals(bytes)).toBe(true);
			expect(record).toMatchObject({ id, fullPath: name, fileSize: bytes.length });
		}
		const created = sim().requests.filter((request) => request.kind === 'create');
		expect(created.map((request) => request.headers['content-type'])).toEqual(['application/json', 'application/json']);
	});

	it('fails a streamed read with the same error as a parsed one: Autotask JSON, an IIS page, not retried or retried', async () => {
		const autotask = await client();
		const id = await upload(autotask, { base64: 'aGVsbG8=' }, 'hello.txt');
		const parsed = { method: 'GET', path: `${attachments()}/${id}`, entity: 'TicketAttachments', kind: 'read' } as const;
		for (const fault of [
			{ type: '500', body: 'autotask' },
			{ type: '503', body: 'iisHtml' },
		] as const) {
			sim().faults.schedule([{ match: { kind: 'get' }, ...fault }]);
			const streamedError = await caught(autotask.request({ ...parsed, readBody: readJsonWithFiles }));
			const parsedError = await caught(autotask.request(parsed));
			expect(streamedError.message).toBe(parsedError.message);
			expect(streamedError.httpCode).toBe(parsedError.httpCode);
			expect(streamedError.description?.replace(/\d+ ?ms|\d+(\.\d+)? s\b/g, 'T')).toBe(parsedError.description?.replace(/\d+ ?ms|\d+(\.\d+)? s\b/g, 'T'));
			sim().faults.clear();
		}
		expect((await caught(autotask.request({ ...parsed, readBody: readJsonWithFiles, path: `${attachments()}/x` }))).httpCode).toBe('404');
	});

	it('retries a streamed read refused with 429 or the thread threshold, then reads the file', async () => {
		const autotask = await client();
		const bytes = binaryBytes(70_000, 1);
		const id = await upload(autotask, { base64: bytes.toString('base64') }, 'retry.bin');
		sim().resetCounters();
		sim().faults.schedule([
			{ match: { kind: 'get' }, nth: 1, type: '429' },
			{ match: { kind: 'get' }, nth: 2, type: 'threadThreshold' },
		]);
		const [record] = (await read(autotask, id)).items;
		expect((record.data as Buffer).equals(bytes)).toBe(true);
		expect(sim().counters.byKind.get).toBe(3);
	});
});

describe('a connection dropped in the middle of a streamed answer', () => {
	it('is retried like any dropped read, and the file comes back whole', async () => {
		const file = binaryBytes(300_000, 8);
		const answer = Buffer.from(JSON.stringify({ items: [{ id: 5, fullPath: 'cut.bin', data: file.toString('base64') }] }));
		let attachmentGets = 0;
		const server = createServer((request, response) => {
			if (!request.url?.includes('/Attachments/')) {
				response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
				return;
			}
			attachmentGets++;
			response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(answer.length) });
			if (attachmentGets > 1) {
				response.end(answer);
				return;
			}
			response.write(answer.subarray(0, 100_000), () => setTimeout(() => request.socket.destroy(), 20));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			const autotask = await client({ ...credentialsFor(sim()).autotaskUserApi, zone: 'custom', customBaseUrl: `http://127.0.0.1:${port}/ATServicesRest/` });
			const body = await autotask.request<{ items: IDataObject[] }>({ method: 'GET', path: 'Tickets/1/Attachments/5', entity: 'TicketAttachments', kind: 'read', readBody: readJsonWithFiles });
			expect((body.items[0].data as Buffer).equals(file)).toBe(true);
			expect(attachmentGets).toBe(2);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
