import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import type { Operation } from '../common/router';
import { runSelectedOperation } from '../common/router';
import { optionNameSubtitle } from '../common/subtitle';
import { autotaskUserApiTest } from '../transport';
import * as deleteOperation from './actions/delete.operation';
import * as download from './actions/download.operation';
import * as getMany from './actions/getMany.operation';
import * as upload from './actions/upload.operation';
import { PARENT_PROPERTIES } from './shared/properties';

const operations: Record<string, Operation> = { upload, download, getMany, delete: deleteOperation };

const OPERATION_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Delete',
		value: 'delete',
		description: 'Delete an attachment by ID from its ticket, task, project, company, note, ...',
		action: 'Delete an attachment',
	},
	{
		name: 'Download',
		value: 'download',
		description: 'Download a file attached to a record into binary data, with its file name and MIME type',
		action: 'Download an attachment',
	},
	{
		name: 'Get Many',
		value: 'getMany',
		description: "List a record's attachments (name, type, size, who attached them), optionally with the files",
		action: 'Get many attachments',
	},
	{
		name: 'Upload',
		value: 'upload',
		description: 'Attach a file from binary data (up to 6 MB), or a link, to a ticket, task, project, company, note, ...',
		action: 'Upload an attachment',
	},
];

export class AutotaskAttachment implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Attachment',
		name: 'autotaskAttachment',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: optionNameSubtitle('operation', OPERATION_OPTIONS),
		description:
			'Upload files (n8n binary data) and links to Autotask tickets, tasks, projects, companies, notes, time entries and other records, download them, list and delete them',
		defaults: { name: 'Autotask Attachment' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskUserApi', required: true, testedBy: 'autotaskUserApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'attachment',
				options: [{ name: 'Attachment', value: 'attachment', description: 'Files and links attached to Autotask records' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['attachment'] } },
				default: 'upload',
				options: OPERATION_OPTIONS,
			},
			...PARENT_PROPERTIES,
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = {
		credentialTest: { autotaskUserApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runSelectedOperation(this, operations);
	}
}
