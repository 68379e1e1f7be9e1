import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	conditionField,
	currentEntity,
	filterableFieldOptions,
	filterValueOptions,
	FILTER_FIELDS_METHOD,
	FILTER_VALUES_METHOD,
} from '../common/filters';
import { referenceFieldsMethod } from '../common/referenceLabels';
import { AutotaskClient } from '../transport';
import { watchedEntity } from './description';
import {
	automaticChangeTimestamp,
	changeTimestampLabel,
	isKnownChangeTimestamp,
	MODIFICATION_TIMESTAMPS,
	timestampFields,
} from './plan';

const preferenceRank = (name: string) => {
	const rank = MODIFICATION_TIMESTAMPS.findIndex((candidate) => candidate.toLowerCase() === name.toLowerCase());
	return rank === -1 ? MODIFICATION_TIMESTAMPS.length : rank;
};

/** The entity the trigger watches: Portal Access and Resource events bring their own. */
const entityOf = (ctx: ILoadOptionsFunctions) =>
	watchedEntity(String(ctx.getCurrentNodeParameter('event') ?? ''), currentEntity(ctx));

/** Dropdowns of the trigger: the filter's fields and picklist values, and the date/time fields that can mark a change. */
export const loadOptions = {
	async [FILTER_FIELDS_METHOD](this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const entity = entityOf(this);
		if (!entity) return [];
		const client = await AutotaskClient.forContext(this);
		const [fields, udfs] = await Promise.all([client.fields(entity), client.udfs(entity)]);
		return filterableFieldOptions(fields, udfs);
	},

	async [FILTER_VALUES_METHOD](this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const entity = entityOf(this);
		const field = conditionField(this);
		if (!entity || field === '') return [];
		const client = await AutotaskClient.forContext(this);
		const [fields, udfs] = await Promise.all([client.fields(entity), client.udfs(entity)]);
		return filterValueOptions(fields, udfs, field);
	},

	/**
	 * Automatic first, then the entity's change timestamps in words (most inclusive first), then its
	 * other date/time fields by name.
	 */
	async getTimestampFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const entity = entityOf(this);
		if (!entity) return [];
		const fields = await (await AutotaskClient.forContext(this)).fields(entity);
		const automatic = automaticChangeTimestamp(fields);
		const candidates = timestampFields(fields).map((field) => field.name);
		const known = candidates.filter(isKnownChangeTimestamp).sort((a, b) => preferenceRank(a) - preferenceRank(b) || a.localeCompare(b));
		const others = candidates.filter((name) => !isKnownChangeTimestamp(name)).sort((a, b) => a.localeCompare(b));
		return [
			{
				name: automatic ? `Automatic: ${changeTimestampLabel(automatic)}` : 'Automatic (no change timestamp: compares snapshots)',
				value: '',
			},
			...[...known, ...others].map((name) => ({ name: changeTimestampLabel(name), value: name })),
		];
	},

	/** Reference fields of the watched entity, for Options > Reference Fields to Label. */
	getReferenceFields: referenceFieldsMethod(entityOf),
};
