import type { IDataObject, INode } from 'n8n-workflow';

import { coerceValue } from './fields';
import type { FieldLike } from './fields';
import { asNodeError } from './nodeError';
import { refusal } from './refusal';

/** The changes of an update, refused (with `message`) when there are none: an update must change something. */
export function nonEmptyChanges(node: INode, changes: IDataObject, itemIndex: number, message: string): IDataObject {
	if (Object.keys(changes).length === 0) throw refusal(node, message, { itemIndex });
	return changes;
}

/** `coerceValue` for one item: a bad value becomes that item's error, naming the field and rule. */
export function coerceForItem(node: INode, field: FieldLike, value: unknown, itemIndex: number): unknown {
	try {
		return coerceValue(field, value);
	} catch (error) {
		throw asNodeError(node, error, itemIndex);
	}
}

/** The RFC 5321 limit Autotask also applies to Resource e-mail fields. */
export const EMAIL_MAX_LENGTH = 254;

// One @, a non-empty local part, and a dotted domain of letters, digits and hyphens: what Autotask
// and mail servers accept in practice, without the exotic quoted forms nobody types.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** The rule an e-mail address breaks, or undefined when it is acceptable. */
export function emailProblem(value: string): string | undefined {
	if (value.length > EMAIL_MAX_LENGTH) return `must be at most ${EMAIL_MAX_LENGTH} characters (it has ${value.length})`;
	if (!EMAIL.test(value) || value.split('@')[0].length > 64) return 'is not a well-formed e-mail address';
	return undefined;
}
