import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { AutotaskClient } from '../transport';
import type { AutotaskFilter } from '../transport';
import { findEntity } from './catalog';
import { FieldIndex, UDF_PREFIX, coerceValue, fieldLabel, valueKind } from './fields';
import { parseJsonParameter } from './json';
import type { FieldLike } from './fields';
import type { ShowFor } from './parameters';
import { asNodeError } from './nodeError';

/**
 * The filter builder: the UI parameters for an Autotask query filter and their conversion to the
 * API's filter array. Conditions are checked against the entity's metadata before anything is
 * sent: unknown and non-queryable fields, the one-UDF-per-query rule, value types.
 */

/** Every operator Autotask's query grammar has for a single condition. */
export const FILTER_OPERATORS = [
	'eq',
	'noteq',
	'gt',
	'gte',
	'lt',
	'lte',
	'beginsWith',
	'endsWith',
	'contains',
	'exist',
	'notExist',
	'in',
	'notIn',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

const OPERATORS_BY_LOWER = new Map<string, FilterOperator>(FILTER_OPERATORS.map((op) => [op.toLowerCase(), op]));
const NO_VALUE_OPERATORS = new Set<FilterOperator>(['exist', 'notExist']);
const LIST_OPERATORS = new Set<FilterOperator>(['in', 'notIn']);
const TEXT_OPERATORS = new Set<FilterOperator>(['beginsWith', 'endsWith', 'contains']);

export type Combinator = 'and' | 'or';

export interface FilterCondition {
	field: string;
	operator: string;
	/** Ignored for exist/notExist; a list (array, JSON array text or comma-separated text) for in/notIn. */
	value?: unknown;
}

export interface FilterGroup {
	combinator: Combinator;
	conditions: FilterCondition[];
}

/**
 * What the UI holds. Build mode: `conditions` and `groups` joined by `combinator`, each group's
 * conditions joined by its own combinator, so "A and (B or C)" and "(A and B) or (C and D)" both
 * fit. JSON mode: any Autotask filter array (or `{ filter: [...] }`), as text or as parsed data.
 */
export type FilterSpec =
	| { mode: 'build'; combinator: Combinator; conditions: FilterCondition[]; groups?: FilterGroup[] }
	| { mode: 'json'; json: unknown };

/** The loadOptions method the field dropdowns call; a node using `filterProperties` registers it. */
export const FILTER_FIELDS_METHOD = 'getFilterableFields';

/** The loadOptions method a condition's "Value From List" calls: the chosen field's picklist. */
export const FILTER_VALUES_METHOD = 'getFilterValues';

/** The node parameter that names the entity; `getFilterableFields` reads it. */
export const ENTITY_PARAMETER = 'entity';

// ---------------------------------------------------------------------------------------------
// Pure core

function canonicalOperator(op: unknown): FilterOperator | 'and' | 'or' {
	const lower = String(op ?? '').trim().toLowerCase();
	if (lower === 'and' || lower === 'or') return lower;
	const known = OPERATORS_BY_LOWER.get(lower);
	if (!known) {
		throw new UserError(`Unknown filter operator "${String(op)}"`, {
			description: `Autotask's operators are ${FILTER_OPERATORS.join(', ')}, and "and"/"or" for groups.`,
		});
	}
	return known;
}

function toList(raw: unknown, fieldName: string): unknown[] {
	if (Array.isArray(raw)) return raw;
	if (typeof raw === 'number' || typeof raw === 'boolean') return [raw];
	const text = String(raw ?? '').trim();
	if (text.startsWith('[')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(text) as unknown;
		} catch {
			parsed = undefined;
		}
		if (!Array.isArray(parsed)) throw new UserError(`The list for "${fieldName}" is not a valid JSON array: ${text}`);
		return parsed;
	}
	return text === '' ? [] : text.split(',').map((part) => part.trim());
}

class FilterBuilder {
	private udfConditions: string[] = [];
	private readonly index: FieldIndex;

	constructor(fields: readonly FieldLike[], udfs: readonly FieldLike[]) {
		this.index = new FieldIndex(fields, udfs);
	}

