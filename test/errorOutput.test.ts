/**
 * The error items of continue-on-fail keep to the shape n8n routes to a node's error output
 * ("On Error: Continue (using error output)"): n8n 2.40.7 sends an item there when its JSON has
 * `error` and no keys but `error`, `message` and `details` (WorkflowExecute.handleNodeErrorOutput).
 * The pinned n8n-core 2.11.1 of these tests routes only a lone `error`, so the routing itself is
 * checked in real n8n by test/e2e/30-generic; here every error path's item shape is.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { registerPackageNode, shutdownHarness } from './harness';
import { runNode } from './helpers/nodeRun';
import { useSimulator } from './helpers/simulatorSetup';

const AUTOTASK = registerPackageNode(new Autotask());
const PORTAL_USER = registerPackageNode(new AutotaskClientPortalUser());
const RESOURCE = registerPackageNode(new AutotaskResource());

const sim = useSimulator({ seed: 'small', perTest: true, retries: { baseDelayMs: 1, maxDelayMs: 4 } });
afterAll(shutdownHarness);

const ROUTED_KEYS = ['error', 'message', 'details'];

async function errorItems(type: string, parameters: IDataObject, items: IDataObject[]): Promise<INodeExecutionData[]> {
	const result = await runNode(type, sim(), parameters, { items, continueOnFail: true, name: 'Node' });
	expect(result.status).toBe('success');
	return result.output('Node').filter((item) => item.json.error !== undefined);
}

function expectRoutable(items: INodeExecutionData[], pairedWith: number[]): void {
	expect(items.map((item) => item.pairedItem)).toEqual(pairedWith.map((item) => ({ item })));
	for (const item of items) {
		expect(typeof item.json.error).toBe('string');
		expect(Object.keys(item.json).filter((key) => !ROUTED_KEYS.includes(key))).toEqual([]);
	}
}

const companyIds = () => sim().store.all('Companies').map((record) => record.id as number);

describe('error items n8n can route to the error output', () => {
	it('generic Get with a bad id', async () => {
		const items = await errorItems(AUTOTASK, { operation: 'get', entity: 'Companies', recordId: '={{ $json.id }}' }, [
			{ id: companyIds()[0] },
			{ id: 'abc' },
		]);
		expectRoutable(items, [1]);
	});

	it('generic Update of an unknown field, and a create Autotask failed after receiving it (details kept)', async () => {
		const [first, second] = companyIds();
		const refused = await errorItems(
			AUTOTASK,
			{ operation: 'update', entity: 'Companies', recordId: '={{ $json.id }}', fieldsSource: 'json', fieldsJson: '={{ JSON.stringify($json.fields) }}' },
			[
				{ id: first, fields: { city: 'Gotham' } },
				{ id: second, fields: { noSuchField: 1 } },
			],
		);
		expectRoutable(refused, [1]);

		sim().faults.schedule([{ type: '500AfterCommit', match: { kind: 'create' }, nth: 1 }]);
		const failed = await errorItems(
			AUTOTASK,
			{ operation: 'create', entity: 'Tickets', fieldsSource: 'json', fieldsJson: JSON.stringify({ companyID: first, title: 'Routed', status: 1, priority: 1 }) },
			[{}],
		);
		expectRoutable(failed, [0]);
		expect(String(failed[0].json.details)).toMatch(/may or may not have happened/);
	});

	it('portal user Revoke Access of an already revoked user and of a bad id', async () => {
		const users = sim().store.all('ClientPortalUsers');
		const active = users.find((user) => user.isClientPortalActive === true)!;
		const revoked = users.find((user) => user.isClientPortalActive === false)!;
		const items = await errorItems(PORTAL_USER, { operation: 'revokeAccess', findBy: 'id', portalUserId: '={{ $json.id }}' }, [
			{ id: Number(active.id) },
			{ id: Number(revoked.id) },
			{ id: 'abc' },
		]);
		expectRoutable(items, [1, 2]);
		expect(items[1].json.error).toBe('Portal User ID must be a whole number, got "abc"');
	});

	it('Resource Update of a read-only field', async () => {
		const items = await errorItems(
			RESOURCE,
			{
				operation: 'update',
				findBy: 'id',
				resourceId: '={{ $json.id }}',
				fields: { mappingMode: 'defineBelow', value: { hireDate: '2020-01-01' } },
			},
			[{ id: Number(sim().store.all('Resources')[0].id) }],
		);
		expectRoutable(items, [0]);
		expect(String(items[0].json.error)).toMatch(/hireDate/);
	});
});
