import type { ApiResponse } from '../handlers/types';
import type { CalloutFailure, WebhookDispatcher, WebhookTiming } from './dispatcher';

/**
 * Test controls over HTTP, for a simulator running as its own process (the end-to-end suite):
 *
 *     GET  /__admin/webhooks/attempts          every callout attempt and deactivation notice
 *     POST /__admin/webhooks/timing            {"timeoutMs", "retryDelaysMs", "deactivateAfter"}
 *     POST /__admin/webhooks/fail              {"kind": "status"|"timeout"|"refuse", "status"?, "count"?}
 *     POST /__admin/webhooks/clear-failures
 *     GET  /__admin/webhooks/idle              answers once nothing is queued or waiting for a retry
 *
 * Not part of Autotask's API; unauthenticated like the rest of a local test tool.
 */
export async function webhookAdmin(dispatcher: WebhookDispatcher, method: string, path: string, body: unknown): Promise<ApiResponse | undefined> {
	const action = path.toLowerCase().replace(/^\/__admin\/webhooks\//, '');
	const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
	if (method === 'GET' && action === 'attempts') return { status: 200, body: { attempts: dispatcher.attempts, failedEvents: dispatcher.failedEvents } };
	if (method === 'GET' && action === 'idle') {
		await dispatcher.idle();
		return { status: 200, body: { idle: true } };
	}
	if (method === 'POST' && action === 'timing') {
		Object.assign(dispatcher.timing, pick(input, ['timeoutMs', 'retryDelaysMs', 'deactivateAfter']) as Partial<WebhookTiming>);
		return { status: 200, body: { timing: dispatcher.timing } };
	}
	if (method === 'POST' && action === 'fail') {
		const failure = (input.kind === 'status' ? { kind: 'status', status: Number(input.status ?? 500) } : { kind: input.kind }) as CalloutFailure;
		if (!['status', 'timeout', 'refuse'].includes(failure.kind)) return { status: 400, body: { error: 'kind must be status, timeout or refuse' } };
		dispatcher.failCallouts(failure, input.count === undefined ? undefined : Number(input.count));
		return { status: 200, body: { ok: true } };
	}
	if (method === 'POST' && action === 'clear-failures') {
		dispatcher.clearFailures();
		return { status: 200, body: { ok: true } };
	}
	return undefined;
}

function pick(input: Record<string, unknown>, keys: string[]): Record<string, unknown> {
	return Object.fromEntries(keys.filter((key) => input[key] !== undefined).map((key) => [key, input[key]]));
}
