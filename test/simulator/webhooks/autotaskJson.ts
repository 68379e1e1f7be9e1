/**
 * JSON as Autotask's callout serializer writes it: `& < > ' " \` + \\` and every non-ASCII
 * character escaped as \uXXXX (observed by msoukhomlinov/n8n-nodes-autotask, see README). The
 * signature covers exactly these bytes, so a receiver that re-serializes the parsed body fails.
 */
const ESCAPED = new Set(['&', '<', '>', "'", '"', '\\', '`', '+']);

function escapeString(text: string): string {
	let out = '"';
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (code >= 0x20 && code < 0x7f && !ESCAPED.has(char)) {
			out += char;
			continue;
		}
		// Astral characters become their two UTF-16 code units, as .NET writes them.
		for (let index = 0; index < char.length; index++) out += `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`;
	}
	return `${out}"`;
}

export function autotaskJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'string') return escapeString(value);
	if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
	if (Array.isArray(value)) return `[${value.map(autotaskJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>).filter(([, entry]) => entry !== undefined);
	return `{${entries.map(([key, entry]) => `${escapeString(key)}:${autotaskJson(entry)}`).join(',')}}`;
}
