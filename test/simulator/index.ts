import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiUserRegistry, zoneRestRoot, type ApiUser, type NewApiUser, type ZoneId } from './auth/apiUsers';
import { provisionApiUser } from './auth/provisionApiUser';
import { createClock, type SimClock } from './clock';
import { FaultSchedule, type FaultRule } from './faults';
import type { SimulatorState } from './handlers/types';
import { withAdminApi } from './http/admin';
import { requestListener } from './http/server';
import { HourlyThreshold, ThreadLimiter } from './limits';
import { RequestObserver, type Counters, type RequestLogEntry } from './observe';
import { IssuedPages } from './query/paging';
import { seedBulk, type BulkOptions } from './seed/synthetic';
import { seedSmall } from './seed/small';
import { Store } from './store/store';
import { WebhookDispatcher, type CalloutFailure, type DeliveryAttempt, type FailedEvent, type WebhookTiming } from './webhooks/dispatcher';
import { webhookAdmin } from './webhooks/admin';
import { registerUdf } from './webhooks/entities';


export type { ApiUser, NewApiUser, ZoneId } from './auth/apiUsers';
export type { SimClock } from './clock';
export type { FaultBody, FaultRule, FaultType } from './faults';
export type { RequestKind } from './http/router';
export type { Counters, RequestLogEntry } from './observe';
export type { CalloutFailure, DeliveryAttempt, FailedEvent, WebhookTiming } from './webhooks/dispatcher';
export type { ChangeLogEntry, DirectWriteOptions, UdfInput, WireRecord } from './store/store';

/** Direct access to the tenant's data, bypassing HTTP and validation. */
export type SimulatorStore = Pick<Store, 'insert' | 'update' | 'get' | 'all' | 'changeLog' | 'defineUdf' | 'deleteRecord' | 'actorFor'>;

export interface SimulatorOptions {
	/** 'small' (default): a deterministic tenant; 'large': that plus ~80,000 bulk records; 'empty': only the default API user. */
	seed?: 'small' | 'large' | 'empty';
	/** Latency added to every request while it counts as in flight. */
	latencyMs?: number;
	/** Concurrent requests allowed per integration code and entity endpoint (Autotask: 3). */
	threadLimit?: number;
	/** Requests allowed per rolling 60 minutes of simulator time (Autotask: 10,000). */
	hourlyLimit?: number;
	/** How GET of a missing id answers: 200 `{"item":null}` (default) or 404. */
	getMissingAs?: '200null' | '404';
	/** Port to listen on; 0 (default) picks a free one. */
	port?: number;
	/** ISO start time of the clock (default: now). */
	now?: string;
	/** Serve the admin API under /_simulator/ (counters, latency, hourly usage), for other processes. */
	admin?: boolean;
	/** Webhook callout timing (default: Autotask's 10 s timeout, 4 retries 30 s apart, deactivation after 25 failed events). */
	webhookTiming?: Partial<WebhookTiming>;
}

/** Webhook callouts: what was sent, and ways to make deliveries fail on purpose. */
export interface SimulatorWebhooks {
	/** Every callout attempt (and deactivation notice), in order. */
	readonly attempts: DeliveryAttempt[];
	/** Events whose every attempt failed. */
	readonly failedEvents: FailedEvent[];
	timing(values: Partial<WebhookTiming>): void;
	/** The next `count` attempts (default: all until cleared) fail without reaching the receiver. */
	failCallouts(failure: CalloutFailure, count?: number): void;
	clearFailures(): void;
	/** Resolves when nothing is queued, in flight or waiting for a retry. */
	idle(): Promise<void>;
}

export interface SimulatorUsers {
	/** The API user the sandbox credential uses. */
	default: ApiUser;
	get(userName: string): ApiUser | undefined;
	all(): ApiUser[];
}

export interface Simulator {
	url: string;
	zoneLookupUrl: string;
	/** REST root of a zone, with trailing slash ('z1' by default). */
	zoneUrl(zone?: ZoneId): string;
	users: SimulatorUsers;
	/** Adds an API user (and its Resource); returns the Resource id. */
	addApiUser(user: NewApiUser): number;
	/** Moves a user's tenant to another zone: its requests on the old zone then get 401. */
	moveUser(userName: string, zone: ZoneId): void;
	/**
	 * The resource's security level does not allow impersonation for these entities: writes to
	 * them made on behalf of the resource are refused.
	 */
	denyImpersonation(resourceId: number, entities: string[]): void;
	readonly counters: Counters;
	readonly requests: RequestLogEntry[];
	/** Clears the counters and the request log. */
	resetCounters(): void;
	clock: SimClock;
	faults: { schedule(rules: FaultRule[]): void; clear(): void };
	/** Sets the latency of every later request. */
	latency(ms: number): void;
	/** The hourly threshold: change its limit, or fill the window with other integrations' usage. */
	hourly: { set(settings: { limit?: number; usage?: number }): void; limit(): number; count(): number };
	store: SimulatorStore;
	webhooks: SimulatorWebhooks;
	/** Adds `count` synthetic records fast (100,000 contacts in seconds). */
	seedLarge(entity: string, count: number, options?: BulkOptions): void;
	close(): Promise<void>;
}

