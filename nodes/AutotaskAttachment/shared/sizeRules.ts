import type { INode } from 'n8n-workflow';

import { refusal } from '../../common/refusal';

/**
 * Autotask's attachment limits. The online help (AttachmentInfo, "Working with attachments in the
 * REST API") gives the per-file limit as "6 to 7 MB": the lower end, read as binary megabytes
 * like the UI's 10 MB, is what every file is checked against. Larger files would be refused by
 * Autotask after the whole body was sent.
 */
export const MAX_FILE_BYTES = 6 * 1024 * 1024;

/** "a maximum of 10,000,000 bytes within a five-minute period"; beyond it uploads are blocked for 5 minutes. */
export const WINDOW_BYTES = 10_000_000;
export const WINDOW_MS = 5 * 60_000;

const bytes = (count: number) => `${count.toLocaleString('en-US')} bytes`;

/** Refuses a file above the per-file limit before anything is sent. */
export function checkFileSize(node: INode, itemIndex: number, fileName: string, size: number): void {
	if (size <= MAX_FILE_BYTES) return;
	throw refusal(node, `The file "${fileName}" is ${bytes(size)}; Autotask accepts attachments up to ${bytes(MAX_FILE_BYTES)} (6 MB) through its API`, {
		itemIndex,
		description: 'Nothing was sent. Compress or split the file, or attach a link to it instead (Attach: Link).',
	});
}

interface Upload {
	at: number;
	size: number;
}

/**
 * Bytes this process uploaded per API user in the last five minutes, so that an upload the
 * rolling limit would refuse (and that would block every upload for five minutes) is refused
 * here instead, before it is sent. Per process: other processes' uploads are not seen.
 */
class UploadWindow {
	private readonly uploads = new Map<string, Upload[]>();

	/** The clock; tests replace it. */
	now: () => number = () => Date.now();

	recent(key: string): Upload[] {
		const since = this.now() - WINDOW_MS;
		const kept = (this.uploads.get(key) ?? []).filter((upload) => upload.at > since);
		if (kept.length > 0) this.uploads.set(key, kept);
		else this.uploads.delete(key);
		return kept;
	}

	record(key: string, size: number): void {
		this.uploads.set(key, [...this.recent(key), { at: this.now(), size }]);
	}

	clear(): void {
		this.uploads.clear();
	}
}

export const uploadWindow = new UploadWindow();

/**
 * Refuses a file that would take this API user's uploads of the last five minutes, plus those
 * planned before it in the same run (`plannedBytes`), above 10,000,000 bytes.
 */
export function checkUploadWindow(
	node: INode,
	itemIndex: number,
	key: string,
	fileName: string,
	size: number,
	plannedBytes: number,
): void {
	const recent = uploadWindow.recent(key);
	const uploaded = recent.reduce((sum, upload) => sum + upload.size, 0);
	if (uploaded + plannedBytes + size <= WINDOW_BYTES) return;
	const parts = [`${bytes(uploaded)} were uploaded with this credential in the last 5 minutes`];
	if (plannedBytes > 0) parts.push(`${bytes(plannedBytes)} more are planned by earlier items of this run`);
	throw refusal(
		node,
		`Uploading "${fileName}" (${bytes(size)}) would exceed Autotask's limit of ${bytes(WINDOW_BYTES)} of attachments per 5 minutes`,
		{
			itemIndex,
			description: `${parts.join(' and ')}. Nothing was sent: Autotask would refuse the upload and block attachments for 5 minutes. ${whenRoom(recent, WINDOW_BYTES - plannedBytes - size)}`,
		},
	);
}

/** When enough of the recent uploads leave the window to fit the file, if they ever can. */
function whenRoom(recent: Upload[], allowance: number): string {
	if (allowance < 0) return 'Spread these items over more than one run, 5 minutes apart.';
	let remaining = recent.reduce((sum, upload) => sum + upload.size, 0);
	for (const upload of recent) {
		remaining -= upload.size;
		if (remaining <= allowance) {
			const at = new Date(upload.at + WINDOW_MS);
			const seconds = Math.max(1, Math.ceil((at.getTime() - uploadWindow.now()) / 1000));
			return `There is room for it again in ${seconds} s (${at.toISOString()}).`;
		}
	}
	return 'Try again in 5 minutes.';
}
