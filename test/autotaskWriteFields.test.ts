import type { FieldLike } from '../nodes/common/fields';
import { MAX_EMBEDDED_PICKLIST, writableMapperFields } from '../nodes/Autotask/helpers/mapperColumns';
import { buildWriteBody } from '../nodes/common/writeBody';
import { entityPath, parentIdField } from '../nodes/Autotask/helpers/entity';
import { findEntity } from '../nodes/common/catalog';

const field = (name: string, dataType: string, extra: Partial<FieldLike> = {}): FieldLike => ({
	name,
	dataType,
	length: dataType === 'string' ? 50 : 0,
	isRequired: false,
	isReadOnly: false,
	isQueryable: true,
	isReference: false,
	referenceEntityType: '',
	isPickList: false,
	picklistValues: null,
	picklistParentValueField: '',
	...extra,
});

const fields: FieldLike[] = [
	field('id', 'long', { isReadOnly: true, isRequired: true }),
	field('companyID', 'integer', { isRequired: true, isReadOnly: true, isReference: true, referenceEntityType: 'Company' }),
	field('assignedResourceID', 'integer', { isReference: true, referenceEntityType: 'Resource' }),
	field('createDate', 'datetime', { isReadOnly: true }),
	field('description', 'string', { length: 10 }),
	field('dueDateTime', 'datetime'),
	field('isBillable', 'boolean'),
	field('title', 'string', { isRequired: true, length: 255 }),
	field('issueType', 'integer', {
		isPickList: true,
		picklistValues: [
			{ value: '1', label: 'Hardware' },
			{ value: '2', label: 'Software' },
			{ value: '9', label: 'Old', isActive: false },
		],
	}),
	field('subIssueType', 'integer', {
		isPickList: true,
		picklistParentValueField: 'issueType',
		picklistValues: [
			{ value: '10', label: 'Printer', parentValue: '1' },
			{ value: '20', label: 'Office', parentValue: '2' },
		],
	}),
	field('status', 'integer', {
		isRequired: true,
		isPickList: true,
		picklistValues: Array.from({ length: MAX_EMBEDDED_PICKLIST + 1 }, (_, i) => ({ value: String(i + 1), label: `Status ${i + 1}` })),
	}),
];
const udfs: FieldLike[] = [
	{ name: 'Customer Ranking', label: 'Customer Ranking', type: 'string', length: 20, isReadOnly: false },
	{ name: 'Locked', type: 'string', isReadOnly: true },
];

describe('writableMapperFields (the resource mapper columns)', () => {
	it('lists required fields first on create and hides read-only fields and id', () => {
		const columns = writableMapperFields(fields, udfs, 'create');
		const ids = columns.map((column) => column.id);
		expect(ids.slice(0, 2)).toEqual(['title', 'status']);
		expect(columns.slice(0, 2).every((column) => column.required)).toBe(true);
		expect(ids).not.toEqual(expect.arrayContaining(['id']));
		for (const hidden of ['id', 'companyID', 'createDate', 'Locked']) expect(ids).not.toContain(hidden);
		expect(ids).toContain('Customer Ranking');
	});

	it('marks nothing required on update', () => {
		expect(writableMapperFields(fields, udfs, 'update').some((column) => column.required)).toBe(false);
	});

	it('offers picklists by label, names dependent parents and references, and does not embed long lists', () => {
		const columns = new Map(writableMapperFields(fields, udfs, 'create').map((column) => [column.id, column]));
		expect(columns.get('issueType')?.options).toEqual([
			{ name: 'Hardware', value: 1 },
			{ name: 'Software', value: 2 },
		]);
		expect(columns.get('subIssueType')?.options?.[0]).toEqual({ name: 'Printer (issueType: Hardware)', value: 10 });
		expect(columns.get('assignedResourceID')?.displayName).toBe('assignedResourceID (Resource ID)');
		expect(columns.get('status')?.type).toBe('number');
		expect(columns.get('status')?.options).toBeUndefined();
		expect(columns.get('status')?.displayName).toContain('picklist: value or label');
		expect(columns.get('dueDateTime')?.type).toBe('dateTime');
		expect(columns.get('Customer Ranking')?.displayName).toBe('Customer Ranking (UDF)');
	});
});

