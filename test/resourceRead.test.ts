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

describe('Who Am I', () => {
	it("returns the resource whose username is the credential's API username", async () => {
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }));
		expect(me).toMatchObject({ id: sim().users.default.resourceId, userName: sim().users.default.userName });
		expect(me).not.toHaveProperty('impersonatedResource');
	});

	it('finds the API user exactly by username, not by e-mail', async () => {
		// Another resource carries the API username as its e-mail: it must not be picked.
		sim().store.update('Resources', staff(sim(), 'casey.demo').id as number, { email: sim().users.default.userName });
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }));
		expect(me.id).toBe(sim().users.default.resourceId);
		const limited = sim().users.get('sim.limited@sandbox.example')!;
		const [other] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }, { user: limited }));
		expect(other).toMatchObject({ id: limited.resourceId, userName: limited.userName });
	});

	it('adds the impersonated resource when the credential sets one', async () => {
		const taylor = staff(sim(), 'taylor.tester');
		sim().resetCounters();
		const [me] = jsonOf(await runResource(sim(), { operation: 'whoAmI' }, { impersonationResourceId: taylor.id as number }));
		expect(me.id).toBe(sim().users.default.resourceId);
		expect(me.impersonatedResource).toMatchObject({ id: taylor.id, userName: 'taylor.tester', licenseType_label: 'Professional' });
		expect(sim().counters.byKind.query).toBe(1);
	});

	it('says so when the impersonated resource does not exist', async () => {
		const result = await runResource(sim(), { operation: 'whoAmI' }, { impersonationResourceId: 4242 });
		expect(result.error?.message).toBe('The credential impersonates resource 4242, which does not exist');
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
