/**
 * The trigger's snapshot strategy (ClientPortalUsers and Resources: no timestamps at all) and its
 * ascending-id strategy ("created" without a creation timestamp), against the simulator through
 * n8n-core's PollContext. Emitted events are checked against the simulator's records and change
 * log: every change delivered once, with the values it ended with.
 */
import type { IDataObject } from 'n8n-workflow';

import { normalizeRecord } from '../nodes/transport';
import { shutdownHarness } from './harness';
import type { Poller } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import { drain, eventOf, eventsOf, logMark, triggerPoller, waitFor } from './triggerKit';

const PORTAL = { entity: 'ClientPortalUsers', options: { picklistLabels: 'none', maxEvents: 5000 } };

const sim = useSimulator({ seed: 'empty', perTest: true, retries: { baseDelayMs: 1, maxDelayMs: 5 } });
afterAll(shutdownHarness);

function seed(entity: string, count: number): number[] {
	sim().seedLarge(entity, count);
	return sim().store
		.all(entity)
		.map((record) => Number(record.id))
		.sort((a, b) => a - b);
}

const current = (entity: string, id: number) => normalizeRecord(sim().store.get(entity, id) ?? {}) as IDataObject;

/** The record's own fields from an emitted item (without `event`), for comparing with the store. */
function recordOf(json: IDataObject, like: IDataObject): IDataObject {
	return Object.fromEntries(Object.keys(like).map((key) => [key, json[key]]));
}

/**
 * Snapshot oracle: starting from the records as they were when the trigger was armed, every event
 * must carry values different from the last ones delivered for that record (no repeat), and after
 * draining, every record's last delivered values must be its current values (no loss).
 */
class Oracle {
	private readonly delivered = new Map<number, string>();

	constructor(private readonly entity: string) {
		for (const record of sim().store.all(entity)) this.delivered.set(Number(record.id), this.key(normalizeRecord(record) as IDataObject));
	}

	private key(values: IDataObject): string {
		return JSON.stringify(Object.keys(values).sort().map((name) => [name, values[name] ?? null]));
	}

	accept(events: IDataObject[]): void {
		for (const json of events) {
			const id = Number(eventOf(json).id);
			const values = recordOf(json, current(this.entity, id));
			const key = this.key(values);
			if (this.delivered.get(id) === key) throw new Error(`${this.entity} ${id} delivered twice with the same values`);
			this.delivered.set(id, key);
		}
	}

	expectUpToDate(): void {
		const stale = sim().store
			.all(this.entity)
			.filter((record) => this.delivered.get(Number(record.id)) !== this.key(normalizeRecord(record) as IDataObject))
			.map((record) => record.id);
		expect(stale.slice(0, 5)).toEqual([]);
	}
}

async function pollInto(oracle: Oracle, poller: Poller): Promise<IDataObject[]> {
	const events = eventsOf(await poller.poll());
	oracle.accept(events);
	return events;
}

const rename = (id: number, userName: string) => sim().store.update('ClientPortalUsers', id, { userName });

