import type { IDataObject } from 'n8n-workflow';

/** How picklist values appear on output: as sent by Autotask, with a `<field>_label` beside them, or replaced by their labels. */
export type LabelMode = 'none' | 'add' | 'replace';

export interface OutputOptions {
	labels: LabelMode;
	/** Move each user-defined field out of `userDefinedFields` onto the record under its own name. */
	flattenUdfs: boolean;
}

/** The part of Autotask's field metadata (standard fields and UDFs alike) that labels need. */
export interface PicklistSource {
	name: string;
	isPickList?: boolean;
	picklistValues?: Array<{ value: string | number; label: string }> | null;
}

/** Picklist labels by lower-cased field name, then by value as a string. */
export type LabelLookup = Map<string, Map<string, string>>;

export function buildLabelLookup(fields: readonly PicklistSource[]): LabelLookup {
	const lookup: LabelLookup = new Map();
	for (const field of fields) {
		if (!field.isPickList || !field.picklistValues?.length) continue;
		lookup.set(
			field.name.toLowerCase(),
			new Map(field.picklistValues.map((option) => [String(option.value), option.label])),
		);
	}
	return lookup;
}

function labelOf(lookup: LabelLookup, field: string, value: unknown): string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	return lookup.get(field.toLowerCase())?.get(String(value));
}

function applyLabels(target: IDataObject, lookup: LabelLookup, mode: LabelMode): void {
	if (mode === 'none') return;
	for (const [field, value] of Object.entries(target)) {
		const label = labelOf(lookup, field, value);
		if (label === undefined) continue;
		if (mode === 'replace') target[field] = label;
		else target[`${field}_label`] = label;
	}
}

/**
 * Write-only secrets no output may carry, not even as `null`: Autotask returns ClientPortalUsers'
 * `password` (empty) on reads, and any record can come back from a write that sent one.
 */
const NEVER_OUTPUT = new Set(['password']);

const isNeverOutput = (name: unknown) => NEVER_OUTPUT.has(String(name).toLowerCase());

function withoutSecrets(record: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(record).filter(([name]) => !isNeverOutput(name)));
}

/**
 * Shapes one Autotask record for output; every node's records pass through here, so this is the
 * one place that keeps secrets out. Returns a new object; the record itself is not changed, so a
 * caller may reuse it (for example to compare versions in the trigger).
 */
export function shapeRecord(record: IDataObject, lookup: LabelLookup, options: OutputOptions): IDataObject {
	const { userDefinedFields, ...standard } = record;
	const shaped = withoutSecrets(standard);
	applyLabels(shaped, lookup, options.labels);
	if (!Array.isArray(userDefinedFields)) return shaped;

	const udfs = (userDefinedFields as IDataObject[]).filter((udf) => !isNeverOutput(udf.name)).map((udf) => ({ ...udf }));
	if (options.flattenUdfs) {
		const flat: IDataObject = {};
		for (const udf of udfs) flat[String(udf.name)] = udf.value ?? null;
		applyLabels(flat, lookup, options.labels);
		return { ...shaped, ...flat };
	}
	if (options.labels !== 'none') {
		for (const udf of udfs) {
			const label = labelOf(lookup, String(udf.name), udf.value);
			if (label === undefined) continue;
			if (options.labels === 'replace') udf.value = label;
			else udf.label = label;
		}
	}
	return { ...shaped, userDefinedFields: udfs };
}
