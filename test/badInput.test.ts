/**
 * Bad input, node by node: each row is an input a user (or an AI agent) can give, with the exact
 * message the node answers. Input the node can judge by itself is refused before any data request;
 * nothing is ever written when a run is refused; and with 1,000 items of which some are invalid,
 * continue-on-fail writes exactly the valid ones while a plain run writes none.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { buildNode, createPoller, registerPackageNode, shutdownHarness } from './harness';
import type { RunResult } from './harness';
import { runNode } from './helpers/nodeRun';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

const AUTOTASK = registerPackageNode(new Autotask());
const PORTAL_USER = registerPackageNode(new AutotaskClientPortalUser());
const RESOURCE = registerPackageNode(new AutotaskResource());
const TRIGGER = registerPackageNode(new AutotaskTrigger());

const sim = useSimulator({ seed: 'small' });
afterAll(shutdownHarness);

const WRITE_KINDS = ['create', 'update', 'delete'] as const;
const DATA_READ_KINDS = ['query', 'queryNext', 'count', 'get'] as const;
const writes = () => WRITE_KINDS.reduce((sum, kind) => sum + sim().counters.byKind[kind], 0);
const dataReads = () => DATA_READ_KINDS.reduce((sum, kind) => sum + sim().counters.byKind[kind], 0);

async function run(type: string, parameters: IDataObject, items: IDataObject[] = [{}], continueOnFail = false): Promise<RunResult> {
	return await runNode(type, sim(), parameters, { items, continueOnFail, name: 'Node' });
}

/** One bad input and the exact message it must get. */
interface Row {
	/** What is wrong, in words. */
	case: string;
	parameters: IDataObject;
	items?: IDataObject[];
	message: string;
	/** True when the node can tell without reading any data (metadata reads are allowed). */
	noDataRead?: boolean;
}

/** What went wrong with a row, or [] when the node answered as the row says. */
function problemsOf(row: Row, result: RunResult | { status: 'rejected'; error: Error }): string[] {
	const message = result.error?.message;
	return [
		result.status !== 'error' && `did not fail (${result.status}: ${String(message)})`,
		message !== row.message && `message ${JSON.stringify(message)}`,
		writes() !== 0 && `${writes()} writes`,
		row.noDataRead && dataReads() !== 0 && `${dataReads()} data reads before refusing`,
	].filter((problem): problem is string => typeof problem === 'string');
}

async function runRow(type: string, row: Row) {
	sim().resetCounters();
	return await run(type, row.parameters, row.items).catch((error: Error) => ({ status: 'rejected' as const, error }));
}

/**
 * The table test of one node: every row refused with its exact message, writing nothing. The rows
 * are built when the test runs: they read the tenant.
 */
function tableTests(type: string, rows: () => Row[]): void {
	it('refuses every bad input with its exact message, before any data read where it can, writing nothing', async () => {
		const failures: string[] = [];
		for (const row of rows()) {
			const problems = problemsOf(row, await runRow(type, row));
			if (problems.length) failures.push(`${row.case}: ${problems.join(', ')}`);
		}
		expect(failures).toEqual([]);
	});
}

const json = (fields: IDataObject) => ({ fieldsSource: 'json', fieldsJson: JSON.stringify(fields) });
const where = (field: string, operator: string, value: unknown = '') => ({
	filterConditions: { condition: [{ field, operator, value }] },
});
const jsonFilter = (filter: string) => ({ filterMode: 'json', filterJson: filter });
const resourceId = () => sim().users.default.resourceId;
const portalUserId = () => sim().store.all('ClientPortalUsers')[0].id as number;
const freeContactId = () => {
	const taken = new Set(sim().store.all('ClientPortalUsers').map((user) => user.contactID));
	return sim().store.all('Contacts').find((contact) => !taken.has(contact.id) && contact.isActive === 1)?.id as number;
};

