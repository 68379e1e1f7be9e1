import type { IDataObject, ResourceMapperFields } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { clearMetadataCache } from '../nodes/transport';
import { buildNode, callMethod, registerPackageNode, shutdownHarness } from './harness';
import type { RunResult } from './harness';
import { runNode } from './helpers/nodeRun';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

const AUTOTASK = registerPackageNode(new Autotask());

const sim = useSimulator();
afterAll(shutdownHarness);

/** Runs the Autotask node once per input item (one empty item by default). */
async function run(parameters: IDataObject, items?: IDataObject[], continueOnFail = false): Promise<RunResult> {
	return await runNode(AUTOTASK, sim(), parameters, { items, continueOnFail });
}

async function ok(parameters: IDataObject, items?: IDataObject[]): Promise<IDataObject[]> {
	const result = await run(parameters, items);
	if (result.status !== 'success') throw new Error(`Run failed: ${result.error?.message} (${result.error?.description ?? ''})`);
	return result.output('Autotask').map((item) => item.json);
}

async function failure(parameters: IDataObject, items?: IDataObject[]): Promise<string> {
	const result = await run(parameters, items);
	expect(result.status).toBe('error');
	return `${result.error?.message ?? ''} | ${result.error?.description ?? ''}`;
}

const json = (fields: IDataObject) => ({ fieldsSource: 'json', fieldsJson: JSON.stringify(fields) });
const where = (...conditions: Array<[string, string, unknown?]>): IDataObject => ({
	filterConditions: { condition: conditions.map(([field, operator, value]) => ({ field, operator, value: value ?? '' })) },
});
const getMany = (entity: string, extra: IDataObject = {}): IDataObject => ({ operation: 'getMany', entity, returnAll: true, ...extra });
const ids = (records: IDataObject[]) => records.map((record) => record.id as number).sort((a, b) => a - b);
const storeIds = (entity: string, test: (record: IDataObject) => boolean) =>
	sim().store.all(entity).filter((record) => test(record as IDataObject)).map((record) => record.id as number).sort((a, b) => a - b);

describe('Companies (no delete)', () => {
	let companyId: number;

	it('creates with picklists and UDFs given by label, and re-reads the record', async () => {
		const [company] = await ok({
			operation: 'create',
			entity: 'Companies',
			...json({ CompanyName: 'Wayne Test Enterprises', companyType: 'Customer', phone: '555-0199', ownerResourceID: sim().users.default.resourceId, 'customer ranking': 'Golden' }),
			options: { picklistLabels: 'add' },
		});
		companyId = company.id as number;
		expect(company).toMatchObject({ companyName: 'Wayne Test Enterprises', companyType: 1, companyType_label: 'Customer', 'Customer Ranking': 'Golden' });
		expect(String(company.createDate)).toMatch(/Z$/);
	});

	it('gets with labels added, replaced, or not at all, and UDFs flattened or kept', async () => {
		const get = { operation: 'get', entity: 'Companies', recordId: String(companyId) };
		const [added] = await ok({ ...get, options: { picklistLabels: 'add' } });
		expect(added).toMatchObject({ companyType: 1, companyType_label: 'Customer' });
		const [replaced] = await ok({ ...get, options: { picklistLabels: 'replace' } });
		expect(replaced.companyType).toBe('Customer');
		expect(replaced).not.toHaveProperty('companyType_label');
		const [raw] = await ok({ ...get, options: { picklistLabels: 'none', flattenUdfs: false } });
		expect(raw.companyType).toBe(1);
		expect(raw.userDefinedFields).toEqual([
			{ name: 'Customer Ranking', value: 'Golden' },
			{ name: 'Managed Services', value: [] },
		]);
	});

	it('updates only the given fields', async () => {
		const [company] = await ok({ operation: 'update', entity: 'Companies', recordId: String(companyId), ...json({ city: 'Gotham', companyType: 'prospect' }) });
		expect(company).toMatchObject({ id: companyId, city: 'Gotham', companyType: 3, companyName: 'Wayne Test Enterprises' });
		expect(sim().requests.find((request) => request.kind === 'update')?.body).toEqual({ id: companyId, city: 'Gotham', companyType: 3 });
	});

	it('from the mapper: a field added and left empty (null, as n8n adds it) is not sent; empty text clears', async () => {
		const mapper = (value: IDataObject) => ({ fieldsSource: 'mapper', fields: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] } });
		const update = { operation: 'update', entity: 'Companies', recordId: String(companyId) };
		sim().resetCounters();
		const [written] = await ok({ ...update, ...mapper({ phone: null, fax: '555-0100' }) });
		expect(sim().requests.find((request) => request.kind === 'update')?.body).toEqual({ id: companyId, fax: '555-0100' });
		expect(written).toMatchObject({ phone: '555-0199', fax: '555-0100' });
		sim().resetCounters();
		const [cleared] = await ok({ ...update, ...mapper({ phone: null, fax: '' }) });
		expect(sim().requests.find((request) => request.kind === 'update')?.body).toEqual({ id: companyId, fax: null });
		expect(cleared).toMatchObject({ phone: '555-0199', fax: null, city: 'Gotham' });
		expect(await failure({ ...update, ...mapper({ phone: null }) })).toMatch(/^Nothing to update on Companies/);
	});

	it('counts and finds with filters', async () => {
		const [counted] = await ok({ operation: 'count', entity: 'Companies', ...where(['city', 'eq', 'Gotham']) });
		expect(counted).toEqual({ entity: 'Companies', count: 1 });
		expect(ids(await ok(getMany('Companies', where(['companyName', 'beginsWith', 'Wayne']))))).toEqual([companyId]);
	});

	it('refuses delete, saying the API does not allow it, also when the entity comes from an expression', async () => {
		sim().resetCounters();
		const message = await failure({ operation: 'delete', entity: '={{ "Companies" }}', recordId: String(companyId) });
		expect(message).toContain('Companies cannot be deleted through the Autotask API');
		expect(sim().counters.byKind.delete).toBe(0);
	});
});