	condition(fieldName: unknown, operator: unknown, rawValue: unknown, udfHint?: unknown): AutotaskFilter {
		const op = canonicalOperator(operator);
		if (op === 'and' || op === 'or') throw new UserError(`"${op}" is a group operator and needs "items"`);
		const name = String(fieldName ?? '').trim();
		if (!name) throw new UserError(`A filter condition with operator "${op}" has no field`);
		const lookupName = udfHint === true && !name.toLowerCase().startsWith(UDF_PREFIX) ? `${UDF_PREFIX}${name}` : name;
		const resolved = this.index.resolve(lookupName) ?? this.index.resolve(name);
		if (!resolved) throw this.index.unknownFieldError(name);
		const { field, udf } = resolved;
		if (field.isQueryable === false) {
			throw new UserError(`Field "${field.name}" cannot be used in a filter`, {
				description: 'Autotask marks this field as not queryable and rejects queries on it.',
			});
		}
		if (udf) this.udfConditions.push(field.name);

		const filter: AutotaskFilter = { op, field: field.name };
		if (udf) filter.udf = true;
		if (NO_VALUE_OPERATORS.has(op)) return filter;

		if (LIST_OPERATORS.has(op)) {
			const list = toList(rawValue, field.name);
			if (list.length === 0) throw new UserError(`Operator "${op}" on "${field.name}" needs at least one value`);
			filter.value = list.map((item) => this.value(field, op, item));
		} else {
			filter.value = this.value(field, op, rawValue);
		}
		return filter;
	}

	private value(field: FieldLike, op: FilterOperator, raw: unknown): unknown {
		if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '' && valueKind(field) !== 'string')) {
			throw new UserError(`Operator "${op}" on "${field.name}" needs a value`, {
				description: 'To find records where the field is empty, use "notExist".',
			});
		}
		// Text operators match part of the stored text, so no type or picklist conversion applies.
		if (TEXT_OPERATORS.has(op)) return String(raw);
		if (valueKind(field) === 'string' && !field.isPickList) return typeof raw === 'string' ? raw : String(raw);
		return coerceValue(field, raw);
	}

	group(op: Combinator, items: AutotaskFilter[]): AutotaskFilter | undefined {
		if (items.length === 0) return undefined;
		if (items.length === 1) return items[0];
		return { op, items };
	}

	fromJson(entry: unknown, path: string): AutotaskFilter {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			throw new UserError(`Filter entry ${path} must be an object such as {"op":"eq","field":"id","value":1}`);
		}
		const object = entry as IDataObject;
		const op = canonicalOperator(object.op);
		if (op === 'and' || op === 'or') {
			if (!Array.isArray(object.items) || object.items.length === 0) {
				throw new UserError(`Filter group ${path} ("${op}") needs a non-empty "items" array`);
			}
			return { op, items: object.items.map((item, i) => this.fromJson(item, `${path}.items[${i}]`)) };
		}
		return this.condition(object.field, op, object.value, object.udf);
	}

	finish(filter: AutotaskFilter[]): AutotaskFilter[] {
		if (this.udfConditions.length > 1) {
			throw new UserError(
				`A query can filter on only one user-defined field condition; this one has ${this.udfConditions.length} (${this.udfConditions.join(', ')})`,
				{
					description:
						'Autotask allows one user-defined field per query. Keep the most selective UDF condition and filter the rest after the query (for example with an n8n Filter node).',
				},
			);
		}
		return filter;
	}
}

function parseJsonFilter(json: unknown): unknown[] {
	let parsed = parseJsonParameter(
		json,
		'The filter',
		'Expected an Autotask filter array such as [{"op":"eq","field":"isActive","value":true}].',
	);
	if (parsed === undefined && typeof json === 'string') return [];
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'filter' in parsed) {
		parsed = (parsed as IDataObject).filter;
	}
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) parsed = [parsed];
	if (!Array.isArray(parsed)) {
		throw new UserError('The filter must be a JSON array of Autotask conditions', {
			description: 'For example [{"op":"eq","field":"isActive","value":true}]',
		});
	}
	return parsed;
}

/**
 * Turns a filter spec into Autotask's filter array, checked against the entity's fields and UDFs:
 * field names matched case-insensitively and written with the API's casing, `udf: true` set on UDF
 * conditions, values converted to each field's type (dates to UTC, picklist labels to values),
 * at most one UDF condition. No condition gives `[]`, which the transport sends as "every record".
 * Throws a UserError naming the field and the rule.
 */
