/**
 * Robustness under API faults: a seeded run of mixed work (ticket creates, updates, deletes,
 * queries, portal user creates, grants and revokes, and two polling triggers) while about 10% of
 * all requests fail as 429, thread threshold, 503, 500 or dropped connections (before and after
 * Autotask processed them).
 *
 * The driver behaves like a careful user: it re-runs what failed, and where an error says a create
 * may or may not have happened, it looks in Autotask (the simulator's store) before creating again.
 * Afterwards the tenant must hold exactly the intended state, no create may exist twice, the
 * triggers must have reported every change exactly once, and every error the user saw must say
 * whether running it again is safe, and why.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { MANUAL_TRIGGER, buildNode, chain, createPoller, registerPackageNode, runWorkflow, shutdownHarness } from './harness';
import type { Poller } from './harness';
import { runNode } from './helpers/nodeRun';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';
import type { FaultRule, WireRecord } from './simulator';

const AUTOTASK = registerPackageNode(new Autotask());
const PORTAL_USER = registerPackageNode(new AutotaskClientPortalUser());
const TRIGGER = registerPackageNode(new AutotaskTrigger());

/** Shifts every fault seed: `FAULT_SEED=7 npx jest test/faults` explores another fault pattern. */
const SEED = Number(process.env.FAULT_SEED ?? 0);

/** About 10% of all requests fail; the after-commit kinds are the ones that can duplicate a create. */
const FAULTS: FaultRule[] = [
	{ type: '429', probability: 0.02, seed: 11 + SEED },
	{ type: 'threadThreshold', probability: 0.02, seed: 12 + SEED },
	{ type: '503', probability: 0.015, seed: 13 + SEED },
	{ type: '500', probability: 0.015, seed: 14 + SEED },
	{ type: 'drop', probability: 0.015, seed: 15 + SEED },
	{ type: 'dropAfterCommit', probability: 0.01, seed: 16 + SEED },
	{ type: '500AfterCommit', probability: 0.01, seed: 17 + SEED },
];

/** Every final error carries the transport's retry note: what was retried, or why not. */
const RETRY_NOTE = /Not retried: \S|then not retried again: \S|every attempt failed/;
/** A create that may have reached Autotask says so, and why it was not sent again. */
const UNSAFE_CREATE = /may or may not have happened(?: in Autotask)?; it was not retried to avoid creating a duplicate/;

const ROUNDS = 12;
const CREATES_PER_ROUND = 4;
const MAX_ROUNDS = 40;

const sim = useSimulator({ seed: 'small', retries: { baseDelayMs: 1, maxDelayMs: 4 } });
afterAll(shutdownHarness);

// ------------------------------------------------------------------------------------------------
// Running work and reading what the user saw

type ItemOutcome = { ok: true; json: IDataObject } | { ok: false; error: string };

interface SeenError {
	what: string;
	text: string;
}

const errorsSeen: SeenError[] = [];

function errorText(json: IDataObject): string {
	return `${String(json.error ?? '')} | ${String(json.details ?? '')}`;
}

/**
 * Runs one node over `items` with continue-on-fail (or without, for single items) and returns
 * each item's outcome. A failure of the whole node fails every item with its message.
 */
async function runWork(
	what: string,
	type: string,
	parameters: IDataObject,
	items: IDataObject[],
	continueOnFail = true,
): Promise<ItemOutcome[]> {
	const result = await runNode(type, sim(), parameters, { items, continueOnFail, name: 'Work' });
	const failAll = (text: string): ItemOutcome[] => {
		errorsSeen.push({ what, text });
		return items.map(() => ({ ok: false, error: text }));
	};
	if (result.status === 'error') return failAll(`${result.error?.message ?? ''} | ${result.error?.description ?? ''}`);
	const output: INodeExecutionData[] = result.output('Work');
	const outcomes: Array<ItemOutcome | undefined> = items.map(() => undefined);
	for (const item of output) {
		const paired = item.pairedItem;
		const index = typeof paired === 'object' && paired !== null && !Array.isArray(paired) ? paired.item : undefined;
		if (index === undefined) {
			// n8n's own error item for a node that failed as a whole under continue-on-fail.
			return failAll(errorText(item.json));
		}
		if (item.json.error !== undefined) {
			errorsSeen.push({ what, text: errorText(item.json) });
			outcomes[index] = { ok: false, error: errorText(item.json) };
		} else {
			outcomes[index] = { ok: true, json: item.json };
		}
	}
	return outcomes.map((outcome) => outcome ?? { ok: false, error: 'no output for this item' });
}

