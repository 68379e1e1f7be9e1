import { sleep } from 'n8n-workflow';

/** Autotask's thread limit: simultaneous requests per API tracking identifier and entity endpoint. */
export const AUTOTASK_THREAD_LIMIT = 3;

interface Waiter {
	/** Read when the waiter reaches the head of the queue, so a limit lowered meanwhile applies. */
	limit: () => number;
	grant: () => void;
}

interface Bucket {
	inFlight: number;
	queue: Waiter[];
}

/**
 * Counting semaphores by key, first come first served. A waiter may ask for a lower limit than the
 * bucket's capacity; it is then granted only while fewer than that many are in flight (and, to stay
 * fair, holds up the waiters behind it until then).
 */
export class KeyedLimiter {
	private readonly buckets = new Map<string, Bucket>();

	constructor(private readonly capacity: number) {}

	/**
	 * Waits for a slot under `key`; call the returned function exactly once to free it. `limit` may
	 * be a function: it is asked again every time slots are handed out; 0 holds every waiter until
	 * `wake` finds it raised.
	 */
	async acquire(key: string, limit: number | (() => number) = this.capacity): Promise<() => void> {
		let bucket = this.buckets.get(key);
		if (!bucket) {
			bucket = { inFlight: 0, queue: [] };
			this.buckets.set(key, bucket);
		}
		const owner = bucket;
		const current = typeof limit === 'function' ? limit : () => limit;
		await new Promise<void>((resolve) => {
			owner.queue.push({
				limit: () => Math.max(0, Math.min(Math.floor(current()), this.capacity)),
				grant: resolve,
			});
			this.drain(owner);
		});
		let released = false;
		return () => {
			if (released) return;
			released = true;
			owner.inFlight--;
			this.drain(owner);
			if (owner.inFlight === 0 && owner.queue.length === 0) this.buckets.delete(key);
		};
	}

	/** Requests waiting for a slot under `key`. */
	waiting(key: string): number {
		return this.buckets.get(key)?.queue.length ?? 0;
	}

	/** Requests currently holding a slot under `key`. */
	inFlight(key: string): number {
		return this.buckets.get(key)?.inFlight ?? 0;
	}

	/** Hands out slots again under `key`, after the limit its waiters ask for has been raised. */
	wake(key: string): void {
		const bucket = this.buckets.get(key);
		if (bucket) this.drain(bucket);
	}

	private drain(bucket: Bucket): void {
		while (bucket.queue.length > 0 && bucket.inFlight < bucket.queue[0].limit()) {
			const waiter = bucket.queue.shift() as Waiter;
			bucket.inFlight++;
			waiter.grant();
		}
	}
}

/**
 * How a process adapts its share of the thread limit (see docs/ARCHITECTURE.md, "Limits across
 * processes"). Processes cannot talk to each other; they share Autotask's answers and the wall
 * clock, so the share changes hands at "handover moments", every `handoverMs` of wall-clock time
 * (multiples of it since the epoch, the same instants in every process whose clock is set by NTP).
 *
 * - `initial` 1, then +1 per success up to `startCeiling` 2 until the first refusal: two processes
 *   starting together ask for 4 threads, one refusal settles them on 2 + 1. A process still never
 *   refused takes its third thread `startTakeAfterMs` (500 ms) after it started, time enough for
 *   that refusal to arrive (several round trips), so a process is not at 3 before it could learn of
 *   others (one that slow-started to 3 held all three and starved the other, which, at its floor,
 *   was refused on every try while the holder never was). Not at the next moment: a short run
 *   alone would spend up to 2 s at 2 threads.
 * - At a moment, a process that holds 2 or 3 threads and saw a refusal in the last `sharingMs`
 *   (others share the limit) gives one back, at most every other moment. A process that did not
 *   give one back at this moment, is below 3 and has requests waiting takes one, one latency (its
 *   own, smoothed) after the moment: by then the giver has had an answer and not sent again.
 *   Two processes thus alternate 2 + 1 and 1 + 2 without a refusal and finish equal work together;
 *   a process alone never gives (it is never refused). `sharingMs` 60 s: in a quiet alternation nobody is refused, so after it both stop
 *   giving, take at the same moment, one take is refused and the alternation starts again (about
 *   one refusal per minute); the price is that a process whose partner stopped keeps handing its
 *   spare thread to nobody every other moment for at most that long. 15 and 20 s were measured too short:
 *   the processes lost the rhythm in mid-run, and a simultaneous take could leave one at 3 and the
 *   other starved at its floor (bench/RESULTS.md).
 * - A refused take gives the thread back and waits 1, 1-2, 1-4 ... up to 1-`maxTakeBackoffMoments`
 *   moments (random) before the next take, so three processes at 1 thread each (nothing to hand
 *   over) do not all try at every moment.
 * - Any other refusal lowers the share by one (3 -> 2 is exactly the thread too many), once per
 *   overshoot: refusals of requests sent before the share last changed do not lower it again. A
 *   refusal at the floor means the others hold all 3 threads: the process sends nothing more until
 *   one latency after the next moment, when they may have given one back (waiting costs the fleet
 *   no throughput while they hold three), and does not take at that moment. (A hold of one
 *   latency, doubled per further refusal, was measured too: 3 processes were refused more, 3 to
 *   5 %, and finished no sooner; bench/RESULTS.md.)
 * - `floor` 1: a process always makes progress; `ceiling`: Autotask's 3.
 */
