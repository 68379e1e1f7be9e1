/**
 * A test-only node that emits files as n8n binary data, made by n8n-core's own
 * `prepareBinaryData` (so they are stored as n8n stores any file), plus deterministic contents.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { registerNodeType } from '../harness';

export const BINARY_FILES = 'n8n-nodes-harness.binaryFiles';

export interface FileFixture {
	fileName: string;
	/** Left out to let n8n guess it from the name, as it does for any file. */
	mimeType?: string;
	bytes: Buffer;
}

/** The files each run emits, by key: workflow parameters carry only the keys. */
const fixtures = new Map<string, FileFixture>();

export function addFile(key: string, file: FileFixture): string {
	fixtures.set(key, file);
	return key;
}

class BinaryFilesNode implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Binary Files (harness)',
		name: 'binaryFiles',
		group: ['input'],
		version: 1,
		description: 'Harness-only: emits one item per file key, the file under binary field "data"',
		defaults: { name: 'Files' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Files', name: 'files', type: 'string', default: '' },
			{ displayName: 'Field', name: 'field', type: 'string', default: 'data' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const keys = String(this.getNodeParameter('files', 0)).split(',').filter(Boolean);
		const field = String(this.getNodeParameter('field', 0));
		const items: INodeExecutionData[] = [];
		for (const key of keys) {
			const file = fixtures.get(key);
			if (!file) throw new NodeOperationError(this.getNode(), `No file fixture "${key}"`);
			const binary = await this.helpers.prepareBinaryData(file.bytes, file.fileName, file.mimeType);
			items.push({ json: { key }, binary: { [field]: binary }, pairedItem: { item: 0 } });
		}
		return [items];
	}
}

registerNodeType(BINARY_FILES, new BinaryFilesNode());

/** `size` bytes of every value 0-255 in a scrambled, repeatable order (no run of text). */
export function binaryBytes(size: number, seed = 1): Buffer {
	const bytes = Buffer.alloc(size);
	let state = seed >>> 0 || 1;
	for (let index = 0; index < size; index++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		bytes[index] = (state >>> 0) & 0xff;
	}
	return bytes;
}