/** Moves Autotask's clock on, so that every workflow run writes distinct timestamps. */
function tick(): void {
	sim().clock.advance(2_000);
}

// ------------------------------------------------------------------------------------------------
// The intended work

const TITLE_PREFIX = 'Fault run ticket';
const ticketTitle = (n: number) => `${TITLE_PREFIX} ${String(n).padStart(2, '0')}`;
const ticketsTitled = (title: string) => sim().store.all('Tickets').filter((ticket) => ticket.title === title);

interface TicketEvents {
	poller: Poller;
	/** The change log's last sequence number when the trigger was armed. */
	since: number;
	events: IDataObject[];
}

interface PortalEvents {
	poller: Poller;
	/** What the portal users looked like at the last successful poll. */
	shadow: Map<number, string>;
	polls: number;
}

const portalSnapshot = (user: WireRecord) => JSON.stringify({ ...user, password: undefined });
const currentPortalUsers = () => new Map(sim().store.all('ClientPortalUsers').map((user) => [user.id as number, portalSnapshot(user)]));

async function pollTickets(trigger: TicketEvents): Promise<boolean> {
	tick();
	try {
		const result = await trigger.poller.poll();
		trigger.events.push(...(result?.[0] ?? []).map((item) => item.json));
		return (result?.[0]?.length ?? 0) === 0;
	} catch (error) {
		const { message, description } = error as { message: string; description?: string };
		errorsSeen.push({ what: 'poll Tickets', text: `${message} | ${description ?? ''}` });
		return false;
	}
}

/** Polls the portal user trigger and checks, poll by poll, that it reports exactly what changed. */
async function pollPortalUsers(trigger: PortalEvents): Promise<boolean> {
	let emitted: IDataObject[];
	try {
		emitted = ((await trigger.poller.poll())?.[0] ?? []).map((item) => item.json);
	} catch (error) {
		const { message, description } = error as { message: string; description?: string };
		errorsSeen.push({ what: 'poll ClientPortalUsers', text: `${message} | ${description ?? ''}` });
		return false;
	}
	trigger.polls++;
	const now = currentPortalUsers();
	const expected = [...now]
		.filter(([id, snapshot]) => trigger.shadow.get(id) !== snapshot)
		.map(([id]) => [id, trigger.shadow.has(id) ? 'updated' : 'created']);
	const reported = emitted.map((json) => [(json.event as IDataObject).id, (json.event as IDataObject).type]);
	expect(reported.sort()).toEqual(expected.sort());
	trigger.shadow = now;
	return emitted.length === 0;
}

