/**
 * The reference-labels benchmark (`npm run bench:labels`): what Options > Reference Labels costs
 * on reads, measured through real n8n-core executions against the simulator (50 ms latency per
 * request), written to its own section of bench/RESULTS.md (replaced on every run).
 *
 * Bar (exact, the script exits with 1 when missed): N records with k reference fields cost at most
 * k x ceil(N/500) label queries, and no GET of a referenced record. Wall times are reported next to
 * the same read without labels.
 */
import './env';

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { AutotaskUserApi } from '../credentials/AutotaskUserApi.credentials';
import { Autotask } from '../nodes/Autotask/Autotask.node';
import { clearMetadataCache } from '../nodes/transport';
import { credentialsFor } from '../test/helpers/credentials';
import {
	ITEMS,
	MANUAL_TRIGGER,
	buildNode,
	chain,
	registerCredentialType,
	registerPackageNode,
	runWorkflow,
	shutdownHarness,
} from '../test/harness';
import { startSimulator } from '../test/simulator';
import type { Simulator } from '../test/simulator';
import { REPO_ROOT } from './editor';
import { machine, seconds } from './measure';
import { updateResultsFile } from './resultsFile';

const LATENCY_MS = 50;
const PAGE = 500;
const REFERENCES = ['companyID', 'contactID', 'assignedResourceID'];
const REFERENCED = ['Companies', 'Contacts', 'Resources'];

registerCredentialType(new AutotaskUserApi());
const AUTOTASK = registerPackageNode(new Autotask());

interface Case {
	scenario: string;
	records: number;
	items?: IDataObject[];
	parameters: INodeParameters;
}

interface Result {
	scenario: string;
	records: number;
	dataQueries: number;
	labelQueries: number;
	byEntity: string;
	bar: number;
	gets: number;
	withMs: number;
	withoutMs: number;
	met: boolean;
}

async function timedRun(sim: Simulator, read: Case, options: IDataObject): Promise<{ ms: number; count: number }> {
	const nodes = [
		buildNode(MANUAL_TRIGGER),
		...(read.items ? [buildNode(ITEMS, { items: read.items as unknown as INodeParameters[] })] : []),
		buildNode(AUTOTASK, { ...read.parameters, options } as INodeParameters, { name: 'Autotask' }),
	];
	const started = performance.now();
	const result = await runWorkflow(chain(nodes), { credentials: credentialsFor(sim) });
	const ms = performance.now() - started;
	if (result.status !== 'success') throw new Error(`${read.scenario} failed: ${result.error?.message}`);
	return { ms, count: result.output('Autotask').length };
}

const isQuery = (kind: string) => kind === 'query' || kind === 'queryNext';

async function measure(sim: Simulator, read: Case): Promise<Result> {
	// Metadata is cached per process in n8n too; both runs start from the same warm cache.
	await timedRun(sim, read, {});
	sim.resetCounters();
	const without = await timedRun(sim, read, {});
	sim.resetCounters();
	const labelled = await timedRun(sim, read, { referenceLabels: true, referenceLabelFields: REFERENCES });
	const perEntity = REFERENCED.map((entity) => [entity, sim.requests.filter((r) => r.entity === entity && isQuery(r.kind)).length] as const);
	const labelQueries = perEntity.reduce((sum, [, count]) => sum + count, 0);
	const gets = sim.requests.filter((r) => REFERENCED.includes(String(r.entity)) && r.kind === 'get').length;
	const dataQueries = sim.requests.filter((r) => r.entity === 'Tickets' && (isQuery(r.kind) || r.kind === 'get')).length;
	const bar = REFERENCES.length * Math.ceil(read.records / PAGE);
	if (labelled.count !== read.records) throw new Error(`${read.scenario}: ${labelled.count} items, expected ${read.records}`);
	return {
		scenario: read.scenario,
		records: read.records,
		dataQueries,
		labelQueries,
		byEntity: perEntity.map(([entity, count]) => `${count} ${entity}`).join(', '),
		bar,
		gets,
		withMs: labelled.ms,
		withoutMs: without.ms,
		met: labelQueries <= bar && gets === 0,
	};
}

async function main(): Promise<void> {
	const started = new Date();
	const results: Result[] = [];
	const sim = await startSimulator({ seed: 'empty', latencyMs: LATENCY_MS });
	try {
		// 700 companies with one contact each, tickets spread over them: more than 500 distinct
		// companies and contacts are referenced, so those lookups need two queries each.
		sim.seedLarge('Resources', 20);
		sim.seedLarge('Companies', 700);
		sim.seedLarge('Contacts', 700);
		sim.seedLarge('Tickets', 1_200);
		const ticketIds = sim.store.all('Tickets').map((ticket) => ({ id: Number(ticket.id) }));
		results.push(
			await measure(sim, {
				scenario: 'Get Many, Return All: 1,200 Tickets',
				records: 1_200,
				parameters: { operation: 'getMany', entity: 'Tickets', returnAll: true },
			}),
		);
		results.push(
			await measure(sim, {
				scenario: 'Get, 200 input items (one ticket each)',
				records: 200,
				items: ticketIds.slice(0, 200),
				parameters: { operation: 'get', entity: 'Tickets', recordId: '={{ $json.id }}' },
			}),
		);
		sim.seedLarge('Tickets', 8_800);
		results.push(
			await measure(sim, {
				scenario: 'Get Many, Return All: 10,000 Tickets',
				records: 10_000,
				parameters: { operation: 'getMany', entity: 'Tickets', returnAll: true },
			}),
		);
	} finally {
		await sim.close();
		clearMetadataCache();
		shutdownHarness();
	}

	const host = machine();
	const section = [
		`## Reference labels (npm run bench:labels, ${started.toISOString().slice(0, 10)})`,
		'',
		`\`npm run bench:labels\` (\`tsc -p bench/tsconfig.json && node bench/tmp/bench/labels.js\`), ${started.toISOString()}; ${host.cpus} cores (${host.cpuModel}), Node ${host.node}; load average at the start ${host.loadAverage}.`,
		`The generic node reads Tickets with Options > Reference Labels on for ${REFERENCES.join(', ')} (k = 3), through n8n-core against the simulator (${LATENCY_MS} ms per request); 700 companies with one contact each and 20 resources are referenced. Label queries are the \`id in [...]\` queries to Companies, Contacts and Resources; bar: k x ceil(N/500), and no GET of a referenced record. Times: the same read without the option, then with it, metadata already cached; on this machine, shared with other jobs, differences of a few tenths of a second between runs are noise.`,
		'',
		'| scenario | records | ticket requests | label queries | by entity | bar k x ceil(N/500) | GETs of referenced records | met | without labels | with labels |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...results.map((result) =>
			[
				'',
				result.scenario,
				result.records.toLocaleString('en'),
				String(result.dataQueries),
				String(result.labelQueries),
				result.byEntity,
				String(result.bar),
				String(result.gets),
				result.met ? 'met' : '**missed**',
				seconds(result.withoutMs),
				seconds(result.withMs),
				'',
			].join(' | ').trim(),
		),
		'',
	].join('\n');

	const file = join(REPO_ROOT, 'bench', 'RESULTS.md');
	updateResultsFile(file, { sections: [{ heading: /^## Reference labels \(/, text: section }] });
	process.stdout.write(`${section}\nWrote ${file}\n`);
	if (results.some((result) => !result.met)) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
