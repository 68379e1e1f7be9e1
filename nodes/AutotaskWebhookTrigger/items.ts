import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { multiSelectIndex, shapeRecordWithMultiSelect } from '../common/multiSelectUdf';
import { buildLabelLookup } from '../common/output';
import { labelItems } from '../common/referenceLabels';
import type { AutotaskClient } from '../transport';
import type { AutotaskRecord } from '../transport/types';
import type { WebhookEvent } from './entities';
import type { WebhookSettings } from './settings';

/** One change to emit: the record (or, for a delete, what the callout said) and what happened. */
export interface Change {
	type: WebhookEvent;
	id: number;
	record?: AutotaskRecord;
	/** 'webhook': Autotask's callout; 'catchUp': read after deliveries were missed. */
	source: 'webhook' | 'catchUp';
	/** The callout's Fields (webhook only). */
	fields?: IDataObject;
	changedFields?: string[];
	personId?: number;
	eventTime?: string;
	sequenceNumber?: number;
}

/**
 * Output items shaped like the polling trigger's: the record as the other nodes shape it, plus
 * `event` (type, entity, id, detectedAt, changedFields), with what only a webhook knows beside it.
 */
export async function toItems(
	changes: Change[],
	settings: WebhookSettings,
	client: AutotaskClient,
	node: INode,
): Promise<INodeExecutionData[]> {
	const entity = settings.entity.entity;
	const needsLabels = settings.output.labels !== 'none' && changes.some((change) => change.record);
	const lookup = needsLabels ? buildLabelLookup([...(await client.fields(entity)), ...(await client.udfs(entity))]) : new Map();
	const hasUdfs = changes.some((change) => Array.isArray(change.record?.userDefinedFields) && change.record.userDefinedFields.length > 0);
	const multiSelect = multiSelectIndex(hasUdfs ? await client.udfs(entity) : []);
	const detectedAt = new Date().toISOString();
	const items = changes.map((change) => {
		const base: IDataObject = change.record
			? shapeRecordWithMultiSelect(change.record, lookup, settings.output, multiSelect)
			: { id: change.id, ...change.fields };
		const event: IDataObject = { type: change.type, entity, id: change.id, detectedAt, source: change.source };
		if (change.changedFields) event.changedFields = change.changedFields;
		if (change.personId !== undefined) event.personId = change.personId;
		if (change.eventTime !== undefined) event.eventTime = change.eventTime;
		if (change.sequenceNumber !== undefined) event.sequenceNumber = change.sequenceNumber;
		if (change.fields) event.fields = change.fields;
		return { json: { ...base, event } };
	});
	await labelItems(client, node, entity, items, settings.referenceLabels);
	return items;
}
