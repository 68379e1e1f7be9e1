import { UserError } from 'n8n-workflow';

import type { FieldLike } from '../../common/fields';
import { findField } from '../../common/picklistOptions';
import type { WriteRules } from '../../common/writeBody';
import { readPassword } from './password';
import { inactiveValue } from './picklists';
import { PORTAL_USERS, readUserName } from './portalUser';

/**
 * How Create and Update check a portal user's fields (`common/writeBody.ts`): the few fields they
 * write, the username and password by their own rules, the picklists against the tenant's lists.
 */

/** The fields Create and Update write themselves; `contactID` is fixed once the user exists. */
const UPDATABLE_FIELDS = ['userName', 'password', 'securityLevel', 'dateFormat', 'timeFormat', 'numberFormat'];

/**
 * The metadata of the fields in `UPDATABLE_FIELDS`; one the tenant's metadata lacks (the password
 * is write-only) is plain text. Nothing else is a field to these rules.
 */
export function portalUserFields(fields: readonly FieldLike[]): FieldLike[] {
	return UPDATABLE_FIELDS.map((name) => findField(fields, name) ?? { name });
}

const FIELD_RULES = { username: { read: readUserName }, password: { read: readPassword } };

function notUpdatable(key: string): UserError {
	if (key.toLowerCase() === 'contactid') {
		return new UserError('contactID cannot be modified once created', {
			description:
				'A client portal user always belongs to the contact it was created for. To give another contact portal access, create a portal user for that contact.',
		});
	}
	return new UserError(`Field "${key}" cannot be updated on a client portal user`, {
		description:
			key.toLowerCase() === 'isclientportalactive'
				? 'Use the Grant Access or Revoke Access operation to change portal access.'
				: `Fields that can be updated: ${UPDATABLE_FIELDS.join(', ')}.`,
	});
}

/** Update: only the fields above, refused by name whatever the value; an empty value changes nothing. */
export const UPDATE_RULES: WriteRules = {
	entity: PORTAL_USERS,
	mode: 'update',
	source: 'json',
	isUnset: (value) => value === undefined || value === null || value === '',
	checkNamesOfUnsetValues: true,
	ignoredNames: [],
	isWritable: () => true,
	fieldRules: FIELD_RULES,
	messages: {
		unknownField: notUpdatable,
		inactiveValue,
		nothingToUpdate: () => new UserError('Nothing to update: add at least one field under "Update Fields"'),
	},
};

/** Create: the values the operation read (blank picklists already the tenant's defaults); a security level is a must. */
export const CREATE_RULES: WriteRules = {
	entity: PORTAL_USERS,
	mode: 'create',
	source: 'json',
	isWritable: () => true,
	fieldRules: FIELD_RULES,
	required: ['securityLevel'],
	messages: {
		inactiveValue,
		missingRequired: () => new UserError('Security Level is required: choose one of the portal security levels'),
	},
};
