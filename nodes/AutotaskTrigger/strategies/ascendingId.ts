/**
 * Ascending-id strategy: "created" events for entities without a creation timestamp. Autotask
 * allocates ids upwards and returns query results in ascending id order, so records newer than the
 * last one handled are exactly those with a larger id.
 *
 * - Each poll asks for `id > lastId - ID_OVERLAP` and skips the ids it already handled in that
 *   window (kept in the state). The overlap catches a record whose id was allocated before a
 *   neighbour's but which became visible after it (concurrent inserts committing out of order).
 * - Records created while a poll is paging get larger ids than anything read so far: they appear
 *   on a later page of the same poll, or in the next poll. No clock is involved at all.
 * - With a per-poll maximum the poll stops reading once it has that many events; everything after
 *   has a larger id and comes next poll.
 * - A record that starts matching the user's filters while its id is still inside the overlap
 *   window is reported as created (it is new to this trigger and was created moments ago).
 * - Arming finds the current largest id with a handful of id-only queries (a galloping search on
 *   `id > x`, 500 ids per answer), then records the ids inside the window. An idle poll is one
 *   request (the window holds at most ID_OVERLAP ids).
 */
import type { AutotaskRecord } from '../../transport/types';
import type { DetectedChange, PageReader, PollInput, PollOutcome } from './types';

/** How many ids below the last handled one each poll re-reads. */
export const ID_OVERLAP = 100;

const ANSWER_SIZE = 500;

export interface AscendingIdPlan {
	strategy: 'ascendingId';
	event: 'created';
}

export interface AscendingIdState {
	strategy: 'ascendingId';
	/** The largest id handled so far (0 when the entity had no records). */
	lastId: number;
	/** Ids in (lastId - ID_OVERLAP, lastId] already handled, ascending. */
	recent: number[];
}

/** The ids above `id` (at most `limit` of them), ascending, from id-only queries. */
export async function idsAbove(read: PageReader, id: number, limit = ANSWER_SIZE): Promise<number[]> {
	const ids: number[] = [];
	for await (const page of read([{ op: 'gt', field: 'id', value: id }], { limit, includeFields: ['id'] })) {
		for (const record of page) ids.push(record.id);
	}
	return ids;
}

/**
 * The largest id matching the filters, or undefined when nothing matches. Gallops upwards from the
 * smallest id until an answer comes back short (its last id is the largest) or empty (the largest
 * is below), then halves the gap the same way.
 */
export async function findLargestId(read: PageReader): Promise<number | undefined> {
	let answer = await idsAbove(read, -1);
	if (answer.length === 0) return undefined;
	if (answer.length < ANSWER_SIZE) return answer[answer.length - 1];
	let low = answer[answer.length - 1];
	let high: number | undefined;
	for (let step = 4096; high === undefined; step *= 4) {
		answer = await idsAbove(read, low + step);
		if (answer.length === 0) high = low + step;
		else if (answer.length < ANSWER_SIZE) return answer[answer.length - 1];
		else low = answer[answer.length - 1];
	}
	// An id exists at `low`, none above `high`.
	while (low < high) {
		const middle = Math.floor((low + high) / 2);
		answer = await idsAbove(read, middle);
		if (answer.length === 0) high = middle;
		else if (answer.length < ANSWER_SIZE) return answer[answer.length - 1];
		else low = answer[answer.length - 1];
	}
	return low;
}

async function arm(read: PageReader): Promise<AscendingIdState> {
	const lastId = (await findLargestId(read)) ?? 0;
	const recent = await idsAbove(read, lastId - ID_OVERLAP, ID_OVERLAP);
	return { strategy: 'ascendingId', lastId, recent: recent.filter((id) => id <= lastId) };
}

/** One poll of the ascending-id strategy. Reads, decides and returns the next state; writes nothing. */
export async function pollAscendingId(
	_plan: AscendingIdPlan,
	input: PollInput<AscendingIdState>,
): Promise<PollOutcome<AscendingIdState>> {
	if (!input.state) return { changes: [], state: await arm(input.read) };

	const floor = input.state.lastId - ID_OVERLAP;
	const recent = new Set(input.state.recent);
	const changes: DetectedChange[] = [];
	const handled: number[] = [];
	reading: for await (const page of input.read([{ op: 'gt', field: 'id', value: floor }])) {
		for (const record of page as AutotaskRecord[]) {
			if (record.id <= floor || recent.has(record.id)) continue;
			if (changes.length >= input.maxEvents) break reading;
			handled.push(record.id);
			if (!input.isOwnChange(record, 'created')) changes.push({ record, type: 'created' });
		}
	}

	const lastId = handled.reduce((largest, id) => Math.max(largest, id), input.state.lastId);
	const keep = [...recent, ...handled].filter((id) => id > lastId - ID_OVERLAP).sort((a, b) => a - b);
	return { changes, state: { strategy: 'ascendingId', lastId, recent: keep } };
}
