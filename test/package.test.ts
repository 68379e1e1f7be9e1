import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * What `npm publish` would upload, read from `npm pack --dry-run --json` over the built dist/.
 * `npm test` builds first; run `npm run build` before running this file on its own.
 */
const ROOT = join(__dirname, '..');

interface PackedFile {
	path: string;
	size: number;
}
interface PackResult {
	size: number;
	unpackedSize: number;
	files: PackedFile[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	license: string;
	n8n: { nodes: string[]; credentials: string[] };
};

function packDryRun(): PackResult {
	if (!existsSync(join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const stdout = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return (JSON.parse(stdout) as PackResult[])[0];
}

const packed = packDryRun();
const paths = packed.files.map((file) => file.path);

it('holds only dist/, README.md, LICENSE and package.json', () => {
	expect(paths.filter((path) => !path.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
});

it('holds no tests, caches, source maps, build info or tarballs', () => {
	const unwanted = paths.filter((path) => /(^|\/)(test|\.cache|coverage|bench|scripts|examples)\/|\.map$|\.tsbuildinfo$|\.tgz$|\.test\.js$/.test(path));
	expect(unwanted).toEqual([]);
});

/** The icon files a built node or credential names (`file:<path relative to its own file>`). */
function iconsOf(file: string): string[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = Object.values(require(join(ROOT, file)) as Record<string, new () => object>)[0];
	const instance = new exported() as { icon?: unknown; description?: { icon?: unknown } };
	const icon = instance.description?.icon ?? instance.icon;
	const references = typeof icon === 'string' ? [icon] : Object.values(icon as Record<string, string>);
	return references.map((reference) => posix.join(posix.dirname(file), reference.replace(/^file:/, '')));
}

it('holds every node and credential that package.json registers, with its icons and codex file', () => {
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		expect(paths).toContain(file);
		for (const icon of iconsOf(file)) expect(paths).toContain(icon);
	}
	for (const node of manifest.n8n.nodes) expect(paths).toContain(node.replace(/\.js$/, '.json'));
});

it('ships the MIT license that package.json names', () => {
	expect(manifest.license).toBe('MIT');
	expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} n8n-nodes-autotask-psa contributors\n/);
});

it('stays small: under 300 kB packed and 1.2 MB unpacked', () => {
	// A bound, not a measurement: it fails when something large (a data file, a bundle) slips in.
	expect(packed.size).toBeLessThan(300_000);
	expect(packed.unpackedSize).toBeLessThan(1_200_000);
});
