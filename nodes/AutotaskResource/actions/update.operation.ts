import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { orThrow, refuseInvalidItems } from '../../common/execution';
import { FieldIndex } from '../../common/fields';
import { readOrError } from '../../common/lookup';
import { MAX_HOURLY_WAIT_OPTION, maxHourlyWaitMinutes } from '../../common/hourlyWait';
import { IMPERSONATION_OPTIONS, outputOptionsCollection, writableFieldsMapper, writeClient } from '../../common/parameters';
import { runShapedWrites } from '../../common/recordShaper';
import { coerceForItem, emailProblem, nonEmptyChanges } from '../../common/validation';
import { AutotaskClient } from '../../transport';
import type { AutotaskRecord } from '../../transport';
import {
	assertResourceAdmin,
	locateResources,
	RESOURCES,
	resourceSelector,
	resourceWriteError,
} from '../shared/resource';
import { EMAIL_FIELDS, writableFields } from '../shared/writableFields';
import { asNodeError } from '../../common/nodeError';

const properties: INodeProperties[] = [
	...resourceSelector(),
	writableFieldsMapper(
		{
			displayName: 'Fields to Update',
			description:
				"The fields to change. Only fields Autotask lets the API write are offered; hire date, license type, location and security level are read-only. When mapping automatically, input fields named like a writable field are used and all others (the resource's ID, read-only fields) are ignored.",
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
function readChanges(ctx: IExecuteFunctions, index: FieldIndex, writable: Set<string>, itemIndex: number): IDataObject {
	const node = ctx.getNode();
	const { values, automatic } = requestedFields(ctx, itemIndex);
	const changes: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined || value === null) continue;
		const field = index.resolve(key)?.field;
		if (!field || !writable.has(field.name)) {
			if (automatic) continue;
			if (!field) throw asNodeError(node, index.unknownFieldError(key, RESOURCES), itemIndex);
			throw new NodeOperationError(node, `Field "${field.name}" is read-only and cannot be updated`, {
				itemIndex,
				description: `Autotask does not let the API change ${field.name} on a resource; change it in Autotask (Admin > Resources) instead.`,
			});
		}
		const converted = coerceForItem(node, field, value, itemIndex);
		if (converted === null && field.isRequired) {
			throw new NodeOperationError(node, `Field "${field.name}" is required and cannot be cleared`, { itemIndex });
		}
		if (typeof converted === 'string') {
			if (EMAIL_FIELDS.has(field.name.toLowerCase())) {
				const problem = emailProblem(converted);
				if (problem) throw new NodeOperationError(node, `Field "${field.name}" ${problem}`, { itemIndex });
			} else if (field.length && converted.length > field.length) {
				throw new NodeOperationError(
					node,
					`Field "${field.name}" must be at most ${field.length} characters (it has ${converted.length})`,
					{ itemIndex },
				);
			}
		}
		changes[field.name] = converted as IDataObject[keyof IDataObject];
	}
	return nonEmptyChanges(node, changes, itemIndex, 'Nothing to update: map at least one writable field');
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const client = await AutotaskClient.forContext(this, { maxHourlyWaitMinutes: maxHourlyWaitMinutes(this) });
	const fields = await client.fields(RESOURCES);
	const index = new FieldIndex(fields);
	const writable = new Set(writableFields(fields).map((field) => field.name));
	const changes = this.getInputData().map((_, itemIndex) =>
		readOrError(() => readChanges(this, index, writable, itemIndex)),
	);
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
