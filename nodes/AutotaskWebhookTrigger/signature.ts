import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha1=` + base64 HMAC-SHA1 of the body with the webhook's secret key, as Autotask signs callouts. */
export function signatureOf(secret: string, body: Buffer | string): string {
	return `sha1=${createHmac('sha1', secret).update(body).digest('base64')}`;
}

/**
 * Whether `header` is the signature of exactly these bytes. Compared in constant time; a missing
 * secret, body or header, a repeated header or a different length is simply false.
 */
export function isSignedBy(secret: string | undefined, rawBody: Buffer | undefined, header: unknown): boolean {
	if (!secret || !rawBody || typeof header !== 'string') return false;
	const expected = Buffer.from(signatureOf(secret, rawBody), 'utf8');
	const given = Buffer.from(header.trim(), 'utf8');
	if (given.length !== expected.length) return false;
	return timingSafeEqual(expected, given);
}
