import { buildNode, callMethod, shutdownHarness } from './harness';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';
import { RESOURCE, jsonOf, requestsOf, runResource, staff } from './resourceKit';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

const ids = (records: Array<{ id?: unknown }>) => records.map((record) => record.id).sort();
const resources = () => sim().store.all('Resources');

describe('Get', () => {
	it('gets a resource by ID, e-mail and username, with picklist labels', async () => {
		const taylor = staff(sim(), 'taylor.tester');
		for (const parameters of [
			{ findBy: 'id', resourceId: String(taylor.id) },
			{ findBy: 'email', email: String(taylor.email).toUpperCase() },
			{ findBy: 'userName', userName: 'Taylor.Tester' },
		]) {
			const [output] = jsonOf(await runResource(sim(), { operation: 'get', ...parameters }));
			expect(output).toMatchObject({
				id: taylor.id,
				firstName: 'Taylor',
				licenseType: 3,
				licenseType_label: 'Professional',
				resourceType_label: 'Employee',
				locationID_label: 'Head Office',
			});
			expect(String(output.hireDate)).toMatch(/Z$/);
		}
	});

	it('replaces values by labels when asked', async () => {
		const taylor = staff(sim(), 'taylor.tester');
		const [output] = jsonOf(
			await runResource(sim(), { operation: 'get', findBy: 'id', resourceId: String(taylor.id), options: { picklistLabels: 'replace' } }),
		);
		expect(output).toMatchObject({ licenseType: 'Professional', payrollType: 'Salary' });
		expect(output).not.toHaveProperty('licenseType_label');
	});

	it('reports unknown and ambiguous resources; with continue-on-fail goes on', async () => {
		const missing = await runResource(sim(), { operation: 'get', findBy: 'id', resourceId: '31337' });
		expect(missing.error?.message).toBe('No resource found with ID 31337');

		const casey = staff(sim(), 'casey.demo');
		sim().store.update('Resources', staff(sim(), 'jordan.example').id as number, { email: casey.email });
		const result = await runResource(
			sim(),
			{ operation: 'get', findBy: 'email', email: '={{ $json.email }}' },
			{ continueOnFail: true, items: [{ email: casey.email }, { email: 'sam.sample@sandbox-msp.example' }, { email: 'ghost@x.example' }] },
		);
		const output = jsonOf(result);
		expect(output[0].error).toMatch(new RegExp(`^2 resources match e-mail "${String(casey.email)}" \\(IDs \\d+, \\d+\\)$`));
		expect(output[1]).toMatchObject({ userName: 'sam.sample' });
		expect(output[2].error).toBe('No resource found with e-mail "ghost@x.example"');
		expect(result.output('Resource').map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
	});
});

describe('Get Many', () => {
	const getMany = (filters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
		operation: 'getMany',
		returnAll: true,
		filters,
		...extra,
	});

	it('returns every resource without filters', async () => {
		expect(ids(jsonOf(await runResource(sim(), getMany())))).toEqual(ids(resources()));
	});

	it.each([
		['active', true],
		['inactive', false],
	] as const)('filters %s', async (active, isActive) => {
		const output = jsonOf(await runResource(sim(), getMany({ active })));
		expect(ids(output)).toEqual(ids(resources().filter((resource) => resource.isActive === isActive)));
		expect(output.length).toBeGreaterThan(0);
	});

	it('filters by license types, resource type and location (picklist values)', async () => {
		const apiUsers = jsonOf(await runResource(sim(), getMany({ licenseTypes: [7] })));
		expect(ids(apiUsers)).toEqual(ids(resources().filter((resource) => resource.licenseType === 7)));
		expect(apiUsers.every((resource) => resource.licenseType_label === 'API User')).toBe(true);

		sim().store.update('Resources', staff(sim(), 'casey.demo').id as number, { resourceType: 'Contractor' });
		const contractors = jsonOf(await runResource(sim(), getMany({ resourceTypes: ['Contractor'] })));
		expect(contractors.map((resource) => resource.userName)).toEqual(['casey.demo']);

		sim().store.update('Resources', staff(sim(), 'riley.placeholder').id as number, { locationID: 2 });
		const remote = jsonOf(await runResource(sim(), getMany({ locations: [2] })));
		expect(remote.map((resource) => resource.userName)).toEqual(['riley.placeholder']);
	});

	it('filters by name (each word in first or last name) and by any of the three e-mails', async () => {
		const byName = jsonOf(await runResource(sim(), getMany({ nameContains: 'tay test' })));
		expect(byName.map((resource) => resource.userName)).toEqual(['taylor.tester']);

		sim().store.update('Resources', staff(sim(), 'casey.demo').id as number, { email2: 'casey.private@home.example' });
		const byEmail = jsonOf(await runResource(sim(), getMany({ email: 'CASEY.PRIVATE@home.example' })));
		expect(byEmail.map((resource) => resource.userName)).toEqual(['casey.demo']);
	});

	it('respects Limit', async () => {
		const output = jsonOf(await runResource(sim(), getMany({}, { returnAll: false, limit: 2 })));
		expect(output).toHaveLength(2);
		expect((requestsOf(sim(), 'query').at(-1)!.body as { MaxRecords: number }).MaxRecords).toBe(2);
	});
});

