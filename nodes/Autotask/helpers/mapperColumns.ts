import type { FieldType, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';

import { UDF_PREFIX, valueKind } from '../../common/fields';
import type { FieldLike } from '../../common/fields';
import { isMultiSelectUdf, multiSelectMapperColumn } from '../../common/multiSelectUdf';
import type { WriteMode } from '../../common/writeBody';

/**
 * The generic node's resource mapper columns for a create or update, built from the entity's
 * metadata (what the user maps is checked by `common/writeBody.ts`). Pure: no n8n context, no
 * requests.
 */

/**
 * Picklists longer than this are offered as free text (value or label, checked on execute): the
 * mapper stores its columns in the workflow, so a long list would be embedded in every node.
 */
export const MAX_EMBEDDED_PICKLIST = 100;

const MAPPER_TYPE: Record<ReturnType<typeof valueKind>, FieldType> = {
	integer: 'number',
	decimal: 'number',
	boolean: 'boolean',
	datetime: 'dateTime',
	string: 'string',
};

function picklistOptions(field: FieldLike, fields: readonly FieldLike[]): INodePropertyOptions[] {
	const parentName = field.picklistParentValueField?.toLowerCase();
	const parent = parentName ? fields.find((candidate) => candidate.name.toLowerCase() === parentName) : undefined;
	const parentLabel = (value: string | null | undefined) =>
		parent?.picklistValues?.find((option) => String(option.value) === String(value))?.label ?? value;
	return (field.picklistValues ?? [])
		.filter((option) => option.isActive !== false)
		.map((option) => ({
			// Dependent picklists (Tickets.subIssueType under issueType): the mapper cannot filter
			// by the parent's value, so each label names its parent; execute checks the pair.
			name: parent && option.parentValue ? `${option.label} (${parent.name}: ${parentLabel(option.parentValue)})` : option.label,
			value: valueKind(field) === 'string' ? String(option.value) : Number(option.value),
		}));
}

function mapperColumn(
	field: FieldLike,
	id: string,
	displayName: string,
	required: boolean,
	fields: readonly FieldLike[],
): ResourceMapperField {
	const activeOptions = (field.picklistValues ?? []).filter((option) => option.isActive !== false).length;
	const embed = field.isPickList && activeOptions > 0 && activeOptions <= MAX_EMBEDDED_PICKLIST;
	const column: ResourceMapperField = {
		id,
		displayName,
		required,
		defaultMatch: false,
		display: true,
		canBeUsedToMatch: false,
		type: embed ? 'options' : MAPPER_TYPE[valueKind(field)],
	};
	if (embed) column.options = picklistOptions(field, fields);
	return column;
}

function standardDisplayName(field: FieldLike): string {
	const notes: string[] = [];
	if (field.isReference && field.referenceEntityType) notes.push(`${field.referenceEntityType} ID`);
	if (field.isPickList && (field.picklistValues?.length ?? 0) > MAX_EMBEDDED_PICKLIST) notes.push('picklist: value or label');
	return notes.length ? `${field.name} (${notes.join(', ')})` : field.name;
}

/**
 * The resource mapper's columns: writable standard fields (required ones first on create), then
 * the writable UDFs. Read-only fields and `id` are left out; the record id and the parent id
 * have their own parameters.
 */
export function writableMapperFields(
	fields: readonly FieldLike[],
	udfs: readonly FieldLike[],
	mode: WriteMode,
): ResourceMapperField[] {
	const writable = fields.filter((field) => !field.isReadOnly && field.name.toLowerCase() !== 'id');
	const isRequired = (field: FieldLike) => mode === 'create' && field.isRequired === true;
	const ordered = [...writable.filter(isRequired), ...writable.filter((field) => !isRequired(field))];
	const standardNames = new Set(fields.map((field) => field.name.toLowerCase()));
	return [
		...ordered.map((field) => mapperColumn(field, field.name, standardDisplayName(field), isRequired(field), fields)),
		...udfs
			.filter((udf) => !udf.isReadOnly)
			.map((udf) => {
				const id = standardNames.has(udf.name.toLowerCase()) ? `${UDF_PREFIX}${udf.name}` : udf.name;
				if (isMultiSelectUdf(udf)) return multiSelectMapperColumn(udf, id);
				// The API does not enforce UDFs marked required in the UI.
				return mapperColumn(udf, id, `${udf.label && udf.label !== udf.name ? udf.label : udf.name} (UDF)`, false, udfs);
			}),
	];
}
