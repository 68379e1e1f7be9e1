/**
 * The transport inside real n8n-core 2.11.1 contexts (not the fake): httpRequestWithAuthentication
 * with real axios errors, and the credential test through n8n-core's CredentialTestContext.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AutotaskClient, autotaskUserApiTest } from '../nodes/transport';
import { buildNode, loadOptionsContext, shutdownHarness, testCredentials } from './harness';
import { credentialsFor, unusedPort, useSimulator } from './helpers/simulatorSetup';
import { caught, registerTransportStandIn } from './helpers/transportStandIn';

const STAND_IN = registerTransportStandIn('autotaskTransport', 'transport', { autotaskUserApiTest });

const sim = useSimulator({ seed: 'empty', retries: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 3 } });
/** Connections to it are refused. */
let closedPort: number;

beforeAll(async () => {
	sim().seedLarge('Companies', 20);
	closedPort = await unusedPort();
});

afterAll(shutdownHarness);

beforeEach(() => {
	sim().faults.clear();
	sim().resetCounters();
});

function credentialData(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return { ...credentialsFor(sim()).autotaskUserApi, ...overrides };
}

async function client(overrides: ICredentialDataDecryptedObject = {}): Promise<AutotaskClient> {
	const ctx = loadOptionsContext({
		node: buildNode(STAND_IN),
		credentials: { autotaskUserApi: credentialData(overrides) },
	});
	const result = await AutotaskClient.forContext(ctx);
	await result.zone();
	sim().resetCounters();
	return result;
}

const companyBody = (name: string) => ({
	companyName: name,
	companyType: 1,
	ownerResourceID: sim().users.default.resourceId,
	phone: '555-0100',
});

describe('transport in n8n-core contexts', () => {
	it('queries and counts with the credential applied by n8n', async () => {
		const autotask = await client();
		expect(await autotask.query('Companies', { filter: [], limit: 5 })).toHaveLength(5);
		expect(await autotask.count('Companies', [])).toBeGreaterThanOrEqual(20);
		expect(sim().requests.every((request) => request.status === 200)).toBe(true);
	});

	it('recognises a dropped connection in n8n\'s error and retries a read', async () => {
		const autotask = await client();
		sim().faults.schedule([{ match: { kind: 'query' }, nth: 1, type: 'drop' }]);
		expect(await autotask.query('Companies', { filter: [], limit: 2 })).toHaveLength(2);
		expect(sim().counters.byKind.query).toBe(2);
	});

	it('does not resend a create after dropAfterCommit, and leaks nothing', async () => {
		const autotask = await client();
		sim().faults.schedule([{ match: { kind: 'create' }, nth: 1, type: 'dropAfterCommit' }]);
		const error = await caught(autotask.create({ entity: 'Companies' }, companyBody('Core drop')));
		expect(sim().counters.byKind.create).toBe(1);
		expect(sim().store.all('Companies').filter((company) => company.companyName === 'Core drop')).toHaveLength(1);
		expect(error.message).toMatch(/^Could not reach Autotask at 127\.0\.0\.1:\d+: the server closed the connection/);
		expect(error.description).toContain('to avoid creating a duplicate');
		const everything = JSON.stringify(error) + String(error.stack);
		expect(everything).not.toContain(sim().users.default.secret);
		expect(everything).not.toContain(sim().users.default.integrationCode);
	});

	it('honours Retry-After on an update', async () => {
		const autotask = await client();
		const [company] = sim().store.all('Companies');
		sim().faults.schedule([{ match: { kind: 'update' }, nth: 1, type: '429', retryAfterSeconds: 1 }]);
		const started = Date.now();
		await autotask.update({ entity: 'Companies' }, { id: Number(company.id), phone: '555-0429' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(sim().store.get('Companies', Number(company.id))?.phone).toBe('555-0429');
	});

	it('retries a refused connection, then names the host', async () => {
		const autotask = await client({ zone: 'custom', customBaseUrl: `http://127.0.0.1:${closedPort}/ATServicesRest/` });
		const error = await caught(autotask.count('Companies', []));
		expect(error.message).toBe(`Could not reach Autotask at 127.0.0.1:${closedPort}: the server refused the connection`);
		expect(error.description).toContain('Retried 2 times');
	});
});

describe('credential test through n8n-core', () => {
	it('passes with the right credential', async () => {
		expect(await testCredentials('autotaskUserApi', credentialData())).toEqual({
			status: 'OK',
			message: `Connected as ${sim().users.default.userName} in zone SIM01`,
		});
	});

	it('names a wrong secret and a wrong integration code', async () => {
		expect((await testCredentials('autotaskUserApi', credentialData({ secret: 'nope' }))).message).toMatch(
			/^Wrong Secret/,
		);
		expect(
			(await testCredentials('autotaskUserApi', credentialData({ integrationCode: 'NOPE' }))).message,
		).toMatch(/^Wrong API Integration Code/);
	});
});
