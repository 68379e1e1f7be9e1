import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import type { WireRecord } from './simulator';
import {
	addContact,
	byEmail,
	byId,
	companyNamed,
	contactsWithoutPortalUser,
	jsonOf,
	outputOf,
	portalUserOfContact,
	portalUsers,
	requestsOf,
	runPortal,
	serialisedRun,
} from './clientPortalUserKit';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

/** A seeded contact without portal user at Initech (a company without Taskfire). */
function freeContact(index = 0): WireRecord {
	const initech = companyNamed(sim(), 'Initech Demo Inc').id;
	return contactsWithoutPortalUser(sim()).filter((contact) => contact.companyID === initech)[index];
}

const create = (extra: Record<string, unknown>) => ({ operation: 'create', securityLevel: 1, ...extra });

describe('Create', () => {
	it.each(['list', 'id'])('creates a portal user for a contact chosen %s, with the defaults', async (mode) => {
		const contact = freeContact();
		sim().resetCounters();
		const result = await runPortal(sim(), create({ contact: { __rl: true, mode, value: String(contact.id) } }));

		const [user] = jsonOf(result);
		expect(user).toMatchObject({
			contactID: contact.id,
			userName: contact.emailAddress,
			securityLevel: 1,
			securityLevel_label: 'End User',
			isClientPortalActive: true,
			status: 'ACTIVE',
			dateFormat: 1,
			timeFormat: 1,
			numberFormat: 1,
		});
		expect(user).not.toHaveProperty('password');
		expect(outputOf(result)[0].pairedItem).toEqual({ item: 0 });
		expect(portalUserOfContact(sim(), contact.id as number)).toBeDefined();

		// The generated password follows Autotask's rules and is sent once, never output.
		const [post] = requestsOf(sim(), 'create', 'ClientPortalUsers');
		const password = (post.body as { password: string }).password;
		expect(password).toMatch(/^[!-~]{20}$/);
		expect(password).not.toContain("'");
		expect(serialisedRun(result)).not.toContain(password);

		// Contacts lookup, uniqueness check and read-back: one query each; one metadata fetch.
		expect(requestsOf(sim(), 'create')).toHaveLength(1);
		expect(sim().counters.byKind.query).toBe(3);
		expect(sim().counters.byKind.fields).toBe(1);
		expect(sim().counters.byKind.get).toBe(0);
	});

	it('creates by contact e-mail with a typed password, own username, formats and access off', async () => {
		const contact = freeContact();
		const result = await runPortal(
			sim(),
			create({
				contact: byEmail(String(contact.emailAddress).toUpperCase()),
				// A label works as well as the value.
				securityLevel: '={{ "Client Authorization Contact" }}',
				passwordMode: 'enter',
				password: 'Typed#Pass1',
				additionalFields: { userName: 'custom.login', dateFormat: 3, timeFormat: 2, numberFormat: 2, grantAccess: false },
				options: { picklistLabels: 'replace' },
			}),
		);
		const [user] = jsonOf(result);
		expect(user).toMatchObject({
			contactID: contact.id,
			userName: 'custom.login',
			securityLevel: 'Client Authorization Contact',
			dateFormat: 'yyyy-MM-dd',
			timeFormat: 'HH:mm',
			numberFormat: 'X.XXX,XX',
			isClientPortalActive: false,
			status: 'TERMINATED',
		});
		expect((requestsOf(sim(), 'create')[0].body as { password: string }).password).toBe('Typed#Pass1');
		expect(serialisedRun(result)).not.toContain('Typed#Pass1');
	});

	it('outputs values only when picklist labels are off', async () => {
		const result = await runPortal(sim(), create({ contact: byId(freeContact().id as number), options: { picklistLabels: 'none' } }));
		const [user] = jsonOf(result);
		expect(user.securityLevel).toBe(1);
		expect(Object.keys(user).some((key) => key.endsWith('_label'))).toBe(false);
	});

	it('allows a Taskfire level for a contact of a company with Taskfire', async () => {
		const contact = addContact(sim(), companyNamed(sim(), 'Acme Managed Client').id as number);
		const [user] = jsonOf(await runPortal(sim(), create({ contact: byId(contact.id as number), securityLevel: 4 })));
		expect(user).toMatchObject({ securityLevel: 4, securityLevel_label: 'Resource (Taskfire)', status: 'ACTIVE' });
	});

	describe('refuses before sending anything', () => {
		async function expectRefused(parameters: Record<string, unknown>, message: string | RegExp, secret?: string) {
			const before = portalUsers(sim()).length;
			sim().resetCounters();
			const result = await runPortal(sim(), create(parameters));
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(message);
			expect(requestsOf(sim(), 'create')).toHaveLength(0);
			expect(portalUsers(sim())).toHaveLength(before);
			if (secret) expect(serialisedRun(result)).not.toContain(secret);
			return result;
		}

		it('a username already taken (compared ignoring case)', async () => {
			const taken = portalUsers(sim())[0];
			await expectRefused(
				{ contact: byId(freeContact().id as number), additionalFields: { userName: String(taken.userName).toUpperCase() } },
				`Username "${String(taken.userName).toUpperCase()}" is already taken by client portal user ${taken.id}`,
			);
		});

		it('a default username (the e-mail) already taken', async () => {
			const contact = freeContact();
			sim().store.update('ClientPortalUsers', portalUsers(sim())[1].id as number, { userName: contact.emailAddress });
			await expectRefused({ contact: byId(contact.id as number) }, /is already taken by client portal user/);
		});

		it.each([
			['abcd', 'Password must be 5-50 characters long (it has 4)'],
			['x'.repeat(51), 'Password must be 5-50 characters long (it has 51)'],
			['has space1', 'Password must not contain spaces'],
			['tab\there1', 'Password must not contain spaces'],
			["it'sQuoted1", "Password must not contain single quotes (')"],
			['bell\u0007char', 'Password must contain only printable characters'],
		])('password %j', async (password, message) => {
			const result = await expectRefused(
				{ contact: byId(freeContact().id as number), passwordMode: 'enter', password },
				message,
				password,
			);
			expect(result.error?.description).toContain('5-50 printable characters, no spaces, no single quotes');
		});

		it('a username over 200 characters', async () => {
			await expectRefused(
				{ contact: byId(freeContact().id as number), additionalFields: { userName: `${'u'.repeat(201)}` } },
				'Username must be at most 200 characters (it has 201)',
			);
		});

		it('a Taskfire level for a contact whose company has no Taskfire', async () => {
			const contact = freeContact();
			const result = await expectRefused(
				{ contact: byId(contact.id as number), securityLevel: 5 },
				/^Security level 5 \(Administrator \(Taskfire\)\) is a Taskfire level, but the company of .* does not have Taskfire$/,
			);
			expect(result.error?.description).toContain('enable Taskfire for the company');
		});

		it('a contact that already has a portal user', async () => {
			const existing = portalUsers(sim())[0];
			await expectRefused(
				{ contact: byId(existing.contactID as number) },
				`already has a client portal user (ID ${existing.id}, username "${String(existing.userName)}")`,
			);
		});

		it('a contact ID that does not exist', async () => {
			await expectRefused({ contact: byId(999) }, 'No contact found with ID 999');
		});

		it('a contact e-mail nobody has', async () => {
			await expectRefused({ contact: byEmail('nobody@nowhere.example') }, 'No contact found with e-mail "nobody@nowhere.example"');
		});

		it('a contact without e-mail when no username is given', async () => {
			const contact = addContact(sim(), companyNamed(sim(), 'Globex Sample Ltd').id as number, { emailAddress: null });
			await expectRefused({ contact: byId(contact.id as number) }, /has no e-mail address to use as username/);
		});

		it('a security level that is not in the tenant picklist, or no longer active', async () => {
			await expectRefused({ contact: byId(freeContact().id as number), securityLevel: 99 }, /"99" is not a value of picklist field "securityLevel"/);
			await expectRefused({ contact: byId(freeContact().id as number), securityLevel: 6 }, 'securityLevel 6 (Legacy Portal User) is no longer active in Autotask');
		});

		it('the whole batch when one item is invalid (continue-on-fail off)', async () => {
			const [first, second] = [freeContact(0), freeContact(1)];
			sim().resetCounters();
			const result = await runPortal(
				sim(),
				create({
					contact: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
					passwordMode: 'enter',
					password: '={{ $json.password }}',
				}),
				{ items: [{ contactId: first.id, password: 'Good#Pass1' }, { contactId: second.id, password: 'bad pass' }] },
			);
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe('Password must not contain spaces');
			expect(requestsOf(sim(), 'create')).toHaveLength(0);
		});
	});

	it('with continue-on-fail, creates the good items and reports each bad one', async () => {
		const [first, second, third] = [freeContact(0), freeContact(1), freeContact(2)];
		const taken = String(portalUsers(sim())[0].userName);
		sim().resetCounters();
		const result = await runPortal(
			sim(),
			create({
				contact: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
				passwordMode: 'enter',
				password: '={{ $json.password }}',
				additionalFields: { userName: '={{ $json.userName }}' },
			}),
			{
				continueOnFail: true,
				items: [
					{ contactId: first.id, password: 'Good#Pass1', userName: 'first.user' },
					{ contactId: second.id, password: 'no', userName: 'second.user' },
					{ contactId: third.id, password: 'Good#Pass3', userName: taken },
					{ contactId: 999, password: 'Good#Pass4', userName: 'fourth.user' },
					{ contactId: third.id, password: 'Good#Pass5', userName: 'first.user' },
				],
			},
		);
		const output = outputOf(result);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output[0].json).toMatchObject({ userName: 'first.user', status: 'ACTIVE' });
		expect(output[1].json.error).toBe('Password must be 5-50 characters long (it has 2)');
		expect(output[2].json.error).toMatch(`Username "${taken}" is already taken`);
		expect(output[3].json.error).toBe('No contact found with ID 999');
		expect(output[4].json.error).toBe('Username "first.user" is also used by item 0');
		expect(requestsOf(sim(), 'create')).toHaveLength(1);
		// The passwords came from the input items; the node's own output never repeats them.
		expect(JSON.stringify(output)).not.toMatch(/Good#Pass|"no"/);
	});

	it("maps Autotask's own duplicate-username refusal to the same message", async () => {
		// Two runs check at the same time, so both checks pass; Autotask refuses the second create.
		sim().latency(60);
		const [first, second] = [freeContact(0), freeContact(1)];
		const results = await Promise.all(
			[first, second].map((contact) =>
				runPortal(sim(), create({ contact: byId(contact.id as number), additionalFields: { userName: 'same.name' } })),
			),
		);
		const failed = results.filter((result) => result.status === 'error');
		expect(failed).toHaveLength(1);
		expect(failed[0].error?.message).toBe('Username "same.name" is already taken by another client portal user');
		expect(requestsOf(sim(), 'create')).toHaveLength(2);
	});

	it('never puts the password into an API error, even with continue-on-fail', async () => {
		sim().faults.schedule([{ match: { kind: 'create' }, type: '500' }]);
		const result = await runPortal(
			sim(),
			create({ contact: byId(freeContact().id as number), passwordMode: 'enter', password: 'Secret#Pass9' }),
			{ continueOnFail: true },
		);
		const [item] = outputOf(result);
		expect(item.json.error).toBeDefined();
		expect(serialisedRun(result)).not.toContain('Secret#Pass9');
	});
});
