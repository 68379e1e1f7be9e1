import { UserError } from 'n8n-workflow';

import { toAutotaskDateTime } from '../transport/dates';

/**
 * Helpers over Autotask's field metadata, shared by the filter builder, the generic node's writes
 * and anything else that checks values against `entityInformation/fields` and
 * `entityInformation/userDefinedFields`. Pure: no n8n context, no requests.
 */

export interface PicklistValueLike {
	value: string | number;
	label: string;
	isActive?: boolean;
	parentValue?: string | null;
}

/** What these helpers read from a standard field or a UDF (UDFs say `type` where fields say `dataType`). */
export interface FieldLike {
	name: string;
	dataType?: string;
	type?: string;
	label?: string;
	length?: number;
	isRequired?: boolean;
	isReadOnly?: boolean;
	isQueryable?: boolean;
	isReference?: boolean;
	referenceEntityType?: string | null;
	isPickList?: boolean;
	picklistValues?: PicklistValueLike[] | null;
	picklistParentValueField?: string | null;
}

/** A field found by name, with whether it is a user-defined field (sent with `udf: true`). */
export interface ResolvedField {
	field: FieldLike;
	udf: boolean;
}

export type ValueKind = 'integer' | 'decimal' | 'boolean' | 'datetime' | 'string';

/** Prefix that picks the user-defined field when a UDF has the same name as a standard field. */
export const UDF_PREFIX = 'udf:';

/** Words of Autotask field names that people write in capitals. */
const ACRONYMS = new Set(['api', 'crm', 'guid', 'html', 'id', 'ip', 'msrp', 'rma', 'rmm', 'sku', 'sla', 'udf', 'uid', 'url', 'vat', 'xml']);

/**
 * How people say a field: "ownerResourceID" -> "Owner Resource ID", "rmaStatus" -> "RMA Status",
 * "emailTypeCode2" -> "Email Type Code 2". One function, so the same field reads the same in every list.
 */
export function fieldLabel(name: string): string {
	const words = name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/([a-zA-Z])([0-9])/g, '$1 $2')
		.split(/[\s_]+/)
		.filter((word) => word !== '');
	const spoken = words.map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word)).join(' ');
	return spoken.charAt(0).toUpperCase() + spoken.slice(1);
}

/** How a field's values are typed, from `dataType` (fields) or `type` (UDFs). */
export function valueKind(field: FieldLike): ValueKind {
	const type = (field.dataType ?? field.type ?? 'string').toLowerCase();
	if (['integer', 'long', 'short', 'byte', 'int'].includes(type)) return 'integer';
	if (['decimal', 'double', 'float', 'number', 'currency'].includes(type)) return 'decimal';
	if (type.startsWith('bool')) return 'boolean';
	if (type.includes('date')) return 'datetime';
	return 'string';
}

/**
 * Looks fields up by name, ignoring case, the way the API itself does. Standard fields win over
 * UDFs of the same name; `udf:<name>` reaches the UDF.
 */
export class FieldIndex {
	private readonly standard = new Map<string, FieldLike>();
	private readonly userDefined = new Map<string, FieldLike>();

	constructor(
		readonly fields: readonly FieldLike[],
		readonly udfs: readonly FieldLike[] = [],
	) {
		for (const field of fields) this.standard.set(field.name.toLowerCase(), field);
		for (const udf of udfs) this.userDefined.set(udf.name.toLowerCase(), udf);
	}

	resolve(name: string): ResolvedField | undefined {
		const key = name.trim().toLowerCase();
		if (key.startsWith(UDF_PREFIX)) {
			const udf = this.userDefined.get(key.slice(UDF_PREFIX.length).trim());
			return udf && { field: udf, udf: true };
		}
		const field = this.standard.get(key);
		if (field) return { field, udf: false };
		const udf = this.userDefined.get(key);
		return udf && { field: udf, udf: true };
	}

	/** The closest names, to suggest in an "unknown field" error. */
	suggest(name: string, max = 5): string[] {
		const key = name.trim().toLowerCase();
		const all = [...this.fields, ...this.udfs].map((field) => field.name);
		const near = all.filter((candidate) => {
			const lower = candidate.toLowerCase();
			return key.length >= 3 && (lower.includes(key) || key.includes(lower));
		});
		return near.slice(0, max);
	}

