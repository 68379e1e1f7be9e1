import type { RequestKind } from './http/router';

export type FaultType = '429' | '500' | '503' | 'threadThreshold' | 'drop' | 'dropAfterCommit' | '500AfterCommit';

export interface FaultRule {
	/** Which requests the rule considers; omitted properties match anything. Entity is case-insensitive. */
	match?: { method?: string; kind?: RequestKind; entity?: string };
	/** Fire on the nth matching request only (1-based). */
	nth?: number;
	/** Fire on every nth matching request. */
	every?: number;
	/** Fire with this probability, from a PRNG seeded with `seed` (default 1): repeatable runs. */
	probability?: number;
	seed?: number;
	type: FaultType;
	/** Sent as Retry-After on '429' and '503' faults. */
	retryAfterSeconds?: number;
	/**
	 * The body of a '429', '500' or '503' fault: Autotask's JSON (default), the HTML page IIS
	 * answers with when the application behind it is down (`iisHtml`), plain text, or nothing.
	 */
	body?: FaultBody;
}

export type FaultBody = 'autotask' | 'iisHtml' | 'text' | 'empty';

export interface FaultTarget {
	method: string;
	kind: RequestKind;
	entity: string | null;
}

interface ScheduledRule {
	rule: FaultRule;
	matches: number;
	random: () => number;
}

/**
 * Deterministic fault injection. A rule fires when a request matches it and all of its
 * nth / every / probability conditions hold (a rule with none fires on every match); the first
 * rule that fires wins. Match counts start when the rule is scheduled.
 */
export class FaultSchedule {
	private rules: ScheduledRule[] = [];

	schedule(rules: FaultRule[]): void {
		for (const rule of rules) this.rules.push({ rule, matches: 0, random: seededRandom(rule.seed ?? 1) });
	}

	clear(): void {
		this.rules = [];
	}

	pick(target: FaultTarget): FaultRule | undefined {
		let fired: FaultRule | undefined;
		for (const scheduled of this.rules) {
			if (!matches(scheduled.rule, target)) continue;
			scheduled.matches++;
			if (!fired && fires(scheduled)) fired = scheduled.rule;
		}
		return fired;
	}
}

function matches({ match = {} }: FaultRule, target: FaultTarget): boolean {
	return (
		(match.method === undefined || match.method.toUpperCase() === target.method) &&
		(match.kind === undefined || match.kind === target.kind) &&
		(match.entity === undefined || match.entity.toLowerCase() === target.entity?.toLowerCase())
	);
}

function fires({ rule, matches: count, random }: ScheduledRule): boolean {
	if (rule.nth !== undefined && count !== rule.nth) return false;
	if (rule.every !== undefined && count % rule.every !== 0) return false;
	// Draw only when a probability is set, so nth/every rules do not consume the sequence.
	return rule.probability === undefined || random() < rule.probability;
}

/** mulberry32: a tiny, well-distributed PRNG, enough for repeatable fault patterns. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
	};
}