function expectRefused(type: string, row: Row) {
	return async () => {
		sim().resetCounters();
		const result = await run(type, row.parameters, row.items);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(row.message);
		expect(writes()).toBe(0);
		if (row.noDataRead) expect(dataReads()).toBe(0);
	};
}

// ------------------------------------------------------------------------------------------------

describe('Autotask (any entity)', () => {
	const rows: Row[] = [
		{
			case: 'invalid JSON filter',
			parameters: { operation: 'getMany', entity: 'Contacts', returnAll: true, ...jsonFilter('[{"op":"eq","field":') },
			message: 'The filter is not valid JSON',
			noDataRead: true,
		},
		{
			case: 'JSON filter that is not a list of conditions',
			parameters: { operation: 'getMany', entity: 'Contacts', returnAll: true, ...jsonFilter('"isActive"') },
			message: 'The filter must be a JSON array of Autotask conditions',
			noDataRead: true,
		},
		{
			case: 'unknown operator in a JSON filter',
			parameters: { operation: 'getMany', entity: 'Contacts', returnAll: true, ...jsonFilter('[{"op":"like","field":"firstName","value":"a%"}]') },
			message: 'Unknown filter operator "like"',
			noDataRead: true,
		},
		{
			case: 'unknown field in a filter',
			parameters: { operation: 'getMany', entity: 'Contacts', returnAll: true, ...where('favouriteColour', 'eq', 'blue') },
			message: 'Unknown field "favouriteColour"',
			noDataRead: true,
		},
		{
			case: 'field Autotask cannot filter on',
			parameters: { operation: 'getMany', entity: 'Contacts', returnAll: true, ...where('surveyOptOut', 'eq', true) },
			message: 'Field "surveyOptOut" cannot be used in a filter',
			noDataRead: true,
		},
		{
			case: 'wrong type in a filter value',
			parameters: { operation: 'getMany', entity: 'Contacts', returnAll: true, ...where('companyID', 'eq', 'Acme') },
			message: 'Field "companyID" needs a whole number, got "Acme"',
			noDataRead: true,
		},
		{
			case: 'filter value from an expression that resolves to nothing',
			parameters: { operation: 'getMany', entity: 'Contacts', returnAll: true, ...where('companyID', 'eq', '={{ $json.companyId }}') },
			message: 'Operator "eq" on "companyID" needs a value',
			noDataRead: true,
		},
		{
			case: 'two UDF conditions',
			parameters: {
				operation: 'getMany',
				entity: 'Contacts',
				returnAll: true,
				...jsonFilter('[{"op":"exist","field":"Preferred Channel"},{"op":"eq","field":"Preferred Channel","value":"Email"}]'),
			},
			message: 'A query can filter on only one user-defined field condition; this one has 2 (Preferred Channel, Preferred Channel)',
			noDataRead: true,
		},
		{
			case: 'unknown entity',
			parameters: { operation: 'getMany', entity: 'Widgets', returnAll: true },
			message: '"Widgets" is not an Autotask REST entity',
			noDataRead: true,
		},
		{
			case: 'entity from an expression that resolves to nothing',
			parameters: { operation: 'get', entity: '={{ $json.entity }}', recordId: '1' },
			message: 'No entity chosen',
			noDataRead: true,
		},
		{
			case: 'record ID that is not a number',
			parameters: { operation: 'get', entity: 'Tickets', recordId: 'T20261122.0001' },
			message: 'Record ID must be a whole number, got "T20261122.0001"',
			noDataRead: true,
		},
		{
			case: 'record ID from an expression that resolves to null',
			parameters: { operation: 'update', entity: 'Tickets', recordId: '={{ null }}', ...json({ title: 'x' }) },
			message: 'Record ID must be a whole number, got ""',
			noDataRead: true,
		},
		{
			case: 'delete where the API does not allow it',
			parameters: { operation: 'delete', entity: 'Companies', recordId: '1' },
			message: 'Companies cannot be deleted through the Autotask API',
			noDataRead: true,
		},
		{
			case: 'create where the API does not allow it',
			parameters: { operation: 'create', entity: 'Resources', ...json({ firstName: 'No' }) },
			message: 'Resources cannot be created through the Autotask API',
			noDataRead: true,
		},
		{
			case: 'unknown field on create',
			parameters: { operation: 'create', entity: 'Tickets', ...json({ title: 'Printer', status: 1, priority: 1, companyID: 1, favouriteColour: 'blue' }) },
			message: 'Unknown field "favouriteColour" on Tickets',
			noDataRead: true,
		},
		{
			case: 'read-only field on update',
			parameters: { operation: 'update', entity: 'Tickets', recordId: '1', ...json({ createDate: '2020-01-01T00:00:00Z' }) },
			message: 'Field "createDate" is read-only and cannot be written',
			noDataRead: true,
		},
		{
			case: 'text in a number field',
			parameters: { operation: 'update', entity: 'Companies', recordId: '1', ...json({ ownerResourceID: 'Jane' }) },
			message: 'Field "ownerResourceID" needs a whole number, got "Jane"',
			noDataRead: true,
		},
		{
			case: 'text in a yes/no field',
			parameters: { operation: 'update', entity: 'Companies', recordId: '1', ...json({ isActive: 'maybe' }) },
			message: 'Field "isActive" needs true or false, got "maybe"',
			noDataRead: true,
		},
		{
			case: 'text in a date field',
			parameters: { operation: 'update', entity: 'Tickets', recordId: '1', ...json({ dueDateTime: 'next Tuesday' }) },
			message: 'Field "dueDateTime" needs a date and time, got "next Tuesday"',
			noDataRead: true,
		},
		{
			case: 'a label that is not in the picklist',
			parameters: { operation: 'update', entity: 'Tickets', recordId: '1', ...json({ priority: 'Apocalyptic' }) },
			message: '"Apocalyptic" is not a value of picklist field "priority"',
			noDataRead: true,
		},
		{
			case: 'over-long string',
			parameters: { operation: 'update', entity: 'Companies', recordId: '1', ...json({ phone: '5'.repeat(26) }) },
			message: 'Field "phone" is 26 characters long; Autotask allows at most 25',
			noDataRead: true,
		},
		{
			case: 'missing required field on create',
			parameters: { operation: 'create', entity: 'Tickets', ...json({ title: 'No company', status: 1, priority: 1 }) },
			message: 'Missing required field to create Tickets: companyID',
			noDataRead: true,
		},
		{
			case: 'Fields (JSON) that is not JSON',
			parameters: { operation: 'update', entity: 'Tickets', recordId: '1', fieldsSource: 'json', fieldsJson: '{"title": "x",' },
			message: 'Fields (JSON) is not valid JSON',
			noDataRead: true,
		},
		{
			case: 'Fields (JSON) from an expression that resolves to a list',
			parameters: { operation: 'update', entity: 'Tickets', recordId: '1', fieldsSource: 'json', fieldsJson: '={{ [1, 2] }}' },
			message: 'Fields (JSON) must be an object of field names and values',
			noDataRead: true,
		},
		{
			case: 'Fields (JSON) from an expression that resolves to undefined',
			parameters: { operation: 'update', entity: 'Tickets', recordId: '1', fieldsSource: 'json', fieldsJson: '={{ $json.fields }}' },
			message: 'Fields (JSON) must be an object of field names and values',
			noDataRead: true,
		},
		{
			case: 'nothing to update',
			parameters: { operation: 'update', entity: 'Tickets', recordId: '1', ...json({}) },
			message: 'Nothing to update on Tickets 1: no field values given',
			noDataRead: true,
		},
	];
	it.each(rows.map((row) => [row.case, row] as const))('%s', (_, row) => expectRefused(AUTOTASK, row)());
});

