import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import type { ApiUser } from './simulator';
import { jsonOf, mapped, requestsOf, runResource, staff } from './resourceKit';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

const stored = (userName: string) => sim().store.get('Resources', staff(sim(), userName).id as number)!;

/** An API user whose security level lacks admin access to Resources/Users (HR). */
function nonAdmin(): ApiUser {
	sim().addApiUser({ userName: 'no.admin@sandbox.example', secret: 'na-secret', integrationCode: 'NOADMINCODE', resourceAdmin: false });
	return sim().users.get('no.admin@sandbox.example')!;
}

const ADMIN_MESSAGE = /^The API user "no\.admin@sandbox\.example" lacks admin rights on Resources, so Autotask does not let it change resources$/;

describe('Update', () => {
	const update = (extra: Record<string, unknown>) => ({ operation: 'update', findBy: 'userName', userName: 'taylor.tester', ...extra });

	it('writes the mapped fields (labels accepted for picklists) and returns the record', async () => {
		sim().resetCounters();
		const result = await runResource(
			sim(),
			update({
				fields: mapped({ title: 'Senior Technician', officePhone: '555-7000', email2: 'taylor@home.example', greeting: 'Ms.', middleName: null }),
			}),
		);
		const [output] = jsonOf(result);
		expect(output).toMatchObject({
			userName: 'taylor.tester',
			title: 'Senior Technician',
			officePhone: '555-7000',
			email2: 'taylor@home.example',
			greeting: 3,
			greeting_label: 'Ms.',
		});
		expect(requestsOf(sim(), 'update')[0].body).toEqual({
			id: staff(sim(), 'taylor.tester').id,
			title: 'Senior Technician',
			officePhone: '555-7000',
			email2: 'taylor@home.example',
			greeting: 3,
		});
		expect(stored('taylor.tester').title).toBe('Senior Technician');
	});

	it("maps the input item's own fields automatically, ignoring the others", async () => {
		const [output] = jsonOf(
			await runResource(
				sim(),
				update({ userName: '={{ $json.userName }}', fields: { mappingMode: 'autoMapInputData', value: {} } }),
				{ items: [{ userName: 'taylor.tester', title: 'Team Lead', mobilePhone: '555-9999', hireDate: '2020-01-01', id: 1, department: 'IT' }] },
			),
		);
		expect(output).toMatchObject({ title: 'Team Lead', mobilePhone: '555-9999' });
		expect(Object.keys(requestsOf(sim(), 'update')[0].body as object).sort()).toEqual(['id', 'mobilePhone', 'title', 'userName']);
	});

	describe('refuses before sending anything', () => {
		async function expectRefused(fields: Record<string, unknown>, message: string | RegExp, user?: ApiUser) {
			sim().resetCounters();
			const result = await runResource(sim(), update({ fields: mapped(fields) }), { user });
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(message);
			expect(requestsOf(sim(), 'update')).toHaveLength(0);
			return result;
		}

		it('an API user without admin rights on Resources, saying what to change in Autotask', async () => {
			const result = await expectRefused({ title: 'x' }, ADMIN_MESSAGE, nonAdmin());
			expect(result.error?.description).toContain('admin access to Resources/Users (HR)');
			expect(result.error?.description).toContain('Security Levels');
		});

		it('read-only fields', async () => {
			const result = await expectRefused({ hireDate: '2020-01-01' }, 'Field "hireDate" is read-only and cannot be updated');
			expect(result.error?.description).toContain('Admin > Resources');
			await expectRefused({ licenseType: 1 }, 'Field "licenseType" is read-only and cannot be updated');
		});

		it('unknown fields', async () => {
			await expectRefused({ shoeSize: 44 }, 'Unknown field "shoeSize" on Resources');
		});

		it('e-mail addresses over 254 characters or malformed', async () => {
			const long = `${'a'.repeat(60)}@${'b'.repeat(190)}.example`;
			expect(long.length).toBe(259);
			await expectRefused({ email: long }, 'Field "email" must be at most 254 characters (it has 259)');
			await expectRefused({ email3: 'not-an-address' }, 'Field "email3" is not a well-formed e-mail address');
			await expectRefused({ email2: 'two@@at.example' }, 'Field "email2" is not a well-formed e-mail address');
		});

		it('text longer than the field, required fields cleared, bad picklist values', async () => {
			await expectRefused({ title: 't'.repeat(51) }, 'Field "title" must be at most 50 characters (it has 51)');
			await expectRefused({ firstName: '' }, 'Field "firstName" is required and cannot be cleared');
			await expectRefused({ greeting: 'Dr.' }, '"Dr." is not a value of picklist field "greeting"');
		});

		it('nothing to update', async () => {
			await expectRefused({}, 'Nothing to update: map at least one writable field');
		});
	});

	it("maps Autotask's own permission refusal to the same message", async () => {
		// The metadata (cached for an hour) still says the user may update when its rights are taken away.
		const user = nonAdmin();
		user.resourceAdmin = true;
		jsonOf(await runResource(sim(), update({ fields: mapped({ title: 'Allowed' }) }), { user }));
		user.resourceAdmin = false;
		const result = await runResource(sim(), update({ fields: mapped({ title: 'Refused' }) }), { user });
		expect(result.error?.message).toMatch(ADMIN_MESSAGE);
		expect(result.error?.description).toContain('admin access to Resources/Users (HR)');
		expect(requestsOf(sim(), 'update')).toHaveLength(2);
		expect(stored('taylor.tester').title).toBe('Allowed');
	});

	it('with continue-on-fail, updates the good items and reports each bad one', async () => {
		sim().resetCounters();
		const result = await runResource(
			sim(),
			update({ userName: '={{ $json.userName }}', fields: mapped({ title: '={{ $json.title }}', email: '={{ $json.email }}' }) }),
			{
				continueOnFail: true,
				items: [
					{ userName: 'taylor.tester', title: 'A', email: 'taylor.tester@sandbox-msp.example' },
					{ userName: 'casey.demo', title: 'B', email: 'broken' },
					{ userName: 'nobody', title: 'C', email: 'c@x.example' },
					{ userName: 'jordan.example', title: 'D', email: 'jordan.example@sandbox-msp.example' },
				],
			},
		);
		const output = jsonOf(result);
		expect(output[0]).toMatchObject({ userName: 'taylor.tester', title: 'A' });
		expect(output[1].error).toBe('Field "email" is not a well-formed e-mail address');
		expect(output[2].error).toBe('No resource found with username "nobody"');
		expect(output[3]).toMatchObject({ userName: 'jordan.example', title: 'D' });
		expect(result.output('Resource').map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(sim().counters.byKind).toMatchObject({ update: 2, get: 0 });
	});
});

describe('Activate and Deactivate', () => {
	const run = (operation: string, userName: string, extra: Record<string, unknown> = {}, user?: ApiUser) =>
		runResource(sim(), { operation, findBy: 'userName', userName, ...extra }, { user });

	it('activates an inactive resource and deactivates an active one', async () => {
		const [activated] = jsonOf(await run('activate', 'morgan.mockup'));
		expect(activated).toMatchObject({ userName: 'morgan.mockup', isActive: true });
		expect(stored('morgan.mockup').isActive).toBe(true);
		const [deactivated] = jsonOf(await run('deactivate', 'taylor.tester'));
		expect(deactivated).toMatchObject({ userName: 'taylor.tester', isActive: false });
		expect(requestsOf(sim(), 'update').map((request) => request.body)).toEqual([
			{ id: staff(sim(), 'morgan.mockup').id, isActive: true },
			{ id: staff(sim(), 'taylor.tester').id, isActive: false },
		]);
	});

	it('updates and deactivates on behalf of another resource when Options > Impersonation says so', async () => {
		const casey = staff(sim(), 'casey.demo').id as number;
		const before = requestsOf(sim(), 'update').length;
		const options = { impersonation: 'resource', impersonationResourceId: casey };
		jsonOf(await run('update', 'jordan.example', { fields: { mappingMode: 'defineBelow', value: { title: 'Night Dispatcher' } }, options }));
		jsonOf(await run('deactivate', 'jordan.example', { options }));
		expect(requestsOf(sim(), 'update').slice(before).map((request) => request.headers.impersonationresourceid)).toEqual([String(casey), String(casey)]);
	});

	it('refuses a resource already in that state, naming it', async () => {
		const active = await run('activate', 'taylor.tester');
		expect(active.error?.message).toBe(
			`Unable to activate resource "taylor.tester" (Taylor Tester, ID ${staff(sim(), 'taylor.tester').id}): it is already active`,
		);
		const inactive = await run('deactivate', 'morgan.mockup');
		expect(inactive.error?.message).toMatch(/^Unable to deactivate resource "morgan\.mockup" .*: it is already inactive$/);
		expect(requestsOf(sim(), 'update')).toHaveLength(0);
	});

	it('with "Ignore If Already In That State", returns the resource unchanged without writing', async () => {
		const [output] = jsonOf(await run('deactivate', 'morgan.mockup', { options: { ignoreIfAlready: true } }));
		expect(output).toMatchObject({ userName: 'morgan.mockup', isActive: false });
		expect(requestsOf(sim(), 'update')).toHaveLength(0);
	});

	it('refuses an API user without admin rights on Resources', async () => {
		const result = await run('deactivate', 'taylor.tester', {}, nonAdmin());
		expect(result.error?.message).toMatch(ADMIN_MESSAGE);
		expect(stored('taylor.tester').isActive).toBe(true);
	});

	it('reports an unknown resource', async () => {
		const result = await runResource(sim(), { operation: 'activate', findBy: 'id', resourceId: '12' });
		expect(result.error?.message).toBe('No resource found with ID 12');
	});
});
