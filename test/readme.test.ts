import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { AutotaskUserApi } from '../credentials/AutotaskUserApi.credentials';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The rows of the README's credential table, by their first cell. */
function credentialTableFields(): string[] {
	const section = README.slice(README.indexOf('## The credential'));
	const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| Field |')));
	return table
		.split('\n')
		.filter((line) => line.startsWith('| ') && !line.startsWith('| Field |') && !line.startsWith('|---'))
		.map((line) => line.split('|')[1].trim());
}

it('the README credential table has one row per credential field, in the order n8n shows them', () => {
	const fields = new AutotaskUserApi().properties.filter((property) => property.type !== 'notice').map((property) => property.displayName);
	expect(credentialTableFields()).toEqual(fields);
});
