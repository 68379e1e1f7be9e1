import { formatAutotaskDateTime, parseAutotaskDateTime } from '../clock';
import type { DataType } from '../entities/types';

export type Coerced = { ok: true; value: unknown } | { ok: false };

/** .NET type names, for Newtonsoft-style conversion error texts. */
export const CLR_TYPES: Record<DataType, string> = {
	string: 'System.String',
	integer: 'System.Int32',
	long: 'System.Int64',
	short: 'System.Int16',
	decimal: 'System.Decimal',
	double: 'System.Double',
	datetime: 'System.DateTime',
	boolean: 'System.Boolean',
};

const INTEGER_RANGES: Record<'integer' | 'short' | 'long', [number, number]> = {
	integer: [-2147483648, 2147483647],
	short: [-32768, 32767],
	long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * Converts a value from a request body into the stored form of a field, as leniently as
 * Newtonsoft.Json does: "12" is an integer, "True" and 1 are booleans, numbers become strings.
 * Date-times are stored in Autotask's offset-less UTC format.
 */
export function coerceValue(dataType: DataType, raw: unknown): Coerced {
	if (raw === null || raw === undefined) return { ok: true, value: null };
	switch (dataType) {
		case 'string':
			return typeof raw === 'object' ? { ok: false } : { ok: true, value: String(raw) };
		case 'boolean':
			return coerceBoolean(raw);
		case 'datetime':
			return coerceDateTime(raw);
		case 'decimal':
		case 'double':
			return coerceNumber(raw, false);
		default:
			return coerceInteger(raw, INTEGER_RANGES[dataType]);
	}
}

function coerceBoolean(raw: unknown): Coerced {
	if (typeof raw === 'boolean') return { ok: true, value: raw };
	if (raw === 0 || raw === 1) return { ok: true, value: raw === 1 };
	const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
	return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false };
}

function coerceDateTime(raw: unknown): Coerced {
	if (raw instanceof Date) return { ok: true, value: formatAutotaskDateTime(raw) };
	const epoch = typeof raw === 'string' ? parseAutotaskDateTime(raw) : undefined;
	return epoch === undefined ? { ok: false } : { ok: true, value: formatAutotaskDateTime(new Date(epoch)) };
}

function coerceNumber(raw: unknown, integerOnly: boolean): Coerced {
	let value: number;
	if (typeof raw === 'number') value = raw;
	else if (typeof raw === 'boolean') value = raw ? 1 : 0;
	else if (typeof raw === 'string' && raw.trim() !== '') value = Number(raw.trim());
	else return { ok: false };
	if (!Number.isFinite(value) || (integerOnly && !Number.isInteger(value))) return { ok: false };
	return { ok: true, value };
}

function coerceInteger(raw: unknown, [min, max]: [number, number]): Coerced {
	const result = coerceNumber(raw, true);
	if (!result.ok) return result;
	const value = result.value as number;
	return value >= min && value <= max ? result : { ok: false };
}
