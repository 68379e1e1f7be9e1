import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { AutotaskClient, AutotaskRecord } from '../transport';
import { asNodeError } from './nodeError';

/**
 * Items worked on at once. The transport already caps requests in flight per entity at Autotask's
 * thread limit; a few more items than that keep the pipe full without holding many results.
 */
const ITEM_WINDOW = 6;

type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Runs `work` for item indexes `0..count-1`, at most `ITEM_WINDOW` at once, and returns the outcomes
 * in item order. After the first failure, when `stopOnError` is set, no new item is started, so
 * a failing batch does as little as possible before the node reports the error.
 */
async function runWindowed<T>(
	count: number,
	work: (itemIndex: number) => Promise<T>,
	stopOnError: boolean,
): Promise<Array<ItemOutcome<T> | undefined>> {
	const outcomes: Array<ItemOutcome<T> | undefined> = new Array(count);
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < count) {
			const itemIndex = next++;
			try {
				outcomes[itemIndex] = { ok: true, value: await work(itemIndex) };
			} catch (error) {
				outcomes[itemIndex] = { ok: false, error: error as Error };
				if (stopOnError) stopped = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(ITEM_WINDOW, count) }, worker));
	return outcomes;
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const description = (error as { description?: unknown }).description;
	return {
		json: { error: error.message, ...(typeof description === 'string' ? { details: description } : {}) },
		pairedItem: { item: itemIndex },
	};
}

/** The first failure in item order, so the node reports the same error whatever the timing. */
function firstFailure<T>(outcomes: Array<ItemOutcome<T> | undefined>): Error | undefined {
	for (const outcome of outcomes) if (outcome && !outcome.ok) return outcome.error;
	return undefined;
}

function toItems(value: IDataObject | IDataObject[], itemIndex: number): INodeExecutionData[] {
	const records = Array.isArray(value) ? value : [value];
	return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * Runs a read-style operation for every input item. Each item may yield one record or many; every
 * output item is paired with its input. With continue-on-fail a failing item becomes an error item
 * and the others go on; without it the node fails with the first error in item order.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	work: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const outcomes = await runWindowed(ctx.getInputData().length, work, !continueOnFail);
	const failure = firstFailure(outcomes);
	if (failure && !continueOnFail) throw failure;
	return outcomes.flatMap((outcome, itemIndex) => {
		if (!outcome) return [];
		return outcome.ok ? toItems(outcome.value, itemIndex) : [errorItem(outcome.error, itemIndex)];
	});
}

/**
 * For operations that check each item's input before looking records up. Without continue-on-fail
 * the first invalid item (in item order) stops the node here, before any record is read; with it,
 * returns each item's error (undefined for a valid item), so invalid items need not be looked up.
 */
export function refuseInvalidItems<T>(
	ctx: IExecuteFunctions,
	checked: ReadonlyArray<T | Error>,
): Array<Error | undefined> {
	const errors = checked.map((value) => (value instanceof Error ? value : undefined));
	const first = errors.find((error) => error !== undefined);
	if (first && !ctx.continueOnFail()) throw first;
	return errors;
}

/** What was read or checked for one item; an error there is the item's error, thrown. */
export function orThrow<T>(value: T | Error): T {
	if (value instanceof Error) throw value;
	return value;
}

/** "0-3, 7, 9": item indexes, consecutive ones as a range. */
function indexRanges(indexes: readonly number[]): string {
	const ranges: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		ranges.push(end === start ? String(indexes[start]) : `${indexes[start]}-${indexes[end]}`);
		start = end + 1;
	}
	return ranges.join(', ');
}

/** Ids quoted in an error: enough to find the records, not a wall of numbers. */
const IDS_SHOWN = 20;

function idList(ids: readonly number[]): string {
	const shown = ids.slice(0, IDS_SHOWN).join(', ');
	return ids.length > IDS_SHOWN ? `${shown} and ${ids.length - IDS_SHOWN} more` : shown;
}

/**
 * The error that stops a run after other items were already written. The node fails as a whole,
 * so its output cannot show what was saved; without saying so, a re-run would write those items
 * again (duplicating every create). The error stays what it was, its description says which
 * items and records were written.
 */
