/** The webhook trigger's pure parts: the signature check, the callout parser and the state windows. */
import { createHmac } from 'node:crypto';

import { parseCallout } from '../nodes/AutotaskWebhookTrigger/payload';
import { webhookMark } from '../nodes/AutotaskWebhookTrigger/registration';
import { isSignedBy, signatureOf } from '../nodes/AutotaskWebhookTrigger/signature';
import { changeKey, DELIVERY_WINDOW_MS, prune, STATE_VERSION, type WebhookState } from '../nodes/AutotaskWebhookTrigger/state';

const SECRET = 'shared-secret-0123456789';
const BODY = Buffer.from('{"Action":"Update","Guid":"g","EntityType":"Ticket","Id":7,"Fields":{"title":"a\\u0026b"}}');

describe('webhook signature', () => {
	it("matches Autotask's documented form: sha1= and the base64 HMAC-SHA1 of the raw bytes", () => {
		const expected = `sha1=${createHmac('sha1', SECRET).update(BODY).digest('base64')}`;
		expect(signatureOf(SECRET, BODY)).toBe(expected);
		expect(isSignedBy(SECRET, BODY, expected)).toBe(true);
	});

	it('rejects a missing, repeated, truncated or hex signature, a wrong secret and changed bytes', () => {
		const good = signatureOf(SECRET, BODY);
		expect(isSignedBy(SECRET, BODY, undefined)).toBe(false);
		expect(isSignedBy(SECRET, BODY, [good, good])).toBe(false);
		expect(isSignedBy(SECRET, BODY, good.slice(0, -2))).toBe(false);
		expect(isSignedBy(SECRET, BODY, `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`)).toBe(false);
		expect(isSignedBy('other-secret', BODY, good)).toBe(false);
		// Re-serialising the parsed body drops Autotask's \u0026 escape: not the signed bytes any more.
		expect(isSignedBy(SECRET, Buffer.from(JSON.stringify(JSON.parse(BODY.toString()))), good)).toBe(false);
		expect(isSignedBy(undefined, BODY, good)).toBe(false);
		expect(isSignedBy(SECRET, undefined, good)).toBe(false);
	});
});

describe('callout parsing', () => {
	it('reads the documented keys in any case and refuses what is not a callout', () => {
		expect(parseCallout(BODY)).toMatchObject({ action: 'Update', guid: 'g', entityType: 'Ticket', id: 7, fields: { title: 'a&b' } });
		expect(parseCallout(Buffer.from('{"action":"Create","guid":"g","id":"9","sequenceNumber":"3"}'))).toMatchObject({ id: 9, sequenceNumber: 3, fields: {} });
		expect(parseCallout(Buffer.from('{"Action":"Deactivated"}'))).toMatchObject({ action: 'Deactivated', id: 0, guid: undefined });
		for (const bad of ['not json', '[]', '{"Action":"Update","Guid":"g"}', '{"Action":1,"Guid":"g","Id":1}', '{"Action":"Update","Guid":7,"Id":1}']) {
			expect(parseCallout(Buffer.from(bad))).toBeUndefined();
		}
	});
});

describe('webhook mark', () => {
	it('fits the 50 characters of a webhook name and differs per workflow and node', () => {
		const mark = webhookMark('AbCdEfGhIjKlMnOp', '3f1c1b8e-8f0a-4c55-9a52-2f7d3f6e9b10');
		expect(mark.length).toBeLessThanOrEqual(50);
		expect(webhookMark('x'.repeat(80), 'node').length).toBeLessThanOrEqual(50);
		expect(mark).not.toBe(webhookMark('AbCdEfGhIjKlMnOq', '3f1c1b8e-8f0a-4c55-9a52-2f7d3f6e9b10'));
		expect(mark).not.toBe(webhookMark('AbCdEfGhIjKlMnOp', 'another-node'));
		// The editor's test webhook has its own mark, so testing never deletes the active workflow's webhook.
		expect(webhookMark('AbCdEfGhIjKlMnOp', '3f1c1b8e-8f0a-4c55-9a52-2f7d3f6e9b10', true)).toBe(`${mark} test`);
		expect(webhookMark('x'.repeat(80), 'node', true).length).toBeLessThanOrEqual(50);
	});
});

describe('state windows', () => {
	it('forgets deliveries after the window and record states the catch-up can no longer read', () => {
		const now = Date.parse('2026-12-04T12:00:00Z');
		const state: WebhookState = {
			version: STATE_VERSION,
			config: 'c',
			entity: 'Tickets',
			webhookId: 1,
			webhookGuid: 'g',
			secret: SECRET,
			url: 'http://n8n/webhook',
			armedAt: '2026-12-04T11:00:00Z',
			cursor: '2026-12-04T11:59:00Z',
			seen: {
				[changeKey(1, '2026-12-04T11:50:00Z')]: Date.parse('2026-12-04T11:50:00Z'),
				[changeKey(2, '2026-12-04T11:58:00Z')]: Date.parse('2026-12-04T11:58:00Z'),
			},
			deliveries: { old: now - DELIVERY_WINDOW_MS - 1, fresh: now - 1000 },
		};
		prune(state, now);
		expect(Object.keys(state.deliveries)).toEqual(['fresh']);
		expect(Object.keys(state.seen)).toEqual([changeKey(2, '2026-12-04T11:58:00Z')]);
	});
});
