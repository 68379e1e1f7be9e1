import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { filterProperties, readFilter } from '../../common/filters';
import { AutotaskClient } from '../../transport';
import { resolveEntity } from '../helpers/entity';
import { metadataLoader } from '../helpers/metadata';

const show = { operation: ['count'] };

export const description: INodeProperties[] = [...filterProperties(show)];

/** How many records match the filter (one count request): `{ entity, count }`. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const metadata = metadataLoader(client);
	return await runItems(this, async (itemIndex) => {
		const entry = resolveEntity(this, itemIndex, 'count');
		const { fields, udfs } = await metadata(entry.name);
		const filter = readFilter(this, itemIndex, fields, udfs);
		return { entity: entry.name, count: await client.count(entry.name, filter) };
	});
}
