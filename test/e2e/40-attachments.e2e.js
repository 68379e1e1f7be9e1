'use strict';
/*
 * Autotask Attachment in a real n8n: files made by n8n's own Convert to File node (a text file and a
 * binary file) are uploaded to a ticket, downloaded again into binary data and read back by n8n's
 * Extract from File: the bytes, file names and MIME types come back as they went in. A link
 * attachment is listed by Get Many. Asserted on n8n's output and on the simulator. (Files too
 * large are refused in test/attachments.test.ts: a 6 MB string in n8n's printed run data would
 * only slow this spec down.)
 */
const crypto = require('node:crypto');

const { itemsOf } = require('./lib/checks');

const TYPE = 'autotaskAttachment';

module.exports = {
	name: 'Autotask Attachment',
	needs: [TYPE, 'simulator'],
	async run(ctx, t) {
		const { assert, api } = ctx;
		const [ticket] = await api.query('Tickets', [{ op: 'exist', field: 'id' }], { maxRecords: 1 });
		const stamp = Date.now().toString(36);
		const text = Buffer.from(`E2E attachment ${stamp}\r\nsecond line: ünïcödé\n`, 'utf8');
		const blob = crypto.randomBytes(4096);
		const files = [
			{ name: `e2e-${stamp}.txt`, mimeType: 'text/plain', base64: text.toString('base64') },
			{ name: `e2e-${stamp}.bin`, mimeType: 'application/octet-stream', base64: blob.toString('base64') },
		];
		const parent = { parentType: 'TicketAttachments', parentId: String(ticket.id) };

		const wf = ctx.workflow('e2e attachments');
		const start = wf.manualTrigger();
		const rows = wf.rows('Files', files, { after: start });
		const toFile = wf.add(
			{
				name: 'Convert to File',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				parameters: {
					operation: 'toBinary',
					sourceProperty: 'base64',
					options: { dataIsBase64: true, fileName: '={{ $json.name }}', mimeType: '={{ $json.mimeType }}' },
				},
			},
			{ after: rows },
		);
		wf.autotask('Upload', TYPE, { operation: 'upload', ...parent, attach: 'file', binaryPropertyName: 'data', options: {} }, { after: toFile });
		wf.autotask('Download', TYPE, { operation: 'download', ...parent, attachmentId: '={{ $json.id }}', binaryPropertyName: 'file' }, { after: 'Upload' });
		wf.add(
			{
				name: 'Read Back',
				type: 'n8n-nodes-base.extractFromFile',
				typeVersion: 1.1,
				parameters: { operation: 'binaryToPropery', binaryPropertyName: 'file', destinationKey: 'roundTrip', options: {} },
			},
			{ after: 'Download' },
		);

		const links = ctx.workflow('e2e attachment links');
		const linkStart = links.manualTrigger();
		links.autotask('Attach Link', TYPE, { operation: 'upload', ...parent, attach: 'url', url: `https://example.com/e2e/${stamp}`, options: { title: `E2E link ${stamp}` } }, { after: linkStart });
		links.autotask('List', TYPE, { operation: 'getMany', ...parent, returnAll: true, options: {} }, { after: 'Attach Link' });

		const [r1, r2] = await ctx.runWorkflows([wf, links]);

		await t('upload -> download workflow runs to success', async () => {
			assert.ok(r1.ok, `execution failed: ${JSON.stringify(r1.error)?.slice(0, 800)}`);
		});
		await t('uploaded: one attachment per file under the ticket, stored byte for byte', async () => {
			const uploaded = itemsOf(r1, 'Upload', 2);
			for (const [index, item] of uploaded.entries()) {
				assert.equal(item.fullPath, files[index].name);
				assert.equal(item.parentId, ticket.id);
				assert.equal(item.fileSize, Buffer.from(files[index].base64, 'base64').length);
				const { items } = await api.call('GET', `Tickets/${ticket.id}/Attachments/${item.id}`);
				const [stored] = [items].flat();
				assert.equal(stored?.fullPath, files[index].name, `TicketAttachments ${item.id} not stored`);
				assert.equal(stored.data, files[index].base64, `${files[index].name}: stored bytes differ`);
			}
		});
		await t('downloaded: same bytes, file name and MIME type', async () => {
			const read = itemsOf(r1, 'Read Back', 2);
			const downloads = r1.run.data.resultData.runData.Download.at(-1).data.main[0];
			for (const [index, file] of files.entries()) {
				assert.equal(read[index].roundTrip, file.base64, `${file.name}: bytes differ after the round trip`);
				const binary = downloads[index].binary?.file;
				assert.ok(binary, `${file.name}: no binary field "file" on the download`);
				assert.equal(binary.fileName, file.name);
				assert.equal(binary.mimeType, file.mimeType);
				assert.equal(downloads[index].json.data, undefined, 'the record still carries its base64 data');
			}
		});
		await t('a link is attached and listed; Get Many outputs records without bytes', async () => {
			assert.ok(r2.ok, `execution failed: ${JSON.stringify(r2.error)?.slice(0, 800)}`);
			const [link] = itemsOf(r2, 'Attach Link', 1);
			assert.equal(link.attachmentType, 'URL');
			const listed = itemsOf(r2, 'List');
			const found = listed.find((item) => item.id === link.id);
			assert.equal(found?.fullPath, `https://example.com/e2e/${stamp}`);
			assert.ok(listed.every((item) => item.data === undefined), 'Get Many output carries file data');
		});
	},
};
