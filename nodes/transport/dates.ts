import { UserError } from 'n8n-workflow';

/** Anything with luxon's DateTime conversions, without depending on luxon. */
export type DateTimeLike = { toJSDate(): Date } | { toISO(): string | null };

// Autotask stores UTC and sends it without an offset and with 0-7 fractional digits,
// e.g. "2016-03-30T13:10:35.563" or "2018-11-13T17:32:34".
const OFFSETLESS_DATETIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Converts a date for an Autotask filter or body: always UTC, `YYYY-MM-DDTHH:mm:ss.sssZ`.
 * Strings without an offset are taken as UTC, as Autotask itself does.
 */
export function toAutotaskDateTime(value: string | Date | DateTimeLike): string {
	const date = toDate(value);
	if (Number.isNaN(date.getTime())) {
		throw new UserError(`"${String(value)}" is not a valid date and time`, {
			description: 'Use ISO 8601, for example 2024-05-01T13:30:00Z',
		});
	}
	return date.toISOString();
}

function toDate(value: string | Date | DateTimeLike): Date {
	if (value instanceof Date) return value;
	if (typeof value === 'string') return parseDateString(value);
	if ('toJSDate' in value) return value.toJSDate();
	return parseDateString(value.toISO() ?? '');
}

function parseDateString(value: string): Date {
	const text = value.trim().replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1');
	if (DATE_ONLY.test(text)) return new Date(`${text}T00:00:00Z`);
	if (LOCAL_DATETIME.test(text)) return new Date(`${text}Z`);
	// Anything else (e.g. "May 1") would be read in the server's local time zone: refuse it.
	return WITH_ZONE.test(text) ? new Date(text) : new Date(Number.NaN);
}

function offsetlessToIso(text: string): string {
	const match = OFFSETLESS_DATETIME.exec(text);
	if (!match) return text;
	const milliseconds = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
	return `${match[1]}.${milliseconds}Z`;
}

function isOffsetlessDateTime(value: string): boolean {
	// Cheap shape check first: this runs on every string of every record.
	return (
		value.length >= 19 &&
		value.length <= 27 &&
		value.charCodeAt(10) === 84 /* T */ &&
		OFFSETLESS_DATETIME.test(value)
	);
}

function normalizeValue(value: unknown): unknown {
	if (typeof value === 'string') return isOffsetlessDateTime(value) ? offsetlessToIso(value) : value;
	if (Array.isArray(value)) return value.map(normalizeValue);
	if (value !== null && typeof value === 'object') return normalizeRecord(value as object);
	return value;
}

/**
 * Returns a copy of an Autotask record whose offset-less datetimes (which Autotask means as UTC)
 * are ISO 8601 UTC with a `Z`, e.g. "2016-03-30T13:10:35.563" -> "2016-03-30T13:10:35.563Z".
 * Recognised by pattern, so no field metadata is needed; UDF values are converted too.
 */
export function normalizeRecord<T extends object>(record: T): T {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) result[key] = normalizeValue(value);
	return result as T;
}
