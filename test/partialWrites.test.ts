/**
 * A write that fails after other items of the same run were already written, without
 * continue-on-fail: the node fails as a whole, so its error must say which items and records were
 * saved, or a re-run writes them twice. Which item meets the fault depends on request timing, so
 * the expectations are read from the tenant afterwards.
 */
import type { IDataObject } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { registerPackageNode, shutdownHarness } from './harness';
import type { RunResult } from './harness';
import { runNode } from './helpers/nodeRun';
import { useSimulator } from './helpers/simulatorSetup';

const AUTOTASK = registerPackageNode(new Autotask());

const sim = useSimulator({ seed: 'small', retries: { baseDelayMs: 1, maxDelayMs: 4 } });
afterEach(() => sim().faults.clear());
afterAll(shutdownHarness);

async function run(parameters: IDataObject, items: IDataObject[]): Promise<RunResult> {
	return await runNode(AUTOTASK, sim(), parameters, { items, name: 'Node' });
}

/** "0-2, 4": how the error lists item indexes. */
function ranges(indexes: number[]): string {
	const parts: string[] = [];
	for (const index of indexes) {
		const last = parts.at(-1)?.split('-');
		if (last && Number(last.at(-1)) === index - 1) parts[parts.length - 1] = `${last[0]}-${index}`;
		else parts.push(String(index));
	}
	return parts.join(', ');
}

const companyID = () => sim().store.all('Companies')[0].id as number;
const createTickets = {
	operation: 'create',
	entity: 'Tickets',
	fieldsSource: 'json',
	fieldsJson: `={{ JSON.stringify({ companyID: $json.companyID, title: $json.title, status: 1, priority: 1 }) }}`,
};

describe('a write failing after others were saved, without continue-on-fail', () => {
	it('keeps the original error and says which items were created, with their ids', async () => {
		const titles = Array.from({ length: 8 }, (_, index) => `Partial create ${index}`);
		sim().faults.schedule([{ type: '500', match: { kind: 'create', entity: 'Tickets' }, nth: 4 }]);
		const result = await run(createTickets, titles.map((title) => ({ companyID: companyID(), title })));

		expect(result.status).toBe('error');
		const saved = titles.flatMap((title, index) => {
			const [ticket] = sim().store.all('Tickets').filter((record) => record.title === title);
			return ticket ? [{ index, id: ticket.id as number }] : [];
		});
		expect(saved.length).toBeGreaterThanOrEqual(3);
		expect(saved.length).toBeLessThan(titles.length);
		expect(result.error?.message).toMatch(/^An unexpected error has occurred/);
		expect(result.error?.description).toMatch(/it was not retried to avoid creating a duplicate/);
		expect(result.error?.description).toMatch(
			new RegExp(
				` Items ${ranges(saved.map((write) => write.index))} were already saved in Autotask \\(ids ${saved.map((write) => write.id).join(', ')}\\); running the node again will write them again\\.$`,
			),
		);
	});

	it('says so for updates too, and for a single saved item in the singular', async () => {
		const ids = sim().store.all('Tickets').slice(0, 2).map((ticket) => ticket.id as number);
		sim().faults.schedule([{ type: '500', match: { kind: 'update', entity: 'Tickets' }, nth: 2 }]);
		const result = await run(
			{ operation: 'update', entity: 'Tickets', recordId: '={{ $json.id }}', fieldsSource: 'json', fieldsJson: '{"description": "partial update"}' },
			ids.map((id) => ({ id })),
		);

		expect(result.status).toBe('error');
		const updated = ids.flatMap((id, index) => (sim().store.get('Tickets', id)?.description === 'partial update' ? [{ index, id }] : []));
		expect(updated).toHaveLength(1);
		expect(result.error?.description).toContain('Running it again is safe');
		expect(result.error?.description).toMatch(
			new RegExp(` Item ${updated[0].index} was already saved in Autotask \\(id ${updated[0].id}\\); running the node again will write it again\\.$`),
		);
	});

	it('adds nothing when no other item was written', async () => {
		sim().faults.schedule([{ type: '500', match: { kind: 'create', entity: 'Tickets' }, nth: 1 }]);
		const result = await run(createTickets, [{ companyID: companyID(), title: 'Partial single' }]);
		expect(result.status).toBe('error');
		expect(result.error?.description).not.toContain('already saved');
	});
});
