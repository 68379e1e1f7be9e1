import type { IDataObject, IExecuteFunctions, ResourceMapperValue } from 'n8n-workflow';

import { parseJsonObject } from '../../common/json';
import { asNodeError } from '../../common/nodeError';

/** One item's field values for a create or update, and where they came from. */
export interface WriteValues {
	values: IDataObject;
	source: 'mapper' | 'autoMap' | 'json';
}

/**
 * Reads the field values of one item (the parameters of `writeFieldsProperties`): from the mapper,
 * the input item (auto-map) or the JSON.
 */
export function readWriteValues(ctx: IExecuteFunctions, itemIndex: number): WriteValues {
	if (ctx.getNodeParameter('fieldsSource', itemIndex, 'mapper') === 'json') {
		const raw = ctx.getNodeParameter('fieldsJson', itemIndex, '{}') as unknown;
		try {
			return { values: parseJsonObject(raw, 'Fields (JSON)', 'must be an object of field names and values'), source: 'json' };
		} catch (error) {
			throw asNodeError(ctx.getNode(), error, itemIndex);
		}
	}
	const mapper = ctx.getNodeParameter('fields', itemIndex) as ResourceMapperValue;
	if (mapper.mappingMode === 'autoMapInputData') {
		return { values: { ...ctx.getInputData()[itemIndex].json }, source: 'autoMap' };
	}
	return { values: (mapper.value ?? {}) as IDataObject, source: 'mapper' };
}
