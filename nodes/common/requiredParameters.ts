import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { requiredId } from './ids';

/**
 * Readers for the parameters that name the record an item works on. Their values often come from
 * expressions, which can resolve to nothing (undefined or null); `String()` would turn that into
 * the words "undefined" or "null", and the node would go looking for a record by that text.
 */

/** A text parameter that must have a value, trimmed; empty or nothing is refused, naming the field. */
export function requiredText(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value: unknown = ctx.getNodeParameter(name, itemIndex, '');
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') {
		throw new NodeOperationError(ctx.getNode(), `${label} is required`, {
			itemIndex,
			description: `${label} is empty, or the expression that fills it resolved to nothing. Give a value, or make sure the expression finds one in every input item.`,
		});
	}
	return text;
}

/**
 * A record id parameter: a whole number. A value that is not one is refused quoting what it was,
 * so an expression that resolved to nothing reads `got "null"` (or "undefined"): the user sees
 * what the expression gave rather than an empty quote.
 */
export function requiredWholeNumber(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): number {
	return requiredId(ctx.getNode(), ctx.getNodeParameter(name, itemIndex, ''), label, itemIndex);
}