describe('Autotask Client Portal User', () => {
	const byId = (id: unknown) => ({ __rl: true, mode: 'id', value: String(id) });
	const byEmail = (email: string) => ({ __rl: true, mode: 'email', value: email });
	const create = (extra: IDataObject): IDataObject => ({ operation: 'create', contact: byId(freeContactId()), securityLevel: 1, ...extra });
	const contactName = (id: unknown) => {
		const contact = sim().store.get('Contacts', Number(id));
		return `${String(contact?.firstName)} ${String(contact?.lastName)} (contact ${String(id)})`;
	};
	let existing: { id: number; contactID: number; userName: string };
	const rows = (): Row[] => {
		const [user] = sim().store.all('ClientPortalUsers');
		existing = { id: user.id as number, contactID: user.contactID as number, userName: String(user.userName) };
		return portalRows();
	};
	const portalRows = (): Row[] => [
		{
			case: 'typed password too short',
			parameters: create({ passwordMode: 'enter', password: 'abc' }),
			message: 'Password must be 5-50 characters long (it has 3)',
			noDataRead: true,
		},
		{
			case: 'typed password with a space',
			parameters: create({ passwordMode: 'enter', password: 'correct horse' }),
			message: 'Password must not contain spaces',
			noDataRead: true,
		},
		{
			case: 'typed password with a single quote',
			parameters: create({ passwordMode: 'enter', password: "it's-secret" }),
			message: "Password must not contain single quotes (')",
			noDataRead: true,
		},
		{
			case: 'password from an expression that resolves to nothing',
			parameters: create({ passwordMode: 'enter', password: '={{ $json.password }}' }),
			message: 'Password must be 5-50 characters long (it has 0)',
			noDataRead: true,
		},
		{
			case: 'over-long username',
			parameters: create({ additionalFields: { userName: `${'u'.repeat(190)}@client.example` } }),
			message: 'Username must be at most 200 characters (it has 205)',
			noDataRead: true,
		},
		{
			case: 'security level that is not in the picklist',
			parameters: create({ securityLevel: 'Superuser' }),
			message: '"Superuser" is not a value of picklist field "securityLevel"',
			noDataRead: true,
		},
		{
			case: 'contact ID that is not a number',
			parameters: create({ contact: byId('={{ "Jane Doe" }}') }),
			message: 'Contact ID "Jane Doe" is not a whole number',
			noDataRead: true,
		},
		{
			case: 'contact from an expression that resolves to nothing',
			parameters: create({ contact: byId('={{ $json.contactId }}') }),
			message: 'Contact is required: choose a contact',
			noDataRead: true,
		},
		{
			case: 'contact e-mail that is not an e-mail address',
			parameters: create({ contact: byEmail('={{ "jane at client" }}') }),
			message: 'Contact e-mail "jane at client" is not an e-mail address',
			noDataRead: true,
		},
		{
			case: 'contact that does not exist',
			parameters: create({ contact: byEmail('nobody@nowhere.example') }),
			message: 'No contact found with e-mail "nobody@nowhere.example"',
		},
		{
			case: 'contact that already has a portal user',
			parameters: create({ contact: byId(existing.contactID) }),
			message: `${contactName(existing.contactID)} already has a client portal user (ID ${existing.id}, username "${existing.userName}")`,
		},
		{
			case: 'username taken by another portal user (in another case)',
			parameters: create({ additionalFields: { userName: existing.userName.toUpperCase() } }),
			message: `Username "${existing.userName.toUpperCase()}" is already taken by client portal user ${existing.id}`,
		},
		{
			case: 'Taskfire security level at a company without Taskfire',
			parameters: create({ securityLevel: 4 }),
			message: `Security level 4 (Resource (Taskfire)) is a Taskfire level, but the company of ${contactName(freeContactId())} (company ${String(sim().store.get('Contacts', freeContactId())?.companyID)}) does not have Taskfire`,
		},
		{
			case: 'portal user ID that is not a number',
			parameters: { operation: 'grantAccess', findBy: 'id', portalUserId: 'jane' },
			message: 'Portal User ID must be a whole number, got "jane"',
			noDataRead: true,
		},
		{
			case: 'portal user ID from an expression that resolves to null',
			parameters: { operation: 'revokeAccess', findBy: 'id', portalUserId: '={{ null }}' },
			message: 'Portal User ID must be a whole number, got "null"',
			noDataRead: true,
		},
		{
			case: 'username from an expression that resolves to nothing',
			parameters: { operation: 'grantAccess', findBy: 'userName', userName: '={{ $json.userName }}' },
			message: 'Username is required',
			noDataRead: true,
		},
		{
			case: 'changing the contact of a portal user',
			parameters: { operation: 'update', findBy: 'id', portalUserId: String(portalUserId()), updateFields: { fieldsJson: JSON.stringify({ contactID: 1 }) } },
			message: 'contactID cannot be modified once created',
			noDataRead: true,
		},
		{
			case: 'unknown field in Fields (JSON)',
			parameters: { operation: 'update', findBy: 'id', portalUserId: String(portalUserId()), updateFields: { fieldsJson: JSON.stringify({ favouriteColour: 'blue' }) } },
			message: 'Field "favouriteColour" cannot be updated on a client portal user',
			noDataRead: true,
		},
		{
			case: 'Fields (JSON) that is not JSON',
			parameters: { operation: 'update', findBy: 'id', portalUserId: String(portalUserId()), updateFields: { fieldsJson: '{"securityLevel":' } },
			message: 'Fields (JSON) is not valid JSON',
			noDataRead: true,
		},
		{
			case: 'over-long new password',
			parameters: { operation: 'update', findBy: 'id', portalUserId: String(portalUserId()), updateFields: { password: 'p'.repeat(51) } },
			message: 'Password must be 5-50 characters long (it has 51)',
			noDataRead: true,
		},
		{
			case: 'nothing to update',
			parameters: { operation: 'update', findBy: 'id', portalUserId: String(portalUserId()), updateFields: {} },
			message: 'Nothing to update: add at least one field under "Update Fields"',
			noDataRead: true,
		},
		{
			case: 'company filter that is not a number',
			parameters: { operation: 'getMany', returnAll: true, filters: { company: { __rl: true, mode: 'id', value: 'Acme' } } },
			message: 'Company ID "Acme" is not a whole number',
			noDataRead: true,
		},
	];
	tableTests(PORTAL_USER, rows);
});

