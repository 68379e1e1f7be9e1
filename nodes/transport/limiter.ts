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
	 * be a function: it is asked again every time slots are handed out.
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
				limit: () => Math.max(1, Math.min(Math.floor(current()), this.capacity)),
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
 * processes"). A share is a whole number of threads once rounded down.
 *
 * - `initial` 1, then +1 per success until the first refusal: a process alone reaches 3 threads
 *   after two answers, while W processes starting together overshoot by about one thread instead
 *   of sending 3 x W requests into a limit of 3.
 * - `decreaseFactor` 2/3: a refusal means the processes together asked for one thread too many.
 *   3 -> 2 gives exactly that thread back and 2 -> 1.33 keeps one; being multiplicative, larger
 *   shares shrink more, so unequal shares even out. Halving would take 3 -> 1.5 (one thread) and
 *   leave two processes that both halve at 2 threads in total, a third of the limit unused.
 * - `increasePerSuccess` 1/300: after that, a process gains a thread per 300 successes. The fleet
 *   then sits at 3 threads and tries a fourth about every 300 to 450 requests it completes,
 *   whatever W is. Faster growth costs more refusals; slower growth leaves threads unused longer
 *   when another process stops. Measured refusal rates are in bench/RESULTS.md.
 * - `floor` 1: a process always makes progress; `ceiling`: Autotask's 3.
 */
export const ADAPTIVE_THREADS = {
	initial: 1,
	decreaseFactor: 2 / 3,
	increasePerSuccess: 1 / 300,
	floor: 1,
	ceiling: AUTOTASK_THREAD_LIMIT,
};

export type AdaptiveTuning = typeof ADAPTIVE_THREADS;

interface Share {
	/** Threads this process allows itself under the key (the whole part counts). */
	window: number;
	/** Bumped on every decrease; a refusal of a request sent before it was already answered. */
	epoch: number;
	/** No refusal seen yet: grow a thread per success. */
	probing: boolean;
}

/** A held thread; tell the limiter how the request went, then release it. */
export interface ThreadSlot {
	release(): void;
	/** Autotask answered (not with a thread refusal): the share may grow. */
	succeeded(): void;
	/** Autotask refused for the thread threshold: the share shrinks, once per overshoot. */
	refused(): void;
}

/**
 * This process's share of Autotask's thread limit per integration code and entity, learnt from
 * Autotask's answers (additive increase, multiplicative decrease): processes that share an
 * integration code and cannot talk to each other settle on about 3 threads in total.
 */
export class AdaptiveThreads {
	private readonly shares = new Map<string, Share>();

	private readonly limiter: KeyedLimiter;

	/** `adaptive: false` keeps every share at the ceiling (each process assumes it is alone). */
	constructor(
		private readonly tuning: AdaptiveTuning = ADAPTIVE_THREADS,
		private readonly adaptive = true,
	) {
		this.limiter = new KeyedLimiter(tuning.ceiling);
	}

	/** Waits for a thread under `key`, at most `maxInFlight` (a client's own cap) and the share. */
	async acquire(key: string, maxInFlight: number = this.tuning.ceiling): Promise<ThreadSlot> {
		const share = this.share(key);
		const sentInEpoch = share.epoch;
		const release = await this.limiter.acquire(key, () => Math.min(maxInFlight, wholeThreads(share.window)));
		return {
			release,
			succeeded: () => {
				if (share.window >= this.tuning.ceiling) return;
				const before = wholeThreads(share.window);
				const step = share.probing ? 1 : this.tuning.increasePerSuccess;
				share.window = Math.min(this.tuning.ceiling, share.window + step);
				if (wholeThreads(share.window) > before) this.limiter.wake(key);
			},
			refused: () => {
				if (!this.adaptive || share.epoch !== sentInEpoch) return;
				share.epoch++;
				share.probing = false;
				share.window = Math.max(this.tuning.floor, share.window * this.tuning.decreaseFactor);
			},
		};
	}

	/** Threads this process currently allows itself under `key`. */
	threads(key: string): number {
		return wholeThreads(this.share(key).window);
	}

	inFlight(key: string): number {
		return this.limiter.inFlight(key);
	}

	private share(key: string): Share {
		let share = this.shares.get(key);
		if (!share) {
			share = {
				window: this.adaptive ? this.tuning.initial : this.tuning.ceiling,
				epoch: 0,
				probing: true,
			};
			this.shares.set(key, share);
		}
		return share;
	}
}

/** Whole threads of a share, ignoring floating-point dust (300 steps of 1/300 make one thread). */
function wholeThreads(window: number): number {
	return Math.floor(window + 1e-6);
}

/** Shared by every node in this n8n process, so that together they stay under the thread limit. */
export const autotaskThreads = new AdaptiveThreads();
