import type { EntityInfo, FieldInfo, PicklistValue, UdfInfo } from './types';

type Raw = Record<string, unknown>;

const USER_ACCESS_NAMES: Record<string, string> = { '0': 'None', '1': 'All', '2': 'Restricted' };

function userAccess(value: unknown): string {
	const text = value === null || value === undefined ? 'None' : String(value);
	return USER_ACCESS_NAMES[text] ?? text;
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const nullableText = (value: unknown): string | null =>
	value === null || value === undefined ? null : String(value);

/** `entityInformation`'s `info`, with `userAccessFor*` always as 'None' | 'All' | 'Restricted'. */
export function toEntityInfo(raw: Raw): EntityInfo {
	return {
		name: text(raw.name),
		canCreate: raw.canCreate === true,
		canDelete: raw.canDelete === true,
		canQuery: raw.canQuery === true,
		canUpdate: raw.canUpdate === true,
		userAccessForCreate: userAccess(raw.userAccessForCreate),
		userAccessForDelete: userAccess(raw.userAccessForDelete),
		userAccessForQuery: userAccess(raw.userAccessForQuery),
		userAccessForUpdate: userAccess(raw.userAccessForUpdate),
		hasUserDefinedFields: raw.hasUserDefinedFields === true,
		supportsWebhookCallouts: raw.supportsWebhookCallouts === true,
	};
}

function toPicklistValues(raw: unknown): PicklistValue[] | null {
	if (!Array.isArray(raw)) return null;
	return raw.map((value: Raw) => ({
		value: text(value.value),
		label: text(value.label),
		isDefaultValue: value.isDefaultValue === true,
		sortOrder: Number(value.sortOrder ?? 0),
		parentValue: text(value.parentValue),
		isActive: value.isActive !== false,
		isSystem: value.isSystem === true,
	}));
}

/** What fields and UDFs both say of themselves: yes/no flags (true only when Autotask says so) and picklist values. */
function commonFieldFacts(raw: Raw) {
	return {
		length: Number(raw.length ?? 0),
		isRequired: raw.isRequired === true,
		isReadOnly: raw.isReadOnly === true,
		isQueryable: raw.isQueryable === true,
		isReference: raw.isReference === true,
		isPickList: raw.isPickList === true,
		picklistValues: toPicklistValues(raw.picklistValues),
		isSupportedWebhookField: raw.isSupportedWebhookField === true,
	};
}

export function toFieldInfo(raw: Raw): FieldInfo {
	return {
		name: text(raw.name),
		dataType: text(raw.dataType),
		...commonFieldFacts(raw),
		referenceEntityType: text(raw.referenceEntityType),
		picklistParentValueField: text(raw.picklistParentValueField),
	};
}

/**
 * Whether a UDF holds several picklist values. Autotask documents no marker ("API calls to
 * multi-select and reference UDFs are not supported"), so any plausible one counts (guess): a
 * boolean flag, or a type naming a multi-select list. See test/simulator/README.md.
 */
function isMultiSelectUdf(raw: Raw): boolean {
	if (['isMultiSelect', 'isMultiSelectPickList', 'isMultipleSelect', 'multiSelect'].some((key) => raw[key] === true)) return true;
	return [raw.type, raw.dataType, raw.udfType].some((type) => typeof type === 'string' && /multi[\s_-]*select/i.test(type));
}

export function toUdfInfo(raw: Raw): UdfInfo {
	return {
		name: text(raw.name),
		label: text(raw.label ?? raw.name),
		type: text(raw.type ?? raw.dataType),
		...commonFieldFacts(raw),
		description: nullableText(raw.description),
		referenceEntityType: nullableText(raw.referenceEntityType),
		picklistParentValueField: nullableText(raw.picklistParentValueField),
		defaultValue: nullableText(raw.defaultValue),
		isMultiSelect: isMultiSelectUdf(raw),
	};
}
