/**
 * Reference labels (`<field>_label` beside companyID, contactID, assignedResourceID, ...) on every
 * read, through n8n-core against the simulator: the labels are the referenced records' names, and
 * the lookups cost one `id in [...]` query per referenced entity per 500 ids, never one per item.
 */
import type { IDataObject } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { AutotaskWebhookTrigger } from '../nodes/AutotaskWebhookTrigger/AutotaskWebhookTrigger.node';
import { referencedEntity } from '../nodes/common/referenceLabels';
import { buildNode, callMethod, createWebhookHost, registerPackageNode, shutdownHarness } from './harness';
import type { RunResult } from './harness';
import { runNode } from './helpers/nodeRun';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';
import { startSimulator } from './simulator';
import { eventsOf, triggerPoller, waitFor } from './triggerKit';

const AUTOTASK = registerPackageNode(new Autotask());
const PORTAL_USER = registerPackageNode(new AutotaskClientPortalUser());
const RESOURCE = registerPackageNode(new AutotaskResource());
const WEBHOOK_TRIGGER = registerPackageNode(new AutotaskWebhookTrigger());

const sim = useSimulator({ retries: { baseDelayMs: 1, maxDelayMs: 5 } });
afterAll(shutdownHarness);

const TICKET_REFERENCES = ['companyID', 'contactID', 'assignedResourceID'];
const LABELS = { referenceLabels: true, referenceLabelFields: TICKET_REFERENCES };

async function ok(type: string, parameters: IDataObject, items?: IDataObject[]): Promise<IDataObject[]> {
	const result: RunResult = await runNode(type, sim(), parameters, { items });
	if (result.status !== 'success') throw new Error(`Run failed: ${result.error?.message} (${result.error?.description ?? ''})`);
	return result.output(result.executedNodes[result.executedNodes.length - 1]).map((item) => item.json);
}

/** Query requests (first pages and next pages) the simulator received for an entity since the last reset. */
const queriesOf = (entity: string) =>
	sim().requests.filter((request) => request.entity === entity && (request.kind === 'query' || request.kind === 'queryNext')).length;
const getsOf = (entity: string) => sim().requests.filter((request) => request.entity === entity && request.kind === 'get').length;

const fullName = (record: IDataObject | undefined) => (record ? `${String(record.firstName)} ${String(record.lastName)}` : null);
const companyName = (id: unknown) => (sim().store.get('Companies', Number(id))?.companyName as string | undefined) ?? null;
const contactName = (id: unknown) => fullName(sim().store.get('Contacts', Number(id)) as IDataObject | undefined);
const resourceName = (id: unknown) => fullName(sim().store.get('Resources', Number(id)) as IDataObject | undefined);

const distinct = (records: IDataObject[], field: string) => new Set(records.map((record) => record[field]).filter((id) => id !== null)).size;

describe('the referenced entity of a reference field', () => {
	it('maps Autotask\'s singular referenceEntityType to the REST entity', () => {
		expect(referencedEntity('Company')?.name).toBe('Companies');
		expect(referencedEntity('ConfigurationItem')?.name).toBe('ConfigurationItems');
		expect(referencedEntity('Country')?.name).toBe('Countries');
		expect(referencedEntity('Resource')?.name).toBe('Resources');
		expect(referencedEntity('NoSuchThing')).toBeUndefined();
		expect(referencedEntity('')).toBeUndefined();
	});
});

