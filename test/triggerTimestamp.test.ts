/**
 * The trigger's timestamp strategy (Tickets, lastActivityDate: the automatic choice) against the
 * simulator, polled through n8n-core's PollContext with persistent static data. Every case
 * compares what was emitted with the simulator's own change log: nothing lost, nothing repeated.
 */
import { clearMetadataCache } from '../nodes/transport';
import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import {
	drain,
	eventOf,
	eventsOf,
	expectExactlyTheChanges,
	latestChanges,
	logMark,
	triggerPoller,
	waitFor,
} from './triggerKit';

const VERSION = 'lastActivityDate';
const TICKETS = { entity: 'Tickets', event: 'createdOrUpdated', options: { picklistLabels: 'none', maxEvents: 5000 } };

const sim = useSimulator({ seed: 'empty', perTest: true, retries: { baseDelayMs: 1, maxDelayMs: 5 } });
afterAll(shutdownHarness);

/** Tickets whose ids are consecutive, oldest first; returns their ids. */
function seedTickets(count: number): number[] {
	sim().seedLarge('Tickets', count);
	return sim().store.all('Tickets').map((ticket) => Number(ticket.id));
}

const update = (id: number, title: string, by?: number) => sim().store.update('Tickets', id, { title }, by ? { by } : {});