describe('Autotask Resource', () => {
	const mapped = (values: IDataObject) => ({ mappingMode: 'defineBelow', value: values });
	const update = (values: IDataObject, extra: IDataObject = {}): IDataObject => ({
		operation: 'update',
		findBy: 'id',
		resourceId: String(resourceId()),
		fields: mapped(values),
		...extra,
	});
	const rows = (): Row[] => [
		{ case: 'read-only field', parameters: update({ hireDate: '2020-01-01' }), message: 'Field "hireDate" is read-only and cannot be updated', noDataRead: true },
		{ case: 'unknown field', parameters: update({ favouriteColour: 'blue' }), message: 'Unknown field "favouriteColour" on Resources', noDataRead: true },
		{ case: 'over-long e-mail', parameters: update({ email: `${'e'.repeat(243)}@client.example` }), message: 'Field "email" must be at most 254 characters (it has 258)', noDataRead: true },
		{ case: 'malformed e-mail', parameters: update({ email: 'jane.doe@' }), message: 'Field "email" is not a well-formed e-mail address', noDataRead: true },
		{ case: 'over-long string', parameters: update({ firstName: 'F'.repeat(51) }), message: 'Field "firstName" must be at most 50 characters (it has 51)', noDataRead: true },
		{ case: 'text in a yes/no field', parameters: update({ isActive: 'perhaps' }), message: 'Field "isActive" needs true or false, got "perhaps"', noDataRead: true },
		{ case: 'a label that is not in the picklist', parameters: update({ greeting: 'Your Majesty' }), message: '"Your Majesty" is not a value of picklist field "greeting"', noDataRead: true },
		{ case: 'nothing to update', parameters: update({}), message: 'Nothing to update: map at least one writable field', noDataRead: true },
		{ case: 'resource ID that is not a number', parameters: { operation: 'get', findBy: 'id', resourceId: 'jane' }, message: 'Resource ID must be a whole number, got "jane"', noDataRead: true },
		{ case: 'e-mail from an expression that resolves to nothing', parameters: { operation: 'get', findBy: 'email', email: '={{ $json.email }}' }, message: 'E-Mail is required', noDataRead: true },
		{ case: 'resource ID from an expression that resolves to null', parameters: { operation: 'deactivate', findBy: 'id', resourceId: '={{ null }}' }, message: 'Resource ID must be a whole number, got "null"', noDataRead: true },
	];
	tableTests(RESOURCE, rows);

	it('refuses an update by an API user without admin rights on Resources, writing nothing', async () => {
		const limited = sim().users.get('sim.limited@sandbox.example');
		if (!limited) throw new Error('The small seed has a non-admin API user');
		sim().resetCounters();
		const result = await runNode(RESOURCE, sim(), update({ title: 'Boss' }), { user: limited, name: 'Node' });
		expect(result.error?.message).toBe(`The API user "${limited.userName}" lacks admin rights on Resources, so Autotask does not let it change resources`);
		expect(writes()).toBe(0);
	});
});

