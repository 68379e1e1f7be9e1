import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { autotaskUserApiTest } from '../transport';
import { triggerProperties } from './description';
import { loadOptions } from './methods';
import { pollTrigger } from './poll';

export class AutotaskTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Trigger (polling)',
		name: 'autotaskTrigger',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] + ": " + $parameter["entity"]}}',
		description:
			'Starts the workflow when Autotask records are created or changed, portal access is granted or revoked, or resources are activated or deactivated. Never misses or repeats an event.',
		defaults: { name: 'Autotask Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskUserApi', required: true, testedBy: 'autotaskUserApiTest' }],
		properties: triggerProperties,
	};

	methods = {
		loadOptions,
		credentialTest: { autotaskUserApiTest },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger(this);
	}
}
