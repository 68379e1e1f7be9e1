import { UserError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { FieldLike, PicklistValueLike } from '../../common/fields';
import { activePicklistValues, findField } from '../../common/picklistOptions';
import { TASKFIRE_SECURITY_LEVELS } from './portalUser';

/**
 * The portal user's picklists (security level, date, time and number format) come from the tenant's
 * `ClientPortalUsers/entityInformation/fields`; their values are integers sent as numbers.
 */

/** What a Taskfire security level says in the dropdown: what it needs. */
export function taskfireLevelNote(level: string | number): string | undefined {
	return TASKFIRE_SECURITY_LEVELS.includes(Number(level)) ? 'Taskfire level: only for contacts whose company has Taskfire' : undefined;
}

/** What Create sends for a picklist left blank: the tenant's default value, else its first active one. */
export function givenOrDefault(fields: readonly FieldLike[], name: string, given: unknown): IDataObject[string] {
	const blank = given === undefined || given === null || String(given).trim() === '';
	if (!blank) return given as IDataObject[string];
	const options = activePicklistValues(findField(fields, name));
	return (options.find((option) => (option as { isDefaultValue?: boolean }).isDefaultValue) ?? options[0])?.value;
}

/** A portal picklist value that is no longer active, with the active ones to choose from. */
export function inactiveValue(field: FieldLike, option: PicklistValueLike): UserError {
	return new UserError(`${field.name} ${String(option.value)} (${option.label}) is no longer active in Autotask`, {
		description: `Choose one of the active values: ${activePicklistValues(field)
			.map((active) => `${active.value} (${active.label})`)
			.join(', ')}.`,
	});
}

/** `4 (Resource)`: a picklist value with its label, for messages. */
export function describePicklistValue(fields: readonly FieldLike[], name: string, value: unknown): string {
	const label = findField(fields, name)?.picklistValues?.find((option) => String(option.value) === String(value))?.label;
	return label ? `${String(value)} (${label})` : String(value);
}