describe('Autotask Trigger', () => {
	const rows: Row[] = [
		{ case: 'invalid JSON filter', parameters: { entity: 'Tickets', event: 'createdOrUpdated', ...jsonFilter('[{') }, message: 'The filter is not valid JSON' },
		{ case: 'unknown field in the filter', parameters: { entity: 'Tickets', event: 'created', ...where('colour', 'eq', 'red') }, message: 'Unknown field "colour"' },
		{
			case: 'two UDF conditions',
			parameters: { entity: 'Contacts', event: 'updated', ...jsonFilter('[{"op":"exist","field":"Preferred Channel"},{"op":"notExist","field":"Preferred Channel"}]') },
			message: 'A query can filter on only one user-defined field condition; this one has 2 (Preferred Channel, Preferred Channel)',
		},
		{ case: 'filter value from an expression that resolves to nothing', parameters: { entity: 'Tickets', event: 'created', ...where('priority', 'eq', '={{ null }}') }, message: 'Operator "eq" on "priority" needs a value' },
		{ case: 'event the trigger does not have', parameters: { entity: 'Tickets', event: '={{ "deleted" }}' }, message: 'The event "deleted" is not available for Tickets' },
		{ case: 'entity that cannot be queried', parameters: { entity: 'Widgets', event: 'created' }, message: '"Widgets" is not an Autotask entity the trigger can query' },
		{ case: 'change timestamp that is not a date field', parameters: { entity: 'Tickets', event: 'updated', options: { changeTimestamp: 'title' } }, message: '"title" is not a queryable date/time field of Tickets' },
		{ case: 'max events per poll below 1', parameters: { entity: 'Tickets', event: 'updated', options: { maxEvents: 0 } }, message: 'Max Events per Poll must be a whole number of at least 1' },
	];
	it.each(rows.map((row) => [row.case, row] as const))('%s', async (_, row) => {
		sim().resetCounters();
		const poller = createPoller({ node: buildNode(TRIGGER, row.parameters as INodeParameters, { name: 'Trigger' }), credentials: credentialsFor(sim()) });
		await expect(poller.poll()).rejects.toThrow(row.message);
		await expect(poller.poll()).rejects.toMatchObject({ message: row.message });
		expect(poller.staticData()).toEqual({});
		expect(writes()).toBe(0);
		expect(dataReads()).toBe(0);
	});
});