describe('Get Many of 1,200 tickets with three reference fields', () => {
	beforeAll(() => {
		sim().seedLarge('Companies', 700);
		sim().seedLarge('Contacts', 700);
		sim().seedLarge('Tickets', 1200);
	});

	it('labels every company, contact and resource with at most 3 x ceil(N/500) queries, none per item', async () => {
		sim().resetCounters();
		const tickets = await ok(AUTOTASK, { operation: 'getMany', entity: 'Tickets', returnAll: true, options: LABELS });
		expect(tickets.length).toBeGreaterThanOrEqual(1200);
		for (const ticket of tickets) {
			expect(ticket.companyID_label).toBe(companyName(ticket.companyID));
			expect(ticket.contactID_label).toBe(ticket.contactID === null ? null : contactName(ticket.contactID));
			expect(ticket.assignedResourceID_label).toBe(ticket.assignedResourceID === null ? null : resourceName(ticket.assignedResourceID));
		}
		expect(tickets.find((ticket) => ticket.companyID_label === 'Acme Managed Client')).toBeDefined();

		const pages = Math.ceil(tickets.length / 500);
		expect(queriesOf('Tickets')).toBe(pages);
		// Exactly one query per 500 distinct ids of each referenced entity: more than 500 companies
		// and contacts are referenced, so those take two.
		const labelQueries = queriesOf('Companies') + queriesOf('Contacts') + queriesOf('Resources');
		expect(distinct(tickets, 'companyID')).toBeGreaterThan(500);
		expect(queriesOf('Companies')).toBe(Math.ceil(distinct(tickets, 'companyID') / 500));
		expect(queriesOf('Contacts')).toBe(Math.ceil(distinct(tickets, 'contactID') / 500));
		expect(queriesOf('Resources')).toBe(Math.ceil(distinct(tickets, 'assignedResourceID') / 500));
		expect(labelQueries).toBeLessThanOrEqual(TICKET_REFERENCES.length * pages);
		expect(getsOf('Companies') + getsOf('Contacts') + getsOf('Resources')).toBe(0);
		// Each lookup asks only for the display fields.
		const lookup = sim().requests.find((request) => request.entity === 'Contacts' && request.kind === 'query');
		expect((lookup?.body as IDataObject).IncludeFields).toEqual(['id', 'firstName', 'lastName']);
	});

	it('labels nothing and sends no lookup when the option is off', async () => {
		sim().resetCounters();
		const tickets = await ok(AUTOTASK, { operation: 'getMany', entity: 'Tickets', limit: 20 });
		expect(tickets[0]).not.toHaveProperty('companyID_label');
		expect(queriesOf('Companies') + queriesOf('Contacts') + queriesOf('Resources')).toBe(0);
	});
});

