import { PicklistIndex, toEntityInfo, toFieldInfo, toUdfInfo } from '../nodes/transport/metadata';
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

describe('PicklistIndex', () => {
	const fields = [
		toFieldInfo({
			name: 'companyType',
			dataType: 'integer',
			isPickList: true,
			picklistValues: [
				{ value: 1, label: 'Customer', isActive: true },
				{ value: '3', label: 'Prospect', isActive: true },
			],
		}),
		toFieldInfo({ name: 'phone', dataType: 'string', isPickList: false, picklistValues: null }),
		toFieldInfo({
			name: 'subIssueType',
			dataType: 'integer',
			isPickList: true,
			picklistParentValueField: 'issueType',
			picklistValues: [{ value: '31', label: 'VPN', parentValue: 3 }],
		}),
	];
	const udfs = [
		toUdfInfo({ name: 'Tier', type: 'string', isPickList: true, picklistValues: [{ value: 'GLD', label: 'Gold' }] }),
	];
	const index = new PicklistIndex(fields, udfs);

	it('maps values to labels and back, case-insensitively', () => {
		expect(index.labelOf('companyType', 1)).toBe('Customer');
		expect(index.labelOf('COMPANYTYPE', '3')).toBe('Prospect');
		expect(index.valueOf('companyType', ' customer ')).toBe('1');
		expect(index.labelOf('companyType', 99)).toBeUndefined();
		expect(index.labelOf('companyType', null)).toBeUndefined();
		expect(index.valueOf('phone', 'x')).toBeUndefined();
	});

	it('includes UDF picklists and dependent picklists', () => {
		expect(index.get('tier')).toMatchObject({ field: 'Tier', udf: true });
		expect(index.valueOf('Tier', 'gold')).toBe('GLD');
		expect(index.get('subIssueType')).toMatchObject({ parentField: 'issueType' });
		expect(index.get('subIssueType')?.values[0].parentValue).toBe('3');
		expect(index.fields().map((field) => field.field)).toEqual(['companyType', 'subIssueType', 'Tier']);
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