describe('one fault at a time', () => {
	afterEach(() => sim().faults.clear());

	const companyID = () => sim().store.all('Companies')[0].id as number;
	const once = (type: FaultRule['type'], match: FaultRule['match'], extra: Partial<FaultRule> = {}) =>
		sim().faults.schedule([{ type, match, nth: 1, ...extra }]);
	const createTicket = async (title: string) =>
		(
			await runWork('create Tickets', AUTOTASK, {
				operation: 'create',
				entity: 'Tickets',
				fieldsSource: 'json',
				fieldsJson: JSON.stringify({ companyID: companyID(), title, status: 1, priority: 1 }),
			}, [{}], false)
		)[0];
	const createRequests = (title: string) =>
		sim().requests.filter((request) => request.kind === 'create' && (request.body as IDataObject | undefined)?.title === title);

	it.each([
		['429', 1],
		['threadThreshold', 1],
	] as const)('retries a create refused up front (%s): one record, sent twice', async (type, records) => {
		const title = `Single fault ${type}`;
		once(type, { kind: 'create', entity: 'Tickets' });
		const outcome = await createTicket(title);
		expect(outcome.ok).toBe(true);
		expect(ticketsTitled(title)).toHaveLength(records);
		expect(createRequests(title).map((request) => request.status)).toEqual([type === '429' ? 429 : 500, 200]);
	});

	it.each([
		['drop', 0],
		['503', 0],
		['500', 0],
		['dropAfterCommit', 1],
		['500AfterCommit', 1],
	] as const)('never resends a create that may have reached Autotask (%s), and says so', async (type, records) => {
		const title = `Single fault ${type}`;
		once(type, { kind: 'create', entity: 'Tickets' });
		const outcome = await createTicket(title);
		expect(outcome.ok).toBe(false);
		expect(!outcome.ok && outcome.error).toMatch(UNSAFE_CREATE);
		expect(!outcome.ok && outcome.error).toContain('Check Autotask before running it again');
		expect(createRequests(title)).toHaveLength(1);
		expect(ticketsTitled(title)).toHaveLength(records);
	});

	it('does not report creates as failed when only reading them back failed (a re-run would duplicate them)', async () => {
		const titles = ['Read-back fault 1', 'Read-back fault 2'];
		await createTicket('Read-back warm-up');
		once('500', { kind: 'query', entity: 'Tickets' });
		const outcomes = await runWork('create Tickets', AUTOTASK, {
			operation: 'create',
			entity: 'Tickets',
			fieldsSource: 'json',
			fieldsJson: `={{ JSON.stringify({ companyID: ${companyID()}, title: $json.title, status: 1, priority: 1 }) }}`,
		}, titles.map((title) => ({ title })), false);
		for (const [index, title] of titles.entries()) {
			const [ticket] = ticketsTitled(title);
			expect(outcomes[index]).toEqual({
				ok: true,
				json: { id: ticket.id, readBackError: expect.stringMatching(/^Saved in Autotask, but reading the record back failed \(do not write it again\): An unexpected error has occurred/) },
			});
		}
	});

	it('does not blame the zone for a connection that broke mid-request', async () => {
		once('drop', { kind: 'create', entity: 'Tickets' });
		const outcome = await createTicket('Single fault hint');
		expect(!outcome.ok && outcome.error).toContain('The connection broke while Autotask was handling the request');
		expect(!outcome.ok && outcome.error).not.toContain('reachable from n8n');
	});

	const updateTicket = async (id: number, description: string) =>
		(
			await runWork('update Tickets', AUTOTASK, {
				operation: 'update',
				entity: 'Tickets',
				recordId: String(id),
				fieldsSource: 'json',
				fieldsJson: JSON.stringify({ description }),
			}, [{}], false)
		)[0];

	it.each(['429', 'threadThreshold', '503', 'drop', 'dropAfterCommit'] as const)('retries an update through %s', async (type) => {
		const id = sim().store.all('Tickets')[1].id as number;
		once(type, { kind: 'update' });
		const outcome = await updateTicket(id, `after ${type}`);
		expect(outcome).toMatchObject({ ok: true, json: { id, description: `after ${type}` } });
		expect(sim().store.get('Tickets', id)?.description).toBe(`after ${type}`);
	});

	it.each([
		['500', false],
		['500AfterCommit', true],
	] as const)('reports an update that got an unexplained 500 (%s) as safe to run again', async (type, saved) => {
		const id = sim().store.all('Tickets')[2].id as number;
		const before = sim().store.get('Tickets', id)?.description;
		once(type, { kind: 'update' });
		const outcome = await updateTicket(id, `after ${type}`);
		expect(!outcome.ok && outcome.error).toContain(
			'Not retried: Autotask answered HTTP 500 with an error of its own rather than a rule the request broke, so the change may or may not have been saved. Running it again is safe',
		);
		expect(sim().store.get('Tickets', id)?.description).toBe(saved ? `after ${type}` : before);
		expect((await updateTicket(id, `after ${type}`)).ok).toBe(true);
	});

	const timeEntry = () =>
		sim().store.insert('TimeEntries', {
			ticketID: sim().store.all('Tickets')[0].id,
			resourceID: sim().users.default.resourceId,
			dateWorked: new Date('2026-11-01T00:00:00Z'),
			hoursWorked: 1,
			summaryNotes: 'Single fault',
		}).id as number;
	const deleteEntry = async (id: number) =>
		(await runWork('delete TimeEntries', AUTOTASK, { operation: 'delete', entity: 'TimeEntries', recordId: String(id) }, [{}], false))[0];

	it('counts a delete whose answer was lost and whose resend found nothing as done', async () => {
		const id = timeEntry();
		once('dropAfterCommit', { kind: 'delete' });
		sim().resetCounters();
		expect(await deleteEntry(id)).toMatchObject({ ok: true, json: { id, deleted: true } });
		expect(sim().requests.filter((request) => request.kind === 'delete')).toHaveLength(2);
		expect(sim().store.get('TimeEntries', id)).toBeUndefined();
	});

	it('explains a delete run again after an unexplained 500: the record may be gone already', async () => {
		const id = timeEntry();
		once('500AfterCommit', { kind: 'delete' });
		const first = await deleteEntry(id);
		expect(!first.ok && first.error).toContain('so the change may or may not have been saved. Running it again is safe');
		const again = await deleteEntry(id);
		expect(!again.ok && again.error).toContain('No such TimeEntries record exists for this API user: it may have been deleted already');
		expect(!again.ok && again.error).not.toContain('Permission missing');
	});

	it('reports a read that got an unexplained 500 as safe to run again, and retries a 503 and a 429 with Retry-After', async () => {
		const getMany = async () =>
			await runWorkflow(
				chain([buildNode(MANUAL_TRIGGER), buildNode(AUTOTASK, { operation: 'getMany', entity: 'Companies', returnAll: true }, { name: 'Query' })]),
				{ credentials: credentialsFor(sim()) },
			);
		once('500', { kind: 'query' });
		const failed = await getMany();
		expect(failed.status).toBe('error');
		expect(failed.error?.description).toContain('Not retried: Autotask answered HTTP 500 with an error of its own rather than a rule the request broke; a read changes nothing, so running it again is safe');

		sim().faults.clear();
		once('503', { kind: 'query' });
		expect((await getMany()).status).toBe('success');

		sim().faults.clear();
		once('429', { kind: 'query' }, { retryAfterSeconds: 1 });
		const started = Date.now();
		expect((await getMany()).status).toBe('success');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('a failed poll changes nothing: the next poll reports the change once', async () => {
		const poller = createPoller({ node: buildNode(TRIGGER, { entity: 'Tickets', event: 'createdOrUpdated' }, { name: 'Single' }), credentials: credentialsFor(sim()) });
		expect(await poller.poll()).toBeNull();
		tick();
		const id = sim().store.all('Tickets')[3].id as number;
		sim().store.update('Tickets', id, { description: 'changed before a failing poll' });
		once('500', { kind: 'query' });
		await expect(poller.poll()).rejects.toMatchObject({
			description: expect.stringContaining('a read changes nothing, so running it again is safe'),
		});
		const events = ((await poller.poll())?.[0] ?? []).map((item) => item.json);
		expect(events.map((json) => (json.event as IDataObject).id)).toEqual([id]);
		expect(await poller.poll()).toBeNull();
	});
});

it('ends in exactly the intended state under 10% request faults, with no duplicate and no lost or repeated event', async () => {
	// ---- Setup, before any fault: things to delete, portal users to switch, triggers armed.
	const resourceID = sim().users.default.resourceId;
	const ticketForTime = sim().store.all('Tickets')[0].id as number;
	const timeEntries = Array.from({ length: ROUNDS * 2 }, (_, n) =>
		sim().store.insert('TimeEntries', { ticketID: ticketForTime, resourceID, dateWorked: new Date('2026-11-01T00:00:00Z'), hoursWorked: 1 + n, summaryNotes: `To delete ${n}` }).id as number,
	);
	const companyID = sim().store.all('Companies')[0].id as number;
	const seedTickets = sim().store.all('Tickets').map((ticket) => ticket.id as number);
	const switched = sim().store.all('ClientPortalUsers').slice(0, 4).map((user) => user.id as number);
	const portalContacts = [0, 1].map(
		(n) =>
			sim().store.insert('Contacts', { companyID, firstName: 'Fault', lastName: `Run ${n}`, emailAddress: `fault.run.${n}@client.example`, isActive: 1 }).id as number,
	);

	const tickets: TicketEvents = {
		poller: createPoller({ node: buildNode(TRIGGER, { entity: 'Tickets', event: 'createdOrUpdated' }, { name: 'Tickets' }), credentials: credentialsFor(sim()) }),
		since: 0,
		events: [],
	};
	const portal: PortalEvents = {
		poller: createPoller({ node: buildNode(TRIGGER, { entity: 'ClientPortalUsers', event: 'createdOrUpdated' }, { name: 'Portal' }), credentials: credentialsFor(sim()) }),
		shadow: currentPortalUsers(),
		polls: 0,
	};
	expect(await tickets.poller.poll()).toBeNull();
	expect(await portal.poller.poll()).toBeNull();
	const log = sim().store.changeLog;
	tickets.since = log.length ? log[log.length - 1].seq : 0;

	sim().resetCounters();
	sim().faults.schedule(FAULTS);

	// ---- What the user wants, and what is still to do.
	const pendingCreates = new Set<number>();
	const desiredDescription = new Map<number, string>();
	const pendingUpdates = new Set<number>();
	const pendingDeletes = new Set<number>();
	const desiredAccess = new Map(switched.map((id) => [id, sim().store.get('ClientPortalUsers', id)?.isClientPortalActive === true]));
	const pendingAccess = new Set<number>();
	const firstAccessAttempt = new Set<number>();
	const pendingPortalCreates = new Set<number>(portalContacts);
	let createAttempts = 0;

	/** A create whose outcome is unknown: look in Autotask before trying again. */
	const settleCreate = (title: string, error: string) => {
		if (!UNSAFE_CREATE.test(error)) return;
		const found = ticketsTitled(title);
		expect(found.length).toBeLessThanOrEqual(1);
		if (found.length === 1) pendingCreates.delete(Number(title.slice(TITLE_PREFIX.length)));
	};

	let round = 0;
	const workLeft = () =>
		pendingCreates.size + pendingUpdates.size + pendingDeletes.size + pendingAccess.size + pendingPortalCreates.size;
	while (round < ROUNDS || workLeft() > 0) {
		round++;
		if (round > MAX_ROUNDS) {
			const pending = { creates: [...pendingCreates], updates: [...pendingUpdates], deletes: [...pendingDeletes], access: [...pendingAccess], portalCreates: [...pendingPortalCreates] };
			throw new Error(`Work still pending after ${MAX_ROUNDS} rounds: ${JSON.stringify(pending)}; last errors: ${errorsSeen.slice(-3).map((error) => `${error.what}: ${error.text}`).join('\n')}`);
		}
		if (round <= ROUNDS) {
			for (let n = 1; n <= CREATES_PER_ROUND; n++) pendingCreates.add((round - 1) * CREATES_PER_ROUND + n);
			for (const id of seedTickets.filter((_, index) => index % ROUNDS === round - 1 || index % 3 === round % 3)) {
				desiredDescription.set(id, `Fault run round ${round}`);
				pendingUpdates.add(id);
			}
			for (const id of timeEntries.slice((round - 1) * 2, round * 2)) pendingDeletes.add(id);
			for (const id of switched.filter((_, index) => index % 2 === round % 2)) {
				// Strict only when the previous switch is known to be done; otherwise its outcome is unknown.
				if (pendingAccess.has(id)) firstAccessAttempt.delete(id);
				else firstAccessAttempt.add(id);
				desiredAccess.set(id, !desiredAccess.get(id));
				pendingAccess.add(id);
			}
		}

		// Creates (one batch, continue-on-fail).
		if (pendingCreates.size) {
			tick();
			const numbers = [...pendingCreates];
			createAttempts += numbers.length;
			const outcomes = await runWork('create Tickets', AUTOTASK, {
				operation: 'create',
				entity: 'Tickets',
				fieldsSource: 'json',
				fieldsJson: `={{ JSON.stringify({ companyID: ${companyID}, title: $json.title, status: 1, priority: 1 }) }}`,
			}, numbers.map((n) => ({ title: ticketTitle(n) })));
			outcomes.forEach((outcome, index) => {
				if (outcome.ok) pendingCreates.delete(numbers[index]);
				else settleCreate(ticketTitle(numbers[index]), outcome.error);
			});
		}

		// Updates (one batch, continue-on-fail), each with the latest wanted value.
		if (pendingUpdates.size) {
			tick();
			const ids = [...pendingUpdates];
			const outcomes = await runWork('update Tickets', AUTOTASK, {
				operation: 'update',
				entity: 'Tickets',
				recordId: '={{ $json.id }}',
				fieldsSource: 'json',
				fieldsJson: '={{ JSON.stringify({ description: $json.description }) }}',
			}, ids.map((id) => ({ id, description: desiredDescription.get(id) })));
			outcomes.forEach((outcome, index) => {
				if (outcome.ok) {
					if (outcome.json.readBackError === undefined) expect(outcome.json.description).toBe(desiredDescription.get(ids[index]));
					pendingUpdates.delete(ids[index]);
				}
			});
		}

		// Deletes: one workflow per record, without continue-on-fail (the node fails as a whole).
		for (const id of [...pendingDeletes]) {
			tick();
			const [outcome] = await runWork('delete TimeEntries', AUTOTASK, { operation: 'delete', entity: 'TimeEntries', recordId: String(id) }, [{}], false);
			// "may have been deleted already": the user looks, and finds it gone.
			if (outcome.ok || (/deleted already/.test(outcome.error) && !sim().store.get('TimeEntries', id))) pendingDeletes.delete(id);
		}

		// A query, checked against the tenant.
		tick();
		const query = await runWorkflow(
			chain([
				buildNode(MANUAL_TRIGGER),
				buildNode(AUTOTASK, {
					operation: 'getMany',
					entity: 'Tickets',
					returnAll: true,
					filterConditions: { condition: [{ field: 'title', operator: 'beginsWith', value: TITLE_PREFIX }] },
				}, { name: 'Query' }),
			]),
			{ credentials: credentialsFor(sim()) },
		);
		if (query.status === 'success') {
			const expectedIds = sim().store.all('Tickets').filter((ticket) => String(ticket.title).startsWith(TITLE_PREFIX)).map((ticket) => ticket.id);
			expect(query.output('Query').map((item) => item.json.id).sort()).toEqual(expectedIds.sort());
		} else {
			errorsSeen.push({ what: 'get many Tickets', text: `${query.error?.message ?? ''} | ${query.error?.description ?? ''}` });
		}

		// Grants and revokes (a batch per direction); re-runs pass users already switched through.
		for (const grant of [true, false]) {
			const ids = [...pendingAccess].filter((id) => desiredAccess.get(id) === grant);
			if (!ids.length) continue;
			tick();
			const firstTime = ids.filter((id) => firstAccessAttempt.has(id));
			const again = ids.filter((id) => !firstAccessAttempt.has(id));
			for (const [group, ignoreIfAlready] of [[firstTime, false], [again, true]] as const) {
				if (!group.length) continue;
				const outcomes = await runWork(grant ? 'grant access' : 'revoke access', PORTAL_USER, {
					operation: grant ? 'grantAccess' : 'revokeAccess',
					findBy: 'id',
					portalUserId: '={{ $json.id }}',
					options: { ignoreIfAlready },
				}, group.map((id) => ({ id })));
				outcomes.forEach((outcome, index) => {
					firstAccessAttempt.delete(group[index]);
					if (outcome.ok) {
						if (outcome.json.readBackError === undefined) expect(outcome.json.status).toBe(grant ? 'ACTIVE' : 'TERMINATED');
						pendingAccess.delete(group[index]);
					}
				});
			}
		}

		// Portal user creates (by contact id); an unknown outcome is checked in Autotask first.
		if (pendingPortalCreates.size) {
			tick();
			const contactIds = [...pendingPortalCreates];
			createAttempts += contactIds.length;
			const outcomes = await runWork('create portal users', PORTAL_USER, {
				operation: 'create',
				contact: { __rl: true, mode: 'id', value: '={{ $json.contactId }}' },
				securityLevel: 1,
				passwordMode: 'generate',
			}, contactIds.map((contactId) => ({ contactId })));
			outcomes.forEach((outcome, index) => {
				const contactId = contactIds[index];
				if (outcome.ok) pendingPortalCreates.delete(contactId);
				else if (UNSAFE_CREATE.test(outcome.error)) {
					const existing = sim().store.all('ClientPortalUsers').filter((user) => user.contactID === contactId);
					if (existing.length === 1) pendingPortalCreates.delete(contactId);
				}
			});
		}

		await pollTickets(tickets);
		await pollPortalUsers(portal);
	}

	// Drain both triggers (still under faults) until a poll succeeds with nothing new.
	for (let polls = 0; !(await pollTickets(tickets)); polls++) if (polls > 30) throw new Error('Tickets trigger does not settle');
	for (let polls = 0; !(await pollPortalUsers(portal)); polls++) if (polls > 30) throw new Error('Portal trigger does not settle');

	// ---- The tenant holds exactly the intended state.
	for (let n = 1; n <= ROUNDS * CREATES_PER_ROUND; n++) expect([ticketTitle(n), ticketsTitled(ticketTitle(n)).length]).toEqual([ticketTitle(n), 1]);
	for (const [id, description] of desiredDescription) expect([id, sim().store.get('Tickets', id)?.description]).toEqual([id, description]);
	for (const id of timeEntries) expect(sim().store.get('TimeEntries', id)).toBeUndefined();
	for (const [id, active] of desiredAccess) expect([id, sim().store.get('ClientPortalUsers', id)?.isClientPortalActive]).toEqual([id, active]);
	for (const contactId of portalContacts) {
		expect(sim().store.all('ClientPortalUsers').filter((user) => user.contactID === contactId)).toHaveLength(1);
	}

	// ---- The Tickets trigger reported every change once, with its latest version.
	const latest = new Map<number, number>();
	for (const entry of sim().store.changeLog) {
		if (entry.seq > tickets.since && entry.entity === 'Tickets') latest.set(entry.id, Date.parse(entry.at));
	}
	const seen = new Set<string>();
	const lastEmitted = new Map<number, number>();
	for (const json of tickets.events) {
		const id = Number((json.event as IDataObject).id);
		const version = Date.parse(String(json.lastActivityDate));
		expect(seen.has(`${id}@${version}`)).toBe(false);
		seen.add(`${id}@${version}`);
		expect(version).toBeGreaterThan(lastEmitted.get(id) ?? Number.NEGATIVE_INFINITY);
		lastEmitted.set(id, version);
	}
	expect([...lastEmitted].sort()).toEqual([...latest].sort());

	// ---- The faults happened, and every error the user saw explained itself.
	expect(sim().counters.faultsInjected).toBeGreaterThanOrEqual(15);
	expect(sim().counters.threadRejections).toBe(0);
	expect(errorsSeen.length).toBeGreaterThan(0);
	const unexplained = errorsSeen.filter((error) => !RETRY_NOTE.test(error.text));
	expect(unexplained).toEqual([]);
	// Failures of the create request itself (not of a look-up before it), other than refusals up front.
	const createErrors = errorsSeen.filter((error) => /\bcreate on \w+/.test(error.text) && !/Itgenatr005|threshold/i.test(error.text));
	for (const error of createErrors) expect(error.text).toMatch(UNSAFE_CREATE);
	expect(createAttempts).toBeGreaterThanOrEqual(ROUNDS * CREATES_PER_ROUND + portalContacts.length);
	expect(portal.polls).toBeGreaterThanOrEqual(ROUNDS / 2);
	sim().faults.clear();
});
