import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { findEntity } from '../common/catalog';
import type { FieldLike } from '../common/fields';
import { readFilter, readFilterSpec } from '../common/filters';
import type { FilterSpec } from '../common/filters';
import { multiSelectIndex, shapeRecordWithMultiSelect } from '../common/multiSelectUdf';
import { buildLabelLookup } from '../common/output';
import type { LabelMode, OutputOptions } from '../common/output';
import { readReferenceLabels } from '../common/referenceLabels';
import type { ReferenceLabelRequest } from '../common/referenceLabels';
import { selectsEveryRecord } from '../transport';
import type { AutotaskClient } from '../transport';
import type { AutotaskFilter, FieldInfo, UdfInfo } from '../transport/types';
import { DEFAULT_MAX_EVENTS, watchedEntity } from './description';
import { eventsFor } from './plan';
import type { DetectedChange, PageReader, TriggerEvent } from './strategies/types';

/** The trigger's settings for one poll, read from its parameters. */
export interface TriggerSettings {
	entity: string;
	event: TriggerEvent;
	changeTimestamp: string;
	ignoreOwnChanges: boolean;
	maxEvents: number;
	output: OutputOptions;
	referenceLabels: ReferenceLabelRequest;
}

export function readSettings(ctx: IPollFunctions): TriggerSettings {
	const event = String(ctx.getNodeParameter('event', 'createdOrUpdated')) as TriggerEvent;
	const name = watchedEntity(event, String(ctx.getNodeParameter('entity', '') ?? '').trim());
	const entry = findEntity(name);
	if (!entry || !entry.ops.query) {
		throw new NodeOperationError(ctx.getNode(), `"${name}" is not an Autotask entity the trigger can query`, {
			description: 'Choose the entity from the list (plural REST names such as Tickets or ClientPortalUsers).',
		});
	}
	if (!eventsFor(entry.name).includes(event)) {
		throw new NodeOperationError(ctx.getNode(), `The event "${event}" is not available for ${entry.name}`, {
			description: `${entry.name} offers: ${eventsFor(entry.name).join(', ')}.`,
		});
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const maxEvents = Math.floor(Number(options.maxEvents ?? DEFAULT_MAX_EVENTS));
	if (!Number.isFinite(maxEvents) || maxEvents < 1) {
		throw new NodeOperationError(ctx.getNode(), 'Max Events per Poll must be a whole number of at least 1');
	}
	return {
		entity: entry.name,
		event,
		changeTimestamp: String(options.changeTimestamp ?? ''),
		ignoreOwnChanges: options.ignoreOwnChanges === true,
		maxEvents,
		output: {
			labels: (options.picklistLabels as LabelMode | undefined) ?? 'add',
			flattenUdfs: (options.flattenUdfs as boolean | undefined) ?? true,
		},
		referenceLabels: readReferenceLabels(options),
	};
}

/** Field metadata, fetched only when needed (through the transport's per-process cache). */
export class LazyMetadata {
	private fieldList?: Promise<FieldInfo[]>;
	private udfList?: Promise<UdfInfo[]>;

	constructor(
		private readonly client: AutotaskClient,
		private readonly entity: string,
	) {}

	async fields(): Promise<FieldInfo[]> {
		this.fieldList ??= this.client.fields(this.entity);
		return await this.fieldList;
	}

	async udfs(): Promise<UdfInfo[]> {
		this.udfList ??= this.client.udfs(this.entity);
		return await this.udfList;
	}
}

function conditionFields(spec: FilterSpec): string[] | undefined {
	if (spec.mode === 'json') return undefined;
	return [...spec.conditions, ...(spec.groups ?? []).flatMap((group) => group.conditions)].map((c) => c.field);
}

/** Whether building the filter needs the UDF list (a field that is not a standard one, or JSON). */
function needsUdfs(spec: FilterSpec, fields: readonly FieldLike[]): boolean {
	const names = conditionFields(spec);
	if (!names) return true;
	const standard = new Set(fields.map((field) => field.name.toLowerCase()));
	return names.some((name) => !standard.has(name.trim().toLowerCase()));
}

/** The filter parameters: resolved (to build the filter) and as entered (to notice the user changed them). */
export function filterParameters(ctx: IPollFunctions): { spec: FilterSpec; raw: unknown } {
	const spec = readFilterSpec(ctx);
	const raw = ['filterMode', 'filterCombinator', 'filterConditions', 'filterGroups', 'filterJson'].map((name) =>
		ctx.getNodeParameter(name, null, { rawExpressions: true }),
	);
	return { spec, raw };
}

export async function buildFilter(ctx: IPollFunctions, spec: FilterSpec, metadata: LazyMetadata): Promise<AutotaskFilter[]> {
	const fields = await metadata.fields();
	const udfs = needsUdfs(spec, fields) ? await metadata.udfs() : [];
	return readFilter(ctx, 0, fields, udfs);
}

/**
 * Readers over the user's filter (and, when there is one, without it). A filter that selects every
 * record is no filter: a state saved before the filter builder returned [] for "no condition"
 * holds the transport's every-record condition instead.
 */
export function readers(
	client: AutotaskClient,
	entity: string,
	filter: AutotaskFilter[],
): { read: PageReader; readUnfiltered?: PageReader } {
	const userConditions = selectsEveryRecord(filter) ? [] : filter;
	const reader =
		(base: AutotaskFilter[]): PageReader =>
		(conditions, options = {}) =>
			client.queryPages(entity, { filter: [...base, ...conditions], limit: options.limit, includeFields: options.includeFields });
	const read = reader(userConditions);
	return userConditions.length === 0 ? { read } : { read, readUnfiltered: reader([]) };
}

/** Output items: each record as the other nodes shape it, plus what happened to it. */
export async function toItems(
	changes: DetectedChange[],
	settings: TriggerSettings,
	metadata: LazyMetadata,
): Promise<INodeExecutionData[]> {
	const lookup =
		settings.output.labels === 'none' ? new Map() : buildLabelLookup([...(await metadata.fields()), ...(await metadata.udfs())]);
	const hasUdfs = changes.some((change) => Array.isArray(change.record.userDefinedFields) && change.record.userDefinedFields.length > 0);
	const multiSelect = multiSelectIndex(hasUdfs ? await metadata.udfs() : []);
	const detectedAt = new Date().toISOString();
	return changes.map((change) => ({
		json: {
			...shapeRecordWithMultiSelect(change.record, lookup, settings.output, multiSelect),
			event: {
				type: change.type,
				entity: settings.entity,
				id: change.record.id,
				detectedAt,
				...(change.changedFields ? { changedFields: change.changedFields } : {}),
			},
		},
	}));
}
