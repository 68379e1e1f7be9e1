import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { multiSelectIndex, shapeRecordWithMultiSelect } from '../../common/multiSelectUdf';
import { FLATTEN_UDFS_OPTION, optionsCollection, PICKLIST_LABELS_OPTION, readOutputOptions } from '../../common/parameters';
import { readReferenceLabels, referenceLabelOptions, ReferenceLabeller } from '../../common/referenceLabels';
import { AutotaskClient } from '../../transport';
import { recordIdOf, resolveEntity } from '../helpers/entity';
import { metadataLoader } from '../helpers/metadata';
import { recordIdProperty } from '../helpers/properties';

const show = { operation: ['get'] };

export const description: INodeProperties[] = [
	recordIdProperty(show),
	optionsCollection([FLATTEN_UDFS_OPTION, PICKLIST_LABELS_OPTION, ...referenceLabelOptions(['entity'])], show),
];

/** One record by ID (GET /{Entity}/{id}); a missing record is an error naming the entity and ID. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const metadata = metadataLoader(client);
	const references = new ReferenceLabeller(client, this.getNode());
	const items = await runItems(this, async (itemIndex) => {
		const entry = resolveEntity(this, itemIndex, 'get');
		const id = recordIdOf(this, itemIndex);
		const output = readOutputOptions(this, itemIndex);
		const record = await client.getOrFail(entry.name, id);
		const hasUdfs = Array.isArray(record.userDefinedFields) && record.userDefinedFields.length > 0;
		const loaded = output.labels !== 'none' || hasUdfs ? await metadata(entry.name) : undefined;
		const shaped = shapeRecordWithMultiSelect(record, loaded?.labels ?? new Map(), output, multiSelectIndex(loaded?.udfs));
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		references.add(entry.name, [shaped], readReferenceLabels(options), itemIndex);
		return shaped;
	});
	await references.flush();
	return items;
}