const DEFAULT_USER = {
	userName: 'sim.api@sandbox.example',
	secret: 'sandbox-secret',
	integrationCode: 'SIMULATORINTEGRATIONCODE001',
};

/** Starts a local Autotask REST API simulator on 127.0.0.1. Always close() it. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const clock = createClock(options.now);
	const store = new Store(clock);
	store.listeners.udf.push(registerUdf);
	const dispatcher = new WebhookDispatcher(store, clock);
	Object.assign(dispatcher.timing, options.webhookTiming);
	const users = new ApiUserRegistry(provisionApiUser(store, { ...DEFAULT_USER, resourceAdmin: true }));
	store.defaultActorResourceId = users.defaultUser.resourceId;
	const addApiUser = (user: NewApiUser): number => {
		const apiUser = provisionApiUser(store, user);
		users.add(apiUser);
		return apiUser.resourceId;
	};

	const seed = options.seed ?? 'small';
	if (seed !== 'empty') seedSmall(store, addApiUser);
	if (seed === 'large') seedLargeTenant(store);

	let latencyMs = options.latencyMs ?? 0;
	const observer = new RequestObserver();
	const faults = new FaultSchedule();
	const threads = new ThreadLimiter(options.threadLimit ?? 3);
	const closing = new AbortController();
	const state: SimulatorState = {
		baseUrl: '', // known once the port is bound, before the first request
		clock,
		store,
		users,
		hourly: new HourlyThreshold(clock, options.hourlyLimit ?? 10_000),
		getMissingAs: options.getMissingAs ?? '200null',
		issuedPages: new IssuedPages(),
		impersonationDenied: new Map(),
	};
	const hourly: Simulator['hourly'] = {
		set: ({ limit, usage }) => {
			if (limit !== undefined) state.hourly.limit = limit;
			if (usage !== undefined) state.hourly.setUsage(usage);
		},
		limit: () => state.hourly.limit,
		count: () => state.hourly.count(),
	};
	const setLatency = (ms: number) => {
		latencyMs = ms;
	};
	const listener = requestListener({
		state,
		observer,
		faults,
		threads,
		latencyMs: () => latencyMs,
		closing: closing.signal,
		admin: (method, path, body) => webhookAdmin(dispatcher, method, path, body),
	});
	const server = createServer(
		options.admin ? withAdminApi(listener, { observer, store, hourly, latency: setLatency }) : listener,
	);
	await listen(server, options.port ?? 0);
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	state.baseUrl = url;

	return {
		url,
		zoneLookupUrl: `${url}/atservicesrest/v1.0/zoneInformation`,
		zoneUrl: (zone = 'z1') => zoneRestRoot(url, zone),
		users: {
			default: users.defaultUser,
			get: (userName) => users.find(userName),
			all: () => users.all(),
		},
		addApiUser,
		moveUser: (userName, zone) => users.move(userName, zone),
		denyImpersonation: (resourceId, entities) => {
			const denied = state.impersonationDenied.get(resourceId) ?? new Set<string>();
			for (const entity of entities) denied.add(entity.toLowerCase());
			state.impersonationDenied.set(resourceId, denied);
		},
		get counters() {
			return observer.counters;
		},
		get requests() {
			return observer.requests;
		},
		resetCounters: () => observer.reset(),
		clock,
		faults: { schedule: (rules) => faults.schedule(rules), clear: () => faults.clear() },
		latency: setLatency,
		hourly,
		store,
		webhooks: {
			attempts: dispatcher.attempts,
			failedEvents: dispatcher.failedEvents,
			timing: (values) => Object.assign(dispatcher.timing, values),
			failCallouts: (failure, count) => dispatcher.failCallouts(failure, count),
			clearFailures: () => dispatcher.clearFailures(),
			idle: () => dispatcher.idle(),
		},
		seedLarge: (entity, count, bulkOptions) => seedBulk(store, entity, count, bulkOptions),
		close: () => {
			closing.abort();
			dispatcher.close();
			return new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

/** Tens of thousands of records on top of the small tenant, for load-like sandbox use. */
function seedLargeTenant(store: Store): void {
	const volumes: Array<[string, number]> = [
		['Companies', 2_000],
		['Contacts', 30_000],
		['ClientPortalUsers', 3_000],
		['Tickets', 20_000],
		['TicketNotes', 10_000],
		['Projects', 200],
		['Tasks', 1_000],
		['TimeEntries', 5_000],
		['ConfigurationItems', 5_000],
	];
	for (const [entity, count] of volumes) seedBulk(store, entity, count);
}

function listen(server: Server, port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
}
