import { lowerCaseKeys } from '../caseInsensitive';
import { parseAutotaskDateTime } from '../clock';
import { findField } from '../entities/catalog';
import type { DataType, EntityDef, UdfDef } from '../entities/types';
import { autotaskError, messages } from '../errors';
import type { StoredRecord, UdfValues } from '../store/store';

/** Tests one record (with its UDF values) against a compiled filter. */
export type RecordTest = (record: StoredRecord, udfValues: UdfValues | undefined) => boolean;

export interface CompiledFilter {
	test: RecordTest;
	/** Top-level id conditions let a scan start past this id instead of at the beginning. */
	minIdExclusive: number;
}

const COMPARISON_OPS = ['eq', 'noteq', 'gt', 'gte', 'lt', 'lte'];
const PATTERN_OPS = ['beginswith', 'endswith', 'contains'];
const LIST_OPS = ['in', 'notin'];
const EXISTENCE_OPS = ['exist', 'notexist'];
const GROUP_OPS = ['and', 'or'];
const MAX_OR_CONDITIONS = 500;

/** How values of a field compare: strings case-insensitively (SQL Server's default collation). */
type Kind = 'text' | 'number' | 'datetime' | 'boolean';

interface Operand {
	/** Reads the comparable value of the record's field; null when unset. */
	read(record: StoredRecord, udfValues: UdfValues | undefined): unknown;
	/** Reads the stored value as lower-case text, for the pattern operators (like SQL LIKE). */
	readText(record: StoredRecord, udfValues: UdfValues | undefined): string | null;
	kind: Kind;
	name: string;
}

/**
 * Compiles an Autotask filter array (top-level entries are ANDed) into a record test, validating
 * it as Autotask does: known and queryable fields (case-insensitive), one UDF condition at most,
 * true/false for booleans, at most 500 OR conditions. A null field matches nothing but notExist,
 * like NULL in SQL (so noteq and notIn skip unset fields too).
 */
export function compileFilter(entity: EntityDef, udfs: UdfDef[], filter: unknown): CompiledFilter {
	if (!Array.isArray(filter) || filter.length === 0) throw autotaskError(messages.emptyFilter);
	const state = { udfConditions: 0, orConditions: 0 };
	const tests = filter.map((item) => compileItem(entity, udfs, item, state));
	return {
		test: (record, udfValues) => tests.every((test) => test(record, udfValues)),
		minIdExclusive: idLowerBound(filter),
	};
}

function compileItem(
	entity: EntityDef,
	udfs: UdfDef[],
	raw: unknown,
	state: { udfConditions: number; orConditions: number },
): RecordTest {
	const item = lowerCaseKeys(raw);
	const op = String(item.op ?? '').toLowerCase();
	if (GROUP_OPS.includes(op)) {
		if (!Array.isArray(item.items) || item.items.length === 0) throw autotaskError(messages.groupNeedsItems(op));
		if (op === 'or') {
			state.orConditions += item.items.length;
			if (state.orConditions > MAX_OR_CONDITIONS) throw autotaskError(messages.tooManyOrs);
		}
		const tests = item.items.map((child: unknown) => compileItem(entity, udfs, child, state));
		return op === 'and'
			? (record, udfValues) => tests.every((test: RecordTest) => test(record, udfValues))
			: (record, udfValues) => tests.some((test: RecordTest) => test(record, udfValues));
	}
	if (![...COMPARISON_OPS, ...PATTERN_OPS, ...LIST_OPS, ...EXISTENCE_OPS].includes(op)) throw autotaskError(messages.unknownOperator(String(item.op)));
	const operand = resolveOperand(entity, udfs, item, state);
	if (EXISTENCE_OPS.includes(op)) {
		const wantSet = op === 'exist';
		return (record, udfValues) => (operand.read(record, udfValues) !== null) === wantSet;
	}
	if (LIST_OPS.includes(op)) {
		if (!Array.isArray(item.value) || item.value.length === 0) throw autotaskError(messages.listRequired(op, operand.name));
		const wanted = item.value.map((value: unknown) => toComparable(operand, value));
		const matchesAny = (value: unknown) => wanted.some((candidate: unknown) => compare(operand.kind, value, candidate) === 0);
		return (record, udfValues) => {
			const value = operand.read(record, udfValues);
			return value !== null && matchesAny(value) === (op === 'in');
		};
	}
	if (item.value === undefined || item.value === null) throw autotaskError(messages.valueRequired(op, operand.name));
	if (PATTERN_OPS.includes(op)) {
		if (typeof item.value === 'object') throw autotaskError(messages.badFilterValue(operand.name, item.value));
		const matches = patternMatcher(op, String(item.value).toLowerCase());
		return (record, udfValues) => {
			const text = operand.readText(record, udfValues);
			return text !== null && matches(text);
		};
	}
	const matches = comparison(op, operand.kind, toComparable(operand, item.value));
	return (record, udfValues) => {
		const value = operand.read(record, udfValues);
		return value !== null && matches(value);
	};
}

