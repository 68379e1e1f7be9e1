import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { autotaskUserApiTest } from '../transport';
import { TRIGGER_SUBTITLE, triggerProperties } from './description';
import { loadOptions } from './methods';
import { pollTrigger } from './poll';
import { untilCredential } from '../common/credentialPending';

export class AutotaskTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Trigger (polling)',
		name: 'autotaskTrigger',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: TRIGGER_SUBTITLE,
		// n8n's node panel shows this trigger and the "Autotask (any entity)" node as one entry, with
		// the generic node's actions and these events, and gives that entry the trigger's description:
		// so it describes both.
		description:
			'Read and write any Autotask record, and start workflows when records are created or changed, portal access is granted or revoked, or resources are activated or deactivated',
		defaults: { name: 'Autotask Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskUserApi', required: true, testedBy: 'autotaskUserApiTest' }],
		properties: triggerProperties,
	};

	methods = untilCredential({
		loadOptions,
		credentialTest: { autotaskUserApiTest },
	});

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger(this);
	}
}
