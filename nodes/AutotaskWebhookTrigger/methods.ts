import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { referenceFieldsMethod } from '../common/referenceLabels';
import { AutotaskClient } from '../transport';
import type { FieldInfo } from '../transport/types';
import { UDF_PREFIX } from '../common/fields';
import { fieldRowsOf, udfRowsOf, webhookEntity } from './entities';

function picklistOf(fields: FieldInfo[], names: string[]): Array<{ label: string }> {
	const field = fields.find((candidate) => names.includes(candidate.name.toLowerCase()) && candidate.picklistValues?.length);
	return (field?.picklistValues ?? []).filter((entry) => entry.isActive !== false);
}

export const loadOptions = {
	/**
	 * The fields a webhook of the entity can watch or include, as Autotask lists them: the `fieldID`
	 * picklist of `<X>WebhookFields`, then the UDFs from `udfFieldID` of `<X>WebhookUdfFields`.
	 */
	async getWebhookFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const entity = webhookEntity(String(this.getCurrentNodeParameter('entity') ?? ''));
		if (!entity) return [];
		const client = await AutotaskClient.forContext(this);
		const standard = picklistOf(await client.fields(fieldRowsOf(entity)), ['fieldid'])
			.map((entry) => ({ name: entry.label, value: entry.label }))
			.sort((a, b) => a.name.localeCompare(b.name));
		const udfs = entity.hasUdfs
			? picklistOf(await client.fields(udfRowsOf(entity)), ['udffieldid', 'fieldid'])
					.map((entry) => ({ name: `${entry.label} (UDF)`, value: `${UDF_PREFIX}${entry.label}` }))
					.sort((a, b) => a.name.localeCompare(b.name))
			: [];
		return [...standard, ...udfs];
	},

	/** Active resources, for Excluded Resources. */
	async getResources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const client = await AutotaskClient.forContext(this);
		const resources = await client.query('Resources', {
			filter: [{ op: 'eq', field: 'isActive', value: true }],
			includeFields: ['id', 'firstName', 'lastName', 'userName'],
		});
		return resources
			.map((resource) => ({
				name: `${[resource.firstName, resource.lastName].filter(Boolean).join(' ')} (${String(resource.userName ?? resource.id)})`,
				value: resource.id,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
	},

	/** Reference fields of the entity, for Options > Reference Fields to Label. */
	getReferenceFields: referenceFieldsMethod(
		(ctx) => webhookEntity(String(ctx.getCurrentNodeParameter('entity') ?? ''))?.entity ?? '',
	),
};
