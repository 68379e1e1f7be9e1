import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { orThrow, refuseInvalidItems } from '../../common/execution';
import type { FieldLike } from '../../common/fields';
import { readOrError } from '../../common/lookup';
import { MAX_HOURLY_WAIT_OPTION, maxHourlyWaitMinutes } from '../../common/hourlyWait';
import { IMPERSONATION_OPTIONS, outputOptionsCollection, writableFieldsMapper, writeClient } from '../../common/parameters';
import { runShapedWrites } from '../../common/recordShaper';
import { itemWriteBody } from '../../common/writeBody';
import { AutotaskClient } from '../../transport';
import type { AutotaskRecord } from '../../transport';
import {
	assertResourceAdmin,
	locateResources,
	RESOURCES,
	resourceSelector,
	resourceWriteError,
} from '../shared/resource';
import { resourceUpdateRules } from '../shared/writableFields';

const properties: INodeProperties[] = [
	...resourceSelector(),
	writableFieldsMapper(
		{
			displayName: 'Fields to Update',
			description:
				"The fields to change. Only fields Autotask lets the API write are offered; hire date, license type, location and security level are read-only. A field added and left empty is not sent; to clear one, set it to the expression {{ \"\" }}. When mapping automatically, input fields named like a writable field are used and all others (the resource's ID, read-only fields) are ignored.",
		},
		// shown, with n8n's Retry link, when the editor asked before it attached the credential
		{ dependsOn: ['findBy'], noFieldsError: 'The fields load once the node has its Autotask credential' },
	),
	outputOptionsCollection([...IMPERSONATION_OPTIONS, MAX_HOURLY_WAIT_OPTION]),
];

export const description = updateDisplayOptions({ show: { operation: ['update'] } }, properties);

/** The fields one item asks to change, as given (mapped below, or the item's own fields). */
function requestedFields(ctx: IExecuteFunctions, itemIndex: number): { values: IDataObject; automatic: boolean } {
	const mode = ctx.getNodeParameter('fields.mappingMode', itemIndex, 'defineBelow') as string;
	if (mode === 'autoMapInputData') return { values: ctx.getInputData()[itemIndex].json, automatic: true };
	return { values: (ctx.getNodeParameter('fields.value', itemIndex, {}) as IDataObject | null) ?? {}, automatic: false };
}

/** Checks and converts one item's changes: writable fields only, values valid for each field. */
function readChanges(ctx: IExecuteFunctions, fields: readonly FieldLike[], itemIndex: number): IDataObject {
	const { values, automatic } = requestedFields(ctx, itemIndex);
	return itemWriteBody(ctx.getNode(), itemIndex, values, fields, [], resourceUpdateRules(automatic));
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const client = await AutotaskClient.forContext(this, { maxHourlyWaitMinutes: maxHourlyWaitMinutes(this) });
	const fields = await client.fields(RESOURCES);
	const changes = this.getInputData().map((_, itemIndex) => readOrError(() => readChanges(this, fields, itemIndex)));
	// Everything that can be judged without the resource is judged first, so invalid input, or an
	// API user who may not change resources, costs no read of the resources.
	const invalid = refuseInvalidItems(this, changes);
	let refusal: Error | undefined;
	try {
		await assertResourceAdmin(node, client);
	} catch (error) {
		refusal = error as Error;
	}
	const targets: Array<AutotaskRecord | Error> = refusal
		? changes.map(() => refusal as Error)
		: await locateResources(this, client, invalid);
	return await runShapedWrites(this, { client, entity: RESOURCES }, async (itemIndex) => {
		const change = orThrow(changes[itemIndex]);
		const target = orThrow(targets[itemIndex]);
		const writer = writeClient(this, client, itemIndex);
		return {
			send: async () =>
				await writer.update({ entity: RESOURCES }, { id: target.id, ...change }).catch((error: unknown) => {
					throw resourceWriteError(node, client, error, itemIndex);
				}),
		};
	});
}
