import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { findEntity } from '../../common/catalog';
import { currentEntity } from '../../common/filters';
import { AutotaskClient } from '../../transport';
import { writableMapperFields } from '../helpers/mapperColumns';

/**
 * The mapper's columns for a create or update: the entity's writable fields and UDFs (required
 * first on create, read-only left out, picklists by label), from the transport's metadata cache.
 */
export async function getWritableFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const entity = findEntity(currentEntity(this));
	if (!entity) return { fields: [], emptyFieldsNotice: 'Choose an entity first' };
	const mode = this.getCurrentNodeParameter('operation') === 'update' ? 'update' : 'create';
	const client = await AutotaskClient.forContext(this);
	const [fields, udfs] = await Promise.all([client.fields(entity.name), client.udfs(entity.name)]);
	return {
		fields: writableMapperFields(fields, udfs, mode),
		emptyFieldsNotice: `${entity.name} has no fields that can be written`,
	};
}