describe('Contacts (child of Companies)', () => {
	const companyId = () => sim().store.all('Companies')[0].id as number;
	let contactId: number;

	it('creates under the parent company', async () => {
		sim().resetCounters();
		const [contact] = await ok({ operation: 'create', entity: 'Contacts', parentId: String(companyId()), ...json({ firstName: 'Bruce', lastName: 'Tester', isActive: true, emailAddress: 'bruce@client.example' }) });
		contactId = contact.id as number;
		expect(contact).toMatchObject({ companyID: companyId(), firstName: 'Bruce', isActive: 1 });
		const create = sim().requests.find((request) => request.kind === 'create');
		expect(create?.path).toMatch(new RegExp(`/Companies/${companyId()}/Contacts$`));
		// The parent id goes in the body as well as the path, as the official Postman collection sends it.
		expect(create?.body).toMatchObject({ companyID: companyId() });
	});

	it('takes the parent id from the parent field too, and refuses a create without one', async () => {
		const [contact] = await ok({ operation: 'create', entity: 'Contacts', ...json({ companyID: companyId(), firstName: 'Alfred', lastName: 'Tester', isActive: 1 }) });
		expect(contact.companyID).toBe(companyId());
		const message = await failure({ operation: 'create', entity: 'Contacts', ...json({ firstName: 'No', lastName: 'Parent', isActive: 1 }) });
		expect(message).toContain('Contacts are written through their parent Companies record: set Parent ID');
	});

	it('updates without a parent id by looking it up, and with one directly', async () => {
		sim().resetCounters();
		const [contact] = await ok({ operation: 'update', entity: 'Contacts', recordId: String(contactId), ...json({ title: 'CEO' }) });
		expect(contact.title).toBe('CEO');
		expect(sim().requests.find((request) => request.kind === 'update')?.path).toMatch(new RegExp(`/Companies/${companyId()}/Contacts$`));
		sim().resetCounters();
		await ok({ operation: 'update', entity: 'Contacts', recordId: String(contactId), parentId: String(companyId()), ...json({ title: 'Owner' }) });
		expect(sim().counters.byKind.get).toBe(0);
	});

	it('finds contacts of a company and deletes one', async () => {
		const found = await ok(getMany('Contacts', where(['companyID', 'eq', companyId()], ['firstName', 'in', 'Alfred,Bruce'])));
		expect(found.map((contact) => contact.firstName).sort()).toEqual(['Alfred', 'Bruce']);
		const [deleted] = await ok({ operation: 'delete', entity: 'Contacts', recordId: String(contactId), parentId: String(companyId()) });
		expect(deleted).toEqual({ id: contactId, deleted: true });
		expect(sim().store.get('Contacts', contactId)).toBeUndefined();
	});

	it('looks the parents of many children up with one query, not one GET per item, for update and delete', async () => {
		const [first, second] = sim().store.all('Companies').map((company) => company.id as number);
		const children = Array.from({ length: 12 }, (_, index) =>
			sim().store.insert('Contacts', { companyID: index % 2 ? second : first, firstName: `Batch ${index}`, lastName: 'Child', isActive: 1 }),
		);
		const items = children.map((contact) => ({ id: contact.id as number, companyID: contact.companyID as number }));
		const underItsParent = (kind: string) =>
			sim().requests.filter((request) => request.kind === kind).map((request) => request.path.match(/Companies\/(\d+)\/Contacts/)?.[1]).sort();
		const parents = items.map((item) => String(item.companyID)).sort();

		sim().resetCounters();
		const updated = await ok({ operation: 'update', entity: 'Contacts', recordId: '={{ $json.id }}', ...json({ title: 'Batched' }) }, items);
		expect(updated.map((contact) => contact.title)).toEqual(items.map(() => 'Batched'));
		expect(sim().counters.byKind.get).toBe(0);
		// One query for the parents, one to re-read the updated records.
		expect(sim().counters.byKind.query).toBe(2);
		expect(underItsParent('update')).toEqual(parents);

		sim().resetCounters();
		const deleted = await ok({ operation: 'delete', entity: 'Contacts', recordId: '={{ $json.id }}' }, items);
		expect(deleted).toEqual(items.map((item) => ({ id: item.id, deleted: true })));
		expect(sim().counters.byKind.get).toBe(0);
		expect(sim().counters.byKind.query).toBe(1);
		expect(underItsParent('delete')).toEqual(parents);
		expect(items.filter((item) => sim().store.get('Contacts', item.id))).toEqual([]);
	});

	it('says which child record is missing when its parent must be looked up', async () => {
		const message = await failure({ operation: 'update', entity: 'Contacts', recordId: '999999', ...json({ title: 'Ghost' }) });
		expect(message).toContain('Contacts 999999 was not found');
	});
});

