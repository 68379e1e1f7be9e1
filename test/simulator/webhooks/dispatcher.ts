import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { formatAutotaskDateTime, type SimClock } from '../clock';
import { findEntity, WEBHOOK_FAMILIES } from '../entities/catalog';
import type { ChangeLogEntry, Store, StoredRecord } from '../store/store';
import { autotaskJson } from './autotaskJson';
import { webhookFieldId, webhookUdfFieldId, type WebhookFamily } from './entities';

/**
 * Delivery timing. Autotask (Webhooks_Error_Handling.htm): a callout times out after 10 s, is sent
 * again after 30 s, at most 5 attempts within 2 minutes; a webhook whose callouts fail for 25
 * consecutive events is deactivated. Tests scale the waits down.
 */
export interface WebhookTiming {
	timeoutMs: number;
	/** Waits before the 2nd, 3rd, ... attempt; its length + 1 is the number of attempts. */
	retryDelaysMs: number[];
	/** Consecutive failed events after which the webhook is deactivated. */
	deactivateAfter: number;
}

export const AUTOTASK_TIMING: WebhookTiming = { timeoutMs: 10_000, retryDelaysMs: [30_000, 30_000, 30_000, 30_000], deactivateAfter: 25 };

/** A failure injected instead of sending a callout (deactivation notices are always sent). */
export type CalloutFailure = { kind: 'status'; status: number } | { kind: 'timeout' } | { kind: 'refuse' };

export interface DeliveryAttempt {
	webhookId: number;
	entity: string;
	url: string;
	/** 'callout' or 'deactivation' (the notice sent to the deactivation URL). */
	purpose: 'callout' | 'deactivation';
	attempt: number;
	body: string;
	signature: string;
	/** HTTP status, 0 when no answer (timeout, refused, injected). */
	status: number;
	error?: string;
	sentAt: number;
	endedAt: number;
}

export interface FailedEvent {
	webhookId: number;
	entity: string;
	sequenceNumber: number;
	payload: string;
	at: string;
}

interface QueuedEvent {
	body: string;
	sequenceNumber: number;
}

interface WebhookQueue {
	events: QueuedEvent[];
	running: boolean;
	consecutiveFailedEvents: number;
	sequence: number;
}

const ACTIONS: Record<ChangeLogEntry['type'], string> = { create: 'Create', update: 'Update', delete: 'Delete' };
const SUBSCRIPTION: Record<ChangeLogEntry['type'], string> = {
	create: 'isSubscribedToCreateEvents',
	update: 'isSubscribedToUpdateEvents',
	delete: 'isSubscribedToDeleteEvents',
};

export function signBody(secret: string, body: string): string {
	return `sha1=${createHmac('sha1', secret).update(body, 'utf8').digest('base64')}`;
}

/**
 * Sends Autotask's callouts for every logged change of a supported entity to each active webhook
 * of that entity, in order per webhook, with the timeout, retries and deactivation above.
 */
export class WebhookDispatcher {
	readonly attempts: DeliveryAttempt[] = [];
	readonly failedEvents: FailedEvent[] = [];
	timing: WebhookTiming = { ...AUTOTASK_TIMING, retryDelaysMs: [...AUTOTASK_TIMING.retryDelaysMs] };
	private readonly queues = new Map<number, WebhookQueue>();
	private readonly running = new Set<Promise<void>>();
	private failures: { failure: CalloutFailure; remaining: number } | undefined;
	private closed = false;
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(
		private readonly store: Store,
		private readonly clock: SimClock,
	) {
		store.listeners.change.push((entry) => this.onChange(entry));
	}

	/** Makes the next `count` callout attempts (Infinity: all until cleared) fail this way. */
	failCallouts(failure: CalloutFailure, count = Number.POSITIVE_INFINITY): void {
		this.failures = { failure, remaining: count };
	}

	clearFailures(): void {
		this.failures = undefined;
	}

	/** Resolves once no callout is queued, in flight or waiting for a retry. */
	async idle(): Promise<void> {
		while (this.running.size > 0) await Promise.all([...this.running]);
	}