export function buildAutotaskFilter(
	spec: FilterSpec,
	fields: readonly FieldLike[],
	udfs: readonly FieldLike[] = [],
): AutotaskFilter[] {
	const builder = new FilterBuilder(fields, udfs);
	if (spec.mode === 'json') {
		const entries = parseJsonFilter(spec.json);
		return builder.finish(entries.map((entry, i) => builder.fromJson(entry, `[${i}]`)));
	}
	const toFilters = (conditions: FilterCondition[]) =>
		conditions.map((condition) => builder.condition(condition.field, condition.operator, condition.value));
	const parts = [
		...toFilters(spec.conditions),
		...(spec.groups ?? []).flatMap((group) => {
			const built = builder.group(group.combinator, toFilters(group.conditions));
			return built ? [built] : [];
		}),
	];
	// Autotask ANDs the top-level entries, so only an OR needs a wrapping group.
	if (spec.combinator === 'or' && parts.length > 1) return builder.finish([{ op: 'or', items: parts }]);
	return builder.finish(parts);
}

// ---------------------------------------------------------------------------------------------
// n8n parameters

const OPERATOR_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Equals', value: 'eq' },
	{ name: 'Not Equals', value: 'noteq' },
	{ name: 'Greater Than', value: 'gt' },
	{ name: 'Greater Than or Equal', value: 'gte' },
	{ name: 'Less Than', value: 'lt' },
	{ name: 'Less Than or Equal', value: 'lte' },
	{ name: 'Begins With', value: 'beginsWith' },
	{ name: 'Ends With', value: 'endsWith' },
	{ name: 'Contains', value: 'contains' },
	{ name: 'Has a Value', value: 'exist', description: 'The field is set (exist)' },
	{ name: 'Is Empty', value: 'notExist', description: 'The field is not set (notExist)' },
	{ name: 'Is One Of', value: 'in', description: 'Comma-separated list or JSON array (in)' },
	{ name: 'Is Not One Of', value: 'notIn', description: 'Comma-separated list or JSON array (notIn)' },
];

const conditionValues = (fieldsDependOn: string[]): INodeProperties[] => [
	{
		displayName: 'Field Name or ID',
		name: 'field',
		type: 'options',
		typeOptions: { loadOptionsMethod: FILTER_FIELDS_METHOD, loadOptionsDependsOn: [ENTITY_PARAMETER, ...fieldsDependOn] },
		default: '',
		description:
			'The field to test (queryable fields and user-defined fields of the entity). Choose from the list, or specify a field name using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Operator',
		name: 'operator',
		type: 'options',
		options: OPERATOR_OPTIONS,
		default: 'eq',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		displayOptions: { hide: { operator: ['exist', 'notExist'] } },
		description:
			'Converted to the field\'s type: numbers, true/false, dates (taken as UTC without an offset), picklist values or labels. For "Is One Of": 1,3,7 or a JSON array.',
	},
	{
		displayName: 'Value From List Name or ID',
		name: 'listValue',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: FILTER_VALUES_METHOD,
			loadOptionsDependsOn: ['&field', ENTITY_PARAMETER, ...fieldsDependOn],
		},
		// An expression may give a label or a value; the filter checks it against the picklist.
		allowArbitraryValues: true,
		default: '',
		displayOptions: { hide: { operator: ['exist', 'notExist'] } },
		description:
			'For a picklist field: its values, by label. When set, used instead of Value. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

function conditionsCollection(displayName: string, name: string, fieldsDependOn: string[], show?: ShowFor): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Condition',
		default: {},
		...(show ? { displayOptions: { show } } : {}),
		options: [{ displayName: 'Condition', name: 'condition', values: conditionValues(fieldsDependOn) }],
	};
}

const COMBINATOR_OPTIONS: INodePropertyOptions[] = [
	{ name: 'All (AND)', value: 'and' },
	{ name: 'Any (OR)', value: 'or' },
];

/**
 * The filter UI for the operations in `show`: a mode (build conditions, or raw JSON), conditions,
 * condition groups with their own AND/OR, and how the top level combines them. The node must
 * register `FILTER_FIELDS_METHOD` and `FILTER_VALUES_METHOD` under `methods.loadOptions` and have
 * an `entity` parameter;
 * `fieldsDependOn` names further parameters that change the entity (the trigger's event).
 */
