import { sleep } from 'n8n-workflow';

/** What `GET /V1.0/ThresholdInformation` reports (Autotask's ThresholdStatusResultModel). */
export interface ThresholdReading {
	/** Requests the database allows per timeframe (10,000 on most tenants). */
	limit: number;
	timeframeMinutes: number;
	/** Requests counted in the current timeframe, from every integration of the tenant. */
	count: number;
}

/**
 * When the hourly budget is looked at and how it is spent (see docs/ARCHITECTURE.md, "Limits across
 * processes"). Mutable so tests can shorten them.
 */
export const hourlyBudgetSettings = {
	/**
	 * The first read waits until this process sent this many requests to the tenant: one read then
	 * costs at most 1 % more requests, and 100 requests (1 % of the usual 10,000) cannot by
	 * themselves take a tenant from far below its limit to the limit.
	 */
	firstReadAfter: 100,
	/** At most one ThresholdInformation read per tenant and process in this time. */
	readIntervalMs: 60_000,
	/** Below this share of the limit (estimated), nothing is read after the first reading. */
	watchFraction: 0.5,
	/** From this share of the limit on, requests are spaced by timeframe / limit. */
	paceFraction: 0.9,
	/** Node option "Max Wait for Hourly Limit" when a node does not set it, in minutes. */
	defaultMaxWaitMinutes: 5,
};

/** Raised when waiting for room in the hourly limit would take longer than allowed. */
export class HourlyLimitWait extends Error {
	constructor(
		readonly reading: ThresholdReading,
		/** Estimated further wait; undefined when nothing says how fast room frees up. */
		readonly waitMs: number | undefined,
		readonly waitedMs: number,
		readonly maxWaitMs: number,
	) {
		super(`Autotask's hourly request limit is used up (${reading.count} of ${reading.limit} requests)`);
	}

	/** Why the node stops and what to do, for the error's description. */
	describe(): string {
		const { limit, timeframeMinutes } = this.reading;
		const minutes = (ms: number) => `${Math.max(1, Math.ceil(ms / 60_000))} minute${ms > 60_000 ? 's' : ''}`;
		const wait =
			this.waitMs === undefined
				? `up to ${timeframeMinutes} minutes (the threshold's timeframe: room returns as older requests leave it)`
				: `about ${minutes(this.waitMs)} more`;
		const waited = this.waitedMs > 0 ? `After waiting ${minutes(this.waitedMs)}, the` : 'The';
		return `${waited} tenant still has no room under its limit of ${limit} requests per ${timeframeMinutes} minutes (shared by every integration of the database). Room would come back in ${wait}, longer than the node's "Max Wait for Hourly Limit" of ${Math.round(this.maxWaitMs / 60_000)} minutes. Raise that option or run the workflow later.`;
	}
}

/** Reads ThresholdInformation; undefined when it cannot be read (the budget is then not enforced). */
export type ThresholdReader = () => Promise<ThresholdReading | undefined>;

interface TenantUsage {
	reading?: ThresholdReading;
	/** The reading before, to see how fast room frees up. */
	previous?: { reading: ThresholdReading; at: number; sentSince: number };
	readAt?: number;
	/** Requests this process let through since the reading. */
	sentSinceRead: number;
	/** Earliest time of the next paced request. */
	nextPacedAt: number;
	/** An hourly-threshold refusal came in: read as soon as the interval allows. */
	refused: boolean;
	reading$?: Promise<void>;
}

export interface BudgetClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: BudgetClock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };

/**
 * This process's view of each tenant's hourly request budget: one reading of ThresholdInformation,
 * plus the requests it sent since. Requests pass at once while the estimate is low, are paced near
 * the limit, and wait (re-reading once a minute) when it is reached.
 */
export class HourlyBudget {
	private readonly tenants = new Map<string, TenantUsage>();

	constructor(
		private readonly clock: BudgetClock = REAL_CLOCK,
		private readonly settings: typeof hourlyBudgetSettings = hourlyBudgetSettings,
	) {}

