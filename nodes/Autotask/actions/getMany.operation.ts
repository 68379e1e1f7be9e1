import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { FieldIndex } from '../../common/fields';
import { filterProperties, readFilter } from '../../common/filters';
import { multiSelectIndex, shapeRecordWithMultiSelect } from '../../common/multiSelectUdf';
import {
	FLATTEN_UDFS_OPTION,
	optionsCollection,
	PICKLIST_LABELS_OPTION,
	readLimit,
	readOutputOptions,
	returnAllAndLimit,
} from '../../common/parameters';
import { readReferenceLabels, referenceLabelOptions, ReferenceLabeller } from '../../common/referenceLabels';
import { AutotaskClient } from '../../transport';
import type { FieldInfo } from '../../transport/types';
import { resolveEntity } from '../helpers/entity';
import { metadataLoader } from '../helpers/metadata';

const show = { operation: ['getMany'] };

export const description: INodeProperties[] = [
	...filterProperties(show),
	...returnAllAndLimit(show, 'records'),
	optionsCollection([
		{
			displayName: 'Fields to Return Names or IDs',
			name: 'includeFields',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getReturnableFields', loadOptionsDependsOn: ['entity'] },
			default: [],
			description:
				'Only these fields (and id) are returned, which makes large reads lighter. User-defined fields always come back. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		FLATTEN_UDFS_OPTION,
		PICKLIST_LABELS_OPTION,
		...referenceLabelOptions(['entity']),
	], show),
];

function includeFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	requested: unknown,
	fields: FieldInfo[],
): string[] | undefined {
	const names = (Array.isArray(requested) ? requested : String(requested ?? '').split(','))
		.map((name) => String(name).trim())
		.filter((name) => name !== '');
	if (names.length === 0) return undefined;
	const index = new FieldIndex(fields);
	return names.map((name) => {
		const resolved = index.resolve(name);
		if (!resolved) {
			throw new NodeOperationError(ctx.getNode(), index.unknownFieldError(name), { itemIndex });
		}
		return resolved.field.name;
	});
}

/**
 * Records matching the filter, page by page (MaxRecords min(500, limit) on every page, the last
 * page trimmed locally), so N records cost ceil(N/500) queries and Limit L costs ceil(L/500).
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const metadata = metadataLoader(client);
	const references = new ReferenceLabeller(client, this.getNode());
	const items = await runItems(this, async (itemIndex) => {
		const entry = resolveEntity(this, itemIndex, 'getMany');
		const { fields, udfs, labels } = await metadata(entry.name);
		const filter = readFilter(this, itemIndex, fields, udfs);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const output = readOutputOptions(this, itemIndex);
		const query = {
			filter,
			includeFields: includeFields(this, itemIndex, options.includeFields, fields),
			limit: readLimit(this, itemIndex),
		};
		const multiSelect = multiSelectIndex(udfs);
		const records: IDataObject[] = [];
		for await (const page of client.queryPages(entry.name, query)) {
			for (const record of page) records.push(shapeRecordWithMultiSelect(record, labels, output, multiSelect));
		}
		references.add(entry.name, records, readReferenceLabels(options), itemIndex);
		return records;
	});
	await references.flush();
	return items;
}