/** A new API user (and its resource), so that no earlier run has its resource cached. */
function addApiUser(userName: string) {
	sim().addApiUser({ userName, secret: `${userName}-secret`, integrationCode: `CODE-${userName}` });
	return sim().users.get(userName)!;
}

describe('Who Am I', () => {
	const localPart = (userName: string) => userName.slice(0, userName.indexOf('@'));

	it("returns the API user's resource, whose username is the API username's part before @ (as on real tenants)", async () => {
		const { userName, resourceId } = sim().users.default;
		expect(sim().store.get('Resources', resourceId)?.userName).toBe(localPart(userName));
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }));
		expect(me).toMatchObject({ id: resourceId, userName: localPart(userName) });
		expect(me).not.toHaveProperty('impersonatedResource');
	});

	it('prefers the username over the e-mail, and finds each API user its own resource', async () => {
		const user = addApiUser('prefers.name@tenant.example');
		// Another resource carries the API username as its e-mail: it must not be picked.
		sim().store.update('Resources', staff(sim(), 'casey.demo').id as number, { email: user.userName });
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }, { user }));
		expect(me).toMatchObject({ id: user.resourceId, userName: 'prefers.name' });
		const limited = sim().users.get('sim.limited@sandbox.example')!;
		const [other] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }, { user: limited }));
		expect(other).toMatchObject({ id: limited.resourceId, userName: 'sim.limited' });
	});

	it('looks the resource up once per credential in the process: a second run reads only the records', async () => {
		const user = addApiUser('cache.probe@tenant.example');
		sim().resetCounters();
		await runResource(sim(), { operation: 'whoAmI' }, { user });
		expect(sim().counters.byKind.query).toBe(2);
		sim().resetCounters();
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }, { user }));
		expect(me.id).toBe(user.resourceId);
		expect(sim().counters.byKind.query).toBe(1);
	});

	it('adds the impersonated resource when the credential sets one', async () => {
		const taylor = staff(sim(), 'taylor.tester');
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }, { impersonationResourceId: taylor.id as number }));
		expect(me.id).toBe(sim().users.default.resourceId);
		expect(me.impersonatedResource).toMatchObject({ id: taylor.id, userName: 'taylor.tester', licenseType_label: 'Professional' });
	});

	it('says so when the impersonated resource does not exist, or is inactive', async () => {
		const missing = await runResource(sim(), { operation: 'whoAmI' }, { impersonationResourceId: 4242 });
		expect(missing.error?.message).toBe('The credential impersonates resource 4242, which does not exist');
		const morgan = staff(sim(), 'morgan.mockup');
		expect(morgan.isActive).toBe(false);
		const inactive = await runResource(sim(), { operation: 'whoAmI' }, { impersonationResourceId: morgan.id as number });
		expect(inactive.error?.message).toBe(`The credential impersonates resource ${morgan.id}, which is inactive`);
	});
});

