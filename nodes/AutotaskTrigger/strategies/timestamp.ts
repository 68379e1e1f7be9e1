/**
 * Timestamp strategy: for entities with a modification (or, for "created", a creation) timestamp.
 *
 * The problem. Autotask returns query results in ascending id order, never in time order, and a
 * poll may need many pages. A record whose id was already passed can change while the poll is
 * still paging: this poll cannot see that version, so the next poll must. Many records can share
 * one timestamp, pages can end in the middle of them, and this machine's clock may disagree with
 * Autotask's.
 *
 * The design.
 * - Every poll asks for `version >= watermark - OVERLAP_MS` (plus the user's filters), reads every
 *   page, and keeps the versions it has already handled, as (id -> timestamp), for everything at
 *   or after that floor. A record is a change when its (id, timestamp) is not in that set, so the
 *   overlap and identical timestamps never repeat an event, and a record changed twice between
 *   polls is reported once, with its latest values.
 * - The watermark is never taken from this machine's clock; it comes from timestamps Autotask
 *   itself wrote. Every version read by the first page of a poll was written no later than the
 *   moment Autotask evaluated that page, and every version read by earlier polls was written
 *   before this poll began. So `max(newest version seen by earlier polls, newest version on this
 *   poll's first page)` is a lower bound, in Autotask's clock, of the moment this poll started
 *   reading. Any change this poll could not see (a record changed after its page was read) is
 *   stamped after that moment and is therefore at or above the next poll's floor. The maximum
 *   seen over the whole poll is NOT safe (a higher id read late in the poll can be newer than a
 *   lower id changed after its page was read), so it only becomes usable one poll later.
 * - A poll that finished reading within QUICK_READ_MS (measured with a monotonic clock, so
 *   immune to this machine's clock being wrong or stepped) may take the newest version it read as
 *   the watermark: whatever it could not see was written after its first page, less than
 *   QUICK_READ_MS before that newest version, so still above the next floor. This only moves the
 *   watermark on a poll sooner (smaller state, cheaper next poll); correctness never needs it.
 * - OVERLAP_MS additionally covers writes that become visible slightly after their timestamp
 *   (commit latency) and small clock differences between Autotask's own servers: a version
 *   stamped T is assumed visible to any read that starts at T + OVERLAP_MS or later.
 * - Settling. Without new changes, no Autotask timestamp moves the watermark past the newest
 *   version seen (N), so every idle poll would re-read the versions within OVERLAP_MS below N. So
 *   the state also keeps when (this machine's wall clock, at the end of the read) N was first
 *   seen. Autotask's clock had reached N by then, so a poll that starts reading e ms later (as
 *   measured by this machine's clock: only a difference, so absolute skew does not matter) starts
 *   at N + e or later in Autotask's clock; `N + min(e, OVERLAP_MS)` is therefore another lower
 *   bound for the watermark. It never lifts the floor above N by itself: once a poll that started at least
 *   OVERLAP_MS after N was seen has read everything, every version stamped at or below N was
 *   visible to it, and the next polls read only the versions at N (recognised by the handled set)
 *   and newer ones. If this machine's clock goes backwards past the recorded moment, the wait
 *   starts again. A forward step of it can end the wait early (by at most OVERLAP_MS); that only
 *   matters if, at the same time, a version stamped at or below N is committed that late.
 * - With a per-poll maximum, changes are emitted in (timestamp, id) order; when the maximum cuts
 *   the list, the watermark is held at or below the first change left over, so it comes next
 *   poll. The watermark never moves backwards (the handled set is pruned against it).
 * - State is only returned, never written here: a failed poll changes nothing. A poll that emits
 *   nothing may have its state discarded by n8n (it saves static data only on emit); going back
 *   to the previous state is safe because that poll emitted nothing the old state does not know.
 *
 * Costs. An idle poll is one request from the second poll that starts OVERLAP_MS or more (this
 * machine's clock) after the newest change N was first seen, provided fewer than 500 matching
 * versions share N's exact timestamp (those are re-read by `gte` and recognised by every idle
 * poll, ceil(k/500) requests, until a newer change arrives). Before that, an idle poll re-reads
 * the versions in the overlap below N (which shrinks as the wait passes), and so does the first
 * poll after a restart that lost the idle polls' state.
 * Arming reads the versions of the last ARM_LOOKBACK_MS by this machine's clock, once, only to
 * learn what already exists; a clock more than that far ahead of Autotask's would miss changes.
 */
