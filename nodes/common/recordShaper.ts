import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { AutotaskClient } from '../transport';
import { runWrites } from './execution';
import type { PreparedWrite } from './execution';
import { buildLabelLookup, shapeRecord } from './output';
import type { LabelLookup, OutputOptions } from './output';
import { readOutputOptions } from './parameters';

export type RecordShaper = (record: IDataObject, itemIndex: number) => IDataObject;

/**
 * Builds the function that turns records into output items for an operation, honouring each item's
 * output options ("options" collection). The entity's field metadata (a cached request) is loaded
 * only when some item asks for picklist labels. `prepare` adjusts a record before labels are
 * applied (e.g. to add a derived status); `shapeRecord` keeps secrets out.
 */
export async function recordShaper(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	entity: string,
	prepare: (record: IDataObject) => IDataObject = (record) => record,
): Promise<RecordShaper> {
	const itemCount = ctx.getInputData().length;
	const options: OutputOptions[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		options.push(readOutputOptions(ctx, itemIndex));
	}
	const lookup: LabelLookup = options.some((option) => option.labels !== 'none')
		? buildLabelLookup(await client.fields(entity))
		: new Map();
	return (record, itemIndex) =>
		shapeRecord(prepare(record), lookup, options[itemIndex] ?? { labels: 'add', flattenUdfs: true });
}

/**
 * Writes of one entity whose records are re-read together and shaped like reads (see
 * `runWrites`); `forOutput` as in `recordShaper`.
 */
export async function runShapedWrites(
	ctx: IExecuteFunctions,
	{ client, entity, forOutput }: { client: AutotaskClient; entity: string; forOutput?: (record: IDataObject) => IDataObject },
	prepare: (itemIndex: number) => Promise<PreparedWrite>,
): Promise<INodeExecutionData[]> {
	const shape = await recordShaper(ctx, client, entity, forOutput);
	return await runWrites(ctx, { client, entity, readBack: true, shape, prepare });
}
