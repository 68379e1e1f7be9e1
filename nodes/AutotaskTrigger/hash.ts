/**
 * Small, fast, non-cryptographic hashing for change detection and configuration fingerprints
 * (no dependency, no Node built-in). Digests are URL-safe base64 text so they sit compactly in
 * the workflow's static data.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** FNV-1a over UTF-16 code units, then a murmur-style finalizer so similar inputs spread apart. */
export function hash32(text: string, seed = 0x811c9dc5): number {
	let hash = seed >>> 0;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b);
	hash ^= hash >>> 13;
	hash = Math.imul(hash, 0xc2b2ae35);
	hash ^= hash >>> 16;
	return hash >>> 0;
}

/** A digest of `length` base64 characters (6 bits each), from as many seeded 32-bit hashes as needed. */
export function digest(text: string, length: number): string {
	let out = '';
	let round = 0;
	while (out.length < length) {
		let bits = hash32(text, 0x811c9dc5 ^ Math.imul(round + 1, 0x9e3779b1));
		// Five characters (30 bits) per 32-bit hash.
		for (let i = 0; i < 5 && out.length < length; i++) {
			out += ALPHABET[bits & 63];
			bits >>>= 6;
		}
		round++;
	}
	return out;
}
