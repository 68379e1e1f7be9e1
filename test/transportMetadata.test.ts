import { toEntityInfo, toFieldInfo, toUdfInfo } from '../nodes/transport/metadata';
import { cachedMetadata, clearMetadataCache, metadataCacheSettings } from '../nodes/transport/metadataCache';
import { normalizeRestRoot } from '../nodes/transport/zoneResolver';

describe('toEntityInfo', () => {
	it('turns numeric userAccessFor* values into the strings Autotask also sends', () => {
		const info = toEntityInfo({
			name: 'Companies',
			canCreate: true,
			userAccessForCreate: 1,
			userAccessForDelete: 0,
			userAccessForQuery: 2,
			userAccessForUpdate: 'All',
			hasUserDefinedFields: true,
		});
		expect(info).toMatchObject({
			canCreate: true,
			canDelete: false,
			userAccessForCreate: 'All',
			userAccessForDelete: 'None',
			userAccessForQuery: 'Restricted',
			userAccessForUpdate: 'All',
			hasUserDefinedFields: true,
			supportsWebhookCallouts: false,
		});
	});
});

describe('cachedMetadata', () => {
	afterEach(() => {
		clearMetadataCache();
		metadataCacheSettings.ttlMs = 60 * 60 * 1000;
	});

	it('loads once for concurrent callers and reuses the value', async () => {
		let loads = 0;
		const load = async () => {
			loads++;
			return { loaded: loads };
		};
		const results = await Promise.all(Array.from({ length: 50 }, async () => await cachedMetadata('k', load)));
		expect(loads).toBe(1);
		expect(new Set(results).size).toBe(1);
		await cachedMetadata('k', load);
		expect(loads).toBe(1);
	});

	it('does not cache failures, and expires after the TTL', async () => {
		await expect(cachedMetadata('bad', async () => await Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await cachedMetadata('bad', async () => 'fine')).toBe('fine');

		metadataCacheSettings.ttlMs = -1;
		let loads = 0;
		await cachedMetadata('short', async () => ++loads);
		await cachedMetadata('short', async () => ++loads);
		expect(loads).toBe(2);
	});
});

describe('normalizeRestRoot', () => {
	it.each([
		['https://webservices5.autotask.net/ATServicesRest/', 'https://webservices5.autotask.net/ATServicesRest/'],
		['https://webservices5.autotask.net/ATServicesRest', 'https://webservices5.autotask.net/ATServicesRest/'],
		['https://webservices5.autotask.net/ATServicesRest/V1.0/', 'https://webservices5.autotask.net/ATServicesRest/'],
		[' https://proxy.example.com/atservicesrest/v1.0?x=1 ', 'https://proxy.example.com/atservicesrest/'],
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
	])('%s -> %s', (input, expected) => {
		expect(normalizeRestRoot(input)).toBe(expected);
	});

	it.each(['', 'webservices5', 'ftp://example.com/', 'javascript:alert(1)'])('rejects %j', (input) => {
		expect(normalizeRestRoot(input)).toBeUndefined();
	});
});
