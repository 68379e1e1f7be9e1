import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * A canvas subtitle (an n8n expression the editor evaluates) that shows the chosen option's name
 * rather than its internal value: `Get Many`, not `getMany`. The names are looked up in a map
 * written into the expression, since a subtitle sees only the parameters' values. `suffix` is an
 * expression fragment appended after ": " when it yields text (e.g. the entity).
 */
export function optionNameSubtitle(parameter: string, options: INodePropertyOptions[], suffix?: string): string {
	const names = JSON.stringify(Object.fromEntries(options.map((option) => [String(option.value), option.name])));
	const name = `(${names}[$parameter[${JSON.stringify(parameter)}]] || $parameter[${JSON.stringify(parameter)}])`;
	return suffix ? `={{ ${name} + (${suffix} ? ": " + ${suffix} : "") }}` : `={{ ${name} }}`;
}
