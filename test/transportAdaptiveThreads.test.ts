import { AutotaskClient } from '../nodes/transport';
import { ADAPTIVE_THREADS, AdaptiveThreads } from '../nodes/transport/limiter';
import { createFakeContext } from './helpers/fakeContext';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

async function answer(threads: AdaptiveThreads, key: string, outcome: 'succeeded' | 'refused'): Promise<void> {
	const slot = await threads.acquire(key);
	slot[outcome]();
	slot.release();
}

describe('AdaptiveThreads', () => {
	it('starts at one thread and gains one per success up to 3 while nothing was refused', async () => {
		const threads = new AdaptiveThreads();
		expect(threads.threads('k')).toBe(1);
		await answer(threads, 'k', 'succeeded');
		expect(threads.threads('k')).toBe(2);
		await answer(threads, 'k', 'succeeded');
		await answer(threads, 'k', 'succeeded');
		expect(threads.threads('k')).toBe(3);
		expect(threads.threads('other')).toBe(1);
	});

	it('shrinks by a third on a refusal, down to 1, then grows one thread per 300 successes', async () => {
		const threads = new AdaptiveThreads();
		for (let success = 0; success < 2; success++) await answer(threads, 'k', 'succeeded');
		await answer(threads, 'k', 'refused');
		expect(threads.threads('k')).toBe(2);
		await answer(threads, 'k', 'refused');
		expect(threads.threads('k')).toBe(1);
		await answer(threads, 'k', 'refused');
		expect(threads.threads('k')).toBe(1);
		await answer(threads, 'k', 'refused');
		for (let success = 0; success < 299; success++) await answer(threads, 'k', 'succeeded');
		expect(threads.threads('k')).toBe(1);
		await answer(threads, 'k', 'succeeded');
		expect(threads.threads('k')).toBe(2);
	});

	it('counts one overshoot once: refusals of requests sent before the decrease do not shrink it again', async () => {
		const threads = new AdaptiveThreads();
		for (let success = 0; success < 2; success++) await answer(threads, 'k', 'succeeded');
		const slots = await Promise.all([threads.acquire('k'), threads.acquire('k'), threads.acquire('k')]);
		slots.forEach((slot) => slot.refused());
		slots.forEach((slot) => slot.release());
		expect(threads.threads('k')).toBe(2);
	});

	it('holds requests beyond the share until successes raise it', async () => {
		const threads = new AdaptiveThreads({ ...ADAPTIVE_THREADS, increasePerSuccess: 1 / 4 });
		await answer(threads, 'k', 'refused');
		expect(threads.threads('k')).toBe(1);
		const held = await threads.acquire('k');
		let secondGranted = false;
		const second = threads.acquire('k').then((slot) => {
			secondGranted = true;
			return slot;
		});
		for (let success = 0; success < 3; success++) held.succeeded();
		await tick();
		expect(secondGranted).toBe(false);
		held.succeeded();
		await tick();
		expect(secondGranted).toBe(true);
		expect(threads.inFlight('k')).toBe(2);
		held.release();
		(await second).release();
	});

	it('respects a client cap below the share', async () => {
		const threads = new AdaptiveThreads();
		for (let success = 0; success < 2; success++) await answer(threads, 'k', 'succeeded');
		const first = await threads.acquire('k', 1);
		let granted = false;
		const second = threads.acquire('k', 1).then((slot) => {
			granted = true;
			return slot;
		});
		await tick();
		expect(granted).toBe(false);
		first.release();
		(await second).release();
		expect(granted).toBe(true);
	});

	it('with adaptation off starts at 3 and never shrinks', async () => {
		const fixed = new AdaptiveThreads(ADAPTIVE_THREADS, false);
		expect(fixed.threads('k')).toBe(3);
		await answer(fixed, 'k', 'refused');
		expect(fixed.threads('k')).toBe(3);
	});
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

	it('writes 300 updates with at most 1% refused, each applied exactly once', async () => {
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
		expect(sim().counters.threadRejections).toBeLessThanOrEqual(3);
		expect(Math.max(...Object.values(sim().counters.maxInFlight))).toBeLessThanOrEqual(3);
	});
});
