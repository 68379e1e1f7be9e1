import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { entityOptions, findEntity } from '../../common/catalog';
import { currentEntity, getFilterableFields } from '../../common/filters';
import { referenceFieldsMethod } from '../../common/referenceLabels';
import { AutotaskClient } from '../../transport';
import { entitiesFor } from '../helpers/entity';
import type { AutotaskOperation } from '../helpers/entity';

export { getFilterableFields };

/** The entities the chosen operation works on, from the catalog (no request). */
export async function getEntities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const operation = (this.getCurrentNodeParameter('operation') as AutotaskOperation | undefined) ?? 'getMany';
	return entityOptions(entitiesFor(operation));
}

/** Standard fields Get Many can restrict its output to (IncludeFields). */
export async function getReturnableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const entity = findEntity(currentEntity(this));
	if (!entity?.ops.query) return [];
	const client = await AutotaskClient.forContext(this);
	const fields = await client.fields(entity.name);
	return fields
		.map((field) => ({ name: field.name, value: field.name }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Reference fields of the chosen entity, for Options > Reference Fields to Label. */
export const getReferenceFields = referenceFieldsMethod((ctx) => currentEntity(ctx));
