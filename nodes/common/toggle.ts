import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { AutotaskClient, AutotaskRecord } from '../transport';
import { runWrites } from './execution';
import { writeClient } from './parameters';
import { refusal } from './refusal';
import { asNodeError } from './nodeError';

/**
 * Switching one boolean state flag on a record (portal access, resource active) with the same rule
 * everywhere: asking for the state a record is already in is an error that says so, unless the
 * "Ignore If Already In That State" option is on, in which case nothing is written and the record
 * is returned as it is.
 */
export interface StateSwitch {
	client: AutotaskClient;
	entity: string;
	/** The boolean field written, e.g. `isClientPortalActive` or `isActive`. */
	field: string;
	/** The state asked for. */
	wanted: boolean;
	/** Each item's record, already looked up, or the error finding it. */
	targets: ReadonlyArray<AutotaskRecord | Error>;
	ignoreIfAlready: (itemIndex: number) => boolean;
	/** The error text when a record is already in the state asked for; names the record. */
	alreadyMessage: (record: AutotaskRecord) => { message: string; description: string };
	shape: (record: AutotaskRecord, itemIndex: number) => IDataObject;
	/** Rewords a failed write (e.g. a permission refusal); the transport's error is kept otherwise. */
	writeError?: (error: unknown, itemIndex: number) => Error;
}

export async function switchState(ctx: IExecuteFunctions, change: StateSwitch): Promise<INodeExecutionData[]> {
	const { client, entity, field, wanted } = change;
	return await runWrites(ctx, {
		client,
		entity,
		readBack: true,
		shape: change.shape,
		prepare: async (itemIndex) => {
			const record = change.targets[itemIndex];
			if (record instanceof Error) throw record;
			if ((record[field] === true) === wanted) {
				if (change.ignoreIfAlready(itemIndex)) return { unchanged: record };
				const { message, description } = change.alreadyMessage(record);
				throw refusal(ctx.getNode(), message, { itemIndex, description });
			}
			const { writeError } = change;
			const writer = writeClient(ctx, client, itemIndex);
			return {
				send: async () =>
					await writer.update({ entity }, { id: record.id, [field]: wanted }).catch((error: unknown) => {
						throw writeError ? writeError(error, itemIndex) : asNodeError(ctx.getNode(), error, itemIndex);
					}),
			};
		},
	});
}
