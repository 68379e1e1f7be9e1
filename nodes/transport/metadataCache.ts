/** How long entity metadata is trusted; shared by every node in the process. */
export const metadataCacheSettings = { ttlMs: 60 * 60 * 1000 };

interface Entry {
	promise: Promise<unknown>;
	expiresAt: number;
}

const cache = new Map<string, Entry>();

/**
 * Returns the cached value for `key`, loading it at most once per TTL however many callers ask at
 * the same time. A failed load is not cached.
 */
export async function cachedMetadata<T>(key: string, load: () => Promise<T>): Promise<T> {
	const existing = cache.get(key);
	if (existing && existing.expiresAt > Date.now()) return (await existing.promise) as T;

	const entry: Entry = { promise: load(), expiresAt: Date.now() + metadataCacheSettings.ttlMs };
	cache.set(key, entry);
	entry.promise.catch(() => {
		if (cache.get(key) === entry) cache.delete(key);
	});
	return (await entry.promise) as T;
}

/** Drops all cached metadata, e.g. after fields were added in Autotask and should show now. */
export function clearMetadataCache(): void {
	cache.clear();
}