describe('Get, item by item', () => {
	it('looks the references of 40 items up together: one query per referenced entity', async () => {
		const ids = sim().store.all('Tickets').slice(0, 40).map((ticket) => ({ id: ticket.id as number }));
		sim().resetCounters();
		const tickets = await ok(AUTOTASK, { operation: 'get', entity: 'Tickets', recordId: '={{ $json.id }}', options: LABELS }, ids);
		expect(tickets).toHaveLength(40);
		for (const ticket of tickets) expect(ticket.companyID_label).toBe(companyName(ticket.companyID));
		expect(queriesOf('Companies')).toBe(1);
		expect(queriesOf('Contacts')).toBe(1);
		expect(queriesOf('Resources')).toBe(1);
	});

	it('gives null, without an error, for an id that does not exist and for an entity the user cannot read', async () => {
		const [first] = sim().store.all('Tickets');
		sim().store.update('Tickets', Number(first.id), { contactID: 987654321 });
		sim().resetCounters();
		// All reference fields: Roles are not offered by this tenant (the simulator answers 404).
		const [ticket] = await ok(AUTOTASK, { operation: 'get', entity: 'Tickets', recordId: String(first.id), options: { referenceLabels: true } });
		expect(ticket.contactID).toBe(987654321);
		expect(ticket.contactID_label).toBeNull();
		expect(ticket.assignedResourceRoleID).toBe(29683000);
		expect(ticket.assignedResourceRoleID_label).toBeNull();
		expect(ticket.companyID_label).toBe(companyName(ticket.companyID));
		// Every reference field gets its label column, null where the field is empty.
		expect(ticket.projectID_label).toBeNull();
		const roleRequests = sim().requests.filter((request) => /\/Roles\//i.test(request.path));
		expect(roleRequests.length).toBeGreaterThan(0);
		expect(roleRequests.every((request) => request.status === 404)).toBe(true);
	});

	it('refuses a field that is not a reference, naming it and the reference fields, before any lookup', async () => {
		sim().resetCounters();
		const result = await runNode(AUTOTASK, sim(), {
			operation: 'get',
			entity: 'Tickets',
			recordId: String(sim().store.all('Tickets')[0].id),
			options: { referenceLabels: true, referenceLabelFields: ['title'] },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('"title" is not a reference field of Tickets');
		expect(result.error?.description).toContain('companyID');
		expect(queriesOf('Companies') + queriesOf('Contacts') + queriesOf('Resources')).toBe(0);
	});

	it('offers the entity\'s reference fields in the editor', async () => {
		const options = await callMethod('loadOptions', 'getReferenceFields', {
			node: buildNode(AUTOTASK, { operation: 'get', entity: 'Tickets' }),
			credentials: credentialsFor(sim()),
		});
		expect(options).toEqual(expect.arrayContaining([{ name: 'companyID (Company)', value: 'companyID' }]));
		expect(options.map((option) => option.value)).not.toContain('title');
	});
});

describe('Client Portal User and Resource reads', () => {
	it('labels a portal user\'s contact with the contact\'s full name', async () => {
		sim().resetCounters();
		const users = await ok(PORTAL_USER, { operation: 'getMany', returnAll: true, options: { referenceLabels: true } });
		expect(users.length).toBeGreaterThanOrEqual(10);
		for (const user of users) expect(user.contactID_label).toBe(contactName(user.contactID));
		expect(queriesOf('Contacts')).toBe(1);
	});

	it('gives a resource\'s service desk role a null label where roles cannot be read', async () => {
		const [resource] = await ok(RESOURCE, {
			operation: 'get',
			findBy: 'id',
			resourceId: String(sim().users.default.resourceId),
			options: { referenceLabels: true },
		});
		expect(resource).toHaveProperty('defaultServiceDeskRoleID_label', null);
	});
});

describe('the polling trigger', () => {
	it('labels the references of the records it emits', async () => {
		const poller = triggerPoller(sim(), { entity: 'Tickets', event: 'updated', options: { referenceLabels: true, referenceLabelFields: ['companyID', 'assignedResourceID'] } });
		expect(await poller.poll()).toBeNull();
		sim().clock.advance(60_000);
		const changed = sim().store.all('Tickets').slice(0, 3).map((ticket) => Number(ticket.id));
		for (const id of changed) sim().store.update('Tickets', id, { title: `Changed ${id}` });
		sim().resetCounters();
		const events = eventsOf(await poller.poll());
		expect(events.map((event) => event.id).sort()).toEqual(changed.sort());
		for (const event of events) {
			expect(event.companyID_label).toBe(companyName(event.companyID));
			expect(event.assignedResourceID_label).toBe(resourceName(event.assignedResourceID));
			expect(event).not.toHaveProperty('contactID_label');
		}
		expect(queriesOf('Companies')).toBe(1);
		expect(queriesOf('Resources')).toBe(1);
	});
});

describe('the webhook trigger', () => {
	it('labels the references of the record a callout brings', async () => {
		const own = await startSimulator({ webhookTiming: { timeoutMs: 1_000, retryDelaysMs: [30, 30, 30, 30], deactivateAfter: 3 } });
		own.clock.auto(true);
		const node = buildNode(
			WEBHOOK_TRIGGER,
			{ entity: 'Tickets', events: ['updated'], subscribedFields: ['title'], options: { referenceLabels: true } },
			{ name: 'Autotask Trigger (webhook)' },
		);
		const host = await createWebhookHost({
			node: { ...node, id: 'node-1', webhookId: 'f0e1d2c3-0000-4000-8000-0000000000aa' },
			credentials: credentialsFor(own),
		});
		try {
			await host.activate();
			const ticket = own.store.all('Tickets')[0];
			const someoneElse = own.store.all('Resources').find((resource) => resource.id !== own.users.default.resourceId)?.id as number;
			own.store.update('Tickets', Number(ticket.id), { title: 'Labelled by the webhook' }, { by: someoneElse });
			await waitFor(() => host.executions.length === 1);
			const [item] = host.executions[0].items;
			const company = own.store.get('Companies', Number(item.companyID)) as IDataObject;
			const contact = own.store.get('Contacts', Number(item.contactID)) as IDataObject;
			expect(item).toMatchObject({ title: 'Labelled by the webhook', companyID_label: company.companyName, contactID_label: fullName(contact) });
			await host.deactivate();
		} finally {
			await host.close();
			await own.close();
		}
	});
});
