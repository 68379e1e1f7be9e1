import { buildNode, callMethod, shutdownHarness } from './harness';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';
import {
	PORTAL_USER,
	byEmail,
	byId,
	companyNamed,
	jsonOf,
	outputOf,
	portalUsers,
	requestsOf,
	runPortal,
} from './clientPortalUserKit';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

const ids = (records: Array<{ id?: unknown }>) => records.map((record) => record.id).sort();
const contactsOf = (companyName: string) => {
	const companyId = companyNamed(sim(), companyName).id;
	return new Set(sim().store.all('Contacts').filter((contact) => contact.companyID === companyId).map((contact) => contact.id));
};

describe('Get', () => {
	it('gets a user by portal user ID, by contact e-mail and by username, with status and labels', async () => {
		const user = portalUsers(sim()).find((candidate) => candidate.isClientPortalActive === false)!;
		const contact = sim().store.get('Contacts', user.contactID as number)!;
		for (const parameters of [
			{ findBy: 'id', portalUserId: String(user.id) },
			{ findBy: 'contact', contact: byEmail(String(contact.emailAddress)) },
			{ findBy: 'contact', contact: byId(contact.id as number) },
			{ findBy: 'userName', userName: String(user.userName).toUpperCase() },
		]) {
			const [output] = jsonOf(await runPortal(sim(), { operation: 'get', ...parameters }));
			expect(output).toMatchObject({ id: user.id, contactID: contact.id, status: 'TERMINATED', isClientPortalActive: false });
			expect(output.securityLevel_label).toEqual(expect.any(String));
			expect(output).not.toHaveProperty('password');
		}
	});

	it('looks many items up together: one query, no GET per item', async () => {
		const users = portalUsers(sim()).slice(0, 6);
		sim().resetCounters();
		const output = outputOf(
			await runPortal(
				sim(),
				{ operation: 'get', findBy: 'id', portalUserId: '={{ $json.id }}', options: { picklistLabels: 'none' } },
				{ items: users.map((user) => ({ id: user.id })) },
			),
		);
		expect(output.map((item) => item.json.id)).toEqual(users.map((user) => user.id));
		expect(output.map((item) => item.pairedItem)).toEqual(users.map((_, item) => ({ item })));
		expect(sim().counters.byKind).toMatchObject({ query: 1, get: 0, fields: 0 });
	});

	it('fails on an unknown user; with continue-on-fail reports it and goes on', async () => {
		const result = await runPortal(sim(), { operation: 'get', findBy: 'id', portalUserId: '123' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('No client portal user found with ID 123');

		const known = portalUsers(sim())[0];
		const mixed = outputOf(
			await runPortal(
				sim(),
				{ operation: 'get', findBy: 'userName', userName: '={{ $json.userName }}' },
				{ continueOnFail: true, items: [{ userName: 'nobody@x.example' }, { userName: known.userName }, { userName: '' }] },
			),
		);
		expect(mixed[0].json.error).toBe('No client portal user found with username "nobody@x.example"');
		expect(mixed[1].json.id).toBe(known.id);
		expect(mixed[2].json.error).toBe('Username is required');
		expect(mixed.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
	});
});

describe('Get Many', () => {
	const getMany = (extra: Record<string, unknown> = {}) => ({ operation: 'getMany', returnAll: true, ...extra });

	it('returns all users by default, with status', async () => {
		const output = jsonOf(await runPortal(sim(), getMany()));
		expect(ids(output)).toEqual(ids(portalUsers(sim())));
		for (const user of output) expect(user.status).toBe(user.isClientPortalActive ? 'ACTIVE' : 'TERMINATED');
	});

	it.each([
		['active', true],
		['terminated', false],
	] as const)('filters by status %s', async (status, isActive) => {
		const output = jsonOf(await runPortal(sim(), getMany({ status })));
		expect(ids(output)).toEqual(ids(portalUsers(sim()).filter((user) => user.isClientPortalActive === isActive)));
	});

	it('filters by company (through its contacts) and status together', async () => {
		const globex = contactsOf('Globex Sample Ltd');
		const output = jsonOf(
			await runPortal(
				sim(),
				getMany({ status: 'active', filters: { company: { __rl: true, mode: 'list', value: String(companyNamed(sim(), 'Globex Sample Ltd').id) } } }),
			),
		);
		const expected = portalUsers(sim()).filter((user) => globex.has(user.contactID) && user.isClientPortalActive === true);
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(output)).toEqual(ids(expected));
	});

	it('returns nothing for a company without contacts', async () => {
		const empty = sim().store.insert('Companies', { companyName: 'Empty Co', companyType: 1, phone: '1', ownerResourceID: sim().users.default.resourceId });
		const result = await runPortal(sim(), getMany({ filters: { company: { __rl: true, mode: 'id', value: String(empty.id) } } }));
		expect(outputOf(result)).toHaveLength(0);
	});

	it('filters by contact, by e-mail', async () => {
		const user = portalUsers(sim())[3];
		const contact = sim().store.get('Contacts', user.contactID as number)!;
		const output = jsonOf(await runPortal(sim(), getMany({ filters: { contact: byEmail(String(contact.emailAddress)) } })));
		expect(ids(output)).toEqual([user.id]);
	});

	it('filters by username, exact or contains', async () => {
		const user = portalUsers(sim())[2];
		const exact = jsonOf(await runPortal(sim(), getMany({ filters: { userName: String(user.userName).toUpperCase() } })));
		expect(ids(exact)).toEqual([user.id]);
		const contains = jsonOf(await runPortal(sim(), getMany({ filters: { userName: '@client1.', userNameMatch: 'contains' } })));
		expect(ids(contains)).toEqual(ids(portalUsers(sim()).filter((candidate) => String(candidate.userName).includes('@client1.'))));
		expect(contains.length).toBeGreaterThan(1);
	});

	it('filters by security levels (the Taskfire ones here)', async () => {
		const output = jsonOf(await runPortal(sim(), getMany({ filters: { securityLevels: [4, 5] } })));
		expect(ids(output)).toEqual(ids(portalUsers(sim()).filter((user) => [4, 5].includes(user.securityLevel as number))));
		expect(output.map((user) => user.securityLevel_label).sort()).toContain('Administrator (Taskfire)');
	});

	it('finds users of a security level Autotask no longer offers (by value and by name)', async () => {
		const legacy = portalUsers(sim())[0];
		sim().store.update('ClientPortalUsers', legacy.id as number, { securityLevel: 6 });
		for (const level of [6, 'Legacy Portal User']) {
			const output = jsonOf(await runPortal(sim(), getMany({ filters: { securityLevels: [level] } })));
			expect(ids(output)).toEqual([legacy.id]);
			expect(output[0].securityLevel_label).toBe('Legacy Portal User');
		}
	});

	it('respects Limit', async () => {
		const output = jsonOf(await runPortal(sim(), getMany({ returnAll: false, limit: 3 })));
		expect(output).toHaveLength(3);
	});

	describe('across more than 500 users', () => {
		beforeEach(() => {
			sim().seedLarge('ClientPortalUsers', 1190); // 1,200 users with the 10 seeded
			sim().resetCounters();
		});

		it('reads all 1,200 with exactly ceil(1200/500) = 3 query requests and one metadata fetch', async () => {
			const output = outputOf(await runPortal(sim(), getMany()));
			expect(output).toHaveLength(1200);
			expect(new Set(output.map((item) => item.json.id)).size).toBe(1200);
			expect(sim().counters.byKind.query + sim().counters.byKind.queryNext).toBe(3);
			expect(sim().counters.byKind.fields).toBe(1);
			expect(sim().counters.byKind.get).toBe(0);
			expect(sim().counters.total - sim().counters.byKind.zone).toBe(4);
		});

		it('a Limit of 700 costs two requests with the same body (the paging token is for it), trimmed locally', async () => {
			const output = outputOf(await runPortal(sim(), getMany({ returnAll: false, limit: 700, options: { picklistLabels: 'none' } })));
			expect(output).toHaveLength(700);
			const pages = sim().requests.filter((request) => request.kind === 'query' || request.kind === 'queryNext');
			expect(pages).toHaveLength(2);
			expect(pages[1].body).toEqual(pages[0].body);
			expect((pages[1].body as { MaxRecords: number }).MaxRecords).toBe(500);
			expect(sim().counters.byKind.fields).toBe(0);
		});
	});
});

describe('Editor lists', () => {
	const node = () => buildNode(PORTAL_USER, { operation: 'create' });
	const credentials = () => credentialsFor(sim());

	it('offers the tenant security levels by label with integer values; Taskfire ones say so', async () => {
		const options = await callMethod('loadOptions', 'getSecurityLevels', { node: node(), credentials: credentials() });
		expect(options.map((option) => [option.name, option.value])).toEqual([
			['End User', 1],
			['Client Authorization Contact', 2],
			['Client Administrator', 3],
			['Resource (Taskfire)', 4],
			['Administrator (Taskfire)', 5],
		]);
		expect(options[3].description).toMatch(/Taskfire/);
		const dateFormats = await callMethod('loadOptions', 'getDateFormats', { node: node(), credentials: credentials() });
		expect(dateFormats[0]).toEqual({ name: 'MM/dd/yyyy', value: 1 });
		expect(await callMethod('loadOptions', 'getTimeFormats', { node: node(), credentials: credentials() })).toHaveLength(2);
		expect(await callMethod('loadOptions', 'getNumberFormats', { node: node(), credentials: credentials() })).toHaveLength(2);
	});

	it('searches contacts on the server and pages through them', async () => {
		const found = await callMethod('listSearch', 'searchContacts', { node: node(), credentials: credentials(), filter: 'avery sample' });
		expect(found.results.length).toBeGreaterThan(0);
		for (const result of found.results) expect(result.name.toLowerCase()).toMatch(/avery.*sample/);
		const search = requestsOf(sim(), 'query', 'Contacts').at(-1)!;
		expect(JSON.stringify(search.body)).toContain('"contains"');

		const acme = companyNamed(sim(), 'Acme Managed Client').id as number;
		for (let index = 0; index < 60; index++) {
			sim().store.insert('Contacts', { companyID: acme, firstName: 'Paged', lastName: `Person${index}`, isActive: 1 });
		}
		const first = await callMethod('listSearch', 'searchContacts', { node: node(), credentials: credentials(), filter: 'paged' });
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBeDefined();
		const second = await callMethod('listSearch', 'searchContacts', {
			node: node(),
			credentials: credentials(),
			filter: 'paged',
			paginationToken: first.paginationToken as string,
		});
		expect(second.results).toHaveLength(10);
		expect(second.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results].map((result) => result.value);
		expect(new Set(all).size).toBe(60);
	});

	it('searches companies by name', async () => {
		const found = await callMethod('listSearch', 'searchCompanies', { node: node(), credentials: credentials(), filter: 'globex' });
		expect(found.results.map((result) => result.name)).toEqual(['Globex Sample Ltd']);
	});
});

