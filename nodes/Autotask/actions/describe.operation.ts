import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { EntityCatalogEntry } from '../../common/catalog';
import { runItems } from '../../common/execution';
import { describeType, valueKind } from '../../common/fields';
import type { FieldLike } from '../../common/fields';
import { optionsCollection } from '../../common/parameters';
import { AutotaskClient } from '../../transport';
import { REQUIRED_API_OPERATION, resolveEntity } from '../helpers/entity';
import type { AutotaskOperation } from '../helpers/entity';

const show = { operation: ['describe'] };

export const description: INodeProperties[] = [
	optionsCollection([
		{
			displayName: 'Include Picklist Values',
			name: 'includePicklistValues',
			type: 'boolean',
			default: true,
			description: 'Whether to list each picklist field\'s values and labels (some picklists are long)',
		},
	], show),
];

function describeField(field: FieldLike, withPicklists: boolean): IDataObject {
	const described: IDataObject = {
		name: field.name,
		...(field.label && field.label !== field.name ? { label: field.label } : {}),
		type: valueKind(field),
		apiType: field.dataType ?? field.type ?? '',
		summary: describeType(field),
		required: field.isRequired === true,
		readOnly: field.isReadOnly === true,
		queryable: field.isQueryable !== false,
	};
	if (valueKind(field) === 'string' && field.length) described.maxLength = field.length;
	if (field.isReference && field.referenceEntityType) described.references = field.referenceEntityType;
	if (field.isPickList) {
		described.picklist = true;
		if (field.picklistParentValueField) described.picklistDependsOn = field.picklistParentValueField;
		if (withPicklists) {
			described.picklistValues = (field.picklistValues ?? []).map((option) => ({
				value: option.value,
				label: option.label,
				...(option.isActive === false ? { active: false } : {}),
				...(option.parentValue ? { parentValue: option.parentValue } : {}),
			}));
		}
	}
	return described;
}

function nodeOperations(entry: EntityCatalogEntry): string[] {
	return (Object.keys(REQUIRED_API_OPERATION) as AutotaskOperation[]).filter((operation) => {
		const needed = REQUIRED_API_OPERATION[operation];
		return !needed || entry.ops[needed];
	});
}

/**
 * What an entity offers, for people and AI agents: the operations this node can run on it, the
 * parent path for child entities, the user's access, and every field with its type, flags,
 * references and picklist values. Metadata only (cached), no records are read.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	return await runItems(this, async (itemIndex) => {
		const entry = resolveEntity(this, itemIndex, 'describe');
		const withPicklists = this.getNodeParameter('options.includePicklistValues', itemIndex, true) as boolean;
		const [info, fields, udfs] = await Promise.all([
			client.entityInfo(entry.name),
			client.fields(entry.name),
			client.udfs(entry.name),
		]);
		const writable = fields.filter((field) => !field.isReadOnly && field.name !== 'id');
		return {
			entity: entry.name,
			displayName: entry.displayName,
			operations: nodeOperations(entry),
			parent: entry.parent
				? {
						entity: entry.parent.entity,
						path: `${entry.parent.parentPath ?? entry.parent.entity}/{parentId}/${entry.parent.segment}`,
						note: 'Create, update and delete go through the parent; reads use the entity itself.',
					}
				: null,
			access: {
				create: info.userAccessForCreate,
				query: info.userAccessForQuery,
				update: info.userAccessForUpdate,
				delete: info.userAccessForDelete,
			},
			hasUserDefinedFields: info.hasUserDefinedFields,
			supportsWebhookCallouts: info.supportsWebhookCallouts,
			requiredOnCreate: entry.ops.create ? writable.filter((field) => field.isRequired).map((field) => field.name) : [],
			fields: fields.map((field) => describeField(field, withPicklists)),
			userDefinedFields: udfs.map((udf) => ({ ...describeField(udf, withPicklists), ...(udf.isMultiSelect ? { multiSelect: true } : {}) })),
		};
	});
}
