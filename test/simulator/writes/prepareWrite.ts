import type { ApiUser } from '../auth/apiUsers';
import { lowerCaseKeys } from '../caseInsensitive';
import { entityForReference, findField, requireEntity } from '../entities/catalog';
import type { EntityDef, FieldDef, PicklistValue, UdfDef } from '../entities/types';
import { autotaskError, messages } from '../errors';
import type { Store, StoredRecord, UdfValues } from '../store/store';
import { CLR_TYPES, coerceValue } from './coerce';

export type WriteMode = 'create' | 'patch' | 'put';

export interface WriteRequest {
	entity: EntityDef;
	mode: WriteMode;
	body: unknown;
	/** The parent id from the URL, for child paths such as /Companies/{id}/Contacts. */
	parentId?: number;
	user: ApiUser;
	store: Store;
}

export interface PreparedWrite {
	/** The record being updated (absent on create). */
	target?: StoredRecord;
	/** Stored-form values to write, by canonical field name. */
	values: Record<string, unknown>;
	udfValues: UdfValues;
}

/**
 * Validates a create/update body against the entity metadata and rules, the way Autotask does,
 * and converts it to stored form. All problems found are reported together as one
 * `{"errors":[...]}` response.
 *
 * Choices where Autotask's behaviour is not documented:
 * - unknown properties are ignored (Newtonsoft's default), property names are case-insensitive;
 * - a read-only field may be echoed with its current value (so GET-modify-PUT works) but any
 *   attempt to change it is an error naming the field;
 * - PUT sets every writable field missing from the body to null; UDFs not listed stay unchanged.
 */
export function prepareWrite(request: WriteRequest & { mode: 'create' }): PreparedWrite;
export function prepareWrite(request: WriteRequest & { mode: 'patch' | 'put' }): PreparedWrite & { target: StoredRecord };
export function prepareWrite(request: WriteRequest): PreparedWrite {
	const { entity, mode, body, store } = request;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw autotaskError(messages.missingBody);
	const errors: string[] = [];
	const { values, writeOnly, udfInput, bodyId, unreadable } = readBody(entity, body as Record<string, unknown>, errors);
	const target = mode === 'create' ? undefined : findTarget(request, bodyId);
	// On a child path the parent id comes from the URL; the body may only repeat it.
	const parent = entity.parent && request.parentId !== undefined ? { ...entity.parent, id: request.parentId } : undefined;
	if (parent) {
		const given = values[parent.field];
		if (given !== undefined && given !== null && given !== parent.id) errors.push(messages.parentMismatch(parent.field));
		delete values[parent.field];
	}
	rejectReadOnlyChanges(entity, values, target, errors);
	if (mode === 'put') {
		for (const field of entity.fields) {
			const writable = !field.isReadOnly && !field.isWriteOnly && field.name !== parent?.field;
			if (writable && !(field.name in values)) values[field.name] = null;
		}
	}
	for (const field of entity.fields) {
		if (field.name in values) checkValue(field, values[field.name], target, store, errors);
	}
	if (parent && mode === 'create') {
		if (!store.table(requireEntity(parent.entity)).records.has(parent.id)) errors.push(messages.invalidReference(parent.field));
		values[parent.field] = parent.id;
	}

	const base = target ?? store.table(entity).blank(0, (name) => entity.defaults?.[name]);
	const merged: Record<string, unknown> = { ...base, ...values };
	checkRequired(entity, merged, unreadable, errors);
	checkDependentPicklists(entity, merged, values, errors);
	const udfValues = readUdfs(entity, udfInput, store, errors);
	for (const rule of entity.rules ?? []) {
		errors.push(
			...rule({ operation: target ? 'update' : 'create', store, user: request.user, current: target, merged, writeOnly }),
		);
	}
	if (errors.length > 0) throw autotaskError(errors);
	return { target, values, udfValues };
}

function readBody(entity: EntityDef, body: Record<string, unknown>, errors: string[]) {
	const values: Record<string, unknown> = {};
	const writeOnly: Record<string, unknown> = {};
	/** Fields whose value could not be converted: already reported, so not "missing" too. */
	const unreadable = new Set<string>();
	let udfInput: unknown;
	let bodyId: unknown;
	for (const [key, raw] of Object.entries(body)) {
		if (key.toLowerCase() === 'userdefinedfields') {
			udfInput = raw;
			continue;
		}
		const field = findField(entity, key);
		if (!field) continue;
		if (field.name === 'id') bodyId = raw;
		else if (field.isWriteOnly) writeOnly[field.name] = raw;
		else {
			const coerced = coerceValue(field.dataType, raw);
			if (coerced.ok) values[field.name] = coerced.value;
			else {
				errors.push(messages.conversion(raw, CLR_TYPES[field.dataType], key));
				unreadable.add(field.name);
			}
		}
	}
	return { values, writeOnly, udfInput, bodyId, unreadable };
}

