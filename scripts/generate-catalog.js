#!/usr/bin/env node
'use strict';
/**
 * Generates nodes/common/catalog.generated.ts, the entity catalog, from Autotask's list of REST
 * operations (method, path, operationId for every operation of the 2026 swagger).
 *
 *   node scripts/generate-catalog.js                 write the catalog
 *   node scripts/generate-catalog.js --check         exit 1 if the committed catalog is stale
 *   node scripts/generate-catalog.js --tsv <file>    read another operations list
 *
 * Rules (each one checked against the list; the script fails on anything it cannot classify):
 * - An entity is a path `/V1.0/{Entity}/entityInformation` (Autotask's own metadata endpoint).
 *   Non-entity endpoints (zoneInformation, ThresholdInformation, Version, versioninformation,
 *   Modules, Authenticate, EntityInformation, invoice markup, company invoice settings) have none.
 * - Root operations `{Prefix}_{Action}` live under `/V1.0/{Entity}`; the entity's REST name is the
 *   path segment (the prefix can differ: `OrganizationalLevel1_Query` is `/OrganizationalLevel1s`).
 * - Child operations `{Prefix}Child_{Action}` live under `/V1.0/{Parent}/{parentId}/{Segment}` and
 *   belong to the root entity whose operations carry `{Prefix}` (TicketNotesChild -> TicketNotes,
 *   ResourceRolesChild -> ResourceRoles). The segment alone is not enough (Resources/{id}/Roles
 *   is ResourceRoles, not Roles). One child prefix has no root operations of its own:
 *   CompanyContactsChild (Companies/{id}/Contacts); it falls back to the entity named like the
 *   segment (Contacts). Every fallback is printed.
 * - ops.query/count/get: `/{Entity}/query`, `/{Entity}/query/count`, `GET /{Entity}/{id}` at the
 *   root (child paths have no query). ops.create/update/delete: at the root or under the parent
 *   (update = PUT or PATCH).
 * - parent: set when the entity has a create, update or delete under its parent path, or has no
 *   root query at all (reachable only through its parent). Autotask documents that writes on a
 *   child go through the parent, so the nodes send them there.
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_TSV = path.resolve(REPO_ROOT, '../shared/data/autotask/operations-2026.tsv');
const OUTPUT = path.join(REPO_ROOT, 'nodes/common/catalog.generated.ts');
const GENERATOR = 'node scripts/generate-catalog.js';
const SOURCE = 'shared/data/autotask/operations-2026.tsv';

const OPS = ['query', 'get', 'count', 'create', 'update', 'delete'];

/** Operation prefixes (and their actions) that are not entities. */
const NON_ENTITY_PREFIXES = new Set([
	'ApiVersion', // GET /VersionInformation
	'AuthenticateApiIntegration', // GET /V1.0/Authenticate
	'AutotaskVersionApiIntegration', // GET /V1.0/Version
	'MetadataApiIntegration', // GET /V1.0/EntityInformation
	'ModuleAccessApiIntegration', // GET /V1.0/Modules
	'ThresholdApiIntegration', // GET /V1.0/ThresholdInformation
	'ZoneInformationApiIntegration', // GET /V1.0/ZoneInformation
	'InvoiceMarkupApiIntegration', // GET /V1.0/Invoices/{id}/InvoicePdf|Html|Xml
	'AccountInvoiceSettings', // /V1.0/Companies/{id}/invoiceSettings
]);

/** Human names the singular rule gets wrong. */
const DISPLAY_NAME_OVERRIDES = {
	InternalLocationWithBusinessHours: 'Internal Location With Business Hours',
	TagAliases: 'Tag Alias',
};
/**
 * Parent URL segments that are not entity names, for children that need a parent entry:
 * `/V1.0/Expenses/{parentId}/Items` (ExpenseItems, whose expenseReportID names the parent) and
 * `/V1.0/UserDefinedFields/{parentId}/ListItems` (UserDefinedFieldListItems, parent
 * UserDefinedFieldDefinitions). `/V1.0/ServiceLevelAgreements/{parentId}/Results` is read-only
 * and ServiceLevelAgreementResults has a root query, so it needs no parent entry.
 */