	close(): void {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	private onChange(entry: ChangeLogEntry): void {
		const family = WEBHOOK_FAMILIES.find((candidate) => candidate.target === entry.entity);
		if (!family || this.closed) return;
		for (const webhook of this.store.table(family.webhooks).records.values()) {
			const body = this.payloadFor(family, webhook, entry);
			if (body === undefined) continue;
			const queue = this.queueOf(webhook.id);
			queue.events.push(body);
			this.pump(family, webhook.id, queue);
		}
	}

	private queueOf(webhookId: number): WebhookQueue {
		let queue = this.queues.get(webhookId);
		if (!queue) {
			queue = { events: [], running: false, consecutiveFailedEvents: 0, sequence: 0 };
			this.queues.set(webhookId, queue);
		}
		return queue;
	}

	/** The callout body for this change, or undefined when this webhook does not call out for it. */
	private payloadFor(family: WebhookFamily, webhook: StoredRecord, entry: ChangeLogEntry): QueuedEvent | undefined {
		if (webhook.isActive !== true || webhook[SUBSCRIPTION[entry.type]] !== true) return undefined;
		const rows = this.rowsOf(family, webhook.id);
		const subscribed = rows.filter((row) => row.subscribed).map((row) => row.name.toLowerCase());
		if (subscribed.length === 0) return undefined;
		if (this.excluded(family, webhook.id, entry.by)) return undefined;
		const changed = entry.fields.map((name) => name.replace(/^userDefinedFields\./, '').toLowerCase());
		// Guess: only updates are filtered by the subscribed fields; creates and deletes always call out.
		if (entry.type === 'update' && !changed.some((name) => subscribed.includes(name))) return undefined;
		const target = findEntity(family.target);
		const record = target ? this.store.get(target.name, entry.id) : undefined;
		const fields: Record<string, unknown> = {};
		for (const row of rows) {
			const include = row.always || (row.subscribed && (entry.type !== 'update' || changed.includes(row.name.toLowerCase())));
			if (include && record) fields[row.name] = row.udf ? udfValue(record, row.name) : record[row.name];
		}
		const queue = this.queueOf(webhook.id);
		queue.sequence += 1;
		const payload = {
			Action: ACTIONS[entry.type],
			Guid: webhook.webhookGuid,
			EntityType: family.payloadEntityType,
			Id: entry.id,
			Fields: fields,
			EventTime: formatAutotaskDateTime(new Date(entry.at)),
			SequenceNumber: queue.sequence,
			PersonID: entry.by,
		};
		return { body: autotaskJson(payload), sequenceNumber: queue.sequence };
	}

	private rowsOf(family: WebhookFamily, webhookId: number): Array<{ name: string; subscribed: boolean; always: boolean; udf: boolean }> {
		const target = findEntity(family.target);
		if (!target) return [];
		const rows: Array<{ name: string; subscribed: boolean; always: boolean; udf: boolean }> = [];
		for (const row of this.store.table(family.fields).records.values()) {
			if (row.webhookID !== webhookId) continue;
			const field = target.fields.find((candidate) => webhookFieldId(target, candidate.name) === row.fieldID);
			if (field) rows.push({ name: field.name, subscribed: row.isSubscribedField === true, always: row.isDisplayAlwaysField === true, udf: false });
		}
		if (family.udfFields) {
			for (const row of this.store.table(family.udfFields).records.values()) {
				if (row.webhookID !== webhookId) continue;
				const udf = this.store.udfDefinitions(target).find((candidate) => webhookUdfFieldId(target.name, candidate.name) === row.udfFieldID);
				if (udf) rows.push({ name: udf.name, subscribed: row.isSubscribedField === true, always: row.isDisplayAlwaysField === true, udf: true });
			}
		}
		return rows;
	}

	private excluded(family: WebhookFamily, webhookId: number, resourceId: number): boolean {
		for (const row of this.store.table(family.excludedResources).records.values()) {
			if (row.webhookID === webhookId && row.resourceID === resourceId) return true;
		}
		return false;
	}

	private pump(family: WebhookFamily, webhookId: number, queue: WebhookQueue): void {
		if (queue.running) return;
		queue.running = true;
		const work = this.drain(family, webhookId, queue).finally(() => {
			queue.running = false;
			this.running.delete(work);
		});
		this.running.add(work);
	}

	private async drain(family: WebhookFamily, webhookId: number, queue: WebhookQueue): Promise<void> {
		while (queue.events.length > 0 && !this.closed) {
			const webhook = this.store.table(family.webhooks).records.get(webhookId);
			if (!webhook || webhook.isActive !== true) {
				queue.events.length = 0; // a deleted or deactivated webhook sends nothing more
				return;
			}
			const event = queue.events.shift() as QueuedEvent;
			if (await this.deliver(family, webhook, event)) {
				queue.consecutiveFailedEvents = 0;
				continue;
			}
			this.failedEvents.push({ webhookId, entity: family.target, sequenceNumber: event.sequenceNumber, payload: event.body, at: this.clock.now().toISOString() });
			queue.consecutiveFailedEvents += 1;
			if (queue.consecutiveFailedEvents >= this.timing.deactivateAfter) await this.deactivate(family, webhook, queue);
		}
	}

	private async deliver(family: WebhookFamily, webhook: StoredRecord, event: QueuedEvent): Promise<boolean> {
		const attempts = this.timing.retryDelaysMs.length + 1;
		for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
			if (attempt > 1) await this.wait(this.timing.retryDelaysMs[attempt - 2]);
			if (!this.store.table(family.webhooks).records.has(webhook.id)) return true; // deleted meanwhile: nothing to deliver
			const status = await this.post(family, webhook, event.body, 'callout', attempt);
			if (status >= 200 && status < 300) return true;
		}
		return false;
	}