describe('snapshot strategy (ClientPortalUsers, Resources)', () => {
	it('reports 1,234 changed users once with the fields that changed; a poll of 3,000 users costs 6 requests', async () => {
		const ids = seed('ClientPortalUsers', 3000);
		const poller = triggerPoller(sim(), { ...PORTAL, event: 'updated' });
		expect(await poller.poll()).toBeNull();
		const oracle = new Oracle('ClientPortalUsers');
		for (let i = 0; i < 1234; i++) rename(ids[(i * 7) % 3000], `renamed${i}@example.com`);
		sim().resetCounters();
		const events = await pollInto(oracle, poller);
		expect(sim().counters.total).toBe(6);
		expect(events).toHaveLength(1234);
		expect(events.every((json) => eventOf(json).type === 'updated')).toBe(true);
		expect(new Set(events.map((json) => JSON.stringify(eventOf(json).changedFields)))).toEqual(new Set(['["userName"]']));
		expect(await poller.poll()).toBeNull();
		oracle.expectUpToDate();
	});

	it('catches a lower id changed after its page was read in the next poll, and a higher one in the same poll', async () => {
		const ids = seed('ClientPortalUsers', 1600);
		const poller = triggerPoller(sim(), { ...PORTAL, event: 'updated' });
		await poller.poll();
		const oracle = new Oracle('ClientPortalUsers');
		sim().latency(25);
		sim().resetCounters();
		const polling = poller.poll();
		await waitFor(() => sim().counters.byKind.queryNext >= 1);
		rename(ids[2], 'behind@example.com');
		rename(ids[1599], 'ahead@example.com');
		const first = eventsOf(await polling);
		oracle.accept(first);
		sim().latency(0);
		expect(first.map((json) => json.userName)).toEqual(['ahead@example.com']);
		expect((await pollInto(oracle, poller)).map((json) => json.userName)).toEqual(['behind@example.com']);
		oracle.expectUpToDate();
	});

	it('reports a user changed twice between polls once, with the latest values, and again after', async () => {
		const [id] = seed('ClientPortalUsers', 10);
		const poller = triggerPoller(sim(), { ...PORTAL, event: 'updated' });
		await poller.poll();
		rename(id, 'first@example.com');
		sim().store.update('ClientPortalUsers', id, { securityLevel: 2 });
		const events = eventsOf(await poller.poll());
		expect(events.map((json) => [json.userName, json.securityLevel, eventOf(json).changedFields])).toEqual([
			['first@example.com', 2, ['securityLevel', 'userName']],
		]);
		rename(id, 'second@example.com');
		expect(eventsOf(await poller.poll()).map((json) => json.userName)).toEqual(['second@example.com']);
		expect(await poller.poll()).toBeNull();
	});

	it('survives a restart with only persisted static data, and a null poll whose state was never saved', async () => {
		const ids = seed('ClientPortalUsers', 50);
		const poller = triggerPoller(sim(), { ...PORTAL, event: 'createdOrUpdated' });
		await poller.poll();
		const oracle = new Oracle('ClientPortalUsers');
		rename(ids[4], 'before@example.com');
		expect(await pollInto(oracle, poller)).toHaveLength(1);
		expect(await poller.poll()).toBeNull();
		rename(ids[9], 'after@example.com');
		const restarted = poller.restart();
		expect((await pollInto(oracle, restarted)).map((json) => [json.userName, eventOf(json).type])).toEqual([
			['after@example.com', 'updated'],
		]);
		expect(await restarted.poll()).toBeNull();
		oracle.expectUpToDate();
	});

	it('drains 20,000 changes after 6 hours of downtime by the per-poll maximum', async () => {
		const ids = seed('ClientPortalUsers', 20_000);
		const poller = triggerPoller(sim(), { ...PORTAL, event: 'updated', options: { ...PORTAL.options, maxEvents: 10_000 } });
		await poller.poll();
		const oracle = new Oracle('ClientPortalUsers');
		rename(ids[0], 'last before downtime@example.com');
		expect(await pollInto(oracle, poller)).toHaveLength(1);
		for (const id of ids) {
			sim().clock.advance(1080);
			sim().store.update('ClientPortalUsers', id, { securityLevel: 3 });
		}
		const restarted = poller.restart();
		const { events, polls } = await drain(restarted);
		oracle.accept(events);
		expect(polls).toBe(3);
		expect(events).toHaveLength(20_000);
		oracle.expectUpToDate();
	});

	it.each([
		['429', { type: '429' as const, retryAfterSeconds: 0 }],
		['503', { type: '503' as const, retryAfterSeconds: 0 }],
		['dropped connection', { type: 'drop' as const }],
	])('retries a %s mid-poll and reports every change once', async (_name, fault) => {
		const ids = seed('ClientPortalUsers', 1200);
		const poller = triggerPoller(sim(), { ...PORTAL, event: 'updated' });
		await poller.poll();
		const oracle = new Oracle('ClientPortalUsers');
		for (const id of ids.slice(0, 700)) rename(id, `user${id}@changed.example`);
		sim().faults.schedule([{ match: { kind: 'queryNext' }, nth: 1, ...fault }]);
		expect(await pollInto(oracle, poller)).toHaveLength(700);
		expect(sim().counters.faultsInjected).toBe(1);
		expect(await poller.poll()).toBeNull();
		oracle.expectUpToDate();
	});

	it('detects portal access granted and revoked, including users created with access', async () => {
		const ids = seed('ClientPortalUsers', 20);
		const granted = triggerPoller(sim(), { ...PORTAL, event: 'accessGranted' });
		const revoked = triggerPoller(sim(), { ...PORTAL, event: 'accessRevoked' });
		await granted.poll();
		await revoked.poll();
		const inactive = ids.filter((id) => sim().store.get('ClientPortalUsers', id)?.isClientPortalActive === false);
		const active = ids.filter((id) => sim().store.get('ClientPortalUsers', id)?.isClientPortalActive === true);
		sim().store.update('ClientPortalUsers', inactive[0], { isClientPortalActive: true });
		sim().store.update('ClientPortalUsers', active[0], { isClientPortalActive: false });
		rename(active[1], 'just renamed@example.com');
		const createdId = Number(
			sim().store.insert('ClientPortalUsers', {
				contactID: 1,
				userName: 'created.with.access@portal.example',
				securityLevel: 1,
				isClientPortalActive: true,
				dateFormat: 1,
				timeFormat: 1,
				numberFormat: 1,
			}).id,
		);
		expect(eventsOf(await granted.poll()).map((json) => [eventOf(json).id, eventOf(json).type])).toEqual([
			[inactive[0], 'accessGranted'],
			[createdId, 'accessGranted'],
		]);
		expect(eventsOf(await revoked.poll()).map((json) => [eventOf(json).id, eventOf(json).type, eventOf(json).changedFields])).toEqual([
			[active[0], 'accessRevoked', ['isClientPortalActive']],
		]);
		expect(await granted.poll()).toBeNull();
		expect(await revoked.poll()).toBeNull();
	});

	it('detects resources activated and deactivated; these events watch Resources whatever the entity parameter holds', async () => {
		const ids = seed('Resources', 8).filter((id) => id !== sim().users.default.resourceId);
		// As added from n8n's node panel (no entity chosen), and with an entity left from another event.
		const activated = triggerPoller(sim(), { event: 'activated' });
		const deactivated = triggerPoller(sim(), { entity: 'Tickets', event: 'deactivated' });
		await activated.poll();
		await deactivated.poll();
		sim().store.update('Resources', ids[0], { isActive: false });
		sim().store.update('Resources', ids[1], { title: 'Engineer' });
		expect(await activated.poll()).toBeNull();
		expect(eventsOf(await deactivated.poll()).map((json) => [eventOf(json).id, eventOf(json).type])).toEqual([[ids[0], 'deactivated']]);
		sim().store.update('Resources', ids[0], { isActive: true });
		expect(eventsOf(await activated.poll()).map((json) => [eventOf(json).id, eventOf(json).type])).toEqual([[ids[0], 'activated']]);
		expect(await deactivated.poll()).toBeNull();
	});

	it('with a filter, a user who starts matching is updated and a new one is created', async () => {
		const ids = seed('ClientPortalUsers', 30);
		const filter = { filterConditions: { condition: [{ field: 'securityLevel', operator: 'eq', value: '1' }] } };
		const poller = triggerPoller(sim(), { ...PORTAL, event: 'createdOrUpdated', ...filter });
		await poller.poll();
		sim().store.update('ClientPortalUsers', ids[3], { securityLevel: 2 });
		expect(await poller.poll()).toBeNull(); // left the filter: forgotten
		sim().store.update('ClientPortalUsers', ids[3], { securityLevel: 1 });
		const created = sim().store.insert('ClientPortalUsers', {
			contactID: 1,
			userName: 'brand.new@portal.example',
			securityLevel: 1,
			isClientPortalActive: true,
			dateFormat: 1,
			timeFormat: 1,
			numberFormat: 1,
		});
		sim().resetCounters();
		const events = eventsOf(await poller.poll());
		expect(events.map((json) => [eventOf(json).id, eventOf(json).type, eventOf(json).changedFields])).toEqual([
			[ids[3], 'updated', undefined],
			[created.id, 'created', undefined],
		]);
		expect(sim().counters.total).toBe(2); // the records, plus one id-only query without the filter
	});

	it('says clearly that portal users do not record who changed them', async () => {
		seed('ClientPortalUsers', 3);
		const poller = triggerPoller(sim(), { ...PORTAL, event: 'updated', options: { ignoreOwnChanges: true } });
		await expect(poller.poll()).rejects.toThrow('ClientPortalUsers records do not say who changed them');
	});
});