const PARENT_PATH_ENTITIES = { Expenses: 'ExpenseReports', UserDefinedFields: 'UserDefinedFieldDefinitions' };
const ACRONYMS = { Api: 'API', Dns: 'DNS', Rma: 'RMA', Ssl: 'SSL', Udf: 'UDF' };

/** @typedef {{ method: string, path: string, operationId: string }} Operation */

/** Parses the TSV (a `#` comment line, a header line, then method, path, operationId, queryParams). */
function parseOperations(tsv) {
	const rows = tsv.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
	const header = rows.shift().split('\t');
	const col = (name) => {
		const index = header.indexOf(name);
		if (index < 0) throw new Error(`operations list has no "${name}" column`);
		return index;
	};
	const [m, p, o] = [col('method'), col('path'), col('operationId')];
	return rows.map((row) => {
		const cells = row.split('\t');
		return { method: cells[m], path: cells[p], operationId: cells[o] };
	});
}

const isParam = (segment) => /^\{[^}]+\}$/.test(segment);
const META = new Set(['QueryEntityInformation', 'QueryFieldDefinitions', 'QueryUserDefinedFieldDefinitions']);

/** Maps an operation's action (and path tail) to a catalog op, 'meta', or undefined. */
function opOf(action, tail) {
	switch (action) {
		case 'Query':
		case 'UrlParameterQuery':
			return tail === 'query' ? 'query' : tail === '' ? 'list' : undefined;
		case 'QueryCount':
		case 'UrlParameterQueryCount':
			return tail === 'query/count' ? 'count' : undefined;
		case 'QueryItem':
			return tail === '{}' ? 'get' : undefined;
		case 'CreateEntity':
			return tail === '' ? 'create' : undefined;
		case 'UpdateEntity':
		case 'PatchEntity':
			return tail === '' ? 'update' : undefined;
		case 'DeleteEntity':
			return tail === '{}' ? 'delete' : undefined;
		default:
			return META.has(action) ? 'meta' : undefined;
	}
}

/** "TicketNotes" -> "Ticket Note", "ConfigurationItemDnsRecords" -> "Configuration Item DNS Record". */
function displayNameOf(name) {
	if (DISPLAY_NAME_OVERRIDES[name]) return DISPLAY_NAME_OVERRIDES[name];
	// "OrganizationalLevel1s": the plural "s" follows a number.
	const numbered = /[0-9]s$/.test(name);
	const base = numbered ? name.slice(0, -1) : name;
	const words = base.match(/[A-Z][a-z]*|[0-9]+/g);
	if (!words || words.join('') !== base) throw new Error(`cannot split entity name "${name}"`);
	if (!numbered) words[words.length - 1] = singular(words[words.length - 1]);
	return words
		.map((word) => ACRONYMS[word] ?? word)
		.join(' ')
		.replace(/\bTo Do\b/g, 'To-Do')
		.replace(/ To /g, ' to ');
}

function singular(word) {
	if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
	if (/(ss|x|ch|sh|us)es$/.test(word)) return word.slice(0, -2);
	if (/s$/.test(word) && !/(ss|us)$/.test(word)) return word.slice(0, -1);
	return word;
}

/**
 * Derives the catalog from the operations list.
 * @returns {{ entries: Array<{name: string, displayName: string, ops: Record<string, boolean>, parent?: {entity: string, segment: string}}>, notes: string[] }}
 */