describe('Tickets and TicketNotes (child of Tickets)', () => {
	let ticketId: number;
	let noteId: number;

	it('creates a ticket with picklists and a dependent picklist by label', async () => {
		const companyID = sim().store.all('Companies')[0].id as number;
		const [ticket] = await ok({
			operation: 'create',
			entity: 'Tickets',
			...json({ companyID, title: 'Monitor flickers', status: 'New', priority: 'High', issueType: 'Hardware', subIssueType: 'Laptop', 'Escalation Level': 2 }),
		});
		ticketId = ticket.id as number;
		expect(ticket).toMatchObject({ status: 1, status_label: 'New', priority: 1, issueType: 1, subIssueType: 11, subIssueType_label: 'Laptop', 'Escalation Level': '2' });
	});

	it('refuses a sub-issue type of another issue type before sending', async () => {
		sim().resetCounters();
		const message = await failure({ operation: 'update', entity: 'Tickets', recordId: String(ticketId), ...json({ issueType: 'Software', subIssueType: 'Laptop' }) });
		expect(message).toContain('"Laptop" is not a value of "subIssueType" for issueType "Software"');
		expect(sim().counters.byKind.update).toBe(0);
	});

	it('updates and counts tickets; delete is refused', async () => {
		const [ticket] = await ok({ operation: 'update', entity: 'Tickets', recordId: String(ticketId), ...json({ status: 'In Progress' }), options: { picklistLabels: 'replace' } });
		expect(ticket.status).toBe('In Progress');
		const [counted] = await ok({ operation: 'count', entity: 'Tickets', ...where(['status', 'eq', 'In Progress']) });
		expect(counted.count).toBe(storeIds('Tickets', (record) => record.status === 8).length);
		expect(await failure({ operation: 'delete', entity: 'Tickets', recordId: String(ticketId) })).toContain('Tickets cannot be deleted through the Autotask API');
	});

	it('creates a note through /Tickets/{id}/Notes, updates, gets and counts it; delete is refused', async () => {
		sim().resetCounters();
		const [note] = await ok({ operation: 'create', entity: 'TicketNotes', parentId: String(ticketId), ...json({ title: 'Called', description: 'Left a message.', noteType: 'Task Detail', publish: 'Internal Only' }) });
		noteId = note.id as number;
		expect(note).toMatchObject({ ticketID: ticketId, noteType: 2, publish: 2 });
		const create = sim().requests.find((request) => request.kind === 'create');
		expect(create?.path).toMatch(new RegExp(`/Tickets/${ticketId}/Notes$`));
		expect(create?.body).toMatchObject({ ticketID: ticketId });
		const [updated] = await ok({ operation: 'update', entity: 'TicketNotes', recordId: String(noteId), parentId: String(ticketId), ...json({ description: 'Spoke to the user.' }) });
		expect(updated.description).toBe('Spoke to the user.');
		const [got] = await ok({ operation: 'get', entity: 'TicketNotes', recordId: String(noteId) });
		expect(got.title).toBe('Called');
		const [counted] = await ok({ operation: 'count', entity: 'TicketNotes', ...where(['ticketID', 'eq', ticketId]) });
		expect(counted.count).toBe(1);
		expect(await failure({ operation: 'delete', entity: 'TicketNotes', recordId: String(noteId) })).toContain('TicketNotes cannot be deleted through the Autotask API');
	});
});

