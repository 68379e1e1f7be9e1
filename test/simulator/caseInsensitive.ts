/**
 * Autotask reads JSON property names case-insensitively (`MaxRecords` = `maxRecords`,
 * `Filter` = `filter`); lower-casing the keys of an object lets callers read it that way.
 * Anything that is not a plain object reads as empty.
 */
export function lowerCaseKeys(raw: unknown): Record<string, unknown> {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
	return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key.toLowerCase(), value]));
}
