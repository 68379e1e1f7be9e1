import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialType,
	IHttpRequestHelper,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	ITEMS,
	MANUAL_TRIGGER,
	NO_OP,
	SET,
	buildNode,
	callMethod,
	chain,
	createPoller,
	registerCredentialType,
	registerNodeType,
	runWorkflow,
	shutdownHarness,
	testCredentials,
} from './harness';

// ---------------------------------------------------------------------------------------------
// Test-only node types (not part of the package).

const CREDENTIALS = {
	autotaskUserApi: { userName: 'jane.api@msp.example', secret: 's3cret', integrationCode: 'INTCODE' },
};

/** A test-only credential whose session token comes from preAuthentication (n8n's expirable pattern). */
class HarnessTokenApi implements ICredentialType {
	name = 'harnessTokenApi';
	displayName = 'Harness Token API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Token URL', name: 'tokenUrl', type: 'string', default: '' },
		{ displayName: 'Session Token', name: 'sessionToken', type: 'hidden', typeOptions: { expirable: true }, default: '' },
	];
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const response = (await this.helpers.httpRequest({ url: String(credentials.tokenUrl), json: true })) as IDataObject;
		return { sessionToken: String(response.token) };
	}
	authenticate = {
		type: 'generic' as const,
		properties: { headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' } },
	};
}
registerCredentialType(new HarnessTokenApi());

/** Echoes items, calls a URL with the credential, or fails, depending on `operation`. */
class HarnessTestNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Test',
		name: 'harnessTest',
		group: ['transform'],
		version: 1,
		description: 'Test-only node',
		defaults: { name: 'Harness Test' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'autotaskUserApi', required: true, testedBy: 'harnessCredentialTest' },
			{ name: 'harnessTokenApi', required: false },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				options: [
					{ name: 'Echo', value: 'echo' },
					{ name: 'HTTP', value: 'http' },
					{ name: 'HTTP with Token', value: 'token' },
					{ name: 'Fail', value: 'fail' },
				],
				default: 'echo',
			},
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Thing', name: 'thing', type: 'options', typeOptions: { loadOptionsMethod: 'getThings' }, default: '' },
		],
	};

	methods = {
		loadOptions: {
			async getThings(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const credentials = await this.getCredentials('autotaskUserApi');
				const operation = this.getCurrentNodeParameter('operation') as string;
				return [{ name: `${String(credentials.userName)} (${operation})`, value: 'thing-1' }];
			},
		},
		listSearch: {
			async searchThings(this: ILoadOptionsFunctions, filter?: string, token?: string): Promise<INodeListSearchResult> {
				const all = ['alpha', 'beta', 'gamma'].filter((name) => !filter || name.includes(filter));
				const start = token ? Number(token) : 0;
				const page = all.slice(start, start + 2);
				return {
					results: page.map((name) => ({ name, value: name })),
					paginationToken: start + 2 < all.length ? String(start + 2) : undefined,
				};
			},
		},
		resourceMapping: {
			async getFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
				return {
					fields: [
						{ id: 'title', displayName: 'Title', required: true, defaultMatch: false, display: true, type: 'string' },
					],
				};
			},
		},
		credentialTest: {
			async harnessCredentialTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				return data.userName
					? { status: 'OK', message: `zone lookup at ${String(data.zoneLookupUrl)}` }
					: { status: 'Error', message: 'no user' };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const operation = this.getNodeParameter('operation', i) as string;
			if (operation === 'fail') {
				throw new NodeOperationError(this.getNode(), `Boom on item ${i}`, { itemIndex: i, description: 'It failed on purpose' });
			}
			if (operation === 'http' || operation === 'token') {
				const credentialType = operation === 'http' ? 'autotaskUserApi' : 'harnessTokenApi';
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
					method: 'GET',
					url: this.getNodeParameter('url', i) as string,
					json: true,
				})) as IDataObject;
				out.push({ json: response, pairedItem: { item: i } });
				continue;
			}
			out.push({ json: { ...items[i].json, echoed: true }, pairedItem: { item: i } });
		}
		return [out];
	}
}

