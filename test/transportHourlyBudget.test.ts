import { NodeOperationError } from 'n8n-workflow';

import { AutotaskClient } from '../nodes/transport';
import { AdaptiveThreads } from '../nodes/transport/limiter';
import {
	HourlyBudget,
	HourlyLimitWait,
	hourlyBudgetSettings,
	parseThresholdInformation,
} from '../nodes/transport/threshold';
import type { ThresholdReading } from '../nodes/transport/threshold';
import { createFakeContext } from './helpers/fakeContext';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

function fakeClock() {
	let now = 0;
	const sleeps: number[] = [];
	return {
		sleeps,
		now: () => now,
		sleep: async (ms: number) => {
			sleeps.push(ms);
			now += ms;
		},
		advance: (ms: number) => (now += ms),
	};
}

/** A ThresholdInformation that reports `count()` and counts its reads. */
function reader(count: () => number, limit = 10_000) {
	const reads: number[] = [];
	const read = async (): Promise<ThresholdReading> => {
		const current = count();
		reads.push(current);
		return { limit, timeframeMinutes: 60, count: current };
	};
	return { read, reads };
}

const settings = { ...hourlyBudgetSettings };
const MINUTE = 60_000;

describe('HourlyBudget', () => {
	it('reads nothing for the first 99 requests, then once, and not again while usage is far below the limit', async () => {
		const clock = fakeClock();
		const budget = new HourlyBudget(clock, settings);
		const threshold = reader(() => 1_000);
		for (let request = 0; request < 100; request++) await budget.admit('t', threshold.read, 5 * MINUTE);
		expect(threshold.reads).toHaveLength(0);
		await budget.admit('t', threshold.read, 5 * MINUTE);
		expect(threshold.reads).toHaveLength(1);
		clock.advance(30 * MINUTE);
		for (let request = 0; request < 500; request++) await budget.admit('t', threshold.read, 5 * MINUTE);
		expect(threshold.reads).toHaveLength(1);
		expect(clock.sleeps).toEqual([]);
	});

	it('above half the limit reads at most once a minute', async () => {
		const clock = fakeClock();
		const budget = new HourlyBudget(clock, { ...settings, firstReadAfter: 0 });
		const threshold = reader(() => 6_000);
		for (let request = 0; request < 50; request++) await budget.admit('t', threshold.read, 5 * MINUTE);
		expect(threshold.reads).toHaveLength(1);
		clock.advance(MINUTE);
		await budget.admit('t', threshold.read, 5 * MINUTE);
		expect(threshold.reads).toHaveLength(2);
	});

	it('near the limit spaces requests by timeframe / limit (360 ms for 10,000 an hour)', async () => {
		const clock = fakeClock();
		const budget = new HourlyBudget(clock, { ...settings, firstReadAfter: 0 });
		const threshold = reader(() => 9_500);
		for (let request = 0; request < 5; request++) await budget.admit('t', threshold.read, 5 * MINUTE);
		expect(clock.sleeps).toEqual([360, 360, 360, 360]);
	});

	it('with the limit reached waits for the next reading, and goes on when room came back', async () => {
		const clock = fakeClock();
		const budget = new HourlyBudget(clock, { ...settings, firstReadAfter: 0 });
		let count = 10_000;
		const threshold = reader(() => count);
		const admitted = budget.admit('t', threshold.read, 5 * MINUTE).then(() => clock.now());
		count = 8_000;
		expect(await admitted).toBe(MINUTE);
		expect(threshold.reads).toEqual([10_000, 8_000]);
	});

	it('fails once waiting would exceed the allowed time, saying how long it would have to wait', async () => {
		const clock = fakeClock();
		const budget = new HourlyBudget(clock, { ...settings, firstReadAfter: 0 });
		const threshold = reader(() => 10_000);
		const failure = budget.admit('t', threshold.read, 2 * MINUTE).catch((error: unknown) => error);
		const error = (await failure) as HourlyLimitWait;
		expect(error).toBeInstanceOf(HourlyLimitWait);
		expect(error.waitedMs).toBe(2 * MINUTE);
		expect(error.describe()).toMatch(/After waiting 2 minutes/);
		expect(error.describe()).toMatch(/"Max Wait for Hourly Limit" of 2 minutes/);
		expect(error.describe()).toMatch(/up to 60 minutes/);
	});

	it('estimates the wait from how fast the count fell between readings', async () => {
		const clock = fakeClock();
		const budget = new HourlyBudget(clock, { ...settings, firstReadAfter: 0 });
		let count = 10_020;
		const threshold = reader(() => count);
		await budget.admit('t', threshold.read, 0).catch(() => undefined);
		clock.advance(MINUTE);
		count = 10_010;
		const error = (await budget.admit('t', threshold.read, MINUTE / 2).catch((caught: unknown) => caught)) as HourlyLimitWait;
		expect(error).toBeInstanceOf(HourlyLimitWait);
		// 10 requests freed in a minute; 11 more needed (10,010 - 10,000 + 1): 66 s.
		expect(error.waitMs).toBe(66_000);
		expect(error.describe()).toMatch(/about 2 minutes more/);
	});

	it('a refusal for the hourly threshold makes it re-read as soon as the interval allows', async () => {
		const clock = fakeClock();
		const budget = new HourlyBudget(clock, { ...settings, firstReadAfter: 0 });
		let count = 1_000;
		const threshold = reader(() => count);
		await budget.admit('t', threshold.read, 5 * MINUTE);
		budget.refused('t');
		count = 5_000;
		await budget.admit('t', threshold.read, 5 * MINUTE);
		expect(threshold.reads).toEqual([1_000]);
		clock.advance(MINUTE);
		await budget.admit('t', threshold.read, 5 * MINUTE);
		expect(threshold.reads).toEqual([1_000, 5_000]);
		expect(clock.sleeps).toEqual([]);
	});
});

