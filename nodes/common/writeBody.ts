import { UserError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { FieldIndex, UDF_PREFIX, coerceValue, findPicklistValue, valueKind } from './fields';
import type { FieldLike, PicklistValueLike } from './fields';
import { coerceMultiSelect, isMultiSelectWrite } from './multiSelectUdf';
import { asNodeError } from './nodeError';

/**
 * The one owner of "an item's field values -> the request body of a create or update", for every
 * node: unknown fields, fields that cannot be written, types, lengths, picklists (labels, inactive
 * values, dependent picklists), multi-select UDFs, required fields on create, and an update that
 * changes nothing. What differs between nodes (which fields they write, a field's own rule such as
 * the portal password, their messages) comes in as `WriteRules`. Pure: no requests; errors are
 * UserErrors naming the field and the rule (`itemWriteBody` raises them as the item's error).
 */

export type WriteMode = 'create' | 'update';

/**
 * Where the values come from. `mapper`: a field added and left empty arrives as null (n8n 2.40
 * leaves it out of the saved workflow; older saves, expressions and API-built workflows give null),
 * which is not sent (an unfilled field must not wipe a value); empty text clears the field. `autoMap`:
 * the input item as a whole, so what Autotask returned but cannot be written (read-only fields,
 * `<field>_label` outputs) is skipped instead of refused. `json`: every key is sent, an empty
 * value clears the field.
 */
export type ValueSource = 'mapper' | 'autoMap' | 'json';

/** A rule of one field that replaces or adds to the checks its metadata implies. */
export interface FieldRule {
	/** Reads the given value instead of the type, length and picklist checks; throws a UserError naming the rule. */
	read?: (value: unknown) => unknown;
	/** The rule a text value breaks, checked instead of the length; the error reads `Field "<name>" <problem>`. */
	textProblem?: (text: string) => string | undefined;
}

/** The refusals whose wording differs between nodes; each has a default. */
export interface WriteMessages {
	unknownField: (key: string, index: FieldIndex, entity: string) => UserError;
	notWritable: (field: FieldLike, mode: WriteMode) => UserError;
	tooLong: (field: FieldLike, length: number) => UserError;
	inactiveValue: (field: FieldLike, option: PicklistValueLike) => UserError;
	missingRequired: (names: string[], entity: string) => UserError;
	nothingToUpdate: (entity: string) => UserError;
}

export interface WriteRules {
	/** The entity, as named in messages. */
	entity: string;
	mode: WriteMode;
	source: ValueSource;
	/** Values that mean "not given", left out of the body. Default: undefined; null from the mapper; '' from automatic mapping. */
	isUnset?: (value: unknown) => boolean;
	/** Refuse a field that cannot be written even when its value is unset (default: unset values are skipped first). */
	checkNamesOfUnsetValues?: boolean;
	/** Names skipped whatever their value. Default: `id` (the record id has its own parameter). */
	ignoredNames?: readonly string[];
	/** Whether a known field may be written. Default: not read-only. */
	isWritable?: (field: FieldLike) => boolean;
	/** With `autoMap`, skip names that are no field at all (default: refused, except `<field>_label` outputs). */
	ignoreUnknownInAutoMap?: boolean;
	/** Rules of single fields, by lower-case field name. */
	fieldRules?: Readonly<Record<string, FieldRule>>;
	/** The fields a create must have. Default: those the metadata marks required and writable. */
	required?: readonly string[];
	/** Required fields the caller fills in after this check (the parent id of a child entity). */
	providedElsewhere?: readonly string[];
	messages?: Partial<WriteMessages>;
}

const DEFAULT_MESSAGES: WriteMessages = {
	unknownField: (key, index, entity) => index.unknownFieldError(key, entity),
	notWritable: (field, mode) =>
		new UserError(`Field "${field.name}" is read-only and cannot be written`, {
			description: `Autotask sets ${field.name} itself; remove it from the ${mode}.`,
		}),
	tooLong: (field, length) =>
		new UserError(`Field "${field.name}" is ${length} characters long; Autotask allows at most ${field.length}`),
	inactiveValue: (field, option) =>
		new UserError(`"${option.label}" (${option.value}) is an inactive value of picklist field "${field.name}"`),
	missingRequired: (names, entity) =>
		new UserError(`Missing required field${names.length > 1 ? 's' : ''} to create ${entity}: ${names.join(', ')}`),
	nothingToUpdate: (entity) => new UserError(`Nothing to update on ${entity}: no field values given`),
};

/** The RFC 5321 limit Autotask also applies to e-mail fields. */
const EMAIL_MAX_LENGTH = 254;

// One @, a non-empty local part, and a dotted domain of letters, digits and hyphens: what Autotask
// and mail servers accept in practice, without the exotic quoted forms nobody types.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** The field rule of an e-mail address: at most 254 characters, well-formed. */
export const EMAIL_RULE: FieldRule = {
	textProblem: (text) => {
		if (text.length > EMAIL_MAX_LENGTH) return `must be at most ${EMAIL_MAX_LENGTH} characters (it has ${text.length})`;
		if (!EMAIL.test(text) || text.split('@')[0].length > 64) return 'is not a well-formed e-mail address';
		return undefined;
	},
};

/**
 * One value converted to what Autotask expects for the field (`coerceValue`: type, picklist value
 * or label) and refused when it is an inactive picklist value. Filters that take picklist values
 * from people use it too.
 */
export function checkedValue(field: FieldLike, raw: unknown, messages: Partial<WriteMessages> = {}): unknown {
	const value = coerceValue(field, raw);
	if (field.isPickList && value !== null) {
		const option = findPicklistValue(field, value);
		if (option && option.isActive === false) throw (messages.inactiveValue ?? DEFAULT_MESSAGES.inactiveValue)(field, option);
	}
	return value;
}

function udfEntries(value: unknown[]): Array<[string, unknown]> {
	return value.map((entry) => {
		const object = (entry ?? {}) as IDataObject;
		if (typeof object.name !== 'string') throw new UserError('Each user-defined field needs a "name"');
		return [`${UDF_PREFIX}${object.name}`, object.value];
	});
}

function readValue(field: FieldLike, udf: boolean, raw: unknown, rules: WriteRules, messages: WriteMessages): unknown {
	const rule = rules.fieldRules?.[field.name.toLowerCase()];
	if (rule?.read) return rule.read(raw);
	const value = udf && isMultiSelectWrite(field, raw) ? coerceMultiSelect(field, raw) : checkedValue(field, raw, messages);
	// The API does not enforce UDFs marked required in the UI; a create's required fields are checked as a whole.
	if (value === null && !udf && field.isRequired && rules.mode === 'update') {
		throw new UserError(`Field "${field.name}" is required and cannot be cleared`);
	}
	if (typeof value === 'string' && valueKind(field) === 'string') {
		if (rule?.textProblem) {
			const problem = rule.textProblem(value);
			if (problem) throw new UserError(`Field "${field.name}" ${problem}`);
		} else if (field.length && value.length > field.length) {
			throw messages.tooLong(field, value.length);
		}
	}
	return value;
}

function checkDependentPicklists(body: IDataObject, index: FieldIndex): void {
	for (const field of index.fields) {
		const parentName = field.picklistParentValueField;
		const value = body[field.name];
		if (!parentName || value === undefined || value === null) continue;
		const parent = index.resolve(parentName)?.field;
		const parentValue = parent ? body[parent.name] : undefined;
		// Without the parent's value in this write (an update of the child alone) Autotask checks it.
		if (!parent || parentValue === undefined || parentValue === null) continue;
		const option = findPicklistValue(field, value);
		if (option?.parentValue && String(option.parentValue) !== String(parentValue)) {
			const parentLabel = findPicklistValue(parent, parentValue)?.label ?? String(parentValue);
			throw new UserError(
				`"${option.label}" is not a value of "${field.name}" for ${parent.name} "${parentLabel}"`,
				{ description: `It belongs to ${parent.name} value ${option.parentValue}.` },
			);
		}
	}
}

function missingRequired(fields: readonly FieldLike[], body: IDataObject, rules: WriteRules): string[] {
	const elsewhere = new Set((rules.providedElsewhere ?? []).map((name) => name.toLowerCase()));
	const required = rules.required
		? fields.filter((field) => rules.required?.some((name) => name.toLowerCase() === field.name.toLowerCase()))
		: fields.filter((field) => field.isRequired && !field.isReadOnly && field.name.toLowerCase() !== 'id');
	return required
		.filter((field) => !elsewhere.has(field.name.toLowerCase()))
		.filter((field) => body[field.name] === undefined || body[field.name] === null)
		.map((field) => field.name);
}

function unsetValuesOf(source: ValueSource): (value: unknown) => boolean {
	if (source === 'mapper') return (value) => value === undefined || value === null;
	if (source === 'autoMap') return (value) => value === undefined || value === '';
	return (value) => value === undefined;
}

/**
 * The body of a create or update from field values keyed by field name (any case; UDFs by their
 * name, `udf:<name>`, or in a `userDefinedFields` list), checked against the metadata and the
 * node's rules. Field names are written with the API's casing; UDFs go to
 * `userDefinedFields: [{ name, value }]`.
 */
export function buildWriteBody(
	values: IDataObject,
	fields: readonly FieldLike[],
	udfs: readonly FieldLike[],
	rules: WriteRules,
): IDataObject {
	const messages = { ...DEFAULT_MESSAGES, ...rules.messages };
	const index = new FieldIndex(fields, udfs);
	const automatic = rules.source === 'autoMap';
	const isUnset = rules.isUnset ?? unsetValuesOf(rules.source);
	const ignored = new Set((rules.ignoredNames ?? ['id']).map((name) => name.toLowerCase()));
	const isWritable = rules.isWritable ?? ((field: FieldLike) => !field.isReadOnly);
	const body: IDataObject = {};
	const udfValues = new Map<string, { name: string; value: unknown }>();

	const entries = Object.entries(values).flatMap(([key, value]): Array<[string, unknown]> =>
		key.toLowerCase() === 'userdefinedfields' && Array.isArray(value) ? udfEntries(value) : [[key, value]],
	);
	for (const [key, raw] of entries) {
		const unset = isUnset(raw);
		if (unset && !rules.checkNamesOfUnsetValues) continue;
		if (ignored.has(key.toLowerCase())) continue;
		const resolved = index.resolve(key);
		if (!resolved) {
			const base = key.replace(/_label$/i, '');
			if (automatic && (rules.ignoreUnknownInAutoMap || (base !== key && index.resolve(base)))) continue;
			throw messages.unknownField(key, index, rules.entity);
		}
		const { field, udf } = resolved;
		if (!isWritable(field)) {
			if (automatic) continue;
			throw messages.notWritable(field, rules.mode);
		}
		if (unset) continue;
		const value = readValue(field, udf, raw, rules, messages);
		if (udf) udfValues.set(field.name, { name: field.name, value: value === null ? null : String(value) });
		else body[field.name] = value as IDataObject[keyof IDataObject];
	}

	checkDependentPicklists(body, index);
	if (rules.mode === 'create') {
		const missing = missingRequired(fields, body, rules);
		if (missing.length) throw messages.missingRequired(missing, rules.entity);
	}
	if (udfValues.size) body.userDefinedFields = [...udfValues.values()] as IDataObject[];
	if (rules.mode === 'update' && Object.keys(body).length === 0) throw messages.nothingToUpdate(rules.entity);
	return body;
}

/** `buildWriteBody` for one item of a node: a refusal becomes that item's error. */
export function itemWriteBody(
	node: INode,
	itemIndex: number,
	values: IDataObject,
	fields: readonly FieldLike[],
	udfs: readonly FieldLike[],
	rules: WriteRules,
): IDataObject {
	try {
		return buildWriteBody(values, fields, udfs, rules);
	} catch (error) {
		throw asNodeError(node, error, itemIndex);
	}
}
