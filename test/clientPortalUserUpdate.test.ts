import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import type { WireRecord } from './simulator';
import { byEmail, companyNamed, jsonOf, outputOf, portalUsers, requestsOf, runPortal, serialisedRun } from './clientPortalUserKit';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

/** A seeded portal user whose contact belongs to the company named. */
function userAt(companyName: string, index = 0): WireRecord {
	const companyId = companyNamed(sim(), companyName).id;
	const contacts = new Set(sim().store.all('Contacts').filter((contact) => contact.companyID === companyId).map((contact) => contact.id));
	return portalUsers(sim()).filter((user) => contacts.has(user.contactID))[index];
}

const update = (extra: Record<string, unknown>) => ({ operation: 'update', findBy: 'id', ...extra });

describe('Update', () => {
	it('changes username, password, security level and formats, found by portal user ID', async () => {
		const user = userAt('Globex Sample Ltd');
		sim().resetCounters();
		const result = await runPortal(
			sim(),
			update({
				portalUserId: String(user.id),
				updateFields: {
					userName: 'renamed.user',
					password: 'New#Pass12',
					securityLevel: 2,
					dateFormat: 4,
					timeFormat: 2,
					numberFormat: 2,
				},
			}),
		);
		const [output] = jsonOf(result);
		expect(output).toMatchObject({
			id: user.id,
			contactID: user.contactID,
			userName: 'renamed.user',
			securityLevel: 2,
			securityLevel_label: 'Client Authorization Contact',
			dateFormat: 4,
			dateFormat_label: 'dd.MM.yyyy',
			timeFormat: 2,
			numberFormat: 2,
			status: user.isClientPortalActive ? 'ACTIVE' : 'TERMINATED',
		});
		expect(output).not.toHaveProperty('password');
		const [patch] = requestsOf(sim(), 'update', 'ClientPortalUsers');
		expect(patch.method).toBe('PATCH');
		expect(patch.body).toEqual({
			id: user.id,
			userName: 'renamed.user',
			password: 'New#Pass12',
			securityLevel: 2,
			dateFormat: 4,
			timeFormat: 2,
			numberFormat: 2,
		});
		expect(serialisedRun(result)).not.toContain('New#Pass12');
		expect(sim().store.get('ClientPortalUsers', user.id as number)).toMatchObject({ userName: 'renamed.user', securityLevel: 2 });
	});

	it('finds the user by contact (e-mail) and by username', async () => {
		const user = userAt('Globex Sample Ltd', 1);
		const contact = sim().store.get('Contacts', user.contactID as number)!;
		const byContact = await runPortal(sim(), update({ findBy: 'contact', contact: byEmail(String(contact.emailAddress)), updateFields: { dateFormat: 2 } }));
		expect(jsonOf(byContact)[0]).toMatchObject({ id: user.id, dateFormat: 2 });
		const byName = await runPortal(sim(), update({ findBy: 'userName', userName: String(user.userName).toUpperCase(), updateFields: { dateFormat: 3 } }));
		expect(jsonOf(byName)[0]).toMatchObject({ id: user.id, dateFormat: 3 });
	});

	it('allows a Taskfire level when the contact\'s company has Taskfire', async () => {
		const user = userAt('Acme Managed Client', 2);
		const [output] = jsonOf(await runPortal(sim(), update({ portalUserId: String(user.id), updateFields: { securityLevel: 5 } })));
		expect(output.securityLevel).toBe(5);
	});

	it('keeps its own username (no conflict with itself)', async () => {
		const user = userAt('Globex Sample Ltd');
		const [output] = jsonOf(
			await runPortal(sim(), update({ portalUserId: String(user.id), updateFields: { userName: String(user.userName).toUpperCase() } })),
		);
		expect(String(output.userName).toLowerCase()).toBe(String(user.userName).toLowerCase());
	});

	describe('refuses before sending anything', () => {
		async function expectRefused(parameters: Record<string, unknown>, message: string | RegExp, items?: Array<Record<string, unknown>>) {
			sim().resetCounters();
			const result = await runPortal(sim(), update(parameters), { items });
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(message);
			expect(requestsOf(sim(), 'update')).toHaveLength(0);
			return result;
		}

		it('a contactID change arriving through an expression', async () => {
			const user = userAt('Globex Sample Ltd');
			await expectRefused(
				{ portalUserId: String(user.id), updateFields: { fieldsJson: '={{ $json.changes }}' } },
				/^contactID cannot be modified once created$/,
				[{ changes: { ContactID: 12345, securityLevel: 2 } }],
			);
		});

		it('portal access changes (that is Grant/Revoke Access) and unknown fields', async () => {
			const user = userAt('Globex Sample Ltd');
			const result = await expectRefused(
				{ portalUserId: String(user.id), updateFields: { fieldsJson: '={{ $json.changes }}' } },
				'Field "isClientPortalActive" cannot be updated on a client portal user',
				[{ changes: { isClientPortalActive: false } }],
			);
			expect(result.error?.description).toContain('Grant Access or Revoke Access');
			await expectRefused(
				{ portalUserId: String(user.id), updateFields: { fieldsJson: '={{ $json.changes }}' } },
				'Field "nickname" cannot be updated on a client portal user',
				[{ changes: { nickname: 'x' } }],
			);
		});

		it('Fields (JSON) that is not a JSON object', async () => {
			await expectRefused({ portalUserId: String(portalUsers(sim())[0].id), updateFields: { fieldsJson: '[1]' } }, 'Fields (JSON) must be a JSON object');
			await expectRefused({ portalUserId: String(portalUsers(sim())[0].id), updateFields: { fieldsJson: '{oops' } }, 'Fields (JSON) is not valid JSON');
		});

		it('nothing to update', async () => {
			await expectRefused({ portalUserId: String(portalUsers(sim())[0].id), updateFields: {} }, 'Nothing to update');
		});

		it('a username taken by another user', async () => {
			const [user, other] = [userAt('Globex Sample Ltd', 0), userAt('Globex Sample Ltd', 1)];
			await expectRefused(
				{ portalUserId: String(user.id), updateFields: { userName: other.userName } },
				`Username "${String(other.userName)}" is already taken by client portal user ${other.id}`,
			);
		});

		it.each([
			['abc', 'Password must be 5-50 characters long (it has 3)'],
			['with space', 'Password must not contain spaces'],
			["quote'd12", "Password must not contain single quotes (')"],
		])('password %j', async (password, message) => {
			const result = await expectRefused({ portalUserId: String(portalUsers(sim())[0].id), updateFields: { password } }, message);
			expect(serialisedRun(result)).not.toContain(password);
		});

		it('a Taskfire level for a user whose company has no Taskfire', async () => {
			const user = userAt('Globex Sample Ltd');
			await expectRefused(
				{ portalUserId: String(user.id), updateFields: { securityLevel: 4 } },
				/^Security level 4 \(Resource \(Taskfire\)\) is a Taskfire level, but the company of client portal user/,
			);
		});

		it('a portal user that does not exist', async () => {
			await expectRefused({ portalUserId: '424242', updateFields: { dateFormat: 2 } }, 'No client portal user found with ID 424242');
			await expectRefused({ findBy: 'userName', userName: 'ghost@nowhere.example', updateFields: { dateFormat: 2 } }, 'No client portal user found with username "ghost@nowhere.example"');
		});
	});

	it('with continue-on-fail, updates the good items and reports the bad ones', async () => {
		const [first, second] = [userAt('Globex Sample Ltd', 0), userAt('Globex Sample Ltd', 1)];
		sim().resetCounters();
		const result = await runPortal(
			sim(),
			update({ portalUserId: '={{ $json.id }}', updateFields: { fieldsJson: '={{ $json.changes }}' } }),
			{
				continueOnFail: true,
				items: [
					{ id: first.id, changes: { dateFormat: 2 } },
					{ id: second.id, changes: { contactID: 1 } },
					{ id: 999999, changes: { dateFormat: 2 } },
					{ id: second.id, changes: { timeFormat: 2 } },
				],
			},
		);
		const output = outputOf(result);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output[0].json).toMatchObject({ id: first.id, dateFormat: 2 });
		expect(output[1].json.error).toBe('contactID cannot be modified once created');
		expect(output[2].json.error).toBe('No client portal user found with ID 999999');
		expect(output[3].json).toMatchObject({ id: second.id, timeFormat: 2 });
		// Two PATCHes, and the two records re-read together in one query.
		expect(requestsOf(sim(), 'update')).toHaveLength(2);
		expect(requestsOf(sim(), 'get')).toHaveLength(0);
	});
});
