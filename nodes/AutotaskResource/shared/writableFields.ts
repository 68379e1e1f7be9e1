import type { FieldLike } from '../../common/fields';

/** Resource fields that cannot be written through the API, whatever the metadata says. */
const NEVER_WRITTEN = new Set(['id']);

/** The Resource fields Update offers: those Autotask's metadata does not mark read-only. */
export function writableFields(fields: readonly FieldLike[]): FieldLike[] {
	return fields.filter((field) => !field.isReadOnly && !NEVER_WRITTEN.has(field.name.toLowerCase()));
}

/** Resource fields holding an e-mail address. */
export const EMAIL_FIELDS = new Set(['email', 'email2', 'email3']);

/** "emailTypeCode2" -> "Email Type Code 2", for field lists shown to people. */
export function humanize(name: string): string {
	const spaced = name.replace(/([a-z])([A-Z0-9])/g, '$1 $2');
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