function deriveCatalog(tsv) {
	const operations = parseOperations(tsv);
	const notes = [];
	/** prefix -> REST name, from root operations */
	const restNameOfPrefix = new Map();
	const entities = new Map();
	const entity = (name) => {
		if (!entities.has(name)) entities.set(name, { root: new Set(), child: new Set(), parents: new Set() });
		return entities.get(name);
	};

	const parsed = operations.map((op) => {
		const match = /^([A-Za-z0-9]+)_([A-Za-z]+)$/.exec(op.operationId);
		if (!match) throw new Error(`unexpected operationId "${op.operationId}"`);
		const [, prefix, action] = match;
		const segments = op.path.split('/').slice(1);
		return { ...op, prefix, action, segments };
	});

	// 1. Entities: /V1.0/{Entity}/entityInformation
	for (const op of parsed) {
		const [version, name, info, extra] = op.segments;
		if (version === 'V1.0' && info === 'entityInformation' && extra === undefined && !isParam(name)) {
			if (op.method !== 'GET' || op.action !== 'QueryEntityInformation') {
				throw new Error(`unexpected ${op.method} ${op.path} (${op.operationId})`);
			}
			entity(name);
			restNameOfPrefix.set(op.prefix, name);
		}
	}

	// 2. Root and child operations.
	for (const op of parsed) {
		if (NON_ENTITY_PREFIXES.has(op.prefix)) continue;
		const [version, first, ...rest] = op.segments;
		if (version !== 'V1.0') throw new Error(`unexpected path ${op.path} (${op.operationId})`);
		const isChild = op.prefix.endsWith('Child');
		if (!isChild) {
			const name = restNameOfPrefix.get(op.prefix);
			if (name !== first) {
				throw new Error(`root operation ${op.operationId} at ${op.path} does not match an entity`);
			}
			const tail = rest.map((s) => (isParam(s) ? '{}' : s)).join('/');
			const kind = opOf(op.action, tail.replace(/^entityInformation(\/.*)?$/, ''));
			if (kind === undefined || kind === 'list') {
				throw new Error(`cannot classify ${op.method} ${op.path} (${op.operationId})`);
			}
			if (kind !== 'meta') entities.get(name).root.add(kind);
			continue;
		}
		// /V1.0/{Parent}/{parentId}/{Segment}[/...]
		const [parentId, segment, ...childRest] = rest;
		if (!isParam(parentId) || segment === undefined || isParam(segment)) {
			throw new Error(`unexpected child path ${op.path} (${op.operationId})`);
		}
		const base = op.prefix.slice(0, -'Child'.length);
		let name = restNameOfPrefix.get(base);
		if (name === undefined) {
			if (!entities.has(segment)) {
				throw new Error(`child ${op.operationId} at ${op.path}: no entity "${base}" nor "${segment}"`);
			}
			name = segment;
			const note = `${op.prefix}: no "${base}" root operations; ${first}/{id}/${segment} taken as entity ${segment} (by its segment)`;
			if (!notes.includes(note)) notes.push(note);
		}
		const tail = childRest.map((s) => (isParam(s) ? '{}' : s)).join('/');
		const kind = opOf(op.action, tail.replace(/^entityInformation(\/.*)?$/, ''));
		if (kind === undefined) throw new Error(`cannot classify ${op.method} ${op.path} (${op.operationId})`);
		if (op.action === 'CreateEntity' && op.method !== 'POST') {
			notes.push(`${op.operationId}: create is declared with ${op.method} ${op.path}`);
		}
		const target = entities.get(name);
		target.parents.add(`${first}\t${segment}`);
		if (kind !== 'meta') target.child.add(kind);
	}

	// 3. Entries.
	const entries = [];
	for (const name of [...entities.keys()].sort()) {
		const { root, child, parents } = entities.get(name);
		if (parents.size > 1) throw new Error(`${name} has more than one parent: ${[...parents].join(', ')}`);
		const writes = ['create', 'update', 'delete'];
		const rootWrites = writes.filter((w) => root.has(w));
		const childWrites = writes.filter((w) => child.has(w));
		const ops = {};
		for (const op of OPS) ops[op] = root.has(op) || (writes.includes(op) && child.has(op));
		const entry = { name, displayName: displayNameOf(name), ops };
		if (parents.size === 1 && (childWrites.length > 0 || !root.has('query'))) {
			const [parentPath, segment] = [...parents][0].split('\t');
			const parentEntity = entities.has(parentPath) ? parentPath : PARENT_PATH_ENTITIES[parentPath];
			if (!entities.has(parentEntity)) {
				throw new Error(`${name}: parent path /${parentPath} is not an entity and has no mapping`);
			}
			entry.parent = { entity: parentEntity, segment };
			if (parentPath !== parentEntity) {
				entry.parent.parentPath = parentPath;
				notes.push(`${name}: parent path /${parentPath}/{id}/${segment} is not an entity; parent entity ${parentEntity}`);
			}
			if (rootWrites.length > 0) {
				if (rootWrites.join() !== childWrites.join()) {
					throw new Error(`${name}: writes differ between root (${rootWrites}) and parent (${childWrites})`);
				}
				notes.push(`${name}: ${rootWrites.join('/')} both at /${name} and under ${parentEntity}/{id}/${segment}; parent kept`);
			}
			if (!root.has('query')) {
				notes.push(`${name}: no root query; only under ${parentEntity}/{id}/${segment} (${[...child].sort().join(', ')})`);
			}
		} else if (parents.size === 0 && rootWrites.length === 0 && !root.has('query') && !root.has('get')) {
			notes.push(`${name}: has metadata but no operations`);
		}
		entries.push(entry);
	}
	return { entries, notes };
}

