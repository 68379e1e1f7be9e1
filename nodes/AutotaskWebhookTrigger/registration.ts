import { createHash, randomBytes } from 'node:crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import type { AutotaskClient } from '../transport';
import type { AutotaskRecord, FieldInfo } from '../transport/types';
import { excludedRowsOf, fieldRowsOf, udfRowsOf, WEBHOOK_ENTITIES, webhooksOf } from './entities';
import type { WebhookEntity, WebhookEvent } from './entities';
import { asNodeError } from '../common/nodeError';

/** Autotask's webhook name holds at most 50 characters. */
const NAME_LENGTH = 50;

/**
 * The name that marks a webhook as this workflow's and this node's: "n8n <workflow> <node>", with
 * the node id (a UUID) shortened to a digest, and " test" for the editor's test webhook. A copied
 * workflow has another id, so another mark.
 */
export function webhookMark(workflowId: string, nodeId: string, test = false): string {
	const node = createHash('sha256').update(nodeId).digest('hex').slice(0, 10);
	const workflow = workflowId.length <= NAME_LENGTH - 16 ? workflowId : createHash('sha256').update(workflowId).digest('hex').slice(0, 24);
	return `n8n ${workflow} ${node}${test ? ' test' : ''}`;
}

export function newSecret(): string {
	// 48 URL-safe characters: within Autotask's 64, far above its advised 10.
	return randomBytes(36).toString('base64url');
}

export interface Subscription {
	entity: WebhookEntity;
	events: WebhookEvent[];
	/** Standard fields by name, UDFs by name (from the options' values). */
	subscribedFields: string[];
	subscribedUdfs: string[];
	alwaysFields: string[];
	alwaysUdfs: string[];
	excludedResourceIds: number[];
}

export interface CreatedWebhook {
	id: number;
	guid: string;
}

/** Every webhook, of any of the five entities, whose name carries this mark. */
export async function findMarked(client: AutotaskClient, mark: string): Promise<Array<{ entity: WebhookEntity; record: AutotaskRecord }>> {
	const found: Array<{ entity: WebhookEntity; record: AutotaskRecord }> = [];
	for (const entity of WEBHOOK_ENTITIES) {
		const records = await client.query(webhooksOf(entity), {
			filter: [{ op: 'eq', field: 'name', value: mark }],
			includeFields: ['id', 'name', 'isActive', 'webhookUrl'],
		});
		for (const record of records) found.push({ entity, record });
	}
	return found;
}

/** Deletes the marked webhooks other than `keep` (the orphans of earlier activations). */
export async function deleteOrphans(client: AutotaskClient, mark: string, keep?: number): Promise<number> {
	const orphans = (await findMarked(client, mark)).filter(({ record }) => record.id !== keep);
	for (const { entity, record } of orphans) await client.delete({ entity: webhooksOf(entity) }, record.id);
	return orphans.length;
}

/** Field ids from the `fieldID` (or `udfFieldID`) picklist of the row entity: Autotask publishes them nowhere else. */
export function fieldIdsFrom(fields: FieldInfo[], names: string[]): Map<string, number> {
	const picklist = fields.find((field) => ['fieldid', 'udffieldid'].includes(field.name.toLowerCase()) && field.picklistValues?.length);
	const ids = new Map<string, number>();
	for (const entry of picklist?.picklistValues ?? []) ids.set(entry.label.toLowerCase(), Number(entry.value));
	return new Map(names.map((name) => [name, ids.get(name.toLowerCase()) ?? Number.NaN]));
}

function requireIds(node: INode, ids: Map<string, number>, entity: WebhookEntity, kind: string): Map<string, number> {
	const unknown = [...ids].filter(([, id]) => !Number.isInteger(id)).map(([name]) => name);
	if (unknown.length > 0) {
		throw new NodeOperationError(node, `Autotask offers no webhook ${kind} named ${unknown.join(', ')} for ${entity.entity}`, {
			description: 'Choose the fields from the list; it shows what this tenant lets webhooks watch.',
		});
	}
	return ids;
}

/**
 * Creates the webhook, then its field, UDF and excluded-resource rows, each through the transport
 * (so at most three at a time per entity, Autotask's thread limit). A failure deletes what was
 * created, so no half-configured webhook is left behind.
 */
export async function createWebhook(
	client: AutotaskClient,
	node: INode,
	input: { mark: string; url: string; secret: string; subscription: Subscription },
): Promise<CreatedWebhook> {
	const { entity, events } = input.subscription;
	const sub = input.subscription;
	const standardNames = [...new Set([...sub.subscribedFields, ...sub.alwaysFields])];
	const udfNames = [...new Set([...sub.subscribedUdfs, ...sub.alwaysUdfs])];
	const fieldIds = requireIds(node, fieldIdsFrom(await client.fields(fieldRowsOf(entity)), standardNames), entity, 'field');
	const udfIds =
		udfNames.length > 0 ? requireIds(node, fieldIdsFrom(await client.fields(udfRowsOf(entity)), udfNames), entity, 'user-defined field') : new Map<string, number>();

	const webhooks = webhooksOf(entity);
	const id = await client.create(
		{ entity: webhooks },
		{
			name: input.mark,
			webhookUrl: input.url,
			deactivationUrl: input.url,
			secretKey: input.secret,
			isActive: true,
			sendThresholdExceededNotification: false,
			isSubscribedToCreateEvents: events.includes('created'),
			isSubscribedToUpdateEvents: events.includes('updated'),
			isSubscribedToDeleteEvents: events.includes('deleted'),
		},
	);
	try {
		const parent = (segment: string) => ({ entity: webhooks, id, segment });
		const rows: Array<Promise<number>> = [];
		const lower = (names: string[]) => new Set(names.map((name) => name.toLowerCase()));
		const subscribed = lower(sub.subscribedFields);
		const always = lower(sub.alwaysFields);
		for (const [name, fieldID] of fieldIds) {
			const key = name.toLowerCase();
			rows.push(client.create({ entity: fieldRowsOf(entity), parent: parent('Fields') }, { fieldID, isSubscribedField: subscribed.has(key), isDisplayAlwaysField: always.has(key) }));
		}
		const subscribedUdfs = lower(sub.subscribedUdfs);
		const alwaysUdfs = lower(sub.alwaysUdfs);
		for (const [name, udfFieldID] of udfIds) {
			const key = name.toLowerCase();
			rows.push(client.create({ entity: udfRowsOf(entity), parent: parent('UdfFields') }, { udfFieldID, isSubscribedField: subscribedUdfs.has(key), isDisplayAlwaysField: alwaysUdfs.has(key) }));
		}
		for (const resourceID of new Set(sub.excludedResourceIds)) {
			rows.push(client.create({ entity: excludedRowsOf(entity), parent: parent('ExcludedResources') }, { resourceID }));
		}
		const settled = await Promise.allSettled(rows);
		const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
		if (failed) throw failed.reason;
		const record = await client.getOrFail(webhooks, id);
		return { id, guid: String(record.webhookGuid ?? record.webhookGUID ?? '') };
	} catch (error) {
		await client.delete({ entity: webhooks }, id).catch(() => undefined);
		throw asNodeError(node, error);
	}
}