describe('Projects and Tasks (child of Projects)', () => {
	it('creates and updates a project, then a task under it', async () => {
		const companyID = sim().store.all('Companies')[0].id as number;
		const [project] = await ok({
			operation: 'create',
			entity: 'Projects',
			...json({ projectName: 'Data centre move', companyID, projectType: 5, status: 2, startDateTime: '2030-01-01', endDateTime: '2030-03-01T17:00:00+01:00' }),
		});
		expect(project.endDateTime).toBe('2030-03-01T16:00:00.000Z');
		const [renamed] = await ok({ operation: 'update', entity: 'Projects', recordId: String(project.id), ...json({ projectName: 'DC move' }) });
		expect(renamed.projectName).toBe('DC move');

		sim().resetCounters();
		const [task] = await ok({ operation: 'create', entity: 'Tasks', parentId: String(project.id), ...json({ title: 'Label the racks', status: 1, taskType: 1 }) });
		expect(task.projectID).toBe(project.id);
		expect(sim().requests.find((request) => request.kind === 'create')?.body).toMatchObject({ projectID: project.id });
		const [done] = await ok({ operation: 'update', entity: 'Tasks', recordId: String(task.id), ...json({ status: 5 }) });
		expect(done.status).toBe(5);
		expect(ids(await ok(getMany('Tasks', where(['projectID', 'eq', project.id]))))).toEqual([task.id]);
		expect(await failure({ operation: 'delete', entity: 'Projects', recordId: String(project.id) })).toContain('Projects cannot be deleted through the Autotask API');
	});
});

describe('TimeEntries and ConfigurationItems', () => {
	it('creates, updates, gets and deletes a time entry', async () => {
		const resourceID = sim().users.default.resourceId;
		const ticketID = sim().store.all('Tickets')[0].id as number;
		const [entry] = await ok({ operation: 'create', entity: 'TimeEntries', ...json({ resourceID, ticketID, dateWorked: '2030-01-02', hoursWorked: '1.5', summaryNotes: 'Fixed it.' }) });
		expect(entry).toMatchObject({ resourceID, hoursWorked: 1.5, dateWorked: '2030-01-02T00:00:00.000Z' });
		const [updated] = await ok({ operation: 'update', entity: 'TimeEntries', recordId: String(entry.id), ...json({ hoursWorked: 2 }) });
		expect(updated.hoursWorked).toBe(2);
		const [deleted] = await ok({ operation: 'delete', entity: 'TimeEntries', recordId: String(entry.id) });
		expect(deleted).toEqual({ id: entry.id, deleted: true });
		expect(await failure({ operation: 'get', entity: 'TimeEntries', recordId: String(entry.id) })).toContain('not found');
	});

	it('creates and updates a configuration item and finds it by its UDF', async () => {
		const companyID = sim().store.all('Companies')[0].id as number;
		const [item] = await ok({ operation: 'create', entity: 'ConfigurationItems', ...json({ companyID, productID: 1009, isActive: true, referenceTitle: 'WAYNE-SRV-01', 'Warranty Provider': 'Wayne Care' }) });
		const [updated] = await ok({ operation: 'update', entity: 'ConfigurationItems', recordId: String(item.id), ...json({ serialNumber: 'SN-WAYNE' }) });
		expect(updated).toMatchObject({ serialNumber: 'SN-WAYNE', 'Warranty Provider': 'Wayne Care' });
		expect(ids(await ok(getMany('ConfigurationItems', where(['Warranty Provider', 'eq', 'Wayne Care']))))).toEqual([item.id]);
		expect(await failure({ operation: 'delete', entity: 'ConfigurationItems', recordId: String(item.id) })).toContain('ConfigurationItems cannot be deleted through the Autotask API');
	});
});

