import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { referenceFieldsMethod } from '../../common/referenceLabels';
import { AutotaskClient } from '../../transport';
import { picklistOptions } from '../shared/picklists';
import { PORTAL_USERS } from '../shared/portalUser';

/** The tenant's picklists for the portal user's fields (metadata cached per process). */
async function portalUserPicklist(ctx: ILoadOptionsFunctions, field: string): Promise<INodePropertyOptions[]> {
	const client = await AutotaskClient.forContext(ctx);
	return picklistOptions(await client.fields(PORTAL_USERS), field);
}

export async function getSecurityLevels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await portalUserPicklist(this, 'securityLevel');
}

export async function getDateFormats(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await portalUserPicklist(this, 'dateFormat');
}

export async function getTimeFormats(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await portalUserPicklist(this, 'timeFormat');
}

export async function getNumberFormats(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await portalUserPicklist(this, 'numberFormat');
}

/** Reference fields of ClientPortalUsers, for Options > Reference Fields to Label. */
export const getReferenceFields = referenceFieldsMethod(
	() => PORTAL_USERS,
	async (ctx) => await AutotaskClient.forContext(ctx),
);