export const ADAPTIVE_THREADS = {
	initial: 1,
	startCeiling: 2,
	startTakeAfterMs: 500,
	floor: 1,
	ceiling: AUTOTASK_THREAD_LIMIT,
	handoverMs: 2_000,
	sharingMs: 60_000,
	maxTakeBackoffMoments: 8,
	/** Latency assumed before this process has measured one (the take waits this long after a moment). */
	initialLatencyMs: 250,
};

export type AdaptiveTuning = typeof ADAPTIVE_THREADS;

/** Time for the thread share; tests give a fake one. */
export interface ShareClock {
	now(): number;
	/** Calls `wake` after `ms` (used only to end a hold, when no answer would arrive to do it). */
	setTimer(wake: () => void, ms: number): void;
	random(): number;
}

const systemClock: ShareClock = {
	now: () => Date.now(),
	// A pending timer (not unref'd): a process whose every request waits for the hold must not exit.
	setTimer: (wake, ms) => {
		void sleep(ms).then(wake);
	},
	random: Math.random,
};

interface Share {
	/** Threads this process allows itself under the key. */
	threads: number;
	/** No refusal seen yet: grow a thread per success up to `startCeiling`. */
	starting: boolean;
	/** Bumped on every change of `threads`; answers to requests sent before it are not counted. */
	epoch: number;
	lastRefusalAt: number;
	createdAt: number;
	/** The moment (wall clock / handoverMs) this process last gave a thread back at. */
	gaveAt: number;
	/** Moments already handled, for giving and for taking. */
	giveChecked: number;
	takeChecked: number;
	/** A take waiting for its verdict: the epoch it opened and how many of its requests succeeded. */
	take?: { epoch: number; successes: number };
	refusedTakes: number;
	nextTakeAt: number;
	/** After a refusal at the floor, nothing is sent before this time. */
	holdUntil: number;
	/** Counts holds, so that only the latest one's timer ends it. */
	holds: number;
	/** Smoothed time from sending to an answer, ms. */
	latencyMs: number;
}

/** A held thread; tell the limiter how the request went, then release it. */
export interface ThreadSlot {
	release(): void;
	/** Autotask answered (not with a thread refusal). */
	succeeded(): void;
	/** Autotask refused for the thread threshold. */
	refused(): void;
}

/**
 * This process's share of Autotask's thread limit per integration code and entity, learnt from
 * Autotask's answers and handed over at wall-clock moments: processes that share an integration
 * code and cannot talk to each other settle on 3 threads in total and take turns with the spare one.
 */
export class AdaptiveThreads {
	private readonly shares = new Map<string, Share>();

	private readonly limiter: KeyedLimiter;

	/** `adaptive: false` keeps every share at the ceiling (each process assumes it is alone). */
	constructor(
		private readonly tuning: AdaptiveTuning = ADAPTIVE_THREADS,
		private readonly adaptive = true,
		private readonly clock: ShareClock = systemClock,
	) {
		this.limiter = new KeyedLimiter(tuning.ceiling);
	}

	/** Waits for a thread under `key`, at most `maxInFlight` (a client's own cap) and the share. */
	async acquire(key: string, maxInFlight: number = this.tuning.ceiling): Promise<ThreadSlot> {
		const share = this.share(key);
		this.handOver(key, share);
		const release = await this.limiter.acquire(key, () =>
			this.clock.now() < share.holdUntil ? 0 : Math.min(maxInFlight, share.threads),
		);
		const sentInEpoch = share.epoch;
		const sentAt = this.clock.now();
		return {
			release: () => {
				release();
				this.handOver(key, share);
			},
			succeeded: () => {
				if (!this.adaptive) return;
				share.latencyMs = 0.8 * share.latencyMs + 0.2 * (this.clock.now() - sentAt);
				if (sentInEpoch !== share.epoch) return;
				if (share.take && share.take.epoch === sentInEpoch && ++share.take.successes >= share.threads) {
					share.take = undefined;
					share.refusedTakes = 0;
				}
				if (share.starting && share.threads < this.tuning.startCeiling) {
					share.threads++;
					this.limiter.wake(key);
				}
			},
			refused: () => {
				if (!this.adaptive || sentInEpoch !== share.epoch) return;
				this.refuse(key, share);
			},
		};
	}