describe('Get Many filters', () => {
	const tickets = () => sim().store.all('Tickets') as IDataObject[];
	const cases: Array<[string, unknown, (record: IDataObject) => boolean]> = [
		['eq', 1, (r) => r.priority === 1],
		['noteq', 1, (r) => r.priority !== 1],
		['gt', 2, (r) => (r.priority as number) > 2],
		['gte', 2, (r) => (r.priority as number) >= 2],
		['lt', 2, (r) => (r.priority as number) < 2],
		['lte', 2, (r) => (r.priority as number) <= 2],
		['in', 'High, 3', (r) => [1, 3].includes(r.priority as number)],
		['notIn', '[1, 3]', (r) => ![1, 3].includes(r.priority as number)],
	];
	it.each(cases)('priority %s %p', async (operator, value, test) => {
		expect(ids(await ok(getMany('Tickets', where(['priority', operator, value]))))).toEqual(ids(tickets().filter(test)));
	});

	const textCases: Array<[string, string, (title: string) => boolean]> = [
		['beginsWith', 'printer', (title) => title.toLowerCase().startsWith('printer')],
		['endsWith', 'hour', (title) => title.toLowerCase().endsWith('hour')],
		['contains', 'fail', (title) => title.toLowerCase().includes('fail')],
	];
	it.each(textCases)('title %s %p', async (operator, value, test) => {
		const expected = ids(tickets().filter((record) => test(String(record.title))));
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(await ok(getMany('Tickets', where(['title', operator, value]))))).toEqual(expected);
	});

	it('exist and notExist', async () => {
		expect(ids(await ok(getMany('Tickets', where(['issueType', 'exist']))))).toEqual(ids(tickets().filter((r) => r.issueType !== null && r.issueType !== undefined)));
		expect(ids(await ok(getMany('Tickets', where(['issueType', 'notExist']))))).toEqual(ids(tickets().filter((r) => r.issueType === null || r.issueType === undefined)));
	});

	it('combines A and (B or C), and (A and B) or (C and D)', async () => {
		const aAndBOrC = await ok(
			getMany('Tickets', {
				...where(['priority', 'lte', 2]),
				filterGroups: { group: [{ combinator: 'or', conditions: { condition: [{ field: 'issueType', operator: 'eq', value: 'Hardware' }, { field: 'status', operator: 'eq', value: 'New' }] } }] },
			}),
		);
		expect(ids(aAndBOrC)).toEqual(ids(tickets().filter((r) => (r.priority as number) <= 2 && (r.issueType === 1 || r.status === 1))));

		const orOfAnds = await ok(
			getMany('Tickets', {
				filterCombinator: 'or',
				filterGroups: {
					group: [
						{ combinator: 'and', conditions: { condition: [{ field: 'priority', operator: 'eq', value: 1 }, { field: 'status', operator: 'eq', value: 8 }] } },
						{ combinator: 'and', conditions: { condition: [{ field: 'priority', operator: 'eq', value: 3 }, { field: 'status', operator: 'noteq', value: 8 }] } },
					],
				},
			}),
		);
		expect(ids(orOfAnds)).toEqual(ids(tickets().filter((r) => (r.priority === 1 && r.status === 8) || (r.priority === 3 && r.status !== 8))));
	});

	it('takes a raw JSON filter, adding udf:true for user-defined fields', async () => {
		sim().resetCounters();
		const found = await ok(getMany('Companies', { filterMode: 'json', filterJson: '[{"op":"eq","field":"Customer Ranking","value":"Silver"}]' }));
		expect(found.map((company) => company.companyName)).toEqual(['Globex Sample Ltd']);
		expect(sim().requests.find((request) => request.kind === 'query')?.body).toMatchObject({ filter: [{ op: 'eq', field: 'Customer Ranking', udf: true, value: 'Silver' }] });
	});

	it('filters on a numeric UDF with a comparison', async () => {
		const all = await ok(getMany('Tickets'));
		const expected = ids(all.filter((ticket) => ticket['Escalation Level'] !== null && Number(ticket['Escalation Level']) >= 1));
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(await ok(getMany('Tickets', where(['Escalation Level', 'gte', '1']))))).toEqual(expected);
	});

	it('refuses a second UDF condition before sending, and explains invalid JSON', async () => {
		sim().resetCounters();
		const message = await failure(getMany('Contacts', { filterMode: 'json', filterJson: '[{"op":"exist","field":"Preferred Channel"},{"op":"eq","field":"Preferred Channel","value":"Email"}]' }));
		expect(message).toContain('only one user-defined field condition');
		expect(await failure(getMany('Contacts', { filterMode: 'json', filterJson: '[{"op":' }))).toContain('The filter is not valid JSON');
		expect(await failure(getMany('Contacts', where(['surveyOptOut', 'eq', true])))).toContain('Field "surveyOptOut" cannot be used in a filter');
		expect(await failure(getMany('Contacts', where(['favouriteColour', 'eq', 'blue'])))).toContain('Unknown field "favouriteColour"');
		expect(sim().counters.byKind.query).toBe(0);
	});

	it('returns only the chosen fields', async () => {
		const [company] = await ok(getMany('Companies', { ...where(['companyName', 'eq', 'Acme Managed Client']), options: { includeFields: ['CITY'] } }));
		expect(company).toMatchObject({ id: expect.any(Number), city: 'Springfield' });
		expect(company).not.toHaveProperty('phone');
	});
});