/** Emits records with an id above the persisted watermark; counts every poll in memory. */
const source: Array<{ id: number }> = [];
class HarnessPollNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Poll Trigger',
		name: 'harnessPollTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test-only polling trigger',
		defaults: { name: 'Harness Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const data = this.getWorkflowStaticData('node');
		data.polls = ((data.polls as number | undefined) ?? 0) + 1;
		if (this.getMode() === 'manual') {
			return [source.slice(-1).map((record) => ({ json: { ...record, sample: true } }))];
		}
		const lastId = (data.lastId as number | undefined) ?? 0;
		const fresh = source.filter((record) => record.id > lastId);
		if (fresh.length === 0) return null;
		data.lastId = Math.max(...fresh.map((record) => record.id));
		return [fresh.map((record) => ({ json: record }))];
	}
}

const TEST_NODE = 'test.harnessTest';
const POLL_NODE = 'test.harnessPollTrigger';
registerNodeType(TEST_NODE, new HarnessTestNode());
registerNodeType(POLL_NODE, new HarnessPollNode());

// ---------------------------------------------------------------------------------------------
// A throwaway HTTP server.

let server: Server;
let baseUrl: string;
const seen: IncomingHttpHeaders[] = [];
let tokensIssued = 0;

beforeAll(async () => {
	server = createServer((req, res) => {
		seen.push(req.headers);
		const status = req.url?.startsWith('/fail') ? 500 : 200;
		res.writeHead(status, { 'content-type': 'application/json' });
		if (req.url === '/token') {
			tokensIssued += 1;
			res.end(JSON.stringify({ token: `tok-${tokensIssued}` }));
			return;
		}
		res.end(JSON.stringify(status === 200 ? { ok: true, path: req.url } : { errors: ['Server exploded'] }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	shutdownHarness();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

// ---------------------------------------------------------------------------------------------

describe('runWorkflow', () => {
	it('runs a workflow and returns each node’s items with pairedItem', async () => {
		const workflow = chain([
			buildNode(MANUAL_TRIGGER),
			buildNode(ITEMS, { items: [{ id: 1 }, { id: 2 }, { id: 3 }] }),
			buildNode(TEST_NODE, { operation: 'echo' }),
			buildNode(NO_OP),
		]);
		const result = await runWorkflow(workflow, { credentials: CREDENTIALS });

		expect(result.status).toBe('success');
		expect(result.executedNodes).toEqual(['When clicking ‘Execute workflow’', 'Items', 'Harness Test', 'No Operation, do nothing']);
		expect(result.output('Harness Test')).toEqual([
			{ json: { id: 1, echoed: true }, pairedItem: { item: 0 } },
			{ json: { id: 2, echoed: true }, pairedItem: { item: 1 } },
			{ json: { id: 3, echoed: true }, pairedItem: { item: 2 } },
		]);
		expect(result.output('No Operation, do nothing').map((item) => item.json.id)).toEqual([1, 2, 3]);
		expect(result.outputs('Harness Test')).toHaveLength(1);
		expect(() => result.output('Nope')).toThrow(/did not run/);
	});

	it('supports the Set stand-in (raw JSON mode) with expressions', async () => {
		const workflow = chain([
			buildNode(MANUAL_TRIGGER),
			buildNode(ITEMS, { items: '[{"n": 2}, {"n": 5}]' }),
			buildNode(SET, { mode: 'raw', jsonOutput: '={{ JSON.stringify({ double: $json.n * 2 }) }}', includeOtherFields: true }),
		]);
		const result = await runWorkflow(workflow);
		expect(result.status).toBe('success');
		expect(result.output('Edit Fields').map((item) => item.json)).toEqual([
			{ n: 2, double: 4 },
			{ n: 5, double: 10 },
		]);
	});

	it('sends the credential’s generic headers with httpRequestWithAuthentication', async () => {
		const workflow = chain([buildNode(MANUAL_TRIGGER), buildNode(TEST_NODE, { operation: 'http', url: `${baseUrl}/ping` })]);
		seen.length = 0;
		const result = await runWorkflow(workflow, { credentials: CREDENTIALS });

		expect(result.status).toBe('success');
		expect(result.output('Harness Test')[0].json).toEqual({ ok: true, path: '/ping' });
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({ username: 'jane.api@msp.example', secret: 's3cret', apiintegrationcode: 'INTCODE' });
		expect(result.credentialsHelper.authenticated).toHaveLength(1);
	});

	it('runs preAuthentication only when the credential defines it and its token is empty', async () => {
		const workflow = chain([
			buildNode(MANUAL_TRIGGER),
			buildNode(ITEMS, { items: [{}, {}] }),
			buildNode(TEST_NODE, { operation: 'token', url: `${baseUrl}/ping` }),
		]);
		seen.length = 0;
		const result = await runWorkflow(workflow, { credentials: { harnessTokenApi: { tokenUrl: `${baseUrl}/token` } } });

		expect(result.status).toBe('success');
		expect(tokensIssued).toBe(1); // fetched once, then kept like n8n stores it
		expect(seen.filter((h) => h.authorization).map((h) => h.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
		expect(result.credentialsHelper.stored('harnessTokenApi')).toMatchObject({ sessionToken: 'tok-1' });
	});

	it('reports a failing node as status "error" with its message', async () => {
		const workflow = chain([buildNode(MANUAL_TRIGGER), buildNode(TEST_NODE, { operation: 'fail' }, { name: 'Breaker' })]);
		const result = await runWorkflow(workflow, { credentials: CREDENTIALS });

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ message: 'Boom on item 0', description: 'It failed on purpose', node: 'Breaker' });
		expect(result.runData.Breaker[0].error?.message).toBe('Boom on item 0');
	});

	it('reports an HTTP failure with its status code', async () => {
		const workflow = chain([buildNode(MANUAL_TRIGGER), buildNode(TEST_NODE, { operation: 'http', url: `${baseUrl}/fail` })]);
		const result = await runWorkflow(workflow, { credentials: CREDENTIALS });

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('500');
	});

	it('fails clearly when the test credentials are missing', async () => {
		const workflow = chain([buildNode(MANUAL_TRIGGER), buildNode(TEST_NODE, { operation: 'http', url: `${baseUrl}/ping` })]);
		const result = await runWorkflow(workflow, { credentials: {} });

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/autotaskUserApi/);
	});

	it('rejects, naming the issues, when n8n would refuse to start the workflow', async () => {
		const workflow = chain([buildNode(MANUAL_TRIGGER), buildNode(ITEMS, { items: '[]' }), buildNode('test.notRegistered')]);
		await expect(runWorkflow(workflow)).rejects.toThrow(/"test.notRegistered" is not registered/);
	});

	it('keeps and returns workflow static data', async () => {
		const workflow = chain([buildNode(MANUAL_TRIGGER), buildNode(NO_OP)]);
		const result = await runWorkflow(workflow, { staticData: { global: { answer: 42 } } });
		expect(result.staticData).toEqual({ global: { answer: 42 } });
	});
});

describe('createPoller', () => {
	beforeEach(() => {
		source.length = 0;
	});

	it('persists static data when a poll emits, keeps null-poll changes in memory, and survives restart()', async () => {
		const poller = createPoller({ node: buildNode(POLL_NODE, {}, { name: 'Trigger' }), credentials: CREDENTIALS });

		expect(await poller.poll()).toBeNull();
		expect(poller.liveStaticData()).toEqual({ polls: 1 });
		expect(poller.staticData()).toEqual({}); // a null poll saves nothing

		source.push({ id: 1 }, { id: 2 });
		expect(await poller.poll()).toEqual([[{ json: { id: 1 } }, { json: { id: 2 } }]]);
		expect(poller.staticData()).toEqual({ polls: 2, lastId: 2 });

		expect(await poller.poll()).toBeNull();
		expect(poller.liveStaticData()).toEqual({ polls: 3, lastId: 2 });
		expect(poller.staticData()).toEqual({ polls: 2, lastId: 2 });

		source.push({ id: 3 });
		const restarted = poller.restart();
		expect(restarted.staticData()).toEqual({ polls: 2, lastId: 2 });
		expect(restarted.liveStaticData()).toEqual({ polls: 2, lastId: 2 }); // the in-memory poll count is lost
		expect(await restarted.poll()).toEqual([[{ json: { id: 3 } }]]);
		expect(restarted.staticData()).toEqual({ polls: 3, lastId: 3 });
		expect(await restarted.restart().poll()).toBeNull();
		expect(restarted.stats).toEqual({ polls: 1, emits: 1 });
		expect(restarted.context.getActivationMode()).toBe('init');
	});

	it('starts from given node static data, and manual mode never persists', async () => {
		source.push({ id: 5 }, { id: 6 });
		const manual = createPoller({ node: buildNode(POLL_NODE), mode: 'manual', staticData: { lastId: 6 } });
		expect(await manual.poll()).toEqual([[{ json: { id: 6, sample: true } }]]);
		expect(manual.staticData()).toEqual({ lastId: 6 });
		expect(manual.liveStaticData()).toEqual({ lastId: 6, polls: 1 });

		const active = createPoller({ node: buildNode(POLL_NODE), staticData: { lastId: 5 } });
		expect(await active.poll()).toEqual([[{ json: { id: 6 } }]]);
		expect(active.context.getMode()).toBe('trigger');
		// n8n's loader adds the poll interval parameter to polling nodes; so does registerNodeType
		expect(active.context.getNodeParameter('pollTimes')).toEqual({ item: [{ mode: 'everyMinute' }] });
	});
});

describe('node methods', () => {
	const node = () => buildNode(TEST_NODE, { operation: 'http' });

	it('calls loadOptions with a real LoadOptionsContext, credentials and current parameters', async () => {
		const options = await callMethod('loadOptions', 'getThings', { node: node(), credentials: CREDENTIALS });
		expect(options).toEqual([{ name: 'jane.api@msp.example (http)', value: 'thing-1' }]);
	});

	it('calls listSearch with filter and pagination token', async () => {
		const first = await callMethod('listSearch', 'searchThings', { node: node(), credentials: CREDENTIALS });
		expect(first).toEqual({ results: [{ name: 'alpha', value: 'alpha' }, { name: 'beta', value: 'beta' }], paginationToken: '2' });
		const second = await callMethod('listSearch', 'searchThings', { node: node(), paginationToken: '2' });
		expect(second.results).toEqual([{ name: 'gamma', value: 'gamma' }]);
		const filtered = await callMethod('listSearch', 'searchThings', { node: node(), filter: 'et' });
		expect(filtered.results.map((r) => r.value)).toEqual(['beta']);
	});

	it('calls resourceMapping and credentialTest methods', async () => {
		const mapping = await callMethod('resourceMapping', 'getFields', { node: node() });
		expect(mapping.fields.map((field) => field.id)).toEqual(['title']);

		const ok = await callMethod('credentialTest', 'harnessCredentialTest', { node: node(), credentials: CREDENTIALS });
		// credential defaults are applied, as n8n does before a credential test
		expect(ok).toEqual({ status: 'OK', message: 'zone lookup at https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation' });
		await expect(callMethod('loadOptions', 'nope', { node: node() })).rejects.toThrow(/has no methods.loadOptions.nope/);
	});

	it('tests a credential like n8n: without a test request, the node\'s testedBy function runs', async () => {
		const ok = await testCredentials('autotaskUserApi', { ...CREDENTIALS.autotaskUserApi, zoneLookupUrl: `${baseUrl}/zone` });
		expect(ok).toEqual({ status: 'OK', message: `zone lookup at ${baseUrl}/zone` });

		const failed = await testCredentials('autotaskUserApi', { ...CREDENTIALS.autotaskUserApi, userName: '' });
		expect(failed).toEqual({ status: 'Error', message: 'no user' });
	});

	it('tests a credential like n8n: a credential\'s own test request wins over testedBy', async () => {
		registerCredentialType({
			name: 'harnessRequestTestedApi',
			displayName: 'Harness Request-Tested API',
			properties: [{ displayName: 'Username', name: 'username', type: 'string', default: '' }],
			authenticate: { type: 'generic', properties: { headers: { UserName: '={{$credentials.username}}' } } },
			test: { request: { method: 'GET', url: '={{$credentials.url}}' } },
		} as ICredentialType);
		seen.length = 0;
		const ok = await testCredentials('harnessRequestTestedApi', { username: 'jane.api@msp.example', url: `${baseUrl}/zone` });
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({ username: 'jane.api@msp.example' });

		const failed = await testCredentials('harnessRequestTestedApi', { username: 'x', url: `${baseUrl}/fail` });
		expect(failed.status).toBe('Error');
	});

});
