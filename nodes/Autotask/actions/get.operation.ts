import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { shapeRecord } from '../../common/output';
import { FLATTEN_UDFS_OPTION, optionsCollection, PICKLIST_LABELS_OPTION, readOutputOptions } from '../../common/parameters';
import { AutotaskClient } from '../../transport';
import { recordIdOf, resolveEntity } from '../helpers/entity';
import { metadataLoader } from '../helpers/metadata';
import { recordIdProperty } from './common';

const show = { operation: ['get'] };

export const description: INodeProperties[] = [
	recordIdProperty(show),
	optionsCollection([FLATTEN_UDFS_OPTION, PICKLIST_LABELS_OPTION], show),
];

/** One record by ID (GET /{Entity}/{id}); a missing record is an error naming the entity and ID. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const metadata = metadataLoader(client);
	return await runItems(this, async (itemIndex) => {
		const entry = resolveEntity(this, itemIndex, 'get');
		const id = recordIdOf(this, itemIndex);
		const output = readOutputOptions(this, itemIndex);
		const record = await client.getOrFail(entry.name, id);
		const labels = output.labels === 'none' ? new Map() : (await metadata(entry.name)).labels;
		return shapeRecord(record, labels, output);
	});
}
