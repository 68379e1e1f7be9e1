import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * bench/RESULTS.md is written by several scripts and by hand: each script replaces only the
 * sections it owns and leaves every other byte of the file as it was.
 */

export interface OwnedSection {
	/** Matches the section's heading line (`## ...`). */
	heading: RegExp;
	/** The section, heading included. */
	text: string;
}

export interface ResultsUpdate {
	/** What comes before the first `## ` heading (the title and the run's facts), when the script owns it. */
	head?: string;
	sections: OwnedSection[];
}

/** The file cut before every `## ` heading line; the first piece is what precedes the first heading. */
function pieces(text: string): string[] {
	return text.split(/^(?=## )/m);
}

/** `replacement` with the blank lines that followed the text it replaces, so the gap to the next section stays. */
function withTrailingOf(old: string, replacement: string): string {
	return replacement.trimEnd() + old.slice(old.trimEnd().length);
}

/**
 * Puts the owned parts into `current`: an owned section present is replaced where it stands; one
 * missing goes after the owned section listed before it (the first one after the head when the
 * update has a head, else at the end).
 */
export function updateResultsText(current: string, update: ResultsUpdate): string {
	const [head, ...sections] = pieces(current);
	const out = [update.head === undefined ? head : head.trim() === '' ? `${update.head.trimEnd()}\n\n` : withTrailingOf(head, update.head)];
	out.push(...sections);
	// Positions are indexes into `out`; 0 is the head.
	let previous: number | undefined = update.head === undefined ? undefined : 0;
	for (const section of update.sections) {
		const at = out.findIndex((piece, index) => index > 0 && section.heading.test(piece.split('\n', 1)[0]));
		if (at !== -1) {
			out[at] = withTrailingOf(out[at], section.text);
			previous = at;
			continue;
		}
		const after = previous ?? out.length - 1;
		if (!/\n\n$/.test(out[after]) && out[after] !== '') out[after] = `${out[after].trimEnd()}\n\n`;
		out.splice(after + 1, 0, `${section.text.trimEnd()}\n${after + 1 < out.length ? '\n' : ''}`);
		previous = after + 1;
	}
	return out.join('');
}

/** Reads the results file (absent: empty), puts the owned parts in and writes it back. */
export function updateResultsFile(file: string, update: ResultsUpdate): void {
	const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
	writeFileSync(file, updateResultsText(current, update));
}