describe('paging costs', () => {
	beforeAll(() => sim().seedLarge('Contacts', 1200));

	it('reads N records with ceil(N/500) queries and Limit 37 with one query of MaxRecords 37', async () => {
		const total = sim().store.all('Contacts').length;
		sim().resetCounters();
		const all = await ok(getMany('Contacts'));
		expect(all).toHaveLength(total);
		expect(sim().counters.byKind.query + sim().counters.byKind.queryNext).toBe(Math.ceil(total / 500));

		sim().resetCounters();
		const some = await ok({ operation: 'getMany', entity: 'Contacts', returnAll: false, limit: 37 });
		expect(some).toHaveLength(37);
		expect(sim().counters.byKind.query + sim().counters.byKind.queryNext).toBe(1);
		expect(sim().requests.find((request) => request.kind === 'query')?.body).toMatchObject({ MaxRecords: 37 });
		expect(sim().counters.byKind.fields + sim().counters.byKind.udf + sim().counters.byKind.entityInformation).toBe(0);
	});
});

describe('writes in bulk', () => {
	it('validates every item before sending any, and re-reads the written records together', async () => {
		const companies = sim().store.all('Companies').slice(0, 3).map((record) => record.id as number);
		sim().resetCounters();
		const message = await failure(
			{ operation: 'update', entity: 'Companies', recordId: '={{ $json.id }}', fieldsSource: 'json', fieldsJson: '={{ JSON.stringify({ phone: $json.phone }) }}' },
			[{ id: companies[0], phone: '555-1000' }, { id: companies[1], phone: 'x'.repeat(26) }, { id: companies[2], phone: '555-1002' }],
		);
		expect(message).toContain('Field "phone" is 26 characters long; Autotask allows at most 25');
		expect(sim().counters.byKind.update).toBe(0);

		sim().resetCounters();
		const updated = await ok(
			{ operation: 'update', entity: 'Companies', recordId: '={{ $json.id }}', fieldsSource: 'json', fieldsJson: '={{ JSON.stringify({ phone: $json.phone }) }}' },
			companies.map((id, index) => ({ id, phone: `555-200${index}` })),
		);
		expect(updated.map((company) => company.phone)).toEqual(['555-2000', '555-2001', '555-2002']);
		expect(sim().counters.byKind.update).toBe(3);
		expect(sim().counters.byKind.query).toBe(1);
		expect(sim().counters.byKind.get).toBe(0);
	});

	it('reports refused items and goes on with continue-on-fail', async () => {
		const result = await run(
			{
				operation: 'create',
				entity: 'Companies',
				fieldsSource: 'json',
				fieldsJson: `={{ JSON.stringify({ companyName: 'Half Done', companyType: $json.type, phone: '555', ownerResourceID: ${sim().users.default.resourceId} }) }}`,
			},
			[{ type: 'Customer' }, { type: 'Martian' }],
			true,
		);
		const output = result.output('Autotask').map((item) => item.json);
		expect(output[0]).toMatchObject({ companyName: 'Half Done', companyType: 1 });
		expect(String(output[1].error)).toContain('"Martian" is not a value of picklist field "companyType"');
	});
});

