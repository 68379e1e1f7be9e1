import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { setResourceActive, setActiveProperties } from '../shared/activation';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['activate'] } },
	setActiveProperties(),
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await setResourceActive(this, true);
}