	/** Threads this process currently allows itself under `key`. */
	threads(key: string): number {
		return this.share(key).threads;
	}

	inFlight(key: string): number {
		return this.limiter.inFlight(key);
	}

	private refuse(key: string, share: Share): void {
		const now = this.clock.now();
		const atFloor = share.threads <= this.tuning.floor && !share.take;
		share.epoch++;
		share.starting = false;
		share.lastRefusalAt = now;
		share.threads = Math.max(this.tuning.floor, share.threads - 1);
		if (share.take) {
			share.take = undefined;
			share.refusedTakes++;
			const spread = Math.min(this.tuning.maxTakeBackoffMoments, 2 ** (share.refusedTakes - 1));
			share.nextTakeAt = this.moment(now) + 1 + Math.floor(this.clock.random() * spread);
		}
		if (atFloor) {
			share.nextTakeAt = Math.max(share.nextTakeAt, this.moment(now) + 2);
			share.holdUntil = (this.moment(now) + 1) * this.tuning.handoverMs + share.latencyMs;
			const latest = ++share.holds;
			// The timer ends the hold itself: a timer may fire a millisecond before the wall clock
			// reaches holdUntil, and nothing else would wake a process whose every request waits.
			this.clock.setTimer(() => {
				if (share.holds === latest) share.holdUntil = Number.NEGATIVE_INFINITY;
				this.limiter.wake(key);
			}, share.holdUntil - now);
		}
	}

	/** Gives a thread back or takes one, once per moment each (see ADAPTIVE_THREADS). */
	private handOver(key: string, share: Share): void {
		if (!this.adaptive) return;
		const now = this.clock.now();
		const moment = this.moment(now);
		if (moment > share.giveChecked) {
			share.giveChecked = moment;
			const sharing = now - share.lastRefusalAt < this.tuning.sharingMs;
			if (sharing && share.threads >= 2 && share.gaveAt !== moment - 1 && !share.take) {
				share.threads--;
				share.epoch++;
				share.gaveAt = moment;
			}
		}
		const waiting = () => this.limiter.waiting(key) > 0;
		if (share.starting) {
			// Never refused, so alone as far as it knows: no moment to wait for, only long enough at 2
			// threads for the slow start's refusal to arrive if others started with it.
			const settled = now - share.createdAt >= this.tuning.startTakeAfterMs;
			if (settled && share.threads >= this.tuning.startCeiling && share.threads < this.tuning.ceiling && !share.take && waiting()) {
				share.takeChecked = moment;
				this.take(key, share);
			}
			return;
		}
		if (moment > share.takeChecked && now >= moment * this.tuning.handoverMs + share.latencyMs) {
			share.takeChecked = moment;
			if (share.gaveAt !== moment && share.threads < this.tuning.ceiling && moment >= share.nextTakeAt && waiting()) {
				this.take(key, share);
			}
		}
	}

	private take(key: string, share: Share): void {
		share.threads++;
		share.epoch++;
		share.take = { epoch: share.epoch, successes: 0 };
		this.limiter.wake(key);
	}

	private moment(now: number): number {
		return Math.floor(now / this.tuning.handoverMs);
	}

	private share(key: string): Share {
		let share = this.shares.get(key);
		if (!share) {
			const moment = this.moment(this.clock.now());
			share = {
				threads: this.adaptive ? this.tuning.initial : this.tuning.ceiling,
				starting: true,
				epoch: 0,
				lastRefusalAt: Number.NEGATIVE_INFINITY,
				createdAt: this.clock.now(),
				gaveAt: Number.NEGATIVE_INFINITY,
				giveChecked: moment,
				// Not in the moment the share is created: processes starting together learn of each
				// other from the slow start's refusal before anyone takes the third thread.
				takeChecked: moment,
				refusedTakes: 0,
				nextTakeAt: moment,
				holdUntil: Number.NEGATIVE_INFINITY,
				holds: 0,
				latencyMs: this.tuning.initialLatencyMs,
			};
			this.shares.set(key, share);
		}
		return share;
	}
}

/** Shared by every node in this n8n process, so that together they stay under the thread limit. */
export const autotaskThreads = new AdaptiveThreads();
