import { normalizeRecord, toAutotaskDateTime } from '../nodes/transport/dates';

describe('toAutotaskDateTime', () => {
	it.each([
		['2024-05-01T13:30:00Z', '2024-05-01T13:30:00.000Z'],
		['2024-05-01T15:30:00+02:00', '2024-05-01T13:30:00.000Z'],
		['2024-05-01T13:30:00.1234567Z', '2024-05-01T13:30:00.123Z'],
		['2024-05-01T13:30:00', '2024-05-01T13:30:00.000Z'],
		['2024-05-01 13:30', '2024-05-01T13:30:00.000Z'],
		['2024-05-01', '2024-05-01T00:00:00.000Z'],
	])('reads %s as %s', (input, expected) => {
		expect(toAutotaskDateTime(input)).toBe(expected);
	});

	it('converts Date and DateTime-like values to UTC', () => {
		const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
		expect(toAutotaskDateTime(date)).toBe('2024-01-02T03:04:05.006Z');
		expect(toAutotaskDateTime({ toJSDate: () => date })).toBe('2024-01-02T03:04:05.006Z');
		expect(toAutotaskDateTime({ toISO: () => '2024-01-02T05:04:05.006+02:00' })).toBe(
			'2024-01-02T03:04:05.006Z',
		);
	});

	it('refuses text it would have to guess a time zone for', () => {
		expect(() => toAutotaskDateTime('May 1st')).toThrow('"May 1st" is not a valid date and time');
		expect(() => toAutotaskDateTime('2024-13-45')).toThrow('not a valid date');
		expect(() => toAutotaskDateTime({ toISO: () => null })).toThrow('not a valid date');
	});
});

describe('normalizeRecord', () => {
	it('turns offset-less Autotask datetimes into ISO 8601 UTC, leaving everything else alone', () => {
		const record = {
			id: 7,
			createDate: '2016-03-30T13:10:35.563',
			lastActivityDate: '2018-11-13T17:32:34',
			precise: '2018-11-13T17:32:34.1234567',
			alreadyUtc: '2018-11-13T17:32:34Z',
			title: '2018-11-13T17:32:34 was the day',
			dateOnly: '2018-11-13',
			count: 3,
			nothing: null,
			userDefinedFields: [
				{ name: 'Renewal', value: '2025-01-31T00:00:00' },
				{ name: 'Tier', value: 'Gold' },
			],
		};
		expect(normalizeRecord(record)).toEqual({
			...record,
			createDate: '2016-03-30T13:10:35.563Z',
			lastActivityDate: '2018-11-13T17:32:34.000Z',
			precise: '2018-11-13T17:32:34.123Z',
			userDefinedFields: [
				{ name: 'Renewal', value: '2025-01-31T00:00:00.000Z' },
				{ name: 'Tier', value: 'Gold' },
			],
		});
	});

	it('returns a copy', () => {
		const record = { id: 1, createDate: '2016-03-30T13:10:35' };
		normalizeRecord(record);
		expect(record.createDate).toBe('2016-03-30T13:10:35');
	});
});
