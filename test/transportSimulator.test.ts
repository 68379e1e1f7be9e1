import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { buildLabelLookup } from '../nodes/common/output';
import { AutotaskClient, getAutotaskErrorDetails, retryPolicy } from '../nodes/transport';
import { createFakeContext } from './helpers/fakeContext';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';
import { caught } from './helpers/transportStandIn';
import { startSimulator } from './simulator';
import { picklist } from './simulator/entities/fieldTable';
import type { FaultType } from './simulator';

const sim = useSimulator({ seed: 'empty', retries: { baseDelayMs: 5, maxDelayMs: 50, maxTotalMs: 10_000 } });

beforeEach(() => {
	sim().faults.clear();
	sim().latency(0);
	sim().resetCounters();
});

function credentials(overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return { ...credentialsFor(sim()).autotaskUserApi, customBaseUrl: '', ...overrides };
}

async function newClient(
	overrides: ICredentialDataDecryptedObject = {},
	options: { maxInFlight?: number } = {},
): Promise<AutotaskClient> {
	const client = await AutotaskClient.forContext(createFakeContext(credentials(overrides)).ctx, options);
	// Resolve the zone now, so that request counts in the tests are the API calls alone.
	await client.zone();
	return client;
}

const queryRequests = () => sim().counters.byKind.query + sim().counters.byKind.queryNext;
const peakInFlight = () => Math.max(0, ...Object.values(sim().counters.maxInFlight));
const idsOf = (entity: string) => sim().store.all(entity).map((record) => Number(record.id)).sort((a, b) => a - b);

function companyBody(name: string) {
	return { companyName: name, companyType: 1, ownerResourceID: sim().users.default.resourceId, phone: '555-0100' };
}
const companiesNamed = (name: string) => sim().store.all('Companies').filter((company) => company.companyName === name);

