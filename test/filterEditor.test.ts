/**
 * The filter builder in the editor, against the simulator: a condition's "Value From List" offers
 * the picklist of the field chosen in the same row (generic node and trigger, including an entity
 * that the trigger's event implies), and a value chosen there filters when the node runs.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { buildNode, callMethod, registerPackageNode, shutdownHarness } from './harness';
import { runNode } from './helpers/nodeRun';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';
import { TRIGGER } from './triggerKit';

const AUTOTASK = registerPackageNode(new Autotask());

const sim = useSimulator({ seed: 'small' });
afterAll(shutdownHarness);

const ROW = 'parameters.filterConditions.condition[0].listValue';
const condition = (field: string, extra: IDataObject = {}) => ({ filterConditions: { condition: [{ field, operator: 'eq', ...extra }] } });

async function listValues(type: string, parameters: INodeParameters): Promise<Array<{ name: string; value: unknown }>> {
	return (await callMethod('loadOptions', 'getFilterValues', {
		node: buildNode(type, parameters),
		credentials: credentialsFor(sim()),
		path: ROW,
	})) as Array<{ name: string; value: unknown }>;
}

it("the generic node offers the row's picklist field values as label with value, none for other fields", async () => {
	const statuses = await listValues(AUTOTASK, { operation: 'getMany', entity: 'Tickets', ...condition('status') });
	expect(statuses.slice(0, 2)).toEqual([
		{ name: 'New (1)', value: '1' },
		{ name: 'Complete (5)', value: '5' },
	]);
	expect(await listValues(AUTOTASK, { operation: 'getMany', entity: 'Tickets', ...condition('title') })).toEqual([]);
});

it('the trigger offers them for the entity its event implies', async () => {
	const levels = await listValues(TRIGGER, { event: 'accessGranted', entity: 'Tickets', ...condition('securityLevel') });
	expect(levels[0]).toEqual({ name: 'End User (1)', value: '1' });
});

it('the field list shows labels with API names', async () => {
	const fields = (await callMethod('loadOptions', 'getFilterableFields', {
		node: buildNode(AUTOTASK, { operation: 'getMany', entity: 'Companies' }),
		credentials: credentialsFor(sim()),
	})) as Array<{ name: string }>;
	expect(fields.map((field) => field.name)).toContain('Company Name (companyName)');
});

it('a value chosen from the list filters, and takes precedence over Value', async () => {
	const result = await runNode(
		AUTOTASK,
		sim(),
		{ operation: 'getMany', entity: 'Tickets', returnAll: true, ...condition('status', { listValue: '5', value: '1' }) },
		{ name: 'Any' },
	);
	const tickets = result.output('Any').map((item) => item.json);
	const expected = sim().store.all('Tickets').filter((ticket) => ticket.status === 5).map((ticket) => ticket.id);
	expect(tickets.map((ticket) => ticket.id).sort()).toEqual(expected.sort());
	expect(expected.length).toBeGreaterThan(0);
});
