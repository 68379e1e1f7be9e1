import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** One operation of an action node: the parameters it shows and what it does with all input items. */
export interface Operation {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;
}

/**
 * Runs the operation the node is set to. The operation is read from the first item, as n8n does for
 * every resource/operation node: one execution runs one operation over all its items.
 */
export async function runSelectedOperation(
	ctx: IExecuteFunctions,
	operations: Record<string, Operation>,
): Promise<INodeExecutionData[][]> {
	const name = ctx.getNodeParameter('operation', 0) as string;
	const operation = operations[name];
	if (!operation) throw new NodeOperationError(ctx.getNode(), `The operation "${name}" is not supported`);
	return [await operation.execute.call(ctx)];
}