export function filterProperties(show: ShowFor, fieldsDependOn: string[] = []): INodeProperties[] {
	const build = { ...show, filterMode: ['build'] };
	return [
		{
			displayName: 'Filter Mode',
			name: 'filterMode',
			type: 'options',
			options: [
				{ name: 'Build Conditions', value: 'build', description: 'Pick fields and operators' },
				{ name: 'JSON', value: 'json', description: 'Write an Autotask filter array' },
			],
			default: 'build',
			displayOptions: { show },
		},
		{
			displayName: 'Match',
			name: 'filterCombinator',
			type: 'options',
			options: [
				{ name: 'All Conditions and Groups (AND)', value: 'and' },
				{ name: 'Any Condition or Group (OR)', value: 'or' },
			],
			default: 'and',
			displayOptions: { show: build },
			description: 'How the conditions and groups below combine. No condition at all returns every record.',
		},
		conditionsCollection('Conditions', 'filterConditions', fieldsDependOn, build),
		{
			displayName: 'Condition Groups',
			name: 'filterGroups',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Group',
			default: {},
			displayOptions: { show: build },
			description: 'Each group combines its own conditions, e.g. status is 1 OR status is 5',
			options: [
				{
					displayName: 'Group',
					name: 'group',
					values: [
						{
							displayName: 'Match',
							name: 'combinator',
							type: 'options',
							options: COMBINATOR_OPTIONS,
							default: 'or',
						},
						conditionsCollection('Conditions', 'conditions', fieldsDependOn),
					],
				},
			],
		},
		{
			displayName: 'Filter (JSON)',
			name: 'filterJson',
			type: 'json',
			default: '[{"op": "exist", "field": "id"}]',
			displayOptions: { show: { ...show, filterMode: ['json'] } },
			description:
				'An Autotask filter array. Operators: eq, noteq, gt, gte, lt, lte, beginsWith, endsWith, contains, exist, notExist, in, notIn, and "and"/"or" with "items". Field names are checked and "udf": true is added for user-defined fields.',
		},
	];
}

// ---------------------------------------------------------------------------------------------
// Reading the UI

type FilterContext = IExecuteFunctions | IPollFunctions;

function getParameter(ctx: FilterContext, name: string, itemIndex: number, fallback: unknown): unknown {
	// Poll contexts have no item index.
	return 'getInputData' in ctx
		? (ctx as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback)
		: (ctx as IPollFunctions).getNodeParameter(name, fallback);
}

function readConditions(collection: unknown): FilterCondition[] {
	const rows = ((collection as IDataObject | undefined)?.condition ?? []) as IDataObject[];
	return rows.map((row) => ({
		field: String(row.field ?? ''),
		operator: String(row.operator ?? 'eq'),
		value: row.listValue !== undefined && row.listValue !== '' ? row.listValue : row.value,
	}));
}

/** Reads the filter parameters into a spec, without checking them against metadata. */
export function readFilterSpec(ctx: FilterContext, itemIndex = 0): FilterSpec {
	const mode = getParameter(ctx, 'filterMode', itemIndex, 'build') as string;
	if (mode === 'json') return { mode: 'json', json: getParameter(ctx, 'filterJson', itemIndex, '') };
	const groups = ((getParameter(ctx, 'filterGroups', itemIndex, {}) as IDataObject).group ?? []) as IDataObject[];
	return {
		mode: 'build',
		combinator: getParameter(ctx, 'filterCombinator', itemIndex, 'and') === 'or' ? 'or' : 'and',
		conditions: readConditions(getParameter(ctx, 'filterConditions', itemIndex, {})),
		groups: groups.map((group) => ({
			combinator: group.combinator === 'and' ? 'and' : 'or',
			conditions: readConditions(group.conditions),
		})),
	};
}

/**
 * Reads the filter UI of one item and returns Autotask's filter array, checked against the
 * entity's fields and UDFs (see `buildAutotaskFilter`). Bad input becomes a NodeOperationError
 * naming the field and the rule.
 */
