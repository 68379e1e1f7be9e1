'use strict';
/*
 * The editor in a real browser (Debian chromium driven by playwright-core): a new workflow, the node
 * panel searched for "Autotask" (every node of the package listed, each with its icon loaded), the
 * Client Portal User node added with its Create action, the contact list (listSearch, served by the
 * simulator) opened and searched, the security level dropdown (loadOptions from the tenant's
 * picklist) opened, and the step executed from the editor. Screenshots go to test/artifacts/.
 */
const fs = require('node:fs');
const path = require('node:path');

const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** playwright-core from the project's devDependencies, else from the e2e tool cache. */
function loadPlaywright(ctx) {
	const candidates = [
		path.join(ctx.common.REPO, 'node_modules', 'playwright-core'),
		path.join(ctx.common.CACHE, 'tools', 'node_modules', 'playwright-core'),
	];
	for (const candidate of candidates) if (fs.existsSync(candidate)) return require(candidate);
	return null;
}

const DISPLAY_NAMES = {
	autotaskClientPortalUser: 'Autotask Client Portal User',
	autotaskResource: 'Autotask Resource',
	autotask: 'Autotask (any entity)',
	autotaskTrigger: 'Autotask Trigger',
};

module.exports = {
	name: 'the editor in a real browser',
	phase: 'server',
	needs: ['autotaskClientPortalUser', 'simulator'],
	async run(ctx, t) {
		const { assert } = ctx;
		const playwright = loadPlaywright(ctx);
		if (!playwright) {
			t.skip('browser checks', 'playwright-core is not installed (devDependency, or scripts/e2e/provision.sh --tools)');
			return;
		}
		if (!fs.existsSync(CHROMIUM)) {
			t.skip('browser checks', `${CHROMIUM} is missing (apt-get install -y chromium)`);
			return;
		}
		const { url, cookie } = ctx.server;
		const shots = ctx.artifacts;
		const shot = async (page, name) => {
			const file = path.join(shots, `editor-${name}.png`);
			await page.screenshot({ path: file });
			return file;
		};

		const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
		const pageErrors = [];
		try {
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
			const [name, ...rest] = cookie.split('=');
			await context.addCookies([{ name, value: rest.join('='), url }]);
			const page = await context.newPage();
			page.setDefaultTimeout(30_000);
			page.on('pageerror', (error) => pageErrors.push(error.message));

			// The labels the package's nodes are shown with (from n8n's own node list).
			const types = await (await fetch(`${url}/types/nodes.json`, { headers: { Cookie: cookie } })).json();
			const declared = new Set(ctx.nodes.map((short) => `${ctx.common.PACKAGE_NAME}.${short}`));
			const ours = types.filter((n) => declared.has(n.name));

			await t('a new workflow opens in the editor', async () => {
				await page.goto(`${url}/workflow/new`, { timeout: 60_000 });
				await page.getByText('Add first step').waitFor({ timeout: 60_000 });
			});

			// n8n lists action nodes by name; a trigger is folded into the app node whose type it
			// extends (autotaskTrigger -> autotask), under "Triggers", one entry per event.
			const trigger = ours.find((n) => n.polling || n.name.endsWith('Trigger'));
			const actionNodes = ours.filter((n) => n !== trigger);
			// the panel drops " Trigger" from a trigger's name: "Autotask Trigger (webhook)" is listed as "Autotask (webhook)"
			const expected = actionNodes.map((n) => n.displayName.replace(' Trigger', ''));
			await t(`the node panel lists the package's nodes for "Autotask", with icons (${expected.length} + trigger)`, async () => {
				await openPanelAndSearch(page);
				const items = page.locator('[data-test-id="node-creator-item-name"]');
				await assertEventually(async () => {
					const names = await items.allInnerTexts();
					for (const n of expected) assert.ok(names.includes(n), `"${n}" not in the panel: ${names.join(', ')}`);
				});
				for (const short of ctx.nodes) {
					const label = DISPLAY_NAMES[short];
					if (label && !ours.some((n) => n.displayName.startsWith(label))) throw new Error(`${short} is not shown as "${label}..."`);
				}
				// each of our items has an icon image that loaded
				const icons = await page.$$eval('[data-test-id="node-creator-action-item"], [data-test-id="node-creator-node-item"]', (els) =>
					els.map((el) => {
						const label = el.querySelector('[data-test-id="node-creator-item-name"]')?.textContent?.trim();
						const img = el.querySelector('img');
						return { label, src: img?.getAttribute('src'), ok: !!img && img.complete && img.naturalWidth > 0 };
					}),
				);
				const ourIcons = icons.filter((i) => expected.includes(i.label));
				await shot(page, '1-node-panel');
				assert.equal(ourIcons.length, expected.length, `icons found for ${ourIcons.map((i) => i.label).join(', ')}`);
				for (const icon of ourIcons) {
					assert.ok(icon.ok, `icon of ${icon.label} did not load (${icon.src})`);
					assert.match(icon.src, /n8n-nodes-autotask-psa\/dist\/icons\/autotask(\.dark)?\.svg/);
				}
			});

			if (trigger) {
				await t('the trigger is offered under "Autotask (any entity)" with one entry per event, with icons', async () => {
					const host = actionNodes.find((n) => `${n.name}Trigger` === trigger.name) ?? actionNodes[0];
					await page.locator('[data-test-id="node-creator-item-name"]', { hasText: host.displayName }).first().click();
					const entries = page.locator('[data-test-id="item-iterator-item"]');
					await assertEventually(async () => {
						const texts = await entries.allInnerTexts();
						assert.ok(texts.some((x) => /record created or updated/i.test(x)), `no "record created or updated" trigger: ${texts.join(' | ')}`);
					});
					await page.waitForTimeout(500);
					await shot(page, '1b-trigger-events');
					const triggerIcons = await page.$$eval('[data-test-id="item-iterator-item"]', (els) =>
						els
							.filter((el) => /^On /.test(el.textContent.trim()) && !/schedule|webhook/i.test(el.textContent))
							.map((el) => {
								const img = el.querySelector('img');
								return { text: el.textContent.trim(), src: img?.getAttribute('src'), ok: !!img && img.complete && img.naturalWidth > 0 };
							}),
					);
					assert.ok(triggerIcons.length > 0 && triggerIcons.every((i) => i.ok), JSON.stringify(triggerIcons));
				});
			}

			await t('the Client Portal User node offers its six actions and opens on Create', async () => {
				await page.goto(`${url}/workflow/new`, { timeout: 60_000 });
				await page.getByText('Add first step').waitFor({ timeout: 60_000 });
				await openPanelAndSearch(page);
				await page.locator('[data-test-id="node-creator-item-name"]', { hasText: 'Autotask Client Portal User' }).click();
				await page.getByText('Create a client portal user', { exact: true }).waitFor();
				await page.waitForTimeout(800); // the panel slides in
				await shot(page, '2-actions');
				for (const action of ['Create a client portal user', 'Get a client portal user', 'Get many client portal users', 'Grant portal access', 'Revoke portal access', 'Update a client portal user']) {
					assert.equal(await page.getByText(action, { exact: true }).count(), 1, `action "${action}" missing`);
				}
				await page.getByText('Create a client portal user', { exact: true }).click();
				await page.locator('[data-test-id="parameter-input-securityLevel"]').waitFor();
				// n8n preselects a credential of the type; make it the suite's default one
				const credSelect = page.locator('[data-test-id="node-credentials-select"]').first();
				await credSelect.waitFor();
				if (!(await credSelect.locator('input').first().inputValue().catch(() => '')).includes(ctx.credential.name)) {
					await credSelect.click();
					await page.locator(`[data-test-id="node-credentials-select-item-${ctx.credential.id}"]`).click();
				}
				await assertEventually(async () => {
					const value = await page.locator('[data-test-id="node-credentials-select"] input').first().inputValue().catch(() => '');
					const text = await page.locator('[data-test-id="node-credentials-select"]').first().innerText().catch(() => '');
					assert.ok(`${value} ${text}`.includes(ctx.credential.name), `credential shown: "${value}" "${text}"`);
				});
				await assertEventually(async () => {
					const level = page.locator('[data-test-id="parameter-input-securityLevel"] input').first();
					assert.doesNotMatch(await level.getAttribute('placeholder').catch(() => ''), /loading/i);
				});
				await page.waitForTimeout(800); // let the credential dropdown fade out
				await shot(page, '3-create-form');
			});

			await t('the added node is named after its action ("Create a client portal user")', async () => {
				// n8n names a node from the operation's `action` text only when the operation property
				// is shown for the chosen resource (displayOptions.show.resource); otherwise it falls back
				// to "<Operation> <resource value>", i.e. "Create clientPortalUser".
				const title = (await page.locator('[data-test-id="node-title-container"] [data-test-id="inline-edit-preview"]').first().innerText()).trim();
				assert.equal(title, 'Create a client portal user');
			});

			const contacts = await ctx.api.query('Contacts', [{ op: 'eq', field: 'isActive', value: 1 }]);
			const withPortal = new Set(
				(await ctx.api.query('ClientPortalUsers', [{ op: 'exist', field: 'id' }])).map((u) => u.contactID),
			);
			let chosen;
			await t('the contact list is served by listSearch (simulator) and filters as one types', async () => {
				await page.getByPlaceholder('Select a contact...').click();
				const rows = page.locator('[data-test-id="rlc-item"]');
				await assertEventually(async () => assert.ok((await rows.count()) > 0, 'the contact list is empty'));
				const listed = await rows.allInnerTexts();
				await shot(page, '4-contact-list');
				const known = new Set(contacts.map((c) => `${c.firstName} ${c.lastName}`));
				assert.ok(listed.some((row) => [...known].some((n) => row.includes(n))), `no simulator contact in the list: ${listed.slice(0, 5).join(' | ')}`);
				// a listed contact without a portal user yet, so the step below can create one
				chosen =
					contacts.find((c) => !withPortal.has(c.id) && c.emailAddress && c.firstName && listed.some((row) => row.includes(String(c.emailAddress)))) ??
					contacts.find((c) => !withPortal.has(c.id) && c.emailAddress && c.firstName);
				assert.ok(chosen, 'no contact without a portal user in the simulator');
				await page.keyboard.type(String(chosen.firstName));
				await assertEventually(async () => {
					const filtered = await rows.allInnerTexts();
					assert.ok(filtered.length > 0 && filtered.every((r) => r.toLowerCase().includes(String(chosen.firstName).toLowerCase())), `filter not applied: ${filtered.join(' | ')}`);
				});
				await shot(page, '4b-contact-search');
				await rows.filter({ hasText: String(chosen.emailAddress) }).first().click();
				await assertEventually(async () => {
					const shown = await page.locator('[data-test-id="resource-locator-contact"] [data-test-id="rlc-input"] input, [data-test-id="resource-locator-contact"] input[data-test-id="rlc-input"]').first().inputValue().catch(() => '');
					const text = await page.locator('[data-test-id="resource-locator-contact"]').innerText();
					assert.ok(`${shown} ${text}`.includes(String(chosen.firstName)), `chosen contact not shown: "${shown}"`);
				});
			});

			await t('the security level dropdown shows the tenant picklist by label', async () => {
				await page.locator('[data-test-id="parameter-input-securityLevel"]').click();
				const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
				await assertEventually(async () => assert.ok((await options.count()) >= 3, 'fewer than 3 security levels'));
				const labels = (await options.allInnerTexts()).map((l) => l.split('\n')[0].trim());
				await shot(page, '5-security-level');
				assert.ok(labels.includes('End User'), `"End User" not offered: ${labels.join(', ')}`);
				assert.ok(labels.every((l) => !/^\d+$/.test(l)), `a level is shown as a bare number: ${labels.join(', ')}`);
				await options.filter({ hasText: 'End User' }).first().click();
			});

			await t('Execute step creates the portal user in the simulator', async () => {
				const before = await ctx.api.query('ClientPortalUsers', [{ op: 'eq', field: 'contactID', value: chosen.id }]);
				if (before.length > 0) {
					t.skip('Execute step', `contact ${chosen.id} already has a portal user`);
					return;
				}
				await page.locator('[data-test-id="node-execute-button"]').first().click();
				await assertEventually(
					async () => {
						const after = await ctx.api.query('ClientPortalUsers', [{ op: 'eq', field: 'contactID', value: chosen.id }]);
						assert.equal(after.length, 1, 'no portal user created yet');
					},
					{ timeoutMs: 45_000 },
				);
				await page.waitForTimeout(1500);
				await shot(page, '6-executed');
				const output = await page.locator('[data-test-id="output-panel"], [data-test-id="ndv-output-panel"]').first().innerText().catch(() => '');
				assert.ok(/ACTIVE|userName|1 item/i.test(output) || output === '', `output panel: ${output.slice(0, 300)}`);
			});

			await t('no uncaught error in the page', async () => {
				assert.deepEqual(pageErrors, []);
			});
		} finally {
			await browser.close().catch(() => undefined);
		}
	},
};

async function openPanelAndSearch(page) {
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	await page.locator('[data-test-id="node-creator-search-bar"]').fill('Autotask');
}

async function assertEventually(fn, { timeoutMs = 20_000, intervalMs = 500 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await fn();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, intervalMs));
		}
	}
}
