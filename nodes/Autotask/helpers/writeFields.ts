import { UserError } from 'n8n-workflow';
import type { FieldType, IDataObject, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';

import { FieldIndex, UDF_PREFIX, coerceValue, findPicklistValue, valueKind } from '../../common/fields';
import type { FieldLike } from '../../common/fields';
import { coerceMultiSelect, isMultiSelectUdf, isMultiSelectWrite, multiSelectMapperColumn } from '../../common/multiSelectUdf';

/**
 * The fields of a create or update, both ways: the resource mapper's columns built from the
 * entity's metadata, and the request body built from what the user mapped, validated before
 * anything is sent. Pure: no n8n context, no requests.
 */

export type WriteMode = 'create' | 'update';

/**
 * Picklists longer than this are offered as free text (value or label, checked on execute): the
 * mapper stores its columns in the workflow, so a long list would be embedded in every node.
 */
export const MAX_EMBEDDED_PICKLIST = 100;

const MAPPER_TYPE: Record<ReturnType<typeof valueKind>, FieldType> = {
	integer: 'number',
	decimal: 'number',
	boolean: 'boolean',
	datetime: 'dateTime',
	string: 'string',
};

function picklistOptions(field: FieldLike, fields: readonly FieldLike[]): INodePropertyOptions[] {
	const parentName = field.picklistParentValueField?.toLowerCase();
	const parent = parentName ? fields.find((candidate) => candidate.name.toLowerCase() === parentName) : undefined;
	const parentLabel = (value: string | null | undefined) =>
		parent?.picklistValues?.find((option) => String(option.value) === String(value))?.label ?? value;
	return (field.picklistValues ?? [])
		.filter((option) => option.isActive !== false)
		.map((option) => ({
			// Dependent picklists (Tickets.subIssueType under issueType): the mapper cannot filter
			// by the parent's value, so each label names its parent; execute checks the pair.
			name: parent && option.parentValue ? `${option.label} (${parent.name}: ${parentLabel(option.parentValue)})` : option.label,
			value: valueKind(field) === 'string' ? String(option.value) : Number(option.value),
		}));
}

function mapperColumn(
	field: FieldLike,
	id: string,
	displayName: string,
	required: boolean,
	fields: readonly FieldLike[],
): ResourceMapperField {
	const activeOptions = (field.picklistValues ?? []).filter((option) => option.isActive !== false).length;
	const embed = field.isPickList && activeOptions > 0 && activeOptions <= MAX_EMBEDDED_PICKLIST;
	const column: ResourceMapperField = {
		id,
		displayName,
		required,
		defaultMatch: false,
		display: true,
		canBeUsedToMatch: false,
		type: embed ? 'options' : MAPPER_TYPE[valueKind(field)],
	};
	if (embed) column.options = picklistOptions(field, fields);
	return column;
}

function standardDisplayName(field: FieldLike): string {
	const notes: string[] = [];
	if (field.isReference && field.referenceEntityType) notes.push(`${field.referenceEntityType} ID`);
	if (field.isPickList && (field.picklistValues?.length ?? 0) > MAX_EMBEDDED_PICKLIST) notes.push('picklist: value or label');
	return notes.length ? `${field.name} (${notes.join(', ')})` : field.name;
}

/**
 * The resource mapper's columns: writable standard fields (required ones first on create), then
 * the writable UDFs. Read-only fields and `id` are left out; the record id and the parent id
 * have their own parameters.
 */
export function writableMapperFields(
	fields: readonly FieldLike[],
	udfs: readonly FieldLike[],
	mode: WriteMode,
): ResourceMapperField[] {
	const writable = fields.filter((field) => !field.isReadOnly && field.name.toLowerCase() !== 'id');
	const isRequired = (field: FieldLike) => mode === 'create' && field.isRequired === true;
	const ordered = [...writable.filter(isRequired), ...writable.filter((field) => !isRequired(field))];
	const standardNames = new Set(fields.map((field) => field.name.toLowerCase()));
	return [
		...ordered.map((field) => mapperColumn(field, field.name, standardDisplayName(field), isRequired(field), fields)),
		...udfs
			.filter((udf) => !udf.isReadOnly)
			.map((udf) => {
				const id = standardNames.has(udf.name.toLowerCase()) ? `${UDF_PREFIX}${udf.name}` : udf.name;
				if (isMultiSelectUdf(udf)) return multiSelectMapperColumn(udf, id);
				// The API does not enforce UDFs marked required in the UI.
				return mapperColumn(udf, id, `${udf.label && udf.label !== udf.name ? udf.label : udf.name} (UDF)`, false, udfs);
			}),
	];
}

export interface WriteBodyOptions {
	mode: WriteMode;
	entity: string;
	/**
	 * Where the values come from. `mapper`: fields left empty in the mapper are not sent.
	 * `autoMap`: the incoming item as a whole, so what Autotask returned but cannot be written
	 * (read-only fields, `<field>_label` outputs) is skipped instead of refused. `json`: every
	 * key is sent, an empty value clears the field.
	 */
	source: 'mapper' | 'autoMap' | 'json';
	/** Fields set elsewhere (the parent id field of a child entity, filled from the URL). */
	providedElsewhere?: string[];
}

function isUnset(value: unknown, source: WriteBodyOptions['source']): boolean {
	return value === undefined || (source !== 'json' && value === '');
}

function checkLength(field: FieldLike, value: unknown): void {
	if (typeof value !== 'string' || !field.length || valueKind(field) !== 'string') return;
	if (value.length > field.length) {
		throw new UserError(
			`Field "${field.name}" is ${value.length} characters long; Autotask allows at most ${field.length}`,
		);
	}
}

function checkActivePicklist(field: FieldLike, value: unknown): void {
	if (!field.isPickList || value === null) return;
	const option = findPicklistValue(field, value);
	if (option && option.isActive === false) {
		throw new UserError(`"${option.label}" (${option.value}) is an inactive value of picklist field "${field.name}"`);
	}
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

function udfEntries(value: unknown): Array<[string, unknown]> {
	if (!Array.isArray(value)) {
		throw new UserError('"userDefinedFields" must be a list of {"name": ..., "value": ...}');
	}
	return value.map((entry) => {
		const object = (entry ?? {}) as IDataObject;
		if (typeof object.name !== 'string') throw new UserError('Each user-defined field needs a "name"');
		return [`${UDF_PREFIX}${object.name}`, object.value];
	});
}

/**
 * Builds the body of a create or update from field values keyed by field name (any case; UDFs by
 * their name, `udf:<name>`, or in a `userDefinedFields` list), checked against the metadata:
 * unknown fields, read-only fields, types, string lengths, picklist values (labels accepted,
 * dependent picklists checked against their parent) and, on create, required fields. Field names
 * are written with the API's casing; UDFs go to `userDefinedFields: [{ name, value }]`.
 */
export function buildWriteBody(
	values: IDataObject,
	fields: readonly FieldLike[],
	udfs: readonly FieldLike[],
	options: WriteBodyOptions,
): IDataObject {
	const index = new FieldIndex(fields, udfs);
	const lenient = options.source === 'autoMap';
	const body: IDataObject = {};
	const udfValues = new Map<string, { name: string; value: unknown }>();

	const entries = Object.entries(values).flatMap(([key, value]): Array<[string, unknown]> =>
		key.toLowerCase() === 'userdefinedfields' && Array.isArray(value) ? udfEntries(value) : [[key, value]],
	);
	for (const [key, raw] of entries) {
		if (isUnset(raw, options.source)) continue;
		if (key.toLowerCase() === 'id') continue;
		const resolved = index.resolve(key);
		if (!resolved) {
			const base = key.replace(/_label$/i, '');
			if (lenient && base !== key && index.resolve(base)) continue;
			throw index.unknownFieldError(key, options.entity);
		}
		const { field, udf } = resolved;
		if (field.isReadOnly) {
			if (lenient) continue;
			throw new UserError(`Field "${field.name}" is read-only and cannot be written`, {
				description: `Autotask sets ${field.name} itself; remove it from the ${options.mode}.`,
			});
		}
		const value = udf && isMultiSelectWrite(field, raw) ? coerceMultiSelect(field, raw) : coerceValue(field, raw);
		checkLength(field, value);
		checkActivePicklist(field, value);
		if (udf) udfValues.set(field.name, { name: field.name, value: value === null ? null : String(value) });
		else body[field.name] = value as IDataObject[keyof IDataObject];
	}

	checkDependentPicklists(body, index);
	if (options.mode === 'create') {
		const elsewhere = new Set((options.providedElsewhere ?? []).map((name) => name.toLowerCase()));
		const missing = fields
			.filter((field) => field.isRequired && !field.isReadOnly && field.name.toLowerCase() !== 'id')
			.filter((field) => !elsewhere.has(field.name.toLowerCase()))
			.filter((field) => body[field.name] === undefined || body[field.name] === null)
			.map((field) => field.name);
		if (missing.length) {
			throw new UserError(`Missing required field${missing.length > 1 ? 's' : ''} to create ${options.entity}: ${missing.join(', ')}`);
		}
	}
	if (udfValues.size) body.userDefinedFields = [...udfValues.values()] as IDataObject[];
	return body;
}
