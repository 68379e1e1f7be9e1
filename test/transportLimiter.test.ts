import { KeyedLimiter } from '../nodes/transport/limiter';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('KeyedLimiter', () => {
	it('never lets more than the capacity in flight per key, and keys are independent', async () => {
		const limiter = new KeyedLimiter(3);
		let inFlight = 0;
		let peak = 0;
		const work = async (key: string) => {
			const release = await limiter.acquire(key);
			inFlight++;
			peak = Math.max(peak, inFlight);
			await tick();
			inFlight--;
			release();
		};
		await Promise.all(Array.from({ length: 50 }, async () => await work('Tickets')));
		expect(peak).toBe(3);

		const a = await Promise.all([limiter.acquire('A'), limiter.acquire('A'), limiter.acquire('A')]);
		const b = await limiter.acquire('B');
		expect(limiter.inFlight('A')).toBe(3);
		expect(limiter.inFlight('B')).toBe(1);
		[...a, b].forEach((release) => release());
		expect(limiter.inFlight('A')).toBe(0);
	});

	it('grants in arrival order (FIFO)', async () => {
		const limiter = new KeyedLimiter(1);
		const order: number[] = [];
		const first = await limiter.acquire('k');
		const waiters = [1, 2, 3, 4].map(async (n) => {
			const release = await limiter.acquire('k');
			order.push(n);
			await tick();
			release();
		});
		first();
		await Promise.all(waiters);
		expect(order).toEqual([1, 2, 3, 4]);
	});

	it('honours a lower per-request limit without starving anyone', async () => {
		const limiter = new KeyedLimiter(3);
		const held = await Promise.all([limiter.acquire('k'), limiter.acquire('k')]);
		let granted = false;
		const pending = limiter.acquire('k', 1).then((release) => {
			granted = true;
			return release;
		});
		await tick();
		expect(granted).toBe(false);
		held[0]();
		await tick();
		expect(granted).toBe(false);
		held[1]();
		await tick();
		expect(granted).toBe(true);
		(await pending)();
	});

	it('ignores a second release', async () => {
		const limiter = new KeyedLimiter(2);
		const release = await limiter.acquire('k');
		const other = await limiter.acquire('k');
		release();
		release();
		expect(limiter.inFlight('k')).toBe(1);
		other();
	});
});