import type { AutotaskFilter, AutotaskRecord } from '../../transport/types';
import type { DetectedChange, EventType, PollInput, PollOutcome } from './types';

/** How far each poll reaches back below the watermark. */
export const OVERLAP_MS = 60_000;

/** A read at most this long (monotonic time) may set the watermark to its newest version. */
export const QUICK_READ_MS = OVERLAP_MS / 2;

/** How far back the first poll looks, by this machine's clock, to learn what already exists. */
export const ARM_LOOKBACK_MS = 60 * 60_000;

export interface TimestampPlan {
	strategy: 'timestamp';
	event: 'created' | 'updated' | 'createdOrUpdated';
	/** The timestamp whose value identifies a version: the modification field, or the creation field for "created". */
	versionField: string;
	/** The creation timestamp, used to tell created from updated records. */
	creationField?: string;
	/** Also match records created in the window whose version field is still empty. */
	matchCreation: boolean;
}

export interface TimestampState {
	strategy: 'timestamp';
	/**
	 * The field the watermark and the handled versions were read from. States saved before it was
	 * recorded have none; they were saved together with the plan that names their field.
	 */
	versionField?: string;
	/** ISO 8601: a lower bound, in Autotask's clock, of when the previous poll started reading. */
	watermark: string;
	/** ISO 8601: the newest version read by any poll so far (null before the first). */
	newestSeen: string | null;
	/** This machine's wall clock (epoch ms) at the end of the read that first saw `newestSeen`. */
	newestSeenAt?: number;
	/** The versions already handled at or after `watermark - OVERLAP_MS`: ids by ISO timestamp. */
	handled: Record<string, number[]>;
}

export interface TimestampInput extends PollInput<TimestampState> {
	/** This machine's wall clock in epoch ms: to arm, and to measure time between polls (differences only). */
	localNow: () => number;
	/** A monotonic clock in ms (never stepped), to time the read. */
	monotonicNow: () => number;
}

interface Candidate {
	record: AutotaskRecord;
	version: number;
}

function parseTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

const toIso = (ms: number) => new Date(ms).toISOString();

/** The timestamp that identifies the record's current version. */
export function versionOf(record: AutotaskRecord, plan: TimestampPlan): number | undefined {
	const version = parseTime(record[plan.versionField]);
	if (version !== undefined || !plan.matchCreation || !plan.creationField) return version;
	return parseTime(record[plan.creationField]);
}

function windowConditions(plan: TimestampPlan, floor: number): AutotaskFilter[] {
	const since = (field: string): AutotaskFilter => ({ op: 'gte', field, value: toIso(floor) });
	if (plan.matchCreation && plan.creationField && plan.creationField !== plan.versionField) {
		return [{ op: 'or', items: [since(plan.versionField), since(plan.creationField)] }];
	}
	return [since(plan.versionField)];
}

function decodeHandled(handled: Record<string, number[]> | undefined): Map<number, number> {
	const byId = new Map<number, number>();
	for (const [iso, ids] of Object.entries(handled ?? {})) {
		const version = parseTime(iso);
		if (version === undefined) continue;
		for (const id of ids) byId.set(Number(id), version);
	}
	return byId;
}

function encodeHandled(byId: Map<number, number>): Record<string, number[]> {
	const byVersion = new Map<number, number[]>();
	for (const [id, version] of byId) {
		const ids = byVersion.get(version);
		if (ids) ids.push(id);
		else byVersion.set(version, [id]);
	}
	const encoded: Record<string, number[]> = {};
	for (const version of [...byVersion.keys()].sort((a, b) => a - b)) {
		encoded[toIso(version)] = byVersion.get(version)!.sort((a, b) => a - b);
	}
	return encoded;
}

/**
 * Created or updated: a record first met in this window whose creation time falls inside the
 * window was created since the last poll. Once a version of a record has been handled, later
 * versions are updates; a handled entry is only pruned below the floor, where a creation time
 * cannot be (a record is created no later than any of its versions).
 */
function classify(plan: TimestampPlan, record: AutotaskRecord, handled: Map<number, number>, floor: number): EventType {
	if (plan.event === 'created') return 'created';
	if (!plan.creationField || handled.has(record.id)) return 'updated';
	const created = parseTime(record[plan.creationField]);
	return created !== undefined && created >= floor ? 'created' : 'updated';
}

