import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import type { WireRecord } from './simulator';
import { byId, jsonOf, outputOf, portalUsers, requestsOf, runPortal } from './clientPortalUserKit';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

const active = () => portalUsers(sim()).filter((user) => user.isClientPortalActive === true);
const revoked = () => portalUsers(sim()).filter((user) => user.isClientPortalActive === false);
const stored = (user: WireRecord) => sim().store.get('ClientPortalUsers', user.id as number)!;

describe('Grant Access and Revoke Access', () => {
	it('grants access to a revoked user found by ID: status ACTIVE', async () => {
		const user = revoked()[0];
		sim().resetCounters();
		const [output] = jsonOf(await runPortal(sim(), { operation: 'grantAccess', findBy: 'id', portalUserId: String(user.id) }));
		expect(output).toMatchObject({ id: user.id, isClientPortalActive: true, status: 'ACTIVE' });
		expect(stored(user).isClientPortalActive).toBe(true);
		expect(requestsOf(sim(), 'update')[0].body).toEqual({ id: user.id, isClientPortalActive: true });
		// Look-up, PATCH, read-back: no GET per item.
		expect(sim().counters.byKind).toMatchObject({ query: 2, update: 1, get: 0 });
	});

	it('revokes access from an active user found by contact: status TERMINATED', async () => {
		const user = active()[0];
		const [output] = jsonOf(await runPortal(sim(), { operation: 'revokeAccess', findBy: 'contact', contact: byId(user.contactID as number) }));
		expect(output).toMatchObject({ id: user.id, isClientPortalActive: false, status: 'TERMINATED' });
		expect(stored(user).isClientPortalActive).toBe(false);
	});

	it('grants on behalf of another resource, or of none despite the credential, as Options > Impersonation says', async () => {
		const [first, second] = revoked();
		const taylor = sim().store.all('Resources').find((resource) => resource.userName === 'taylor.tester')!;
		const grant = (user: WireRecord, options: Record<string, unknown>) =>
			runPortal(sim(), { operation: 'grantAccess', findBy: 'id', portalUserId: String(user.id), options }, { impersonationResourceId: taylor.id as number });
		sim().resetCounters();
		jsonOf(await grant(first, { impersonation: 'none' }));
		jsonOf(await grant(second, { impersonation: 'resource', impersonationResourceId: taylor.id }));
		expect(requestsOf(sim(), 'update').map((request) => request.headers.impersonationresourceid)).toEqual([undefined, String(taylor.id)]);
	});

	it('revokes by username', async () => {
		const user = active()[1];
		const [output] = jsonOf(await runPortal(sim(), { operation: 'revokeAccess', findBy: 'userName', userName: String(user.userName) }));
		expect(output).toMatchObject({ id: user.id, status: 'TERMINATED' });
	});

	it('refuses to grant access to a user who has it, naming the user', async () => {
		const user = active()[0];
		sim().resetCounters();
		const result = await runPortal(sim(), { operation: 'grantAccess', findBy: 'id', portalUserId: String(user.id) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`Unable to grant access to client portal user "${String(user.userName)}" (ID ${user.id}): the user already has access (status ACTIVE)`,
		);
		expect(result.error?.description).toContain('Ignore If Already In That State');
		expect(requestsOf(sim(), 'update')).toHaveLength(0);
	});

	it('refuses to revoke access from a user whose access is revoked', async () => {
		const user = revoked()[0];
		const result = await runPortal(sim(), { operation: 'revokeAccess', findBy: 'id', portalUserId: String(user.id) });
		expect(result.error?.message).toBe(
			`Unable to revoke access from client portal user "${String(user.userName)}" (ID ${user.id}): the user's access is already revoked (status TERMINATED)`,
		);
	});

	it.each([
		['grantAccess', () => active()[0], 'ACTIVE'],
		['revokeAccess', () => revoked()[0], 'TERMINATED'],
	] as const)('%s with "Ignore If Already In That State" returns the user unchanged without writing', async (operation, pick, status) => {
		const user = pick();
		sim().resetCounters();
		const [output] = jsonOf(
			await runPortal(sim(), { operation, findBy: 'id', portalUserId: String(user.id), options: { ignoreIfAlready: true } }),
		);
		expect(output).toMatchObject({ id: user.id, status });
		expect(requestsOf(sim(), 'update')).toHaveLength(0);
	});

	it('reports users that do not exist', async () => {
		const result = await runPortal(sim(), { operation: 'grantAccess', findBy: 'id', portalUserId: '777' });
		expect(result.error?.message).toBe('No client portal user found with ID 777');
		const byContact = await runPortal(sim(), { operation: 'grantAccess', findBy: 'contact', contact: byId(sim().store.all('Contacts')[2].id as number) });
		expect(byContact.error?.message).toMatch(/^No client portal user found with contact ID \d+$/);
	});

	it('with continue-on-fail, revokes many users in one go and reports the rest', async () => {
		const [first, second] = active();
		const already = revoked()[0];
		sim().resetCounters();
		const result = await runPortal(
			sim(),
			{ operation: 'revokeAccess', findBy: 'id', portalUserId: '={{ $json.id }}' },
			{ continueOnFail: true, items: [{ id: first.id }, { id: already.id }, { id: 'abc' }, { id: second.id }] },
		);
		const output = outputOf(result);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output[0].json).toMatchObject({ id: first.id, status: 'TERMINATED' });
		expect(output[1].json.error).toMatch(/already revoked/);
		expect(output[2].json.error).toBe('Portal User ID must be a whole number, got "abc"');
		expect(output[3].json).toMatchObject({ id: second.id, status: 'TERMINATED' });
		// One look-up query, two PATCHes, one read-back query.
		expect(sim().counters.byKind).toMatchObject({ query: 2, update: 2, get: 0 });
	});
});
