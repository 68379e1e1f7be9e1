/**
 * Refusals of what the user asked (a contact that already has a portal user, access already
 * granted, a value not in the list, a record not found) are errors of level 'warning', built from
 * their message alone: n8n's error reporter then logs one line without a stack trace and does not
 * send them to error tracking, as it does for crashes (level 'error', or a cause that is a bare Error).
 */
import type { IDataObject } from 'n8n-workflow';

import { byId, contactsWithoutPortalUser, portalUsers, runPortal } from './clientPortalUserKit';
import { shutdownHarness } from './harness';
import type { RunResult } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import { runResource } from './resourceKit';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

function expectRefusal(result: RunResult, message: RegExp): void {
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(message);
	const raw = result.error?.raw as unknown as { level?: string; cause?: unknown };
	expect(raw.level).toBe('warning');
	// No bare Error underneath, whose stack n8n would log.
	const cause = raw.cause as { level?: string } | undefined;
	if (cause instanceof Error) expect(['warning', 'info']).toContain(cause.level);
}

const activeUser = () => portalUsers(sim()).find((user) => user.isClientPortalActive === true)!;

it('Create for a contact that already has a portal user', async () => {
	const result = await runPortal(sim(), { operation: 'create', contact: byId(activeUser().contactID as number), securityLevel: 1 });
	expectRefusal(result, /already has a client portal user/);
});

it('Grant Access to a user who already has it', async () => {
	const result = await runPortal(sim(), { operation: 'grantAccess', findBy: 'id', portalUserId: String(activeUser().id) });
	expectRefusal(result, /already has access/);
});

it('a security level that is not in the list', async () => {
	const parameters: IDataObject = { operation: 'create', contact: byId(contactsWithoutPortalUser(sim())[0].id as number), securityLevel: 'Superuser' };
	expectRefusal(await runPortal(sim(), parameters), /is not a value of picklist field "securityLevel"/);
});

it('a resource that does not exist', async () => {
	const result = await runResource(sim(), { operation: 'get', findBy: 'email', email: 'nobody@nowhere.example' });
	expectRefusal(result, /No resource found with e-mail/);
});
