/** A response body as the transport reads it: JSON text parsed, anything else as it came. */
export function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return body;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return body;
	}
}