describe('resource mapper, describe and metadata', () => {
	it('returns writable fields, required first, read-only hidden, with picklists by label', async () => {
		const node = buildNode(AUTOTASK, { operation: 'create', entity: 'Tickets' });
		const { fields } = (await callMethod('resourceMapping', 'getWritableFields', { node, credentials: credentialsFor(sim()) })) as ResourceMapperFields;
		const names = fields.map((field) => field.id);
		const required = fields.filter((field) => field.required).map((field) => field.id);
		expect(names.slice(0, required.length)).toEqual(required);
		expect(required.sort()).toEqual(['companyID', 'priority', 'status', 'title']);
		for (const hidden of ['id', 'createDate', 'creatorType', 'lastActivityDate']) expect(names).not.toContain(hidden);
		expect(fields.find((field) => field.id === 'priority')?.options).toEqual(expect.arrayContaining([{ name: 'High', value: 1 }]));
		expect(fields.find((field) => field.id === 'companyID')?.displayName).toBe('companyID (Company ID)');
		expect(fields.find((field) => field.id === 'Escalation Level')?.displayName).toBe('Escalation Level (UDF)');

		const update = buildNode(AUTOTASK, { operation: 'update', entity: 'Tickets' });
		const forUpdate = (await callMethod('resourceMapping', 'getWritableFields', { node: update, credentials: credentialsFor(sim()) })) as ResourceMapperFields;
		expect(forUpdate.fields.some((field) => field.required)).toBe(false);
	});

	it('writes what the mapper holds', async () => {
		const companyID = sim().store.all('Companies')[0].id as number;
		const [ticket] = await ok({
			operation: 'create',
			entity: 'Tickets',
			fields: {
				mappingMode: 'defineBelow',
				value: { title: 'From the mapper', companyID, status: 1, priority: 2, description: '' },
				matchingColumns: [],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
		});
		expect(ticket).toMatchObject({ title: 'From the mapper', status: 1, priority: 2 });
	});

	it('maps the input item automatically, skipping what Autotask returned but cannot be written', async () => {
		const [current] = await ok({ operation: 'get', entity: 'Companies', recordId: String(sim().store.all('Companies')[1].id), options: { picklistLabels: 'add' } });
		const [updated] = await ok(
			{ operation: 'update', entity: 'Companies', recordId: '={{ $json.id }}', fields: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] } },
			[{ ...current, city: 'Shelbyville' }],
		);
		expect(updated).toMatchObject({ id: current.id, city: 'Shelbyville', companyName: current.companyName });
	});

	it('refuses read-only fields and missing required fields before sending', async () => {
		sim().resetCounters();
		expect(await failure({ operation: 'update', entity: 'Companies', recordId: String(sim().store.all('Companies')[0].id), ...json({ createDate: '2020-01-01' }) })).toContain(
			'Field "createDate" is read-only and cannot be written',
		);
		expect(await failure({ operation: 'create', entity: 'Companies', ...json({ companyName: 'Only a name' }) })).toContain(
			'Missing required fields to create Companies: companyType, ownerResourceID, phone',
		);
		expect(sim().counters.byKind.update + sim().counters.byKind.create).toBe(0);
	});

	it('lists filterable fields and entities per operation', async () => {
		const node = buildNode(AUTOTASK, { operation: 'getMany', entity: 'Contacts' });
		const options = (await callMethod('loadOptions', 'getFilterableFields', { node, credentials: credentialsFor(sim()) })) as Array<{ value: string }>;
		const values = options.map((option) => option.value);
		expect(values).toContain('emailAddress');
		expect(values).toContain('Preferred Channel');
		expect(values).not.toContain('surveyOptOut');

		const deletable = (await callMethod('loadOptions', 'getEntities', { node: buildNode(AUTOTASK, { operation: 'delete' }), credentials: credentialsFor(sim()) })) as Array<{ value: string }>;
		expect(deletable.map((option) => option.value)).toEqual(expect.arrayContaining(['Contacts', 'TimeEntries']));
		expect(deletable.map((option) => option.value)).not.toContain('Companies');
	});

	it('describes an entity for people and agents', async () => {
		const [described] = await ok({ operation: 'describe', entity: 'contacts' });
		expect(described).toMatchObject({
			entity: 'Contacts',
			operations: ['create', 'get', 'getMany', 'update', 'delete', 'count', 'describe'],
			parent: { entity: 'Companies', path: 'Companies/{parentId}/Contacts' },
			hasUserDefinedFields: true,
			requiredOnCreate: expect.arrayContaining(['firstName', 'lastName', 'isActive']),
		});
		const fields = described.fields as IDataObject[];
		expect(fields.find((field) => field.name === 'companyID')).toMatchObject({ required: true, readOnly: true, references: 'Company', type: 'integer' });
		expect(fields.find((field) => field.name === 'surveyOptOut')).toMatchObject({ queryable: false });
		expect(fields.find((field) => field.name === 'namePrefix')?.picklistValues).toEqual(expect.arrayContaining([expect.objectContaining({ label: expect.any(String) })]));
		expect((described.userDefinedFields as IDataObject[])[0]).toMatchObject({ name: 'Preferred Channel', type: 'string' });
	});

	it('loads metadata once per entity, not per item or per run', async () => {
		clearMetadataCache();
		sim().resetCounters();
		for (let run = 0; run < 2; run++) {
			await ok({ operation: 'getMany', entity: 'Tickets', ...where(['priority', 'eq', 'High']), returnAll: false, limit: 1 }, [{}, {}, {}]);
			await ok({ operation: 'get', entity: 'Tickets', recordId: '={{ $json.id }}' }, sim().store.all('Tickets').slice(0, 3).map((record) => ({ id: record.id as number })));
		}
		expect(sim().counters.byKind.fields).toBe(1);
		expect(sim().counters.byKind.entityInformation).toBe(1);
		expect(sim().counters.byKind.udf).toBe(1);
	});

	it('names an unknown entity', async () => {
		expect(await failure({ operation: 'get', entity: '={{ "Ticket" }}', recordId: '1' })).toContain('"Ticket" is not an Autotask REST entity');
	});
});

