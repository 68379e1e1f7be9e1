import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { median } from './measure';

/**
 * Editor-side figures that need fresh processes or a package build: how long loading a node's
 * description takes, and the size of the packed package.
 */

function findRepoRoot(from: string): string {
	for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'n8n-nodes-autotask-psa') {
			return dir;
		}
	}
	throw new Error(`No n8n-nodes-autotask-psa package.json above ${from}`);
}

/** The repository root (the script runs compiled, from bench/tmp/bench/). */
export const REPO_ROOT = findRepoRoot(__dirname);

/** The compiled tree next to this script (bench/tmp). */
const COMPILED_ROOT = resolve(__dirname, '..');

export interface PackageNode {
	/** Folder and file name under nodes/, e.g. AutotaskClientPortalUser. */
	folder: string;
	className: string;
}

/** Every node package.json lists for n8n, so a new node is measured without editing this file. */
export const PACKAGE_NODES: PackageNode[] = (
	JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } }
).n8n.nodes.map((path) => {
	const [, folder, file] = /^dist\/nodes\/([^/]+)\/([^/]+)\.node\.js$/.exec(path) ?? [];
	if (!folder || !file) throw new Error(`Unexpected node path in package.json: ${path}`);
	return { folder, className: file };
});

export interface DescriptionLoad {
	node: string;
	/** Median over the runs: require the compiled module, construct the class, read `description`. */
	ms: number;
	runs: number[];
	properties: number;
	descriptionBytes: number;
}

// n8n itself has n8n-workflow loaded long before it loads a community node, so the child loads it
// first and times only the node: require, construct, read and serialise the description.
const PROBE = `
const { performance } = require('node:perf_hooks');
require('n8n-workflow');
const [file, className] = process.argv.slice(1);
const started = performance.now();
const Node = require(file)[className];
const description = new Node().description;
const bytes = JSON.stringify(description).length;
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, properties: description.properties.length, bytes }));
`;

/** Times loading each node's description in fresh processes (`runs` each), like n8n's editor start. */
export function measureDescriptionLoads(runs = 5): DescriptionLoad[] {
	return PACKAGE_NODES.map(({ folder, className }) => {
		const file = join(COMPILED_ROOT, 'nodes', folder, `${folder}.node.js`);
		const samples: Array<{ ms: number; properties: number; bytes: number }> = [];
		for (let run = 0; run < runs; run++) {
			const child = spawnSync(process.execPath, ['-e', PROBE, file, className], { cwd: REPO_ROOT, encoding: 'utf8' });
			if (child.status !== 0) throw new Error(`Loading ${folder} failed: ${child.stderr}`);
			samples.push(JSON.parse(child.stdout) as { ms: number; properties: number; bytes: number });
		}
		return {
			node: className,
			ms: median(samples.map((sample) => sample.ms)),
			runs: samples.map((sample) => Math.round(sample.ms * 10) / 10),
			properties: samples[0].properties,
			descriptionBytes: samples[0].bytes,
		};
	});
}

export interface PackSize {
	packedBytes: number;
	unpackedBytes: number;
	files: number;
}

function run(command: string, args: string[], cwd: string): string {
	const child = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (child.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (${child.status}): ${(child.stderr || child.stdout).slice(0, 2000)}`);
	}
	return child.stdout;
}

/**
 * Builds the package in a temporary copy of the sources (so the working tree's dist/ is left alone)
 * with the package's own build steps (tsc, then the gulp asset copy) and reads the size of the
 * tarball `npm pack` would publish.
 */
export function measurePackSize(): PackSize {
	const work = mkdtempSync(join(tmpdir(), 'autotask-bench-pack-'));
	try {
		for (const entry of ['package.json', 'tsconfig.json', 'gulpfile.js', 'README.md', 'LICENSE', 'LICENSE.md', 'nodes', 'credentials', 'icons']) {
			const source = join(REPO_ROOT, entry);
			if (existsSync(source)) cpSync(source, join(work, entry), { recursive: true });
		}
		symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
		run(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], work);
		run(process.execPath, [join(REPO_ROOT, 'node_modules/gulp/bin/gulp.js'), 'build:assets'], work);
		const output = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], work);
		const [packed] = JSON.parse(output.slice(output.indexOf('['))) as Array<{
			size: number;
			unpackedSize: number;
			entryCount: number;
		}>;
		return { packedBytes: packed.size, unpackedBytes: packed.unpackedSize, files: packed.entryCount };
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}