describe('paging', () => {
	let ticketIds: number[];

	beforeAll(() => {
		sim().seedLarge('Tickets', 1234);
		ticketIds = idsOf('Tickets');
	});

	it.each([0, 1, 500, 501, 1234])('reads %i records with ceil(N/500) query requests', async (n) => {
		const client = await newClient();
		sim().resetCounters();
		const filter = n === 0 ? [{ op: 'lt', field: 'id', value: 0 }] : [{ op: 'lte', field: 'id', value: ticketIds[n - 1] }];
		const records = await client.query('Tickets', { filter });
		expect(records.map((record) => record.id)).toEqual(ticketIds.slice(0, n));
		expect(queryRequests()).toBe(Math.max(1, Math.ceil(n / 500)));
		expect(sim().counters.total).toBe(queryRequests());
	});

	it('asks for exactly the limit: 37 records, one request with MaxRecords 37', async () => {
		const client = await newClient();
		sim().resetCounters();
		const records = await client.query('Tickets', { filter: [], limit: 37 });
		expect(records).toHaveLength(37);
		expect(sim().requests).toHaveLength(1);
		expect(sim().requests[0].body).toMatchObject({ MaxRecords: 37, filter: [{ op: 'exist', field: 'id' }] });
	});

	it('trims the last page to the limit and stops there', async () => {
		const client = await newClient();
		sim().resetCounters();
		const records = await client.query('Tickets', { filter: [], limit: 501 });
		expect(records).toHaveLength(501);
		expect(sim().requests.map((request) => (request.body as { MaxRecords: number }).MaxRecords)).toEqual([500, 500]);
		expect(sim().requests[1].kind).toBe('queryNext');
		expect(sim().requests[1].method).toBe('POST');
	});

	it.each([501, 777, 1100])('follows next pages with the first page\'s body unchanged for a limit of %i, trimming locally', async (limit) => {
		const client = await newClient();
		sim().resetCounters();
		const records = await client.query('Tickets', { filter: [], limit });
		expect(records.map((record) => record.id)).toEqual(ticketIds.slice(0, limit));
		const bodies = sim().requests.map((request) => JSON.stringify(request.body));
		expect(bodies).toHaveLength(Math.ceil(limit / 500));
		expect(new Set(bodies).size).toBe(1);
	});

	it('the simulator refuses a next page POSTed with another body than the first page', async () => {
		const client = await newClient();
		const first = await client.request<{ pageDetails: { nextPageUrl: string } }>({
			method: 'POST',
			path: 'Tickets/query',
			body: { filter: [{ op: 'exist', field: 'id' }], MaxRecords: 500 },
			entity: 'Tickets',
			kind: 'read',
		});
		const next = { method: 'POST' as const, path: first.pageDetails.nextPageUrl, entity: 'Tickets', kind: 'read' as const };
		const error = await caught(client.request({ ...next, body: { filter: [{ op: 'exist', field: 'id' }], MaxRecords: 277 } }));
		expect(error.message).toBe('The query of a next page request must be the same as the query of the first page.');
		await expect(client.request({ ...next, body: { filter: [{ op: 'exist', field: 'id' }], MaxRecords: 500 } })).resolves.toMatchObject({
			items: expect.any(Array),
		});
	});

	it('yields one page at a time and sends nothing more when the caller stops', async () => {
		const client = await newClient();
		sim().resetCounters();
		for await (const page of client.queryPages('Tickets', { filter: [] })) {
			expect(page).toHaveLength(500);
			break;
		}
		expect(queryRequests()).toBe(1);
	});

	it('returns datetimes as ISO 8601 UTC and always includes id', async () => {
		const client = await newClient();
		const [ticket] = await client.query('Tickets', { filter: [], includeFields: ['createDate'], limit: 1 });
		expect(ticket.id).toBe(ticketIds[0]);
		expect(ticket.createDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
	});

	it('counts', async () => {
		const client = await newClient();
		expect(await client.count('Tickets', [{ op: 'lte', field: 'id', value: ticketIds[9] }])).toBe(10);
		expect(await client.count('Tickets', [])).toBe(1234);
	});

	it('sends an empty filter as the every-record condition, for queries (every page) and counts', async () => {
		// Autotask refuses a query without a condition; the layers above say "every record" with [].
		const everyRecord = [{ op: 'exist', field: 'id' }];
		const client = await newClient();
		sim().resetCounters();
		await client.query('Tickets', { filter: [], limit: 600 });
		await client.count('Tickets', []);
		expect(sim().requests.map((request) => [request.kind, request.body])).toEqual([
			['query', { filter: everyRecord, MaxRecords: 500 }],
			['queryNext', { filter: everyRecord, MaxRecords: 500 }],
			['count', { filter: everyRecord }],
		]);
	});
});

describe('concurrency and writes', () => {
	let companyIds: number[];

	beforeAll(() => {
		sim().seedLarge('Companies', 300);
		companyIds = idsOf('Companies').slice(-300);
	});

	it('runs 300 concurrent updates 3 at a time, then reads them back with one query', async () => {
		const client = await newClient();
		sim().latency(2);
		sim().resetCounters();
		await Promise.all(companyIds.map(async (id) => await client.update({ entity: 'Companies' }, { id, phone: `555-${id}` })));
		const written = await client.readBack('Companies', companyIds);
		expect(sim().counters.byKind.update).toBe(300);
		expect(queryRequests()).toBe(1);
		expect(sim().counters.threadRejections).toBe(0);
		expect(peakInFlight()).toBe(3);
		expect(written.size).toBe(300);
		expect(written.get(companyIds[7])?.phone).toBe(`555-${companyIds[7]}`);
	});

	it('keeps 20 concurrent reads of one entity to 3 in flight, across clients', async () => {
		const clients = await Promise.all([newClient(), newClient()]);
		sim().latency(5);
		sim().resetCounters();
		const records = await Promise.all(
			companyIds.slice(0, 20).map(async (id, index) => await clients[index % 2].get('Companies', id)),
		);
		expect(records.every((record) => record !== undefined)).toBe(true);
		expect(peakInFlight()).toBe(3);
		expect(sim().counters.threadRejections).toBe(0);
	});

	it('lowers the cap with maxInFlight', async () => {
		const client = await newClient({}, { maxInFlight: 1 });
		sim().latency(2);
		sim().resetCounters();
		await Promise.all(companyIds.slice(0, 6).map(async (id) => await client.get('Companies', id)));
		expect(peakInFlight()).toBe(1);
	});

	it('sends ImpersonationResourceId on writes only', async () => {
		const impersonated = sim().addApiUser({ userName: 'imp.target@sandbox.example', secret: 'x-secret', integrationCode: 'OTHERCODE' });
		const client = await newClient({ impersonationResourceId: impersonated });
		expect(client.impersonationResourceId).toBe(impersonated);
		sim().resetCounters();
		await client.update({ entity: 'Companies' }, { id: companyIds[0], phone: '555-0199' });
		await client.get('Companies', companyIds[0]);
		const [patch, get] = sim().requests;
		expect(patch.headers.impersonationresourceid).toBe(String(impersonated));
		expect(get.headers.impersonationresourceid).toBeUndefined();
	});

	it('writes on behalf of another resource, or of none, per client derived with impersonating()', async () => {
		const impersonated = sim().addApiUser({ userName: 'imp.other@sandbox.example', secret: 'o-secret', integrationCode: 'OTHERCODE2' });
		const client = await newClient({ impersonationResourceId: impersonated });
		sim().resetCounters();
		await client.impersonating(undefined).update({ entity: 'Companies' }, { id: companyIds[0], phone: '555-0101' });
		await client.impersonating(impersonated).update({ entity: 'Companies' }, { id: companyIds[0], phone: '555-0102' });
		expect(sim().requests.map((request) => request.headers.impersonationresourceid)).toEqual([undefined, String(impersonated)]);
		expect(client.impersonationResourceId).toBe(impersonated);
	});

	it('says a refused impersonated write was impersonated, names the resource and lists the likely causes', async () => {
		const impersonated = sim().addApiUser({ userName: 'imp.denied@sandbox.example', secret: 'd-secret', integrationCode: 'OTHERCODE3' });
		sim().denyImpersonation(impersonated, ['Companies']);
		const client = await newClient({ impersonationResourceId: impersonated });
		const error = await caught(client.update({ entity: 'Companies' }, { id: companyIds[0], phone: '555-0103' }));
		expect(error.message).toBe(`Autotask refused the update on Companies made on behalf of resource ${impersonated}`);
		expect(error.description).toContain('Autotask said: "The logged in Resource does not have the adequate permissions to update this entity type."');
		expect(error.description).toContain(`resource ${impersonated} is inactive`);
		expect(error.description).toContain('does not allow impersonation');
		expect(error.description).toContain('Options > Impersonation to None');
		// The same write as the API user itself goes through.
		await client.impersonating(undefined).update({ entity: 'Companies' }, { id: companyIds[0], phone: '555-0103' });
		expect(sim().store.get('Companies', companyIds[0])?.phone).toBe('555-0103');
	});

	it('creates through a parent path and deletes', async () => {
		const client = await newClient();
		const companyId = companyIds[0];
		const path = { entity: 'Contacts', parent: { entity: 'Companies', id: companyId, segment: 'Contacts' } };
		const contactId = await client.create(path, { firstName: 'Ada', lastName: 'Lovelace', isActive: 1, companyID: companyId });
		expect((await client.getOrFail('Contacts', contactId)).lastName).toBe('Lovelace');
		await client.delete(path, contactId);
		expect(await client.get('Contacts', contactId)).toBeUndefined();
	});
});

describe('metadata', () => {
	it('fetches an entity\'s fields once for 1,000 concurrent callers', async () => {
		const clients = await Promise.all(Array.from({ length: 10 }, async () => await newClient()));
		sim().resetCounters();
		const results = await Promise.all(
			Array.from({ length: 1000 }, async (_, index) => await clients[index % 10].fields('Companies')),
		);
		expect(sim().counters.byKind.fields).toBe(1);
		expect(results[999]).toBe(results[0]);
		expect(results[0].find((field) => field.name === 'companyName')).toMatchObject({ isRequired: true, dataType: 'string' });
	});

	it('types entity information and skips UDFs for entities that have none', async () => {
		const client = await newClient();
		sim().resetCounters();
		const info = await client.entityInfo('ClientPortalUsers');
		expect(info).toMatchObject({ name: 'ClientPortalUsers', hasUserDefinedFields: false });
		expect(typeof info.userAccessForQuery).toBe('string');
		expect(await client.udfs('ClientPortalUsers')).toEqual([]);
		expect(sim().counters.byKind.udf).toBe(0);
		expect(sim().counters.byKind.entityInformation).toBe(1);
	});

	it('gives picklist values and labels of standard fields and UDFs alike, UDF picklists included', async () => {
		// The empty seed has no UDFs; without this one the UDF half of the test would have nothing to check.
		sim().store.defineUdf('Companies', {
			name: 'Service Tier',
			type: 'string',
			picklistValues: picklist([['1', 'Gold'], ['2', 'Silver']], { isSystem: false }),
		});
		const client = await newClient();
		const labels = buildLabelLookup([...(await client.fields('Companies')), ...(await client.udfs('Companies'))]);
		expect(labels.get('companytype')?.get('1')).toBe('Customer');
		expect(labels.get('service tier')).toEqual(new Map([['1', 'Gold'], ['2', 'Silver']]));
		sim().resetCounters();
		await client.fields('Companies');
		await client.udfs('Companies');
		expect(sim().counters.total).toBe(0);
	});
});

describe('get', () => {
	it('returns undefined for a missing id when Autotask answers 200 {"item":null}', async () => {
		const client = await newClient();
		expect(await client.get('Companies', 999_999)).toBeUndefined();
		const error = await caught(client.getOrFail('Companies', 999_999));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Companies 999999 was not found');
	});

	it('returns undefined for a missing id when Autotask answers 404', async () => {
		const other = await startSimulator({ seed: 'empty', getMissingAs: '404' });
		try {
			const user = other.users.default;
			const client = await AutotaskClient.forContext(
				createFakeContext({ ...credentials(), userName: user.userName, secret: user.secret, integrationCode: user.integrationCode, zoneLookupUrl: other.zoneLookupUrl }).ctx,
			);
			expect(await client.get('Companies', 999_999)).toBeUndefined();
			expect(other.requests.at(-1)?.status).toBe(404);
		} finally {
			await other.close();
		}
	});

	it('still fails on a wrong path', async () => {
		const client = await newClient();
		const error = await caught(client.request({ method: 'GET', path: 'NoSuchThings/1', entity: 'NoSuchThings', kind: 'read' }));
		expect(error.httpCode).toBe('404');
	});
});

describe('retries', () => {
	const faults: FaultType[] = ['429', 'threadThreshold', '503', 'drop'];

	it.each(faults)('recovers a query from %s', async (type) => {
		const client = await newClient();
		sim().resetCounters();
		sim().faults.schedule([{ match: { kind: 'query' }, nth: 1, type }]);
		const records = await client.query('Companies', { filter: [], limit: 3 });
		expect(records).toHaveLength(3);
		expect(sim().counters.faultsInjected).toBe(1);
		expect(sim().counters.byKind.query).toBe(2);
	});

	it.each(faults)('recovers an update from %s', async (type) => {
		const client = await newClient();
		const [id] = idsOf('Companies');
		sim().resetCounters();
		sim().faults.schedule([{ match: { kind: 'update' }, nth: 1, type }]);
		await client.update({ entity: 'Companies' }, { id, phone: `555-${type}` });
		expect(sim().counters.byKind.update).toBe(2);
		expect(sim().store.get('Companies', id)?.phone).toBe(`555-${type}`);
	});

	it('waits as long as Retry-After says', async () => {
		const client = await newClient();
		sim().faults.schedule([{ match: { kind: 'count' }, nth: 1, type: '429', retryAfterSeconds: 1 }]);
		const started = Date.now();
		await client.count('Companies', []);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('gives up after the attempt limit and says so', async () => {
		const client = await newClient();
		sim().faults.schedule([{ match: { kind: 'count' }, type: '503' }]);
		const error = await caught(client.count('Companies', []));
		expect(sim().counters.byKind.count).toBe(retryPolicy.maxAttempts);
		expect(error.httpCode).toBe('503');
		expect(error.description).toContain(`Retried ${retryPolicy.maxAttempts - 1} times`);
		expect(error.description).toContain('count on Companies');
	});

	it.each(['500AfterCommit', 'dropAfterCommit'] as const)(
		'never resends a create that hit %s',
		async (type) => {
			const client = await newClient();
			const name = `Create ${type}`;
			sim().resetCounters();
			sim().faults.schedule([{ match: { kind: 'create' }, nth: 1, type }]);
			const error = await caught(client.create({ entity: 'Companies' }, companyBody(name)));
			expect(sim().counters.byKind.create).toBe(1);
			expect(companiesNamed(name)).toHaveLength(1);
			expect(error.description).toMatch(/Not retried: .*may or may not have happened.*to avoid creating a duplicate/);
		},
	);

	it('does not resend a create whose connection dropped, even if Autotask had not processed it', async () => {
		const client = await newClient();
		sim().faults.schedule([{ match: { kind: 'create' }, nth: 1, type: 'drop' }]);
		const error = await caught(client.create({ entity: 'Companies' }, companyBody('Create drop')));
		expect(sim().counters.byKind.create).toBe(1);
		expect(companiesNamed('Create drop')).toHaveLength(0);
		expect(error.message).toMatch(/^Could not reach Autotask at 127\.0\.0\.1:\d+/);
		expect(error.description).toContain('may or may not have happened');
	});

	it.each(['429', 'threadThreshold'] as const)('resends a create rejected up front with %s', async (type) => {
		const client = await newClient();
		const name = `Create ${type}`;
		sim().faults.schedule([{ match: { kind: 'create' }, nth: 1, type }]);
		const id = await client.create({ entity: 'Companies' }, companyBody(name));
		expect(sim().counters.byKind.create).toBe(2);
		expect(companiesNamed(name).map((company) => company.id)).toEqual([id]);
	});

	it('resends a create whose connection was refused before sending', async () => {
		const fake = createFakeContext(credentials());
		const client = await AutotaskClient.forContext(fake.ctx);
		await client.zone();
		sim().resetCounters();
		fake.refuseNextConnections(1);
		const id = await client.create({ entity: 'Companies' }, companyBody('Create refused'));
		expect(sim().counters.byKind.create).toBe(1);
		expect(companiesNamed('Create refused').map((company) => company.id)).toEqual([id]);
	});
});

describe('zone', () => {
	it('looks the zone up once for many calls', async () => {
		sim().addApiUser({ userName: 'zone.once@sandbox.example', secret: 'zone-secret', integrationCode: 'ZONECODE' });
		const overrides = { userName: 'zone.once@sandbox.example', secret: 'zone-secret', integrationCode: 'ZONECODE' };
		const clients = await Promise.all(Array.from({ length: 5 }, async () => await newClient(overrides)));
		await Promise.all(clients.flatMap((client) => [client.count('Companies', []), client.count('Tickets', [])]));
		expect(sim().counters.byKind.zone).toBe(1);
		expect(await clients[0].baseUrl()).toBe(`${sim().zoneUrl('z1')}V1.0/`);
	});

	it('re-resolves the zone after a 401 and the call succeeds', async () => {
		sim().addApiUser({ userName: 'mover@sandbox.example', secret: 'move-secret', integrationCode: 'MOVECODE' });
		const overrides = { userName: 'mover@sandbox.example', secret: 'move-secret', integrationCode: 'MOVECODE' };
		const client = await newClient(overrides);
		await client.count('Companies', []);
		sim().moveUser('mover@sandbox.example', 'z2');
		sim().resetCounters();
		expect(await client.count('Companies', [])).toBeGreaterThan(0);
		expect(sim().counters.byKind.zone).toBe(1);
		expect(sim().requests.map((request) => request.status)).toEqual([401, 200, 200]);
		expect(await client.baseUrl()).toBe(`${sim().zoneUrl('z2')}V1.0/`);
	});

	it('re-resolves once only, then reports the 401', async () => {
		const client = await newClient({ secret: 'wrong-secret' });
		const error = await caught(client.count('Companies', []));
		expect(error.httpCode).toBe('401');
		expect(error.description).toContain('check the Secret');
		expect(sim().counters.byKind.count).toBe(2);
	});

	it('uses a known zone without a lookup, given as REST root or bare host', async () => {
		const byRoot = await newClient({ zone: 'https://webservices5.autotask.net/ATServicesRest/' });
		const byHost = await newClient({ zone: 'webservices15' });
		expect(await byRoot.zone()).toEqual({
			restRoot: 'https://webservices5.autotask.net/ATServicesRest/',
			zoneName: 'America West (webservices5)',
		});
		expect(await byHost.baseUrl()).toBe('https://webservices15.autotask.net/ATServicesRest/V1.0/');
		expect(sim().counters.total).toBe(0);
	});

	it('uses a custom URL given with or without V1.0/ and rejects one that is not http(s)', async () => {
		for (const customBaseUrl of [sim().zoneUrl(), `${sim().zoneUrl()}V1.0/`, sim().zoneUrl().replace(/\/$/, '')]) {
			const client = await newClient({ zone: 'custom', customBaseUrl });
			expect(await client.baseUrl()).toBe(`${sim().zoneUrl()}V1.0/`);
		}
		expect(sim().counters.byKind.zone).toBe(0);
		const client = await AutotaskClient.forContext(
			createFakeContext(credentials({ zone: 'custom', customBaseUrl: 'ftp://example.com/' })).ctx,
		);
		const error = await caught(client.baseUrl());
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Custom Base URL "ftp://example.com/" is not a valid http(s) URL');
	});
});

describe('errors', () => {
	it('maps an Autotask error: message first, status, entity, operation, no retry', async () => {
		const client = await newClient();
		const error = await caught(client.create({ entity: 'Companies' }, { companyName: 'No type', phone: '1' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('500');
		expect(error.message).toMatch(/companyType/);
		expect(error.description).toContain('create on Companies');
		expect(error.description).toContain('Not retried');
		expect(getAutotaskErrorDetails(error)).toMatchObject({ status: 500, entity: 'Companies', operation: 'create' });
	});

	it.each([
		['iisHtml', '503', 'Autotask answered HTTP 503 Service Unavailable', 'The answer was not JSON: "Service Unavailable HTTP Error 503. The service is unavailable."'],
		['text', '503', 'Autotask answered HTTP 503 Service Unavailable', 'The answer was not JSON: "The service is unavailable."'],
		['empty', '503', 'Autotask answered HTTP 503 Service Unavailable', 'The answer had no body.'],
		['text', '500', 'Autotask answered HTTP 500 Internal Server Error', 'The answer was not JSON: "Internal Server Error"'],
	] as const)('turns a non-JSON answer (%s, HTTP %s) into a one-line message, the text in the description', async (body, type, message, detail) => {
		const client = await newClient();
		sim().faults.schedule([{ match: { kind: 'count' }, type, body }]);
		const error = await caught(client.count('Companies', []));
		expect(error.message).toBe(message);
		expect(error.httpCode).toBe(type);
		expect(error.description).toContain(detail);
		expect(error.description).not.toMatch(/<[a-z!/]/i);
		expect(error.description).toContain('count on Companies');
		expect(getAutotaskErrorDetails(error)?.attempts).toBe(type === '503' ? retryPolicy.maxAttempts : 1);
	});

	it('keeps the secret, the integration code and passwords out of errors', async () => {
		const client = await newClient({ integrationCode: 'WRONG-INTEGRATION-CODE-XYZ' });
		const password = 'Sup3rSecretPassw0rd';
		const error = await caught(
			client.create({ entity: 'ClientPortalUsers' }, { contactID: 1, userName: 'x@example.com', password }),
		);
		expect(error.message).toMatch(/integration code/i);
		const everything = JSON.stringify(error) + JSON.stringify(Object.getOwnPropertyNames(error).map((key) => String((error as unknown as Record<string, unknown>)[key])));
		for (const secret of [sim().users.default.secret, 'WRONG-INTEGRATION-CODE-XYZ', password]) {
			expect(everything).not.toContain(secret);
		}
		expect((error as { cause?: unknown }).cause).toBeUndefined();
	});
});