	/** Guess: the notice carries Action "Deactivated" and is signed like a callout; sent once. */
	private async deactivate(family: WebhookFamily, webhook: StoredRecord, queue: WebhookQueue): Promise<void> {
		webhook.isActive = false;
		queue.events.length = 0;
		queue.consecutiveFailedEvents = 0;
		const notice = autotaskJson({
			Action: 'Deactivated',
			Guid: webhook.webhookGuid,
			EntityType: family.payloadEntityType,
			Id: webhook.id,
			Fields: {},
			EventTime: formatAutotaskDateTime(this.clock.now()),
			SequenceNumber: 0,
			PersonID: null,
		});
		await this.post(family, webhook, notice, 'deactivation', 1);
	}

	private wait(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private async post(family: WebhookFamily, webhook: StoredRecord, body: string, purpose: DeliveryAttempt['purpose'], attempt: number): Promise<number> {
		const url = String(purpose === 'callout' ? webhook.webhookUrl : webhook.deactivationUrl);
		const signature = signBody(String(webhook.secretKey), body);
		const record: DeliveryAttempt = { webhookId: webhook.id, entity: family.target, url, purpose, attempt, body, signature, status: 0, sentAt: Date.now(), endedAt: 0 };
		this.attempts.push(record);
		const injected = purpose === 'callout' ? this.takeFailure() : undefined;
		if (injected) {
			if (injected.kind === 'timeout') await this.wait(this.timing.timeoutMs);
			record.status = injected.kind === 'status' ? injected.status : 0;
			record.error = injected.kind === 'status' ? undefined : injected.kind;
		} else {
			const outcome = await send(url, body, signature, this.timing.timeoutMs);
			record.status = outcome.status;
			record.error = outcome.error;
		}
		record.endedAt = Date.now();
		return record.status;
	}

	private takeFailure(): CalloutFailure | undefined {
		if (!this.failures || this.failures.remaining <= 0) return undefined;
		this.failures.remaining -= 1;
		return this.failures.failure;
	}
}

function udfValue(record: Record<string, unknown>, name: string): unknown {
	const udfs = (record.userDefinedFields ?? []) as Array<{ name: string; value: unknown }>;
	return udfs.find((udf) => udf.name === name)?.value ?? null;
}

function send(url: string, body: string, signature: string, timeoutMs: number): Promise<{ status: number; error?: string }> {
	return new Promise((resolve) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			resolve({ status: 0, error: 'invalid URL' });
			return;
		}
		const requester = target.protocol === 'https:' ? httpsRequest : httpRequest;
		const request = requester(
			target,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'X-Hook-Signature': signature },
				timeout: timeoutMs,
			},
			(response) => {
				response.resume();
				response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
				response.on('error', () => resolve({ status: 0, error: 'response aborted' }));
			},
		);
		request.on('timeout', () => request.destroy(new Error('timeout')));
		request.on('error', (error) => resolve({ status: 0, error: error.message }));
		request.end(body);
	});
}
