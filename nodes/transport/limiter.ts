/** Autotask's thread limit: simultaneous requests per API tracking identifier and entity endpoint. */
export const AUTOTASK_THREAD_LIMIT = 3;

interface Waiter {
	limit: number;
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

	/** Waits for a slot under `key`; call the returned function exactly once to free it. */
	async acquire(key: string, limit: number = this.capacity): Promise<() => void> {
		let bucket = this.buckets.get(key);
		if (!bucket) {
			bucket = { inFlight: 0, queue: [] };
			this.buckets.set(key, bucket);
		}
		const owner = bucket;
		await new Promise<void>((resolve) => {
			owner.queue.push({ limit: Math.max(1, Math.min(limit, this.capacity)), grant: resolve });
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

	private drain(bucket: Bucket): void {
		while (bucket.queue.length > 0 && bucket.inFlight < bucket.queue[0].limit) {
			const waiter = bucket.queue.shift() as Waiter;
			bucket.inFlight++;
			waiter.grant();
		}
	}
}

/** Shared by every node in this n8n process, so that together they stay under the thread limit. */
export const autotaskThreads = new KeyedLimiter(AUTOTASK_THREAD_LIMIT);
