/**
 * The one owner of "item values -> request body" (nodes/common/writeBody.ts): its rules with the
 * defaults the generic node uses, the per-node rules the Resource and Client Portal User nodes pass
 * in, and how a refusal becomes the item's error. Every failure names the field and the rule.
 */
import { NodeOperationError, UserError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { CREATE_RULES, portalUserFields, UPDATE_RULES } from '../nodes/AutotaskClientPortalUser/shared/writeRules';
import { resourceUpdateRules } from '../nodes/AutotaskResource/shared/writableFields';
import type { FieldLike } from '../nodes/common/fields';
import { buildWriteBody, checkedValue, EMAIL_RULE, itemWriteBody } from '../nodes/common/writeBody';
import type { WriteRules } from '../nodes/common/writeBody';

const field = (name: string, dataType: string, extra: Partial<FieldLike> = {}): FieldLike => ({
	name,
	dataType,
	length: dataType === 'string' ? 20 : 0,
	isRequired: false,
	isReadOnly: false,
	...extra,
});

const fields: FieldLike[] = [
	field('id', 'long', { isReadOnly: true, isRequired: true }),
	field('title', 'string', { isRequired: true }),
	field('contactEmail', 'string', { length: 254 }),
	field('estimatedHours', 'decimal'),
	field('createDate', 'datetime', { isReadOnly: true }),
	field('issueType', 'integer', {
		isPickList: true,
		picklistValues: [
			{ value: 1, label: 'Hardware' },
			{ value: 2, label: 'Software' },
			{ value: 9, label: 'Old', isActive: false },
		],
	}),
	field('subIssueType', 'integer', {
		isPickList: true,
		picklistParentValueField: 'issueType',
		picklistValues: [
			{ value: 10, label: 'Printer', parentValue: '1' },
			{ value: 20, label: 'Email', parentValue: '2' },
		],
	}),
];

const udfs: FieldLike[] = [
	{ name: 'Notes', type: 'string', length: 10, isRequired: true },
	{
		name: 'Regions',
		type: 'string',
		length: 100,
		isPickList: true,
		isMultiSelect: true,
		picklistValues: [
			{ value: 'EU', label: 'Europe' },
			{ value: 'US', label: 'United States' },
			{ value: 'AP', label: 'Asia Pacific', isActive: false },
		],
	} as FieldLike,
];

const rules = (extra: Partial<WriteRules> = {}): WriteRules => ({ entity: 'Tickets', mode: 'update', source: 'json', ...extra });
const build = (values: IDataObject, extra: Partial<WriteRules> = {}) => buildWriteBody(values, fields, udfs, rules(extra));
const refusal = (values: IDataObject, extra: Partial<WriteRules> = {}): UserError => {
	try {
		build(values, extra);
	} catch (error) {
		expect(error).toBeInstanceOf(UserError);
		return error as UserError;
	}
	throw new Error('expected a refusal');
};
const description = (error: UserError) => (error as { description?: string }).description;

describe('the rules every node shares (defaults: the generic node)', () => {
	it('writes API casing, converts types and picklist labels, sends UDFs as a list', () => {
		expect(build({ TITLE: 'Printer', estimatedhours: '1.5', issueType: 'hardware', subIssueType: 'Printer', notes: 'n' })).toEqual({
			title: 'Printer',
			estimatedHours: 1.5,
			issueType: 1,
			subIssueType: 10,
			userDefinedFields: [{ name: 'Notes', value: 'n' }],
		});
	});

	it('refuses an unknown field, naming it and the entity, with near names', () => {
		const error = refusal({ titel: 'x' });
		expect(error.message).toBe('Unknown field "titel" on Tickets');
		expect(description(error)).toContain('"describe" operation');
		expect(description(refusal({ issue: 1 }))).toBe('Did you mean "issueType", "subIssueType"?');
	});

	it('refuses a read-only field, naming it and the operation', () => {
		const error = refusal({ createDate: '2024-01-01' }, { mode: 'create', source: 'json' });
		expect(error.message).toBe('Field "createDate" is read-only and cannot be written');
		expect(description(error)).toBe('Autotask sets createDate itself; remove it from the create.');
	});

	it('refuses a value of the wrong type, a text too long, a value not in the picklist, an inactive one', () => {
		expect(refusal({ estimatedHours: 'lots' }).message).toBe('Field "estimatedHours" needs a number, got "lots"');
		expect(refusal({ title: 't'.repeat(21) }).message).toBe('Field "title" is 21 characters long; Autotask allows at most 20');
		expect(refusal({ 'udf:Notes': 'n'.repeat(11) }).message).toBe('Field "Notes" is 11 characters long; Autotask allows at most 10');
		expect(refusal({ issueType: 'Firmware' }).message).toBe('"Firmware" is not a value of picklist field "issueType"');
		expect(refusal({ issueType: 'Old' }).message).toBe('"Old" (9) is an inactive value of picklist field "issueType"');
	});

	it('refuses a dependent picklist value that belongs to another parent value', () => {
		const error = refusal({ issueType: 'Software', subIssueType: 'Printer' });
		expect(error.message).toBe('"Printer" is not a value of "subIssueType" for issueType "Software"');
		expect(description(error)).toBe('It belongs to issueType value 1.');
		// Without the parent in the write, Autotask judges the pair.
		expect(build({ subIssueType: 'Printer' })).toEqual({ subIssueType: 10 });
	});

	it('writes a multi-select UDF from an array or a list, each value checked against its picklist', () => {
		expect(build({ Regions: ['Europe', 'US', 'EU'] })).toEqual({ userDefinedFields: [{ name: 'Regions', value: 'EU,US' }] });
		expect(build({ userDefinedFields: [{ name: 'regions', value: 'United States, EU' }] })).toEqual({
			userDefinedFields: [{ name: 'Regions', value: 'US,EU' }],
		});
		expect(refusal({ Regions: 'EU, Mars' }).message).toBe('"Mars" is not a value of multi-select field "Regions"');
		expect(refusal({ Regions: ['AP'] }).message).toBe('"Asia Pacific" (AP) is an inactive value of multi-select field "Regions"');
		expect(refusal({ userDefinedFields: [{ value: 'EU' }] }).message).toBe('Each user-defined field needs a "name"');
	});

	it('on create, lists every required field missing, except those filled in elsewhere', () => {
		expect(refusal({}, { mode: 'create' }).message).toBe('Missing required field to create Tickets: title');
		expect(build({}, { mode: 'create', providedElsewhere: ['TITLE'] })).toEqual({});
		const twoRequired = [...fields, field('status', 'integer', { isRequired: true })];
		expect(() => buildWriteBody({}, twoRequired, [], rules({ mode: 'create' }))).toThrow('Missing required fields to create Tickets: title, status');
	});

	it('on update, refuses clearing a required field (UDFs excepted) and an update that changes nothing', () => {
		expect(refusal({ title: null }).message).toBe('Field "title" is required and cannot be cleared');
		expect(build({ Notes: null })).toEqual({ userDefinedFields: [{ name: 'Notes', value: null }] });
		expect(refusal({}).message).toBe('Nothing to update on Tickets: no field values given');
		expect(refusal({ id: 5 }).message).toBe('Nothing to update on Tickets: no field values given');
	});

	it('empty values: the mapper leaves out a field added and left empty (null) and clears with empty text; JSON clears with either', () => {
		expect(build({ contactEmail: '', estimatedHours: null }, { source: 'mapper' })).toEqual({ contactEmail: null });
		expect(build({ contactEmail: '', estimatedHours: null }, { source: 'json' })).toEqual({ contactEmail: null, estimatedHours: null });
		expect(build({ contactEmail: '', estimatedHours: null }, { source: 'autoMap' })).toEqual({ estimatedHours: null });
	});

	it('automatic mapping skips what a read record carries, but not a name that is no field', () => {
		expect(build({ id: 3, title: 'x', createDate: '2024-01-01', issueType_label: 'Hardware' }, { source: 'autoMap' })).toEqual({ title: 'x' });
		expect(refusal({ title: 'x', colour: 'red' }, { source: 'autoMap' }).message).toBe('Unknown field "colour" on Tickets');
		expect(build({ title: 'x', colour: 'red' }, { source: 'autoMap', ignoreUnknownInAutoMap: true })).toEqual({ title: 'x' });
	});
});

describe('rules a node passes in', () => {
	it('ignored names, writable fields and their refusal', () => {
		expect(refusal({ id: 5 }, { ignoredNames: [] }).message).toBe('Field "id" is read-only and cannot be written');
		const onlyTitle = { isWritable: (candidate: FieldLike) => candidate.name === 'title', messages: { notWritable: (candidate: FieldLike) => new UserError(`Field "${candidate.name}" is not ours`) } };
		expect(refusal({ estimatedHours: 1 }, onlyTitle).message).toBe('Field "estimatedHours" is not ours');
	});

	it('what counts as not given, and whether a name is checked when its value is not given', () => {
		const nullIsUnset = { isUnset: (value: unknown) => value === undefined || value === null };
		expect(build({ title: 'x', contactEmail: null }, nullIsUnset)).toEqual({ title: 'x' });
		expect(build({ title: 'x', colour: null }, nullIsUnset)).toEqual({ title: 'x' });
		expect(refusal({ title: 'x', colour: null }, { ...nullIsUnset, checkNamesOfUnsetValues: true }).message).toBe('Unknown field "colour" on Tickets');
	});

	it("a field's own reader replaces the type and length checks; its error is the item's", () => {
		const shout = { fieldRules: { title: { read: (value: unknown) => String(value).toUpperCase() } } };
		expect(build({ title: 'x'.repeat(30) }, shout)).toEqual({ title: 'X'.repeat(30) });
		const strict = { fieldRules: { title: { read: () => { throw new UserError('Title must rhyme'); } } } };
		expect(refusal({ title: 'x' }, strict).message).toBe('Title must rhyme');
	});

	it("a field's text rule replaces the length check and names the field", () => {
		const email = { fieldRules: { contactemail: EMAIL_RULE } };
		expect(build({ contactEmail: 'jane@client.example' }, email)).toEqual({ contactEmail: 'jane@client.example' });
		expect(refusal({ contactEmail: 'jane@' }, email).message).toBe('Field "contactEmail" is not a well-formed e-mail address');
		const long = `${'a'.repeat(60)}@${'b'.repeat(190)}.example`;
		expect(refusal({ contactEmail: long }, email).message).toBe('Field "contactEmail" must be at most 254 characters (it has 259)');
	});

	it('the required fields of a create, and the messages of a node', () => {
		const own = {
			mode: 'create' as const,
			required: ['issueType'],
			messages: { missingRequired: (names: string[]) => new UserError(`Choose ${names.join(' and ')}`), inactiveValue: () => new UserError('Old is gone') },
		};
		expect(refusal({ title: 'x' }, own).message).toBe('Choose issueType');
		expect(build({ issueType: 2 }, own)).toEqual({ issueType: 2 });
		expect(refusal({ issueType: 9 }, own).message).toBe('Old is gone');
	});

	it('checkedValue converts one value and refuses an inactive picklist value', () => {
		expect(checkedValue(fields[5], 'software')).toBe(2);
		expect(() => checkedValue(fields[5], 9)).toThrow('"Old" (9) is an inactive value of picklist field "issueType"');
	});
});

describe('the Resource and Client Portal User rules', () => {
	const resourceFields: FieldLike[] = [
		field('id', 'long', { isReadOnly: true }),
		field('firstName', 'string', { length: 50, isRequired: true }),
		field('email2', 'string', { length: 254 }),
		field('hireDate', 'datetime', { isReadOnly: true }),
	];
	const resource = (values: IDataObject, automatic = false) => buildWriteBody(values, resourceFields, [], resourceUpdateRules(automatic));

	it('Resource update: null is not given, empty text clears, e-mail fields follow the e-mail rule', () => {
		expect(resource({ firstName: 'Jo', email2: null })).toEqual({ firstName: 'Jo' });
		expect(resource({ email2: '' })).toEqual({ email2: null });
		expect(() => resource({ firstName: '' })).toThrow('Field "firstName" is required and cannot be cleared');
		expect(() => resource({ email2: 'two@@at.example' })).toThrow('Field "email2" is not a well-formed e-mail address');
		expect(() => resource({ firstName: 'F'.repeat(51) })).toThrow('Field "firstName" must be at most 50 characters (it has 51)');
		expect(() => resource({ id: 1 })).toThrow('Field "id" is read-only and cannot be updated');
		expect(() => resource({ hireDate: '2020-01-01' })).toThrow('Field "hireDate" is read-only and cannot be updated');
		expect(() => resource({})).toThrow('Nothing to update: map at least one writable field');
		expect(resource({ id: 1, firstName: 'Jo', hireDate: '2020-01-01', department: 'IT' }, true)).toEqual({ firstName: 'Jo' });
	});

	const portalMetadata: FieldLike[] = [
		field('contactID', 'integer', { isRequired: true }),
		field('securityLevel', 'integer', {
			isRequired: true,
			isPickList: true,
			picklistValues: [
				{ value: 1, label: 'End User' },
				{ value: 6, label: 'Legacy Portal User', isActive: false },
			],
		}),
		field('userName', 'string', { length: 200, isRequired: true }),
	];
	const portal = (values: IDataObject, portalRules = UPDATE_RULES) => buildWriteBody(values, portalUserFields(portalMetadata), [], portalRules);

	it('Portal user update: only its fields, refused by name whatever the value; username and password by their rules', () => {
		expect(portal({ userName: '  jane@client.example ', password: 'Secret#12', securityLevel: 'End User', dateFormat: '' })).toEqual({
			userName: 'jane@client.example',
			password: 'Secret#12',
			securityLevel: 1,
		});
		expect(() => portal({ contactID: null })).toThrow('contactID cannot be modified once created');
		expect(() => portal({ isClientPortalActive: true })).toThrow('Field "isClientPortalActive" cannot be updated on a client portal user');
		expect(() => portal({ password: 'with space' })).toThrow('Password must not contain spaces');
		expect(() => portal({ userName: '   ' })).toThrow('Username must not be empty');
		expect(() => portal({ securityLevel: 6 })).toThrow('securityLevel 6 (Legacy Portal User) is no longer active in Autotask');
		expect(() => portal({ password: null, userName: '' })).toThrow('Nothing to update: add at least one field under "Update Fields"');
	});

	it('Portal user create: a security level is a must; an empty typed password is refused, not skipped', () => {
		expect(() => portal({ password: 'Secret#12' }, CREATE_RULES)).toThrow('Security Level is required: choose one of the portal security levels');
		expect(() => portal({ securityLevel: 1, password: '' }, CREATE_RULES)).toThrow('Password must be 5-50 characters long (it has 0)');
		expect(portal({ securityLevel: 1, password: 'Secret#12' }, CREATE_RULES)).toEqual({ securityLevel: 1, password: 'Secret#12' });
	});
});

describe('itemWriteBody', () => {
	const node: INode = { id: '1', name: 'Autotask', type: 'n8n-nodes-autotask-psa.autotask', typeVersion: 1, position: [0, 0], parameters: {} };

	it("raises a refusal as the item's node error, message and description kept", () => {
		let raised: unknown;
		try {
			itemWriteBody(node, 3, { createDate: 'x' }, fields, udfs, rules());
		} catch (error) {
			raised = error;
		}
		expect(raised).toBeInstanceOf(NodeOperationError);
		const error = raised as NodeOperationError;
		expect(error.message).toBe('Field "createDate" is read-only and cannot be written');
		expect(error.description).toBe('Autotask sets createDate itself; remove it from the update.');
		expect(error.context.itemIndex).toBe(3);
		expect(error.level).toBe('warning');
	});
});
