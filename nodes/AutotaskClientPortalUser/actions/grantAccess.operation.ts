import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { switchPortalAccess, switchAccessProperties } from '../shared/access';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['grantAccess'] } },
	switchAccessProperties(),
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await switchPortalAccess(this, true);
}
