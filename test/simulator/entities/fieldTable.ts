import type { DataType, FieldDef, PicklistValue } from './types';

const DATA_TYPES: DataType[] = ['string', 'integer', 'long', 'short', 'decimal', 'double', 'datetime', 'boolean'];

/**
 * Reads a field table written one field per line, so entity definitions stay as readable as the
 * metadata they mirror:
 *
 *     name        dataType  length  flags...
 *     companyID   integer   0       required readOnly ref:Company webhook
 *
 * Flags: required, readOnly, notQueryable, webhook, writeOnly, ref:<Singular>,
 * picklist (values under the field's own name in `picklists`), picklist:<key>, parent:<Field>.
 * Lines must be in the order the metadata lists them (alphabetical, case-insensitive).
 */
export function fieldTable(table: string, picklists: Record<string, PicklistValue[]> = {}): FieldDef[] {
	return table
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '')
		.map((line) => parseFieldLine(line, picklists));
}

function parseFieldLine(line: string, picklists: Record<string, PicklistValue[]>): FieldDef {
	const [name, dataType, length, ...flags] = line.split(/\s+/);
	if (!DATA_TYPES.includes(dataType as DataType) || Number.isNaN(Number(length))) {
		throw new Error(`Bad field line: ${line}`);
	}
	const field: FieldDef = {
		name,
		dataType: dataType as DataType,
		length: Number(length),
		isRequired: false,
		isReadOnly: false,
		isQueryable: true,
		referenceEntityType: '',
		picklistValues: null,
		picklistParentValueField: '',
		isSupportedWebhookField: false,
		isWriteOnly: false,
	};
	for (const flag of flags) {
		const [key, argument] = flag.split(':');
		if (key === 'required') field.isRequired = true;
		else if (key === 'readOnly') field.isReadOnly = true;
		else if (key === 'notQueryable') field.isQueryable = false;
		else if (key === 'webhook') field.isSupportedWebhookField = true;
		else if (key === 'writeOnly') field.isWriteOnly = true;
		else if (key === 'ref' && argument) field.referenceEntityType = argument;
		else if (key === 'parent' && argument) field.picklistParentValueField = argument;
		else if (key === 'picklist') field.picklistValues = lookupPicklist(picklists, argument ?? name, line);
		else throw new Error(`Unknown flag "${flag}" in field line: ${line}`);
	}
	return field;
}

function lookupPicklist(picklists: Record<string, PicklistValue[]>, key: string, line: string): PicklistValue[] {
	const values = picklists[key];
	if (!values) throw new Error(`No picklist "${key}" for field line: ${line}`);
	return values;
}

export interface PicklistOptions {
	defaultValue?: string | number;
	inactive?: Array<string | number>;
	/** Tenant-defined picklists are not system values. */
	isSystem?: boolean;
}

/**
 * Builds picklist values from `[value, label]` or `[value, label, parentValue]` entries. Values
 * are strings on the wire even for integer fields. sortOrder follows the entry order.
 */
export function picklist(
	entries: Array<[string | number, string] | [string | number, string, string | number]>,
	options: PicklistOptions = {},
): PicklistValue[] {
	const inactive = new Set((options.inactive ?? []).map(String));
	return entries.map(([value, label, parentValue], index) => ({
		value: String(value),
		label,
		isDefaultValue: options.defaultValue !== undefined && String(options.defaultValue) === String(value),
		sortOrder: index + 1,
		parentValue: parentValue === undefined ? '' : String(parentValue),
		isActive: !inactive.has(String(value)),
		isSystem: options.isSystem ?? true,
	}));
}
