import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { outputOptionsCollection } from '../../common/parameters';
import { recordShaper } from '../../common/recordShaper';
import { referenceLabelOptions, withReferenceLabels } from '../../common/referenceLabels';
import { AutotaskClient } from '../../transport';
import { locateResources, RESOURCES, resourceSelector } from '../shared/resource';

const properties: INodeProperties[] = [...resourceSelector(), outputOptionsCollection(referenceLabelOptions())];

export const description = updateDisplayOptions({ show: { operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const resources = await locateResources(this, client);
	const shape = await recordShaper(this, client, RESOURCES);
	const items = await runItems(this, async (itemIndex) => {
		const resource = resources[itemIndex];
		if (resource instanceof Error) throw resource;
		return shape(resource, itemIndex);
	});
	return await withReferenceLabels(this, client, RESOURCES, items);
}
