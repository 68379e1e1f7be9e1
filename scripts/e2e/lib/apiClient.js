'use strict';
/*
 * A REST client for the simulator's API, for checking its state from the specs.
 *
 * Runs on the system Node (20); n8n itself runs on the provisioned Node 24.
 */

const { request } = require('./n8nApi');

/** A tiny Autotask REST client for assertions against the simulator (the default API user). */
function autotaskApi(sim) {
	let base;
	const headers = () => ({
		UserName: sim.user.userName,
		Secret: sim.user.secret,
		ApiIntegrationCode: sim.user.integrationCode,
		'Content-Type': 'application/json',
	});
	async function root() {
		if (base) return base;
		const res = await fetch(`${sim.zoneLookupUrl}?user=${encodeURIComponent(sim.user.userName)}`);
		const zone = await res.json();
		base = `${zone.url.replace(/\/?$/, '/')}V1.0/`;
		return base;
	}
	async function call(method, pathname, body) {
		const res = await request(`${await root()}${pathname}`, { method, headers: headers(), body });
		const payload = res.json ?? (res.text || undefined);
		if (!res.ok) {
			const error = new Error(`${method} ${pathname}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
			error.status = res.status;
			error.body = payload;
			throw error;
		}
		return payload;
	}
	return {
		call,
		async get(entity, id) {
			return (await call('GET', `${entity}/${id}`)).item;
		},
		async query(entity, filter, { maxRecords } = {}) {
			const items = [];
			let body = { filter, ...(maxRecords ? { MaxRecords: maxRecords } : {}) };
			let page = await call('POST', `${entity}/query`, body);
			for (;;) {
				items.push(...page.items);
				const next = page.pageDetails?.nextPageUrl;
				if (!next || (maxRecords && items.length >= maxRecords)) break;
				const res = await fetch(next, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
				page = await res.json();
			}
			return items;
		},
		async count(entity, filter) {
			return (await call('POST', `${entity}/query/count`, { filter })).queryCount;
		},
		async create(entityPath, body) {
			return await call('POST', entityPath, body);
		},
		async update(entityPath, body) {
			return await call('PATCH', entityPath, body);
		},
	};
}

module.exports = {
	autotaskApi,
};
