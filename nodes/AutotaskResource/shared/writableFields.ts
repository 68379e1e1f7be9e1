import { UserError } from 'n8n-workflow';

import type { FieldLike } from '../../common/fields';
import { EMAIL_RULE } from '../../common/writeBody';
import type { WriteRules } from '../../common/writeBody';
import { RESOURCES } from './resource';

/** Resource fields that cannot be written through the API, whatever the metadata says. */
const NEVER_WRITTEN = new Set(['id']);

function isWritable(field: FieldLike): boolean {
	return !field.isReadOnly && !NEVER_WRITTEN.has(field.name.toLowerCase());
}

/** The Resource fields Update offers: those Autotask's metadata does not mark read-only. */
export function writableFields(fields: readonly FieldLike[]): FieldLike[] {
	return fields.filter(isWritable);
}

/**
 * How Update checks one item's changes (`common/writeBody.ts`): null is "not given" (a mapper field
 * left empty, also when mapped automatically) and empty text clears a field; automatic mapping
 * ignores every input field that is not a writable one; e-mail fields follow the e-mail rule.
 */
export function resourceUpdateRules(automatic: boolean): WriteRules {
	return {
		entity: RESOURCES,
		mode: 'update',
		source: automatic ? 'autoMap' : 'mapper',
		isUnset: (value) => value === undefined || value === null,
		ignoredNames: [],
		isWritable,
		ignoreUnknownInAutoMap: true,
		fieldRules: { email: EMAIL_RULE, email2: EMAIL_RULE, email3: EMAIL_RULE },
		messages: {
			notWritable: (field) =>
				new UserError(`Field "${field.name}" is read-only and cannot be updated`, {
					description: `Autotask does not let the API change ${field.name} on a resource; change it in Autotask (Admin > Resources) instead.`,
				}),
			tooLong: (field, length) =>
				new UserError(`Field "${field.name}" must be at most ${String(field.length)} characters (it has ${length})`),
			nothingToUpdate: () => new UserError('Nothing to update: map at least one writable field'),
		},
	};
}

