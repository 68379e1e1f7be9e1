import {
	buildAutotaskFilter,
	filterableFieldOptions,
	filterProperties,
	filterValueOptions,
	FILTER_OPERATORS,
} from '../nodes/common/filters';
import { fieldLabel } from '../nodes/common/fields';
import type { FieldLike } from '../nodes/common/fields';

const fields: FieldLike[] = [
	{ name: 'id', dataType: 'long', isQueryable: true },
	{ name: 'companyName', dataType: 'string', length: 100, isQueryable: true },
	{ name: 'isActive', dataType: 'boolean', isQueryable: true },
	{ name: 'createDate', dataType: 'datetime', isQueryable: true },
	{ name: 'revenue', dataType: 'decimal', isQueryable: true },
	{ name: 'secretNotes', dataType: 'string', isQueryable: false },
	{
		name: 'companyType',
		dataType: 'integer',
		isQueryable: true,
		isPickList: true,
		picklistValues: [
			{ value: '1', label: 'Customer' },
			{ value: '3', label: 'Prospect' },
			{ value: '7', label: 'Vendor' },
		],
	},
];
const udfs: FieldLike[] = [
	{ name: 'Customer Ranking', label: 'Ranking', type: 'string', isQueryable: true },
	{ name: 'Contract Start', type: 'datetime', isQueryable: true },
	{ name: 'companyName', type: 'string', isQueryable: true },
];

const build = (conditions: Array<[string, string, unknown?]>, extra: Partial<{ combinator: 'and' | 'or'; groups: unknown }> = {}) =>
	buildAutotaskFilter(
		{
			mode: 'build',
			combinator: extra.combinator ?? 'and',
			conditions: conditions.map(([field, operator, value]) => ({ field, operator, value })),
			groups: (extra.groups as never) ?? [],
		},
		fields,
		udfs,
	);