describe('ascending id strategy (ClientPortalUsers created)', () => {
	const CREATED = { ...PORTAL, event: 'created' };
	const addUser = (name: string) =>
		Number(
			sim().store.insert('ClientPortalUsers', {
				contactID: 1,
				userName: `${name}@portal.example`,
				securityLevel: 1,
				isClientPortalActive: true,
				dateFormat: 1,
				timeFormat: 1,
				numberFormat: 1,
			}).id,
		);

	it('arms without a flood, reports 1,234 new users once across pages, and idles on one request', async () => {
		seed('ClientPortalUsers', 2000);
		const poller = triggerPoller(sim(), CREATED);
		expect(await poller.poll()).toBeNull();
		const mark = logMark(sim());
		const created = Array.from({ length: 1234 }, (_, i) => addUser(`new${i}`));
		const events = eventsOf(await poller.poll());
		expect(events.map((json) => [eventOf(json).id, eventOf(json).type])).toEqual(created.map((id) => [id, 'created']));
		expect(sim().store.changeLog.filter((entry) => entry.seq > mark).map((entry) => entry.id)).toEqual(created);
		sim().resetCounters();
		expect(await poller.poll()).toBeNull();
		expect(sim().counters.total).toBe(1);
	});

	it('users created while the poll pages come in that poll or the next, never twice', async () => {
		seed('ClientPortalUsers', 10);
		const poller = triggerPoller(sim(), CREATED);
		await poller.poll();
		const created = Array.from({ length: 1200 }, (_, i) => addUser(`batch${i}`));
		sim().latency(25);
		sim().resetCounters();
		const polling = poller.poll();
		await waitFor(() => sim().counters.byKind.queryNext >= 1);
		created.push(addUser('during'));
		const first = eventsOf(await polling);
		sim().latency(0);
		const second = eventsOf(await poller.poll());
		expect([...first, ...second].map((json) => eventOf(json).id)).toEqual(created);
	});

	it('survives a restart and a discarded null poll; drains 20,000 new users by the per-poll maximum', async () => {
		seed('ClientPortalUsers', 10);
		const poller = triggerPoller(sim(), CREATED);
		await poller.poll();
		const first = addUser('first');
		expect(eventsOf(await poller.poll()).map((json) => eventOf(json).id)).toEqual([first]);
		expect(await poller.poll()).toBeNull();
		const created = Array.from({ length: 20_000 }, (_, i) => addUser(`downtime${i}`));
		const { events, polls } = await drain(poller.restart());
		expect(polls).toBe(5);
		expect(events.map((json) => eventOf(json).id)).toEqual(created);
	});

	it.each([
		['429', { type: '429' as const, retryAfterSeconds: 0 }],
		['503', { type: '503' as const, retryAfterSeconds: 0 }],
		['dropped connection', { type: 'drop' as const }],
	])('retries a %s mid-poll and reports every new user once', async (_name, fault) => {
		seed('ClientPortalUsers', 10);
		const poller = triggerPoller(sim(), CREATED);
		await poller.poll();
		const created = Array.from({ length: 1100 }, (_, i) => addUser(`u${i}`));
		sim().faults.schedule([{ match: { kind: 'queryNext' }, nth: 1, ...fault }]);
		const events = eventsOf(await poller.poll());
		expect(sim().counters.faultsInjected).toBe(1);
		expect(await poller.poll()).toBeNull();
		expect(events.map((json) => eventOf(json).id)).toEqual(created);
	});

	it('Fetch Test Event returns the newest user it finds without touching the state', async () => {
		const ids = seed('ClientPortalUsers', 30);
		const manual = triggerPoller(sim(), CREATED, { mode: 'manual' });
		const events = eventsOf(await manual.poll());
		expect(events.map((json) => [eventOf(json).id, eventOf(json).type])).toEqual([[ids[ids.length - 1], 'created']]);
		expect(manual.liveStaticData()).toEqual({});
	});
});