	/** Resolves when a request to the tenant may be sent; throws HourlyLimitWait after `maxWaitMs`. */
	async admit(tenant: string, read: ThresholdReader, maxWaitMs: number): Promise<void> {
		const usage = this.usage(tenant);
		const startedAt = this.clock.now();
		for (;;) {
			if (this.readDue(usage)) await this.refresh(usage, read);
			const reading = usage.reading;
			const estimate = reading ? reading.count + usage.sentSinceRead : 0;
			if (!reading || estimate < reading.limit * this.settings.paceFraction) {
				usage.sentSinceRead++;
				return;
			}
			const now = this.clock.now();
			if (estimate < reading.limit) {
				// Spend the rest at the pace a full window frees room, so the hour is not exhausted.
				const at = Math.max(now, usage.nextPacedAt);
				usage.nextPacedAt = at + (reading.timeframeMinutes * 60_000) / reading.limit;
				usage.sentSinceRead++;
				if (at > now) await this.clock.sleep(at - now);
				return;
			}
			const untilRead = Math.max(1, (usage.readAt ?? now) + this.settings.readIntervalMs - now);
			const waited = now - startedAt;
			if (waited + untilRead > maxWaitMs) {
				throw new HourlyLimitWait({ ...reading, count: estimate }, this.estimatedWait(usage, estimate), waited, maxWaitMs);
			}
			await this.clock.sleep(untilRead);
		}
	}

	/**
	 * Autotask refused a request for the hourly threshold: read again as soon as the interval allows,
	 * whatever the estimate. Until then the retry policy's backoff handles it, as for any 429.
	 */
	refused(tenant: string): void {
		const usage = this.usage(tenant);
		if (usage.reading) usage.refused = true;
	}

	/** The latest reading and the requests sent since, for tests and diagnostics. */
	estimate(tenant: string): { reading?: ThresholdReading; sentSinceRead: number } {
		const usage = this.usage(tenant);
		return { reading: usage.reading, sentSinceRead: usage.sentSinceRead };
	}

	private readDue(usage: TenantUsage): boolean {
		if (usage.readAt === undefined) return usage.sentSinceRead >= this.settings.firstReadAfter;
		if (this.clock.now() - usage.readAt < this.settings.readIntervalMs) return false;
		if (usage.refused || !usage.reading) return true;
		return usage.reading.count + usage.sentSinceRead >= usage.reading.limit * this.settings.watchFraction;
	}

	private async refresh(usage: TenantUsage, read: ThresholdReader): Promise<void> {
		// Requests waiting at the same moment share one read.
		usage.reading$ ??= (async () => {
			const at = this.clock.now();
			const reading = await read().catch(() => undefined);
			if (usage.reading && usage.readAt !== undefined) {
				usage.previous = { reading: usage.reading, at: usage.readAt, sentSince: usage.sentSinceRead };
			}
			usage.readAt = at;
			if (reading) {
				usage.reading = reading;
				usage.sentSinceRead = 0;
				usage.refused = false;
			}
		})().finally(() => {
			usage.reading$ = undefined;
		});
		await usage.reading$;
	}

	/** Time until one request fits, from how fast the count fell between the last two readings. */
	private estimatedWait(usage: TenantUsage, estimate: number): number | undefined {
		const { previous, reading, readAt } = usage;
		if (!previous || !reading || readAt === undefined || readAt <= previous.at) return undefined;
		const freed = previous.reading.count + previous.sentSince - reading.count;
		if (freed <= 0) return undefined;
		return ((estimate - reading.limit + 1) * (readAt - previous.at)) / freed;
	}

	private usage(tenant: string): TenantUsage {
		let usage = this.tenants.get(tenant);
		if (!usage) {
			usage = { sentSinceRead: 0, nextPacedAt: 0, refused: false };
			this.tenants.set(tenant, usage);
		}
		return usage;
	}
}

/** Reads a ThresholdInformation body; tolerates numeric strings and any letter case of the names. */
export function parseThresholdInformation(body: unknown): ThresholdReading | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const fields = new Map(Object.entries(body).map(([name, value]) => [name.toLowerCase(), Number(value)]));
	const limit = fields.get('externalrequestthreshold');
	const count = fields.get('currenttimeframerequestcount');
	const timeframe = fields.get('requestthresholdtimeframe');
	if (!limit || limit <= 0 || count === undefined || !Number.isFinite(count)) return undefined;
	return { limit, count, timeframeMinutes: timeframe && timeframe > 0 ? timeframe : 60 };
}

/** Shared by every node in this n8n process. */
export const hourlyBudget = new HourlyBudget();
