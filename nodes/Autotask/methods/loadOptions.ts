import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { findEntity } from '../../common/catalog';
import { currentEntity, getFilterableFields } from '../../common/filters';
import { AutotaskClient } from '../../transport';
import { entitiesFor } from '../helpers/entity';
import type { AutotaskOperation } from '../helpers/entity';

export { getFilterableFields };

/** "TicketNotes" -> "Ticket Notes", so the dropdown's search finds what people type. */
function spaced(name: string): string {
	return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

/** The entities the chosen operation works on, from the catalog (no request). */
export async function getEntities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const operation = (this.getCurrentNodeParameter('operation') as AutotaskOperation | undefined) ?? 'getMany';
	return entitiesFor(operation).map((entry) => ({
		name: spaced(entry.name),
		value: entry.name,
		description: entry.parent
			? `${entry.name}, written under ${entry.parent.entity}/{id}/${entry.parent.segment}`
			: entry.name,
	}));
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