describe('buildWriteBody', () => {
	const build = (values: Record<string, unknown>, mode: 'create' | 'update' = 'update', source: 'mapper' | 'autoMap' | 'json' = 'json') =>
		buildWriteBody(values as never, fields, udfs, { mode, entity: 'Tickets', source });

	it('writes field names with the API casing, converts types and labels, and sends UDFs as a list', () => {
		expect(
			build({ TITLE: 'Printer down', STATUS: 'status 3', isbillable: 'yes', dueDateTime: '2024-05-01T10:00:00+02:00', 'customer ranking': 'Gold', issueType: 'hardware', subIssueType: 'Printer' }, 'create'),
		).toEqual({
			title: 'Printer down',
			status: 3,
			isBillable: true,
			dueDateTime: '2024-05-01T08:00:00.000Z',
			issueType: 1,
			subIssueType: 10,
			userDefinedFields: [{ name: 'Customer Ranking', value: 'Gold' }],
		});
		expect(build({ userDefinedFields: [{ name: 'customer ranking', value: 'Silver' }] })).toEqual({
			userDefinedFields: [{ name: 'Customer Ranking', value: 'Silver' }],
		});
	});

	it('refuses what Autotask would refuse, naming the field and the rule', () => {
		expect(() => build({ titel: 'x' })).toThrow('Unknown field "titel" on Tickets');
		expect(() => build({ createDate: '2024-01-01' })).toThrow('Field "createDate" is read-only and cannot be written');
		expect(() => build({ isBillable: 'perhaps' })).toThrow('Field "isBillable" needs true or false');
		expect(() => build({ description: 'eleven char' })).toThrow('Field "description" is 11 characters long; Autotask allows at most 10');
		expect(() => build({ 'Customer Ranking': 'x'.repeat(21) })).toThrow('at most 20');
		expect(() => build({ issueType: 'Firmware' })).toThrow('"Firmware" is not a value of picklist field "issueType"');
		expect(() => build({ issueType: 9 })).toThrow('"Old" (9) is an inactive value of picklist field "issueType"');
		expect(() => build({ issueType: 2, subIssueType: 'Printer' })).toThrow('"Printer" is not a value of "subIssueType" for issueType "Software"');
		expect(() => build({ title: 'x' }, 'create')).toThrow('Missing required field to create Tickets: status');
		expect(() => build({}, 'create')).toThrow('Missing required fields to create Tickets: title, status');
	});

	it('skips what a record read from Autotask carries when the input item is mapped automatically', () => {
		expect(build({ id: 5, title: 'x', createDate: '2024-01-01T00:00:00Z', issueType: 1, issueType_label: 'Hardware', description: '' }, 'update', 'autoMap')).toEqual({
			title: 'x',
			issueType: 1,
		});
		expect(() => build({ nonsense: 1 }, 'update', 'autoMap')).toThrow('Unknown field "nonsense"');
	});

	it('leaves mapper fields added and left empty (null) out and clears fields given as empty text', () => {
		expect(build({ title: null, description: '' }, 'update', 'mapper')).toEqual({ description: null });
	});
});

describe('child entity paths', () => {
	it('finds the parent id field and the write path under the parent', () => {
		const contacts = findEntity('contacts')!;
		expect(parentIdField(contacts, fields)?.name).toBe('companyID');
		expect(entityPath(contacts, 174)).toEqual({ entity: 'Contacts', parent: { entity: 'Companies', id: 174, segment: 'Contacts' } });
		expect(entityPath(findEntity('TicketNotes')!, 9)).toEqual({ entity: 'TicketNotes', parent: { entity: 'Tickets', id: 9, segment: 'Notes' } });
		expect(entityPath(findEntity('Companies')!)).toEqual({ entity: 'Companies' });
	});
});