describe('parseThresholdInformation', () => {
	it('reads the documented shape, numeric strings and any letter case', () => {
		expect(
			parseThresholdInformation({ externalRequestThreshold: 10000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 12 }),
		).toEqual({ limit: 10_000, timeframeMinutes: 60, count: 12 });
		expect(
			parseThresholdInformation({ ExternalRequestThreshold: '500', CurrentTimeframeRequestCount: '7' }),
		).toEqual({ limit: 500, timeframeMinutes: 60, count: 7 });
		expect(parseThresholdInformation({ errors: ['nope'] })).toBeUndefined();
		expect(parseThresholdInformation('text')).toBeUndefined();
	});
});

describe('against the simulator, whose clock moves while the budget waits', () => {
	const sim = useSimulator({ seed: 'small', retries: { baseDelayMs: 5, maxDelayMs: 50, maxTotalMs: 10_000 } });

	async function clientWithBudget(maxHourlyWaitMinutes: number) {
		const budget = new HourlyBudget(
			{
				now: () => sim().clock.now().getTime(),
				sleep: async (ms) => {
					sim().clock.advance(ms);
				},
			},
			{ ...hourlyBudgetSettings, firstReadAfter: 10 },
		);
		const { ctx } = createFakeContext({ ...credentialsFor(sim()).autotaskUserApi, customBaseUrl: '' });
		const client = await AutotaskClient.forContext(ctx, { budget, threads: new AdaptiveThreads(), maxHourlyWaitMinutes });
		await client.zone();
		return client;
	}

	it('a 300-request run that would cross the limit paces, waits and completes without one refusal', async () => {
		sim().hourly.set({ limit: 1_000, usage: 950 });
		sim().resetCounters();
		const client = await clientWithBudget(10);
		const started = sim().clock.now().getTime();
		const ticket = Number(sim().store.all('Tickets')[0].id);
		for (let request = 0; request < 300; request++) {
			await client.update({ entity: 'Tickets' }, { id: ticket, description: `paced ${request}` });
		}
		const refused = sim().requests.filter((entry) => entry.status === 429);
		expect(refused).toHaveLength(0);
		expect(sim().store.get('Tickets', ticket)?.description).toBe('paced 299');
		expect(sim().counters.byEntity.Tickets).toBe(300);
		// 950 + 300 requests do not fit in one hour of 1,000: the run had to spread over simulated time.
		expect(sim().clock.now().getTime() - started).toBeGreaterThan(10 * 60_000);
	});

	it('with no room and no wait allowed, fails naming the limit, the wait and the option', async () => {
		sim().hourly.set({ limit: 1_000, usage: 989 });
		const client = await clientWithBudget(0);
		const ticket = Number(sim().store.all('Tickets')[0].id);
		let failure: unknown;
		try {
			for (let request = 0; request < 20; request++) {
				await client.update({ entity: 'Tickets' }, { id: ticket, description: `last ${request}` });
			}
		} catch (error) {
			failure = error;
		}
		expect(failure).toBeInstanceOf(NodeOperationError);
		const error = failure as NodeOperationError;
		expect(error.message).toMatch(/hourly request limit is used up \(\d+ of 1000 requests\)/);
		expect(error.description).toMatch(/"Max Wait for Hourly Limit" of 0 minutes/);
	});
});