const quote = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Renders the TypeScript module, one line per entity. */
function renderCatalog(entries) {
	const lines = entries.map((e) => {
		const ops = OPS.map((op) => `${op}: ${e.ops[op]}`).join(', ');
		const parentPath = e.parent?.parentPath ? `, parentPath: ${quote(e.parent.parentPath)}` : '';
		const parent = e.parent
			? `, parent: { entity: ${quote(e.parent.entity)}, segment: ${quote(e.parent.segment)}${parentPath} }`
			: '';
		return `\t{ name: ${quote(e.name)}, displayName: ${quote(e.displayName)}, ops: { ${ops} }${parent} },`;
	});
	return [
		'// GENERATED FILE: do not edit by hand.',
		`// Source: ${SOURCE} (Autotask REST API operations, 2026 swagger).`,
		`// Regenerate: ${GENERATOR}    Check: ${GENERATOR} --check`,
		'// Rules: see the comment at the top of scripts/generate-catalog.js.',
		"import type { EntityCatalogEntry } from './catalogTypes';",
		'',
		'export const ENTITY_CATALOG_DATA: readonly EntityCatalogEntry[] = [',
		...lines,
		'];',
		'',
	].join('\n');
}

function main(argv) {
	let tsvPath = DEFAULT_TSV;
	let check = false;
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--check') check = true;
		else if (argv[i] === '--tsv') tsvPath = path.resolve(argv[++i]);
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	const { entries, notes } = deriveCatalog(fs.readFileSync(tsvPath, 'utf8'));
	const text = renderCatalog(entries);
	for (const note of notes) process.stdout.write(`note: ${note}\n`);
	if (check) {
		const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
		if (current !== text) {
			process.stderr.write(`${path.relative(REPO_ROOT, OUTPUT)} is stale: run ${GENERATOR}\n`);
			process.exit(1);
		}
		process.stdout.write(`${path.relative(REPO_ROOT, OUTPUT)} is up to date (${entries.length} entities)\n`);
		return;
	}
	fs.writeFileSync(OUTPUT, text);
	process.stdout.write(`wrote ${path.relative(REPO_ROOT, OUTPUT)} (${entries.length} entities)\n`);
}

module.exports = { deriveCatalog, renderCatalog, parseOperations, displayNameOf, DEFAULT_TSV, OUTPUT };

if (require.main === module) {
	try {
		main(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`generate-catalog: ${error.message}\n`);
		process.exit(1);
	}
}
