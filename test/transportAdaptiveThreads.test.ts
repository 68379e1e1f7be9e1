import { AutotaskClient } from '../nodes/transport';
import { ADAPTIVE_THREADS, AdaptiveThreads } from '../nodes/transport/limiter';
import { createFakeContext } from './helpers/fakeContext';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

import type { ShareClock, ThreadSlot } from '../nodes/transport/limiter';

const settle = async () => {
	for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
};

/** A clock the test moves by hand; timers fire when it passes them. Random is fixed. */
class FakeClock implements ShareClock {
	private time = 10_000_000;

	private timers: Array<{ at: number; wake: () => void }> = [];

	/** `early`: timers fire this many ms before their time, as Node's may against the wall clock. */
	constructor(
		private readonly fixedRandom = 0,
		private readonly early = 0,
	) {}

	now(): number {
		return this.time;
	}

	setTimer(wake: () => void, ms: number): void {
		this.timers.push({ at: this.time + ms, wake });
	}

	random(): number {
		return this.fixedRandom;
	}

	nextTimer(): number | undefined {
		return this.timers.length ? Math.min(...this.timers.map((timer) => timer.at)) : undefined;
	}

	/** Moves to `time`, firing the timers due by then. */
	moveTo(time: number): void {
		this.time = Math.max(this.time, time);
		const due = this.timers.filter((timer) => timer.at - this.early <= this.time);
		this.timers = this.timers.filter((timer) => timer.at - this.early > this.time);
		due.forEach((timer) => timer.wake());
	}

	advance(ms: number): void {
		this.moveTo(this.time + ms);
	}

	/** The start of the next handover moment plus `after` ms. */
	toNextMoment(after: number, handoverMs: number): void {
		const moment = Math.floor(this.time / handoverMs) + 1;
		this.moveTo(moment * handoverMs + after);
	}
}

const LATENCY = 100;

/** One request under `key`: sent now, answered `LATENCY` ms later with `outcome`. */
async function answer(
	threads: AdaptiveThreads,
	clock: FakeClock,
	key: string,
	outcome: 'succeeded' | 'refused',
): Promise<void> {
	const slot = await threads.acquire(key);
	clock.advance(outcome === 'succeeded' ? LATENCY : 1);
	slot[outcome]();
	slot.release();
}

/**
 * Long moments for the step-by-step tests, so that a request held across a moment (which the
 * share counts as a slow answer) never pushes its latency estimate past the point the test acts at.
 */
const TUNING = { ...ADAPTIVE_THREADS, handoverMs: 10_000 };
const MID_MOMENT = 5_000;

interface Busy {
	held: ThreadSlot[];
	/** Two more requests waiting behind the held ones (demand for another thread). */
	queued: Array<Promise<ThreadSlot>>;
}

/** Fills the share under `key` and queues two more requests. */
async function occupy(threads: AdaptiveThreads, key: string): Promise<Busy> {
	const held = await Promise.all(Array.from({ length: threads.threads(key) }, async () => await threads.acquire(key)));
	return { held, queued: [threads.acquire(key), threads.acquire(key)] };
}

async function finish(busy: Busy): Promise<void> {
	for (const slot of busy.held) {
		slot.succeeded();
		slot.release();
	}
	for (const queued of busy.queued) {
		const slot = await queued;
		slot.succeeded();
		slot.release();
	}
}

