import type { SimClock } from './clock';

const WINDOW_MS = 60 * 60_000;

/**
 * Autotask's hourly threshold: requests from all users and integrations of the tenant count in a
 * rolling 60-minute window (on the simulator clock, so tests can move past it).
 */
export class HourlyThreshold {
	/** Sim-clock times of admitted requests, oldest first; entries before `head` have expired. */
	private readonly times: number[] = [];
	private head = 0;

	constructor(
		private readonly clock: SimClock,
		public limit: number,
	) {}

	/**
	 * Replaces the window's contents with `count` requests spread evenly over the last 60 minutes,
	 * as steady use by other integrations leaves it: room then returns one request at a time.
	 */
	setUsage(count: number): void {
		const now = this.clock.now().getTime();
		this.times.length = 0;
		this.head = 0;
		for (let index = 1; index <= count; index++) this.times.push(now - WINDOW_MS + (index * WINDOW_MS) / (count + 1));
	}

	/** Records the request if the window has room; false when the threshold is reached. */
	admit(): boolean {
		const now = this.clock.now().getTime();
		if (this.countAt(now) >= this.limit) return false;
		this.times.push(now);
		return true;
	}

	count(): number {
		return this.countAt(this.clock.now().getTime());
	}

	private countAt(now: number): number {
		while (this.head < this.times.length && this.times[this.head] <= now - WINDOW_MS) this.head++;
		// Drop expired entries now and then, so a long run does not keep every request time.
		if (this.head > 10_000) {
			this.times.splice(0, this.head);
			this.head = 0;
		}
		return this.times.length - this.head;
	}
}

/**
 * Autotask's thread limit: at most `limit` concurrent requests per integration code and entity
 * endpoint. A request over the limit is rejected at once, not queued.
 */
export class ThreadLimiter {
	private readonly inFlight = new Map<string, number>();

	constructor(readonly limit: number) {}

	inFlightOf(bucket: string): number {
		return this.inFlight.get(bucket) ?? 0;
	}

	/** Returns the release function, or undefined when the bucket is full. */
	tryAcquire(bucket: string): (() => void) | undefined {
		const current = this.inFlightOf(bucket);
		if (current >= this.limit) return undefined;
		this.inFlight.set(bucket, current + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.inFlight.set(bucket, this.inFlightOf(bucket) - 1);
		};
	}
}
