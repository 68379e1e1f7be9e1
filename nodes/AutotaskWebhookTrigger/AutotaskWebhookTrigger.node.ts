import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { autotaskUserApiTest } from '../transport';
import { webhookTriggerProperties } from './description';
import { createWebhookForWorkflow, deleteWebhookOfWorkflow, webhookExists } from './hooks';
import { loadOptions } from './methods';
import { receive } from './receive';
import { watchWebhook } from './watchdog';
import { untilCredential } from '../common/credentialPending';

export class AutotaskWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Trigger (webhook)',
		name: 'autotaskWebhookTrigger',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ") + ": " + $parameter["entity"]}}',
		description:
			'Starts the workflow the moment Autotask reports a created, updated or deleted company, contact, configuration item, ticket or ticket note. Signed, self-cleaning, and catches up on missed deliveries.',
		defaults: { name: 'Autotask Trigger (webhook)' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskUserApi', required: true, testedBy: 'autotaskUserApiTest' }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: webhookTriggerProperties,
	};

	methods = untilCredential({
		loadOptions,
		credentialTest: { autotaskUserApiTest },
	});

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhookForWorkflow.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhookOfWorkflow.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive(this);
	}

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await watchWebhook(this);
	}
}
