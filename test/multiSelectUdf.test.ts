/**
 * Multi-select UDFs: read as arrays (values, and labels with picklist labels on), written from an
 * array or a comma-separated list checked against the picklist before anything is sent. Workflow
 * tests run the generic node through n8n-core against the simulator, whose Companies have the
 * multi-select UDF "Managed Services"; the wire form is a guess (test/simulator/README.md).
 */
import type { IDataObject } from 'n8n-workflow';

import { writableMapperFields } from '../nodes/Autotask/helpers/mapperColumns';
import { Autotask } from '../nodes/Autotask/Autotask.node';
import type { FieldLike } from '../nodes/common/fields';
import { coerceMultiSelect, isMultiSelectWrite, readMultiSelectValues } from '../nodes/common/multiSelectUdf';
import { toUdfInfo } from '../nodes/transport/metadata';
import { registerPackageNode, shutdownHarness } from './harness';
import { runNode } from './helpers/nodeRun';
import { useSimulator } from './helpers/simulatorSetup';
import { eventsOf, triggerPoller } from './triggerKit';

const AUTOTASK = registerPackageNode(new Autotask());
const sim = useSimulator({ retries: { baseDelayMs: 1, maxDelayMs: 5 } });
afterAll(shutdownHarness);

const UDF = 'Managed Services';

const company = (name: string) => sim().store.all('Companies').find((record) => record.companyName === name) as IDataObject;
const storedValue = (id: number) =>
	((sim().store.get('Companies', id) as IDataObject).userDefinedFields as IDataObject[]).find((udf) => udf.name === UDF)?.value;

async function run(parameters: IDataObject) {
	return await runNode(AUTOTASK, sim(), parameters);
}

async function ok(parameters: IDataObject): Promise<IDataObject[]> {
	const result = await run(parameters);
	if (result.status !== 'success') throw new Error(`Run failed: ${result.error?.message} (${result.error?.description ?? ''})`);
	return result.output('Autotask').map((item) => item.json);
}

const get = (id: unknown, options: IDataObject = {}) => ({ operation: 'get', entity: 'Companies', recordId: String(id), options });
const update = (id: unknown, fields: IDataObject) => ({
	operation: 'update',
	entity: 'Companies',
	recordId: String(id),
	fieldsSource: 'json',
	fieldsJson: JSON.stringify(fields),
});

describe('reading a multi-select UDF', () => {
	it('gives the values as an array, and their labels beside them', async () => {
		const [acme] = await ok(get(company('Acme Managed Client').id));
		expect(acme[UDF]).toEqual(['BACKUP', 'M365']);
		expect(acme[`${UDF}_label`]).toEqual(['Managed Backup', 'Microsoft 365']);
		// A single-select picklist UDF next to it keeps its own shape.
		expect(acme['Customer Ranking']).toBe('Golden');
	});

	it('replaces values with labels, keeps values only, and shapes the listed (not flattened) form too', async () => {
		const id = company('Acme Managed Client').id;
		const [replaced] = await ok(get(id, { picklistLabels: 'replace' }));
		expect(replaced[UDF]).toEqual(['Managed Backup', 'Microsoft 365']);
		expect(replaced).not.toHaveProperty(`${UDF}_label`);
		const [values] = await ok(get(id, { picklistLabels: 'none' }));
		expect(values[UDF]).toEqual(['BACKUP', 'M365']);
		const [listed] = await ok(get(id, { flattenUdfs: false }));
		expect(listed.userDefinedFields).toEqual([
			{ name: 'Customer Ranking', value: 'Golden', label: 'Golden' },
			{ name: UDF, value: ['BACKUP', 'M365'], label: ['Managed Backup', 'Microsoft 365'] },
		]);
	});

	it('gives one selection as a one-element array (not as a single-select label) and none as []', async () => {
		const [globex] = await ok(get(company('Globex Sample Ltd').id, { picklistLabels: 'replace' }));
		expect(globex[UDF]).toEqual(['Security Monitoring']);
		const [initech] = await ok(get(company('Initech Demo Inc').id));
		expect(initech[UDF]).toEqual([]);
		expect(initech[`${UDF}_label`]).toEqual([]);
	});

	it('is marked multi-select by Describe', async () => {
		const [described] = await ok({ operation: 'describe', entity: 'Companies' });
		const udfs = described.userDefinedFields as IDataObject[];
		expect(udfs.find((udf) => udf.name === UDF)).toMatchObject({ multiSelect: true });
		expect(udfs.find((udf) => udf.name === 'Customer Ranking')).not.toHaveProperty('multiSelect');
	});

	it('gives arrays on Get Many and from the polling trigger', async () => {
		const companies = await ok({ operation: 'getMany', entity: 'Companies', returnAll: true });
		expect(companies.find((record) => record.companyName === 'Acme Managed Client')?.[UDF]).toEqual(['BACKUP', 'M365']);
		expect(companies.every((record) => Array.isArray(record[UDF]))).toBe(true);

		const poller = triggerPoller(sim(), { entity: 'Companies', event: 'updated' });
		expect(await poller.poll()).toBeNull();
		sim().clock.advance(60_000);
		sim().store.update('Companies', Number(company('Globex Sample Ltd').id), { userDefinedFields: [{ name: UDF, value: 'VOIP,SEC' }] });
		const [event] = eventsOf(await poller.poll());
		expect(event[UDF]).toEqual(['VOIP', 'SEC']);
		expect(event[`${UDF}_label`]).toEqual(['Hosted VoIP', 'Security Monitoring']);
	});
});

