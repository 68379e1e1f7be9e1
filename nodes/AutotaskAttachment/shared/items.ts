import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * Runs `work` for each input item one after another: files are held one at a time, so memory stays
 * at one file whatever the number of items (and Autotask's 10,000,000 bytes per 5 minutes leave
 * nothing to gain from parallel uploads). With continue-on-fail a failing item becomes an error
 * item; without it the node stops at the first failure.
 */
export async function runItemsInTurn(
	ctx: IExecuteFunctions,
	work: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const outcome = await attempt(async () => await work(itemIndex));
		if (outcome instanceof Error) {
			if (!ctx.continueOnFail()) throw outcome;
			output.push({ json: errorJson(outcome), pairedItem: { item: itemIndex } });
		} else {
			output.push(...outcome.map((item) => ({ ...item, pairedItem: { item: itemIndex } })));
		}
	}
	return output;
}

export function errorJson(error: Error): { error: string; details?: string } {
	const description = (error as { description?: unknown }).description;
	return { error: error.message, ...(typeof description === 'string' ? { details: description } : {}) };
}

/** The value, or the error it failed with. */
export async function attempt<T>(work: () => Promise<T>): Promise<T | Error> {
	try {
		return await work();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}
