import { UserError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { EntityMetadata } from './metadata';
import { itemWriteBody } from '../../common/writeBody';
import type { ValueSource, WriteMode } from '../../common/writeBody';

/** What the generic node's create and update tell the write-body rules about one item. */
export interface WriteBodyOptions {
	mode: WriteMode;
	entity: string;
	source: ValueSource;
	/** Fields set elsewhere (the parent id field of a child entity, filled from the URL). */
	providedElsewhere?: string[];
	/** The record an update changes, named when it would change nothing. */
	recordId?: number;
}

/** The item's write body under the generic node's rules (the defaults of `common/writeBody.ts`). */
export function validatedBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	values: IDataObject,
	metadata: EntityMetadata,
	{ recordId, ...rules }: WriteBodyOptions,
): IDataObject {
	return itemWriteBody(ctx.getNode(), itemIndex, values, metadata.fields, metadata.udfs, {
		...rules,
		messages: {
			nothingToUpdate: (entity) => new UserError(`Nothing to update on ${entity} ${String(recordId)}: no field values given`),
		},
	});
}
