import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { filtersCollection, outputOptionsCollection, readLimit, returnAllAndLimit } from '../../common/parameters';
import { recordShaper } from '../../common/recordShaper';
import { referenceLabelOptions, withReferenceLabels } from '../../common/referenceLabels';
import { AutotaskClient } from '../../transport';
import type { AutotaskFilter } from '../../transport';
import { RESOURCES } from '../shared/resource';

const EXPRESSION_HINT =
	'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

const properties: INodeProperties[] = [
	...returnAllAndLimit({}, 'resources'),
	filtersCollection([
		{
			displayName: 'Active',
			name: 'active',
			type: 'options',
			default: 'active',
			options: [
				{ name: 'Active Only', value: 'active' },
				{ name: 'Inactive Only', value: 'inactive' },
			],
			description: 'Whether to return only active or only inactive resources (without this filter: both)',
		},
		{
			displayName: 'E-Mail',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Only resources with this address as their e-mail, e-mail 2 or e-mail 3 (exact, ignoring case)',
		},
		{
			displayName: 'License Type Names or IDs',
			name: 'licenseTypes',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getLicenseTypes' },
			default: [],
			description: `Only resources with one of these license types. ${EXPRESSION_HINT}`,
		},
		{
			displayName: 'Location Names or IDs',
			name: 'locations',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getLocations' },
			default: [],
			description: `Only resources whose primary location is one of these. ${EXPRESSION_HINT}`,
		},
		{
			displayName: 'Name Contains',
			name: 'nameContains',
			type: 'string',
			default: '',
			description: 'Only resources whose first or last name contains each word of this text',
		},
		{
			displayName: 'Resource Type Names or IDs',
			name: 'resourceTypes',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getResourceTypes' },
			default: [],
			description: `Only resources of these types (e.g. Employee, Contractor). ${EXPRESSION_HINT}`,
		},
	]),
	outputOptionsCollection(referenceLabelOptions()),
];

export const description = updateDisplayOptions({ show: { operation: ['getMany'] } }, properties);

function buildFilter(filters: IDataObject): AutotaskFilter[] {
	const filter: AutotaskFilter[] = [];
	if (filters.active === 'active' || filters.active === 'inactive') {
		filter.push({ op: 'eq', field: 'isActive', value: filters.active === 'active' });
	}
	const email = String(filters.email ?? '').trim();
	if (email !== '') {
		filter.push({
			op: 'or',
			items: ['email', 'email2', 'email3'].map((field) => ({ op: 'eq', field, value: email })),
		});
	}
	for (const word of String(filters.nameContains ?? '').split(/\s+/).filter((part) => part !== '')) {
		filter.push({
			op: 'or',
			items: ['firstName', 'lastName'].map((field) => ({ op: 'contains', field, value: word })),
		});
	}
	const lists: Array<[string, string, (value: unknown) => unknown]> = [
		['resourceTypes', 'resourceType', String],
		['licenseTypes', 'licenseType', Number],
		['locations', 'locationID', Number],
	];
	for (const [option, field, convert] of lists) {
		const values = (filters[option] as unknown[] | undefined) ?? [];
		if (values.length > 0) filter.push({ op: 'in', field, value: values.map(convert) });
	}
	return filter;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const shape = await recordShaper(this, client, RESOURCES);
	const items = await runItems(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const resources = await client.query(RESOURCES, { filter: buildFilter(filters), limit: readLimit(this, itemIndex) });
		return resources.map((resource) => shape(resource, itemIndex));
	});
	return await withReferenceLabels(this, client, RESOURCES, items);
}