// ------------------------------------------------------------------------------------------------

interface BulkCase {
	node: string;
	type: string;
	/** The entity whose records are written (for the store's view). */
	entity: string;
	parameters: IDataObject;
	/** 1,000 items; every tenth one is invalid. */
	items: () => IDataObject[];
	message: string;
}

const BULK = 1_000;
const isInvalid = (index: number) => index % 10 === 9;

const bulkCases: BulkCase[] = [
	{
		node: 'Autotask (any entity)',
		type: AUTOTASK,
		entity: 'Tickets',
		parameters: {
			operation: 'update',
			entity: 'Tickets',
			recordId: '={{ $json.id }}',
			fieldsSource: 'json',
			fieldsJson: '={{ JSON.stringify({ title: $json.value }) }}',
		},
		items: () => {
			const ids = sim().store.all('Tickets').slice(-BULK).map((ticket) => ticket.id as number);
			return ids.map((id, index) => ({ id, value: isInvalid(index) ? 'T'.repeat(256) : `Bulk title ${index}` }));
		},
		message: 'Field "title" is 256 characters long; Autotask allows at most 255',
	},
	{
		node: 'Autotask Client Portal User',
		type: PORTAL_USER,
		entity: 'ClientPortalUsers',
		parameters: { operation: 'update', findBy: 'id', portalUserId: '={{ $json.id }}', updateFields: { password: '={{ $json.value }}' } },
		items: () => {
			const ids = sim().store.all('ClientPortalUsers').map((user) => user.id as number);
			return Array.from({ length: BULK }, (_, index) => ({ id: ids[index % ids.length], value: isInvalid(index) ? 'not valid' : `Valid-${index}` }));
		},
		message: 'Password must not contain spaces',
	},
	{
		node: 'Autotask Resource',
		type: RESOURCE,
		entity: 'Resources',
		parameters: { operation: 'update', findBy: 'id', resourceId: '={{ $json.id }}', fields: { mappingMode: 'defineBelow', value: { title: '={{ $json.value }}' } } },
		items: () => {
			const ids = sim().store.all('Resources').filter((resource) => resource.isActive === true).map((resource) => resource.id as number);
			return Array.from({ length: BULK }, (_, index) => ({ id: ids[index % ids.length], value: isInvalid(index) ? 'T'.repeat(51) : `Title ${index}` }));
		},
		message: 'Field "title" must be at most 50 characters (it has 51)',
	},
];