	/** An error naming the unknown field, with near names when there are some. */
	unknownFieldError(name: string, entity?: string): UserError {
		const near = this.suggest(name);
		const where = entity ? ` on ${entity}` : '';
		return new UserError(`Unknown field "${name}"${where}`, {
			description: near.length
				? `Did you mean ${near.map((candidate) => `"${candidate}"`).join(', ')}?`
				: 'Field names come from the entity\'s metadata; use the "describe" operation to list them.',
		});
	}
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Finds a picklist value from either its stored value or its label (case-insensitive). A label that
 * several values share is refused rather than guessed. Returns undefined when nothing matches.
 */
export function findPicklistValue(field: FieldLike, input: unknown): PicklistValueLike | undefined {
	const options = field.picklistValues ?? [];
	const text = String(input).trim();
	const byValue = options.find((option) => String(option.value) === text);
	if (byValue) return byValue;
	const lower = text.toLowerCase();
	const byLabel = options.filter((option) => option.label.toLowerCase() === lower);
	if (byLabel.length > 1) {
		throw new UserError(`"${text}" is ambiguous for picklist field "${field.name}"`, {
			description: `Several values have that label (${byLabel.map((option) => option.value).join(', ')}); use the value instead.`,
		});
	}
	return byLabel[0];
}

function describeOptions(field: FieldLike, limit = 15): string {
	const options = (field.picklistValues ?? []).filter((option) => option.isActive !== false);
	const shown = options.slice(0, limit).map((option) => `${option.value} (${option.label})`);
	const more = options.length > limit ? `, and ${options.length - limit} more` : '';
	return `Allowed: ${shown.join(', ')}${more}.`;
}

function coerceInteger(field: FieldLike, value: unknown): number {
	// Some flags are integers in Autotask (Contacts.isActive is 1/0).
	if (typeof value === 'boolean') return value ? 1 : 0;
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isInteger(number)) {
		throw new UserError(`Field "${field.name}" needs a whole number, got "${String(value)}"`);
	}
	return number;
}

function coerceDecimal(field: FieldLike, value: unknown): number {
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(number)) {
		throw new UserError(`Field "${field.name}" needs a number, got "${String(value)}"`);
	}
	return number;
}

function coerceBoolean(field: FieldLike, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	const text = String(value).trim().toLowerCase();
	if (['true', '1', 'yes'].includes(text)) return true;
	if (['false', '0', 'no'].includes(text)) return false;
	throw new UserError(`Field "${field.name}" needs true or false, got "${String(value)}"`);
}

function coerceDateTime(field: FieldLike, value: unknown): string {
	let utc: string | undefined;
	try {
		utc = toAutotaskDateTime(value as string | Date);
	} catch {
		utc = undefined;
	}
	if (utc === undefined) {
		throw new UserError(`Field "${field.name}" needs a date and time, got "${String(value)}"`, {
			description: 'Use ISO 8601, for example 2024-05-01T13:30:00Z (times without an offset are taken as UTC)',
		});
	}
	return utc;
}

function coercePicklist(field: FieldLike, value: unknown): string | number {
	const option = findPicklistValue(field, value);
	if (!option) {
		throw new UserError(`"${String(value)}" is not a value of picklist field "${field.name}"`, {
			description: describeOptions(field),
		});
	}
	const kind = valueKind(field);
	return kind === 'integer' || kind === 'decimal' ? Number(option.value) : String(option.value);
}

/**
 * Converts one input value to what Autotask expects for the field: numbers for numeric fields,
 * true/false for booleans, UTC ISO 8601 for dates, picklist values (labels accepted) for picklists.
 * `null`/empty stays `null` (clearing the field). Throws a UserError naming the field and the rule.
 */
export function coerceValue(field: FieldLike, value: unknown): unknown {
	if (isBlank(value)) return null;
	if (field.isPickList && field.picklistValues?.length) return coercePicklist(field, value);
	switch (valueKind(field)) {
		case 'integer':
			return coerceInteger(field, value);
		case 'decimal':
			return coerceDecimal(field, value);
		case 'boolean':
			return coerceBoolean(field, value);
		case 'datetime':
			return coerceDateTime(field, value);
		default:
			return typeof value === 'object' ? JSON.stringify(value) : String(value);
	}
}

/** A short type name for people and agents: `integer`, `string(100)`, `picklist`, `reference to Company`. */
export function describeType(field: FieldLike): string {
	const kind = valueKind(field);
	const base = kind === 'string' && field.length ? `string(${field.length})` : kind;
	if (field.isReference && field.referenceEntityType) return `${base}, reference to ${field.referenceEntityType}`;
	if (field.isPickList) return `${base}, picklist`;
	return base;
}