describe('AdaptiveThreads', () => {
	it('alone: grows to 2 per success, takes the third thread startTakeAfterMs after it started and never gives it back', async () => {
		const clock = new FakeClock();
		const threads = new AdaptiveThreads(TUNING, true, clock);
		expect(threads.threads('k')).toBe(1);
		await answer(threads, clock, 'k', 'succeeded');
		expect(threads.threads('k')).toBe(2);
		const early = await occupy(threads, 'k');
		clock.advance(TUNING.startTakeAfterMs - LATENCY - 1);
		await finish(early);
		expect(threads.threads('k')).toBe(2);
		const settled = await occupy(threads, 'k');
		clock.advance(1);
		await finish(settled);
		expect(threads.threads('k')).toBe(3);
		for (let moment = 0; moment < 10; moment++) {
			const busy = await occupy(threads, 'k');
			clock.toNextMoment(MID_MOMENT, TUNING.handoverMs);
			await finish(busy);
			expect(threads.threads('k')).toBe(3);
		}
		expect(threads.threads('other')).toBe(1);
	});

	it('does not take a thread at a moment when nothing is waiting for one', async () => {
		const clock = new FakeClock();
		const threads = new AdaptiveThreads(TUNING, true, clock);
		await answer(threads, clock, 'k', 'succeeded');
		clock.toNextMoment(MID_MOMENT, TUNING.handoverMs);
		await answer(threads, clock, 'k', 'succeeded');
		expect(threads.threads('k')).toBe(2);
	});

	it('lowers the share by one per overshoot: refusals of requests sent before the decrease do not count again', async () => {
		const clock = new FakeClock();
		const threads = new AdaptiveThreads(TUNING, true, clock);
		await answer(threads, clock, 'k', 'succeeded');
		const slots = await Promise.all([threads.acquire('k'), threads.acquire('k')]);
		slots.forEach((slot) => slot.refused());
		slots.forEach((slot) => slot.release());
		expect(threads.threads('k')).toBe(1);
		await answer(threads, clock, 'k', 'succeeded');
		expect(threads.threads('k')).toBe(1);
	});

	it('having been refused, gives a thread back at a moment, takes one at the next, and so on', async () => {
		const clock = new FakeClock();
		const threads = new AdaptiveThreads(TUNING, true, clock);
		await answer(threads, clock, 'k', 'succeeded');
		const two = await Promise.all([threads.acquire('k'), threads.acquire('k')]);
		two[0].succeeded();
		two[1].refused();
		two.forEach((slot) => slot.release());
		expect(threads.threads('k')).toBe(1);
		const seen: number[] = [];
		for (let moment = 0; moment < 5; moment++) {
			const busy = await occupy(threads, 'k');
			clock.toNextMoment(MID_MOMENT, TUNING.handoverMs);
			await finish(busy);
			seen.push(threads.threads('k'));
		}
		expect(seen).toEqual([2, 1, 2, 1, 2]);
	});

	it('stops giving threads back once its last refusal is older than sharingMs', async () => {
		const clock = new FakeClock();
		const threads = new AdaptiveThreads(TUNING, true, clock);
		await answer(threads, clock, 'k', 'succeeded');
		await answer(threads, clock, 'k', 'refused');
		clock.advance(TUNING.sharingMs);
		const seen: number[] = [];
		for (let moment = 0; moment < 3; moment++) {
			const busy = await occupy(threads, 'k');
			clock.toNextMoment(MID_MOMENT, TUNING.handoverMs);
			await finish(busy);
			seen.push(threads.threads('k'));
		}
		expect(seen).toEqual([2, 3, 3]);
	});

	it('a refused take gives the thread back and waits 1, 1 to 2, 1 to 4 ... moments before the next take', async () => {
		const clock = new FakeClock(0.99);
		const threads = new AdaptiveThreads(TUNING, true, clock);
		await answer(threads, clock, 'k', 'succeeded');
		const two = await Promise.all([threads.acquire('k'), threads.acquire('k')]);
		two[0].succeeded();
		two[1].refused();
		two.forEach((slot) => slot.release());
		const taken: boolean[] = [];
		for (let moment = 0; moment < 9; moment++) {
			const busy = await occupy(threads, 'k');
			clock.toNextMoment(MID_MOMENT, TUNING.handoverMs);
			busy.held[0].succeeded();
			busy.held[0].release();
			taken.push(threads.threads('k') === 2);
			// Every take is refused: two other processes hold a thread each and never give one.
			const extra = await busy.queued[0];
			if (threads.threads('k') === 2) extra.refused();
			else extra.succeeded();
			extra.release();
			await finish({ held: [], queued: busy.queued.slice(1) });
			expect(threads.threads('k')).toBe(1);
		}
		// Random 0.99 picks the longest wait each time: 1, 2 and 4 moments.
		expect(taken).toEqual([true, true, false, true, false, false, false, true, false]);
	});

	it('refused at its floor, holds every request until one latency after the next moment, and does not take then', async () => {
		const clock = new FakeClock();
		const threads = new AdaptiveThreads(TUNING, true, clock);
		await answer(threads, clock, 'k', 'refused');
		expect(threads.threads('k')).toBe(1);
		let granted = false;
		const held = threads.acquire('k').then((slot) => {
			granted = true;
			return slot;
		});
		await settle();
		expect(granted).toBe(false);
		const wakeAt = clock.nextTimer() as number;
		expect(wakeAt % TUNING.handoverMs).toBe(TUNING.initialLatencyMs);
		clock.moveTo(wakeAt - 1);
		await settle();
		expect(granted).toBe(false);
		clock.moveTo(wakeAt);
		await settle();
		expect(granted).toBe(true);
		const waiting = threads.acquire('k');
		clock.advance(MID_MOMENT);
		const slot = await held;
		slot.succeeded();
		slot.release();
		expect(threads.threads('k')).toBe(1);
		(await waiting).release();
	});

	it('a hold whose timer fires a millisecond early still ends: nothing waits forever', async () => {
		const clock = new FakeClock(0.5, 1);
		const threads = new AdaptiveThreads(TUNING, true, clock);
		const slot = await threads.acquire('k');
		slot.refused();
		slot.release();
		let granted = false;
		const held = threads.acquire('k').then((next) => {
			granted = true;
			return next;
		});
		const wakeAt = clock.nextTimer() as number;
		clock.moveTo(wakeAt - 1);
		await settle();
		expect(granted).toBe(true);
		(await held).release();
	});

	it('with adaptation off starts at 3 and never changes', async () => {
		const clock = new FakeClock();
		const fixed = new AdaptiveThreads(TUNING, false, clock);
		expect(fixed.threads('k')).toBe(3);
		await answer(fixed, clock, 'k', 'refused');
		clock.toNextMoment(MID_MOMENT, TUNING.handoverMs);
		await answer(fixed, clock, 'k', 'succeeded');
		expect(fixed.threads('k')).toBe(3);
	});

	it('respects a client cap below the share', async () => {
		const threads = new AdaptiveThreads(TUNING, true, new FakeClock());
		const first = await threads.acquire('k', 1);
		first.succeeded();
		let granted = false;
		const second = threads.acquire('k', 1).then((slot) => {
			granted = true;
			return slot;
		});
		await settle();
		expect(threads.threads('k')).toBe(2);
		expect(granted).toBe(false);
		first.release();
		(await second).release();
		expect(granted).toBe(true);
	});
});