function resolveOperand(
	entity: EntityDef,
	udfs: UdfDef[],
	item: Record<string, unknown>,
	state: { udfConditions: number },
): Operand {
	const name = String(item.field ?? '');
	if (item.udf === true || String(item.udf).toLowerCase() === 'true') {
		if (++state.udfConditions > 1) throw autotaskError(messages.oneUdfOnly);
		const udf = udfs.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
		if (!udf) throw autotaskError(messages.unknownField(name, entity.name));
		const kind = kindOf(udf.type);
		return {
			name: udf.name,
			kind,
			read: (_record, udfValues) => storedToComparable(kind, udfValues?.[udf.name] ?? null),
			readText: (_record, udfValues) => storedToText(udfValues?.[udf.name]),
		};
	}
	const field = findField(entity, name);
	if (!field) throw autotaskError(messages.unknownField(name, entity.name));
	if (!field.isQueryable) throw autotaskError(messages.notQueryable(field.name));
	const kind = kindOf(field.dataType);
	return {
		name: field.name,
		kind,
		read: (record) => storedToComparable(kind, record[field.name]),
		readText: (record) => storedToText(record[field.name]),
	};
}

function storedToText(value: unknown): string | null {
	return value === null || value === undefined ? null : String(value).toLowerCase();
}

function kindOf(dataType: DataType): Kind {
	if (dataType === 'string') return 'text';
	if (dataType === 'datetime') return 'datetime';
	if (dataType === 'boolean') return 'boolean';
	return 'number';
}

/** Stored values (and UDF strings) in comparable form: lower-case text, epoch ms, numbers. */
function storedToComparable(kind: Kind, value: unknown): unknown {
	if (value === null || value === undefined) return null;
	if (kind === 'text') return String(value).toLowerCase();
	if (kind === 'datetime') return parseAutotaskDateTime(String(value)) ?? null;
	if (kind === 'number') return Number(value);
	return value === true || value === 'true' || value === 'True';
}

/** A filter value in comparable form; Autotask rejects values that do not fit the field. */
function toComparable(operand: Operand, value: unknown): unknown {
	if (operand.kind === 'boolean') {
		const text = String(value).toLowerCase();
		if (text !== 'true' && text !== 'false') throw autotaskError(messages.booleanRequired(operand.name));
		return text === 'true';
	}
	if (typeof value === 'object' && value !== null) throw autotaskError(messages.badFilterValue(operand.name, value));
	if (operand.kind === 'text') return String(value).toLowerCase();
	const comparable =
		operand.kind === 'datetime'
			? parseAutotaskDateTime(String(value))
			: String(value).trim() === '' ? NaN : Number(value);
	if (comparable === undefined || Number.isNaN(comparable)) throw autotaskError(messages.badFilterValue(operand.name, value));
	return comparable;
}

function compare(kind: Kind, left: unknown, right: unknown): number {
	if (kind === 'text') return left === right ? 0 : (left as string) < (right as string) ? -1 : 1;
	if (kind === 'boolean') return left === right ? 0 : 1;
	return (left as number) - (right as number);
}

function comparison(op: string, kind: Kind, wanted: unknown): (value: unknown) => boolean {
	switch (op) {
		case 'eq':
			return (value) => compare(kind, value, wanted) === 0;
		case 'noteq':
			return (value) => compare(kind, value, wanted) !== 0;
		case 'gt':
			return (value) => compare(kind, value, wanted) > 0;
		case 'gte':
			return (value) => compare(kind, value, wanted) >= 0;
		case 'lt':
			return (value) => compare(kind, value, wanted) < 0;
		default: // lte
			return (value) => compare(kind, value, wanted) <= 0;
	}
}

function patternMatcher(op: string, pattern: string): (text: string) => boolean {
	if (op === 'beginswith') return (text) => text.startsWith(pattern);
	if (op === 'endswith') return (text) => text.endsWith(pattern);
	return (text) => text.includes(pattern);
}

/** The largest id that top-level `id gt|gte|eq` conditions exclude, so scans can skip ahead. */
function idLowerBound(filter: unknown[]): number {
	let bound = -Infinity;
	for (const raw of filter) {
		const item = lowerCaseKeys(raw);
		const value = Number(item.value);
		if (String(item.field ?? '').toLowerCase() !== 'id' || item.udf === true || !Number.isFinite(value)) continue;
		const op = String(item.op ?? '').toLowerCase();
		if (op === 'gt') bound = Math.max(bound, Math.floor(value));
		else if (op === 'gte' || op === 'eq') bound = Math.max(bound, Math.ceil(value) - 1);
	}
	return bound;
}
