/**
 * "No filter" reaches the polling trigger in three forms: no condition (the filter builder gives
 * []), a JSON filter of only `[{"op":"exist","field":"id"}]` (the Filter (JSON) default), and a
 * state saved while the filter builder still stored that condition for "no condition". All three
 * must send the very same requests: no "every record" condition joined to the strategy's own, and
 * no second, unfiltered read for records leaving the filter.
 */
import type { IDataObject } from 'n8n-workflow';

import { clearMetadataCache } from '../nodes/transport';
import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import { eventsOf, triggerPoller } from './triggerKit';

const sim = useSimulator({ seed: 'empty', perTest: true, retries: { baseDelayMs: 1, maxDelayMs: 5 } });
afterAll(shutdownHarness);

const DATA_KINDS = new Set(['query', 'queryNext', 'count', 'get']);
const JSON_EVERY_RECORD = { filterMode: 'json', filterJson: '[{"op": "exist", "field": "id"}]' };

/** The data requests since the last reset, as kind and filter with the values left out (they hold times). */
function dataRequests(): string[] {
	const shape = (filter: unknown): unknown =>
		Array.isArray(filter)
			? filter.map((condition: IDataObject) => ({ op: condition.op, field: condition.field, ...(condition.items ? { items: shape(condition.items) } : {}) }))
			: filter;
	return sim()
		.requests.filter((request) => DATA_KINDS.has(request.kind))
		.map((request) => `${request.kind} ${request.path.split('?')[0]} ${JSON.stringify(shape((request.body as IDataObject | undefined)?.filter))}`);
}

interface Run {
	arming: string[];
	poll: string[];
	events: number;
}

/**
 * Arms a trigger, changes records, polls once: the data requests of both polls. `savedAs` edits the
 * state between them, and a new poller (a restart) polls from the edited state.
 */
async function run(parameters: IDataObject, change: () => void, savedAs?: (state: IDataObject) => void): Promise<Run> {
	clearMetadataCache();
	sim().resetCounters();
	let poller = triggerPoller(sim(), parameters);
	await poller.poll();
	const arming = dataRequests();
	if (savedAs) {
		const staticData = poller.liveStaticData();
		savedAs(staticData.autotaskTrigger as IDataObject);
		poller = triggerPoller(sim(), parameters, { staticData });
	}
	change();
	sim().resetCounters();
	const events = eventsOf(await poller.poll()).length;
	return { arming, poll: dataRequests(), events };
}

const savedWithOldBuilder = (state: IDataObject) => {
	(state.filter as IDataObject).conditions = [{ op: 'exist', field: 'id' }];
};

describe('the polling trigger without a filter', () => {
	it('snapshot strategy (ClientPortalUsers): the same requests for [], the JSON every-record filter and a state saved by the old builder', async () => {
		sim().seedLarge('ClientPortalUsers', 40);
		const parameters = { entity: 'ClientPortalUsers', event: 'createdOrUpdated', options: { picklistLabels: 'none' } };
		let round = 0;
		const change = () => {
			round++;
			for (const user of sim().store.all('ClientPortalUsers').slice(0, 3)) {
				sim().store.update('ClientPortalUsers', user.id as number, { userName: `renamed-${round}-${String(user.id)}@example.com` });
			}
		};

		const none = await run(parameters, change);
		expect(none.events).toBe(3);
		// One read of all users per poll, with the transport's every-record condition and nothing else.
		expect(none.arming).toEqual(['query /ATServicesRest/V1.0/ClientPortalUsers/query [{"op":"exist","field":"id"}]']);
		expect(none.poll).toEqual(none.arming);

		const json = await run({ ...parameters, ...JSON_EVERY_RECORD }, change);
		expect(json).toEqual(none);
		const saved = await run(parameters, change, savedWithOldBuilder);
		expect(saved.poll).toEqual(none.poll);
		expect(saved.events).toBe(3);
	});

	it('timestamp strategy (Contacts): the same requests for [], the JSON every-record filter and a state saved by the old builder', async () => {
		sim().seedLarge('Contacts', 40);
		const parameters = { entity: 'Contacts', event: 'createdOrUpdated', options: { picklistLabels: 'none' } };
		let round = 0;
		const change = () => {
			round++;
			sim().clock.advance(120_000);
			for (const contact of sim().store.all('Contacts').slice(0, 3)) {
				sim().clock.advance(10);
				sim().store.update('Contacts', contact.id as number, { title: `Changed ${round}` });
			}
		};

		const none = await run(parameters, change);
		expect(none.events).toBe(3);
		for (const request of [...none.arming, ...none.poll]) expect(request).not.toContain('"op":"exist","field":"id"},{');
		expect(none.poll.every((request) => !request.includes('"op":"exist"'))).toBe(true);

		const json = await run({ ...parameters, ...JSON_EVERY_RECORD }, change);
		expect(json).toEqual(none);
		const saved = await run(parameters, change, savedWithOldBuilder);
		expect(saved.poll).toEqual(none.poll);
		expect(saved.events).toBe(3);
	});
});
