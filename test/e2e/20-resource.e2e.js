'use strict';
/*
 * Autotask Resource in a real n8n: whoAmI (plain and impersonating), get by e-mail, update through
 * the resource mapper, get many with a filter, deactivate/activate; an expression-driven,
 * continue-on-fail update of several rows (auto-mapped); and the refusal for an API user without
 * admin rights on Resources. Asserted on n8n's output and on the simulator.
 */
const { itemsOf } = require('./lib/checks');

const TYPE = 'autotaskResource';

function mapper(values) {
	return {
		mappingMode: 'defineBelow',
		value: values,
		matchingColumns: [],
		schema: Object.keys(values).map((id) => ({
			id,
			displayName: id,
			required: false,
			defaultMatch: false,
			display: true,
			type: 'string',
			canBeUsedToMatch: false,
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}

module.exports = {
	name: 'Autotask Resource',
	needs: [TYPE, 'simulator'],
	async run(ctx, t) {
		const { assert, api, sim } = ctx;
		const resources = await api.query('Resources', [{ op: 'exist', field: 'id' }]);
		// As on real tenants, the API user's resource has the API username's part before "@" as its userName.
		const ownUserName = sim.user.userName.split('@')[0].toLowerCase();
		const me = resources.find((r) => String(r.userName).toLowerCase() === ownUserName);
		assert.ok(me, 'the default API user has no resource');
		const staff = resources.filter((r) => r.id !== me.id && r.isActive === true && !/^sim\./.test(r.userName));
		assert.ok(staff.length >= 4, 'need 4 active staff resources');
		const [toUpdate, toToggle, cofOk, cofBadEmail] = staff;
		const inactive = resources.filter((r) => r.isActive === false).map((r) => r.id).sort();

		// extra credentials: one impersonating a staff member, one API user without admin rights
		const impersonating = { id: 'atE2eImperson01', name: 'Autotask e2e (impersonating)' };
		const limited = { id: 'atE2eLimited001', name: 'Autotask e2e (no Resources admin)' };
		await ctx.importCredentials([
			{ ...impersonating, data: { ...ctx.credentialData(), impersonationResourceId: toUpdate.id } },
			{
				...limited,
				data: { ...ctx.credentialData(), userName: 'sim.limited@sandbox.example', secret: 'sandbox-limited-secret', integrationCode: 'SIMULATORINTEGRATIONCODE002' },
			},
		]);

		const wf = ctx.workflow('e2e resource operations');
		const start = wf.manualTrigger();
		wf.autotask('Who Am I', TYPE, { operation: 'whoAmI', options: {} }, { after: start });
		const whoImp = wf.autotask('Who Am I (impersonating)', TYPE, { operation: 'whoAmI', options: {} }, { after: start });
		wf.nodes.find((n) => n.name === whoImp).credentials = { autotaskUserApi: impersonating };
		wf.autotask('Get By E-Mail', TYPE, { operation: 'get', findBy: 'email', email: String(toUpdate.email).toUpperCase(), options: {} }, { after: start });
		wf.autotask('Update Title', TYPE, {
			operation: 'update',
			findBy: 'id',
			resourceId: '={{ $json.id }}',
			fields: mapper({ title: 'E2E Service Lead' }),
			options: {},
		}, { after: 'Get By E-Mail' });
		wf.autotask('Inactive Staff', TYPE, { operation: 'getMany', returnAll: true, filters: { active: 'inactive' }, options: {} }, { after: start });
		wf.autotask('Deactivate', TYPE, { operation: 'deactivate', findBy: 'userName', userName: toToggle.userName, options: {} }, { after: start });
		wf.autotask('Activate Again', TYPE, { operation: 'activate', findBy: 'id', resourceId: '={{ $json.id }}', options: {} }, { after: 'Deactivate' });

		const cof = ctx.workflow('e2e resource rows (expressions, continue-on-fail)');
		const rows = cof.rows('HR Rows', [
			{ userName: cofOk.userName, title: 'E2E Field Engineer', mobilePhone: '+1 555 0142' },
			{ userName: 'nobody.here', title: 'Ghost' },
			{ userName: cofBadEmail.userName, email: 'not-an-email' },
		], { after: cof.manualTrigger() });
		cof.autotask('Update From Row', TYPE, {
			operation: 'update',
			findBy: 'userName',
			userName: '={{ $json.userName }}',
			fields: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
			options: {},
		}, { after: rows, continueOnFail: true });

		const refused = ctx.workflow('e2e resource update without admin rights');
		refused.autotask('Update As Limited User', TYPE, {
			operation: 'update',
			findBy: 'id',
			resourceId: String(cofOk.id),
			fields: mapper({ title: 'Should Not Happen' }),
			options: {},
		}, { after: refused.manualTrigger() });
		refused.nodes.find((n) => n.name === 'Update As Limited User').credentials = { autotaskUserApi: limited };

		const [r1, r2, r3] = await ctx.runWorkflows([wf, cof, refused]);

		await t('operations workflow runs to success', async () => {
			assert.ok(r1.ok, `execution failed: ${JSON.stringify(r1.error)?.slice(0, 800)}`);
		});
		await t('whoAmI: the resource behind the credential, and the impersonated one', async () => {
			const [who] = itemsOf(r1, 'Who Am I', 1);
			assert.equal(who.id, me.id);
			const [imp] = itemsOf(r1, whoImp, 1);
			assert.equal(imp.id, me.id);
			assert.equal(imp.impersonatedResource?.id, toUpdate.id, JSON.stringify(imp).slice(0, 400));
		});
		await t('get by e-mail (any case) then update through the field mapper', async () => {
			const [got] = itemsOf(r1, 'Get By E-Mail', 1);
			assert.equal(got.id, toUpdate.id);
			const [updated] = itemsOf(r1, 'Update Title', 1);
			assert.equal(updated.title, 'E2E Service Lead');
			assert.equal((await api.get('Resources', toUpdate.id)).title, 'E2E Service Lead');
		});
		await t('get many with the "inactive only" filter', async () => {
			const items = itemsOf(r1, 'Inactive Staff');
			assert.deepEqual(items.map((i) => i.id).sort(), inactive);
		});
		await t('deactivate then activate: isActive false, then true in the simulator', async () => {
			const [off] = itemsOf(r1, 'Deactivate', 1);
			const [on] = itemsOf(r1, 'Activate Again', 1);
			assert.equal(off.isActive, false);
			assert.equal(on.isActive, true);
			assert.equal((await api.get('Resources', toToggle.id)).isActive, true);
		});
		await t('rows by expression with continue-on-fail: one updated, unknown user and bad e-mail reported per item', async () => {
			assert.ok(r2.ok, `execution failed: ${JSON.stringify(r2.error)?.slice(0, 800)}`);
			const [ok, missing, badEmail] = itemsOf(r2, 'Update From Row', 3);
			assert.equal(ok.error, undefined, JSON.stringify(ok).slice(0, 400));
			assert.equal(ok.title, 'E2E Field Engineer');
			assert.match(String(missing.error), /nobody\.here|not found|no resource/i);
			assert.match(String(badEmail.error), /e-?mail/i);
			const stored = await api.get('Resources', cofOk.id);
			assert.equal(stored.title, 'E2E Field Engineer');
			assert.equal(stored.mobilePhone, '+1 555 0142');
			assert.notEqual((await api.get('Resources', cofBadEmail.id)).email, 'not-an-email');
		});
		await t('an API user without admin rights on Resources is refused with a clear message', async () => {
			assert.equal(r3.ok, false, 'the update succeeded');
			assert.match(JSON.stringify(r3.error ?? {}) + r3.log, /admin/i);
			assert.notEqual((await api.get('Resources', cofOk.id)).title, 'Should Not Happen');
		});
	},
};
