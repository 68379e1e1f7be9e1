import type { INode } from 'n8n-workflow';

import { PAGE_SIZE } from '../transport';
import type { AutotaskClient, AutotaskFilter, AutotaskRecord } from '../transport';
import { refusal } from './refusal';

/**
 * Batched look-ups: many items that each name one record (by id, e-mail, username...) are
 * resolved with one `in` query per 500 values instead of one request per item.
 */

/** Splits values into lists of at most one page (500), the size each `in` filter carries. */
export function chunked<T>(values: readonly T[], size = PAGE_SIZE): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < values.length; start += size) result.push(values.slice(start, start + size));
	return result;
}

/** The key records are matched under: Autotask compares text case-insensitively. */
export function matchKey(value: unknown): string {
	return String(value).trim().toLowerCase();
}

/**
 * The records whose `field` equals one of `values`, grouped by `matchKey` of that field. Costs one
 * query per 500 distinct values (none when `values` is empty).
 */
export async function findByValues(
	client: AutotaskClient,
	entity: string,
	field: string,
	values: ReadonlyArray<string | number>,
	extraFilter: AutotaskFilter[] = [],
): Promise<Map<string, AutotaskRecord[]>> {
	const distinct = [...new Map(values.map((value) => [matchKey(value), value])).values()];
	const found = new Map<string, AutotaskRecord[]>();
	for (const batch of chunked(distinct)) {
		const records = await client.query(entity, {
			filter: [{ op: 'in', field, value: batch }, ...extraFilter],
		});
		for (const record of records) {
			const key = matchKey(record[field]);
			found.set(key, [...(found.get(key) ?? []), record]);
		}
	}
	return found;
}

/** How one item names the record it works on. */
export interface RecordReference {
	/** The field compared, as Autotask names it (`id`, `email`, `userName`, `contactID`). */
	field: string;
	value: string | number;
	/** How the reference reads in an error: `ID 12`, `e-mail "jane@example.com"`. */
	describe: string;
}

/** One item's reference, or the error reading it (so the item fails alone). */
export type ReferenceOrError = RecordReference | Error;

/**
 * Resolves each item's reference to exactly one record, with one query per field and 500 values.
 * An item whose reference matches nothing, or more than one record, gets an error naming it.
 */
export async function resolveReferences(
	node: INode,
	client: AutotaskClient,
	entity: string,
	noun: string,
	references: readonly ReferenceOrError[],
): Promise<Array<AutotaskRecord | Error>> {
	const valuesByField = new Map<string, Array<string | number>>();
	for (const reference of references) {
		if (reference instanceof Error) continue;
		valuesByField.set(reference.field, [...(valuesByField.get(reference.field) ?? []), reference.value]);
	}
	const foundByField = new Map<string, Map<string, AutotaskRecord[]>>();
	for (const [field, values] of valuesByField) {
		foundByField.set(field, await findByValues(client, entity, field, values));
	}
	return references.map((reference, itemIndex) => {
		if (reference instanceof Error) return reference;
		const matches = foundByField.get(reference.field)?.get(matchKey(reference.value)) ?? [];
		if (matches.length === 1) return matches[0];
		if (matches.length === 0) {
			return refusal(node, `No ${noun} found with ${reference.describe}`, {
				itemIndex,
				description: `Autotask has no ${noun} with ${reference.describe}, or the API user cannot see it.`,
			});
		}
		return refusal(
			node,
			`${matches.length} ${noun}s match ${reference.describe} (IDs ${matches.map((match) => match.id).join(', ')})`,
			{ itemIndex, description: `Choose the ${noun} by ID instead.` },
		);
	});
}

/** Runs `read` for one item, turning a thrown error into that item's error. */
export function readOrError<T>(read: () => T): T | Error {
	try {
		return read();
	} catch (error) {
		return error as Error;
	}
}
