import type { FieldType, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { fieldLabel, valueKind } from '../../common/fields';
import type { FieldLike } from '../../common/fields';
import { picklistDropdown } from '../../common/picklistOptions';
import { AutotaskClient } from '../../transport';
import { RESOURCES } from '../shared/resource';
import { writableFields } from '../shared/writableFields';

function fieldType(field: FieldLike): FieldType {
	if (field.isPickList && field.picklistValues?.length) return 'options';
	const kind = valueKind(field);
	if (kind === 'integer' || kind === 'decimal') return 'number';
	if (kind === 'boolean') return 'boolean';
	if (kind === 'datetime') return 'dateTime';
	return 'string';
}

/**
 * The Resource fields Update can write, from this Autotask's metadata. Read-only fields (hire date,
 * license type, location, security level...) are left out: the API refuses to change them.
 */
export async function getWritableFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const client = await AutotaskClient.forContext(this);
	const fields = await client.fields(RESOURCES);
	return {
		fields: writableFields(fields).map((field) => {
			const type = fieldType(field);
			return {
				id: field.name,
				displayName: fieldLabel(field.name),
				required: false,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
				type,
				...(type === 'options' ? { options: picklistDropdown(fields, field.name) } : {}),
			};
		}),
	};
}
