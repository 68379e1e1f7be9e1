import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AutotaskClient } from '../transport';
import type { LabelMode, OutputOptions } from './output';

/**
 * Builders for the parameters several operations share. Each takes the operations (and resources)
 * it shows for, so an operation file declares exactly what it offers.
 */
export type ShowFor = NonNullable<INodeProperties['displayOptions']>['show'];

export function returnAllAndLimit(show: ShowFor, noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: `Max number of ${noun} to return`,
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** The limit to pass to the transport: undefined reads everything. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return ctx.getNodeParameter('limit', itemIndex, 50) as number;
}

export const PICKLIST_LABELS_OPTION: INodeProperties = {
	displayName: 'Picklist Labels',
	name: 'picklistLabels',
	type: 'options',
	default: 'add',
	options: [
		{ name: 'Add Label Fields', value: 'add', description: 'Keep the value and add <field>_label beside it' },
		{ name: 'Replace Values With Labels', value: 'replace' },
		{ name: 'Values Only', value: 'none', description: 'Output picklists exactly as Autotask stores them' },
	],
	description: 'How picklist fields (status, priority, security level, ...) appear in the output',
};

export const FLATTEN_UDFS_OPTION: INodeProperties = {
	displayName: 'Flatten User-Defined Fields',
	name: 'flattenUdfs',
	type: 'boolean',
	default: true,
	description:
		'Whether to put each user-defined field on the record under its own name instead of in the userDefinedFields list',
};

export const IGNORE_IF_ALREADY_OPTION: INodeProperties = {
	displayName: 'Ignore If Already In That State',
	name: 'ignoreIfAlready',
	type: 'boolean',
	default: false,
	description:
		'Whether to return the record unchanged, without writing, when it is already in the requested state. Off: that case is an error.',
};

/**
 * On whose behalf a write is made. Autotask grants an impersonated write only the rights both the
 * API user and the impersonated resource have, and only for entities their security levels allow
 * impersonation for, so each write operation chooses (read with `writeClient`).
 */
export const IMPERSONATION_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Impersonation',
		name: 'impersonation',
		type: 'options',
		default: 'credential',
		options: [
			{
				name: 'From the Credential',
				value: 'credential',
				description: "On behalf of the credential's Impersonation Resource ID, when it sets one",
			},
			{ name: 'None', value: 'none', description: 'As the API user itself' },
			{
				name: 'Another Resource',
				value: 'resource',
				description: 'On behalf of the resource given in Impersonation Resource ID',
			},
		],
		description:
			'On whose behalf Autotask records the write. An impersonated write gets only the rights both the API user and that resource have, for entities their security levels allow impersonation for.',
	},
	{
		displayName: 'Impersonation Resource ID',
		name: 'impersonationResourceId',
		type: 'number',
		default: 0,
		description: 'The resource to write on behalf of, when Impersonation is Another Resource',
	},
];

/**
 * The client an item's write goes through: impersonating as the item's Options > Impersonation
 * says (the credential's setting by default).
 */
export function writeClient(ctx: IExecuteFunctions, client: AutotaskClient, itemIndex: number): AutotaskClient {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const choice = String(options.impersonation ?? 'credential');
	if (choice === 'credential') return client;
	if (choice === 'none') return client.impersonating(undefined);
	if (choice !== 'resource') {
		throw new NodeOperationError(ctx.getNode(), `Impersonation must be From the Credential, None or Another Resource, got "${choice}"`, {
			itemIndex,
		});
	}
	const given = options.impersonationResourceId;
	const id = Number(given);
	if (given === undefined || given === '' || id === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Impersonation is Another Resource, but no Impersonation Resource ID is set', {
			itemIndex,
			description: 'Add the option Impersonation Resource ID with the ID of the resource to write on behalf of.',
		});
	}
	if (!Number.isInteger(id) || id < 0) {
		throw new NodeOperationError(ctx.getNode(), `Impersonation Resource ID must be a whole number above 0, got "${String(given)}"`, {
			itemIndex,
		});
	}
	return client.impersonating(id);
}

export const READ_BACK_OPTION: INodeProperties = {
	displayName: 'Return Written Record',
	name: 'readBack',
	type: 'boolean',
	default: true,
	description:
		'Whether to output each record as Autotask now holds it (re-read together, one request per 500 records). Off: output only the ID, saving that request.',
};

/** Reads the shared output options from an operation's "options" collection. */
export function readOutputOptions(ctx: IExecuteFunctions, itemIndex: number, collection = 'options'): OutputOptions {
	const options = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	return {
		labels: (options.picklistLabels as LabelMode | undefined) ?? 'add',
		flattenUdfs: (options.flattenUdfs as boolean | undefined) ?? true,
	};
}

/**
 * An operation's "Options" collection: how picklists appear in the output, plus the options
 * specific to the operation (e.g. IGNORE_IF_ALREADY_OPTION). Read with `readOutputOptions`.
 */
export function outputOptionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return optionsCollection([...extra, PICKLIST_LABELS_OPTION].sort((a, b) => a.displayName.localeCompare(b.displayName)));
}

/** The "Options" collection every node and operation names the same, shown where `show` says. */
export function optionsCollection(options: INodeProperties[], show?: ShowFor): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		...(show ? { displayOptions: { show } } : {}),
		options,
	};
}

/** The "Filters" collection of a Get Many whose filters are fixed parameters, not the filter builder. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options };
}

/**
 * A field mapper fed by the node's `getWritableFields` method: only the fields Autotask lets the API
 * write are offered, and the input item's own fields can be mapped automatically.
 */
export function writableFieldsMapper(
	property: Pick<INodeProperties, 'displayName' | 'description' | 'displayOptions'>,
	options: { dependsOn: string[]; noFieldsError?: string },
): INodeProperties {
	return {
		...property,
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: options.dependsOn,
			resourceMapper: {
				resourceMapperMethod: 'getWritableFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
				...(options.noFieldsError ? { noFieldsError: options.noFieldsError } : {}),
			},
		},
	};
}
