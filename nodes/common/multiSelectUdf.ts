import { UserError } from 'n8n-workflow';
import type { IDataObject, ResourceMapperField } from 'n8n-workflow';

import { findPicklistValue } from './fields';
import type { FieldLike, PicklistValueLike } from './fields';
import { shapeRecord } from './output';
import type { LabelLookup, OutputOptions } from './output';

/**
 * Multi-select user-defined fields ("Multi Select List" UDFs): read as arrays of values (and
 * labels), written from an array or a comma-separated list checked against the picklist.
 *
 * On the wire a UDF value is one string (`UserDefinedField { name, value: string }`); how several
 * selections share it is not documented (Autotask: "API calls to multi-select and reference UDFs
 * are not supported"). Guess: the picklist values joined with commas. Reads tolerate commas or
 * semicolons with or without spaces, a JSON array, and values that themselves contain a separator
 * (matched against the picklist). Evidence and guesses: test/simulator/README.md.
 */

/** What this module reads from a UDF's metadata (`UdfInfo` has it all). */
export interface MultiSelectFieldLike extends FieldLike {
	isMultiSelect?: boolean;
}

const WIRE_SEPARATOR = ',';
const SEPARATORS = /[,;]/;

export function isMultiSelectUdf(field: FieldLike): boolean {
	return (field as MultiSelectFieldLike).isMultiSelect === true;
}

/** The multi-select UDFs of an entity by lower-cased name; empty when it has none. */
export function multiSelectIndex(udfs: readonly FieldLike[] | undefined): Map<string, FieldLike> {
	return new Map((udfs ?? []).filter(isMultiSelectUdf).map((udf) => [udf.name.toLowerCase(), udf]));
}