const wanted = (plan: TimestampPlan, type: EventType) =>
	plan.event === 'createdOrUpdated' ? type === 'created' || type === 'updated' : plan.event === type;

/** One poll of the timestamp strategy. Reads, decides and returns the next state; writes nothing. */
export async function pollTimestamp(plan: TimestampPlan, input: TimestampInput): Promise<PollOutcome<TimestampState>> {
	// A watermark read from one field says nothing about another: such a state arms afresh.
	const recordedField = input.state?.versionField;
	const state = recordedField === undefined || recordedField === plan.versionField ? input.state : undefined;
	const arming = state === undefined;
	const localStart = input.localNow();
	// Arming pretends a previous poll left the watermark at the look-back point.
	const watermark = arming ? localStart - ARM_LOOKBACK_MS + OVERLAP_MS : parseTime(state?.watermark);
	if (watermark === undefined) throw new Error('The trigger state has no valid watermark');
	const newestBefore = parseTime(state?.newestSeen) ?? Number.NEGATIVE_INFINITY;
	const handled = decodeHandled(state?.handled);
	const floor = watermark - OVERLAP_MS;

	const candidates: Candidate[] = [];
	let firstPageNewest = Number.NEGATIVE_INFINITY;
	let newestRead = newestBefore;
	let pageNumber = 0;
	const readStarted = input.monotonicNow();
	// Arming only learns which versions exist: ids and timestamps are enough.
	const fields = arming ? { includeFields: [plan.versionField, ...(plan.creationField ? [plan.creationField] : [])] } : undefined;
	for await (const page of input.read(windowConditions(plan, floor), fields)) {
		pageNumber++;
		for (const record of page) {
			const version = versionOf(record, plan);
			if (version === undefined) continue;
			if (pageNumber === 1) firstPageNewest = Math.max(firstPageNewest, version);
			newestRead = Math.max(newestRead, version);
			if (version < floor || handled.get(record.id) === version) continue;
			candidates.push({ record, version });
		}
	}
	const quickRead = input.monotonicNow() - readStarted <= QUICK_READ_MS;
	const localEnd = input.localNow();
	// Settling: how long (this machine's clock, at most OVERLAP_MS) since newestBefore was first seen.
	const seenAt = state?.newestSeenAt;
	const waited = seenAt !== undefined && localStart >= seenAt ? Math.min(localStart - seenAt, OVERLAP_MS) : undefined;
	const settled = waited === undefined ? Number.NEGATIVE_INFINITY : newestBefore + waited;
	candidates.sort((a, b) => a.version - b.version || a.record.id - b.record.id);

	const changes: DetectedChange[] = [];
	const nowHandled: Candidate[] = [];
	let firstLeftOver: number | undefined;
	for (const candidate of candidates) {
		if (arming) {
			nowHandled.push(candidate);
			continue;
		}
		if (changes.length >= input.maxEvents) {
			firstLeftOver = candidate.version;
			break;
		}
		const type = classify(plan, candidate.record, handled, floor);
		nowHandled.push(candidate);
		if (wanted(plan, type) && !input.isOwnChange(candidate.record, type)) {
			changes.push({ record: candidate.record, type });
		}
	}

	const safeWatermark = quickRead
		? Math.max(watermark, newestRead, settled)
		: Math.max(watermark, newestBefore, firstPageNewest, settled);
	const nextWatermark =
		firstLeftOver === undefined ? safeWatermark : Math.max(watermark, Math.min(safeWatermark, firstLeftOver));
	const nextFloor = nextWatermark - OVERLAP_MS;
	for (const { record, version } of nowHandled) handled.set(record.id, version);
	for (const [id, version] of handled) if (version < nextFloor) handled.delete(id);

	return {
		changes,
		state: {
			strategy: 'timestamp',
			versionField: plan.versionField,
			watermark: toIso(nextWatermark),
			newestSeen: Number.isFinite(newestRead) ? toIso(newestRead) : null,
			// A newer version, no record yet, or this machine's clock went back: the wait starts again.
			newestSeenAt: newestRead > newestBefore || waited === undefined ? localEnd : seenAt,
			handled: encodeHandled(handled),
		},
	};
}
