import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { picklistDropdown } from '../../common/picklistOptions';
import { referenceFieldsMethod } from '../../common/referenceLabels';
import { AutotaskClient } from '../../transport';
import { RESOURCES } from '../shared/resource';

async function resourcePicklist(ctx: ILoadOptionsFunctions, field: string): Promise<INodePropertyOptions[]> {
	const client = await AutotaskClient.forContext(ctx);
	return picklistDropdown(await client.fields(RESOURCES), field);
}

export async function getResourceTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await resourcePicklist(this, 'resourceType');
}

export async function getLicenseTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await resourcePicklist(this, 'licenseType');
}

export async function getLocations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await resourcePicklist(this, 'locationID');
}

/** Reference fields of Resources, for Options > Reference Fields to Label. */
export const getReferenceFields = referenceFieldsMethod(
	() => RESOURCES,
	async (ctx) => await AutotaskClient.forContext(ctx),
);
