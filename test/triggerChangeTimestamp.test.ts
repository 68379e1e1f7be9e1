/**
 * "What counts as a change" on Tickets, against the simulator: any activity (the automatic choice,
 * lastActivityDate) or changes to tracked fields only (lastTrackedModificationDateTime). Notes and
 * time entries are written through the API, as a user would, so the simulator's side effects on
 * their ticket are what the trigger sees. Also: a state saved by an earlier version keeps its field.
 */
import type { IDataObject } from 'n8n-workflow';

import { AutotaskClient } from '../nodes/transport';
import { buildNode, callMethod, shutdownHarness } from './harness';
import { createFakeContext } from './helpers/fakeContext';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';
import { eventOf, eventsOf, TRIGGER, triggerPoller } from './triggerKit';

const sim = useSimulator({ seed: 'empty', perTest: true, retries: { baseDelayMs: 1, maxDelayMs: 5 } });
afterAll(shutdownHarness);

const TRACKED = 'lastTrackedModificationDateTime';
const ACTIVITY = 'lastActivityDate';

function ticketsTrigger(changeTimestamp?: string): IDataObject {
	return {
		entity: 'Tickets',
		event: 'updated',
		options: { picklistLabels: 'none', ...(changeTimestamp === undefined ? {} : { changeTimestamp }) },
	};
}

async function apiClient(): Promise<AutotaskClient> {
	return await AutotaskClient.forContext(createFakeContext(credentialsFor(sim()).autotaskUserApi).ctx);
}

async function addNote(ticketId: number): Promise<void> {
	const client = await apiClient();
	await client.create(
		{ entity: 'TicketNotes', parent: { entity: 'Tickets', id: ticketId, segment: 'Notes' } },
		{ title: 'Called the customer', description: 'Left a message', noteType: 1, publish: 1 },
	);
}

async function addTimeEntry(ticketId: number): Promise<void> {
	const client = await apiClient();
	await client.create(
		{ entity: 'TimeEntries' },
		{ ticketID: ticketId, resourceID: sim().users.default.resourceId, dateWorked: '2026-12-01T10:00:00Z', hoursWorked: 1 },
	);
}

function seedTickets(count: number): number[] {
	sim().seedLarge('Tickets', count);
	return sim().store.all('Tickets').map((ticket) => Number(ticket.id));
}

/** The version fields of the trigger's queries since the last reset of the request log. */
function polledFields(): string[] {
	const fields = new Set<string>();
	for (const request of sim().requests) {
		if (request.entity?.toLowerCase() !== 'tickets' || request.method !== 'POST') continue;
		const text = JSON.stringify(request.body ?? {});
		for (const name of [TRACKED, ACTIVITY]) if (text.includes(`"${name}"`)) fields.add(name);
	}
	return [...fields].sort();
}

const idsOf = (result: Awaited<ReturnType<ReturnType<typeof triggerPoller>['poll']>>) =>
	eventsOf(result).map((json) => eventOf(json).id);

describe('what counts as a change on Tickets', () => {
	it('automatic is any activity: a note, a time entry and an edit each report their ticket', async () => {
		const [noted, worked, edited, untouched] = seedTickets(4);
		const poller = triggerPoller(sim(), ticketsTrigger());
		expect(await poller.poll()).toBeNull();
		sim().resetCounters();
		sim().clock.advance(1000);
		await addNote(noted);
		sim().clock.advance(1000);
		await addTimeEntry(worked);
		sim().clock.advance(1000);
		sim().store.update('Tickets', edited, { title: 'Printer still jammed' });
		expect(idsOf(await poller.poll())).toEqual([noted, worked, edited]);
		expect(polledFields()).toEqual([ACTIVITY]);
		expect(sim().store.get('Tickets', untouched)?.[ACTIVITY]).toBe(sim().store.get('Tickets', untouched)?.[TRACKED]);
		expect(await poller.poll()).toBeNull();
	});

	it('changes to tracked fields only: notes and time entries are ignored, an edit is reported', async () => {
		const [noted, worked, edited] = seedTickets(3);
		const poller = triggerPoller(sim(), ticketsTrigger(TRACKED));
		expect(await poller.poll()).toBeNull();
		sim().resetCounters();
		sim().clock.advance(1000);
		await addNote(noted);
		await addTimeEntry(worked);
		sim().clock.advance(1000);
		sim().store.update('Tickets', edited, { title: 'Printer still jammed' });
		expect(idsOf(await poller.poll())).toEqual([edited]);
		expect(polledFields()).toEqual([TRACKED]);
		sim().clock.advance(1000);
		await addNote(edited);
		expect(await poller.poll()).toBeNull();
	});

	it('a state saved when automatic meant tracked fields keeps polling that field, and re-arms only when the choice changes', async () => {
		const [noted, edited] = seedTickets(2);
		const armed = triggerPoller(sim(), ticketsTrigger());
		await armed.poll();
		// What the previous version saved: the same settings, a plan on the tracked modification time.
		const staticData = armed.liveStaticData();
		const saved = staticData.autotaskTrigger as { plan: { detection: IDataObject }; detection: IDataObject };
		saved.plan.detection.versionField = TRACKED;
		delete saved.detection.versionField;

		const upgraded = triggerPoller(sim(), ticketsTrigger(), { staticData });
		sim().resetCounters();
		sim().clock.advance(1000);
		await addNote(noted);
		sim().clock.advance(1000);
		sim().store.update('Tickets', edited, { title: 'Edited after the upgrade' });
		expect(idsOf(await upgraded.poll())).toEqual([edited]);
		expect(polledFields()).toEqual([TRACKED]);

		// Choosing "any activity" explicitly is a new setting: the trigger arms again from now and
		// never reads the lastActivityDate window through the old field's watermark.
		const switched = triggerPoller(sim(), ticketsTrigger(ACTIVITY), { staticData: upgraded.liveStaticData() });
		sim().resetCounters();
		expect(await switched.poll()).toBeNull();
		expect(polledFields()).toEqual([ACTIVITY]);
		sim().clock.advance(1000);
		await addNote(noted);
		expect(idsOf(await switched.poll())).toEqual([noted]);
	});

	it('the dropdown explains each change timestamp in words, the automatic choice first', async () => {
		const node = buildNode(TRIGGER, { entity: 'Tickets', event: 'updated' });
		const options = (await callMethod('loadOptions', 'getTimestampFields', { node, credentials: credentialsFor(sim()) })) as Array<{
			name: string;
			value: string;
		}>;
		expect(options.slice(0, 5)).toEqual([
			{ name: 'Automatic: Any activity (edits, notes, time entries): lastActivityDate', value: '' },
			{ name: 'Any activity (edits, notes, time entries): lastActivityDate', value: ACTIVITY },
			{ name: `Changes to tracked fields only (not notes or other activity): ${TRACKED}`, value: TRACKED },
			{ name: 'The customer was notified: lastCustomerNotificationDateTime', value: 'lastCustomerNotificationDateTime' },
			{ name: 'Activity the customer can see: lastCustomerVisibleActivityDateTime', value: 'lastCustomerVisibleActivityDateTime' },
		]);
		expect(options.map((option) => option.value)).toContain('dueDateTime');
	});
});