describe('Impersonation per write operation', () => {
	const ticket = () => sim().store.all('Tickets')[0];
	const lastWrite = () => sim().requests.filter((request) => request.kind === 'update' || request.kind === 'create').at(-1)!;
	const update = (options: IDataObject) => ({ operation: 'update', entity: 'Tickets', recordId: String(ticket().id), ...json({ description: `by ${JSON.stringify(options)}` }), options });
	let impersonated: number;
	let other: number;

	beforeAll(() => {
		impersonated = sim().addApiUser({ userName: 'imp.credential@sandbox.example', secret: 'ic-secret', integrationCode: 'IMPCREDCODE' });
		other = sim().addApiUser({ userName: 'imp.chosen@sandbox.example', secret: 'ch-secret', integrationCode: 'IMPCHOSENCODE' });
	});

	async function runAs(parameters: IDataObject): Promise<RunResult> {
		return await runNode(AUTOTASK, sim(), parameters, { impersonationResourceId: impersonated });
	}

	it("uses the credential's impersonation by default, none, or another resource, as the operation says", async () => {
		for (const [options, header, actor] of [
			[{}, String(impersonated), impersonated],
			[{ impersonation: 'none' }, undefined, sim().users.default.resourceId],
			[{ impersonation: 'resource', impersonationResourceId: other }, String(other), other],
		] as const) {
			const result = await runAs(update(options));
			expect(result.status).toBe('success');
			expect(lastWrite().headers.impersonationresourceid).toBe(header);
			expect(sim().store.get('Tickets', ticket().id as number)?.lastActivityResourceID).toBe(actor);
		}
	});

	it('refuses Another Resource without a valid resource ID, naming the field', async () => {
		const missing = await runAs(update({ impersonation: 'resource' }));
		expect(missing.error?.message).toBe('Impersonation is Another Resource, but no Impersonation Resource ID is set');
		const negative = await runAs(update({ impersonation: 'resource', impersonationResourceId: -3 }));
		expect(negative.error?.message).toBe('Impersonation Resource ID must be a whole number above 0, got "-3"');
	});

	it('says a refused write was impersonated and how to write without it; None then succeeds', async () => {
		sim().denyImpersonation(impersonated, ['Tickets']);
		const result = await runAs(update({}));
		expect(result.error?.message).toBe(`Autotask refused the update on Tickets made on behalf of resource ${impersonated}`);
		expect(result.error?.description).toContain("its security level does not allow impersonation");
		expect((await runAs(update({ impersonation: 'none' }))).status).toBe('success');
	});
});

describe('Get Many and Count without a condition', () => {
	it('send the every-record condition alone, whether the filter is empty or the JSON default', async () => {
		const everyRecord = [{ op: 'exist', field: 'id' }];
		const jsonDefault = { filterMode: 'json', filterJson: '[{"op": "exist", "field": "id"}]' };
		sim().resetCounters();
		const all = await ok(getMany('Companies'));
		await ok(getMany('Companies', jsonDefault));
		await ok({ operation: 'count', entity: 'Companies' });
		await ok({ operation: 'count', entity: 'Companies', ...jsonDefault });
		expect(all.length).toBe(sim().store.all('Companies').length);
		const filters = sim()
			.requests.filter((request) => ['query', 'queryNext', 'count'].includes(request.kind))
			.map((request) => [request.kind, (request.body as IDataObject).filter]);
		expect(filters).toEqual([
			['query', everyRecord],
			['query', everyRecord],
			['count', everyRecord],
			['count', everyRecord],
		]);
	});
});
