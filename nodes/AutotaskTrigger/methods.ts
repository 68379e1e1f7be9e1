import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	conditionField,
	currentEntity,
	filterableFieldOptions,
	filterValueOptions,
	FILTER_FIELDS_METHOD,
	FILTER_VALUES_METHOD,
} from '../common/filters';
import { AutotaskClient } from '../transport';
import { watchedEntity } from './description';
import { automaticChangeTimestamp, timestampFields } from './plan';

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

	async getTimestampFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const entity = entityOf(this);
		if (!entity) return [];
		const fields = await (await AutotaskClient.forContext(this)).fields(entity);
		const automatic = automaticChangeTimestamp(fields);
		return [
			{
				name: automatic ? `Automatic (${automatic})` : 'Automatic (no change timestamp: compares snapshots)',
				value: '',
			},
			...timestampFields(fields)
				.map((field) => ({ name: field.name, value: field.name }))
				.sort((a, b) => a.name.localeCompare(b.name)),
		];
	},
};
