import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { EntityMetadata } from './metadata';
import { buildWriteBody } from './writeFields';
import type { WriteBodyOptions } from './writeFields';
import { asNodeError } from '../../common/nodeError';

/** Builds a write body, turning a validation failure into an error on this item. */
export function validatedBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	values: IDataObject,
	metadata: EntityMetadata,
	options: WriteBodyOptions,
): IDataObject {
	try {
		return buildWriteBody(values, metadata.fields, metadata.udfs, options);
	} catch (error) {
		throw asNodeError(ctx.getNode(), error, itemIndex);
	}
}
