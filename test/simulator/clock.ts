/**
 * The simulator's clock. Every timestamp the simulator writes (record audit fields, the change
 * log, the hourly request window) comes from here, so tests can freeze, set and advance time.
 * It stands still unless `auto(true)` is called; then it follows real time from the last set point.
 */
export interface SimClock {
	now(): Date;
	set(iso: string): void;
	advance(ms: number): void;
	auto(follow: boolean): void;
}

export function createClock(startIso?: string): SimClock {
	let anchorMs = startIso === undefined ? Date.now() : parseInstant(startIso);
	// Real time at which anchorMs was taken; only consulted while following real time.
	let realAnchorMs = Date.now();
	let following = false;

	const nowMs = () => (following ? anchorMs + (Date.now() - realAnchorMs) : anchorMs);
	const reanchor = (ms: number) => {
		anchorMs = ms;
		realAnchorMs = Date.now();
	};

	return {
		now: () => new Date(nowMs()),
		set: (iso) => reanchor(parseInstant(iso)),
		advance: (ms) => reanchor(nowMs() + ms),
		auto: (follow) => {
			reanchor(nowMs());
			following = follow;
		},
	};
}

function parseInstant(iso: string): number {
	const ms = parseAutotaskDateTime(iso);
	if (ms === undefined) throw new Error(`Not a date-time: ${iso}`);
	return ms;
}

/**
 * Autotask emits UTC date-times without an offset and with only as many fractional digits as
 * needed ("2016-03-30T13:10:35.563", "2018-11-13T17:32:34"); clients must treat them as UTC.
 */
export function formatAutotaskDateTime(date: Date): string {
	const iso = date.toISOString(); // 2026-11-22T10:00:00.120Z
	const [seconds, fraction] = iso.slice(0, -1).split('.');
	const trimmed = fraction.replace(/0+$/, '');
	return trimmed ? `${seconds}.${trimmed}` : seconds;
}

const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses the date-time shapes clients send (with or without "Z", with an offset, date only) into
 * epoch milliseconds. Values without an offset are UTC, as Autotask stores everything in UTC.
 */
export function parseAutotaskDateTime(text: string): number | undefined {
	const match = ISO_DATE_TIME.exec(text.trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', offset] = match;
	if (+month < 1 || +month > 12 || +day < 1 || +day > 31 || +hour > 23 || +minute > 59 || +second > 59) {
		return undefined;
	}
	const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
	let epoch = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, ms);
	if (offset && offset.toUpperCase() !== 'Z') {
		const sign = offset.startsWith('-') ? -1 : 1;
		const digits = offset.slice(1).replace(':', '');
		epoch -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
	}
	return epoch;
}