describe('writing a multi-select UDF', () => {
	it('takes an array of values or labels and sends the values as one comma-separated string', async () => {
		const id = Number(company('Initech Demo Inc').id);
		sim().resetCounters();
		const [written] = await ok(update(id, { [UDF]: ['BACKUP', 'Security Monitoring'] }));
		const sent = sim().requests.find((request) => request.kind === 'update')?.body as IDataObject;
		expect(sent.userDefinedFields).toEqual([{ name: UDF, value: 'BACKUP,SEC' }]);
		expect(storedValue(id)).toBe('BACKUP,SEC');
		expect(written[UDF]).toEqual(['BACKUP', 'SEC']);
	});

	it('takes a comma-separated list, drops repeats, and clears the field with an empty list', async () => {
		const id = Number(company('Initech Demo Inc').id);
		await ok(update(id, { [UDF]: 'microsoft 365, VOIP ,M365' }));
		expect(storedValue(id)).toBe('M365,VOIP');
		await ok(update(id, { [UDF]: [] }));
		expect(storedValue(id)).toBeNull();
	});

	it('refuses a value not in the picklist before sending anything, naming the field and the allowed values', async () => {
		const id = Number(company('Initech Demo Inc').id);
		const before = storedValue(id);
		sim().resetCounters();
		const result = await run(update(id, { [UDF]: ['BACKUP', 'Gold Support'] }));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('"Gold Support" is not a value of multi-select field "Managed Services"');
		expect(result.error?.description).toBe(
			'Allowed: BACKUP (Managed Backup), M365 (Microsoft 365), SEC (Security Monitoring), VOIP (Hosted VoIP).',
		);
		expect(sim().counters.byKind.update).toBe(0);
		expect(storedValue(id)).toBe(before);
	});

	it('refuses an inactive value, with zero write requests', async () => {
		sim().resetCounters();
		const result = await run(update(company('Initech Demo Inc').id, { [UDF]: 'FAX' }));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('"Fax Gateway" (FAX) is an inactive value of multi-select field "Managed Services"');
		expect(sim().counters.byKind.update).toBe(0);
	});
});

const field: FieldLike & { isMultiSelect: boolean } = {
	name: 'Regions',
	type: 'string',
	isPickList: true,
	isMultiSelect: true,
	picklistValues: [
		{ value: 'EU', label: 'Europe' },
		{ value: 'Sales, EU', label: 'Sales (EU)' },
		{ value: 'US', label: 'United States' },
	],
};

describe('the wire forms tolerated (guess)', () => {
	it('reads commas or semicolons with or without spaces, a JSON array, and values containing a comma', () => {
		expect(readMultiSelectValues(field, 'EU,US')).toEqual(['EU', 'US']);
		expect(readMultiSelectValues(field, 'EU, US')).toEqual(['EU', 'US']);
		expect(readMultiSelectValues(field, 'EU;US')).toEqual(['EU', 'US']);
		expect(readMultiSelectValues(field, '["EU","US"]')).toEqual(['EU', 'US']);
		expect(readMultiSelectValues(field, 'Sales, EU,US')).toEqual(['Sales, EU', 'US']);
		expect(readMultiSelectValues(field, 'US,Sales, EU')).toEqual(['US', 'Sales, EU']);
		expect(readMultiSelectValues(field, 'EU,Unknown')).toEqual(['EU', 'Unknown']);
		expect(readMultiSelectValues(field, null)).toEqual([]);
		expect(readMultiSelectValues(field, '')).toEqual([]);
	});

	it('writes labels and values alike, also when a value contains a comma', () => {
		expect(coerceMultiSelect(field, 'Europe, Sales, EU')).toBe('EU,Sales, EU');
		expect(coerceMultiSelect(field, '["US"]')).toBe('US');
		expect(coerceMultiSelect(field, '')).toBeNull();
		expect(() => coerceMultiSelect(field, 'Asia')).toThrow('"Asia" is not a value of multi-select field "Regions"');
	});

	it('recognises a multi-select UDF by a flag or by its type name in the metadata', () => {
		const base = { name: 'X', label: 'X', type: 'string', isPickList: true, picklistValues: [] };
		expect(toUdfInfo(base).isMultiSelect).toBe(false);
		expect(toUdfInfo({ ...base, isMultiSelect: true }).isMultiSelect).toBe(true);
		expect(toUdfInfo({ ...base, type: 'Multi Select List' }).isMultiSelect).toBe(true);
		expect(toUdfInfo({ ...base, type: 'multiselect' }).isMultiSelect).toBe(true);
	});

	it('writes a list to a picklist UDF whose metadata does not mark the kind, and keeps single values checked as before', () => {
		const unmarked: FieldLike = { ...field, isMultiSelect: false } as FieldLike;
		expect(isMultiSelectWrite(unmarked, ['EU', 'US'])).toBe(true);
		expect(isMultiSelectWrite(unmarked, 'Europe, US')).toBe(true);
		expect(isMultiSelectWrite(unmarked, 'Sales, EU')).toBe(false);
		expect(isMultiSelectWrite(unmarked, 'EU, Asia')).toBe(false);
		expect(isMultiSelectWrite({ name: 'Notes', type: 'string' }, ['a', 'b'])).toBe(false);
	});

	it('offers the field in the mapper as a list to type, not as a single-choice dropdown', () => {
		const [column] = writableMapperFields([], [field], 'update');
		expect(column).toMatchObject({ id: 'Regions', type: 'string', displayName: 'Regions (UDF, multi-select: values or labels, comma-separated)' });
		expect(column.options).toBeUndefined();
	});
});
