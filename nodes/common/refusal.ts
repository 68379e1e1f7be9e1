import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/**
 * A refusal: the input, or the state of a record, does not allow what was asked ("already has a
 * client portal user", "not an e-mail address"). The item fails, or the node stops, but nothing
 * crashed. Level 'warning' is n8n's level for that: n8n's error reporter logs such an error as one
 * line without a stack trace and does not send it to error tracking (n8n-core ErrorReporter
 * prints stacks for level 'error' and for causes that are not n8n errors; BaseError reports only
 * 'error' and 'fatal'). The message goes in as text so that no other Error, with its own stack,
 * rides along as the cause.
 */
export function refusal(
	node: INode,
	message: string,
	options: { itemIndex?: number; description?: string } = {},
): NodeOperationError {
	return new NodeOperationError(node, message, { ...options, level: 'warning' });
}