/**
 * Processes with their own AdaptiveThreads sharing one fake clock and one Autotask that refuses a
 * request arriving while 3 are in flight; every answer takes LATENCY ms. Each process keeps
 * `itemsAtOnce` requests wanting a thread until its `work` is done. Deterministic: events run in
 * time order, promises settle between them.
 */
async function fleet(works: number[], itemsAtOnce = 18): Promise<{ refusals: number; finishedAt: number[]; peak: number; busy: number }> {
	const clock = new FakeClock(0.5);
	const events: Array<{ at: number; run: () => void }> = [];
	const processes = works.map(() => new AdaptiveThreads(ADAPTIVE_THREADS, true, clock));
	const startedAt = clock.now();
	let inFlight = 0;
	let peak = 0;
	let refusals = 0;
	let busy = 0;
	let lastChange = clock.now();
	const account = () => {
		busy += inFlight * (clock.now() - lastChange);
		lastChange = clock.now();
	};
	const finishedAt = works.map(() => 0);
	const remaining = [...works];
	const runProcess = async (index: number) => {
		await Promise.all(
			Array.from({ length: itemsAtOnce }, async () => {
				while (remaining[index] > 0) {
					remaining[index]--;
					for (;;) {
						const slot = await processes[index].acquire('Tickets');
						account();
						const accepted = inFlight < 3;
						if (accepted) inFlight++;
						peak = Math.max(peak, inFlight);
						const done = new Promise<void>((resolve) =>
							events.push({ at: clock.now() + (accepted ? LATENCY : 1), run: resolve }),
						);
						await done;
						account();
						if (accepted) inFlight--;
						if (accepted) slot.succeeded();
						else {
							refusals++;
							slot.refused();
						}
						slot.release();
						if (accepted) break;
						// The retry policy's first jittered backoff: half of 500 ms.
						await new Promise<void>((resolve) => events.push({ at: clock.now() + 250, run: resolve }));
					}
				}
				finishedAt[index] = Math.max(finishedAt[index], clock.now() - startedAt);
			}),
		);
	};
	const all = Promise.all(works.map(async (_, index) => await runProcess(index)));
	let finished = false;
	void all.then(() => (finished = true));
	await settle();
	while (!finished) {
		const timerAt = clock.nextTimer();
		events.sort((a, b) => a.at - b.at);
		const next = events[0];
		if (timerAt !== undefined && (!next || timerAt <= next.at)) {
			clock.moveTo(timerAt);
		} else if (next) {
			events.shift();
			clock.moveTo(next.at);
			next.run();
		} else {
			throw new Error('the fleet stalled: requests wait and nothing will wake them');
		}
		await settle();
	}
	account();
	return { refusals, finishedAt, peak, busy: busy / (clock.now() - startedAt) };
}

