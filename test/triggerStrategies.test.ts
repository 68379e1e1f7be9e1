/**
 * Unit tests of the trigger's pure polling cores against an in-memory table that pages like
 * Autotask (ascending id, 500 per page, each page evaluated when it is requested) and can change
 * records between pages. Randomised runs check the two promises: nothing lost, nothing repeated.
 */
import { findLargestId, ID_OVERLAP, pollAscendingId } from '../nodes/AutotaskTrigger/strategies/ascendingId';
import type { AscendingIdState } from '../nodes/AutotaskTrigger/strategies/ascendingId';
import { fieldSignature, pollSnapshot, SNAPSHOT_MAX_RECORDS } from '../nodes/AutotaskTrigger/strategies/snapshot';
import type { SnapshotPlan, SnapshotState } from '../nodes/AutotaskTrigger/strategies/snapshot';
import { ARM_LOOKBACK_MS, OVERLAP_MS, pollTimestamp } from '../nodes/AutotaskTrigger/strategies/timestamp';
import type { TimestampPlan, TimestampState } from '../nodes/AutotaskTrigger/strategies/timestamp';
import type { DetectedChange, OwnChangeTest, PageReader } from '../nodes/AutotaskTrigger/strategies/types';
import type { IDataObject } from 'n8n-workflow';

import { madeBy } from '../nodes/AutotaskTrigger/ownChanges';
import { eventsFor, resolvePlan } from '../nodes/AutotaskTrigger/plan';
import type { TriggerEvent } from '../nodes/AutotaskTrigger/strategies/types';
import type { AutotaskFilter, AutotaskRecord } from '../nodes/transport/types';
import { requireEntity } from './simulator/entities/catalog';

/** `visibleAt`: the row is committed (readable) only from this time on; stamped earlier. */
type Row = AutotaskRecord & { createDate: string; lastModifiedDate: string | null; by: number; visibleAt?: number };