describe('buildAutotaskFilter (build mode)', () => {
	it('returns no condition ([]) when there is none: the transport makes that every record', () => {
		expect(build([])).toEqual([]);
		expect(buildAutotaskFilter({ mode: 'json', json: '' }, fields)).toEqual([]);
		expect(buildAutotaskFilter({ mode: 'json', json: '[]' }, fields)).toEqual([]);
	});

	it('supports every Autotask operator, with the API casing for fields and operators', () => {
		const samples: Record<string, unknown> = {
			eq: 'Acme', noteq: 'Acme', gt: 'A', gte: 'A', lt: 'Z', lte: 'Z',
			beginsWith: 'Ac', endsWith: 'me', contains: 'cm', in: 'Acme, Globex', notIn: '["Acme","Initech"]',
		};
		for (const op of FILTER_OPERATORS) {
			const [filter] = build([['COMPANYNAME', op.toUpperCase(), samples[op]]]);
			expect(filter.op).toBe(op);
			expect(filter.field).toBe('companyName');
			if (op === 'exist' || op === 'notExist') expect(filter).not.toHaveProperty('value');
		}
		expect(build([['companyName', 'in', 'Acme, Globex']])[0].value).toEqual(['Acme', 'Globex']);
		expect(build([['companyName', 'notIn', '["Acme","Initech"]']])[0].value).toEqual(['Acme', 'Initech']);
	});

	it('converts values to the field type: numbers, booleans, UTC dates, picklist labels', () => {
		expect(build([['id', 'gt', '10']])[0].value).toBe(10);
		expect(build([['isActive', 'eq', 'true']])[0].value).toBe(true);
		expect(build([['revenue', 'gte', '12.5']])[0].value).toBe(12.5);
		expect(build([['createDate', 'gte', '2024-05-01T12:00:00+02:00']])[0].value).toBe('2024-05-01T10:00:00.000Z');
		expect(build([['createDate', 'gte', '2024-05-01']])[0].value).toBe('2024-05-01T00:00:00.000Z');
		expect(build([['companyType', 'eq', 'prospect']])[0].value).toBe(3);
		expect(build([['companyType', 'in', 'Customer,7']])[0].value).toEqual([1, 7]);
		expect(build([['id', 'in', [1, 2]]])[0].value).toEqual([1, 2]);
	});

	it('refuses bad values with the field and the rule', () => {
		expect(() => build([['id', 'eq', 'abc']])).toThrow('Field "id" needs a whole number, got "abc"');
		expect(() => build([['isActive', 'eq', 'maybe']])).toThrow('needs true or false');
		expect(() => build([['createDate', 'gt', 'next tuesday']])).toThrow('needs a date and time');
		expect(() => build([['companyType', 'eq', 'Partner']])).toThrow('"Partner" is not a value of picklist field "companyType"');
		expect(() => build([['id', 'eq', '']])).toThrow('Operator "eq" on "id" needs a value');
		expect(() => build([['id', 'in', '']])).toThrow('needs at least one value');
		expect(() => build([['id', 'in', '[1,']])).toThrow('The list for "id" is not a valid JSON array');
	});

	it('refuses unknown and non-queryable fields, naming them', () => {
		expect(() => build([['compName', 'eq', 'x']])).toThrow('Unknown field "compName"');
		expect(() => build([['secretNotes', 'eq', 'x']])).toThrow('Field "secretNotes" cannot be used in a filter');
		expect(() => build([['id', 'like', 'x']])).toThrow('Unknown filter operator "like"');
	});

	it('marks UDF conditions with udf:true and refuses a second UDF condition', () => {
		expect(build([['customer ranking', 'eq', 'Golden']])).toEqual([
			{ op: 'eq', field: 'Customer Ranking', udf: true, value: 'Golden' },
		]);
		expect(build([['udf:companyName', 'eq', 'x']])[0]).toEqual({ op: 'eq', field: 'companyName', udf: true, value: 'x' });
		expect(build([['companyName', 'eq', 'x']])[0]).toEqual({ op: 'eq', field: 'companyName', value: 'x' });
		expect(build([['Contract Start', 'gt', '2024-01-01']])[0].value).toBe('2024-01-01T00:00:00.000Z');
		expect(() =>
			build([
				['Customer Ranking', 'eq', 'Golden'],
				['Contract Start', 'gt', '2024-01-01'],
			]),
		).toThrow('only one user-defined field condition; this one has 2 (Customer Ranking, Contract Start)');
	});

	it('builds A and (B or C)', () => {
		const filter = build([['isActive', 'eq', true]], {
			groups: [{ combinator: 'or', conditions: [{ field: 'companyType', operator: 'eq', value: '1' }, { field: 'companyName', operator: 'beginsWith', value: 'A' }] }],
		});
		expect(filter).toEqual([
			{ op: 'eq', field: 'isActive', value: true },
			{ op: 'or', items: [{ op: 'eq', field: 'companyType', value: 1 }, { op: 'beginsWith', field: 'companyName', value: 'A' }] },
		]);
	});

	it('builds (A and B) or (C and D), and unwraps one-condition groups', () => {
		const filter = build([], {
			combinator: 'or',
			groups: [
				{ combinator: 'and', conditions: [{ field: 'id', operator: 'gt', value: 1 }, { field: 'id', operator: 'lt', value: 5 }] },
				{ combinator: 'and', conditions: [{ field: 'id', operator: 'eq', value: 9 }] },
				{ combinator: 'and', conditions: [] },
			],
		});
		expect(filter).toEqual([
			{
				op: 'or',
				items: [
					{ op: 'and', items: [{ op: 'gt', field: 'id', value: 1 }, { op: 'lt', field: 'id', value: 5 }] },
					{ op: 'eq', field: 'id', value: 9 },
				],
			},
		]);
	});
});

describe('buildAutotaskFilter (JSON mode)', () => {
	it('takes any Autotask filter array, normalising fields, operators, UDFs and values', () => {
		const json = JSON.stringify({
			filter: [
				{ op: 'EQ', field: 'ISACTIVE', value: 'true' },
				{ op: 'or', items: [{ op: 'in', field: 'companytype', value: ['Customer', 3] }, { op: 'and', items: [{ op: 'exist', field: 'id' }, { op: 'eq', field: 'Customer Ranking', value: 'Golden' }] }] },
			],
		});
		expect(buildAutotaskFilter({ mode: 'json', json }, fields, udfs)).toEqual([
			{ op: 'eq', field: 'isActive', value: true },
			{
				op: 'or',
				items: [
					{ op: 'in', field: 'companyType', value: [1, 3] },
					{ op: 'and', items: [{ op: 'exist', field: 'id' }, { op: 'eq', field: 'Customer Ranking', udf: true, value: 'Golden' }] },
				],
			},
		]);
	});

	it('honours udf:true for a name both a field and a UDF have', () => {
		const filter = buildAutotaskFilter({ mode: 'json', json: [{ op: 'eq', field: 'companyName', udf: true, value: 'x' }] }, fields, udfs);
		expect(filter).toEqual([{ op: 'eq', field: 'companyName', udf: true, value: 'x' }]);
	});

	it('explains invalid JSON and bad shapes', () => {
		expect(() => buildAutotaskFilter({ mode: 'json', json: '[{op: eq' }, fields)).toThrow('The filter is not valid JSON');
		expect(() => buildAutotaskFilter({ mode: 'json', json: '"text"' }, fields)).toThrow('must be a JSON array');
		expect(() => buildAutotaskFilter({ mode: 'json', json: '[{"op":"or","items":[]}]' }, fields)).toThrow('needs a non-empty "items" array');
		expect(() => buildAutotaskFilter({ mode: 'json', json: '[{"op":"eq","field":"nope","value":1}]' }, fields)).toThrow('Unknown field "nope"');
		expect(() =>
			buildAutotaskFilter({ mode: 'json', json: '[{"op":"eq","field":"Customer Ranking","value":"a"},{"op":"eq","field":"Customer Ranking","value":"b"}]' }, fields, udfs),
		).toThrow('only one user-defined field condition');
	});
});

