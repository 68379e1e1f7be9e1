import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { sendWithRetry } from './request';
import type { Channel } from './request';
import type { AutotaskCredentials } from './types';
import { AUTOTASK_ZONE_LOOKUP_URL, KNOWN_ZONES } from './zones';

/** Where a user's Autotask database lives. */
export interface ResolvedZone {
	/** REST root with its trailing slash, e.g. `https://webservices5.autotask.net/ATServicesRest/`. */
	restRoot: string;
	zoneName: string;
}

/** How long a zone lookup is trusted; a 401 re-resolves earlier. */
export const zoneCacheSettings = { ttlMs: 60 * 60 * 1000 };

interface CacheEntry {
	promise: Promise<ResolvedZone>;
	expiresAt: number;
	resolved?: ResolvedZone;
}

// Per process, per (lookup URL, user): every node and execution shares one lookup.
const zoneCache = new Map<string, CacheEntry>();

/**
 * A REST root from a user-supplied URL: http(s) only, query and fragment dropped, a trailing
 * `V1.0/` removed (people paste either form), always ending in `/`. Undefined when not a URL.
 */
export function normalizeRestRoot(value: string): string | undefined {
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return undefined;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
	const path = url.pathname.replace(/\/+$/, '').replace(/\/v1\.0$/i, '');
	return `${url.origin}${path}/`;
}

function knownZone(node: INode, zone: string): ResolvedZone {
	// The credential stores the REST root; a bare host such as "webservices5" is accepted too.
	const restRoot = normalizeRestRoot(
		/^[a-z0-9-]+$/i.test(zone) ? `https://${zone}.autotask.net/ATServicesRest/` : zone,
	);
	if (!restRoot) {
		throw new NodeOperationError(node, `Zone "${zone}" is neither a known Autotask zone nor a URL`, {
			description: 'Choose a zone in the credential, or Auto-Detect.',
		});
	}
	const known = KNOWN_ZONES.find(
		(candidate) => candidate.restRoot.toLowerCase() === restRoot.toLowerCase(),
	);
	return known
		? { restRoot: known.restRoot, zoneName: known.name }
		: { restRoot, zoneName: new URL(restRoot).host };
}

function customZone(node: INode, customBaseUrl: string): ResolvedZone {
	const restRoot = normalizeRestRoot(customBaseUrl);
	if (!restRoot) {
		throw new NodeOperationError(
			node,
			`Custom Base URL "${customBaseUrl}" is not a valid http(s) URL`,
			{
				description:
					'Enter the REST root, e.g. https://webservices5.autotask.net/ATServicesRest/ (with or without V1.0/).',
			},
		);
	}
	return { restRoot, zoneName: `custom (${new URL(restRoot).host})` };
}

function cacheKey(credentials: AutotaskCredentials): string {
	return `${lookupUrl(credentials)}\n${credentials.userName.trim().toLowerCase()}`;
}

function lookupUrl(credentials: AutotaskCredentials): string {
	return credentials.zoneLookupUrl.trim() || AUTOTASK_ZONE_LOOKUP_URL;
}

async function lookUpZone(channel: Channel, credentials: AutotaskCredentials): Promise<ResolvedZone> {
	const url = lookupUrl(credentials);
	const response = await sendWithRetry(channel, {
		method: 'GET',
		url,
		qs: { user: credentials.userName.trim() },
		entity: 'zoneInformation',
		kind: 'read',
	});
	const body = response.body as { url?: unknown; zoneName?: unknown } | null | undefined;
	const restRoot = typeof body?.url === 'string' ? normalizeRestRoot(body.url) : undefined;
	if (!restRoot) {
		throw new NodeApiError(channel.node, { zoneLookup: url } as JsonObject, {
			message: 'The Autotask zone lookup answered without a usable zone URL',
			description: `GET ${url}?user=... returned ${JSON.stringify(body)?.slice(0, 300)}. Check the Zone Lookup URL in the credential.`,
			httpCode: String(response.statusCode),
		});
	}
	const zoneName =
		typeof body?.zoneName === 'string' && body.zoneName !== '' ? body.zoneName : new URL(restRoot).host;
	return { restRoot, zoneName };
}

/**
 * The REST root for a credential: a custom URL (validated), a known zone, or for 'auto' a zone
 * lookup, cached per (lookup URL, user) for `zoneCacheSettings.ttlMs` and shared by concurrent
 * callers. `fresh` skips the cache (the credential test wants the truth, not yesterday's answer).
 * `channel.send` must be an unauthenticated sender: the lookup needs no credentials.
 */
export async function resolveZone(
	channel: Channel,
	credentials: AutotaskCredentials,
	options: { fresh?: boolean } = {},
): Promise<ResolvedZone> {
	const zone = credentials.zone.trim();
	if (zone === 'custom') return customZone(channel.node, credentials.customBaseUrl);
	if (zone !== '' && zone !== 'auto') return knownZone(channel.node, zone);

	const key = cacheKey(credentials);
	const cached = zoneCache.get(key);
	if (cached && !options.fresh && cached.expiresAt > Date.now()) return await cached.promise;

	const entry: CacheEntry = {
		promise: lookUpZone(channel, credentials),
		expiresAt: Date.now() + zoneCacheSettings.ttlMs,
	};
	zoneCache.set(key, entry);
	entry.promise.then(
		(resolved) => {
			entry.resolved = resolved;
		},
		() => {
			// A failed lookup is not cached: the next call asks again.
			if (zoneCache.get(key) === entry) zoneCache.delete(key);
		},
	);
	return await entry.promise;
}

/**
 * Forgets an auto-detected zone after Autotask answered 401 from `staleRestRoot`. Only that answer is
 * dropped: if a concurrent caller already looked the zone up again, its result stays.
 */
export function forgetZone(credentials: AutotaskCredentials, staleRestRoot: string): void {
	const key = cacheKey(credentials);
	const entry = zoneCache.get(key);
	if (entry?.resolved?.restRoot === staleRestRoot) zoneCache.delete(key);
}

/** True when the credential's zone is auto-detected (and so can be looked up again). */
export function isAutoZone(credentials: AutotaskCredentials): boolean {
	const zone = credentials.zone.trim();
	return zone === '' || zone === 'auto';
}