describe('timestamp strategy (Tickets)', () => {
	it('arms without a flood, then reports 1,234 changes, 600 of them sharing one timestamp across pages, once', async () => {
		const ids = seedTickets(3200);
		const poller = triggerPoller(sim(), TICKETS);
		expect(await poller.poll()).toBeNull();
		const mark = logMark(sim());
		sim().clock.advance(60_000);
		for (let i = 0; i < 600; i++) update(ids[i * 5], 'same instant'); // ids spread over all pages
		for (let i = 0; i < 634; i++) {
			sim().clock.advance(7);
			update(ids[i * 5 + 2], 'one by one');
		}
		const latest = latestChanges(sim(), 'Tickets', mark);
		expect(latest.size).toBe(1234);
		const events = eventsOf(await poller.poll());
		expect(events).toHaveLength(1234);
		expect(events.every((json) => eventOf(json).type === 'updated' && eventOf(json).entity === 'Tickets')).toBe(true);
		expectExactlyTheChanges(events, latest, VERSION);
		expect(await poller.poll()).toBeNull();
	});

	it('catches a lower id changed after its page was read in the next poll, and a higher one in the same poll', async () => {
		const ids = seedTickets(1600);
		const poller = triggerPoller(sim(), TICKETS);
		await poller.poll();
		const mark = logMark(sim());
		sim().clock.advance(60_000);
		for (const id of ids) update(id, 'batch');
		sim().latency(25);
		sim().resetCounters();
		const polling = poller.poll();
		await waitFor(() => sim().counters.byKind.queryNext >= 1); // page 1 read, page 2 in flight
		sim().clock.advance(1000);
		update(ids[3], 'changed behind the poll');
		update(ids[1599], 'changed ahead of the poll');
		const first = eventsOf(await polling);
		sim().latency(0);
		expect(first).toHaveLength(1600);
		expect(first.find((json) => eventOf(json).id === ids[1599])?.title).toBe('changed ahead of the poll');
		expect(first.find((json) => eventOf(json).id === ids[3])?.title).toBe('batch');
		const second = eventsOf(await poller.poll());
		expect(second.map((json) => [eventOf(json).id, json.title])).toEqual([[ids[3], 'changed behind the poll']]);
		expectExactlyTheChanges([...first, ...second], latestChanges(sim(), 'Tickets', mark), VERSION);
	});

	it('reports a record changed twice between polls once, with its latest version, and again after', async () => {
		const [id] = seedTickets(5);
		const poller = triggerPoller(sim(), TICKETS);
		await poller.poll();
		sim().clock.advance(1000);
		update(id, 'first');
		sim().clock.advance(1000);
		update(id, 'second');
		expect(eventsOf(await poller.poll()).map((json) => json.title)).toEqual(['second']);
		sim().clock.advance(1000);
		update(id, 'third');
		expect(eventsOf(await poller.poll()).map((json) => json.title)).toEqual(['third']);
		expect(await poller.poll()).toBeNull();
	});

	it('survives a restart with only persisted static data, and a null poll whose state was never saved', async () => {
		const ids = seedTickets(50);
		const poller = triggerPoller(sim(), TICKETS);
		await poller.poll();
		const mark = logMark(sim());
		sim().clock.advance(1000);
		update(ids[10], 'before restart');
		const events = eventsOf(await poller.poll());
		sim().clock.advance(90_000);
		expect(await poller.poll()).toBeNull(); // moves state in memory only
		sim().clock.advance(1000);
		update(ids[20], 'after restart');
		update(ids[10], 'again after restart');
		const restarted = poller.restart(); // the null poll's state is gone
		events.push(...eventsOf(await restarted.poll()));
		expect(await restarted.poll()).toBeNull();
		expectExactlyTheChanges(events, latestChanges(sim(), 'Tickets', mark), VERSION);
		expect(events.map((json) => json.title)).toEqual(['before restart', 'again after restart', 'after restart']);
	});

	it('drains 20,000 changes made over 6 hours of downtime by the per-poll maximum, oldest first', async () => {
		const ids = seedTickets(20_000);
		const poller = triggerPoller(sim(), { ...TICKETS, options: { ...TICKETS.options, maxEvents: 7000 } });
		await poller.poll();
		const mark = logMark(sim());
		sim().clock.advance(1000);
		update(ids[0], 'last change before going down');
		expect(eventsOf(await poller.poll())).toHaveLength(1); // persisted
		for (const id of [...ids].reverse()) {
			sim().clock.advance(1080); // 20,000 changes over 6 hours
			update(id, 'during downtime');
		}
		const restarted = poller.restart();
		const { events, polls } = await drain(restarted);
		expect(polls).toBe(4);
		const versions = events.map((json) => Date.parse(String(json[VERSION])));
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expectExactlyTheChanges(events, latestChanges(sim(), 'Tickets', mark), VERSION);
	});

	it.each([
		['429', { type: '429' as const, retryAfterSeconds: 0 }],
		['503', { type: '503' as const, retryAfterSeconds: 0 }],
		['dropped connection', { type: 'drop' as const }],
	])('retries a %s mid-poll and emits every change once', async (_name, fault) => {
		const ids = seedTickets(1300);
		const poller = triggerPoller(sim(), TICKETS);
		await poller.poll();
		const mark = logMark(sim());
		sim().clock.advance(5000);
		for (const id of ids) update(id, 'changed');
		sim().faults.schedule([{ match: { kind: 'queryNext' }, nth: 1, ...fault }]);
		const events = eventsOf(await poller.poll());
		expect(sim().counters.faultsInjected).toBe(1);
		expect(await poller.poll()).toBeNull();
		expectExactlyTheChanges(events, latestChanges(sim(), 'Tickets', mark), VERSION);
	});

	it('a poll that fails for good emits nothing, moves nothing, and the next poll delivers everything', async () => {
		const ids = seedTickets(1300);
		const poller = triggerPoller(sim(), TICKETS);
		await poller.poll();
		const mark = logMark(sim());
		sim().clock.advance(5000);
		for (const id of ids) update(id, 'changed');
		const before = poller.liveStaticData();
		sim().faults.schedule([{ match: { kind: 'queryNext' }, type: '503', retryAfterSeconds: 0 }]);
		await expect(poller.poll()).rejects.toThrow();
		expect(poller.liveStaticData()).toEqual(before);
		sim().faults.clear();
		const events = eventsOf(await poller.poll());
		expectExactlyTheChanges(events, latestChanges(sim(), 'Tickets', mark), VERSION);
	});

	it("ignores the credential's own changes and no one else's", async () => {
		const ids = seedTickets(10);
		const other = sim().addApiUser({ userName: 'colleague@sandbox.example', secret: 's', integrationCode: 'OTHERCODE', resourceAdmin: false });
		const own = sim().users.default.resourceId;
		const poller = triggerPoller(sim(), { ...TICKETS, options: { ...TICKETS.options, ignoreOwnChanges: true } });
		await poller.poll();
		sim().clock.advance(1000);
		update(ids[1], 'by the workflow', own);
		update(ids[2], 'by a colleague', other);
		expect(eventsOf(await poller.poll()).map((json) => [eventOf(json).id, json.title])).toEqual([[ids[2], 'by a colleague']]);
		sim().clock.advance(1000);
		update(ids[1], 'now by a colleague', other);
		update(ids[2], 'now by the workflow', own);
		expect(eventsOf(await poller.poll()).map((json) => [eventOf(json).id, json.title])).toEqual([[ids[1], 'now by a colleague']]);
		// The own resource id is looked up once and kept in the state.
		sim().resetCounters();
		expect(await poller.restart().poll()).toBeNull();
		expect(sim().counters.byEntity.Resources ?? 0).toBe(0);
	});

	it('reports only changes to records matching the filter', async () => {
		const [high, other] = seedTickets(40);
		const priority = Number(sim().store.get('Tickets', high)?.priority);
		sim().store.update('Tickets', other, { priority: priority === 1 ? 2 : 1 });
		const filter = { filterConditions: { condition: [{ field: 'priority', operator: 'eq', value: String(priority) }] } };
		const poller = triggerPoller(sim(), { ...TICKETS, ...filter });
		await poller.poll();
		sim().clock.advance(1000);
		update(high, 'matches');
		update(other, 'does not match');
		expect(eventsOf(await poller.poll()).map((json) => [eventOf(json).id, json.title])).toEqual([[high, 'matches']]);
	});

	it('an idle poll costs exactly one request, even after the metadata cache is gone', async () => {
		const ids = seedTickets(100);
		const poller = triggerPoller(sim(), TICKETS);
		await poller.poll();
		sim().clock.advance(1000);
		update(ids[5], 'changed');
		expect(eventsOf(await poller.poll())).toHaveLength(1);
		clearMetadataCache();
		for (let i = 0; i < 2; i++) {
			sim().clock.advance(60_000);
			sim().resetCounters();
			expect(await poller.poll()).toBeNull();
			expect(sim().counters.total).toBe(1);
		}
	});

	it('after a burst of 1,234 changes within the overlap, an idle poll costs one request once the local clock says it is settled', async () => {
		const ids = seedTickets(3200);
		const poller = triggerPoller(sim(), TICKETS);
		await poller.poll();
		sim().clock.advance(2 * 60_000); // the seeded versions are out of the overlap
		for (let i = 0; i < 600; i++) update(ids[i * 5], 'same instant');
		for (let i = 0; i < 634; i++) {
			sim().clock.advance(7);
			update(ids[i * 5 + 2], 'one by one');
		}
		expect(eventsOf(await poller.poll())).toHaveLength(1234);
		// This machine's clock moves on with the simulator's; only its differences are used.
		const realNow = Date.now.bind(Date);
		let ahead = 0;
		const localClock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + ahead);
		try {
			const idle = async (current = poller) => {
				sim().clock.advance(20_000);
				ahead += 20_000;
				sim().resetCounters();
				expect(await current.poll()).toBeNull();
				return sim().counters.total;
			};
			expect(await idle()).toBe(3); // waiting: the overlap is re-read
			expect(await idle()).toBe(3);
			expect(await idle()).toBe(3); // 60 s after the newest change was seen: the last full read
			expect(await idle()).toBe(1);
			expect(await idle()).toBe(1);
			// A restart loses the null polls' state: one more full read, then one request again.
			const restarted = poller.restart();
			expect(await idle(restarted)).toBe(3);
			expect(await idle(restarted)).toBe(1);
		} finally {
			localClock.mockRestore();
		}
	});

	it('created events come from the creation timestamp; a change of settings re-arms without a flood', async () => {
		seedTickets(20);
		const poller = triggerPoller(sim(), { ...TICKETS, event: 'created' });
		await poller.poll();
		sim().clock.advance(1000);
		const companyID = sim().store.all('Tickets')[0].companyID;
		const created = sim().store.insert('Tickets', { title: 'new ticket', companyID, status: 1, priority: 2 });
		update(Number(sim().store.all('Tickets')[3].id), 'only an update');
		expect(eventsOf(await poller.poll()).map((json) => [eventOf(json).id, eventOf(json).type])).toEqual([[created.id, 'created']]);
		const changed = triggerPoller(sim(), { ...TICKETS, event: 'updated' }, { staticData: poller.staticData() });
		expect(await changed.poll()).toBeNull(); // re-armed: nothing from before
		expect(changed.liveStaticData()).not.toEqual(poller.staticData());
	});

	it('Fetch Test Event returns a recent real record in at most two requests and leaves the state alone', async () => {
		const ids = seedTickets(30);
		sim().clock.advance(1000);
		update(ids[7], 'most recent');
		const warm = triggerPoller(sim(), TICKETS, { mode: 'manual' });
		await warm.poll();
		sim().resetCounters();
		const manual = triggerPoller(sim(), TICKETS, { mode: 'manual', staticData: { keep: 'me' } });
		const events = eventsOf(await manual.poll());
		expect(sim().counters.total).toBeLessThanOrEqual(2);
		expect(events.map((json) => [eventOf(json).id, json.title, eventOf(json).type])).toEqual([[ids[7], 'most recent', 'updated']]);
		expect(manual.liveStaticData()).toEqual({ keep: 'me' });
	});
});