const T0 = Date.parse('2026-11-22T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A tiny Autotask: a clock, records, pages evaluated one at a time, a hook between pages. */
class FakeTable {
	now = T0;
	rows = new Map<number, Row>();
	nextId = 1000;
	requests = 0;
	/** Called before each page after the first; may change records. */
	betweenPages?: (page: number) => void;

	insert(values: Partial<Row> = {}, id = this.nextId++): Row {
		const row = { id, createDate: iso(this.now), lastModifiedDate: iso(this.now), by: 1, flag: false, name: `r${id}`, ...values } as Row;
		this.rows.set(id, row);
		return row;
	}

	update(id: number, values: Partial<Row> = {}): Row {
		const row = this.rows.get(id)!;
		Object.assign(row, { name: `${row.name}'`, lastModifiedDate: iso(this.now), ...values });
		return row;
	}

	reader(): PageReader {
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const table = this;
		return (conditions, options = {}) => ({
			async *[Symbol.asyncIterator]() {
				let cursor = Number.NEGATIVE_INFINITY;
				let remaining = options.limit ?? Number.POSITIVE_INFINITY;
				for (let page = 1; remaining > 0; page++) {
					if (page > 1) table.betweenPages?.(page);
					table.requests++;
					const matching = [...table.rows.values()]
						.filter((row) => (row.visibleAt ?? 0) <= table.now)
						.filter((row) => row.id > cursor && conditions.every((condition) => matches(row, condition)))
						.sort((a, b) => a.id - b.id)
						.slice(0, Math.min(500, remaining))
						.map((row) => ({ ...row }));
					if (matching.length === 0) return;
					remaining -= matching.length;
					cursor = matching[matching.length - 1].id;
					yield matching;
					if (matching.length < 500) return;
				}
			},
		});
	}
}

function matches(row: Row, condition: AutotaskFilter): boolean {
	if (condition.op === 'or') return (condition.items ?? []).some((item) => matches(row, item));
	const actual = row[condition.field!];
	if (condition.field === 'id') return condition.op === 'gt' ? row.id > Number(condition.value) : false;
	if (actual === null || actual === undefined) return false;
	if (condition.op === 'gte') return Date.parse(String(actual)) >= Date.parse(String(condition.value));
	throw new Error(`unsupported ${JSON.stringify(condition)}`);
}

const NOBODY: OwnChangeTest = () => false;
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const CHANGES: TimestampPlan = {
	strategy: 'timestamp',
	event: 'createdOrUpdated',
	versionField: 'lastModifiedDate',
	creationField: 'createDate',
	matchCreation: true,
};

/** Polls like n8n: state kept only when a poll emits, unless `keepNull`. */
class TimestampRunner {
	state: TimestampState | undefined;
	emitted: DetectedChange[] = [];
	/** This machine's wall clock minus Autotask's. */
	localOffset = 0;
	constructor(
		private readonly table: FakeTable,
		private readonly plan: TimestampPlan = CHANGES,
		public maxEvents = 1_000_000,
		public isOwnChange: OwnChangeTest = NOBODY,
	) {}

	async poll(options: { keepNull?: boolean } = {}): Promise<DetectedChange[]> {
		const outcome = await pollTimestamp(this.plan, {
			state: this.state && roundTrip(this.state),
			read: this.table.reader(),
			maxEvents: this.maxEvents,
			isOwnChange: this.isOwnChange,
			localNow: () => this.table.now + this.localOffset,
			// Real time passes as Autotask's does: a poll during which the table's clock jumps was slow.
			monotonicNow: () => this.table.now,
		});
		if (outcome.changes.length > 0 || options.keepNull !== false || this.state === undefined) this.state = outcome.state;
		this.emitted.push(...outcome.changes);
		return outcome.changes;
	}
}

/** Every (id, version) at most once, per id in increasing version order, and the last one equals the record now. */
function expectExactlyOnce(table: FakeTable, emitted: DetectedChange[], ids: Iterable<number>) {
	const seen = new Set<string>();
	const last = new Map<number, string>();
	for (const change of emitted) {
		const key = `${change.record.id}@${String(change.record.lastModifiedDate)}`;
		expect(seen.has(key)).toBe(false);
		seen.add(key);
		const previous = last.get(change.record.id);
		if (previous) expect(Date.parse(String(change.record.lastModifiedDate))).toBeGreaterThanOrEqual(Date.parse(previous));
		last.set(change.record.id, String(change.record.lastModifiedDate));
	}
	for (const id of ids) expect([id, last.get(id)]).toEqual([id, table.rows.get(id)!.lastModifiedDate]);
}

describe('timestamp strategy', () => {
	it('arms without emitting, then reports created and updated records once', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 20; i++) table.insert();
		const runner = new TimestampRunner(table);
		expect(await runner.poll()).toEqual([]);
		table.now += 1000;
		const fresh = table.insert();
		table.update(1003);
		const changes = await runner.poll();
		expect(changes.map((c) => [c.record.id, c.type])).toEqual([
			[1003, 'updated'],
			[fresh.id, 'created'],
		]);
		expect(await runner.poll()).toEqual([]);
	});

	it('records the field its watermark belongs to, and arms afresh rather than reuse it for another field', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 5; i++) table.insert();
		const runner = new TimestampRunner(table);
		await runner.poll();
		expect(runner.state?.versionField).toBe('lastModifiedDate');
		table.now += 1000;
		table.update(1001);
		const byCreation: TimestampPlan = { ...CHANGES, versionField: 'createDate', matchCreation: false };
		const input = { read: table.reader(), maxEvents: 1000, isOwnChange: NOBODY, localNow: () => table.now, monotonicNow: () => table.now };
		const other = await pollTimestamp(byCreation, { ...input, state: roundTrip(runner.state) });
		expect(other.changes).toEqual([]);
		expect(other.state.versionField).toBe('createDate');
		// A state saved before the field was recorded belongs to the plan saved with it.
		const legacy = roundTrip(runner.state)!;
		delete legacy.versionField;
		const continued = await pollTimestamp(CHANGES, { ...input, state: legacy });
		expect(continued.changes.map((c) => c.record.id)).toEqual([1001]);
	});

	it('1,234 changes between polls, 600 sharing one timestamp across page boundaries', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 3300; i++) table.insert();
		const runner = new TimestampRunner(table);
		await runner.poll();
		table.now += 5000;
		const touched = new Set<number>();
		// 600 records with one identical timestamp, scattered across ids (so across pages).
		for (let i = 0; i < 600; i++) touched.add(table.update(1000 + i * 5).id);
		for (let i = 0; i < 634; i++) {
			table.now += 3;
			touched.add(table.update(1002 + i * 5).id);
		}
		expect(touched.size).toBe(1234);
		const changes = await runner.poll();
		expect(changes).toHaveLength(1234);
		expect(await runner.poll()).toEqual([]);
		expectExactlyOnce(table, runner.emitted, touched);
	});

	it('catches a lower id changed after its page was read, in the next poll', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 1500; i++) table.insert();
		const runner = new TimestampRunner(table);
		await runner.poll();
		table.now += 10_000;
		table.update(2400); // on page 3
		table.betweenPages = (page) => {
			if (page !== 3) return;
			// A slow poll: the clock moves on by more than the overlap while it pages.
			table.now += 1000;
			table.update(1010); // page 1 already read
			table.now += 3 * OVERLAP_MS;
			table.update(2450); // not read yet: seen in this poll, and newer than 1010
		};
		const first = await runner.poll();
		table.betweenPages = undefined;
		expect(first.map((c) => c.record.id)).toEqual([2400, 2450]);
		const second = await runner.poll();
		expect(second.map((c) => c.record.id)).toEqual([1010]);
		expect(await runner.poll()).toEqual([]);
		expectExactlyOnce(table, runner.emitted, [1010, 2400, 2450]);
	});

	it('reports a record changed twice between polls once, with its latest version, and again after', async () => {
		const table = new FakeTable();
		const row = table.insert();
		const runner = new TimestampRunner(table);
		await runner.poll();
		table.now += 1000;
		table.update(row.id, { name: 'first' });
		table.now += 1000;
		table.update(row.id, { name: 'second' });
		const changes = await runner.poll();
		expect(changes.map((c) => c.record.name)).toEqual(['second']);
		table.now += 1000;
		table.update(row.id, { name: 'third' });
		expect((await runner.poll()).map((c) => c.record.name)).toEqual(['third']);
	});

	it('survives a restart and a discarded null poll', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 10; i++) table.insert();
		const runner = new TimestampRunner(table);
		await runner.poll();
		table.now += 1000;
		table.update(1001);
		expect(await runner.poll()).toHaveLength(1);
		const persisted = roundTrip(runner.state);
		table.now += 120_000;
		expect(await runner.poll()).toEqual([]); // a null poll whose state n8n may never save
		runner.state = roundTrip(persisted); // restart with only the persisted state
		table.now += 1000;
		table.update(1002);
		expect((await runner.poll()).map((c) => c.record.id)).toEqual([1002]);
		expectExactlyOnce(table, runner.emitted, [1001, 1002]);
	});

	it('drains a backlog by the per-poll maximum in timestamp order, dropping nothing', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 5000; i++) table.insert();
		const runner = new TimestampRunner(table, CHANGES, 700);
		await runner.poll();
		const touched = new Set<number>();
		for (let i = 0; i < 4000; i++) {
			if (i % 7 === 0) table.now += 1000; // runs of equal timestamps
			touched.add(table.update(1000 + ((i * 7919) % 5000)).id);
		}
		let polls = 0;
		let batch: DetectedChange[];
		do {
			batch = await runner.poll();
			polls++;
			expect(batch.length).toBeLessThanOrEqual(700);
			const versions = batch.map((c) => Date.parse(String(c.record.lastModifiedDate)));
			expect(versions).toEqual([...versions].sort((a, b) => a - b));
		} while (batch.length > 0);
		expect(polls).toBe(Math.ceil(touched.size / 700) + 1);
		expectExactlyOnce(table, runner.emitted, touched);
	});

	it('an API failure mid-poll leaves the state as it was', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 1200; i++) table.insert();
		const runner = new TimestampRunner(table);
		await runner.poll();
		table.now += 1000;
		table.update(1001);
		table.update(2100);
		const before = roundTrip(runner.state);
		table.betweenPages = () => {
			throw new Error('503');
		};
		await expect(runner.poll()).rejects.toThrow('503');
		expect(runner.state).toEqual(before);
		table.betweenPages = undefined;
		expect((await runner.poll()).map((c) => c.record.id)).toEqual([1001, 2100]);
	});

	it('skips own changes and reports everybody else\'s', async () => {
		const table = new FakeTable();
		table.insert();
		table.insert();
		const runner = new TimestampRunner(table, CHANGES, 100, (record) => record.by === 42);
		await runner.poll();
		table.now += 1000;
		table.update(1000, { by: 42 });
		table.update(1001, { by: 7 });
		expect((await runner.poll()).map((c) => c.record.id)).toEqual([1001]);
		table.now += 1000;
		table.update(1000, { by: 7 });
		expect((await runner.poll()).map((c) => c.record.id)).toEqual([1000]);
	});

	it('arms from the local clock only to learn what exists, and keeps its watermark from data', async () => {
		const table = new FakeTable();
		table.insert();
		const runner = new TimestampRunner(table);
		await runner.poll();
		expect(Date.parse(runner.state!.watermark)).toBe(T0);
		// Local clock far behind Autotask's: the next state still follows Autotask's timestamps.
		table.now += 3_600_000;
		table.update(1000);
		const outcome = await pollTimestamp(CHANGES, {
			state: runner.state,
			read: table.reader(),
			maxEvents: 10,
			isOwnChange: NOBODY,
			localNow: () => 0,
			monotonicNow: () => table.now,
		});
		expect(outcome.changes).toHaveLength(1);
		expect(outcome.state.newestSeen).toBe(iso(table.now));
		expect(ARM_LOOKBACK_MS).toBeGreaterThan(OVERLAP_MS);
	});

	it('created events use the creation timestamp: updates never count', async () => {
		const table = new FakeTable();
		table.insert();
		const plan: TimestampPlan = { strategy: 'timestamp', event: 'created', versionField: 'createDate', creationField: 'createDate', matchCreation: false };
		const runner = new TimestampRunner(table, plan);
		await runner.poll();
		table.now += 1000;
		table.update(1000);
		const fresh = table.insert();
		table.now += 1000;
		table.update(fresh.id);
		expect((await runner.poll()).map((c) => [c.record.id, c.type])).toEqual([[fresh.id, 'created']]);
		expect(await runner.poll()).toEqual([]);
	});

	it('updated events skip records created since the last poll', async () => {
		const table = new FakeTable();
		table.insert();
		const runner = new TimestampRunner(table, { ...CHANGES, event: 'updated', matchCreation: false });
		await runner.poll();
		table.now += 1000;
		const fresh = table.insert();
		table.update(1000);
		expect((await runner.poll()).map((c) => c.record.id)).toEqual([1000]);
		table.now += 1000;
		table.update(fresh.id);
		expect((await runner.poll()).map((c) => [c.record.id, c.type])).toEqual([[fresh.id, 'updated']]);
	});

	it('settles: once the newest change is OVERLAP_MS old by the local clock, an idle poll costs one request', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 3300; i++) table.insert();
		const runner = new TimestampRunner(table);
		runner.localOffset = -7 * 3_600_000; // only differences of the local clock count
		await runner.poll();
		table.now += 2 * OVERLAP_MS; // the seeded versions are out of the overlap
		for (let i = 0; i < 600; i++) table.update(1000 + i * 5);
		for (let i = 0; i < 634; i++) {
			table.now += 3;
			table.update(1002 + i * 5);
		}
		expect(await runner.poll()).toHaveLength(1234);
		const idle = async () => {
			table.requests = 0;
			expect(await runner.poll()).toEqual([]);
			return table.requests;
		};
		table.now += 1000;
		expect(await idle()).toBe(3); // still waiting: the whole overlap is re-read
		table.now += OVERLAP_MS;
		expect(await idle()).toBe(3); // the last full read
		for (let i = 0; i < 3; i++) {
			table.now += 1000;
			expect(await idle()).toBe(1);
		}
		// The local clock going back restarts the wait (it cannot prove time has passed), but the
		// floor already reached never moves back.
		runner.localOffset -= 3_600_000;
		expect(await idle()).toBe(1);
		// 600 versions sharing the newest timestamp exactly: the remaining edge, ceil(600/500).
		table.now += 1000;
		for (let i = 0; i < 600; i++) table.update(1001 + i * 5);
		expect(await runner.poll()).toHaveLength(600);
		table.now += OVERLAP_MS;
		await idle();
		expect(await idle()).toBe(2);
	});

	it('catches versions that become visible late within the overlap, before, during and at the end of the wait', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 20; i++) table.insert();
		const runner = new TimestampRunner(table);
		await runner.poll();
		table.now += 5000;
		const newest = table.now;
		table.update(1000);
		// Stamped now (10 s below and exactly at the newest change), committed 50 s and 59 s later.
		const lateBelow = table.insert({ createDate: iso(newest - 10_000), lastModifiedDate: iso(newest - 10_000), visibleAt: newest + 50_000 });
		const lateAt = table.insert({ createDate: iso(newest), lastModifiedDate: iso(newest), visibleAt: newest + 59_000 });
		expect((await runner.poll()).map((c) => c.record.id)).toEqual([1000]);
		table.now = newest + 30_000;
		expect(await runner.poll()).toEqual([]);
		table.now = newest + 55_000;
		expect((await runner.poll()).map((c) => [c.record.id, c.type])).toEqual([[lateBelow.id, 'created']]);
		table.now = newest + 60_000;
		expect((await runner.poll()).map((c) => [c.record.id, c.type])).toEqual([[lateAt.id, 'created']]);
		table.now += 1000;
		expect(await runner.poll()).toEqual([]);
		expect(Date.parse(runner.state!.watermark)).toBe(newest + OVERLAP_MS);
		expectExactlyOnce(table, runner.emitted, [1000, lateBelow.id, lateAt.id]);
	});

	it('randomised: writes between polls and between pages, late commits, idle waits, local clock steps back, caps, restarts and discarded null polls', async () => {
		for (let seed = 1; seed <= 3; seed++) {
			let state = seed * 7919;
			const random = () => {
				state = (state * 48271) % 2147483647;
				return state / 2147483647;
			};
			const table = new FakeTable();
			for (let i = 0; i < 4000; i++) table.insert();
			const runner = new TimestampRunner(table, CHANGES, 50 + Math.floor(random() * 600));
			await runner.poll();
			let persisted = roundTrip(runner.state);
			const write = () => {
				if (random() < 0.5) table.now += Math.floor(random() * 3000);
				if (random() < 0.1) table.insert(random() < 0.5 ? { visibleAt: table.now + Math.floor(random() * 50_000) } : {});
				else table.update(1000 + Math.floor(random() * (table.nextId - 1000)));
			};
			for (let round = 0; round < 20; round++) {
				const writes = Math.floor(random() * 700);
				for (let i = 0; i < writes; i++) write();
				table.betweenPages = () => {
					for (let i = 0; i < 5; i++) write();
					if (random() < 0.3) table.now += 2 * OVERLAP_MS; // slow pages
				};
				const changes = await runner.poll({ keepNull: false });
				if (changes.length > 0) persisted = roundTrip(runner.state);
				else if (random() < 0.5) runner.state = roundTrip(persisted); // n8n never saved the null poll
				if (random() < 0.2) runner.state = roundTrip(persisted); // restart
				if (random() < 0.3) table.now += Math.floor(random() * 2 * OVERLAP_MS); // idle: the wait passes
				if (random() < 0.1) runner.localOffset -= Math.floor(random() * 3_600_000); // local clock steps back
			}
			table.betweenPages = undefined;
			table.now += OVERLAP_MS;
			while ((await runner.poll()).length > 0);
			// Changed since arming: updated, or inserted after it (possibly still at T0).
			const changed = [...table.rows.values()].filter((row) => row.id >= 5000 || row.lastModifiedDate !== iso(T0)).map((row) => row.id);
			expectExactlyOnce(table, runner.emitted, changed);
			const emittedIds = new Set(runner.emitted.map((change) => change.record.id));
			expect(emittedIds.size).toBe(changed.length);
		}
	});
});