/** Updates name their record by the id in the body; on a child path it must belong to the parent. */
function findTarget({ entity, store, parentId }: WriteRequest, bodyId: unknown): StoredRecord {
	const id = coerceValue('long', bodyId);
	if (!id.ok || typeof id.value !== 'number' || id.value <= 0) throw autotaskError(messages.missingId);
	const target = store.table(entity).records.get(id.value);
	const inParent = !entity.parent || parentId === undefined || target?.[entity.parent.field] === parentId;
	if (!target || !inParent) throw autotaskError(messages.noRecordToUpdate(entity.name, id.value));
	return target;
}

function rejectReadOnlyChanges(
	entity: EntityDef,
	values: Record<string, unknown>,
	target: StoredRecord | undefined,
	errors: string[],
): void {
	for (const field of entity.fields) {
		if (!field.isReadOnly || !(field.name in values)) continue;
		const value = values[field.name];
		if (value !== null && value !== (target ? target[field.name] : null)) errors.push(messages.readOnlyField(field.name));
		delete values[field.name];
	}
}

function checkValue(field: FieldDef, value: unknown, target: StoredRecord | undefined, store: Store, errors: string[]): void {
	if (value === null) return;
	if (typeof value === 'string' && field.length > 0 && value.length > field.length) {
		errors.push(messages.tooLong(field.name, field.length));
	}
	if (field.picklistValues) {
		const entry = findPicklistValue(field.picklistValues, value);
		if (!entry) errors.push(messages.invalidReference(field.name));
		// Records keep an inactive value they already have; it just cannot be newly chosen.
		else if (!entry.isActive && target?.[field.name] !== value) {
			errors.push(messages.inactivePicklistValue(field.name, entry.value));
		}
	}
	const referenced = field.referenceEntityType ? entityForReference(field.referenceEntityType) : undefined;
	if (referenced && !store.table(referenced).records.has(value as number)) {
		errors.push(messages.invalidReference(field.name));
	}
}

function checkRequired(entity: EntityDef, merged: Record<string, unknown>, unreadable: Set<string>, errors: string[]): void {
	for (const field of entity.fields) {
		if (!field.isRequired || field.isReadOnly || merged[field.name] !== null || unreadable.has(field.name)) continue;
		// Autotask reports a missing required picklist as a bad reference (REAL, for taskType).
		errors.push(field.picklistValues ? messages.invalidReference(field.name) : messages.requiredField(field.name));
	}
}

/** A dependent picklist value must belong to the value of its parent field (subIssueType -> issueType). */
function checkDependentPicklists(
	entity: EntityDef,
	merged: Record<string, unknown>,
	values: Record<string, unknown>,
	errors: string[],
): void {
	for (const field of entity.fields) {
		if (!field.picklistParentValueField || !field.picklistValues || merged[field.name] === null) continue;
		const parent = findField(entity, field.picklistParentValueField);
		if (!parent) throw new Error(`${entity.name}.${field.name}: no parent field ${field.picklistParentValueField}`);
		if (!(field.name in values) && !(parent.name in values)) continue;
		const entry = findPicklistValue(field.picklistValues, merged[field.name]);
		if (entry && entry.parentValue !== String(merged[parent.name])) {
			errors.push(messages.dependentPicklist(field.name, parent.name));
		}
	}
}

function readUdfs(entity: EntityDef, input: unknown, store: Store, errors: string[]): UdfValues {
	const udfValues: UdfValues = {};
	if (input === undefined || input === null) return udfValues;
	if (!Array.isArray(input)) {
		errors.push(messages.conversion(input, 'UserDefinedField[]', 'userDefinedFields'));
		return udfValues;
	}
	for (const item of input) {
		const entry = lowerCaseKeys(item);
		const udf = store.findUdf(entity, String(entry.name ?? ''));
		if (!udf) {
			errors.push(messages.unknownUdf(String(entry.name ?? '')));
			continue;
		}
		const value = coerceUdfValue(udf, entry.value, errors);
		if (value !== undefined) udfValues[udf.name] = value;
	}
	return udfValues;
}

function coerceUdfValue(udf: UdfDef, raw: unknown, errors: string[]): string | null | undefined {
	const coerced = coerceValue(udf.type, raw);
	if (!coerced.ok) {
		errors.push(messages.conversion(raw, CLR_TYPES[udf.type], udf.name));
		return undefined;
	}
	if (coerced.value === null) return null;
	const value = String(coerced.value);
	if (udf.isMultiSelect && udf.picklistValues) {
		const bad = value.split(',').filter((entry) => !findPicklistValue(udf.picklistValues ?? [], entry));
		for (const entry of bad) errors.push(messages.udfPicklist(udf.name, entry));
		return bad.length > 0 ? undefined : value;
	}
	if (udf.picklistValues && !findPicklistValue(udf.picklistValues, value)) {
		errors.push(messages.udfPicklist(udf.name, value));
		return undefined;
	}
	if (udf.type === 'string' && value.length > udf.length) {
		errors.push(messages.tooLong(udf.name, udf.length));
		return undefined;
	}
	return value;
}

function findPicklistValue(values: PicklistValue[], value: unknown): PicklistValue | undefined {
	return values.find((entry) => entry.value === String(value));
}
