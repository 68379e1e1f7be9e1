import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { OutputOptions, LabelMode } from '../common/output';
import { UDF_PREFIX } from '../common/fields';
import { readReferenceLabels } from '../common/referenceLabels';
import type { ReferenceLabelRequest } from '../common/referenceLabels';
import { webhookEntity } from './entities';
import type { WebhookEvent } from './entities';
import type { Subscription } from './registration';
import { fingerprint } from './state';

/** What the webhook subscribes to (as registered with Autotask), plus how the node treats what arrives. */
export interface WebhookSettings extends Subscription {
	ignoreOwnChanges: boolean;
	catchUp: boolean;
	output: OutputOptions;
	referenceLabels: ReferenceLabelRequest;
}

const EVENTS: WebhookEvent[] = ['created', 'updated', 'deleted'];

function split(values: unknown): { fields: string[]; udfs: string[] } {
	const list = (Array.isArray(values) ? values : []).map((value) => String(value).trim()).filter((value) => value !== '');
	return {
		fields: list.filter((value) => !value.startsWith(UDF_PREFIX)),
		udfs: list.filter((value) => value.startsWith(UDF_PREFIX)).map((value) => value.slice(UDF_PREFIX.length)),
	};
}

export function readSettings(ctx: IHookFunctions | IWebhookFunctions): WebhookSettings {
	const node = ctx.getNode();
	const name = String(ctx.getNodeParameter('entity', '') ?? '');
	const entity = webhookEntity(name);
	if (!entity) {
		throw new NodeOperationError(node, `Autotask sends no webhooks for "${name}"`, {
			description: 'Choose Companies, Contacts, Configuration Items, Tickets or Ticket Notes.',
		});
	}
	const events = (ctx.getNodeParameter('events', []) as string[]).filter((event): event is WebhookEvent => EVENTS.includes(event as WebhookEvent));
	if (events.length === 0) throw new NodeOperationError(node, 'Events needs at least one of Record Created, Record Updated, Record Deleted');
	const subscribed = split(ctx.getNodeParameter('subscribedFields', []));
	if (subscribed.fields.length + subscribed.udfs.length === 0) {
		throw new NodeOperationError(node, 'Watched Fields needs at least one field', {
			description: 'Autotask creates a webhook only with at least one watched field (it says "At least one callout field ... must be present").',
		});
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const always = split(options.alwaysFields);
	const excluded = (Array.isArray(options.excludedResources) ? options.excludedResources : []).map(Number);
	const badId = excluded.find((id) => !Number.isInteger(id) || id <= 0);
	if (badId !== undefined) throw new NodeOperationError(node, `Excluded Resources must be resource IDs (whole numbers above 0), not "${badId}"`);
	return {
		entity,
		events,
		subscribedFields: subscribed.fields,
		subscribedUdfs: subscribed.udfs,
		alwaysFields: always.fields,
		alwaysUdfs: always.udfs,
		excludedResourceIds: excluded,
		ignoreOwnChanges: options.ignoreOwnChanges !== false,
		catchUp: options.catchUp !== false,
		output: {
			labels: (options.picklistLabels as LabelMode | undefined) ?? 'add',
			flattenUdfs: (options.flattenUdfs as boolean | undefined) ?? true,
		},
		referenceLabels: readReferenceLabels(options),
	};
}

/** What the webhook in Autotask is built from: another value needs another webhook. */
export function configFingerprint(settings: WebhookSettings, credentialId: string | null, userName: string): string {
	const sorted = (values: Array<string | number>) => [...values].map(String).sort();
	return fingerprint({
		entity: settings.entity.entity,
		events: sorted(settings.events),
		fields: sorted(settings.subscribedFields),
		udfs: sorted(settings.subscribedUdfs),
		always: sorted(settings.alwaysFields),
		alwaysUdfs: sorted(settings.alwaysUdfs),
		excluded: sorted(settings.excludedResourceIds),
		ignoreOwn: settings.ignoreOwnChanges,
		credentialId,
		userName: userName.toLowerCase(),
	});
}