describe('ascending id strategy', () => {
	const plan = { strategy: 'ascendingId' as const, event: 'created' as const };

	async function poll(table: FakeTable, state?: AscendingIdState, maxEvents = 1000, isOwnChange = NOBODY) {
		return await pollAscendingId(plan, { state: state && roundTrip(state), read: table.reader(), maxEvents, isOwnChange });
	}

	it('finds the largest id in a few id-only queries', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 12_345; i++) table.insert({}, 29_700_001 + i * 3 - (i % 2));
		const largest = Math.max(...table.rows.keys());
		table.requests = 0;
		expect(await findLargestId(table.reader())).toBe(largest);
		expect(table.requests).toBeLessThan(20);
		expect(await findLargestId(new FakeTable().reader())).toBeUndefined();
	});

	it('reports new records once, in id order, by the per-poll maximum; idle costs one request', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 700; i++) table.insert();
		let { state, changes } = await poll(table);
		expect(changes).toEqual([]);
		table.requests = 0;
		({ state, changes } = await poll(table, state));
		expect(changes).toEqual([]);
		expect(table.requests).toBe(1);
		const fresh = Array.from({ length: 1234 }, () => table.insert().id);
		const seen: number[] = [];
		for (let i = 0; i < 3; i++) {
			({ state, changes } = await poll(table, state, 500));
			seen.push(...changes.map((c) => c.record.id));
		}
		expect(seen).toEqual(fresh);
		({ changes } = await poll(table, state));
		expect(changes).toEqual([]);
	});

	it('catches a record that became visible after a larger id (inside the overlap)', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 10; i++) table.insert();
		let { state } = await poll(table);
		table.insert({}, 1012);
		let changes: DetectedChange[];
		({ state, changes } = await poll(table, state));
		expect(changes.map((c) => c.record.id)).toEqual([1012]);
		table.insert({}, 1010); // allocated earlier, committed later
		({ state, changes } = await poll(table, state));
		expect(changes.map((c) => c.record.id)).toEqual([1010]);
		({ changes } = await poll(table, state));
		expect(changes).toEqual([]);
		expect(state.recent.every((id) => id > state.lastId - ID_OVERLAP)).toBe(true);
	});

	it('records created while paging come in the same poll or the next, never twice', async () => {
		const table = new FakeTable();
		table.insert();
		let { state } = await poll(table);
		for (let i = 0; i < 1200; i++) table.insert();
		table.betweenPages = () => void table.insert();
		const first = await poll(table, state);
		table.betweenPages = undefined;
		const second = await poll(table, first.state);
		const ids = [...first.changes, ...second.changes].map((c) => c.record.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual([...table.rows.keys()].filter((id) => id > 1000).sort((a, b) => a - b));
		state = second.state;
		expect((await poll(table, state)).changes).toEqual([]);
	});
});

