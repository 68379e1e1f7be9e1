import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { RequestObserver } from '../observe';
import type { Store } from '../store/store';

export interface AdminTargets {
	observer: RequestObserver;
	store: Pick<Store, 'changeLog'>;
	hourly: { set(settings: { limit?: number; usage?: number }): void; limit(): number; count(): number };
	latency(ms: number): void;
}

const PREFIX = '/_simulator/';

/**
 * The simulator's admin API, for tests that run it as a separate process (the e2e suite, the queue
 * benchmark). Not part of Autotask's API, and only under /_simulator/:
 *
 *   GET  /_simulator/counters            counters plus { hourly: { limit, count } }
 *   POST /_simulator/counters/reset      clears counters and the request log
 *   POST /_simulator/latency    {ms}     latency of later requests
 *   POST /_simulator/hourly     {limit?, usage?}   hourly limit; usage spread over the last hour
 *   GET  /_simulator/changes?entity=&since=        change-log entries after seq `since`
 */
export function withAdminApi(listener: RequestListener, targets: AdminTargets): RequestListener {
	return (request, response) => {
		if (!(request.url ?? '').startsWith(PREFIX)) {
			listener(request, response);
			return;
		}
		readJson(request)
			.then((body) => answer(response, 200, admin(request, body, targets)))
			.catch((error: Error) => answer(response, 400, { error: error.message }));
	};
}

function admin(request: IncomingMessage, body: Record<string, unknown>, targets: AdminTargets): unknown {
	const url = new URL(request.url ?? '/', 'http://simulator');
	const action = `${request.method ?? 'GET'} ${url.pathname.slice(PREFIX.length)}`;
	switch (action) {
		case 'GET counters':
			return { ...targets.observer.counters, hourly: { limit: targets.hourly.limit(), count: targets.hourly.count() } };
		case 'POST counters/reset':
			targets.observer.reset();
			return { ok: true };
		case 'POST latency':
			targets.latency(numberField(body, 'ms'));
			return { ok: true };
		case 'POST hourly':
			targets.hourly.set({
				limit: body.limit === undefined ? undefined : numberField(body, 'limit'),
				usage: body.usage === undefined ? undefined : numberField(body, 'usage'),
			});
			return { limit: targets.hourly.limit(), count: targets.hourly.count() };
		case 'GET changes': {
			const entity = (url.searchParams.get('entity') ?? '').toLowerCase();
			const since = Number(url.searchParams.get('since') ?? 0);
			return targets.store.changeLog.filter(
				(entry) => entry.seq > since && (entity === '' || entry.entity.toLowerCase() === entity),
			);
		}
		default:
			throw new Error(`Unknown admin call ${action}`);
	}
}

function numberField(body: Record<string, unknown>, name: string): number {
	const value = Number(body[name]);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
	return value;
}

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		let text = '';
		request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
		request.on('end', () => {
			try {
				resolve(text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {});
			} catch {
				reject(new Error('The body is not JSON'));
			}
		});
		request.on('error', reject);
	});
}

function answer(response: ServerResponse, status: number, body: unknown): void {
	response.statusCode = status;
	response.setHeader('Content-Type', 'application/json; charset=utf-8');
	response.end(JSON.stringify(body));
}
