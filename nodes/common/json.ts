import { UserError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

/**
 * The one reader of JSON a user types into a parameter (fields, filters). n8n hands a `json`
 * parameter over as text, but an expression can hand over the value itself, so anything that is
 * not text is returned as it is. Errors are UserErrors naming the parameter; the caller raises them
 * as the item's node error.
 */

/** Parsed JSON text; `undefined` for blank text; a syntax error names the parameter and what was expected. */
export function parseJsonParameter(value: unknown, label: string, expected?: string): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (text === '') return undefined;
	let syntaxError: string | undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text) as unknown;
	} catch (error) {
		syntaxError = (error as Error).message;
	}
	if (syntaxError !== undefined) {
		throw new UserError(`${label} is not valid JSON`, {
			description: expected ? `${syntaxError}. ${expected}` : syntaxError,
		});
	}
	return parsed;
}

/**
 * A JSON object of field names and values; blank text is an empty object. A value that is not
 * text and not an object is refused, unless `absentIsEmpty` (an optional parameter left out of a
 * collection arrives as undefined).
 */
export function parseJsonObject(
	value: unknown,
	label: string,
	notAnObject: string,
	options: { absentIsEmpty?: boolean } = {},
): IDataObject {
	if (options.absentIsEmpty && (value === undefined || value === null)) return {};
	const parsed = typeof value === 'string' ? (parseJsonParameter(value, label) ?? {}) : value;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UserError(`${label} ${notAnObject}`);
	return parsed as IDataObject;
}