describe('snapshot strategy', () => {
	const PORTAL: SnapshotPlan = {
		strategy: 'snapshot',
		event: 'createdOrUpdated',
		entity: 'ClientPortalUsers',
		flag: { field: 'flag', on: 'accessGranted', off: 'accessRevoked' },
	};

	async function poll(table: FakeTable, plan: SnapshotPlan, state: SnapshotState | undefined, maxEvents = 1000) {
		return await pollSnapshot(plan, { state: state && roundTrip(state), read: table.reader(), maxEvents, isOwnChange: NOBODY });
	}

	it('tells true from false for the flag fields', () => {
		for (const field of ['isClientPortalActive', 'isActive', 'flag']) {
			expect(fieldSignature(field, true)).not.toBe(fieldSignature(field, false));
		}
	});

	it('reports created and updated records with the fields that changed; costs ceil(N/500) requests', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 3000; i++) table.insert({ lastModifiedDate: null });
		let { state } = await poll(table, PORTAL, undefined);
		table.update(1500, { name: 'renamed', lastModifiedDate: null });
		const fresh = table.insert({ lastModifiedDate: null });
		table.requests = 0;
		const outcome = await poll(table, PORTAL, state);
		expect(table.requests).toBe(7);
		expect(outcome.changes.map((c) => [c.record.id, c.type, c.changedFields])).toEqual([
			[1500, 'updated', ['name']],
			[fresh.id, 'created', undefined],
		]);
		state = outcome.state;
		expect((await poll(table, PORTAL, state)).changes).toEqual([]);
		expect(state.records.length / 3001).toBeLessThan(30);
	});

	it('access granted and revoked are flips of the flag, including records created granted', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 5; i++) table.insert({ flag: i % 2 === 0 });
		const granted = { ...PORTAL, event: 'accessGranted' as const };
		const revoked = { ...PORTAL, event: 'accessRevoked' as const };
		const g0 = await poll(table, granted, undefined);
		const r0 = await poll(table, revoked, undefined);
		table.update(1001, { flag: true });
		table.update(1000, { flag: false });
		table.update(1002, { name: 'only renamed' });
		const created = table.insert({ flag: true });
		const g1 = await poll(table, granted, g0.state);
		const r1 = await poll(table, revoked, r0.state);
		expect(g1.changes.map((c) => [c.record.id, c.type])).toEqual([
			[1001, 'accessGranted'],
			[created.id, 'accessGranted'],
		]);
		expect(r1.changes.map((c) => [c.record.id, c.type, c.changedFields])).toEqual([[1000, 'accessRevoked', ['flag', 'name']]]);
		expect((await poll(table, granted, g1.state)).changes).toEqual([]);
	});

	it('a record that starts matching the filters is an update, not a creation', async () => {
		const table = new FakeTable();
		table.insert({ flag: true });
		table.insert({ flag: false });
		const onlyActive: PageReader = (conditions, options) => {
			const inner = table.reader()(conditions, options);
			return {
				async *[Symbol.asyncIterator]() {
					for await (const page of inner) yield page.filter((row) => row.flag === true);
				},
			};
		};
		const input = { read: onlyActive, readUnfiltered: table.reader(), maxEvents: 10, isOwnChange: NOBODY };
		const armed = await pollSnapshot(PORTAL, { ...input, state: undefined });
		table.update(1001, { flag: true });
		const created = table.insert({ flag: true });
		const outcome = await pollSnapshot(PORTAL, { ...input, state: roundTrip(armed.state) });
		expect(outcome.changes.map((c) => [c.record.id, c.type, c.changedFields])).toEqual([
			[1001, 'updated', undefined],
			[created.id, 'created', undefined],
		]);
		// Created unfiltered, then moved into the filter: still a creation, one poll later.
		const late = table.insert({ flag: false });
		const quiet = await pollSnapshot(PORTAL, { ...input, state: roundTrip(outcome.state) });
		expect(quiet.changes).toEqual([]);
		table.update(late.id, { flag: true });
		const moved = await pollSnapshot(PORTAL, { ...input, state: roundTrip(quiet.state) });
		expect(moved.changes.map((c) => [c.record.id, c.type])).toEqual([[late.id, 'updated']]);
	});

	it('drains by the per-poll maximum and keeps left-over changes for the next poll', async () => {
		const table = new FakeTable();
		for (let i = 0; i < 100; i++) table.insert();
		let { state } = await poll(table, PORTAL, undefined);
		for (let i = 0; i < 100; i += 2) table.update(1000 + i);
		const ids: number[] = [];
		for (let i = 0; i < 3; i++) {
			const outcome = await poll(table, PORTAL, state, 20);
			ids.push(...outcome.changes.map((c) => c.record.id));
			state = outcome.state;
		}
		expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => 1000 + 2 * i));
		expect((await poll(table, PORTAL, state, 20)).changes).toEqual([]);
	});

	it('refuses more records than it can keep, with a message that says what to do', async () => {
		const table = new FakeTable();
		for (let i = 0; i <= SNAPSHOT_MAX_RECORDS; i++) table.insert();
		await expect(poll(table, PORTAL, undefined)).rejects.toThrow(/More than 20,000 ClientPortalUsers records/);
	});
});

