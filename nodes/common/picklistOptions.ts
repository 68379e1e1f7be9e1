import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { AutotaskClient } from '../transport';
import type { FieldLike } from './fields';

/** Finds a field by name, ignoring case as the API does. */
export function findField(fields: readonly FieldLike[], name: string): FieldLike | undefined {
	const key = name.toLowerCase();
	return fields.find((field) => field.name.toLowerCase() === key);
}

/** The active values of a picklist field, in Autotask's order. */
export function activePicklistValues(field: FieldLike | undefined) {
	return (field?.picklistValues ?? []).filter((option) => option.isActive !== false);
}

/**
 * Dropdown options for a picklist field of the tenant: labels shown, values sent as Autotask stores
 * them (numbers for integer picklists, text otherwise). `describe` may add a note to some values.
 */
export function picklistDropdown(
	fields: readonly FieldLike[],
	name: string,
	describe: (value: string | number) => string | undefined = () => undefined,
): INodePropertyOptions[] {
	const field = findField(fields, name);
	const numeric = ['integer', 'long', 'short', 'byte'].includes(String(field?.dataType ?? '').toLowerCase());
	return activePicklistValues(field).map((option) => {
		const value = numeric ? Number(option.value) : String(option.value);
		const note = describe(value);
		return { name: option.label, value, ...(note ? { description: note } : {}) };
	});
}

/** A loadOptions method offering the active values of one picklist field of `entity` (metadata cached per process). */
export function picklistMethod(
	entity: string,
	field: string,
	describe?: (value: string | number) => string | undefined,
): (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]> {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const client = await AutotaskClient.forContext(this);
		return picklistDropdown(await client.fields(entity), field, describe);
	};
}