describe('processes sharing one integration code (simulated time)', () => {
	it('a process alone keeps 3 threads busy', async () => {
		const run = await fleet([450]);
		expect(run.refusals).toBe(0);
		// 2 threads until the first moment, 3 after it.
		expect(run.busy).toBeGreaterThan(2.8);
	}, 60_000);

	it('two processes with equal work hand the spare thread back and forth: few refusals, 3 in total, they finish together', async () => {
		const run = await fleet([450, 450]);
		expect(run.refusals).toBeLessThanOrEqual(9);
		expect(run.busy).toBeGreaterThan(2.8);
		expect(Math.abs(run.finishedAt[0] - run.finishedAt[1])).toBeLessThanOrEqual(2 * ADAPTIVE_THREADS.handoverMs);
	}, 60_000);

	it('three processes settle on one thread each', async () => {
		const run = await fleet([300, 300, 300]);
		expect(run.refusals).toBeLessThanOrEqual(27);
		expect(run.busy).toBeGreaterThan(2.7);
	}, 60_000);
});

describe('two processes sharing one integration code', () => {
	const sim = useSimulator({
		seed: 'small',
		threadLimit: 3,
		latencyMs: 30,
		retries: { baseDelayMs: 50, maxDelayMs: 400, maxTotalMs: 60_000 },
	});

	async function processClient(adaptive: boolean): Promise<AutotaskClient> {
		const { ctx } = createFakeContext({ ...credentialsFor(sim()).autotaskUserApi, customBaseUrl: '' });
		const client = await AutotaskClient.forContext(ctx, { threads: new AdaptiveThreads(ADAPTIVE_THREADS, adaptive) });
		await client.zone();
		return client;
	}

	it('writes 300 updates through real HTTP, each applied exactly once, never more than 3 in flight, few refused', async () => {
		const before = new Set(sim().store.all('Tickets').map((ticket) => Number(ticket.id)));
		sim().seedLarge('Tickets', 300);
		const tickets = sim()
			.store.all('Tickets')
			.map((ticket) => Number(ticket.id))
			.filter((id) => !before.has(id));
		expect(tickets).toHaveLength(300);
		const clients = [await processClient(true), await processClient(true)];
		sim().resetCounters();
		const logStart = sim().store.changeLog.length;

		// Each "process" runs 6 items at once, as a node does: 12 requests want 3 threads.
		const writes = tickets.map((ticket, index) => ({ index, ticket }));
		await Promise.all(
			clients.map(async (client, process) => {
				const mine = writes.filter((write) => write.index % 2 === process);
				let next = 0;
				await Promise.all(
					Array.from({ length: 6 }, async () => {
						while (next < mine.length) {
							const write = mine[next++];
							await client.update({ entity: 'Tickets' }, { id: write.ticket, description: `write ${write.index}` });
						}
					}),
				);
			}),
		);

		const updated = sim()
			.store.changeLog.slice(logStart)
			.filter((entry) => entry.entity === 'Tickets' && entry.type === 'update')
			.map((entry) => entry.id)
			.sort((a, b) => a - b);
		expect(updated).toEqual([...tickets].sort((a, b) => a - b));
		for (const write of writes) expect(sim().store.get('Tickets', write.ticket)?.description).toBe(`write ${write.index}`);
		// Real time on a shared machine: the refusal figures are measured by bench:queue, and the
		// rules by the simulated-time fleet above; this only guards against a fixed share's ~50 %.
		expect(sim().counters.threadRejections).toBeLessThanOrEqual(15);
		expect(Math.max(...Object.values(sim().counters.maxInFlight))).toBeLessThanOrEqual(3);
	});
});
