/**
 * No node outputs a password field, not even as `null`. Autotask (and the simulator, which renders
 * every field of a record) returns ClientPortalUsers' write-only `password` on reads, so each
 * node's read, write and event outputs are checked against the real record shape.
 */
import type { IDataObject } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { shapeRecord } from '../nodes/common/output';
import { byId, contactsWithoutPortalUser, jsonOf, portalUsers, runPortal } from './clientPortalUserKit';
import { registerPackageNode, shutdownHarness } from './harness';
import { runNode } from './helpers/nodeRun';
import { useSimulator } from './helpers/simulatorSetup';
import { eventsOf, triggerPoller } from './triggerKit';

const AUTOTASK = registerPackageNode(new Autotask());

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

const withPassword = (records: IDataObject[]) => records.filter((record) => Object.keys(record).some((key) => /password/i.test(key)));

function expectNoPassword(records: IDataObject[]): void {
	expect(records.length).toBeGreaterThan(0);
	expect(withPassword(records)).toEqual([]);
}

async function generic(parameters: IDataObject): Promise<IDataObject[]> {
	const result = await runNode(AUTOTASK, sim(), parameters, { name: 'Any' });
	if (result.status !== 'success') throw new Error(`Run failed: ${result.error?.message}`);
	return result.output('Any').map((item) => item.json);
}

it('the records Autotask returns for portal users do carry a password field (what the tests below guard against)', () => {
	expect(Object.keys(portalUsers(sim())[0])).toContain('password');
});

it('shapeRecord drops password fields whatever their case, standard or user-defined, flattened or not', () => {
	const record = { id: 1, password: null, PassWord: 'x', userDefinedFields: [{ name: 'password', value: 'y' }, { name: 'Note', value: 'n' }] };
	for (const flattenUdfs of [true, false]) {
		const shaped = shapeRecord(record, new Map(), { labels: 'add', flattenUdfs });
		expect(JSON.stringify(shaped)).not.toMatch(/password/i);
		expect(JSON.stringify(shaped)).toContain('"n"');
	}
});

describe('Client Portal User node', () => {
	it('outputs no password from Get, Get Many, Create, Update, Grant and Revoke Access', async () => {
		const user = portalUsers(sim()).find((candidate) => candidate.isClientPortalActive === true)!;
		const byPortalId = { findBy: 'id', portalUserId: String(user.id) };
		const run = async (parameters: IDataObject) => jsonOf(await runPortal(sim(), parameters));

		expectNoPassword(await run({ operation: 'get', ...byPortalId }));
		expectNoPassword(await run({ operation: 'getMany', returnAll: true }));
		expectNoPassword(await run({ operation: 'update', ...byPortalId, updateFields: { password: 'New#Pass12' } }));
		expectNoPassword(await run({ operation: 'revokeAccess', ...byPortalId }));
		expectNoPassword(await run({ operation: 'grantAccess', ...byPortalId }));
		const contact = contactsWithoutPortalUser(sim())[0];
		expectNoPassword(await run({ operation: 'create', contact: byId(contact.id as number), securityLevel: 1 }));
	});
});

describe('Autotask (any entity) node', () => {
	it('outputs no password when reading or writing ClientPortalUsers', async () => {
		const user = portalUsers(sim())[0];
		expectNoPassword(await generic({ operation: 'get', entity: 'ClientPortalUsers', recordId: String(user.id) }));
		expectNoPassword(await generic({ operation: 'getMany', entity: 'ClientPortalUsers', returnAll: true }));
		expectNoPassword(
			await generic({
				operation: 'update',
				entity: 'ClientPortalUsers',
				recordId: String(user.id),
				fieldsSource: 'json',
				fieldsJson: JSON.stringify({ numberFormat: 2 }),
			}),
		);
	});
});

describe('Autotask Trigger', () => {
	const PORTAL = { entity: 'ClientPortalUsers', event: 'createdOrUpdated', options: { maxEvents: 5000 } };

	it('its test event has no password column', async () => {
		expectNoPassword(eventsOf(await triggerPoller(sim(), PORTAL, { mode: 'manual' }).poll()));
	});

	it('its events have no password column', async () => {
		const poller = triggerPoller(sim(), PORTAL);
		await poller.poll();
		const user = portalUsers(sim())[0];
		sim().clock.advance(1000);
		sim().store.update('ClientPortalUsers', user.id as number, { numberFormat: 2 });
		expectNoPassword(eventsOf(await poller.poll()));
	});
});
