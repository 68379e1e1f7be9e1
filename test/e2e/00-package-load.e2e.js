'use strict';
/*
 * n8n (started with `n8n start`) loads the package installed as a community package: every node the
 * package.json declares appears under the n8n-nodes-autotask-psa.* type name, with its icon served,
 * the credential type is known and offered to those nodes, and n8n logged no warning or error
 * about the package.
 */
const fs = require('node:fs');

module.exports = {
	name: 'n8n loads the community package',
	phase: 'server',
	async run(ctx, t) {
		const { assert } = ctx;
		const { url, cookie } = ctx.server;
		const pkg = ctx.common.PACKAGE_NAME;

		const fetchJson = async (pathname) => {
			const res = await fetch(`${url}${pathname}`, { headers: { Cookie: cookie } });
			assert.equal(res.status, 200, `GET ${pathname}`);
			return await res.json();
		};
		const nodeTypes = await fetchJson('/types/nodes.json');
		const credentialTypes = await fetchJson('/types/credentials.json');
		const declared = new Set(ctx.nodes.map((short) => `${pkg}.${short}`));
		// n8n also derives a "<name>Tool" node type from every node marked usableAsTool
		const ours = nodeTypes.filter((n) => declared.has(n.name));
		const allOurs = nodeTypes.filter((n) => n.name.startsWith(`${pkg}.`));

		await t(`every declared node is loaded as ${pkg}.<name>`, async () => {
			const names = allOurs.map((n) => n.name).sort();
			for (const short of ctx.nodes) assert.ok(names.includes(`${pkg}.${short}`), `${pkg}.${short} missing; n8n has ${names.join(', ') || 'none of ours'}`);
			assert.ok(ctx.nodes.length > 0, 'package.json declares no node yet');
		});

		for (const node of ours) {
			await t(`${node.name}: icon served and valid SVG (light and dark differ)`, async () => {
				const icon = node.iconUrl;
				assert.ok(icon, `${node.name} has no iconUrl (icon: ${JSON.stringify(node.icon)})`);
				const variants = typeof icon === 'string' ? { light: icon } : icon;
				const bodies = {};
				for (const [variant, rel] of Object.entries(variants)) {
					const res = await fetch(`${url}/${rel.replace(/^\//, '')}`, { headers: { Cookie: cookie } });
					assert.equal(res.status, 200, `${variant} icon ${rel}`);
					const body = await res.text();
					assert.match(body, /<svg[\s>]/, `${variant} icon ${rel} is not an SVG`);
					bodies[variant] = body;
				}
				if (bodies.light && bodies.dark) assert.notEqual(bodies.light, bodies.dark, 'light and dark icons are the same file');
			});
			const kind = node.polling ? 'polling trigger' : node.webhooks?.length ? 'webhook trigger' : 'usable as tool';
			await t(`${node.name}: credential autotaskUserApi declared, ${kind}`, async () => {
				assert.ok((node.credentials ?? []).some((c) => c.name === 'autotaskUserApi'), 'no autotaskUserApi credential');
				if (node.name.endsWith('Trigger')) {
					assert.ok(node.polling === true || node.webhooks?.length > 0, 'trigger neither polls nor declares a webhook');
					assert.deepEqual(node.inputs, [], 'trigger has inputs');
				} else {
					assert.equal(node.usableAsTool, true, 'usableAsTool is not set');
					assert.ok(allOurs.some((n) => n.name === `${node.name}Tool`), `n8n derived no ${node.name}Tool (AI tool) node`);
				}
			});
		}

		await t('credential type autotaskUserApi is loaded with its fields', async () => {
			const cred = credentialTypes.find((c) => c.name === 'autotaskUserApi');
			assert.ok(cred, 'autotaskUserApi missing from /types/credentials.json');
			const props = cred.properties.map((p) => p.name);
			for (const name of ['userName', 'secret', 'integrationCode', 'zone', 'customBaseUrl', 'zoneLookupUrl', 'impersonationResourceId']) {
				assert.ok(props.includes(name), `credential property ${name} missing`);
			}
			const supported = cred.supportedNodes ?? [];
			for (const short of ctx.nodes) {
				assert.ok(supported.includes(`${pkg}.${short}`), `credential not offered to ${pkg}.${short} (supportedNodes: ${supported.join(', ')})`);
			}
		});

		await t('n8n logged no warning or error about the package', async () => {
			const lines = fs.readFileSync(ctx.server.logFile, 'utf8').split('\n');
			const bad = lines.filter((line) => {
				let entry;
				try {
					entry = JSON.parse(line);
				} catch {
					return /autotask/i.test(line) && /(warn|error|fail)/i.test(line);
				}
				if (!['warn', 'error'].includes(entry.level)) return false;
				return /autotask|community|package|credential|node type|Failed to load/i.test(JSON.stringify(entry));
			});
			assert.deepEqual(bad, [], `warnings in ${ctx.server.logFile}`);
		});
	},
};
