import { NodeApiError, NodeOperationError, UserError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { refusal } from './refusal';

/**
 * The one way an error raised while a node works becomes the error n8n shows. The transport's
 * NodeApiError and node errors stay as they are. A UserError (an input check in a pure helper:
 * fields, JSON, filters) becomes a refusal of the item with its message and description. Anything
 * else is wrapped, keeping it as the cause so its stack is not lost.
 */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof UserError) {
		const description = (error as { description?: unknown }).description;
		return refusal(node, error.message, {
			...(itemIndex === undefined ? {} : { itemIndex }),
			description: typeof description === 'string' ? description : undefined,
		});
	}
	return new NodeOperationError(node, error as Error, itemIndex === undefined ? {} : { itemIndex });
}