describe('Who Am I: finding the resource of other API users', () => {
	const addUser = addApiUser;

	it('finds a resource whose username is the whole API username (exact match first)', async () => {
		const user = addUser('exact.match@tenant.example');
		sim().store.update('Resources', user.resourceId, { userName: 'exact.match@tenant.example' });
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }, { user }));
		expect(me.id).toBe(user.resourceId);
	});

	it('finds a resource by e-mail when no username matches', async () => {
		const user = addUser('renamed.user@tenant.example');
		sim().store.update('Resources', user.resourceId, { userName: 'someone.else', email: 'renamed.user@tenant.example' });
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }, { user }));
		expect(me.id).toBe(user.resourceId);
	});

	it('names both resources when two match at the same step', async () => {
		const user = addUser('twin.user@tenant.example');
		sim().store.update('Resources', user.resourceId, { userName: 'twin.changed' });
		const twin = staff(sim(), 'jordan.example');
		sim().store.update('Resources', twin.id as number, { email: 'twin.user@tenant.example' });
		const [first, second] = [twin.id as number, user.resourceId].sort((a, b) => a - b);
		const result = await runResource(sim(), { operation: 'whoAmI' }, { user });
		expect(result.error?.message).toBe(`Resources ${first} and ${second} both match the API user "twin.user@tenant.example" by e-mail`);
	});

	it('says which names it looked for when nothing matches', async () => {
		const user = addUser('lost.user@tenant.example');
		sim().store.update('Resources', user.resourceId, { userName: 'gone', email: 'gone@tenant.example' });
		const result = await runResource(sim(), { operation: 'whoAmI' }, { user });
		expect(result.error?.message).toBe('No Autotask resource belongs to the API user "lost.user@tenant.example"');
		expect(result.error?.description).toContain('"lost.user"');
	});
});

describe('Editor lists', () => {
	const node = () => buildNode(RESOURCE, { operation: 'update' });
	const credentials = () => credentialsFor(sim());

	it('offers only writable fields to Update, with picklists by label', async () => {
		const { fields } = await callMethod('resourceMapping', 'getWritableFields', { node: node(), credentials: credentials() });
		const names = fields.map((field) => field.id);
		expect(names).toEqual(expect.arrayContaining(['email', 'email2', 'title', 'firstName', 'isActive', 'userName', 'greeting']));
		for (const readOnly of ['id', 'hireDate', 'licenseType', 'locationID', 'userType', 'dateFormat', 'timeFormat', 'internalCost']) {
			expect(names).not.toContain(readOnly);
		}
		expect(fields.find((field) => field.id === 'greeting')).toMatchObject({
			type: 'options',
			options: [
				{ name: 'Mr.', value: 1 },
				{ name: 'Mrs.', value: 2 },
				{ name: 'Ms.', value: 3 },
			],
		});
		expect(fields.find((field) => field.id === 'emailTypeCode2')?.displayName).toBe('Email Type Code 2');
		expect(fields.every((field) => field.required === false)).toBe(true);
	});

	it('offers resource types, license types and locations by label', async () => {
		const call = (name: string) => callMethod('loadOptions', name, { node: node(), credentials: credentials() });
		expect(await call('getResourceTypes')).toEqual([
			{ name: 'Contractor', value: 'Contractor' },
			{ name: 'Employee', value: 'Employee' },
		]);
		expect((await call('getLicenseTypes')).find((option) => option.value === 7)?.name).toBe('API User');
		expect(await call('getLocations')).toEqual([
			{ name: 'Head Office', value: 1 },
			{ name: 'Remote', value: 2 },
		]);
	});
});
