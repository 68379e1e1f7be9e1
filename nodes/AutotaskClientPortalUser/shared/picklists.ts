import { NodeOperationError } from 'n8n-workflow';
import type { INode, INodePropertyOptions } from 'n8n-workflow';

import type { FieldLike } from '../../common/fields';
import { activePicklistValues, findField, picklistDropdown } from '../../common/picklistOptions';
import { coerceForItem } from '../../common/validation';
import { TASKFIRE_SECURITY_LEVELS } from './portalUser';

/**
 * The portal user's picklists (security level, date, time and number format) come from the tenant's
 * `ClientPortalUsers/entityInformation/fields`; their values are integers sent as numbers.
 */

/** Dropdown options for one portal-user picklist; the Taskfire security levels say what they need. */
export function picklistOptions(fields: readonly FieldLike[], name: string): INodePropertyOptions[] {
	const isSecurityLevel = name.toLowerCase() === 'securitylevel';
	return picklistDropdown(fields, name, (value) =>
		isSecurityLevel && TASKFIRE_SECURITY_LEVELS.includes(Number(value))
			? 'Taskfire level: only for contacts whose company has Taskfire'
			: undefined,
	);
}

/**
 * The value to send for a picklist field: the given value or label checked against the tenant's
 * list, or, when nothing was given, the tenant's default (else its first value).
 */
export function picklistValueFor(
	node: INode,
	fields: readonly FieldLike[],
	name: string,
	given: unknown,
	itemIndex: number,
): number | undefined {
	const field = findField(fields, name);
	const blank = given === undefined || given === null || String(given).trim() === '';
	if (blank) {
		const options = activePicklistValues(field);
		const fallback = options.find((option) => (option as { isDefaultValue?: boolean }).isDefaultValue) ?? options[0];
		return fallback === undefined ? undefined : Number(fallback.value);
	}
	if (!field?.picklistValues?.length) return Number(given);
	const value = Number(coerceForItem(node, field, given, itemIndex));
	const option = field.picklistValues.find((candidate) => Number(candidate.value) === value);
	if (option?.isActive === false) {
		throw new NodeOperationError(node, `${field.name} ${value} (${option.label}) is no longer active in Autotask`, {
			itemIndex,
			description: `Choose one of the active values: ${activePicklistValues(field)
				.map((active) => `${active.value} (${active.label})`)
				.join(', ')}.`,
		});
	}
	return value;
}

/** `4 (Resource)`: a picklist value with its label, for messages. */
export function describePicklistValue(fields: readonly FieldLike[], name: string, value: unknown): string {
	const label = findField(fields, name)?.picklistValues?.find((option) => String(option.value) === String(value))?.label;
	return label ? `${String(value)} (${label})` : String(value);
}
