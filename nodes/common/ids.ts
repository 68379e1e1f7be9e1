import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/**
 * The one reader of record ids given as parameters, field values or resource-locator values. An id
 * is a whole number, written as digits (surrounding blanks allowed) or given as a number; "1e3",
 * "-1" and "12.5" are not ids.
 */

/** The id in a value, or undefined when the value is not one. */
export function wholeNumberId(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/**
 * An id that must be there: anything else is refused naming the parameter and quoting what it got,
 * `quoted` (by default the value as text, so an expression that resolved to nothing reads "null").
 */
export function requiredId(node: INode, value: unknown, label: string, itemIndex: number, quoted = String(value).trim()): number {
	const id = wholeNumberId(value);
	if (id === undefined) {
		throw new NodeOperationError(node, `${label} must be a whole number, got "${quoted}"`, { itemIndex });
	}
	return id;
}

/** The id typed into a resource locator's "By ID" mode (already trimmed text). */
export function locatorId(node: INode, value: string, label: string, itemIndex: number): number {
	const id = wholeNumberId(value);
	if (id === undefined) throw new NodeOperationError(node, `${label} "${value}" is not a whole number`, { itemIndex });
	return id;
}