describe('filter UI', () => {
	it('offers every operator and both modes', () => {
		const properties = filterProperties({ operation: ['getMany'] });
		expect(properties.map((property) => property.name)).toEqual(['filterMode', 'filterCombinator', 'filterConditions', 'filterGroups', 'filterJson']);
		const conditions = properties[2].options as Array<{ values: Array<{ name: string; options?: Array<{ value: string }> }> }>;
		const operators = conditions[0].values.find((value) => value.name === 'operator')?.options?.map((option) => option.value);
		expect(operators).toEqual([...FILTER_OPERATORS]);
	});

	it('lists queryable fields, then UDFs, prefixing a UDF that shares a field name', () => {
		const options = filterableFieldOptions(fields, udfs);
		expect(options.map((option) => option.value)).not.toContain('secretNotes');
		expect(options.slice(-3).map((option) => option.value)).toEqual(['udf:companyName', 'Contract Start', 'Customer Ranking']);
	});

	it('shows each field by its label with its API name, so "company name" finds companyName', () => {
		const options = filterableFieldOptions(fields, udfs);
		expect(options.map((option) => option.name)).toEqual([
			'Company Name (companyName)',
			'Company Type (companyType)',
			'Create Date (createDate)',
			'ID (id)',
			'Is Active (isActive)',
			'Revenue (revenue)',
			'companyName (UDF)',
			'Contract Start (UDF)',
			'Ranking (Customer Ranking, UDF)',
		]);
		expect(options.filter((option) => option.name.toLowerCase().includes('company name')).map((option) => option.value)).toEqual([
			'companyName',
		]);
		expect(options.find((option) => option.value === 'companyType')?.description).toMatch(/^picklist/);
		expect([fieldLabel('ownerResourceID'), fieldLabel('lastActivityDate'), fieldLabel('UDF_x')]).toEqual([
			'Owner Resource ID',
			'Last Activity Date',
			'UDF x',
		]);
		expect(['rmaStatus', 'id', 'webhookGUID', 'emailTypeCode2', 'address1', 'RMMDeviceAuditIPAddress', 'apiVendorID'].map(fieldLabel)).toEqual([
			'RMA Status',
			'ID',
			'Webhook GUID',
			'Email Type Code 2',
			'Address 1',
			'RMM Device Audit IP Address',
			'API Vendor ID',
		]);
	});

	it("offers a picklist field's values as \"Label (value)\", and nothing for other fields", () => {
		expect(filterValueOptions(fields, udfs, 'CompanyType')).toEqual([
			{ name: 'Customer (1)', value: '1' },
			{ name: 'Prospect (3)', value: '3' },
			{ name: 'Vendor (7)', value: '7' },
		]);
		expect(filterValueOptions(fields, udfs, 'companyName')).toEqual([]);
		expect(filterValueOptions(fields, udfs, '')).toEqual([]);
	});

	it('each condition has a Value From List that depends on its own field and accepts expressions', () => {
		const [, , conditions] = filterProperties({}, ['event']);
		const values = (conditions.options as Array<{ values: Array<{ name: string; typeOptions?: unknown; allowArbitraryValues?: boolean }> }>)[0].values;
		expect(values.find((value) => value.name === 'listValue')).toMatchObject({
			allowArbitraryValues: true,
			typeOptions: { loadOptionsMethod: 'getFilterValues', loadOptionsDependsOn: ['&field', 'entity', 'event'] },
		});
	});
});