describe('1,000 items, every tenth invalid', () => {
	beforeAll(() => sim().seedLarge('Tickets', BULK));

	describe.each(bulkCases.map((bulk) => [bulk.node, bulk] as const))('%s', (_, bulk) => {
		it('without continue-on-fail: refuses the run at the first invalid item and writes nothing', async () => {
			const before = JSON.stringify(sim().store.all(bulk.entity));
			sim().resetCounters();
			const result = await run(bulk.type, bulk.parameters, bulk.items());
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(bulk.message);
			expect((result.error?.raw as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(9);
			expect(writes()).toBe(0);
			expect(dataReads()).toBe(0);
			expect(JSON.stringify(sim().store.all(bulk.entity))).toBe(before);
		});

		it('with continue-on-fail: writes exactly the valid items, reports each invalid one in place', async () => {
			const items = bulk.items();
			sim().resetCounters();
			const result = await run(bulk.type, bulk.parameters, items, true);
			expect(result.status).toBe('success');
			const output = result.output('Node');
			expect(output).toHaveLength(BULK);
			const wrong = output.flatMap((item, index) => {
				const paired = (item.pairedItem as { item: number }).item;
				const expected = isInvalid(index) ? { error: bulk.message } : { id: items[index].id };
				const ok = paired === index && Object.entries(expected).every(([key, value]) => item.json[key] === value);
				return ok ? [] : [`${index}: ${JSON.stringify({ paired, ...item.json }).slice(0, 200)}`];
			});
			expect(wrong.slice(0, 5)).toEqual([]);
			expect(sim().counters.byKind.update).toBe(BULK - BULK / 10);
			expect(sim().counters.byKind.get).toBe(0);
			if (bulk.entity === 'Tickets') {
				// One record per item here: each valid one holds its value, each invalid one is untouched.
				const stored = items.filter((item, index) => (sim().store.get('Tickets', item.id as number)?.title === item.value) !== !isInvalid(index));
				expect(stored).toEqual([]);
			}
		});
	});
});