describe('plan: strategy and fields from the live metadata', () => {
	const fieldsOf = (entity: string) => requireEntity(entity).fields;
	const planFor = (entity: string, event: TriggerEvent, changeTimestamp?: string) =>
		resolvePlan({ entity, event, fields: fieldsOf(entity), changeTimestamp });

	it.each([
		['Tickets', 'lastActivityDate', 'createDate'],
		['Companies', 'lastActivityDate', 'createDate'],
		['Contacts', 'lastActivityDate', 'createDate'],
		['TimeEntries', 'lastModifiedDateTime', 'createDateTime'],
		['Projects', 'lastActivityDateTime', 'createDateTime'],
		['Tasks', 'lastActivityDateTime', 'createDateTime'],
		['ConfigurationItems', 'lastModifiedTime', 'createDate'],
		['TicketNotes', 'lastActivityDate', 'createDateTime'],
	])('%s: changes by %s, creations by %s', (entity, modified, created) => {
		expect(planFor(entity, 'updated').detection).toMatchObject({ strategy: 'timestamp', versionField: modified });
		expect(planFor(entity, 'created').detection).toMatchObject({ strategy: 'timestamp', versionField: created });
		expect(planFor(entity, 'createdOrUpdated').detection).toMatchObject({ creationField: created, matchCreation: true });
	});

	it('entities without timestamps: snapshot for changes and flags, ascending id for creations', () => {
		expect(planFor('ClientPortalUsers', 'updated').detection.strategy).toBe('snapshot');
		expect(planFor('ClientPortalUsers', 'accessRevoked').detection).toMatchObject({
			strategy: 'snapshot',
			flag: { field: 'isClientPortalActive', on: 'accessGranted', off: 'accessRevoked' },
		});
		expect(planFor('ClientPortalUsers', 'created').detection.strategy).toBe('ascendingId');
		expect(planFor('Resources', 'activated').detection).toMatchObject({ strategy: 'snapshot', flag: { field: 'isActive' } });
		expect(planFor('Resources', 'updated').detection.strategy).toBe('snapshot'); // hireDate is no change timestamp
		expect(() => planFor('Tickets', 'accessGranted')).toThrow('not available for Tickets');
	});

	it('the change timestamp option picks another date/time field, and refuses anything else', () => {
		expect(planFor('Tickets', 'updated', 'lasttrackedmodificationdatetime').detection).toMatchObject({
			versionField: 'lastTrackedModificationDateTime',
		});
		expect(planFor('Companies', 'updated', 'lastTrackedModifiedDateTime').detection).toMatchObject({
			versionField: 'lastTrackedModifiedDateTime',
		});
		expect(() => planFor('Tickets', 'updated', 'title')).toThrow('"title" is not a queryable date/time field of Tickets');
	});

	it('knows who changed a record where the entity says so', () => {
		expect(planFor('Tickets', 'createdOrUpdated').actors).toEqual({
			created: { field: 'creatorResourceID', personTypeField: 'creatorType', impersonatorField: 'impersonatorCreatorResourceID' },
			updated: { field: 'lastActivityResourceID', personTypeField: 'lastActivityPersonType' },
		});
		expect(planFor('TimeEntries', 'updated').actors.updated).toEqual({
			field: 'lastModifiedUserID',
			impersonatorField: 'impersonatorUpdaterResourceID',
		});
		expect(planFor('Contacts', 'updated').actors.updated).toBeUndefined();
		expect(eventsFor('Resources')).toEqual(['created', 'updated', 'createdOrUpdated', 'activated', 'deactivated']);
	});

	it('recognises changes made through the credential, impersonating or not', () => {
		const identity = { resourceId: 5, impersonationResourceId: 9 };
		const withImpersonator = { field: 'lastModifiedUserID', impersonatorField: 'impersonatorUpdaterResourceID' };
		const record = (values: IDataObject) => ({ id: 1, ...values });
		expect(madeBy(record({ lastModifiedUserID: 5, impersonatorUpdaterResourceID: null }), withImpersonator, identity)).toBe(true);
		expect(madeBy(record({ lastModifiedUserID: 9, impersonatorUpdaterResourceID: 5 }), withImpersonator, identity)).toBe(true);
		expect(madeBy(record({ lastModifiedUserID: 9, impersonatorUpdaterResourceID: null }), withImpersonator, identity)).toBe(false);
		const ticket = { field: 'lastActivityResourceID', personTypeField: 'lastActivityPersonType' };
		expect(madeBy(record({ lastActivityResourceID: 9, lastActivityPersonType: 1 }), ticket, identity)).toBe(true);
		expect(madeBy(record({ lastActivityResourceID: 5, lastActivityPersonType: 2 }), ticket, identity)).toBe(false);
		expect(madeBy(record({ lastActivityResourceID: 7, lastActivityPersonType: 1 }), ticket, identity)).toBe(false);
	});
});
