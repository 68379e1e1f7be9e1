import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { updateResultsText } from '../bench/resultsFile';

const committed = readFileSync(join(__dirname, '..', 'bench', 'RESULTS.md'), 'utf8');

const benchUpdate = {
	head: '# Benchmark results\n\nRun NEW.\n',
	sections: [
		{ heading: /^## Requests and time$/, text: '## Requests and time\n\nNEW requests\n' },
		{ heading: /^## Memory of Get Many$/, text: '## Memory of Get Many\n\nNEW memory\n' },
		{ heading: /^## Editor$/, text: '## Editor\n\nNEW editor\n' },
		{ heading: /^## Bars$/, text: '## Bars\n\nNEW bars\n' },
	],
};

describe("bench/RESULTS.md: each script replaces only its own sections", () => {
	it('keeps every section the main benchmark does not own byte for byte, where it stands', () => {
		const firstForeign = committed.indexOf('\n## Queue mode');
		expect(firstForeign).toBeGreaterThan(0);
		const updated = updateResultsText(committed, benchUpdate);
		expect(updated.startsWith('# Benchmark results\n\nRun NEW.\n\n## Requests and time\n\nNEW requests\n\n## Memory of Get Many\n\nNEW memory\n\n## Editor\n\nNEW editor\n\n## Bars\n\nNEW bars\n\n## Queue mode')).toBe(true);
		expect(updated.slice(updated.indexOf('\n## Queue mode'))).toBe(committed.slice(firstForeign));
		expect(committed).toContain('## Attachments: heap of a 6 MB file');
		expect(committed).toContain('## Reference labels (');
	});

	it('replaces a section again without touching the rest (running twice changes nothing more)', () => {
		const once = updateResultsText(committed, benchUpdate);
		expect(updateResultsText(once, benchUpdate)).toBe(once);
	});

	it('puts a missing owned section after the owned one listed before it', () => {
		const withoutEditor = updateResultsText(committed, benchUpdate).replace('## Editor\n\nNEW editor\n\n', '');
		const updated = updateResultsText(withoutEditor, benchUpdate);
		expect(updated).toBe(updateResultsText(committed, benchUpdate));
	});

	it('replaces a section found by a heading pattern (a dated heading) and appends it when absent', () => {
		const labels = { sections: [{ heading: /^## Reference labels \(/, text: '## Reference labels (npm run bench:labels, NEW)\n\nNEW labels\n' }] };
		const updated = updateResultsText(committed, labels);
		const start = committed.indexOf('## Reference labels (');
		const next = committed.indexOf('\n## ', start);
		const after = next === -1 ? '' : committed.slice(next);
		expect(updated.slice(0, start)).toBe(committed.slice(0, start));
		expect(updated.slice(start)).toBe(`## Reference labels (npm run bench:labels, NEW)\n\nNEW labels\n${after}`);
		expect(updateResultsText('# Title\n\n## Other\n\ntext\n', labels)).toBe(
			'# Title\n\n## Other\n\ntext\n\n## Reference labels (npm run bench:labels, NEW)\n\nNEW labels\n',
		);
	});

	it('writes a whole file from nothing', () => {
		expect(updateResultsText('', benchUpdate)).toBe(
			'# Benchmark results\n\nRun NEW.\n\n## Requests and time\n\nNEW requests\n\n## Memory of Get Many\n\nNEW memory\n\n## Editor\n\nNEW editor\n\n## Bars\n\nNEW bars\n',
		);
	});
});