function withWrittenItems(
	ctx: IExecuteFunctions,
	error: Error,
	written: ReadonlyArray<ItemOutcome<number | AutotaskRecord> | undefined>,
): Error {
	const saved = written.flatMap((outcome, itemIndex) =>
		outcome?.ok && typeof outcome.value === 'number' ? [{ itemIndex, id: outcome.value }] : [],
	);
	if (saved.length === 0) return error;
	const items = indexRanges(saved.map((write) => write.itemIndex));
	const ids = idList(saved.map((write) => write.id));
	const note =
		saved.length === 1
			? `Item ${items} was already saved in Autotask (id ${ids}); running the node again will write it again.`
			: `Items ${items} were already saved in Autotask (ids ${ids}); running the node again will write them again.`;
	const nodeError = asNodeError(ctx.getNode(), error);
	nodeError.description = nodeError.description ? `${nodeError.description} ${note}` : note;
	return nodeError;
}

/** What one item asks to write, decided (and validated) before anything is sent. */
export type PreparedWrite =
	| { send: () => Promise<number> }
	/** Nothing to write: the record is already as asked (for example access already granted). */
	| { unchanged: AutotaskRecord };

export interface WriteBatch {
	client: AutotaskClient;
	/** The entity whose records are re-read after writing. */
	entity: string;
	/** Validates one item and returns its write. Throwing here means nothing is sent for any item. */
	prepare: (itemIndex: number) => Promise<PreparedWrite>;
	/** Re-read what was written, one query per 500 ids, so the output is what Autotask now holds. */
	readBack: boolean;
	/** Turns the record (re-read, or `{ id }` without read-back) into the output item's JSON. */
	shape: (record: AutotaskRecord, itemIndex: number) => IDataObject;
}

/**
 * Runs a write operation for every input item in three phases: prepare and validate every item
 * first (so invalid input stops the node before anything is written), send the writes (the
 * transport keeps them within Autotask's thread limit), then re-read all written records together
 * instead of one GET per item.
 */
export async function runWrites(ctx: IExecuteFunctions, batch: WriteBatch): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const itemCount = ctx.getInputData().length;

	const prepared = await runWindowed(itemCount, batch.prepare, !continueOnFail);
	const invalid = firstFailure(prepared);
	if (invalid && !continueOnFail) throw invalid;

	const written = await runWindowed(
		itemCount,
		async (itemIndex) => {
			const outcome = prepared[itemIndex];
			if (!outcome?.ok) throw outcome?.error ?? new Error('Item was not prepared');
			return 'send' in outcome.value ? await outcome.value.send() : outcome.value.unchanged;
		},
		!continueOnFail,
	);
	const failedWrite = firstFailure(written);
	if (failedWrite && !continueOnFail) throw withWrittenItems(ctx, failedWrite, written);

	const writtenIds = written.flatMap((outcome) =>
		outcome?.ok && typeof outcome.value === 'number' ? [outcome.value] : [],
	);
	// The writes are done: a failed re-read must not make them look failed, or a re-run (or n8n's
	// Retry On Fail) would write them again and duplicate every create. Those items carry the id
	// and say why the rest of the record is missing.
	let current = new Map<number, AutotaskRecord>();
	let readBackError: Error | undefined;
	if (batch.readBack) {
		try {
			current = await batch.client.readBack(batch.entity, writtenIds);
		} catch (error) {
			readBackError = error as Error;
		}
	}

	return written.map((outcome, itemIndex) => {
		if (!outcome) return errorItem(new Error('Item was not processed'), itemIndex);
		if (!outcome.ok) return errorItem(outcome.error, itemIndex);
		if (readBackError && typeof outcome.value === 'number') {
			return {
				json: {
					id: outcome.value,
					readBackError: `Saved in Autotask, but reading the record back failed (do not write it again): ${readBackError.message}`,
				},
				pairedItem: { item: itemIndex },
			};
		}
		const record =
			typeof outcome.value === 'number'
				? (current.get(outcome.value) ?? { id: outcome.value })
				: outcome.value;
		return { json: batch.shape(record, itemIndex), pairedItem: { item: itemIndex } };
	});
}