export function readFilter(
	ctx: FilterContext,
	itemIndex: number,
	fields: readonly FieldLike[],
	udfs: readonly FieldLike[] = [],
): AutotaskFilter[] {
	try {
		return buildAutotaskFilter(readFilterSpec(ctx, itemIndex), fields, udfs);
	} catch (error) {
		throw asNodeError(ctx.getNode(), error, itemIndex);
	}
}

// ---------------------------------------------------------------------------------------------
// Field dropdown

/** The entity named by the node's entity parameter (a plain value or a resource locator). */
export function currentEntity(ctx: ILoadOptionsFunctions, parameter = ENTITY_PARAMETER): string {
	const raw = ctx.getCurrentNodeParameter(parameter) as unknown;
	const value = raw && typeof raw === 'object' ? (raw as IDataObject).value : raw;
	return typeof value === 'string' ? value : '';
}

function fieldKind(field: FieldLike): string {
	if (field.isPickList) return 'picklist: choose its value in Value From List';
	if (field.isReference && field.referenceEntityType) return `${valueKind(field)}, the ID of a ${field.referenceEntityType}`;
	return valueKind(field);
}

/**
 * Dropdown options for the queryable fields and UDFs of an entity, as the filter shows them:
 * "Company Name (companyName)", so a search finds the words people use and the API name alike.
 * A UDF whose name a standard field also has gets the `udf:` prefix so both stay reachable.
 */
export function filterableFieldOptions(fields: readonly FieldLike[], udfs: readonly FieldLike[]): INodePropertyOptions[] {
	const standardNames = new Set(fields.map((field) => field.name.toLowerCase()));
	const standard = fields
		.filter((field) => field.isQueryable !== false)
		.map((field) => ({
			name: `${fieldLabel(field.name)} (${field.name})`,
			value: field.name,
			description: fieldKind(field),
		}));
	const userDefined = udfs
		.filter((udf) => udf.isQueryable !== false)
		.map((udf) => ({
			name: udf.label && udf.label !== udf.name ? `${udf.label} (${udf.name}, UDF)` : `${udf.name} (UDF)`,
			value: standardNames.has(udf.name.toLowerCase()) ? `${UDF_PREFIX}${udf.name}` : udf.name,
			description: `User-defined field, ${fieldKind(udf)}`,
		}));
	const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);
	return [...standard.sort(byName), ...userDefined.sort(byName)];
}

/**
 * "Value From List" options for the field a condition names: the picklist's active values as
 * "Label (value)", or nothing for a field without a picklist.
 */
export function filterValueOptions(
	fields: readonly FieldLike[],
	udfs: readonly FieldLike[],
	fieldName: string,
): INodePropertyOptions[] {
	const field = fieldName.trim() === '' ? undefined : new FieldIndex(fields, udfs).resolve(fieldName)?.field;
	return (field?.picklistValues ?? [])
		.filter((option) => option.isActive !== false)
		.map((option) => ({ name: `${option.label} (${String(option.value)})`, value: String(option.value) }));
}

/** The field named by the condition row a "Value From List" belongs to. */
export function conditionField(ctx: ILoadOptionsFunctions): string {
	const field = ctx.getCurrentNodeParameter('&field') as unknown;
	return typeof field === 'string' ? field : '';
}

/**
 * The field dropdown of the filter conditions: queryable fields and UDFs of the entity in the
 * node's `entity` parameter, from the transport's metadata cache (one fetch per entity and TTL).
 * Register it as `methods.loadOptions[FILTER_FIELDS_METHOD]`.
 */
export async function getFilterableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const entity = findEntity(currentEntity(this));
	if (!entity?.ops.query) return [];
	const client = await AutotaskClient.forContext(this);
	const [fields, udfs] = await Promise.all([client.fields(entity.name), client.udfs(entity.name)]);
	return filterableFieldOptions(fields, udfs);
}

/**
 * The "Value From List" dropdown of the filter conditions: the picklist values of the condition's
 * field, for the entity in the node's `entity` parameter. Register it as
 * `methods.loadOptions[FILTER_VALUES_METHOD]`.
 */
export async function getFilterValues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const entity = findEntity(currentEntity(this));
	const field = conditionField(this);
	if (!entity?.ops.query || field === '') return [];
	const client = await AutotaskClient.forContext(this);
	const [fields, udfs] = await Promise.all([client.fields(entity.name), client.udfs(entity.name)]);
	return filterValueOptions(fields, udfs, field);
}