function jsonArray(text: string): unknown[] | undefined {
	if (!text.startsWith('[')) return undefined;
	try {
		const parsed = JSON.parse(text) as unknown;
		return Array.isArray(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Splits `text` into a sequence of known entries joined by separators, longest entries first, so
 * an entry containing a comma stays whole. Undefined when the text is not such a sequence.
 */
function splitKnown(text: string, known: readonly string[]): string[] | undefined {
	const lower = text.toLowerCase();
	const candidates = [...new Set(known.filter((entry) => entry.trim() !== ''))].sort((a, b) => b.length - a.length);
	const failed = new Set<number>();
	const from = (start: number): string[] | undefined => {
		let position = start;
		while (position < text.length && /\s/.test(text[position])) position++;
		if (failed.has(position)) return undefined;
		for (const candidate of candidates) {
			if (!lower.startsWith(candidate.toLowerCase(), position)) continue;
			let next = position + candidate.length;
			while (next < text.length && /\s/.test(text[next])) next++;
			if (next === text.length) return [text.slice(position, position + candidate.length)];
			if (!SEPARATORS.test(text[next])) continue;
			const rest = from(next + 1);
			if (rest) return [text.slice(position, position + candidate.length), ...rest];
		}
		failed.add(position);
		return undefined;
	};
	return text.trim() === '' ? [] : from(0);
}

function entries(raw: unknown, known: readonly string[]): string[] {
	if (raw === null || raw === undefined) return [];
	const list = Array.isArray(raw) ? raw : undefined;
	if (list) return list.filter((item) => item !== null && item !== undefined).map((item) => String(item).trim()).filter((item) => item !== '');
	const text = String(raw).trim();
	const parsed = jsonArray(text);
	if (parsed) return entries(parsed, known);
	return splitKnown(text, known) ?? text.split(SEPARATORS).map((item) => item.trim()).filter((item) => item !== '');
}

const picklistOf = (field: FieldLike): PicklistValueLike[] => field.picklistValues ?? [];

/** The values stored in a multi-select UDF, as an array (empty when unset). */
export function readMultiSelectValues(field: FieldLike, raw: unknown): string[] {
	return entries(raw, picklistOf(field).map((option) => String(option.value)));
}

function describeAllowed(field: FieldLike): string {
	const options = picklistOf(field).filter((option) => option.isActive !== false);
	return `Allowed: ${options.map((option) => `${option.value} (${option.label})`).join(', ')}.`;
}

/**
 * The wire value for a multi-select UDF from an array or a comma-separated list of values or
 * labels: each entry checked against the picklist (unknown and inactive values refused, naming
 * the field and the allowed values), duplicates dropped, joined with commas. Empty clears it.
 */
export function coerceMultiSelect(field: FieldLike, raw: unknown): string | null {
	const options = picklistOf(field);
	const known = options.flatMap((option) => [String(option.value), option.label]);
	const chosen: string[] = [];
	for (const entry of entries(raw, known)) {
		if (options.length === 0) {
			chosen.push(entry);
			continue;
		}
		const option = findPicklistValue(field, entry);
		if (!option) {
			throw new UserError(`"${entry}" is not a value of multi-select field "${field.name}"`, {
				description: describeAllowed(field),
			});
		}
		if (option.isActive === false) {
			throw new UserError(`"${option.label}" (${option.value}) is an inactive value of multi-select field "${field.name}"`, {
				description: describeAllowed(field),
			});
		}
		chosen.push(String(option.value));
	}
	const unique = [...new Set(chosen)];
	return unique.length === 0 ? null : unique.join(WIRE_SEPARATOR);
}

/**
 * Whether a UDF write is a multi-select one: the metadata says so, or (for tenants whose metadata
 * does not mark the kind) a picklist UDF is given an array, or a list whose every entry is one of
 * its values or labels while the whole text is none. Single values keep the single-picklist check.
 */
export function isMultiSelectWrite(field: FieldLike, raw: unknown): boolean {
	if (isMultiSelectUdf(field)) return true;
	const options = picklistOf(field);
	if (!field.isPickList || options.length === 0) return false;
	if (Array.isArray(raw)) return true;
	if (typeof raw !== 'string' || findPicklistValue(field, raw)) return false;
	const known = options.flatMap((option) => [String(option.value), option.label]);
	const list = entries(raw, known);
	return list.length > 1 && list.every((entry) => findPicklistValue(field, entry) !== undefined);
}

/** The resource mapper column of a multi-select UDF: free text (a list), since the mapper has no multi-select type. */
export function multiSelectMapperColumn(udf: FieldLike, id: string): ResourceMapperField {
	const label = udf.label && udf.label !== udf.name ? udf.label : udf.name;
	return {
		id,
		displayName: `${label} (UDF, multi-select: values or labels, comma-separated)`,
		required: false,
		defaultMatch: false,
		display: true,
		canBeUsedToMatch: false,
		type: 'string',
	};
}

function labelsOf(field: FieldLike, values: string[], keepUnknown: boolean): Array<string | null> {
	return values.map((value) => {
		const option = picklistOf(field).find((candidate) => String(candidate.value) === value);
		return option ? option.label : keepUnknown ? value : null;
	});
}

/**
 * `shapeRecord` with multi-select UDFs as arrays: their values (and, with picklist labels on, their
 * labels: `<name>_label` beside a flattened field, `label` on a listed one, or replacing the
 * values). The other fields are shaped by `shapeRecord` unchanged, which also keeps secrets out.
 */
export function shapeRecordWithMultiSelect(
	record: IDataObject,
	lookup: LabelLookup,
	options: OutputOptions,
	multiSelect: ReadonlyMap<string, FieldLike>,
): IDataObject {
	const listed = record.userDefinedFields;
	if (multiSelect.size === 0 || !Array.isArray(listed)) return shapeRecord(record, lookup, options);
	const udfs = listed as IDataObject[];
	const isMulti = (udf: IDataObject) => multiSelect.has(String(udf.name).toLowerCase());
	if (!udfs.some(isMulti)) return shapeRecord(record, lookup, options);

	const shaped = shapeRecord({ ...record, userDefinedFields: udfs.filter((udf) => !isMulti(udf)) }, lookup, options);
	// Shaped on their own without labels, so no single-value label is mistaken for theirs.
	const multi = shapeRecord({ userDefinedFields: udfs.filter(isMulti) }, new Map(), { labels: 'none', flattenUdfs: false });
	const converted = new Map<string, IDataObject>();
	for (const udf of multi.userDefinedFields as IDataObject[]) {
		const field = multiSelect.get(String(udf.name).toLowerCase()) as FieldLike;
		const values = readMultiSelectValues(field, udf.value);
		const entry: IDataObject = { ...udf, value: values };
		if (options.labels === 'replace') entry.value = labelsOf(field, values, true);
		else if (options.labels === 'add') entry.label = labelsOf(field, values, false);
		converted.set(String(udf.name), entry);
	}

	if (options.flattenUdfs) {
		for (const [name, entry] of converted) {
			shaped[name] = entry.value;
			if (entry.label !== undefined) shaped[`${name}_label`] = entry.label;
		}
		return shaped;
	}
	const plain = new Map((shaped.userDefinedFields as IDataObject[]).map((udf) => [String(udf.name), udf]));
	shaped.userDefinedFields = udfs
		.map((udf) => converted.get(String(udf.name)) ?? plain.get(String(udf.name)))
		.filter((udf): udf is IDataObject => udf !== undefined);
	return shaped;
}
